from __future__ import annotations

from datetime import date

import pytest

from ogpcrawl.detect.navigation import (
    discover_sections,
    meta_refresh_target,
    needs_browser,
    news_listing,
    section_subpages,
    site_search,
)
from ogpcrawl.detect.page import Page

from .cases import FIXTURES, load_case

NEWGEN = FIXTURES / "site" / "ih-newgen-council-announcement"
OLDGEN = FIXTURES / "site" / "ih-oldgen-council-active"


def _role(case, role) -> Page:
    pages, _, _, _ = load_case(case)
    return next(p for p in pages if p.role == role)


def _page(body: str, url: str = "http://x-ih.gov.az/az", head: str = "") -> Page:
    return Page(url=url, text=f"<html><head>{head}</head><body>{body}</body></html>")


def test_newgen_home_sections_best_first():
    found = discover_sections(_role(NEWGEN, "home"))
    assert set(found) == {"council", "procurement", "eservices", "news"}
    assert [link.url for link in found["council"]] == [
        "http://qazax-ih.gov.az/az/ictimai-sura.html"
    ]
    assert found["eservices"][0].url == "http://qazax-ih.gov.az/az/elektron-xidmetler1.html"
    assert found["news"][0].url == "http://qazax-ih.gov.az/az/news.html"
    assert found["procurement"] == []


def test_never_cron_feedback_mailto_or_appeal_council():
    found = discover_sections(_role(NEWGEN, "home"))
    urls = [link.url for links in found.values() for link in links]
    assert not any(
        "/cron" in u
        or "feedback" in u
        or u.startswith("mailto")
        or "apellyasiya" in u
        or "shuraninterkibi" in u
        or "/az/sura.html" in u
        for u in urls
    )


def test_oldgen_home_sections():
    found = discover_sections(_role(OLDGEN, "home"))
    assert found["council"][0].url == "http://www.binegedi-ih.gov.az/page/144.html"
    assert found["council"][0].rule == "nav.text"
    assert found["eservices"][0].url == "http://www.binegedi-ih.gov.az/page/29.html"
    assert found["news"][0].url == "http://www.binegedi-ih.gov.az/news.html"


@pytest.mark.parametrize(
    ("body", "section", "url"),
    [
        (
            '<a href="/az/ictimai-sura.html"><img src="i.png" alt=""></a>',
            "council",
            "http://x-ih.gov.az/az/ictimai-sura.html",
        ),
        (
            '<a href="/page/111.html" title="İctimai şura"><i></i></a>',
            "council",
            "http://x-ih.gov.az/page/111.html",
        ),
        (
            '<a href="//www.x-ih.gov.az/menu/2/procurement/">Dövlət satınalmaları</a>',
            "procurement",
            "http://www.x-ih.gov.az/menu/2/procurement/",
        ),
        (
            '<a href="modul.php?name=e-xidmetler&amp;lang=">E-services</a>',
            "eservices",
            "http://x-ih.gov.az/modul.php?name=e-xidmetler&lang=",
        ),
        (
            '<a href="http://e-xidmetler.x-ih.gov.az/">Elektron xidmətlər</a>',
            "eservices",
            "http://e-xidmetler.x-ih.gov.az/",
        ),
        ('<a href="/ru/novosti/">Новости</a>', "news", "http://x-ih.gov.az/ru/novosti/"),
    ],
)
def test_link_forms(body, section, url):
    assert discover_sections(_page(body))[section][0].url == url


@pytest.mark.parametrize(
    ("body", "section"),
    [
        ('<a href="https://www.e-gov.az/az/services">Elektron xidmətlər</a>', "eservices"),
        ('<a href="https://other.gov.az/az/ictimai-sura.html">İctimai şura</a>', "council"),
        ('<a href="/az/feedback.html">Elektron müraciət</a>', "eservices"),
        ('<a href="/az/apellyasiya-surasi.html">Apellyasiya Şurası</a>', "council"),
        ('<a href="/files/ictimai-sura.pdf">İctimai şura</a>', "council"),
        ('<a href="mailto:ictimai-sura@x.gov.az">İctimai şura</a>', "council"),
        ('<a href="javascript:void(0)">Xəbərlər</a>', "news"),
        ("<p>İctimai şura</p>", "council"),
    ],
)
def test_not_sections(body, section):
    assert discover_sections(_page(body))[section] == []


