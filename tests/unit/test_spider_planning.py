"""What the spiders decide to fetch, from saved-shape pages (no network)."""

from __future__ import annotations

from scrapy.utils.test import get_crawler

from ogpcrawl.agencies import load_agencies
from ogpcrawl.detect.page import Page
from ogpcrawl.spiders.local_ih import LocalIhSpider

OLD_HOME = """<html><body><ul class="menu"><li><a href="/page/5.html">Qanunvericilik</a></li>
<li><a href="/page/7.html">Rayon haqqında</a></li></ul></body></html>"""
NEW_HOME = """<html><body><ul class="navbar-nav"><li><a href="/az/qanunvericilik.html">
Qanunvericilik</a></li><li><a href="/az/rayon-haqqinda.html">Rayon haqqında</a></li></ul>
</body></html>"""


def spider(**settings):
    crawler = get_crawler(LocalIhSpider, {"AS_OF": "2018-08-20", **settings})
    return LocalIhSpider.from_crawler(crawler, only="agstafa")


def planned(html: str) -> list[dict]:
    s = spider()
    state = s.first_request(s.agencies[0]).meta["ogp"]
    home = Page(url="http://agstafa-ih.gov.az/", text=html, role="home")
    s.plan_from_home(state, home)
    return state.queue


def test_old_generation_hints_are_the_2018_paths():
    queue = {q["role"]: q for q in planned(OLD_HOME)}
    assert queue["news"]["url"] == "http://agstafa-ih.gov.az/news.html"
    assert queue["eservices"]["url"] == "http://agstafa-ih.gov.az/page/29.html"
    assert queue["news"]["hint"] and queue["eservices"]["hint"]


def test_new_generation_news_hint_has_the_language_prefix():
    queue = {q["role"]: q for q in planned(NEW_HOME)}
    assert queue["news"]["url"] == "http://agstafa-ih.gov.az/az/news.html"


def test_menu_links_win_over_hints():
    html = OLD_HOME.replace("</ul>", '<li><a href="/page/3.html">Xəbərlər</a></li></ul>')
    queue = [q for q in planned(html) if q["role"] == "news"]
    assert [q["url"] for q in queue] == ["http://agstafa-ih.gov.az/page/3.html"]
    assert not queue[0]["hint"]


def test_first_request_tries_the_agency_url_first():
    s = spider()
    req = s.first_request(s.agencies[0])
    assert req.url == "http://agstafa-ih.gov.az/"
    assert req.dont_filter and req.errback is not None
    assert req.meta["ogp"].addresses[1] == "http://www.agstafa-ih.gov.az/"


def test_only_selects_agencies_of_the_family():
    s = spider()
    assert [a.agency_id for a in s.agencies] == ["agstafa"]
    assert len(load_agencies("seeds/agencies.csv")) == 103


STRUCTURE_HOME = """<html><body><ul class="menu"><li><a href="/page/2.html">Struktur</a></li>
<li><a href="/page/3.html">Rayon haqqında</a></li><li><a href="/page/4.html">Aparat</a></li>
<li><a href="/page/9.html">İctimai şura</a></li></ul>
<form action="/axtar.php" method="post"><input type="hidden" name="do" value="search">
<input name="story" class="search"></form>
<ul class="news-list"><li><a href="/news/5.html">Başçı vətəndaşları qəbul edib</a>
<span class="date">17.08.2018</span></li></ul></body></html>"""


def test_hidden_procurement_sends_the_crawl_to_structure_pages_and_the_sitemap():
    queue = planned(STRUCTURE_HOME)
    structure = [q["url"] for q in queue if q["role"] == "structure"]
    # two structure/about pages at most, menu order; the council was in the menu already
    assert structure == [
        "http://agstafa-ih.gov.az/page/2.html",
        "http://agstafa-ih.gov.az/page/3.html",
    ]
    assert {"url": "http://agstafa-ih.gov.az/sitemap.xml", "role": "sitemap", "hint": True} in queue


