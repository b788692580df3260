"""search_works: the answer to a query sent through the home page's form, judged (detect/search.py)."""

from __future__ import annotations

from datetime import date

import pytest

from ogpcrawl.detect.navigation import latest_news_title
from ogpcrawl.detect.page import FailedPage, Page
from ogpcrawl.detect.search import SearchForm, judge_search, query_word

FORM = SearchForm("http://x.gov.az/search.html", "GET", "q")
Q = "hakimiyyətinin"
HOME = Page(
    "http://x.gov.az/",
    '<html><body><div id="menu"><a href="/news.html">Xəbərlər</a></div><div id="content">'
    '<ul class="news-list"><li><a href="/news/5.html">İcra hakimiyyətinin başçısı qəbul edib</a>'
    '<span class="date">17.08.2018</span></li></ul></div></body></html>',
    role="home",
)


def results(
    content: str, url: str = "http://x.gov.az/search.html?q=x", sidebar: str = "", status: int = 200
) -> Page:
    return Page(
        url,
        f'<html><body><div id="menu"><a href="/news.html">Xəbərlər</a></div>'
        f'<div id="content">{content}</div>{sidebar}</body></html>',
        status=status,
        role="search_check",
    )


HIT = '<ul class="results"><li><a href="/news/5.html">İcra hakimiyyətinin başçısı qəbul edib</a></li></ul>'
ECHO = f'<h1>Axtarış: {Q}</h1><form action="/search.html"><input name="q" value="{Q}"></form>'


def judge(page, **kw):
    kw.setdefault("query", Q)
    kw.setdefault("form", FORM)
    kw.setdefault("home", HOME)
    return judge_search(page, **kw)


def test_a_listed_result_makes_search_work():
    f = judge(results(ECHO + HIT))
    assert (f.works, f.rule) == (True, "search.results")
    assert "news/5.html" in f.evidence[0].snippet and f.evidence[0].finding == "search_works"


def test_the_echo_of_the_query_is_not_a_result():
    f = judge(results(ECHO + '<ul class="results"></ul>'))
    assert (f.works, f.rule) == (False, "search.no_hits")


@pytest.mark.parametrize(
    "message",
    [
        "Axtarışınıza uyğun nəticə tapılmadı.",
        "Heç nə tapılmadı",
        "Ничего не найдено",
        "По вашему запросу ничего не найдено",
        "No results found for your query.",
        "Nothing found",
        "Axtarış nəticəsi: 0 nəticə",
    ],
)
def test_nothing_found_messages_in_three_languages(message):
    f = judge(results(ECHO + f"<p>{message}</p>"))
    assert (f.works, f.rule) == (False, "search.no_results")


def test_a_nothing_found_page_with_latest_news_aside_is_not_working():
    # the "latest news" block lists the very title the query came from
    f = judge(results(ECHO + "<p>Nəticə tapılmadı</p>" + HIT))
    assert f.works is False


def test_links_also_shown_for_a_nonsense_query_are_not_results():
    block = f'<div class="latest"><h3>Son xəbərlər</h3>{HIT}</div>'
    control = results(
        ECHO.replace(Q, "qxzjvwkq") + block, url="http://x.gov.az/search.html?q=qxzjvwkq"
    )
    f = judge(results(ECHO + block), control=control)
    assert (f.works, f.rule) == (False, "search.no_hits")
    # ... while a real hit beside the same block still counts
    real = '<ul><li><a href="/news/9.html">Başçı İcra hakimiyyətinin işçiləri ilə görüşüb</a></li></ul>'
    assert judge(results(ECHO + real + block), control=control).works is True


def test_the_unchanged_home_page_is_not_a_results_page():
    page = Page("http://x.gov.az/?q=" + Q, HOME.text, role="search_check")
    f = judge(page)
    assert (f.works, f.rule) == (False, "search.unchanged_home")


def test_links_back_to_the_search_are_not_results():
    pages = (
        f'<div class="pager"><a href="/search.html?q={Q}&page=2">{Q} — 2</a>'
        f'<a href="/search.html?q={Q}&sort=date">{Q} tarixə görə</a></div>'
    )
    assert judge(results(ECHO + pages)).works is False


