"""Social accounts' activity: each network's public view (saved markup, frozen AS_OF), the traps
(pinned old post, login wall, never-posted profile, 429, dates in several languages and relative
forms) and the contract's scale at its edges."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ogpcrawl.detect import activity as A

AS_OF = date(2018, 8, 20)
FIX = Path(__file__).resolve().parents[1] / "fixtures" / "social"


def fixture(name: str) -> str:
    return (FIX / name).read_text("utf-8")


def view(name: str, url: str = "https://example/view", status: int = 200) -> dict:
    return {"url": url, "status": status, "text": fixture(name), "error": None}


# -- the scale ----------------------------------------------------------------------------------


def days_ago(*offsets: int) -> list[date]:
    return [AS_OF - timedelta(days=o) for o in offsets]


@pytest.mark.parametrize(
    ("posts", "expected"),
    [
        ([], "stopped"),  # never posted
        (days_ago(60), "stopped"),  # the newest post is 60 days old: none in the 60 days
        (days_ago(59), "weak"),  # one post inside the 60 days, one in 90 days
        (days_ago(*range(0, 90, 15)), "moderate"),  # 6 posts / 90 days = 2.03 a month
        (days_ago(*range(0, 90, 18)), "weak"),  # 5 posts = 1.69 a month
        (days_ago(*range(26)), "active"),  # 26 posts = 2.02 a week
        (days_ago(*range(25)), "moderate"),  # 25 posts = 1.94 a week
        (days_ago(*range(90)), "intense"),  # one a day = 7 a week
        (days_ago(*range(89)), "active"),  # 89 posts = 6.92 a week
        (days_ago(*range(0, 400, 2))[:10] + days_ago(200, 300), "moderate"),  # old ones ignored
    ],
)
def test_scale(posts, expected):
    assert A.classify(posts, as_of=AS_OF).activity == expected


def test_scale_ignores_posts_after_as_of_and_reports_last_post():
    act = A.classify([AS_OF + timedelta(days=3), *days_ago(5, 40)], as_of=AS_OF)
    assert act.last_post == AS_OF - timedelta(days=5)
    assert act.posts_90d == 2


def test_never_posted_is_stopped_with_no_last_post():
    act = A.classify([], as_of=AS_OF)
    assert act.to_contract() == {"activity": "stopped", "last_post": None, "posts_90d": 0}


def test_cut_off_view_takes_the_rate_over_the_days_it_covers():
    # 20 visible posts over the last 14 days, the view cut off: ~10 a week, not 20 in 90 days
    posts = days_ago(*[i * 14 // 20 for i in range(20)])
    assert A.classify(posts, as_of=AS_OF).activity == "moderate"
    covered = A.classify(posts, as_of=AS_OF, covered_from=min(posts))
    assert covered.activity == "intense"
    assert covered.posts_90d == 20


def test_thresholds_come_from_the_social_spec():
    from ogpcrawl import specs

    th = specs.active()["social"].thresholds
    assert A.scale() == {k: th[k] for k in A.SCALE_KEYS}
    assert (
        th["stopped_days"],
        th["window_days"],
        th["intense_per_week"],
        th["active_per_week"],
        th["moderate_per_month"],
    ) == (60, 90, 7, 2, 2)


def test_agency_activity_is_the_most_active_account():
    social = [{"activity": "unknown"}, {"activity": "weak"}, {"activity": "active"}]
    assert A.agency_activity(social) == "active"
    assert A.agency_activity([{"activity": "unknown"}]) == "unknown"
    assert A.agency_activity([]) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("3 saat əvvəl", AS_OF),
        ("dünən", date(2018, 8, 19)),
        ("2 gün əvvəl", date(2018, 8, 18)),
        ("1 həftə əvvəl", date(2018, 8, 13)),
        ("3 avqust", date(2018, 8, 3)),
        ("3 avqust 2017", date(2017, 8, 3)),
        ("15 iyul saat 12:30", date(2018, 7, 15)),
        ("Yesterday at 10:00", date(2018, 8, 19)),
        ("Today at 09:15", AS_OF),
        ("3 days ago", date(2018, 8, 17)),
        ("Aug 3", date(2018, 8, 3)),
        ("August 3 at 10:00 AM", date(2018, 8, 3)),
        ("July 28, 2017", date(2017, 7, 28)),
        ("2h", AS_OF),
        ("3d", date(2018, 8, 17)),
        ("1w", date(2018, 8, 13)),
        ("вчера в 18:42", date(2018, 8, 19)),
        ("3 дня назад", date(2018, 8, 17)),
        ("3 авг в 9:15", date(2018, 8, 3)),
        ("25 июл 2017", date(2017, 7, 25)),
        ("Dec 25", date(2017, 12, 25)),  # no year: the latest such day not after AS_OF
    ],
)
def test_dates_as_networks_write_them_read_against_as_of(text, expected):
    assert A._from_text(text, AS_OF) == expected


# -- YouTube --------------------------------------------------------------------------------------


def test_youtube_feed():
    r = A.parse_youtube_feed(fixture("youtube_feed.xml"), as_of=AS_OF)
    assert r.recognised
    assert date(2018, 7, 11) in r.posts  # 20:30 at -04:00 is the 11th in UTC
    got = A.judge_account(
        "youtube",
        "https://www.youtube.com/channel/UCbinegediih",
        [view("youtube_feed.xml")],
        as_of=AS_OF,
    )
    assert got.activity.to_contract() == {
        "activity": "weak",
        "last_post": "2018-08-18",
        "posts_90d": 3,
    }
    assert got.evidence[0].rule == "activity.youtube"


def test_youtube_channel_that_never_posted_is_stopped():
    got = A.judge_account(
        "youtube",
        "https://www.youtube.com/channel/UCyasamalih",
        [view("youtube_feed_empty.xml")],
        as_of=AS_OF,
    )
    assert got.activity.to_contract() == {"activity": "stopped", "last_post": None, "posts_90d": 0}


def test_youtube_view_urls():
    assert (
        A.view_url("youtube", "https://www.youtube.com/channel/UCabc")
        == "https://www.youtube.com/feeds/videos.xml?channel_id=UCabc"
    )
    assert (
        A.view_url("youtube", "https://www.youtube.com/user/azgov")
        == "https://www.youtube.com/feeds/videos.xml?user=azgov"
    )
    # an @handle or /c/ name: its channel page first, which names the feed
    assert (
        A.view_url("youtube", "https://www.youtube.com/@handle")
        == "https://www.youtube.com/@handle"
    )
    assert (
        A.view_url("youtube", "https://www.youtube.com/c/azgov")
        == "https://www.youtube.com/c/azgov"
    )


def test_youtube_handle_is_looked_up_on_its_channel_page():
    page = view("youtube_channel_page.html", "https://www.youtube.com/@binegedi")
    feed_url = "https://www.youtube.com/feeds/videos.xml?channel_id=UCbinegediih"
    assert A.next_view("youtube", [page], as_of=AS_OF) == feed_url
    feed = view("youtube_feed.xml", feed_url)
    got = A.judge_account("youtube", "https://www.youtube.com/@binegedi", [page, feed], as_of=AS_OF)
    assert got.activity.to_contract() == {
        "activity": "weak",
        "last_post": "2018-08-18",
        "posts_90d": 3,
    }
    assert got.evidence[0].url == feed_url
    # only the page read (one request per account): unknown, and why
    only = A.judge_account("youtube", "https://www.youtube.com/@binegedi", [page], as_of=AS_OF)
    assert only.activity.activity == "unknown"
    assert "feed was not read" in only.evidence[0].snippet
    blank = {"url": "https://www.youtube.com/@x", "status": 200, "text": "<html></html>"}
    assert A.next_view("youtube", [blank], as_of=AS_OF) is None
    assert (
        "names no channel feed"
        in A.judge_account("youtube", "https://www.youtube.com/@x", [blank], as_of=AS_OF)
        .evidence[0]
        .snippet
    )


# -- Telegram -------------------------------------------------------------------------------------


def test_telegram_preview_reads_time_datetime_and_load_more():
    r = A.parse_telegram_preview(
        fixture("telegram_preview.html"), as_of=AS_OF, base_url="https://t.me/s/agency"
    )
    assert r.posts == (date(2018, 7, 30), date(2018, 8, 10), date(2018, 8, 18))
    assert r.more and r.next_url == "https://t.me/s/agency?before=118"
    views = [view("telegram_preview.html", "https://t.me/s/agency")]
    assert A.next_view("telegram", views, as_of=AS_OF) == "https://t.me/s/agency?before=118"
    got = A.judge_account("telegram", "https://t.me/agency", views, as_of=AS_OF)
    # cut off at 30 July: 3 posts in 22 days is ~4 a month
    assert got.activity.to_contract() == {
        "activity": "moderate",
        "last_post": "2018-08-18",
        "posts_90d": 3,
    }
    assert A.view_url("telegram", "https://t.me/agency") == "https://t.me/s/agency"


def test_telegram_without_public_preview_is_unknown():
    got = A.judge_account(
        "telegram",
        "https://t.me/someone",
        [view("telegram_private.html", "https://t.me/s/someone")],
        as_of=AS_OF,
    )
    assert got.activity.activity == "unknown"
    assert "no public preview" in got.evidence[0].snippet


# -- Facebook -------------------------------------------------------------------------------------


def test_facebook_plugin_pinned_old_post_does_not_fool_last_post():
    r = A.parse_facebook_plugin(fixture("facebook_plugin.html"), as_of=AS_OF)
    assert r.posts[0] == date(2016, 5, 10) and r.pinned[0]
    # unix time, "2 gün əvvəl", "3 avqust", "Jul 28" all read against AS_OF
    assert r.posts[1:] == (
        date(2018, 8, 19),
        date(2018, 8, 18),
        date(2018, 8, 3),
        date(2018, 7, 28),
    )
    got = A.judge_account(
        "facebook",
        "https://www.facebook.com/AgencyPage",
        [view("facebook_plugin.html")],
        as_of=AS_OF,
    )
    assert got.activity.to_contract() == {
        "activity": "weak",
        "last_post": "2018-08-19",
        "posts_90d": 4,
    }


def test_facebook_login_wall_is_unknown_with_reason():
    got = A.judge_account(
        "facebook",
        "https://www.facebook.com/AgencyPage",
        [view("facebook_login.html")],
        as_of=AS_OF,
    )
    assert got.activity.to_contract() == {
        "activity": "unknown",
        "last_post": None,
        "posts_90d": None,
    }
    assert got.evidence[0].rule == "activity.login_wall"
    assert "login wall" in got.evidence[0].snippet


def test_facebook_view_url_is_the_page_plugin():
    assert (
        A.view_url("facebook", "https://www.facebook.com/Agency")
        == "https://www.facebook.com/plugins/page.php?href=https%3A%2F%2Fwww.facebook.com"
        "%2FAgency&tabs=timeline"
    )


def _fb_post(utime: int, pinned: bool = False) -> str:
    label = '<span class="_5pin_label">Pinned Post</span>' if pinned else ""
    return (
        f'<div class="_5pcr userContentWrapper">{label}<a class="_5pcq" href="#">'
        f'<abbr data-utime="{utime}"><span class="timestampContent">x</span></abbr></a></div>'
    )


def test_facebook_full_plugin_is_cut_off_and_unmarked_pinned_post_is_set_aside():
    noon = 1534766400  # 2018-08-20 12:00 UTC
    old = 1462870800  # 2016: pinned, but this plugin does not say so
    posts = "".join(_fb_post(noon - i * 16 * 3600) for i in range(19))  # 19 in ~12.7 days
    html = f'<div data-testid="page-plugin">{_fb_post(old)}{posts}</div>'
    got = A.judge_account(
        "facebook",
        "https://www.facebook.com/X",
        [{"url": "u", "status": 200, "text": html}],
        as_of=AS_OF,
    )
    assert got.activity.activity == "intense"
    assert got.activity.last_post == AS_OF


# -- VK -------------------------------------------------------------------------------------------


def test_vk_wall_dates_in_several_forms():
    r = A.parse_vk_wall(fixture("vk_wall.html"), as_of=AS_OF, base_url="https://vk.com/agency")
    assert r.posts == (
        date(2015, 1, 1),
        AS_OF,
        date(2018, 8, 19),
        date(2018, 8, 3),
        date(2018, 7, 25),
        date(2017, 8, 3),
    )
    assert r.pinned[0] and not any(r.pinned[1:])
    assert r.next_url == "https://vk.com/agency?offset=20&own=1"
    got = A.judge_account(
        "vk", "https://vk.com/agency", [view("vk_wall.html", "https://vk.com/agency")], as_of=AS_OF
    )
    assert got.activity.to_contract() == {
        "activity": "weak",
        "last_post": "2018-08-20",
        "posts_90d": 4,
    }
    # the wall already reaches back past the window: no second page is needed
    assert A.next_view("vk", [view("vk_wall.html", "https://vk.com/agency")], as_of=AS_OF) is None


# -- failures and networks without a view ---------------------------------------------------------


@pytest.mark.parametrize(
    ("v", "reason"),
    [
        ({"url": "u", "status": 429, "text": "", "error": "http_4xx"}, "429"),
        ({"url": "u", "status": None, "text": "", "error": "robots"}, "robots.txt"),
        ({"url": "u", "status": None, "text": "", "error": "timeout"}, "timeout"),
        (
            {"url": "u", "status": 200, "text": "<html><p>hello</p></html>", "error": None},
            "not the network's public view",
        ),
    ],
)
def test_failures_are_unknown_with_the_reason(v, reason):
    got = A.judge_account("facebook", "https://www.facebook.com/X", [v], as_of=AS_OF)
    assert got.activity.activity == "unknown"
    assert reason in got.evidence[0].snippet


@pytest.mark.parametrize("network", ["instagram", "twitter", "linkedin", "tiktok"])
def test_networks_without_login_free_view(network):
    got = A.judge_account(network, f"https://{network}.com/x", [], as_of=AS_OF)
    assert got.activity.activity == "unknown"
    assert got.evidence[0].rule == "activity.no_view"
    assert "no login-free view" in got.evidence[0].snippet
    assert A.view_url(network, f"https://{network}.com/x") is None


def test_view_hosts_list_the_networks_read():
    hosts = A.view_hosts()
    assert {"www.facebook.com", "www.youtube.com", "t.me", "vk.com"} <= hosts
    assert "www.instagram.com" not in hosts


# -- the parsers never raise ----------------------------------------------------------------------


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=400), st.sampled_from(sorted(A.PARSERS)))
def test_parsers_never_raise_on_arbitrary_text(text, name):
    reading = A.PARSERS[name](text, as_of=AS_OF)
    assert all(isinstance(d, date) for d in reading.posts)


_TAGS = st.sampled_from(
    [
        "<feed>",
        "</feed>",
        "<entry>",
        "</entry>",
        "<published>",
        "</published>",
        '<div class="tgme_widget_message">',
        "<time datetime='",
        "'>",
        "</div>",
        '<abbr data-utime="',
        '">',
        "</abbr>",
        '<div class="post">',
        '<span class="rel_date" time="',
        '<a class="tme_messages_more" href="',
        "2018-08-01T10:00:00+00:00",
        "99999999999999",
        "-1",
        "2 gün əvvəl",
        "3 avqust",
        "вчера в 10:00",
        "Aug 3",
        "<form action='/login'>",
    ]
)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.one_of(_TAGS, st.text(max_size=20)), max_size=30),
    st.sampled_from(sorted(A.PARSERS)),
)
def test_parsers_never_raise_on_view_shaped_soup(parts, name):
    text = "".join(parts)
    reading = A.PARSERS[name](text, as_of=AS_OF)
    assert all(d.year >= 1991 for d in reading.posts)
    got = A.judge_account(
        {
            "youtube_feed": "youtube",
            "telegram_preview": "telegram",
            "facebook_plugin": "facebook",
            "vk_wall": "vk",
        }[name],
        "https://x/y",
        [{"url": "https://x/y", "status": 200, "text": text}],
        as_of=AS_OF,
    )
    assert got.activity.activity in A.ACTIVITIES
