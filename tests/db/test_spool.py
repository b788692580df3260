"""No snapshot is lost: real outages (SQLite file gone, PostgreSQL database gone), the spool,
recovery by the writer itself, and `scrapy loadspool` afterwards."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path

import pytest
from db_samples import AGENCIES, agency_rows, count, snapshot
from sqlalchemy import create_engine, make_url, text

from ogpcrawl.db import spool
from ogpcrawl.db.snapshot_writer import SnapshotWriter
from ogpcrawl.db.store import DatabaseUnavailable, Store

ROOT = Path(__file__).resolve().parents[2]
SNAPSHOTS = [snapshot(aid, "r1") for aid in AGENCIES]  # five agencies


@contextmanager
def sqlite_outage(path: Path):
    """The database file's directory vanishes (an unmounted disk), then comes back."""
    away = path.parent.with_name(path.parent.name + "-away")
    path.parent.rename(away)
    try:
        yield
    finally:
        away.rename(path.parent)


@contextmanager
def pg_outage(url: str):
    """The database disappears from the server: connections are cut and new ones refused
    ("database does not exist") until it is renamed back."""
    name = make_url(url).database
    admin = create_engine(make_url(url).set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.execute(
            text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :n"),
            {"n": name},
        )
        c.execute(text(f'ALTER DATABASE "{name}" RENAME TO "{name}_away"'))
    try:
        yield
    finally:
        with admin.connect() as c:
            c.execute(
                text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :n"),
                {"n": name + "_away"},
            )
            c.execute(text(f'ALTER DATABASE "{name}_away" RENAME TO "{name}"'))
        admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def outage_db(request, tmp_path):
    """(url, outage) where outage() is a context manager making the database really go away."""
    if request.param == "sqlite":
        path = tmp_path / "dbdir" / "ogp.db"
        path.parent.mkdir()
        return f"sqlite:///{path}", lambda: sqlite_outage(path)
    url = request.getfixturevalue("pg_url")
    return url, lambda: pg_outage(url)


def started(url: str) -> Store:
    store = Store(url)
    store.upgrade()
    store.upsert_agencies(agency_rows())  # annex numbers: the order snapshots come back in
    store.start_run("r1", "local_ih", "2018-08-16", {"OGP_MAX_PAGES": 40})
    return store


def loadspool(*args: str) -> subprocess.CompletedProcess:
    """The real command line, in the project (COMMANDS_MODULE from its settings)."""
    return subprocess.run(
        [sys.executable, "-m", "scrapy", "loadspool", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )


def test_outage_mid_crawl_loses_nothing_and_the_writer_recovers(outage_db, tmp_path):
    url, outage = outage_db
    store = started(url)
    writer = SnapshotWriter(
        store, run_id="r1", spool_dir=str(tmp_path / "spool"), batch_size=2, retry_interval=0
    )
    for s in SNAPSHOTS[:2]:
        writer.add(s)  # the second add flushes: stored
    assert not writer.path.exists()
    with outage():
        with pytest.raises(DatabaseUnavailable):
            store.check()
        for s in SNAPSHOTS[2:]:
            writer.add(s)
        assert writer.flush() is False
        records, bad = spool.read(writer.path)
        assert bad == 0
        assert [r["kind"] for r in records] == ["run", "snapshot", "snapshot", "snapshot"]
        assert records[0]["spider"] == "local_ih" and records[0]["as_of"] == "2018-08-16"
    assert writer.close() is True  # the database is back: the spool is drained
    assert not writer.path.exists()
    assert writer.finish("finished", {"note": "recovered"}) is True
    assert store.snapshots("r1") == sorted(SNAPSHOTS, key=_annex_order)
    run = store.run("r1")
    assert (run["status"], run["summary"]["agencies"], run["summary"]["note"]) == (
        "finished",
        5,
        "recovered",
    )
    assert writer.stats["spooled"] == 3 and writer.stats["saved"] == 5
    store.close()


def test_crawl_ends_during_the_outage_and_loadspool_completes_the_run(outage_db, tmp_path):
    url, outage = outage_db
    store = started(url)
    spool_dir = tmp_path / "spool"
    writer = SnapshotWriter(
        store, run_id="r1", spool_dir=str(spool_dir), batch_size=2, retry_interval=0
    )
    writer.add(SNAPSHOTS[0])
    with outage():
        for s in SNAPSHOTS[1:]:
            writer.add(s)
        assert writer.close() is False
        assert writer.finish("finished", {"note": "from spool"}) is False
        down = loadspool(str(spool_dir), "-s", f"DATABASE_URL={url}")
        assert down.returncode == 1 and "the spool is kept" in down.stderr
        assert writer.path.exists()
    assert store.run("r1")["status"] == "running"  # the end of the run is in the spool
    assert len(store.snapshots("r1")) == 0  # batch_size 2: nothing was flushed before the outage

    done = loadspool(str(spool_dir), "-s", f"DATABASE_URL={url}")
    assert done.returncode == 0, done.stderr
    assert "5 snapshots of 1 runs stored, 1 runs closed, 0 rejected" in done.stdout
    assert store.snapshots("r1") == sorted(SNAPSHOTS, key=_annex_order)
    run = store.run("r1")
    assert (run["status"], run["summary"]["agencies"], run["summary"]["note"]) == (
        "finished",
        5,
        "from spool",
    )
    loaded = writer.path.with_name(writer.path.name + spool.LOADED_SUFFIX)
    assert loaded.exists() and not writer.path.exists()

    again = loadspool(str(loaded), "--keep", "-s", f"DATABASE_URL={url}")  # harmless twice
    assert again.returncode == 0, again.stderr
    # ...and says so: nothing was added the second time
    assert "0 snapshots of 1 runs stored" in again.stdout
    assert "5 already stored (unchanged)" in again.stdout
    assert count(url, "snapshots") == 5 and count(url, "social_accounts") == 10
    store.close()


def test_a_spool_loads_into_a_database_that_never_saw_the_run(tmp_path):
    spool_dir = tmp_path / "spool"
    lost = Store(f"sqlite:///{tmp_path}/gone/ogp.db")  # never reachable
    writer = SnapshotWriter(
        lost,
        run_id="r1",
        spool_dir=str(spool_dir),
        spider="local_ih",
        as_of="2018-08-16",
        settings={"OGP_MAX_PAGES": 40},
    )
    for s in SNAPSHOTS:
        writer.add(s)
    assert writer.close() is False
    writer.finish("finished", {})
    url = f"sqlite:///{tmp_path}/fresh.db"
    done = loadspool(str(spool_dir), "-s", f"DATABASE_URL={url}")
    assert done.returncode == 0, done.stderr
    store = Store(url)
    run = store.run("r1")
    assert (run["spider"], run["as_of"], run["status"]) == ("local_ih", "2018-08-16", "finished")
    assert run["settings"] == {"OGP_MAX_PAGES": 40}
    assert len(store.snapshots("r1")) == 5
    store.close()


def test_a_bare_feed_file_loads_too(tmp_path):
    feed = tmp_path / "out.jsonl"
    feed.write_text("".join(json.dumps(s, ensure_ascii=False) + "\n" for s in SNAPSHOTS[:3]))
    url = f"sqlite:///{tmp_path}/ogp.db"
    done = loadspool(str(feed), "-s", f"DATABASE_URL={url}")
    assert done.returncode == 0, done.stderr
    store = Store(url)
    run = store.run("r1")
    assert (run["spider"], run["status"]) == ("local_ih", "interrupted")  # how it ended is unknown
    assert len(store.snapshots("r1")) == 3
    store.close()


def test_refused_snapshots_are_set_aside_not_lost(store, tmp_path):
    store.start_run("r1", "local_ih", "2018-08-16", {})
    bad = snapshot("sheki", "r1", level="regional")
    writer = SnapshotWriter(store, run_id="r1", spool_dir=str(tmp_path / "spool"), batch_size=3)
    for s in (SNAPSHOTS[0], bad, SNAPSHOTS[3]):
        writer.add(s)
    assert writer.stats["saved"] == 2 and writer.stats["rejected"] == 1
    assert not writer.path.exists()  # nothing waits for the database
    [kept] = spool.read(spool.rejected_path(writer.path))[0]
    assert kept["snapshot"] == bad and "ck_agencies_level" in kept["error"]
    assert spool.spool_files([tmp_path / "spool"]) == []  # loadspool does not retry them blindly


def test_back_off_waits_before_trying_again(tmp_path):
    path = tmp_path / "dbdir" / "ogp.db"
    path.parent.mkdir()
    store = started(f"sqlite:///{path}")
    now = [0.0]
    writer = SnapshotWriter(
        store,
        run_id="r1",
        spool_dir=str(tmp_path / "spool"),
        batch_size=1,
        retry_interval=30,
        clock=lambda: now[0],
    )
    with sqlite_outage(path):
        writer.add(SNAPSHOTS[0])
    assert writer.path.exists()
    now[0] = 10.0
    writer.add(SNAPSHOTS[1])  # database back, but inside the back-off: spooled, not tried
    assert count(f"sqlite:///{path}", "snapshots") == 0
    now[0] = 31.0
    writer.add(SNAPSHOTS[2])
    assert count(f"sqlite:///{path}", "snapshots") == 3
    assert not writer.path.exists()
    store.close()


def test_a_resumed_writer_drains_the_earlier_spool_and_knows_what_is_done(tmp_path):
    path = tmp_path / "dbdir" / "ogp.db"
    path.parent.mkdir()
    store = started(f"sqlite:///{path}")
    spool_dir = str(tmp_path / "spool")
    first = SnapshotWriter(store, run_id="r1", spool_dir=spool_dir, batch_size=1)
    first.add(SNAPSHOTS[0])
    with sqlite_outage(path):
        first.add(SNAPSHOTS[1])
        first.close()
        first.finish("interrupted", {})
        assert first.done_agencies() == {SNAPSHOTS[1]["agency_id"]}  # the spool alone
    # a new process resumes the same run
    second = SnapshotWriter(store, run_id="r1", spool_dir=spool_dir, batch_size=1)
    assert second.done_agencies() == {s["agency_id"] for s in SNAPSHOTS[:2]}
    assert second.flush() is True
    assert store.run("r1")["status"] == "running"  # the earlier attempt's end is not applied
    assert store.done_agencies("r1") == {s["agency_id"] for s in SNAPSHOTS[:2]}
    store.close()


def test_a_torn_last_line_is_skipped(tmp_path):
    path = tmp_path / "r1.jsonl"
    spool.append(path, [{"kind": "snapshot", "run_id": "r1", "snapshot": SNAPSHOTS[0]}])
    with path.open("a", encoding="utf-8") as f:
        f.write('{"kind": "snapshot", "run_id": "r1", "snap')  # the crash came mid-write
    records, bad = spool.read(path)
    assert len(records) == 1 and bad == 1


def _annex_order(s: dict) -> tuple:
    name, level, family, no = AGENCIES[s["agency_id"]]
    return (level != "local", no)