def test_a_structure_page_link_is_followed_and_recorded():
    s = spider()
    state = s.first_request(s.agencies[0]).meta["ogp"]
    s.plan_from_home(state, Page(url="http://agstafa-ih.gov.az/", text=OLD_HOME, role="home"))
    page = Page(
        url="http://agstafa-ih.gov.az/page/2.html",
        role="structure",
        text='<html><body><div id="content"><ul><li>Ümumi şöbə</li><li>'
        '<a href="/page/70.html">Dövlət satınalmaları</a></li></ul></div></body></html>',
    )
    s.plan_from_page(state, page, "structure")
    assert any(
        q["url"].endswith("/page/70.html") and q["role"] == "procurement" for q in state.queue
    )
    found = state.found["http://agstafa-ih.gov.az/page/70.html"]
    assert found["rule"] == "found.structure_page" and "/page/2.html" in found["snippet"]


def test_the_search_check_posts_with_hidden_fields_after_the_latest_title():
    queue = planned(STRUCTURE_HOME)
    checks = {q["role"]: q for q in queue if q["role"].startswith("search_")}
    assert checks["search_check"]["method"] == "POST"
    assert checks["search_check"]["url"] == "http://agstafa-ih.gov.az/axtar.php"
    assert checks["search_check"]["body"] == "do=search&story=v%C9%99t%C9%99nda%C5%9Flar%C4%B1"
    assert checks["search_control"]["body"] == "do=search&story=qxzjvwkq"


def test_the_search_check_is_sent_in_the_page_charset():
    s = spider()
    state = s.first_request(s.agencies[0]).meta["ogp"]
    home = Page(
        url="http://agstafa-ih.gov.az/", text=STRUCTURE_HOME, role="home", encoding="cp1251"
    )
    s.plan_from_home(state, home)
    check = next(q for q in state.queue if q["role"] == "search_check")
    # "Başçı vətəndaşları qəbul edib": only "edib" can be written in windows-1251
    assert state.search_check["query"] == "edib"
    assert check["body"] == "do=search&story=edib"


def _item_page(url: str, day: str) -> Page:
    return Page(
        url=url,
        role="news_item",
        text=(
            f'<html><head><meta property="article:published_time" content="{day}"></head>'
            "<body><h1>Xəbər</h1></body></html>"
        ),
    )


def test_a_dateless_listing_is_sampled_and_the_window_edge_bisected():
    s = spider()
    state = s.first_request(s.agencies[0]).meta["ogp"]
    s.plan_from_home(state, Page(url="http://agstafa-ih.gov.az/", text=OLD_HOME, role="home"))
    lis = "".join(
        f'<li><a href="/news/{i}.html">Xəbər başlığı {i}</a></li>' for i in range(9, -1, -1)
    )
    listing = Page(
        url="http://agstafa-ih.gov.az/news.html",
        role="news",
        text=f'<html><body><div id="content"><ul>{lis}</ul></div></body></html>',
    )
    s.plan_from_page(state, listing, "news")
    items = [q["url"].rsplit("/", 1)[1] for q in state.queue if q["role"] == "news_item"]
    assert items == ["9.html", "0.html"]  # the newest item and the page's last
    base = "http://agstafa-ih.gov.az/news/"
    s.plan_from_page(state, _item_page(base + "9.html", "2018-08-17"), "news_item")
    # the last item is older than the 90-day window: the edge lies on this page, halve it
    s.plan_from_page(state, _item_page(base + "0.html", "2018-04-01"), "news_item")
    probe = state.dateless["bisect"]["probe"]
    assert probe == base + "5.html" and any(q["url"] == probe for q in state.queue)
    s.plan_from_page(state, _item_page(probe, "2018-06-01"), "news_item")  # inside: go older
    assert state.dateless["bisect"]["probe"] == base + "3.html"
