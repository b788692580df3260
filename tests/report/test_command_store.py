"""scrapy report end to end against a real (SQLite) database written with db.store.Store."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from pathlib import Path

from report_helpers import sample_run

from ogpcrawl.db.store import Store

ROOT = Path(__file__).resolve().parents[2]


def test_scrapy_report_renders_a_stored_run(tmp_path):
    url = f"sqlite:///{tmp_path / 'ogp.db'}"
    snaps, _ = sample_run()
    store = Store(url)
    store.upgrade()
    store.start_run("r1", "local_ih", "2018-08-20", {})
    store.save_snapshots("r1", [dict(s, run_id="r1") for s in snaps])
    store.finish_run("r1", "finished", {})
    store.close()

    env = {k: v for k, v in os.environ.items() if k != "SCRAPY_SETTINGS_MODULE"}
    env["DATABASE_URL"] = url
    out = tmp_path / "out"
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "scrapy",
            "report",
            "--run",
            "latest",
            "--out",
            str(out),
            "--formats",
            "html,csv,md",
            "--lang",
            "en",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert str(out / "report.html") in proc.stdout.splitlines()
    rows = list(csv.reader((out / "annex1_local.csv").read_text("utf-8-sig").splitlines()))
    # numbered from the project's agencies file (AGENCIES_FILE), in English
    assert [r[0] for r in rows[1:]] == ["2", "10", "24", "67", "70"]
    assert rows[2][2] == "NOT WORKING"


def test_scrapy_report_says_when_the_run_is_missing(tmp_path):
    url = f"sqlite:///{tmp_path / 'empty.db'}"
    Store(url).upgrade()
    env = {k: v for k, v in os.environ.items() if k != "SCRAPY_SETTINGS_MODULE"}
    env["DATABASE_URL"] = url
    proc = subprocess.run(
        [sys.executable, "-m", "scrapy", "report", "--run", "nope"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 1
    assert "no run 'nope'" in proc.stdout
