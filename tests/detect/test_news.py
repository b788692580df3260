from __future__ import annotations

from datetime import date, timedelta

import pytest

from ogpcrawl.detect.news import cadence_of, detect_news, summarise
from ogpcrawl.detect.page import Page

AS_OF = date(2018, 8, 20)


def test_window_is_90_days_back_from_last_post():
    last = date(2018, 8, 10)
    dates = [last - timedelta(days=3 * i) for i in range(60)]  # every 3 days for 177 days
    found = summarise(dates, as_of=AS_OF)
    assert found.last_date == found.window_end == last
    assert found.window_start == last - timedelta(days=90)
    in_window = 31  # days 0, 3, ..., 90 back
    assert found.per_month == round(in_window / (90 / 30.44), 2) == 10.48
    assert found.cadence == "weekly"
    assert found.days_since_last == 10
    assert found.posts_seen == 60


def test_shorter_history_shrinks_the_window():
    found = summarise([date(2018, 8, 1), date(2018, 8, 6), date(2018, 8, 11)], as_of=AS_OF)
    assert found.window_start == date(2018, 8, 1)
    assert found.per_month == round(3 / (10 / 30.44), 2) == 9.13


def test_single_day_of_history_has_no_rate():
    found = summarise([date(2018, 8, 1), date(2018, 8, 1)], as_of=AS_OF)
    assert (found.per_month, found.cadence, found.posts_seen) == (None, "rare", 2)


def test_no_posts():
    found = summarise([], as_of=AS_OF)
    assert (found.cadence, found.last_date, found.per_month, found.monthly) == (
        "none",
        None,
        None,
        {},
    )


def test_posts_after_as_of_ignored_and_monthly_counts():
    found = summarise([date(2018, 7, 1), date(2018, 7, 30), date(2018, 8, 2), date(2018, 9, 1)],
                      as_of=AS_OF)  # fmt: skip
    assert found.monthly == {"2018-07": 2, "2018-08": 1}
    assert found.last_date == date(2018, 8, 2)


@pytest.mark.parametrize(
    ("per_month", "posts", "cadence"),
    [
        (20, 5, "daily"),
        (19.99, 5, "weekly"),
        (4, 5, "weekly"),
        (3.99, 5, "monthly"),
        (1, 5, "monthly"),
        (0.99, 5, "rare"),
        (None, 1, "rare"),
        (None, 0, "none"),
    ],
)
def test_cadence_thresholds(per_month, posts, cadence):
    assert cadence_of(per_month, posts) == cadence


def _page(url, body, role, head=""):
    return Page(url=url, text=f"<html><head>{head}</head><body>{body}</body></html>", role=role)


def test_item_pages_listing_and_sitemap_deduplicated_by_link():
    item = _page(
        "http://x.gov.az/az/news/12.html",
        "<div class='metn'><h1>Başlıq</h1></div>",
        "news_item",
        head='<meta property="article:published_time" content="2018-08-02T10:00:00+04:00">',
    )
    jsonld = _page(
        "http://x.gov.az/az/news/13.html",
        "<p>mətn</p>",
        "news_item",
        head='<script type="application/ld+json">{"@type": "NewsArticle", '
        '"datePublished": "2018-08-05"}</script>',
    )
    label = _page(
        "http://x.gov.az/az/news/14.html",
        "<div class='metn'><h1>Xəbər</h1><p class='date'>24 iyul 2018 | 12:59</p>"
        "<p>Mətn 2017-ci il 22 may tarixli qərar.</p></div>",
        "news_item",
    )
    listing = _page(
        "http://x.gov.az/az/news.html",
        "<ul><li><a href='/az/news/12.html'>A</a> <span>01.08.2018</span></li>"
        "<li><a href='/az/news/11.html'>B</a> <span>30.07.2018</span></li></ul>",
        "news",
    )
    sitemap = Page(
        url="http://x.gov.az/sitemap.xml",
        role="sitemap",
        text=(
            "<urlset><url><loc>http://x.gov.az/az/news/10.html</loc><lastmod>2018-07-20</lastmod></url>"
            "<url><loc>http://x.gov.az/az/about.html</loc><lastmod>2018-08-19</lastmod></url>"
            "<url><loc>http://x.gov.az/az/news/13.html</loc><lastmod>2018-08-18</lastmod></url></urlset>"
        ),
    )
    found = detect_news([item, jsonld, label, listing, sitemap], as_of=AS_OF)
    assert found.posts_seen == 5  # 12 (meta wins over the listing), 13, 14, 11, 10
    assert found.last_date == date(2018, 8, 5)
    assert found.monthly == {"2018-07": 3, "2018-08": 2}
    assert found.url == "http://x.gov.az/az/news/13.html"
    rules = {e.rule for e in found.evidence}
    assert {"news.item_meta", "news.item_label"} <= rules


