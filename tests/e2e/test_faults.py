"""A crawl through every fault mode of the farm: each fault recorded, the rest still judged.

The farm's `faults` scenario serves one -ih site per fault (docs/farm.md). One crawl covers them
all; each test reads its site's snapshot and the farm's request log.
"""

from __future__ import annotations

import subprocess
import sys
from collections import Counter

import pytest

from tests.conftest import ROOT, run_crawl, start_farm

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def fault_crawl(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("faults")
    agencies = tmp / "agencies.csv"
    subprocess.run(
        [sys.executable, "-m", "ogpcrawl.farm.faults", "--write-agencies", str(agencies)],
        cwd=ROOT,
        check=True,
    )
    farm = start_farm(tmp, "--scenario", "faults")
    try:
        # The slow host answers after 20 s: a 3 s timeout (one retry) makes it a timeout quickly.
        result = run_crawl(
            "local_ih",
            tmp / "crawl",
            env=farm.env,
            settings={
                "AGENCIES_FILE": agencies,
                "AS_OF": "2018-08-20",
                "DOWNLOAD_TIMEOUT": "3",
                "RETRY_TIMES": "1",
                "DOWNLOAD_MAXSIZE": str(10 * 1024 * 1024),
            },
        )
        yield result, farm.requests()
    finally:
        farm.stop()


def snap(fault_crawl, fault):
    result, _ = fault_crawl
    assert result.returncode == 0, result.stderr[-3000:]
    return result.by_id()[f"fault-{fault}"]


def host_requests(fault_crawl, fault):
    _, log = fault_crawl
    return [r for r in log if r["host"].removeprefix("www.") == f"{fault}.faults.gov.az"]


def test_every_site_yields_exactly_one_snapshot(fault_crawl):
    result, _ = fault_crawl
    ids = [s["agency_id"] for s in result.snapshots]
    assert len(ids) == 11 and len(set(ids)) == 11


@pytest.mark.parametrize(
    "fault, error",
    [("slow", "timeout"), ("huge", "too_large"), ("loop", "redirect_loop"), ("reset", "other")],
)
def test_dead_home_page_is_reported_unreachable_with_its_reason(fault_crawl, fault, error):
    s = snap(fault_crawl, fault)
    assert s["reachable"] is False
    assert s["error"] == error
    # every known address was tried before giving up
    assert len(s["address"]["tried"]) == 2 and s["address"]["answered"] is None
    assert all(v == "not_started" for v in s["ratings"].values())


def test_5xx_pages_are_failed_pages_and_the_rest_is_judged(fault_crawl):
    s = snap(fault_crawl, "error5xx")
    assert s["reachable"] is True
    failed = {f["url"].rsplit("/", 1)[1]: f["error"] for f in s["failed_pages"]}
    assert failed.get("29.html") == "http_5xx"
    assert failed.get("news.html") == "http_5xx"
    # the unknown finding is marked unknown, not absent
    assert "e_services" in s["unknown"]
    # the rest of the site is still judged
    assert s["mobile"]["viewport"] is True
    # 5xx is retried (RETRY_TIMES=1: two requests for the page)
    paths = Counter(r["path"] for r in host_requests(fault_crawl, "error5xx"))
    assert paths["/page/29.html"] == 2
    # ... after a backoff wait (ogpcrawl/retry.py; the tests use a 0.2 s base)
    assert "'ogp/retry_backoff_seconds'" in fault_crawl[0].stderr


def test_robots_disallowed_sections_are_never_fetched(fault_crawl):
    s = snap(fault_crawl, "robots")
    assert s["reachable"] is True
    reqs = host_requests(fault_crawl, "robots")
    assert reqs and reqs[0]["path"] == "/robots.txt"
    assert not [r for r in reqs if r["path"].startswith("/page/")]
    assert {f["error"] for f in s["failed_pages"]} <= {"robots"}


def test_meta_refresh_home_is_followed(fault_crawl):
    s = snap(fault_crawl, "refresh")
    assert s["reachable"] is True
    assert s["final_url"] == "http://refresh.faults.gov.az/az/index.html"
    assert s["news"]["posts_seen"] > 0


@pytest.mark.parametrize("fault", ["wrongenc", "noenc", "truncated"])
def test_damaged_pages_are_still_judged(fault_crawl, fault):
    s = snap(fault_crawl, fault)
    assert s["reachable"] is True and s["error"] is None
    assert s["news"]["last_date"] is not None


def test_https_only_site_is_reached_over_tls(fault_crawl):
    s = snap(fault_crawl, "tlsonly")
    assert s["reachable"] is True
    assert s["final_url"].startswith("https://")
    assert s["tls"]["https"] is True


def test_robots_txt_is_fetched_first_on_every_host(fault_crawl):
    _, log = fault_crawl
    first: dict[str, str] = {}
    for r in log:
        if r["method"] == "CONNECT":
            continue
        first.setdefault(r["host"], r["path"])
    assert first and all(p == "/robots.txt" for p in first.values()), first
