"""How active a social-network account is, from the network's public, login-free view.

Pure: markup in, dates and a verdict out; AS_OF is passed in, the clock is never read.

Views read (social_networks.json names them per network):
  youtube   the channel's Atom feed, feeds/videos.xml?channel_id=<UC...> or ?user=<name>:
            one <entry> per video, <published> its date (the newest 15 videos)
  telegram  the channel's public preview, t.me/s/<name>: one .tgme_widget_message a post,
            <time datetime="..."> its date; "load more" is a.tme_messages_more (?before=<id>)
  facebook  the page plugin (what a "like box" shows without login),
            plugins/page.php?href=<page url>&tabs=timeline: <abbr data-utime="unix"> per post,
            else the abbr's title or text ("3 avqust", "2 gün əvvəl", "Aug 3")
  vk        the public wall, vk.com/<name>: div.post, .post_date .rel_date with a `time`
            (unix) attribute, else its text ("сегодня в 10:00", "3 авг в 9:15", "3 Aug 2017")
Other networks have no login-free view: their accounts are `unknown` with that reason.

The scale (classify) is the shared contract's; its thresholds are in the social indicator's spec
(ogpcrawl/specs/indicators/social.toml), the networks' views in social_networks.json. A view shows
only the newest posts; when it is cut off (older posts exist) inside the 90-day window, the rate
is taken over the days the view does cover, so an intense account whose 20 visible posts span a
fortnight is not judged by 20 posts in 90 days. Posts a view marks as pinned, and old posts
sitting above newer ones (a pinned post unmarked), are dated like any post but never decide how
far back the view reaches.

Rule ids: activity.<network> (read from the view), activity.no_view, activity.failed (the request
failed or was refused: the reason is the snippet), activity.login_wall, activity.unrecognised.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from fractions import Fraction
from functools import lru_cache
from importlib import resources
from urllib.parse import quote, unquote, urljoin, urlsplit

from parsel import Selector

from ogpcrawl.detect.dates import parse_date
from ogpcrawl.detect.page import Evidence
from ogpcrawl.detect.text import clean_space
from ogpcrawl.vocab import ACTIVITIES

MAX_VIEW_CHARS = 3_000_000  # a view larger than this is cut (hostile or broken pages)
MAX_POSTS = 500


@lru_cache(maxsize=1)
def spec() -> dict:
    """The networks' views (ogpcrawl/detect/social_networks.json)."""
    raw = resources.files("ogpcrawl.detect").joinpath("social_networks.json").read_text("utf-8")
    return json.loads(raw)


SCALE_KEYS = (
    "stopped_days",
    "window_days",
    "intense_per_week",
    "active_per_week",
    "moderate_per_month",
    "days_per_month",
)
# The scale's order, least active first (unknown lowest): the agency's class is its best account's.
ORDER = ("unknown", "stopped", "weak", "moderate", "active", "intense")


@lru_cache(maxsize=1)
def scale() -> dict:
    """The scale's thresholds (ogpcrawl/specs/indicators/social.toml [thresholds])."""
    from ogpcrawl import specs

    social = specs.active()["social"]
    return {k: social.threshold(k) for k in SCALE_KEYS}


def network_spec(network: str) -> dict:
    return spec()["networks"].get(network) or {"view": None, "reason": "no login-free view"}


def view_hosts() -> frozenset[str]:
    """Every host the crawler may request to read an account's public view (robots.txt
    included); an off-site request filter must let these through."""
    return frozenset(h for n in spec()["networks"].values() for h in n.get("hosts", ()))


# -- reading the views ------------------------------------------------------------------------


@dataclass(frozen=True)
class Reading:
    """What one fetched view shows."""

    recognised: bool  # the markup is the network's view (a page of it, possibly without posts)
    posts: tuple[date, ...] = ()  # in page order
    pinned: tuple[bool, ...] = ()  # parallel to posts
    more: bool | None = None  # older posts exist beyond this view (None: the view cannot say)
    next_url: str | None = None  # where the older posts are (telegram, vk)
    blocked: str | None = None  # a login wall or similar: why the view shows nothing
    newest_first: bool = True  # page order (Telegram's preview lists oldest first)


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")


