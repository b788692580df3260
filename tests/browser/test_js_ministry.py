"""The JS-only ministry of the replica (mct): wrong without a browser, right with one, and the
static ministries of the same crawl never cost a browser page."""

from __future__ import annotations

import csv

import pytest

from tests.conftest import ROOT, run_crawl

from .helpers import stats_from_log

pytestmark = [pytest.mark.browser, pytest.mark.e2e]

JS_ONLY, STATIC = "mct", ("maliyye", "stat")
SETTINGS = {"AS_OF": "2018-08-20", "OGP_MOBILE_CHECK": "False"}


def truth(agency_id: str) -> dict:
    with open(ROOT / "ogpcrawl" / "farm" / "data" / "ground_truth.csv", encoding="utf-8") as fh:
        return next(r for r in csv.DictReader(fh) if r["agency_id"] == agency_id)


def crawl(farm, tmp_path, mode: str, chromium: str):
    result = run_crawl(
        "ministries",
        tmp_path / mode,
        env=farm.env,
        args={"only": ",".join((JS_ONLY, *STATIC))},
        settings={**SETTINGS, "OGP_BROWSER": mode, "OGP_CHROMIUM": chromium},
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result.by_id(), stats_from_log(result.stderr)


@pytest.fixture(scope="module")
def plain(farm, chromium, tmp_path_factory):
    return crawl(farm, tmp_path_factory.mktemp("plain"), "never", chromium)


@pytest.fixture(scope="module")
def auto(farm, chromium, tmp_path_factory):
    return crawl(farm, tmp_path_factory.mktemp("auto"), "auto", chromium)


def test_the_replica_marks_mct_as_browser_only():
    assert truth(JS_ONLY)["render"] == "browser"
    assert all(truth(a)["render"] == "static" for a in STATIC)


def test_without_a_browser_the_js_ministry_reads_as_empty(plain):
    snaps, stats = plain
    mct, gt = snaps[JS_ONLY], truth(JS_ONLY)
    assert mct["reachable"] and mct["rendering"]["browser"] is False
    # The shell has no menu, no news, no social links: "Yoxdur" where the site has them.
    assert gt["e_services"] == "true" and mct["e_services"]["section"] is False
    assert gt["news_last_date"] and mct["news"]["last_date"] is None
    assert gt["social_networks"] and mct["social"] == []
    # And no browser was started at all: the driver runs, Chromium never launched.
    assert "playwright/browser_count" not in stats and not stats.get("playwright/page_count")


def test_with_the_browser_the_js_ministry_matches_the_ground_truth(auto):
    snaps, _ = auto
    mct, gt = snaps[JS_ONLY], truth(JS_ONLY)
    assert mct["rendering"]["browser"] is True
    assert mct["rendering"]["reason"].startswith("automatic: ")
    assert mct["e_services"]["section"] is True
    assert mct["e_services"]["services"] == int(gt["e_services_count"])
    assert mct["news"]["last_date"] == gt["news_last_date"]
    assert mct["news"]["cadence"] != "none"
    assert sorted(s["network"] for s in mct["social"]) == sorted(gt["social_networks"].split(";"))


def test_static_ministries_in_the_same_crawl_never_start_a_browser_page(auto):
    snaps, stats = auto
    assert stats["playwright/browser_count"] == 1  # launched for mct only
    assert stats["ogp/browser/hosts/mct.gov.az"] >= 1
    for agency_id in STATIC:
        assert snaps[agency_id]["rendering"] == {"browser": False, "reason": "static HTML sufficed"}
        host = truth(agency_id)["primary_host"]
        assert not any(
            k.startswith(f"ogp/browser/hosts/{p}") for k in stats for p in (host, "www." + host)
        )
    # Every browser page was a mct page, and every page opened was closed.
    assert stats["ogp/browser/pages"] == stats["ogp/browser/hosts/mct.gov.az"]
    assert stats["playwright/page_count"] == stats["playwright/page_count/closed"]


def test_static_sites_judged_the_same_with_or_without_the_browser_mode(plain, auto):
    for agency_id in STATIC:
        a, b = plain[0][agency_id], auto[0][agency_id]
        for field in ("e_services", "news", "social", "council", "procurement"):
            assert a[field] == b[field], (agency_id, field)


def test_certificates_recorded_not_enforced_behind_the_farm(auto):
    snaps, _ = auto
    # The farm's certificates come from a throwaway CA: the honest verdict is "unknown issuer",
    # and the site is judged all the same.
    stat = snaps["stat"]
    assert stat["reachable"] and stat["final_url"].startswith("https://")
    assert stat["tls"]["https"] is True
    assert (stat["tls"]["valid"], stat["tls"]["error"]) == (False, "unknown_issuer")
    assert stat["e_services"]["section"] is True
    assert snaps[JS_ONLY]["tls"] == {"https": False, "valid": None, "error": None}


def test_mobile_check_through_the_spider_decides_responsive(farm, chromium, tmp_path):
    shots = tmp_path / "shots"
    result = run_crawl(
        "ministries",
        tmp_path / "mobile",
        env=farm.env,
        args={"only": JS_ONLY},
        settings={
            **SETTINGS,
            "OGP_MOBILE_CHECK": "True",
            "OGP_CHROMIUM": chromium,
            "OGP_SCREENSHOT_DIR": str(shots),
        },
    )
    assert result.returncode == 0, result.stderr[-3000:]
    mct = result.by_id()[JS_ONLY]
    # The replica's pages are unstyled HTML with a viewport tag: they reflow to the phone.
    assert mct["mobile"]["responsive"] is True
    assert mct["evidence"]["mobile.responsive"] == "http://mct.gov.az/"
    assert (shots / "mct-mobile.png").stat().st_size > 1000
    assert stats_from_log(result.stderr)["ogp/browser/pages/mobile"] == 1
    # the check's numbers as a structured field (docs/browser.md), not a repr in a snippet
    check = mct["mobile_check"]
    assert check["responsive"] is True and check["url"] == "http://mct.gov.az/"
    details = check["details"]
    assert details["viewport_width"] == 390 and details["overflow_px"] <= 8
    assert details["has_viewport_tag"] is True and isinstance(details["tap_targets"], int)
    assert details["screenshot"] == str(shots / "mct-mobile.png")
    [ev] = [e for e in mct["evidence_detail"] if e["rule"] == "mobile.browser_check"]
    assert "{" not in ev["snippet"]
