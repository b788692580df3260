"""scrapy runs lists what is stored; an unknown --run names the runs that exist."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from report_helpers import sample_run

from ogpcrawl.db.store import Store

ROOT = Path(__file__).resolve().parents[2]


def _scrapy(url: str, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "SCRAPY_SETTINGS_MODULE"}
    env["DATABASE_URL"] = url
    return subprocess.run(
        [sys.executable, "-m", "scrapy", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def _two_runs(url: str) -> None:
    snaps, _ = sample_run()
    store = Store(url)
    store.upgrade()
    store.start_run("r-old", "local_ih", "2018-08-20", {})
    store.save_snapshots("r-old", [dict(s, run_id="r-old") for s in snaps])
    store.finish_run("r-old", "finished", {})
    store.start_run("r-new", "ministries", "2018-09-01", {})  # still running, nothing stored
    store.close()


def test_scrapy_runs_lists_each_run_newest_first_with_its_counts(tmp_path):
    url = f"sqlite:///{tmp_path / 'ogp.db'}"
    _two_runs(url)
    snaps, _ = sample_run()
    down = sum(1 for s in snaps if not s.get("reachable", True))
    assert down  # the sample has an unreachable site, so the column is tested

    proc = _scrapy(url, "runs")
    assert proc.returncode == 0, proc.stderr[-2000:]
    lines = proc.stdout.splitlines()
    assert lines[0].split() == [
        "run_id",
        "spider",
        "as_of",
        "status",
        "agencies",
        "unreachable",
        "started",
        "finished",
    ]
    assert lines[1].split()[:6] == ["r-new", "ministries", "2018-09-01", "running", "0", "0"]
    assert lines[1].rstrip().endswith("-")  # not finished
    assert lines[2].split()[:6] == [
        "r-old",
        "local_ih",
        "2018-08-20",
        "finished",
        str(len(snaps)),
        str(down),
    ]

    limited = _scrapy(url, "runs", "--limit", "1", "--json")
    assert limited.returncode == 0
    assert len(limited.stdout.splitlines()) == 1 and '"run_id": "r-new"' in limited.stdout


def test_scrapy_runs_on_a_missing_database_says_so_and_creates_nothing(tmp_path):
    db = tmp_path / "none.db"
    proc = _scrapy(f"sqlite:///{db}", "runs")
    assert proc.returncode == 0
    assert "no runs: there is no database" in proc.stdout
    assert not db.exists()


def test_an_unknown_run_lists_the_newest_run_ids(tmp_path):
    url = f"sqlite:///{tmp_path / 'ogp.db'}"
    _two_runs(url)
    proc = _scrapy(url, "report", "--run", "doesnotexist")
    assert proc.returncode == 1
    assert "no run 'doesnotexist' in the database" in proc.stdout
    assert "newest runs: r-new (ministries, running), r-old (local_ih, finished)" in proc.stdout


def test_the_report_of_a_failed_run_is_stamped_not_publishable(tmp_path):
    url = f"sqlite:///{tmp_path / 'ogp.db'}"
    snaps, _ = sample_run()
    store = Store(url)
    store.upgrade()
    store.start_run("r-off", "local_ih", "2018-08-20", {})
    dead = [dict(s, run_id="r-off", reachable=False, error="dns") for s in snaps]
    store.save_snapshots("r-off", dead)
    store.finish_run("r-off", "failed", {})
    store.close()
    out = tmp_path / "out"
    proc = _scrapy(url, "report", "--run", "r-off", "--out", str(out))
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert proc.stdout.splitlines()[0].startswith(
        "warning: run r-off failed: run failed: 7 of 7 sites unreachable"
    )
    assert sorted(p.name for p in out.iterdir() if p.suffix == ".html") == [
        "NOT-PUBLISHABLE_annex1_local.html",
        "NOT-PUBLISHABLE_annex2_central.html",
        "NOT-PUBLISHABLE_report.html",
    ]
    pages = list((out / "evidence").glob("*.html"))  # stamped as the annexes that link them
    assert pages and all('class="not-publishable"' in p.read_text("utf-8") for p in pages)
