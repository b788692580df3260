"""Hostile pages end to end (issue 18): the offline farm's "hostile" scenario, a real crawl with
the real Chromium, and the farm's own request log as the witness.

- off-site requests: a page that pulls scripts, frames, fonts and beacons from other hosts and
  redirects off-site; Chromium's own background traffic (updater, accounts, time queries) too.
  Nothing may reach a host outside the agencies file (and the social networks being read).
- memory-hungry pages: one hoards typed arrays (outside V8's heap: the renderer watchdog kills
  it), one hoards JavaScript objects (V8's heap cap crashes it); each site is judged from its
  static HTML and its snapshot says why (rendering.failure = memory).
- a path-trick run id stops the crawl before its first request.
"""

from __future__ import annotations

import pytest

from ogpcrawl.agencies import load_agencies
from ogpcrawl.detect.activity import view_hosts
from ogpcrawl.farm import hostile
from ogpcrawl.reach import Reach
from tests.browser.helpers import stats_from_log
from tests.conftest import run_crawl, start_farm

pytestmark = [pytest.mark.browser, pytest.mark.e2e]


@pytest.fixture(scope="module")
def hostile_farm(tmp_path_factory):
    farm = start_farm(tmp_path_factory.mktemp("hostile-farm"), "--scenario", "hostile")
    yield farm
    farm.stop()


@pytest.fixture(scope="module")
def agencies_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("hostile-seeds") / "agencies.csv"
    hostile.write_agencies(str(path))
    return path


@pytest.fixture(scope="module")
def crawled(hostile_farm, agencies_file, chromium, tmp_path_factory):
    work = tmp_path_factory.mktemp("hostile-crawl")
    before = len(hostile_farm.requests())
    result = run_crawl(
        "local_ih",
        work,
        env=hostile_farm.env,
        args={"only": ",".join(f"hostile-{n}" for n in hostile.HOSTILE if n != "hang")},
        settings={
            "AGENCIES_FILE": str(agencies_file),
            "AS_OF": "2018-08-20",
            "OGP_MOBILE_CHECK": "True",
            "OGP_SCREENSHOT_DIR": str(work / "shots"),
            "REPORT_FORMATS": "html,csv,pdf",
            # budgets low enough for a small CI machine; the hogs would grow without end
            "OGP_BROWSER_JS_HEAP_MB": "128",
            "OGP_BROWSER_RENDERER_MB": "400",
        },
    )
    return result, hostile_farm.requests()[before:]


def test_a_hostile_page_reaches_no_host_outside_the_agencies_file(crawled, agencies_file):
    result, requests = crawled
    assert result.returncode == 0, result.stderr[-3000:]
    snaps = result.by_id()
    assert (
        snaps["hostile-offsite"]["reachable"] and snaps["hostile-offsite"]["rendering"]["browser"]
    )
    assert snaps["hostile-away"]["reachable"] and not snaps["hostile-away"]["rendering"]["browser"]
    # the agencies' hosts, and the social networks whose public views are read
    reach = Reach.from_agencies(load_agencies(agencies_file), view_hosts())
    hosts = {r["host"] for r in requests}
    assert {hostile.host_for("offsite"), hostile.host_for("away")} <= hosts  # through the farm
    assert sorted(h for h in hosts if not reach.allows(h)) == []
    assert not hosts & set(hostile.OFFSITE_HOSTS)
    stats = stats_from_log(result.stderr)
    # the page did try: its requests were aborted in the browser, the redirect in the crawler
    assert stats.get("ogp/browser/offsite_aborted", 0) >= 4
    assert stats.get("ogp/offsite_blocked", 0) >= 1
    assert list((result.workdir / "output").rglob("*.pdf"))  # the PDF was printed, offline too


@pytest.mark.parametrize("agency_id", ["hostile-memhog", "hostile-heaphog"])
def test_a_memory_hungry_page_is_stopped_and_the_site_judged_from_its_static_html(
    crawled, agency_id
):
    result, _ = crawled
    assert result.returncode == 0, result.stderr[-3000:]
    snap = result.by_id()[agency_id]
    assert snap["reachable"] is True
    assert snap["rendering"]["browser"] is False
    assert snap["rendering"]["failure"] == "memory"
    assert "memory budget" in snap["rendering"]["reason"]
    assert snap["news"]["last_date"]  # the static page was read
    stats = stats_from_log(result.stderr)
    assert stats.get("ogp/browser/memory_failures", 0) >= 2
    assert stats.get("ogp/browser/renderers_killed", 0) >= 1  # the typed-array hog


def test_a_hanging_site_is_judged_with_what_it_has_at_its_deadline(
    hostile_farm, agencies_file, tmp_path
):
    deadline = 8
    result = run_crawl(
        "local_ih",
        tmp_path,
        env=hostile_farm.env,
        args={"only": "hostile-hang"},
        settings={
            "AGENCIES_FILE": str(agencies_file),
            "AS_OF": "2018-08-20",
            "OGP_SITE_DEADLINE": str(deadline),
            "DOWNLOAD_TIMEOUT": "60",
            "RETRY_TIMES": "2",
        },
    )
    assert result.returncode == 0, result.stderr[-3000:]
    [snap] = result.snapshots
    assert snap["reachable"] is True and snap["deadline_reached"] is True
    # the pages it never got are failed as timeouts, and what they decide is unknown, not absent
    assert snap["failed_pages"] and {f["error"] for f in snap["failed_pages"]} == {"timeout"}
    assert snap["unknown"]
    stats = stats_from_log(result.stderr)
    assert stats["ogp/site_deadline_reached"] == 1
    # one page download, cut at the deadline and not retried after it (the site hangs 120 s)
    assert stats["downloader/exception_type_count/scrapy.exceptions.DownloadTimeoutError"] == 1
    assert not [k for k in stats if k.startswith("retry/reason_count/") and "Timeout" in k]


def test_a_path_trick_run_id_makes_no_request(hostile_farm, agencies_file, tmp_path):
    before = len(hostile_farm.requests())
    result = run_crawl(
        "local_ih",
        tmp_path / "a" / "b",
        env=hostile_farm.env,
        settings={"AGENCIES_FILE": str(agencies_file)},
        args={"run_id": "../../escaped_run"},
    )
    assert result.returncode == 2
    assert "is not a valid run id" in result.stderr
    assert hostile_farm.requests()[before:] == []
    assert not (tmp_path / "escaped_run").exists()
