"""Hostile scraped strings: nothing runs, nothing dangerous is clickable, the page still renders."""

from __future__ import annotations

import csv
import re

import pytest
from parsel import Selector
from report_helpers import RUN, news, snapshot

from ogpcrawl.report import render_report
from ogpcrawl.report.safety import csv_cell, http_url, md_cell

XSS = "<script>alert(1)</script>"
ATTR = '"><img src=x onerror=alert(1)>'
LONG = "Ş" * 10_000


def hostile():
    return [
        snapshot(
            "evil",
            XSS + ATTR,
            start_url="javascript:alert(1)",
            social=[
                {"network": "facebook", "url": "javascript:alert(1)"},
                {"network": "other", "url": 'https://x.az/"><script>alert(2)</script>'},
            ],
            council={
                "section": True,
                "url": "JaVaScRiPt:alert(1)",
                "title": XSS,
                "status": "members",
                "members": 3,
            },
            procurement={"section": True, "url": '=HYPERLINK("http://evil")', "items": 1},
            e_services={"section": True, "url": "java\tscript:alert(1)", "services": 2},
            news=news("2018-08-01", 3.0, 19, {"2018-08": 5, "<b>": 9}),
            evidence={"council": "javascript:alert(1)", "procurement": "data:text/html,<script>"},
        ),
        snapshot(
            "long",
            LONG,
            level="central",
            council={"section": True, "url": "http://a.az/" + "a" * 10_000},
        ),
        snapshot(
            "down",
            "=cmd|' /C calc'!A0",
            reachable=False,
            error="timeout",
            start_url="javascript:alert(1)",
        ),
    ]


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    d = tmp_path_factory.mktemp("hostile")
    # the round's name is printed on every page (the run id only in the report's method section)
    render_report(
        hostile(), d, run={**RUN, "run_id": XSS, "round": XSS}, formats=("html", "csv", "md")
    )
    return d


@pytest.mark.parametrize("name", ["report.html", "annex1_local.html", "annex2_central.html"])
def test_no_live_script_handler_or_javascript_href(out, name):
    html = (out / name).read_text("utf-8")
    sel = Selector(html)
    assert sel.css("script") == []
    assert sel.xpath("//*[@*[starts-with(name(), 'on')]]") == []
    hrefs = sel.xpath("//@href").getall()
    # web links, anchors, and the verdict cells' evidence pages beside the annex (plain names)
    evidence = re.compile(r"evidence/[A-Za-z0-9_.-]+\.html(#c-[0-9.]+)?")
    assert all(
        h.startswith(("http://", "https://", "#")) or evidence.fullmatch(h) for h in hrefs
    ), hrefs
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert sel.css("table.annex tbody tr")  # still rendered


def test_long_strings_are_truncated_for_display(out):
    sel = Selector((out / "annex2_central.html").read_text("utf-8"))
    name = sel.css("#row-long td.name::text").get()
    assert len(name) == 300 and name.endswith("…")
    # a 10,000-character URL is shown shortened and is not linked
    assert sel.css("#row-long td a:not(.ev)") == []


def test_csv_formula_cells_are_defused(out):
    rows = list(csv.reader((out / "annex1_local.csv").read_text("utf-8-sig").splitlines()))
    down = next(r for r in rows if r[-1] == "down")
    assert down[1] == "'=cmd|' /C calc'!A0"
    assert all(not cell.startswith(("=", "+", "-", "@")) for r in rows for cell in r)


def test_markdown_cells_cannot_break_the_table(out):
    lines = [
        ln for ln in (out / "annex1_local.md").read_text("utf-8").splitlines() if ln.startswith("|")
    ]
    header_cols = lines[0].count(" | ")
    for line in lines[2:]:
        assert line.replace("\\|", "").count(" | ") == header_cols
    assert "<script>" not in "\n".join(lines)


@pytest.mark.parametrize(
    "url, ok",
    [
        ("https://a.az/x?y=1", True),
        ("HTTP://A.AZ/", True),
        ("javascript:alert(1)", False),
        (" javascript:alert(1)", False),
        ("java\nscript:alert(1)", False),
        ("data:text/html,x", False),
        ("//evil.az/", False),
        ("/relative", False),
        ("http://", False),
        (None, False),
    ],
)
def test_only_http_urls_are_linkable(url, ok):
    assert (http_url(url) is not None) is ok


def test_csv_and_markdown_cell_helpers():
    assert csv_cell("+1") == "'+1" and csv_cell("@SUM(A1)") == "'@SUM(A1)" and csv_cell(5) == "5"
    assert md_cell("a|b\nc") == "a\\|b c"
