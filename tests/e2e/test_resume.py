"""An interrupted crawl resumes with Scrapy's JOBDIR without redoing or losing sites.

The crawl is interrupted midway (SIGINT: Scrapy's graceful stop; SIGKILL: no chance to clean
up), then the same command runs again with the same JOBDIR. The run keeps its id, agencies
already stored or spooled are skipped, and the run ends with every agency exactly once.
"""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from ogpcrawl.agencies import load_agencies
from tests.archive.resume_checks import assert_archive_once
from tests.conftest import FAST_SETTINGS, ROOT

pytestmark = pytest.mark.e2e

AGENCIES = load_agencies(ROOT / "seeds" / "agencies.csv")
LOCAL_IDS = {a.agency_id for a in AGENCIES if a.family == "local_ih"}
ALL_IDS = {a.agency_id for a in AGENCIES}


def crawl_cmd(work: Path, out: Path, command: tuple[str, ...] = ("crawl", "local_ih")) -> list[str]:
    settings = {
        **FAST_SETTINGS,
        # slow enough to be caught midway, still quick on loopback
        "CONCURRENT_REQUESTS": "6",
        "DOWNLOAD_DELAY": "0.02",
        "AGENCIES_FILE": str(ROOT / "seeds" / "agencies.csv"),
        "DATABASE_URL": f"sqlite:///{work / 'ogp.db'}",
        "OGP_DB_BATCH_SIZE": "5",
        "REPORT_ON_CLOSE": "False",
        "OGP_SPOOL_DIR": str(work / "spool"),
        "OGP_ARCHIVE_DIR": str(work / "archive"),
        "JOBDIR": str(work / "job"),
        "AS_OF": "2018-08-20",
    }
    cmd = [sys.executable, "-m", "scrapy", *command, "-O", str(out)]
    for k, v in settings.items():
        cmd += ["-s", f"{k}={v}"]
    return cmd


def interrupt_midway(cmd, env, farm, sig) -> subprocess.CompletedProcess:
    start = len(farm.requests())
    proc = subprocess.Popen(
        cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    deadline = time.monotonic() + 300
    while len(farm.requests()) - start < 350 and proc.poll() is None:
        assert time.monotonic() < deadline, "the crawl did not get going"
        time.sleep(0.2)
    assert proc.poll() is None, "the crawl finished before it could be interrupted"
    proc.send_signal(sig)
    out, err = proc.communicate(timeout=300)
    return subprocess.CompletedProcess(cmd, proc.returncode, out, err)


def stored(work: Path) -> tuple[list[str], list[tuple]]:
    engine = create_engine(f"sqlite:///{work / 'ogp.db'}")
    with engine.connect() as c:
        runs = c.execute(text("SELECT run_id, status FROM runs")).all()
        ids = [r.agency_id for r in c.execute(text("SELECT agency_id FROM snapshots"))]
    engine.dispose()
    return ids, runs


def snapshots(path: Path) -> list[dict]:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text().splitlines() if line]


def emitted(path: Path) -> list[str]:
    return [s["agency_id"] for s in snapshots(path)]


def unread_accounts(snaps: list[dict]) -> list[str]:
    """Accounts with a login-free view that no read reached (a visit emitted without its views)."""
    return [
        f"{s['agency_id']}: {e['snippet']}"
        for s in snaps
        for e in s["evidence_detail"]
        if e["finding"] == "social.activity" and "public view not read" in e["snippet"]
    ]


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGKILL], ids=["sigint", "sigkill"])
def test_interrupted_crawl_resumes_with_every_agency_once(farm, tmp_path, sig):
    env = {**farm.env, "SCRAPY_SETTINGS_MODULE": "ogpcrawl.settings"}
    first = interrupt_midway(crawl_cmd(tmp_path, tmp_path / "first.jsonl"), env, farm, sig)
    ids_before, runs = stored(tmp_path)
    assert len(runs) == 1
    assert 0 < len(set(ids_before)) < len(LOCAL_IDS), "not interrupted midway"
    if sig == signal.SIGINT:
        assert runs[0].status == "interrupted", first.stderr[-2000:]

    (tmp_path / "first.log").write_text(first.stderr)
    second = subprocess.run(
        crawl_cmd(tmp_path, tmp_path / "second.jsonl"),
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    (tmp_path / "second.log").write_text(second.stderr)
    assert second.returncode == 0, second.stderr[-3000:]
    assert "Resuming run" in second.stderr

    ids, runs = stored(tmp_path)
    assert len(runs) == 1 and runs[0].status == "finished"  # the same run, completed
    assert sorted(ids) == sorted(LOCAL_IDS)  # every agency, exactly once
    # the run's evidence archive: valid, both processes' WARC files, each agency's visit once
    assert_archive_once(tmp_path / "archive", runs[0].run_id, LOCAL_IDS)
    again = set(emitted(tmp_path / "second.jsonl"))
    assert not again & set(ids_before), "a site stored before the interruption was redone"
    if sig == signal.SIGINT:
        # a graceful stop loses nothing in flight: the two outputs partition the agencies
        both = emitted(tmp_path / "first.jsonl") + emitted(tmp_path / "second.jsonl")
        assert sorted(both) == sorted(LOCAL_IDS)
    snaps = snapshots(tmp_path / "first.jsonl") + snapshots(tmp_path / "second.jsonl")
    assert snaps and unread_accounts(snaps) == []


def test_an_interrupted_census_resumes_with_every_agency_once_with_its_views(farm, tmp_path):
    """Both families in one process, stopped while visits wait for their social reads (which
    live in spider memory, not in the JOBDIR queue): the resumed census still gives every
    agency once, each with its accounts' views."""
    env = {**farm.env, "SCRAPY_SETTINGS_MODULE": "ogpcrawl.settings"}
    cmd = crawl_cmd(tmp_path, tmp_path / "%(name)s-1.jsonl", ("census",))
    interrupt_midway(cmd, env, farm, signal.SIGINT)
    ids_before, runs = stored(tmp_path)
    assert len(runs) == 1 and 0 < len(set(ids_before)) < len(ALL_IDS), "not interrupted midway"
    second = subprocess.run(
        crawl_cmd(tmp_path, tmp_path / "%(name)s-2.jsonl", ("census",)),
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert second.returncode == 0, second.stderr[-3000:]
    ids, runs = stored(tmp_path)
    assert len(runs) == 1 and runs[0].status == "finished"
    assert sorted(ids) == sorted(ALL_IDS)
    snaps = [s for f in sorted(tmp_path.glob("*-[12].jsonl")) for s in snapshots(f)]
    assert sorted(s["agency_id"] for s in snaps) == sorted(ALL_IDS)
    assert unread_accounts(snaps) == []