def test_council_subpages_named_first_and_no_beacon():
    links = section_subpages(_role(NEWGEN, "council"), "council")
    urls = [link.url for link in links]
    assert "http://qazax-ih.gov.az/az/ictimai-sura-elanlar.html" in urls
    assert "http://qazax-ih.gov.az/az/ictimai-sura-normativ-baza.html" in urls
    assert "http://qazax-ih.gov.az/az/ictimai-sura.html" not in urls  # the page itself
    assert not any("/cron" in u for u in urls)
    assert links[0].rule == "sub.keyword"


def test_oldgen_news_listing():
    listing = news_listing(_role(OLDGEN, "news"), as_of=date(2018, 8, 20))
    assert len(listing.dates) == 8
    assert listing.dates[0] == date(2018, 8, 14)
    assert listing.item_links[0].url == "http://www.binegedi-ih.gov.az/news/1415.html"
    assert listing.next_url == "http://www.binegedi-ih.gov.az/news.html?page=2"


def test_newgen_news_listing_rel_next():
    listing = news_listing(_role(NEWGEN, "news"), as_of=date(2022, 10, 1))
    assert listing.dates[:2] == [date(2022, 9, 24), date(2022, 9, 22)]
    assert len(listing.item_links) == 6
    assert listing.next_url == "http://qazax-ih.gov.az/az/news.html?page=2"


@pytest.mark.parametrize(
    ("body", "url", "expected"),
    [
        (
            '<a href="?page=3">Növbəti</a>',
            "http://x.gov.az/az/news.html?page=2",
            "http://x.gov.az/az/news.html?page=3",
        ),
        (
            '<a href="/xeberler/page/3">»</a>',
            "http://x.gov.az/xeberler/page/2",
            "http://x.gov.az/xeberler/page/3",
        ),
        (
            '<a class="prev" href="/news?page=1">«</a><a href="/news?page=3">3</a>',
            "http://x.gov.az/news?page=2",
            "http://x.gov.az/news?page=3",
        ),
        ('<a href="/news?page=2">2</a>', "http://x.gov.az/news", "http://x.gov.az/news?page=2"),
        (
            '<a class="next page-numbers" href="/az/news/page/2/">Sonrakı</a>',
            "http://x.gov.az/az/news/",
            "http://x.gov.az/az/news/page/2/",
        ),
        ('<a href="/news?page=1">1</a><span>2</span>', "http://x.gov.az/news?page=2", None),
        ('<a href="http://other.az/news?page=2">next</a>', "http://x.gov.az/news", None),
    ],
)
def test_next_page(body, url, expected):
    assert news_listing(_page(body, url=url)).next_url == expected


def test_meta_refresh_and_js_stub():
    meta = _page(
        "Redirecting",
        url="http://asan.gov.az/",
        head='<meta http-equiv="refresh" content="1;url=http://asan.gov.az/az" />',
    )
    assert meta_refresh_target(meta) == "http://asan.gov.az/az"
    stub = _page(
        '<script>window.location.href = "/az/index.html";</script>', url="http://x.gov.az/"
    )
    assert meta_refresh_target(stub) == "http://x.gov.az/az/index.html"
    replace = _page(
        "<script>location.replace('https://x.gov.az/az')</script>", url="http://x.gov.az/"
    )
    assert meta_refresh_target(replace) == "https://x.gov.az/az"


def test_js_redirect_inside_a_real_page_is_not_a_stub():
    links = "".join(f'<a href="/p{i}.html">Bölmə {i}</a>' for i in range(20))
    page = _page(
        links
        + "<p>"
        + "Mətn " * 200
        + "</p>"
        + '<script>if (mobile) { window.location = "http://m.x.gov.az/"; }</script>'
    )
    assert meta_refresh_target(page) is None


def test_site_search_for_spider():
    form = site_search(_role(NEWGEN, "home"))
    assert (form.action, form.method, form.param) == (
        "http://qazax-ih.gov.az/az/search.html",
        "GET",
        "q",
    )
    assert site_search(_page("<p>axtarış</p>")) is None


