"""The crawl's progress: figures, time left, the terminal bar and the log lines."""

from __future__ import annotations

import io
import os
import pty
import subprocess
import sys

import pytest
from scrapy.statscollectors import MemoryStatsCollector
from scrapy.utils.test import get_crawler

from ogpcrawl.extensions import ProgressLog, eta_seconds, fmt_duration
from tests.conftest import ROOT


class Clock:
    def __init__(self):
        self.now = 100.0

    def __call__(self):
        return self.now


def progress(bar=True):
    stats = MemoryStatsCollector(get_crawler())
    clock = Clock()
    ext = ProgressLog(stats, 30, bar, stream=io.StringIO(), clock=clock)
    return ext, stats, clock


def test_time_left_goes_by_this_process_rate():
    assert eta_seconds(done=30, total=80, done_at_start=10, elapsed=40) == 100  # 2 s an agency
    assert eta_seconds(done=10, total=80, done_at_start=10, elapsed=40) is None  # no rate yet
    assert eta_seconds(done=80, total=80, done_at_start=0, elapsed=40) == 0
    assert [fmt_duration(s) for s in (None, 7, 125, 3725)] == ["?", "7s", "2m05s", "1h02m"]


def test_the_bar_and_the_line_show_agencies_pages_errors_and_time_left():
    ext, stats, clock = progress()
    stats.set_value("ogp/agencies_total", 80)
    stats.set_value("ogp/agencies_done", 20)  # resumed: 20 were done before this process
    ext.figures()
    clock.now += 60
    stats.set_value("ogp/agencies_done", 50)
    stats.set_value("ogp/pages", 1234)
    stats.set_value("ogp/unreachable", 3)
    stats.set_value("ogp/page_errors/http_5xx", 4)
    stats.set_value("ogp/page_errors/timeout", 1)
    assert ext.bar_text() == (
        "[###############---------] 50/80 agencies  1234 pages  "
        "3 unreachable  5 page errors  ETA 1m00s"
    )
    assert ext.line() == (
        "agencies 50/80 done, 3 unreachable, 1234 pages, page errors "
        "http_5xx 4, timeout 1, time left 1m00s"
    )
    ext.draw()
    assert ext.stream.getvalue() == "\r\x1b[2K" + ext.bar_text()


@pytest.mark.e2e
def test_a_crawl_on_a_terminal_shows_the_bar_and_the_log_gets_plain_lines(farm, tmp_path):
    """stderr a pseudo-terminal, the log in a file: the bar is drawn on the terminal, the log
    file holds plain lines only (no control characters)."""
    log = tmp_path / "crawl.log"
    primary, secondary = pty.openpty()
    env = {
        **farm.env,
        "SCRAPY_SETTINGS_MODULE": "ogpcrawl.settings",
        "PYTHONPATH": os.environ.get("PYTHONPATH", ""),
    }
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "scrapy",
            "crawl",
            "local_ih",
            "-a",
            "only=binegedi,nizami",
            "-s",
            "OGP_PROGRESS_INTERVAL=1",
            "-s",
            f"LOG_FILE={log}",
            "-s",
            "AS_OF=2018-08-20",
            "-s",
            f"DATABASE_URL=sqlite:///{tmp_path / 'ogp.db'}",
            "-s",
            f"REPORT_DIR={tmp_path}",
            "-s",
            "DOWNLOAD_DELAY=0",
            "-s",
            "AUTOTHROTTLE_ENABLED=False",
            "-s",
            f"AGENCIES_FILE={ROOT / 'seeds' / 'agencies.csv'}",
        ],
        cwd=tmp_path,
        env=env,
        stderr=secondary,
        stdout=subprocess.PIPE,
        text=True,
    )
    os.close(secondary)
    seen = b""
    while True:
        try:
            chunk = os.read(primary, 4096)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        seen += chunk
    out, _ = proc.communicate(timeout=300)
    os.close(primary)
    terminal = seen.decode("utf-8", "replace")
    assert proc.returncode == 0, terminal[-2000:] + log.read_text("utf-8")[-2000:]
    assert "\x1b[2K[" in terminal and "2/2 agencies" in terminal
    text = log.read_text("utf-8")
    assert "final: agencies 2/2 done" in text and "\x1b" not in text
    assert out.startswith("ogpcrawl: run ") and " OK: " in out


def test_lines_mode_writes_the_plain_line_to_stderr_too():
    ext, stats, _ = progress(bar=False)
    ext.lines = True
    stats.set_value("ogp/agencies_total", 3)
    ext.tick()
    assert (
        ext.stream.getvalue() == "progress: agencies 0/3 done, 0 unreachable, 0 pages, "
        "page errors 0, time left ?\n"
    )
