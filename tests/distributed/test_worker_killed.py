"""A worker killed with SIGKILL mid-crawl loses nothing (issue 18, item 1).

Two workers share a run; one is killed while snapshots wait in its write buffer; a third worker
started with OGP_REDIS_RECLAIM=True completes the run. The database must then hold exactly one
snapshot per agency of the file, and the run's agencies_done must be what the database holds.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import uuid

import pytest
from sqlalchemy import create_engine, text

from ogpcrawl.agencies import load_agencies, select
from tests.conftest import FAST_SETTINGS, ROOT, run_crawl

pytestmark = [pytest.mark.redis, pytest.mark.postgres, pytest.mark.e2e]

SPIDER = "local_ih"
BATCH = 20  # OGP_DB_BATCH_SIZE: the victim dies with fewer than this many snapshots emitted
KILL_AFTER = 5


def start_worker(workdir, env, settings) -> subprocess.Popen:
    workdir.mkdir(parents=True, exist_ok=True)
    merged = {
        **FAST_SETTINGS,
        "AGENCIES_FILE": str(ROOT / "seeds" / "agencies.csv"),
        "REPORT_DIR": str(workdir / "output"),
        "OGP_SPOOL_DIR": str(workdir / "spool"),
        **settings,
        "LOG_LEVEL": "DEBUG",
    }
    cmd = [sys.executable, "-m", "scrapy", "crawl", SPIDER]
    for k, v in merged.items():
        cmd += ["-s", f"{k}={v}"]
    e = dict(env, SCRAPY_SETTINGS_MODULE="ogpcrawl.settings")
    e.setdefault("PYTHONPATH", str(ROOT))
    return subprocess.Popen(
        cmd, cwd=ROOT, env=e, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )


def test_a_worker_killed_mid_crawl_loses_no_snapshot(
    farm, redis_url, redis_prefix, pg_url, tmp_path
):
    expected = {
        a.agency_id for a in select(load_agencies(ROOT / "seeds" / "agencies.csv"), family=SPIDER)
    }
    run_id = f"kill-{uuid.uuid4().hex[:8]}"
    settings = {
        "OGP_DISTRIBUTED": "True",
        "REDIS_URL": redis_url,
        "OGP_REDIS_PREFIX": redis_prefix,
        "OGP_RUN_ID": run_id,
        "DATABASE_URL": pg_url,
        "OGP_BROWSER": "never",
        "AS_OF": "2018-08-20",
        "OGP_DB_BATCH_SIZE": str(BATCH),
    }

    victim = start_worker(tmp_path / "victim", farm.env, settings)
    other: dict = {}
    thread = threading.Thread(
        target=lambda: other.update(
            r=run_crawl(SPIDER, tmp_path / "survivor", env=farm.env, settings=settings)
        )
    )
    thread.start()
    scraped = 0
    try:
        for line in victim.stderr:
            scraped += "Scraped from" in line
            if scraped >= KILL_AFTER:
                os.kill(victim.pid, signal.SIGKILL)  # no close, no flush: the buffer is lost
                break
    finally:
        victim.kill()
        victim.wait(60)
    assert scraped >= KILL_AFTER, "the victim ended before it could be killed mid-crawl"
    assert victim.returncode == -signal.SIGKILL
    thread.join(900)
    assert other["r"].returncode == 0, other["r"].stderr[-3000:]

    rescue = run_crawl(
        SPIDER,
        tmp_path / "rescue",
        env=farm.env,
        settings={**settings, "OGP_REDIS_RECLAIM": "True"},
    )
    assert rescue.returncode == 0, rescue.stderr[-3000:]

    engine = create_engine(pg_url)
    with engine.connect() as c:
        rows = c.execute(
            text("SELECT agency_id, count(*) FROM snapshots WHERE run_id = :r GROUP BY agency_id"),
            {"r": run_id},
        ).all()
        status, summary = c.execute(
            text("SELECT status, summary FROM runs WHERE run_id = :r"), {"r": run_id}
        ).one()
    engine.dispose()
    summary = json.loads(summary) if isinstance(summary, str) else summary
    assert {a for a, _ in rows} == expected  # snapshots in the database = agencies in the file
    assert [a for a, n in rows if n != 1] == []  # none twice
    assert summary["agencies_done"] == len(rows) == len(expected)
    assert status == "finished"
