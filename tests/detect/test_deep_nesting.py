"""Content after a nesting deeper than the HTML parser allows (issue 18, item 8): lxml gives up
there, so a council link after 200,000 nested elements is unseen. It must read `unknown`
(Naməlum), never `absent` (Yoxdur)."""

from __future__ import annotations

from datetime import date

from ogpcrawl.detect.page import Page
from ogpcrawl.detect.site import detect_site
from ogpcrawl.detect.verdicts import cell_kind

DEPTH = 200_000
DEEP = (
    "<html><body><a href='/news.html'>Xəbərlər</a>"
    + "<div>" * DEPTH
    + "x"
    + "</div>" * DEPTH
    + '<a href="/page/58.html">İctimai şura</a><a href="/s">Satınalmalar</a></body></html>'
)


def test_the_parser_giving_up_is_known():
    assert Page(url="http://a-ih.gov.az/", text=DEEP, role="home").parse_incomplete is True
    assert Page(url="http://a-ih.gov.az/", text="<p>" * 5000, role="home").parse_incomplete is False


def test_what_the_lost_part_would_decide_reads_unknown_not_absent():
    found = detect_site(
        [Page(url="http://a-ih.gov.az/", text=DEEP, role="home")], as_of=date(2018, 8, 20)
    ).to_contract()
    assert {"council", "procurement"} <= set(found["unknown"])
    snap = {**found, "reachable": True}
    assert cell_kind(snap, "4.2.2") == "unknown" and cell_kind(snap, "5.6") == "unknown"
    assert any(e["rule"] == "page.parse_incomplete" for e in found["evidence_detail"])


def test_an_ordinary_page_without_a_council_still_reads_absent():
    page = Page(
        url="http://a-ih.gov.az/",
        role="home",
        text="<html><body>"
        + "<div>" * 1000
        + "x"
        + "</div>" * 1000
        + '<a href="/news.html">Xəbərlər</a></body></html>',
    )
    found = detect_site([page], as_of=date(2018, 8, 20)).to_contract()
    assert found["council"]["status"] == "absent" and found["unknown"] == []