def test_dates_in_item_urls():
    from ogpcrawl.detect.listing import date_in_url

    assert date_in_url("http://x.gov.az/news/2018/08/17/409.html") == date(2018, 8, 17)
    assert date_in_url("http://x.gov.az/xeber/2018-07-03-aciq-gun") == date(2018, 7, 3)
    assert date_in_url("http://x.gov.az/news/2018/02/31/x.html") is None  # impossible
    assert date_in_url("http://x.gov.az/news/409.html?d=2018-08-17") is None  # path only
    assert date_in_url("http://x.gov.az/news/2018/09/01/x", as_of=date(2018, 8, 20)) is None


def test_interpolation_dates_undated_items_by_position():
    from ogpcrawl.detect.news import interpolate

    order = ["a", "b", "c", "d", "e"]
    known = {"a": date(2018, 8, 17), "e": date(2018, 8, 9)}
    assert interpolate(order, known) == {
        "b": date(2018, 8, 15),
        "c": date(2018, 8, 13),
        "d": date(2018, 8, 11),
    }
    # not newest first: the listing is not chronological, nothing is guessed
    assert interpolate(order, {"a": date(2018, 8, 1), "e": date(2018, 8, 9)}) == {}
    assert interpolate(order, {"a": date(2018, 8, 1)}) == {}


def _dateless_listing(url: str, ids: range, next_url: str | None = None) -> Page:
    lis = "".join(f'<li><a href="/news/{i}.html">Xəbər başlığı nömrə {i}</a></li>' for i in ids)
    nxt = f'<a class="next" href="{next_url}">»</a>' if next_url else ""
    return Page(
        url, f'<html><body><div id="content"><ul>{lis}</ul>{nxt}</div></body></html>', role="news"
    )


def _item(i: int, day: date) -> Page:
    return Page(
        f"http://x.gov.az/news/{i}.html",
        role="news_item",
        text=(
            f'<html><head><meta property="article:published_time" content="{day.isoformat()}">'
            f"</head><body><h1>Xəbər {i}</h1></body></html>"
        ),
    )


def test_a_dateless_listing_is_dated_from_sampled_items_and_positions():
    # 30 items, one every 3 days from 2018-08-17 back; the crawl read items 0, 9, 19 and 29
    days = {i: date(2018, 8, 17) - timedelta(days=3 * i) for i in range(30)}
    pages = [
        _dateless_listing("http://x.gov.az/news.html", range(100, 110), "/news.html?page=2"),
        _dateless_listing("http://x.gov.az/news.html?page=2", range(110, 120)),
        _dateless_listing("http://x.gov.az/news.html?page=3", range(120, 130)),
    ]
    pages += [_item(100 + i, days[i]) for i in (0, 9, 19, 29)]
    found = detect_news(pages, as_of=date(2018, 8, 20))
    assert found.posts_seen == 30 and found.last_date == date(2018, 8, 17)
    assert found.per_month == round(30 / (87 / 30.44), 2)
    assert found.dated_by == {"interpolated": 26, "item_page": 4}
    assert any(e.rule == "news.interpolated" for e in found.evidence)