def test_hidden_fields_tell_the_search_from_results_on_one_script():
    form = SearchForm("http://x.gov.az/modul.php", "GET", "q", (("name", "search"),))
    content = (
        f'<a href="/modul.php?name=search&q={Q}&p=2">{Q} 2</a>'
        '<a href="/modul.php?name=xeber&id=5">İcra hakimiyyətinin başçısı</a>'
    )
    f = judge(results(content, url="http://x.gov.az/modul.php?name=search&q=x"), form=form)
    assert f.works is True and "name=xeber" in f.evidence[0].snippet


def test_results_of_other_sites_do_not_count():
    content = f'<a href="https://www.google.com/search?x=1">{Q} Google</a>'
    assert judge(results(content)).works is False


@pytest.mark.parametrize(
    ("error", "works", "rule"),
    [
        ("http_4xx", False, "search.http_error"),
        ("http_5xx", False, "search.http_error"),
        ("robots", None, "search.robots"),
        ("timeout", None, "search.failed"),
    ],
)
def test_a_failed_request(error, works, rule):
    f = judge(None, failed=FailedPage("http://x.gov.az/search.html?q=x", error, "search_check"))
    assert (f.works, f.rule) == (works, rule)


def test_an_error_status_page_is_not_working():
    assert judge(results(HIT, status=500)).rule == "search.http_error"


def test_null_without_form_query_or_answer():
    assert judge(results(HIT), form=None).works is None
    assert judge(results(HIT), query=None).rule == "search.no_query"
    assert judge(None).rule == "search.not_tried"


def test_query_word_is_the_longest_word_of_the_title():
    assert query_word("İcra hakimiyyətinin başçısı vətəndaşları qəbul edib") == "hakimiyyətinin"
    assert query_word("Azərbaycan Respublikasının Prezidenti: 2018") == "Prezidenti"
    assert query_word("Bu 12") is None
    assert query_word(None) is None


def test_latest_news_title_takes_the_newest_dated_item():
    page = Page(
        "http://x.gov.az/news.html",
        '<html><body><ul class="news">'
        '<li><a href="/news/1.html">Köhnə xəbərin başlığı</a> <span>01.08.2018</span></li>'
        '<li><a href="/news/2.html">Ən yeni xəbərin başlığı</a> <span>18.08.2018</span></li>'
        '<li><a href="/news/3.html">Gələcək tarixli xəbər</a> <span>25.08.2018</span></li>'
        "</ul></body></html>",
        role="news",
    )
    assert latest_news_title(page, as_of=date(2018, 8, 20)) == "Ən yeni xəbərin başlığı"


def test_latest_news_title_of_a_dateless_listing_is_its_first_item():
    page = Page(
        "http://x.gov.az/news.html",
        '<html><body><div id="content">'
        '<a href="/news/9.html">Birinci xəbərin başlığı</a>'
        '<a href="/news/8.html">İkinci xəbərin başlığı</a></div></body></html>',
        role="news",
    )
    assert latest_news_title(page, as_of=date(2018, 8, 20)) == "Birinci xəbərin başlığı"


def test_a_search_served_from_a_sub_domain_links_back_to_the_site():
    form = SearchForm("http://axtaris.x.gov.az/", "GET", "q")
    page = results(
        ECHO + HIT.replace('href="/news/5.html"', 'href="http://x.gov.az/news/5.html"'),
        url="http://axtaris.x.gov.az/?q=x",
    )
    assert judge(page, form=form).works is True
    # ... but a link to another site is no result
    other = results(
        ECHO + HIT.replace('href="/news/5.html"', 'href="http://y.gov.az/news/5.html"'),
        url="http://axtaris.x.gov.az/?q=x",
    )
    assert judge(other, form=form).works is False


def test_query_word_fits_the_page_charset():
    title = "Nazirin müavini gənclərlə görüş keçirib"
    assert query_word(title) == "gənclərlə"
    # a windows-1251 page cannot send "ə" (a browser would send an entity): an ASCII word
    assert query_word(title, encoding="windows-1251") == "Nazirin"
    assert query_word(title, encoding="utf-8") == "gənclərlə"
    assert query_word("Gənclər görüşü", encoding="cp1251") == "Gənclər"  # nothing writable: longest
