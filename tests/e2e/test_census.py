"""`scrapy crawl census` (how Scrapyd runs the census) on a few replica sites of both families:
one process, one run named by the job, one report folder; and the census's usage errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from sqlalchemy import create_engine, text

from tests.conftest import FAST_SETTINGS, ROOT

pytestmark = pytest.mark.e2e


def scrapy(args: list[str], work, env=None, timeout=600) -> subprocess.CompletedProcess:
    settings = {
        **FAST_SETTINGS,
        "AS_OF": "2018-08-20",
        "AGENCIES_FILE": str(ROOT / "seeds" / "agencies.csv"),
        "DATABASE_URL": f"sqlite:///{work / 'ogp.db'}",
        "REPORT_DIR": str(work / "output"),
        "OGP_SPOOL_DIR": str(work / "spool"),
    }
    cmd = [sys.executable, "-m", "scrapy", *args]
    for k, v in settings.items():
        cmd += ["-s", f"{k}={v}"]
    e = dict(env if env is not None else os.environ)
    e.setdefault("PYTHONPATH", str(ROOT))
    return subprocess.run(cmd, cwd=ROOT, env=e, capture_output=True, text=True, timeout=timeout)


def test_crawl_census_runs_both_families_as_one_run(farm, tmp_path):
    done = scrapy(
        [
            "crawl",
            "census",
            "-a",
            "only=nizami,taxes,binegedi",
            "-a",
            "_job=job-42",
            "-O",
            str(tmp_path / "%(name)s.jsonl"),
        ],
        tmp_path,
        env=farm.env,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    local = [json.loads(x) for x in (tmp_path / "local_ih.jsonl").read_text().splitlines()]
    central = [json.loads(x) for x in (tmp_path / "ministries.jsonl").read_text().splitlines()]
    assert sorted(s["agency_id"] for s in local) == ["binegedi", "nizami"]
    assert [s["agency_id"] for s in central] == ["taxes"]
    assert {s["run_id"] for s in local + central} == {"job-42"}
    engine = create_engine(f"sqlite:///{tmp_path / 'ogp.db'}")
    with engine.connect() as c:
        runs = c.execute(text("SELECT run_id, spider, status, summary FROM runs")).all()
        n = c.execute(text("SELECT count(*) FROM snapshots WHERE run_id = 'job-42'")).scalar()
    engine.dispose()
    assert [(r[0], r[1], r[2]) for r in runs] == [("job-42", "census", "finished")]
    summary = runs[0][3] if isinstance(runs[0][3], dict) else json.loads(runs[0][3])
    assert (summary["agencies"], summary["agencies_total"]) == (3, 3)
    assert n == 3
    assert [p.name for p in (tmp_path / "output").iterdir()] == ["job-42"]
    assert done.stderr.count("wrote ") >= 4  # local and central annexes, rendered once
    assert done.stderr.count("annex1_local.html") == 1


def test_census_refuses_one_feed_file_for_two_families(tmp_path):
    done = scrapy(["census", "-O", str(tmp_path / "all.jsonl")], tmp_path)
    assert done.returncode == 2
    assert "%(name)s" in done.stderr
    assert not (tmp_path / "ogp.db").exists()


def test_census_names_an_unknown_agency(tmp_path):
    done = scrapy(["census", "-a", "only=taxes,atlantis"], tmp_path)
    assert done.returncode == 2
    assert "ogpcrawl: only=: unknown agency id(s): atlantis" in done.stderr