def _sel(text: str, *, xml: bool = False) -> Selector | None:
    if not isinstance(text, str) or not text.strip():
        return None
    # control characters make lxml refuse attribute access later; they carry no dates
    text = _CONTROL.sub(" ", text[:MAX_VIEW_CHARS])
    try:
        sel = Selector(text=text, type="xml" if xml else "html")
    except Exception:  # lxml refuses some byte soup outright; no view is no view
        return None
    if xml:
        sel.remove_namespaces()
    return sel


def _from_iso(value: str | None) -> date | None:
    if not value:
        return None
    value = value.strip()
    try:
        dt = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    if dt.tzinfo is not None:
        dt = dt.astimezone(UTC)  # an instant: its UTC calendar day
    return dt.date() if dt.year >= 1991 else None


def _from_unix(value: str | None) -> date | None:
    if not value or not value.strip().isdigit() or len(value.strip()) > 11:
        return None
    try:
        d = datetime.fromtimestamp(int(value.strip()), UTC).date()
    except (OverflowError, OSError, ValueError):
        return None
    return d if d.year >= 1991 else None


_CLOCK = re.compile(r"\s*(?:,|\bat\b|\bв\b|\bsaat\b)?\s*\d{1,2}:\d{2}(?:\s*[ap]\.?m\.?)?", re.I)


# The networks' shortest relative stamps ("5m", "2h", "3d", "1w"): days per unit.
_SHORT = re.compile(r"^(\d{1,3})\s*(m|mins?|h|hrs?|d|w)$", re.I)
_SHORT_DAYS = {"m": 0, "min": 0, "mins": 0, "h": 0, "hr": 0, "hrs": 0, "d": 1, "w": 7}


def _from_text(value: str | None, as_of: date) -> date | None:
    """A date as a network writes it for people: "3 avqust", "Aug 3", "2 gün əvvəl",
    "сегодня в 10:00", "yesterday at 9:15 pm", "3d", "1w"."""
    if not value:
        return None
    value = clean_space(value, 120)
    short = _SHORT.match(value)
    if short:
        return as_of - timedelta(days=int(short.group(1)) * _SHORT_DAYS[short.group(2).lower()])
    found = parse_date(value, as_of=as_of)
    if found is None:
        bare = _CLOCK.sub(" ", value).strip(" ,")
        if bare and bare != value:
            found = parse_date(bare, as_of=as_of)
    return found


_LOGIN = re.compile(
    r"""<form[^>]+action=["'][^"']*login|id=["']login_form|class=["'][^"']*login_form|"""
    r"""Log in to (?:Facebook|continue)|You must log in|Daxil olun|Войдите|quick_login""",
    re.I,
)


def _login_wall(text: str, sel: Selector) -> str | None:
    return "login wall" if _LOGIN.search(text[:200_000]) else None


def parse_youtube_feed(text: str, *, as_of: date) -> Reading:
    sel = _sel(text, xml=True)
    if sel is None or not sel.xpath("/feed"):
        return Reading(False)
    posts = []
    for entry in sel.xpath("/feed/entry")[:MAX_POSTS]:
        d = _from_iso(entry.xpath("string(published)").get()) or _from_iso(
            entry.xpath("string(updated)").get()
        )
        if d is not None:
            posts.append(d)
    size = network_spec("youtube").get("view_size", 15)
    return Reading(True, tuple(posts), (False,) * len(posts), more=len(posts) >= size)


