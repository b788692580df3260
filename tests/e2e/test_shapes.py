"""The farm's "shapes" scenario: sites of shapes the 2018 replica lacks (ogpcrawl/farm/shapes.py),
crawled through the farm like any site; every field its truth states must come out right.

Search forms that work (GET, POST with hidden fields, built by JavaScript), that return nothing,
that only echo, that are decoration; council and procurement reachable only from a structure or
about page, the footer or sitemap.xml; dateless news listings; messy and huge e-services pages.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from ogpcrawl.farm.shapes import agency_id, host_for, truth
from tests.conftest import ROOT, run_crawl, start_farm

pytestmark = pytest.mark.e2e

TRUTH = truth()
FIELDS = [
    pytest.param(aid, field, id=f"{aid}:{field}")
    for aid, fields in TRUTH.items()
    for field in fields
]


@pytest.fixture(scope="module")
def shapes_crawl(tmp_path_factory, chromium):
    tmp = tmp_path_factory.mktemp("shapes")
    agencies = tmp / "agencies.csv"
    subprocess.run(
        [sys.executable, "-m", "ogpcrawl.farm.shapes", "--write-agencies", str(agencies)],
        cwd=ROOT,
        check=True,
    )
    farm = start_farm(tmp, "--scenario", "shapes")
    try:
        result = run_crawl(
            "local_ih",
            tmp / "crawl",
            env=farm.env,
            settings={"AGENCIES_FILE": agencies, "AS_OF": "2018-08-20"},
        )
        assert result.returncode == 0, result.stderr[-3000:]
        yield result.by_id(), farm.requests()
    finally:
        farm.stop()


def dig(snapshot: dict, field: str):
    if field.startswith("found."):  # how the section page was found (evidence_detail rule)
        rules = [
            e["rule"]
            for e in snapshot["evidence_detail"]
            if e["finding"] == field.removeprefix("found.") and e["rule"].startswith("found.")
        ]
        return rules[0] if rules else None
    node = snapshot
    for part in field.split("."):
        node = node[part]
    return node


@pytest.mark.parametrize(("aid", "field"), FIELDS)
def test_field_is_right(shapes_crawl, aid, field):
    snaps, _ = shapes_crawl
    got, want = dig(snaps[aid], field), TRUTH[aid][field]
    if field == "news.per_month":  # the bar for dateless listings: within ±10 %
        assert got is not None and abs(got - want) <= 0.1 * want, (got, want)
    else:
        assert got == want


@pytest.mark.parametrize(
    ("shape", "source"),
    [
        ("dateless-items", "interpolated"),
        ("dateless-urls", "item_url"),
        ("dateless-sitemap", "sitemap"),
    ],
)
def test_dateless_listings_say_how_their_posts_were_dated(shapes_crawl, shape, source):
    snaps, _ = shapes_crawl
    dated_by = snaps[agency_id(shape)]["news"]["dated_by"]
    assert dated_by.get(source, 0) > 0 and "listing" not in dated_by, dated_by


def rule_of(snapshot: dict, finding: str) -> str:
    return next(e["rule"] for e in snapshot["evidence_detail"] if e["finding"] == finding)


@pytest.mark.parametrize(
    ("shape", "rule"),
    [
        ("search-get", "search.results"),
        ("search-post", "search.results"),
        ("search-js", "search.results"),
        ("search-nothing", "search.no_results"),
        ("search-echo", "search.no_hits"),
        ("search-decor", "search.unchanged_home"),
        ("search-robots", "search.robots"),
    ],
)
def test_search_evidence_names_the_rule(shapes_crawl, shape, rule):
    snaps, _ = shapes_crawl
    assert rule_of(snaps[agency_id(shape)], "search_works") == rule


def test_a_huge_eservices_page_is_judged_on_its_head(shapes_crawl):
    snaps, log = shapes_crawl
    s = snaps[agency_id("eservices-huge")]
    assert "e_services" not in s["unknown"] and not s["failed_pages"]
    assert "eservices.truncated" in [e["rule"] for e in s["evidence_detail"]]


def test_post_search_sent_its_hidden_fields(shapes_crawl):
    _, log = shapes_crawl
    posts = [r for r in log if r["host"] == host_for("search-post") and r["path"] == "/axtar.php"]
    # the query and the control query, both answered (a request without the token gets 400)
    assert [r["method"] for r in posts] == ["POST", "POST"]
    assert all(r["status"] == 200 for r in posts)


def test_a_search_robots_txt_disallows_is_never_sent(shapes_crawl):
    _, log = shapes_crawl
    paths = [r["path"] for r in log if r["host"] == host_for("search-robots")]
    assert paths and paths[0] == "/robots.txt" and "/search.html" not in paths


def test_the_js_built_form_was_seen_through_the_browser(shapes_crawl):
    snaps, _ = shapes_crawl
    assert snaps[agency_id("search-js")]["rendering"]["browser"] is True


def test_found_evidence_says_where_the_link_was(shapes_crawl):
    snaps, _ = shapes_crawl
    rows = [
        e
        for e in snaps[agency_id("council-structure")]["evidence_detail"]
        if e["rule"] == "found.structure_page"
    ]
    assert rows and "/page/2.html" in rows[0]["snippet"] and "İctimai şura" in rows[0]["snippet"]


def test_page_budget_is_kept(shapes_crawl):
    snaps, _ = shapes_crawl
    assert all(s["pages_fetched"] <= 25 for s in snaps.values())


def test_robots_txt_first_on_every_host(shapes_crawl):
    _, log = shapes_crawl
    first: dict[str, str] = {}
    for r in log:
        # (Chromium's own update check goes to the proxy too; it is no monitored site)
        if r["method"] != "CONNECT" and r["host"].endswith(".shapes.gov.az"):
            first.setdefault(r["host"], r["path"])
    assert first and all(p == "/robots.txt" for p in first.values()), first
