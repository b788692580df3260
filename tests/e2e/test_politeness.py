"""Politeness, from the farm's log: a census of a few replica sites with a short DOWNLOAD_DELAY
(0.5 s: far above loopback's answer times, short enough for a quick test) and the project's
other politeness settings. No host may see two requests closer than DOWNLOAD_DELAY, nor more
requests at once than CONCURRENT_REQUESTS_PER_DOMAIN.

A request's start is when the farm's kernel received it (ogpcrawl.farm.proxy.arrived), so a
busy farm cannot shorten a gap. The crawler paces where the download starts; the bytes leave on
its event loop's next turn, after the other sites' callbacks of the current one, so a request
can leave a little late and shorten the next gap: up to 0.04 s was seen here, crawling these 8
sites on the 2-core machine under a load of 12. SLACK_S allows 0.1 s of that. The whole-replica check at the
default 1 s is in test_reproduction.py. Scrapy's own pacing (randomised 0.5-1.5 x the delay,
counted from the queue) fails this test: see test_scrapys_own_pacing_would_fail.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, start_farm

pytestmark = pytest.mark.e2e

DELAY_S = 0.5
SLACK_S = 0.1
PER_HOST = 2  # settings.CONCURRENT_REQUESTS_PER_DOMAIN
SITES = "nizami,binegedi,sabunchu,qebele,xocavend,taxes,stat,edu"


def first_in_line() -> None:
    try:  # the farm and the crawler get the CPU first where the system allows it
        os.setpriority(os.PRIO_PROCESS, 0, -10)
    except OSError:
        pass


def census(tmp: Path, *settings: str) -> list[dict]:
    farm = start_farm(tmp)
    try:
        cmd = [
            sys.executable,
            "-m",
            "scrapy",
            "census",
            "-a",
            f"only={SITES}",
            "-s",
            "AS_OF=2018-08-20",
            "-s",
            f"DOWNLOAD_DELAY={DELAY_S}",
            "-s",
            f"DATABASE_URL=sqlite:///{tmp / 'ogp.db'}",
            "-s",
            "REPORT_ON_CLOSE=False",
            "-s",
            f"OGP_SPOOL_DIR={tmp / 'spool'}",
            "-s",
            "OGP_PROGRESS_INTERVAL=0",
        ]
        for s in settings:
            cmd += ["-s", s]
        env = {**farm.env, "PYTHONPATH": os.environ.get("PYTHONPATH", str(ROOT))}
        done = subprocess.run(
            cmd,
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
            preexec_fn=first_in_line,
        )
        assert done.returncode == 0, done.stderr[-3000:]
    finally:
        farm.stop()
    return farm.requests()


def pages_by_host(log: list[dict]) -> dict[str, list[dict]]:
    by_host: dict[str, list[dict]] = {}
    for r in log:
        # Pages ask for text/html (a browser's navigation too); what a browser loads for a page
        # (scripts, data) comes at once, as from any browser.
        if r.get("method") in ("GET", "HEAD", "POST") and r.get("accept", "").startswith(
            "text/html"
        ):
            by_host.setdefault(r["host"], []).append(r)
    return {h: sorted(rs, key=lambda r: r["start"]) for h, rs in by_host.items()}


def too_close(log: list[dict]) -> list[str]:
    out = []
    for host, rs in pages_by_host(log).items():
        for a, b in zip(rs, rs[1:], strict=False):
            if b["start"] - a["start"] < DELAY_S - SLACK_S:
                out.append(f"{host}: {a['path']} -> {b['path']} {b['start'] - a['start']:.3f} s")
    return out


def most_at_once(log: list[dict]) -> int:
    worst = 0
    for rs in pages_by_host(log).values():
        now = 0
        # an end at the same instant as a start counts first
        for _, step in sorted([(r["start"], 1) for r in rs] + [(r["end"], -1) for r in rs]):
            now += step
            worst = max(worst, now)
    return worst


@pytest.fixture(scope="module")
def polite_log(tmp_path_factory):
    return census(tmp_path_factory.mktemp("polite"))


def test_no_host_sees_requests_closer_than_download_delay(polite_log):
    by_host = pages_by_host(polite_log)
    assert len(by_host) >= 8 and sum(map(len, by_host.values())) > 60
    assert too_close(polite_log) == []


def test_no_host_gets_more_requests_at_once_than_allowed(polite_log):
    assert 1 <= most_at_once(polite_log) <= PER_HOST


def test_scrapys_own_pacing_would_fail(tmp_path):
    """The check can fail: Scrapy's stock downloader with its randomised delay breaks it."""
    log = census(
        tmp_path, "DOWNLOAD_DELAY_JITTER=0.5", "DOWNLOADER=scrapy.core.downloader.Downloader"
    )
    assert too_close(log)