def parse_telegram_preview(text: str, *, as_of: date, base_url: str = "https://t.me/") -> Reading:
    sel = _sel(text)
    if sel is None:
        return Reading(False)
    messages = sel.css(".tgme_widget_message")
    channel = sel.css(".tgme_channel_info, .tgme_header_info, .tgme_channel_history")
    if not messages and not channel:
        # t.me/<name> without a preview (a private channel, a person): no view to read
        wall = "no public preview" if sel.css(".tgme_page, .tgme_page_extra") else None
        return Reading(False, blocked=wall)
    posts, pinned = [], []
    for msg in messages[:MAX_POSTS]:
        raw = msg.css(".tgme_widget_message_date time::attr(datetime), time::attr(datetime)").get()
        d = _from_iso(raw) or _from_text(msg.css(".tgme_widget_message_date ::text").get(), as_of)
        if d is not None:
            posts.append(d)
            pinned.append("pinned" in (msg.attrib.get("class") or "").lower())
    more_href = sel.css("a.tme_messages_more::attr(href), a[data-before]::attr(href)").get()
    next_url = urljoin(base_url, more_href) if more_href else None
    return Reading(
        True,
        tuple(posts),
        tuple(pinned),
        more=next_url is not None,
        next_url=next_url,
        newest_first=False,
    )


_PINNED_WORDS = re.compile(r"pinned|sancılmış|sabitlənmiş|закрепл", re.I)


def parse_facebook_plugin(text: str, *, as_of: date) -> Reading:
    sel = _sel(text)
    if sel is None:
        return Reading(False)
    stamps = sel.css("abbr[data-utime], abbr.timestampContent, abbr[title], ._5pcq abbr")
    page = sel.css(
        "._1drp, ._2pi9, .uiScaledImageContainer, ._5pcr, .userContentWrapper, "
        "[data-testid='page-plugin'], ._10b4, ._1dro"
    )
    if not stamps and not page:
        wall = _login_wall(text, sel)
        return Reading(False, blocked=wall)
    posts, pinned = [], []
    seen_nodes: set = set()
    for abbr in stamps[:MAX_POSTS]:
        if abbr.root in seen_nodes:
            continue
        seen_nodes.add(abbr.root)
        d = (
            _from_unix(abbr.attrib.get("data-utime"))
            or _from_text(abbr.attrib.get("title"), as_of)
            or _from_text(abbr.xpath("string()").get(), as_of)
        )
        if d is None:
            continue
        post = abbr.xpath(
            "ancestor::*[contains(concat(' ', normalize-space(@class), ' '),"
            " ' userContentWrapper ') or contains(@class, '_5pcr')][1]"
        )
        marker = " ".join(post.xpath(".//@class | .//text()").getall()[:200]) if post else ""
        posts.append(d)
        pinned.append(bool(_PINNED_WORDS.search(marker)))
    size = network_spec("facebook").get("view_size", 20)
    return Reading(True, tuple(posts), tuple(pinned), more=len(posts) >= size)


def parse_vk_wall(text: str, *, as_of: date, base_url: str = "https://vk.com/") -> Reading:
    sel = _sel(text)
    if sel is None:
        return Reading(False)
    items = sel.css("div.post, div._post, div.wall_item")
    wall = sel.css("#page_wall_posts, .wall_posts, #wall_tabs, .page_block_header, .wall_module")
    if not items and not wall:
        return Reading(False, blocked=_login_wall(text, sel))
    posts, pinned = [], []
    for item in items[:MAX_POSTS]:
        rel = item.css(".post_date .rel_date, .rel_date, .wi_date, .post_date")
        if not rel:
            continue
        node = rel[0]
        d = _from_unix(node.attrib.get("time")) or _from_text(node.xpath("string()").get(), as_of)
        if d is None:
            continue
        posts.append(d)
        cls = item.attrib.get("class") or ""
        pinned.append("post_fixed" in cls or bool(item.css(".post_fixed, .wall_fixed_label")))
    href = sel.css(
        "a.show_more::attr(href), a#wall_more_link::attr(href), a.wall_more::attr(href)"
    ).get()
    next_url = urljoin(base_url, href) if href else None
    size = network_spec("vk").get("view_size", 20)
    more = True if next_url else (len(posts) >= size or None)
    return Reading(True, tuple(posts), tuple(pinned), more=more, next_url=next_url)


