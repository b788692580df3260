from __future__ import annotations

import pytest

from ogpcrawl.detect.mobile import detect_mobile, viewport_ok
from ogpcrawl.detect.page import Page


@pytest.mark.parametrize(
    ("content", "ok"),
    [
        ("width=device-width, initial-scale=1", True),
        ("width=device-width", True),
        ("width=device-width, maximum-scale=1, initial-scale=1, user-scalable=0", True),
        ("WIDTH = Device-Width ; initial-scale=1.0", True),
        ("width=1200", False),
        ("width=980, initial-scale=1", False),
        ("width=device-width, initial-scale=0.5", False),
        ("initial-scale=1", False),
        ("width=device-width, initial-scale=abc", False),
        ("", False),
    ],
)
def test_viewport_rule(content, ok):
    assert viewport_ok(content) is ok


def _page(head: str, body: str = "", headers=None) -> Page:
    return Page(
        url="http://www.x.gov.az/",
        text=f"<html><head>{head}</head><body>{body}</body></html>",
        headers=headers or {},
    )


def test_last_viewport_meta_wins():
    found = detect_mobile(_page('<meta name="viewport" content="width=device-width">'
                                '<meta name="viewport" content="width=1024">'))  # fmt: skip
    assert found.viewport is False
    assert found.evidence[0].rule == "mobile.viewport_fixed"


def test_no_viewport():
    found = detect_mobile(_page("<title>x</title>"))
    assert (found.viewport, found.evidence[0].rule) == (False, "mobile.no_viewport")


def test_alternate_link_gives_mobile_url():
    found = detect_mobile(_page(
        '<link rel="alternate" media="only screen and (max-width: 640px)" href="http://m.x.gov.az/">'
    ))  # fmt: skip
    assert found.mobile_url == "http://m.x.gov.az/"


def test_m_subdomain_link_gives_mobile_url_but_not_other_sites():
    found = detect_mobile(_page("", '<a href="http://m.other.az/">m</a><a href="http://m.x.gov.az/az">'
                                    "Mobil versiya</a>"))  # fmt: skip
    assert found.mobile_url == "http://m.x.gov.az/az"
    assert found.to_contract()["responsive"] is None


def test_vary_user_agent_recorded():
    found = detect_mobile(_page("", headers={"vary": "User-Agent"}))
    assert "mobile.vary_user_agent" in [e.rule for e in found.evidence]
    assert found.viewport is False
