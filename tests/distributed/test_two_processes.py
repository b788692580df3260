"""Two `scrapy crawl` processes, one Redis, one PostgreSQL database, the offline farm: one run.

Every agency must appear exactly once, in the database and in the union of both -O outputs
(the database alone would hide a duplicate: snapshots are upserted on (run_id, agency_id)).
"""

from __future__ import annotations

import re
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest
import redis
from sqlalchemy import create_engine, text

from ogpcrawl.agencies import load_agencies, select
from ogpcrawl.archive.wacz import Wacz, package_run, verify
from tests.conftest import ROOT, run_crawl

pytestmark = [pytest.mark.redis, pytest.mark.postgres, pytest.mark.e2e]

SPIDER = "local_ih"


def stat(log: str, name: str) -> int:
    m = re.search(rf"'{re.escape(name)}': (\d+)", log)
    return int(m.group(1)) if m else 0


def test_two_processes_crawl_one_run_and_report_every_agency_once(
    farm, redis_url, redis_prefix, pg_url, tmp_path
):
    expected = {
        a.agency_id for a in select(load_agencies(ROOT / "seeds" / "agencies.csv"), family=SPIDER)
    }
    run_id = f"dist-{uuid.uuid4().hex[:8]}"
    settings = {
        "OGP_DISTRIBUTED": "True",
        "REDIS_URL": redis_url,
        "OGP_REDIS_PREFIX": redis_prefix,
        "OGP_RUN_ID": run_id,
        "DATABASE_URL": pg_url,
        "OGP_BROWSER": "never",
        "AS_OF": "2018-08-20",
        # one archive folder for the run, shared by the workers (docs/evidence.md)
        "OGP_ARCHIVE_DIR": str(tmp_path / "archive"),
    }
    with ThreadPoolExecutor(2) as pool:
        runs = list(
            pool.map(
                lambda i: run_crawl(
                    SPIDER, tmp_path / f"worker{i}", env=farm.env, settings=settings
                ),
                (1, 2),
            )
        )

    for r in runs:
        assert r.returncode == 0, r.stderr[-3000:]
        assert f"distributed: run {run_id}" in r.stderr
    # Both processes took requests from the shared queue: the work was shared.
    assert all(stat(r.stderr, "scheduler/dequeued/redis") > 0 for r in runs)

    emitted = Counter(s["agency_id"] for r in runs for s in r.snapshots)
    assert set(emitted) == expected
    assert [a for a, n in emitted.items() if n != 1] == []
    assert {s["run_id"] for r in runs for s in r.snapshots} == {run_id}

    engine = create_engine(pg_url)
    with engine.connect() as c:
        rows = c.execute(
            text("SELECT agency_id, count(*) FROM snapshots WHERE run_id = :r GROUP BY agency_id"),
            {"r": run_id},
        ).all()
        runs_in_db = c.execute(text("SELECT run_id FROM runs")).scalars().all()
        status = c.execute(text("SELECT status FROM runs")).scalars().all()
    engine.dispose()
    assert {a for a, _ in rows} == expected
    assert all(n == 1 for _, n in rows)
    assert runs_in_db == [run_id]
    # the last process to stop sees every agency stored: the shared run is finished
    assert status == ["finished"]

    done = redis.Redis.from_url(redis_url).smembers(f"{redis_prefix}:{run_id}:done")
    assert {m.decode() for m in done} == expected

    # each worker wrote its own WARC into the run's folder; packed once both are done, the
    # run's one WACZ holds both and every agency's pages
    wacz_path = package_run(tmp_path / "archive", run_id, database_url=pg_url)
    assert verify(wacz_path)[0] == []
    with Wacz(wacz_path) as z:
        assert len([n for n in z.names() if n.startswith("archive/")]) == 2
        paged = {p["agency"] for p in z.pages()}
    reachable = {s["agency_id"] for r in runs for s in r.snapshots if s["reachable"]}
    assert paged == reachable