PARSERS = {
    "youtube_feed": parse_youtube_feed,
    "telegram_preview": parse_telegram_preview,
    "facebook_plugin": parse_facebook_plugin,
    "vk_wall": parse_vk_wall,
}


# -- where the views are ----------------------------------------------------------------------


def view_url(network: str, account_url: str) -> str | None:
    """The login-free view of an account (detect.social's canonical url), or None."""
    view = network_spec(network).get("view")
    try:
        parts = urlsplit(account_url)
    except ValueError:
        return None
    segs = [unquote(s) for s in parts.path.split("/") if s]
    if not segs:
        return None
    if view == "youtube_feed":
        if segs[0] == "channel" and len(segs) >= 2:
            return f"https://www.youtube.com/feeds/videos.xml?channel_id={quote(segs[1])}"
        if segs[0] == "user" and len(segs) >= 2:
            return f"https://www.youtube.com/feeds/videos.xml?user={quote(segs[1])}"
        # an @handle, /c/<name> or legacy /<name>: the channel page names its feed (a lookup)
        return "https://www.youtube.com/" + "/".join(quote(x, safe="@") for x in segs[:2])
    if view == "telegram_preview":
        name = segs[1] if segs[0] == "s" and len(segs) >= 2 else segs[0]
        return f"https://t.me/s/{quote(name)}"
    if view == "facebook_plugin":
        page = f"https://www.facebook.com/{'/'.join(segs)}"
        if parts.query:
            page += "?" + parts.query
        return (
            "https://www.facebook.com/plugins/page.php?href="
            + quote(page, safe="")
            + "&tabs=timeline"
        )
    if view == "vk_wall":
        return f"https://vk.com/{quote(segs[0])}"
    return None


# -- the scale --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Activity:
    activity: str
    last_post: date | None = None
    posts_90d: int | None = None
    reason: str = ""  # why unknown, or how the rate was taken

    def to_contract(self) -> dict:
        return {
            "activity": self.activity,
            "last_post": self.last_post.isoformat() if self.last_post else None,
            "posts_90d": self.posts_90d,
        }


def classify(posts: Iterable[date], *, as_of: date, covered_from: date | None = None) -> Activity:
    """THE activity rule (the contract's scale; thresholds in specs/indicators/social.toml).

    posts: dates of the posts a view showed (any order; after as_of ignored). covered_from:
    the oldest day the view reaches when it is cut off inside the window (older posts exist but
    were not shown); the rate is then taken over the days from covered_from to as_of.
    """
    th = scale()
    window = int(th["window_days"])
    start = as_of - timedelta(days=window - 1)  # the 90 days ending at (and including) as_of
    seen = [d for d in posts if d <= as_of]
    last = max(seen, default=None)
    in_window = sum(1 for d in seen if d >= start)
    if last is None or (as_of - last).days >= int(th["stopped_days"]):
        return Activity("stopped", last, in_window)
    days = window
    reason = f"{in_window} posts in the {window} days ending {as_of.isoformat()}"
    if covered_from is not None and covered_from > start:
        days = (as_of - covered_from).days + 1
        reason = (
            f"{in_window} posts in the {days} days the view covers "
            f"(from {covered_from.isoformat()}), rate taken over those days"
        )
    per_day = Fraction(in_window, days)
    # exact fractions: 26 posts in 90 days is 2.02 a week (active), 25 is 1.94 (moderate)
    week = per_day * 7
    month = per_day * Fraction(str(th["days_per_month"]))
    if week >= Fraction(str(th["intense_per_week"])):
        verdict = "intense"
    elif week >= Fraction(str(th["active_per_week"])):
        verdict = "active"
    elif month >= Fraction(str(th["moderate_per_month"])):
        verdict = "moderate"
    else:
        verdict = "weak"
    return Activity(verdict, last, in_window, reason)


