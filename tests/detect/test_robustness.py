"""Hostile input: arbitrary text, markup and bytes never make a detector or detect_site raise."""

from __future__ import annotations

from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ogpcrawl import vocab
from ogpcrawl.detect import navigation
from ogpcrawl.detect.encoding import decode_html
from ogpcrawl.detect.page import FailedPage, Page
from ogpcrawl.detect.ratings import rate
from ogpcrawl.detect.site import detect_site

AS_OF = date(2018, 8, 20)
TAGS = ["a", "div", "li", "ul", "form", "input", "meta", "time", "span", "table", "tr", "td",
        "script", "nav", "footer", "header", "h1", "p", "br", "strong", "base", "link"]  # fmt: skip
ATTRS = ["href", "class", "name", "type", "action", "content", "rel", "media", "id", "title"]
VALUES = ["search", "viewport", "width=device-width", "/az/ictimai-sura.html", "javascript:x",
          "https://www.facebook.com/x", "http://[bad", "//", "#", "İctimai şura", "19Mar",
          "13.07.2018", "next", "?page=2", "/az/cron", "mailto:a@b", "\x00", "🙂"]  # fmt: skip
words = st.sampled_from(["İctimai şura", "Xəbərlər", "Satınalmalar", "iclas", "üzv", "elan",
                         "24 sentyabr 2022 | 12:59", "31.02.2018", "Əliyev Vüqar Həsən oğlu",
                         "Elektron xidmətlər", "<", ">", "&#601;", "&", "\u202e", "\x1f"])  # fmt: skip


@st.composite
def markup(draw):
    parts = []
    for _ in range(draw(st.integers(0, 40))):
        kind = draw(st.integers(0, 3))
        if kind == 0:
            tag = draw(st.sampled_from(TAGS))
            attrs = " ".join(
                f'{draw(st.sampled_from(ATTRS))}="{draw(st.sampled_from(VALUES))}"'
                for _ in range(draw(st.integers(0, 3)))
            )
            parts.append(f"<{tag} {attrs}>")
        elif kind == 1:
            parts.append(f"</{draw(st.sampled_from(TAGS))}>")
        elif kind == 2:
            parts.append(draw(words))
        else:
            parts.append(draw(st.text(max_size=30)))
    return "".join(parts)


def _check_contract(contract: dict) -> None:
    assert contract["council"]["status"] in vocab.COUNCIL_STATUSES
    assert contract["news"]["cadence"] in vocab.CADENCES
    assert all(a["network"] in vocab.NETWORKS for a in contract["social"])
    assert isinstance(contract["search_box"], bool)
    assert all(len(e["snippet"]) <= 200 for e in contract["evidence_detail"])
    assert not [e for e in contract["evidence_detail"] if e["rule"].endswith(".error")]


ROLES = st.sampled_from(vocab.PAGE_ROLES)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(markup(), ROLES), max_size=4), st.booleans())
def test_detect_site_never_raises_on_markup(pages, with_failed):
    records = [Page(url=f"http://x-ih.gov.az/az/p{i}.html", text=t, role=r)
               for i, (t, r) in enumerate(pages)]  # fmt: skip
    failed = [FailedPage("http://x-ih.gov.az/az/ictimai-sura.html", "timeout", "council")]
    contract = detect_site(records, as_of=AS_OF, failed=failed if with_failed else ()).to_contract()
    _check_contract(contract)
    assert set(rate({**contract, "reachable": True}).values()) <= set(vocab.RATINGS)


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=400), ROLES)
def test_detect_site_never_raises_on_text(text, role):
    _check_contract(detect_site([Page(url="http://x.gov.az/", text=text, role=role)],
                                as_of=AS_OF).to_contract())  # fmt: skip


@settings(max_examples=40, deadline=None)
@given(st.binary(max_size=600))
def test_bytes_through_decoding_never_raise(body):
    text, _ = decode_html(body, None)
    page = Page(url="http://x.gov.az/", text=text, role="home")
    _check_contract(detect_site([page], as_of=AS_OF).to_contract())


@settings(max_examples=60, deadline=None)
@given(markup())
def test_navigation_never_raises(html):
    page = Page(url="http://x-ih.gov.az/az/news.html", text=html)
    assert set(navigation.discover_sections(page)) == set(vocab.SECTIONS)
    for section in vocab.SECTIONS:
        assert isinstance(navigation.section_subpages(page, section), list)
    listing = navigation.news_listing(page, as_of=AS_OF)
    assert all(d <= AS_OF for d in listing.dates)
    navigation.meta_refresh_target(page)
    navigation.site_search(page)
    ok, reason = navigation.needs_browser(page)
    assert isinstance(ok, bool) and reason


def test_no_pages_at_all():
    contract = detect_site([], as_of=AS_OF, failed=[{"url": "http://x.gov.az/", "error": "dns",
                                                     "role": "home"}]).to_contract()  # fmt: skip
    _check_contract(contract)
    assert contract["unknown"] == ["mobile", "social", "search_box"]
    assert contract["council"]["status"] == "absent"


def test_page_dicts_accepted():
    page = Page(url="http://x.gov.az/", text='<meta name="viewport" content="width=device-width">',
                role="home")  # fmt: skip
    assert detect_site([page.to_dict()], as_of=AS_OF).to_contract()["mobile"]["viewport"] is True


def test_a_raising_detector_does_not_sink_the_others(monkeypatch):
    from ogpcrawl.detect import site

    def boom(*args, **kwargs):
        raise RuntimeError("broken detector")

    monkeypatch.setattr(site, "detect_social", boom)
    page = Page(url="http://x.gov.az/", role="home",
                text='<meta name="viewport" content="width=device-width">'
                     '<a href="https://www.facebook.com/x">f</a>')  # fmt: skip
    contract = detect_site([page], as_of=AS_OF).to_contract()
    assert contract["social"] == []
    assert contract["mobile"]["viewport"] is True
    errors = [e for e in contract["evidence_detail"] if e["rule"] == "social.error"]
    assert errors and "broken detector" in errors[0]["snippet"]
