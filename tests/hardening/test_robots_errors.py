"""robots.txt of a host that does not exist (or refuses) logs one line, not a traceback
(issue 18, item 8); the site is still reported unreachable with its reason."""

from __future__ import annotations

import logging
import os
import sys

from twisted.internet.error import DNSLookupError

from ogpcrawl.errors import OneLineNetworkErrors
from tests.conftest import run_crawl


def record(exc: BaseException) -> logging.LogRecord:
    try:
        raise exc
    except BaseException:
        info = sys.exc_info()
    return logging.LogRecord(
        "scrapy.downloadermiddlewares.robotstxt",
        logging.ERROR,
        __file__,
        1,
        "Error downloading %s",
        ("x",),
        info,
    )


def test_a_known_network_failure_becomes_one_warning_line():
    r = record(DNSLookupError("no results for hostname lookup: nosuch.invalid"))
    assert OneLineNetworkErrors().filter(r) is True
    assert (r.levelname, r.exc_info) == ("WARNING", None)


def test_anything_else_keeps_its_traceback():
    r = record(ValueError("a bug"))
    OneLineNetworkErrors().filter(r)
    assert r.levelname == "ERROR" and r.exc_info is not None


def test_a_crawl_of_hosts_that_do_not_exist_logs_no_traceback(tmp_path):
    agencies = tmp_path / "agencies.csv"
    agencies.write_text(
        "agency_id,name,level,family,url\n"
        "nosuch,No Such,local,local_ih,http://nosuch-ih.invalid/\n"
        "refused,Refused,local,local_ih,http://localhost:9/\n"
    )
    env = {
        k: v
        for k, v in os.environ.items()
        if k.lower() not in ("http_proxy", "https_proxy", "all_proxy", "no_proxy")
    }
    result = run_crawl(
        "local_ih",
        tmp_path / "crawl",
        env=env,
        settings={"AGENCIES_FILE": str(agencies), "RETRY_TIMES": "0"},
    )
    # (every site unreachable: the run itself is failed, which is not what this test is about)
    assert {s["agency_id"]: s["error"] for s in result.snapshots} == {
        "nosuch": "dns",
        "refused": "refused",
    }
    assert "Traceback" not in result.stderr
    assert "[scrapy.downloadermiddlewares.robotstxt] WARNING: Error downloading" in result.stderr