def unknown(reason: str) -> Activity:
    return Activity("unknown", None, None, reason)


def rank(activity: str | None) -> int:
    """Higher is more active; unknown (and anything else) lowest."""
    return ORDER.index(activity) if activity in ORDER else 0


def agency_activity(social: Sequence[Mapping] | None) -> str | None:
    """An agency's activity: its most active account's; None when it has no account, `unknown`
    when none of its accounts could be read."""
    accounts = [a for a in social or () if isinstance(a, Mapping)]
    if not accounts:
        return None
    best = max(accounts, key=lambda a: rank(a.get("activity")))
    return best.get("activity") if best.get("activity") in ACTIVITIES else "unknown"


# -- one account ------------------------------------------------------------------------------


@dataclass(frozen=True)
class AccountReading:
    activity: Activity
    evidence: tuple[Evidence, ...] = field(default_factory=tuple)


def _covered_from(readings: Sequence[Reading], as_of: date) -> date | None:
    """The oldest day the views reach when the last one read is cut off, pinned posts aside."""
    last = readings[-1]
    if not last.more:
        return None
    dated: list[date] = []
    for r in readings:
        flow = [
            d
            for d, p in zip(r.posts, r.pinned or (False,) * len(r.posts), strict=False)
            if not p and d <= as_of
        ]
        # an old post above newer ones is pinned even when unmarked: drop leading outliers
        while r.newest_first and len(flow) > 1 and flow[0] < max(flow[1:]):
            flow = flow[1:]
        dated += flow
    return min(dated, default=None)


_FEED_PATH = "/feeds/videos.xml"
_CHANNEL_ID = (
    re.compile(r"feeds/videos\.xml\?channel_id=(UC[\w-]{10,40})"),
    re.compile(r"itemprop=[\"']channelId[\"'][^>]*content=[\"'](UC[\w-]{10,40})"),
    re.compile(r"youtube\.com/channel/(UC[\w-]{10,40})"),
    re.compile(r"\"(?:channelId|externalId)\"\s*:\s*\"(UC[\w-]{10,40})\""),
)


def youtube_feed_of_page(text: str) -> str | None:
    """The feed address a YouTube channel page names (its RSS alternate link, channelId meta,
    canonical link or page data), for an @handle or /c/ name that has no feed address itself."""
    head = text[:2_000_000] if isinstance(text, str) else ""
    for pattern in _CHANNEL_ID:
        m = pattern.search(head)
        if m:
            return f"https://www.youtube.com/feeds/videos.xml?channel_id={m.group(1)}"
    return None


def _is_lookup(network: str, view: Mapping) -> bool:
    """A YouTube channel page fetched only to find the channel's feed."""
    if network != "youtube" or _FEED_PATH in str(view.get("url") or ""):
        return False
    return "<feed" not in str(view.get("text") or "")[:5000]  # a feed served elsewhere is one


