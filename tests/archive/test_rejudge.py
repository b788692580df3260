"""`scrapy rejudge`: a past run judged again from its archive alone, with the farm stopped and
the proxy pointing nowhere — same rules, identical snapshots; changed rules, the flips listed."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest
from sqlalchemy import create_engine, text

from tests.conftest import ROOT, run_crawl, start_farm

pytestmark = pytest.mark.e2e

NOWHERE = "http://127.0.0.1:9"  # discard port: nothing listens


@pytest.fixture(scope="module")
def past_runs(chromium, tmp_path_factory):
    """Two finished runs (local sites with the phone check; the browser-rendered ministry), then
    the farm is stopped for good."""
    tmp = tmp_path_factory.mktemp("rejudge")
    farm = start_farm(tmp, "--scenario", "replica")
    work = tmp / "crawl"
    common = {
        "AS_OF": "2018-08-20",
        "OGP_CHROMIUM": chromium,
        "OGP_SCREENSHOT_DIR": str(tmp / "shots"),
    }
    try:
        local = run_crawl(
            "local_ih",
            work,
            env=farm.env,
            args={"only": "baku,binegedi,sheki,xankendi"},
            settings={**common, "OGP_MOBILE_CHECK": "True"},
        )
        central = run_crawl(
            "ministries", work, env=farm.env, args={"only": "mct,taxes"}, settings=common
        )
    finally:
        farm.stop()
    assert local.returncode == 0, local.stderr[-3000:]
    assert central.returncode == 0, central.stderr[-3000:]
    return work, local, central


def rejudge(work, run_id, *extra, specs=None):
    env = {k: v for k, v in os.environ.items() if not k.lower().endswith("_proxy")}
    env.update(
        http_proxy=NOWHERE,
        https_proxy=NOWHERE,
        HTTP_PROXY=NOWHERE,
        HTTPS_PROXY=NOWHERE,
        SCRAPY_SETTINGS_MODULE="ogpcrawl.settings",
    )
    env.setdefault("PYTHONPATH", str(ROOT))
    if specs:
        env["OGP_SPECS_DIR"] = str(specs)
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "scrapy",
            "rejudge",
            run_id,
            *extra,
            "-s",
            f"DATABASE_URL=sqlite:///{work / 'ogpcrawl.db'}",
            "-s",
            f"OGP_ARCHIVE_DIR={work / 'archive'}",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def stored(work, run_id) -> tuple[dict, dict]:
    import json

    engine = create_engine(f"sqlite:///{work / 'ogpcrawl.db'}")
    with engine.connect() as c:
        run = c.execute(text("SELECT * FROM runs WHERE run_id = :r"), {"r": run_id}).one()._asdict()
        snaps = {
            r.agency_id: json.loads(r.data)
            for r in c.execute(
                text("SELECT agency_id, data FROM snapshots WHERE run_id = :r"), {"r": run_id}
            )
        }
    engine.dispose()
    return run, snaps


@pytest.mark.parametrize("which", ["local", "central"])
def test_same_rules_reproduce_every_snapshot_field_for_field_offline(past_runs, which):
    work, local, central = past_runs
    source = (local if which == "local" else central).snapshots[0]["run_id"]
    new_id = f"{source[:40]}-again"
    out = rejudge(work, source, "--run-id", new_id)
    assert out.returncode == 0, out.stdout + out.stderr
    assert "0 differ" in out.stdout and "identical, field for field" in out.stdout
    run, snaps = stored(work, new_id)
    assert run["source_run_id"] == source and run["status"] == "finished"
    _, before = stored(work, source)
    assert set(snaps) == set(before) and snaps
    for aid, snap in snaps.items():
        assert snap["run_id"] == new_id
        assert {k: v for k, v in snap.items() if k != "run_id"} == {
            k: v for k, v in before[aid].items() if k != "run_id"
        }, aid
    if which == "central":  # the browser-rendered ministry was re-judged from its rendered DOM
        mct = before["mct"]
        assert mct["rendering"]["browser"] and any(
            p["kind"] == "rendered-dom" for p in mct["captures"]["pages"]
        )


def test_a_changed_rule_lists_the_verdicts_that_would_flip(past_runs, tmp_path):
    work, local, _ = past_runs
    source = local.snapshots[0]["run_id"]
    specs = tmp_path / "specs"
    shutil.copytree(ROOT / "ogpcrawl" / "specs", specs)
    council = specs / "indicators" / "council.toml"
    council.write_text(
        council.read_text("utf-8").replace("fresh_days = 180", "fresh_days = 1"), "utf-8"
    )
    out = rejudge(work, source, "--dry-run", specs=specs)
    assert out.returncode == 3, out.stdout + out.stderr
    assert "binegedi: rating 4.2.2: complete -> substantial" in out.stdout, out.stdout
    assert "1 differ" in out.stdout
    engine = create_engine(f"sqlite:///{work / 'ogpcrawl.db'}")
    with engine.connect() as c:  # a dry run stores nothing
        assert (
            c.execute(
                text(
                    "SELECT COUNT(*) FROM runs WHERE source_run_id IS NOT NULL "
                    "AND run_id LIKE '%rejudged%'"
                )
            ).scalar()
            == 0
        )
    engine.dispose()


def test_a_run_without_its_archive_is_refused(past_runs, tmp_path):
    work, local, _ = past_runs
    source = local.snapshots[0]["run_id"]
    moved = tmp_path / "moved"
    shutil.copytree(work / "archive", moved)
    shutil.rmtree(work / "archive" / source)
    try:
        engine = create_engine(f"sqlite:///{work / 'ogpcrawl.db'}")
        with engine.begin() as c:
            c.execute(text("UPDATE runs SET archive = NULL WHERE run_id = :r"), {"r": source})
        engine.dispose()
        out = rejudge(work, source, "--dry-run")
        assert out.returncode == 1 and "has no archive" in out.stderr
    finally:
        shutil.rmtree(work / "archive", ignore_errors=True)
        shutil.copytree(moved, work / "archive")
