"""What detectors derive from a page is cached on it (parsed tree, links and their labels and
placement, dated items): a page the spider's planning already read must judge exactly as a
freshly parsed one, whatever order the detectors asked in."""

from __future__ import annotations

from dataclasses import replace

import pytest

from ogpcrawl.detect import navigation
from ogpcrawl.detect.links import anchor_label, anchors
from ogpcrawl.detect.listing import dated_items
from ogpcrawl.detect.site import detect_site
from ogpcrawl.detect.social import detect_social

from .cases import case_dirs, load_case

CASES = case_dirs("site")


def _fresh(pages):
    return [replace(p) for p in pages]  # same fields, nothing parsed or cached yet


def _plan_like_the_spider(pages, as_of):
    """The reads the spider makes on its pages before they reach the pipeline, in its order."""
    for page in pages:
        if page.role == "home":
            navigation.meta_refresh_target(page)
            navigation.needs_browser(page)
            navigation.discover_sections(page)
            navigation.site_search(page)
            navigation.structure_pages(page)
        navigation.news_listing(page, as_of=as_of)
        navigation.section_subpages(page, "council")
        navigation.latest_news_title(page, as_of=as_of)
    detect_social(pages)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_a_page_read_before_judges_as_a_fresh_one(case):
    pages, failed, as_of, _ = load_case(case)
    _plan_like_the_spider(pages, as_of)
    assert any(p.cache for p in pages)  # the planning did leave derived data on the pages
    shared = detect_site(pages, as_of=as_of, failed=failed).to_contract()
    fresh = detect_site(_fresh(pages), as_of=as_of, failed=failed).to_contract()
    assert shared == fresh


@pytest.mark.parametrize("case", CASES[:6], ids=[c.name for c in CASES[:6]])
def test_lazy_link_fields_match_their_rules(case):
    """An anchor's label and placement, read late (after other detectors), are what the rules
    give for its element; the cached dated items are the uncached ones."""
    pages, _, as_of, _ = load_case(case)
    for page in pages:
        links = anchors(page)
        dated_items(page, as_of=as_of)
        for a in links[::-1]:  # reverse order: the placement memo fills in another order
            assert a.label == anchor_label(a.node)
            again = [b for b in anchors(replace(page)) if b.url == a.url]
            assert (a.in_nav, a.in_footer, a.label) in {
                (b.in_nav, b.in_footer, b.label) for b in again
            }
        assert dated_items(page, as_of=as_of) == dated_items(page, as_of=as_of, root=page.sel.root)