def judge_account(
    network: str, account_url: str, views: Sequence[Mapping], *, as_of: date
) -> AccountReading:
    """The account's activity from the views fetched for it.

    views: [{url, status, text, error}] in fetch order (error: why the request failed, e.g.
    "robots", "http_429", "timeout"). Never raises.
    """
    ns = network_spec(network)
    parser = PARSERS.get(ns.get("view") or "")
    rule = f"activity.{network}"

    def ev(r: str, url: str | None, snippet: str) -> tuple[Evidence, ...]:
        return (Evidence("social.activity", url, r, clean_space(f"{account_url}: {snippet}", 300)),)

    if parser is None:
        reason = ns.get("reason") or "no login-free view"
        return AccountReading(unknown(reason), ev("activity.no_view", account_url, reason))
    if not views:
        reason = "public view not read"
        return AccountReading(unknown(reason), ev("activity.failed", account_url, reason))
    lookups = [v for v in views if _is_lookup(network, v)]
    views = [v for v in views if not _is_lookup(network, v)]
    if lookups and not views:  # the channel page was read, its feed was not
        page = lookups[-1]
        if page.get("error") or (page.get("status") or 200) >= 400:
            reason = _failure_reason(page.get("error"), page.get("status"))
        elif youtube_feed_of_page(str(page.get("text") or "")) is None:
            reason = "the channel page names no channel feed"
        else:
            reason = "the channel's feed was not read (requests per account used up)"
        return AccountReading(unknown(reason), ev("activity.failed", page.get("url"), reason))
    readings: list[Reading] = []
    for view in views:
        url = view.get("url")
        error = view.get("error")
        status = view.get("status")
        if error or (isinstance(status, int) and status >= 400):
            reason = _failure_reason(error, status)
            if readings:  # an older page failed: judge the pages that loaded
                break
            return AccountReading(unknown(reason), ev("activity.failed", url, reason))
        try:
            kwargs = {"base_url": url} if ns["view"] in ("telegram_preview", "vk_wall") else {}
            reading = parser(str(view.get("text") or ""), as_of=as_of, **kwargs)
        except Exception as exc:  # a parser bug must not lose the snapshot
            reason = f"view unreadable ({type(exc).__name__})"
            return AccountReading(unknown(reason), ev("activity.unrecognised", url, reason))
        if reading.blocked and not reading.posts:
            return AccountReading(
                unknown(reading.blocked), ev("activity.login_wall", url, reading.blocked)
            )
        if not reading.recognised:
            reason = "the page is not the network's public view"
            return AccountReading(unknown(reason), ev("activity.unrecognised", url, reason))
        readings.append(reading)
    posts = [d for r in readings for d in r.posts]
    if readings[-1].more and posts and all(d > as_of for d in posts):
        reason = f"the view shows only posts after {as_of.isoformat()}"
        return AccountReading(unknown(reason), ev("activity.failed", views[-1].get("url"), reason))
    act = classify(posts, as_of=as_of, covered_from=_covered_from(readings, as_of))
    last = act.last_post.isoformat() if act.last_post else "none"
    snippet = f"{act.activity}; last post {last}; {act.reason or f'{act.posts_90d} posts'}"
    return AccountReading(act, ev(rule, views[0].get("url"), snippet))


def _failure_reason(error: str | None, status: int | None) -> str:
    if error == "robots":
        return "robots.txt disallows the public view"
    if status == 429 or error == "http_429":
        return "the network answered 429 (too many requests)"
    if status:
        return f"the public view answered HTTP {status}"
    return f"the public view could not be loaded ({error or 'other'})"


def next_view(network: str, views: Sequence[Mapping], *, as_of: date) -> str | None:
    """The next page of the account's view worth fetching: the last page read is cut off inside
    the window and links to older posts. None when nothing more is needed."""
    ns = network_spec(network)
    parser = PARSERS.get(ns.get("view") or "")
    if parser is None or not views:
        return None
    if _is_lookup(network, views[-1]):  # the channel page read: now its feed
        if views[-1].get("error") or (views[-1].get("status") or 200) >= 400:
            return None
        return youtube_feed_of_page(str(views[-1].get("text") or ""))
    last = views[-1]
    if last.get("error") or (last.get("status") or 200) >= 400:
        return None
    kwargs = {"base_url": last.get("url")} if ns["view"] in ("telegram_preview", "vk_wall") else {}
    try:
        reading = parser(str(last.get("text") or ""), as_of=as_of, **kwargs)
    except Exception:
        return None
    if not reading.next_url or not reading.posts:
        return None
    window = int(scale()["window_days"])
    oldest = min((d for d in reading.posts if d <= as_of), default=None)
    if oldest is None or oldest > as_of - timedelta(days=window - 1):
        return reading.next_url
    return None