def test_needs_browser():
    spa = _page('<div id="app"></div><script src="/js/app.js"></script>')
    assert needs_browser(spa) == (True, "spa_shell:#app")
    thin = _page('<script src="/bundle.js"></script><noscript>Enable JavaScript</noscript>')
    assert needs_browser(thin)[0] is True
    assert needs_browser(thin)[1].startswith("thin_static:")
    full = _role(OLDGEN, "home")
    ok, reason = needs_browser(full)
    assert ok is False and reason.startswith("static_ok:")
    stub = _page("", head='<meta http-equiv="refresh" content="0;url=/az/index.html">')
    assert needs_browser(stub) == (False, "redirect_stub")


@pytest.mark.parametrize(
    ("url", "item"),
    [
        ("http://x-ih.gov.az/news/1409.html", True),
        ("http://x-ih.gov.az/az/news/qazaxda-yeni-mekteb.html", True),
        ("https://x.gov.az/press/news_content/55", True),
        ("http://x.gov.az/az/faydali/xeberler/2530_/", True),
        ("https://www.x.gov.az/news/index.php?id=3792", True),
        ("http://www.x.gov.az/index.php?aze/news/xeber/2018/3/17/27390", True),
        ("http://x-ih.gov.az/news.html", False),
        ("http://x-ih.gov.az/az/news.html?page=2", False),
        ("http://x.gov.az/?view=ictimai&id=3", False),
        ("https://x.gov.az/cat.php?scatid=435", False),
        ("http://x-ih.gov.az/page/144.html", False),
    ],
)
def test_news_item_urls(url, item):
    from ogpcrawl.detect.links import is_news_item_url

    assert is_news_item_url(url) is item


def test_search_results_news_items_are_not_council_sections():
    results = _page('<ul class="results"><li><a href="/press/news_content/77">İctimai şuranın '
                    'iclası keçirilib</a></li><li><a href="/az/ictimai-sura">İctimai şura</a></li>'
                    "</ul>", url="https://x.gov.az/search?q=ictimai+%C5%9Fura")  # fmt: skip
    assert [link.url for link in discover_sections(results)["council"]] == [
        "https://x.gov.az/az/ictimai-sura"
    ]


def test_structure_pages_are_named_like_structure_about_leadership_or_apparatus():
    from ogpcrawl.detect.navigation import structure_pages

    page = Page(
        url="http://x-ih.gov.az/",
        role="home",
        text=(
            '<html><body><ul class="menu"><li><a href="/az/haqqimizda.html">Haqqımızda</a></li>'
            '<li><a href="/page/8.html">Əlaqə</a></li><li><a href="/az/rehberlik">Rəhbərlik</a></li>'
            '</ul><div id="content"><a href="/news/7.html">Başçı rayonun tarixi haqqında danışıb'
            '</a><a href="/ru/struktura">Структура</a><a href="/page/9.html">İctimai şura haqqında'
            "</a></div></body></html>"
        ),
    )
    found = [(link.url.rsplit("/", 1)[1], link.rule) for link in structure_pages(page)]
    # news items and section links are not structure pages; long headlines neither
    assert found == [
        ("haqqimizda.html", "nav.structure"),
        ("rehberlik", "nav.structure"),
        ("struktura", "nav.structure"),
    ]


def test_sitemap_sections_come_from_url_slugs_of_the_same_site():
    from ogpcrawl.detect.navigation import sitemap_sections

    page = Page(
        url="http://x-ih.gov.az/sitemap.xml",
        role="sitemap",
        text=(
            '<?xml version="1.0"?><urlset><url><loc>http://x-ih.gov.az/az/ictimai-sura.html</loc>'
            "</url><url><loc>http://www.x-ih.gov.az/az/satinalmalar.html</loc></url>"
            "<url><loc>http://other.gov.az/az/ictimai-sura.html</loc></url>"
            "<url><loc>http://x-ih.gov.az/news/ictimai-sura-yaradilib-12.html</loc></url>"
            "</urlset>"
        ),
    )
    found = sitemap_sections(page)
    assert [link.url for link in found["council"]] == ["http://x-ih.gov.az/az/ictimai-sura.html"]
    assert [link.url for link in found["procurement"]] == [
        "http://www.x-ih.gov.az/az/satinalmalar.html"
    ]
    assert all(link.rule == "nav.sitemap" for link in found["council"])
