"""scrapy health and scrapy notify as an operator runs them, on a stored history (SQLite)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from ogpcrawl.db.store import Store
from tests.conftest import ROOT
from tests.db.db_samples import fill_history


@pytest.fixture()
def db(tmp_path):
    url = f"sqlite:///{tmp_path}/ogp.db"
    with Store(url) as store:
        store.upgrade()
        fill_history(store)
    return url


def scrapy(url, *args, env=None):
    # Any re-check would go to a closed loopback port: a test never reaches a real site.
    dead = "http://127.0.0.1:9"
    e = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "SCRAPY_SETTINGS_MODULE": "ogpcrawl.settings",
        "http_proxy": dead,
        "https_proxy": dead,
        "no_proxy": "",
        **(env or {}),
    }
    e.pop("OGP_NOTIFY_CONFIG", None)
    return subprocess.run(
        [sys.executable, "-m", "scrapy", *args, "-s", f"DATABASE_URL={url}"],
        cwd=ROOT,
        env=e,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_health_of_a_dead_job_exits_1_and_writes_a_failing_badge(db, tmp_path):
    done = scrapy(
        db,
        "health",
        "--run",
        "r-2018-12",
        "--job-state",
        "finished",
        "--status-dir",
        str(tmp_path / "status"),
    )
    assert done.returncode == 1, done.stderr
    assert done.stdout.startswith("run r-2018-12 (local_ih): failed: job ended but its run")
    assert json.loads((tmp_path / "status" / "local_ih.json").read_text())["codes"] == ["died"]
    assert "failing" in (tmp_path / "status" / "local_ih.svg").read_text()


def test_health_latest_is_the_newest_run_of_any_status(db):
    done = scrapy(db, "health", "--run", "latest", "--spider", "local_ih", "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["run_id"] == "r-2018-12"  # running: not hidden behind r-2018-10
    assert json.loads(done.stdout)["state"] == "running"


def test_notify_dry_run_without_channels_prints_the_digest(db):
    done = scrapy(db, "notify", "--run", "r-2018-10", "--dry-run", "--lang", "en")
    assert done.returncode == 0, done.stderr
    assert "no channels configured" in done.stdout
    assert "Binəqədi — section appeared: Public council" in done.stdout
    assert "Xankəndi — site is back up" in done.stdout


def test_bad_input_is_a_clear_error(db, tmp_path):
    bad = tmp_path / "notify.toml"
    bad.write_text("[[channels]]\nurl = 'json://x'\nlevels = ['regional']\n")
    done = scrapy(db, "notify", "--run", "r-2018-10", "--config", str(bad), "--dry-run")
    assert done.returncode == 2
    assert "notify.toml: channel #1: unknown levels ['regional']" in done.stderr
    done = scrapy(
        db,
        "health",
        "--run",
        "r-2018-10",
        "-s",
        'OGP_HEALTH_THRESHOLDS={"unreachable_jump_share": "lots"}',
    )
    assert done.returncode == 2 and "unreachable_jump_share must be a number" in done.stderr
