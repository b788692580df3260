"""A run id becomes a directory name, so every way one enters is checked (issue 18, item 3):
the spider argument, OGP_RUN_ID, a Scrapyd job id, a spool line, a database row. None may write
outside REPORT_DIR."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from ogpcrawl.db.store import Store
from ogpcrawl.runinfo import InvalidRunId
from tests.conftest import run_crawl

ROOT = Path(__file__).resolve().parents[2]


def scrapy(*args: str, env: dict | None = None, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    e = {k: v for k, v in os.environ.items() if k != "SCRAPY_SETTINGS_MODULE"}
    e["PYTHONPATH"] = str(ROOT)
    e.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "scrapy", *args],
        cwd=cwd,
        env=e,
        capture_output=True,
        text=True,
        timeout=300,
    )


def snapshot(agency_id: str, run_id: str) -> dict:
    from tests.db.db_samples import snapshot as sample

    return sample(agency_id, run_id)


@pytest.mark.parametrize(
    ("how", "value"),
    [
        ("args", "../../escaped_run"),
        ("settings", "/tmp/ogp-absolute-run"),
        ("args_job", "../job"),
    ],
)
def test_a_crawl_with_a_path_trick_run_id_stops_before_any_request(tmp_path, how, value):
    work = tmp_path / "a" / "b"
    kwargs = {"args": {"only": "agdam"}}
    if how == "args":
        kwargs["args"]["run_id"] = value
    elif how == "args_job":
        kwargs["args"]["_job"] = value  # what Scrapyd passes
    else:
        kwargs["settings"] = {"OGP_RUN_ID": value}
    result = run_crawl("local_ih", work, timeout=300, **kwargs)
    assert result.returncode == 2, result.stderr[-3000:]
    assert "is not a valid run id" in result.stderr.splitlines()[-1]
    assert "Crawled" not in result.stderr and not result.snapshots
    assert [p for p in tmp_path.rglob("*") if p.name in ("escaped_run", "job")] == []
    assert not Path("/tmp/ogp-absolute-run").exists()


def test_the_store_refuses_a_path_trick_run_id(tmp_path):
    store = Store(f"sqlite:///{tmp_path}/ogp.db")
    store.upgrade()
    with pytest.raises(InvalidRunId):
        store.start_run("../../elsewhere", "local_ih", "2018-08-20", {})
    with pytest.raises(InvalidRunId):
        store.ensure_run("/abs", "local_ih", "2018-08-20", {})
    store.close()


def test_loadspool_sets_a_path_trick_run_aside(tmp_path):
    spool = tmp_path / "spool" / "evil.jsonl"
    spool.parent.mkdir()
    bad, good = "../../../elsewhere", "r1"
    lines = [
        {"kind": "run", "run_id": bad, "spider": "local_ih", "as_of": "2018-08-16", "settings": {}},
        {"kind": "snapshot", "run_id": bad, "snapshot": snapshot("sheki", bad)},
        {"kind": "finish", "run_id": bad, "status": "finished", "summary": {}},
        {"kind": "snapshot", "run_id": good, "snapshot": snapshot("binegedi", good)},
        {"kind": "finish", "run_id": good, "status": "finished", "summary": {}},
    ]
    spool.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in lines))
    url = f"sqlite:///{tmp_path}/ogp.db"
    done = scrapy("loadspool", str(spool), "-s", f"DATABASE_URL={url}")
    assert done.returncode == 1, done.stderr  # something was refused: say so
    assert "1 snapshots of 1 runs stored, 1 runs closed, 1 rejected" in done.stdout
    store = Store(url)
    assert [r["run_id"] for r in store.runs()] == [good]
    store.close()
    kept = (tmp_path / "spool" / "evil.rejected.jsonl").read_text()
    assert "not a valid run id" in kept and '"sheki"' in kept

    report = scrapy(
        "report",
        "--run",
        "latest",
        "--formats",
        "csv",
        "-s",
        f"REPORT_DIR={tmp_path / 'output'}",
        env={"DATABASE_URL": url},
    )
    assert report.returncode == 0, report.stderr[-2000:]
    written = [Path(p).resolve() for p in report.stdout.split()]
    assert written and all(p.is_relative_to(tmp_path / "output") for p in written)


def test_report_refuses_a_path_trick_run_id_read_from_the_database(tmp_path):
    db = tmp_path / "ogp.db"
    url = f"sqlite:///{db}"
    store = Store(url)
    store.upgrade()
    store.start_run("r1", "local_ih", "2018-08-16", {})
    store.save_snapshots("r1", [snapshot("sheki", "r1")])
    store.finish_run("r1", "finished", {})
    store.close()
    # A row written behind the crawler's back (another tool, an old version): the id is hostile.
    with sqlite3.connect(db) as c:
        c.execute(
            "UPDATE snapshots SET run_id = '../../../elsewhere', "
            "data = json_set(data, '$.run_id', '../../../elsewhere')"
        )
        c.execute("UPDATE runs SET run_id = '../../../elsewhere'")
    work = tmp_path / "a" / "b" / "c"
    work.mkdir(parents=True)
    report = scrapy(
        "report",
        "--run",
        "latest",
        "--formats",
        "csv",
        "-s",
        f"REPORT_DIR={work / 'output'}",
        env={"DATABASE_URL": url},
    )
    assert report.returncode == 1, report.stderr[-2000:]
    assert "'../../../elsewhere' is not a valid run id" in report.stdout
    assert not (tmp_path / "elsewhere").exists() and not (work / "elsewhere").exists()


@pytest.mark.parametrize(
    ("option", "value"),
    [
        (("-a", "run_id=../../escaped_run"), "../../escaped_run"),
        (("-s", "OGP_RUN_ID=/tmp/ogp-absolute-census"), "/tmp/ogp-absolute-census"),
        (("-a", "_job=../job"), "../job"),
    ],
)
def test_a_census_with_a_path_trick_run_id_stops_before_any_request(tmp_path, option, value):
    """The census resolves its own run id (one for both families): the same validator holds."""
    work = tmp_path / "a" / "b"
    work.mkdir(parents=True)
    result = scrapy(
        "census",
        *option,
        "-a",
        "only=agdam",
        "-O",
        str(work / "%(name)s.jsonl"),
        "-s",
        f"DATABASE_URL=sqlite:///{work}/ogp.db",
        "-s",
        f"REPORT_DIR={work}/output",
        "-s",
        f"OGP_ARCHIVE_DIR={work}/archive",
        env={"http_proxy": "http://127.0.0.1:9", "https_proxy": "http://127.0.0.1:9"},
    )
    assert result.returncode == 2, result.stderr[-3000:]
    assert "is not a valid run id" in result.stderr.splitlines()[-1]
    assert "Crawled" not in result.stderr
    assert [p for p in tmp_path.rglob("*") if p.name in ("escaped_run", "job")] == []
    assert not Path("/tmp/ogp-absolute-census").exists()
