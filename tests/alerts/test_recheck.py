"""The within-run re-check against the farm (a real forward proxy on loopback), as the alert
step runs it: http_proxy in the environment, the agency's own addresses only."""

from __future__ import annotations

import pytest

from ogpcrawl.alerts.changes import ABSENT, PRESENT, UNDECIDED
from ogpcrawl.alerts.recheck import HomeRecheck
from ogpcrawl.farm import start_farm

EDITS = [
    "nizami:procurement_section=false",
    "binegedi:fail_paths=/page/144.html,council_in_menu=false",
]


@pytest.fixture(scope="module")
def farm():
    f = start_farm(port=0, scenario="replica", edits=EDITS)
    yield f
    f.stop()


@pytest.fixture()
def recheck(farm, monkeypatch):
    for var in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY"):
        monkeypatch.setenv(var, farm.url)
    for var in ("no_proxy", "NO_PROXY"):
        monkeypatch.setenv(var, "")
    return HomeRecheck(user_agent="ogpcrawl-test", timeout=10)


def site(aid, **parts):
    url = f"http://{aid}-ih.gov.az/"
    return {"agency_id": aid, "final_url": url, "start_url": url, "reachable": True, **parts}


def test_a_section_gone_from_menu_and_page_is_confirmed_absent(recheck):
    before = site(
        "nizami",
        procurement={
            "section": True,
            "title": "Satınalmalar",
            "url": "http://nizami-ih.gov.az/page/99.html",
        },
    )
    assert recheck(site("nizami"), ["procurement"], before) == {"procurement": ABSENT}


def test_a_section_still_linked_is_present(recheck):
    before = site("nizami", e_services={"section": True, "url": None})
    assert recheck(site("nizami"), ["e_services"], before) == {"e_services": PRESENT}


def test_a_section_page_that_still_answers_with_its_title_is_present(recheck):
    # Sabunçu's council is not in the menu (found through the site search): the page is there
    before = site(
        "sabunchu",
        council={
            "section": True,
            "title": "Ictimai sura",
            "url": "http://sabunchu-ih.gov.az/page/105.html",
        },
    )
    assert recheck(site("sabunchu"), ["council"], before) == {"council": PRESENT}


def test_a_section_page_that_fails_to_load_is_undecided(recheck):
    before = site(
        "binegedi",
        council={
            "section": True,
            "title": "İctimai şura",
            "url": "http://binegedi-ih.gov.az/page/144.html",
        },
    )
    assert recheck(site("binegedi"), ["council"], before) == {"council": UNDECIDED}


def test_a_home_page_that_does_not_answer_or_needs_a_browser_is_undecided(recheck):
    assert recheck(site("nowhere"), ["council"], site("nowhere")) == {"council": UNDECIDED}
    spa = {**site("nizami"), "rendering": {"browser": True}}
    assert recheck(spa, ["procurement"], site("nizami")) == {"procurement": UNDECIDED}


def test_an_explicit_proxy_serves_a_process_without_proxy_variables(farm, monkeypatch):
    for var in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY"):
        monkeypatch.delenv(var, raising=False)
    before = site(
        "nizami",
        procurement={
            "section": True,
            "title": "Satınalmalar",
            "url": "http://nizami-ih.gov.az/page/99.html",
        },
    )
    # (no request without a proxy here: a test must never reach a real site)
    proxied = HomeRecheck(user_agent="ogpcrawl-test", timeout=5, proxy=farm.url)
    assert proxied(site("nizami"), ["procurement"], before) == {"procurement": ABSENT}
