"""News cadence: the contract's news fields computed from every dated post the crawl saw.

Posts come from pages by role:
  news, home  dated items of the listing (listing.dated_items)              news.listing
  news_item   article:published_time / og / JSON-LD datePublished / <time    news.item_meta
              datetime>, else the first date label of the content           news.item_label
  sitemap     <url><loc>..</loc><lastmod>..</lastmod> of news-like URLs     news.sitemap
One post per item link (the first source in the order above wins); dated items without a link
are kept per page and position. Dates after as_of are dropped.

Window (docs/detection.md, "News window"):
  last_date     the latest post date <= as_of
  window_end    = last_date
  window_start  = max(last_date - 90 days, earliest post date)
  span          = (window_end - window_start) in days
  per_month     = posts dated in [window_start, window_end] / (span / 30.44), 2 decimals;
                  null when span is 0 (one day of history shows no rate)
  cadence       daily >= 20, weekly 4..<20, monthly 1..<4, rare < 1 (also when per_month is
                null), none without dated posts
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from ogpcrawl import vocab
from ogpcrawl.detect.content import main_node
from ogpcrawl.detect.dates import iso, parse_date
from ogpcrawl.detect.links import absolute, anchors, same_site
from ogpcrawl.detect.listing import date_in_url, date_labels, dated_items
from ogpcrawl.detect.page import Evidence, Page

_LOC = re.compile(
    r"<url>\s*(?:(?!</url>).)*?<loc>\s*([^<\s]{1,2000})\s*</loc>(?:(?!</url>).)*?"
    r"<lastmod>\s*([^<\s]{1,40})\s*</lastmod>",
    re.S | re.I,
)
_NEWSY = re.compile(r"news|xeber|xəbər|novost|press|media|metbuat|article|post", re.I)
MAX_SITEMAP_CHARS = 2_000_000


@dataclass(frozen=True)
class NewsFinding:
    last_date: date | None = None
    per_month: float | None = None
    days_since_last: int | None = None
    monthly: dict[str, int] = field(default_factory=dict)
    cadence: str = "none"
    window_start: date | None = None
    window_end: date | None = None
    posts_seen: int = 0
    url: str | None = None  # the page that showed the latest post
    evidence: tuple = ()
    # how the posts were dated: {source: posts} (listing, item_page, item_url, sitemap,
    # interpolated) — a project addition to the contract's news object
    dated_by: dict[str, int] = field(default_factory=dict)

    def to_contract(self) -> dict:
        return {
            "last_date": iso(self.last_date),
            "per_month": self.per_month,
            "days_since_last": self.days_since_last,
            "monthly": dict(self.monthly),
            "cadence": self.cadence,
            "window_start": iso(self.window_start),
            "window_end": iso(self.window_end),
            "posts_seen": self.posts_seen,
            "dated_by": dict(self.dated_by),
        }


def cadence_of(per_month: float | None, posts: int) -> str:
    if posts == 0:
        return "none"
    if per_month is None or per_month < 1:
        return "rare"
    if per_month >= 20:
        return "daily"
    if per_month >= 4:
        return "weekly"
    return "monthly"


def summarise(
    dates: Sequence[date], *, as_of: date, window_days: int = vocab.NEWS_WINDOW_DAYS
) -> NewsFinding:
    """The contract's news fields from the post dates (one per post). Posts a month are counted
    over the `window_days` before the last post (the run's OGP_NEWS_WINDOW_DAYS)."""
    seen = sorted(d for d in dates if d <= as_of)
    if not seen:
        return NewsFinding()
    last = seen[-1]
    start = max(last - timedelta(days=window_days), seen[0])
    span = (last - start).days
    in_window = sum(1 for d in seen if start <= d <= last)
    per_month = round(in_window / (span / vocab.DAYS_PER_MONTH), 2) if span > 0 else None
    monthly = dict(sorted(Counter(d.strftime("%Y-%m") for d in seen).items()))
    return NewsFinding(
        last_date=last,
        per_month=per_month,
        days_since_last=(as_of - last).days,
        monthly=monthly,
        cadence=cadence_of(per_month, len(seen)),
        window_start=start,
        window_end=last,
        posts_seen=len(seen),
    )


def item_date(page: Page, *, as_of: date) -> tuple[date | None, str]:
    """Publication date of a news item page and the rule that found it."""
    root = page.sel.root
    metas = root.xpath(
        "//meta[@property='article:published_time' or @property='og:published_time'"
        " or @name='pubdate' or @name='publish-date' or @itemprop='datePublished']/@content"
        " | //*[@itemprop='datePublished']/@datetime | //time[@datetime]/@datetime"
    )
    for value in metas[:5]:
        found = parse_date(str(value)[:40], as_of=as_of)
        if found:
            return found, "news.item_meta"
    for script in root.xpath("//script[@type='application/ld+json']/text()")[:5]:
        found = _jsonld_date(str(script)[:50_000], as_of)
        if found:
            return found, "news.item_meta"
    labels = date_labels(main_node(page), as_of=as_of)
    if labels:
        return labels[0][1], "news.item_label"
    return None, "news.item_undated"


def _jsonld_date(raw: str, as_of: date) -> date | None:
    try:
        data = json.loads(raw)
    except ValueError:
        return None
    stack = [data]
    while stack and len(stack) < 1000:
        node = stack.pop()
        if isinstance(node, dict):
            value = node.get("datePublished")
            if isinstance(value, str):
                found = parse_date(value[:40], as_of=as_of)
                if found:
                    return found
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node[:200])
    return None


def sitemap_posts(page: Page, *, as_of: date) -> list[tuple[str, date]]:
    out = []
    for loc, lastmod in _LOC.findall((page.text or "")[:MAX_SITEMAP_CHARS]):
        if not _NEWSY.search(loc):
            continue
        found = parse_date(lastmod[:10], as_of=as_of)
        url = absolute(loc, page.base_url)
        if found and url and same_site(url, page.base_url):
            out.append((url, found))
    return out


def _norm(url: str) -> str:
    return url.split("://", 1)[-1].removeprefix("www.").rstrip("/")


# evidence rule -> the dated_by source it counts under
DATED_BY = {
    "news.item_meta": "item_page",
    "news.item_label": "item_page",
    "news.listing": "listing",
    "news.item_url": "item_url",
    "news.sitemap": "sitemap",
    "news.interpolated": "interpolated",
}


def listing_order(pages: Sequence[Page], *, as_of: date) -> list[list[str]]:
    """Item keys of each news listing page without date labels, in listing order (newest
    first, as listings show them); pages in the order they were fetched."""
    from ogpcrawl.detect.navigation import news_listing  # navigation imports nothing of news

    out = []
    for page in pages:
        if page.role != "news" or dated_items(page, as_of=as_of):
            continue
        keys = [_norm(link.url) for link in news_listing(page, as_of=as_of).item_links]
        if keys:
            out.append(keys)
    return out


def interpolate(order: Sequence[str], known: dict[str, date]) -> dict[str, date]:
    """Dates of a listing's undated items from its dated ones, by position: a listing is in
    publication order, so an item between two dated items is dated in proportion between them.
    Nothing before the first or after the last dated item; nothing when the dated items are
    not in newest-first order (the listing is not chronological)."""
    anchors_ = [(i, known[k]) for i, k in enumerate(order) if k in known]
    if len(anchors_) < 2 or any(b[1] > a[1] for a, b in zip(anchors_, anchors_[1:], strict=False)):
        return {}
    out: dict[str, date] = {}
    for (i, di), (j, dj) in zip(anchors_, anchors_[1:], strict=False):
        gap = (di - dj).days
        for p in range(i + 1, j):
            if order[p] not in known:
                out[order[p]] = di - timedelta(days=round(gap * (p - i) / (j - i)))
    return out


def detect_news(
    pages: Sequence[Page], *, as_of: date, window_days: int = vocab.NEWS_WINDOW_DAYS
) -> NewsFinding:
    posts: dict[str, date] = {}
    source: dict[str, str] = {}
    rules: dict[str, str] = {}
    evidence: list[Evidence] = []

    def add(key: str, day: date, page: Page, rule: str) -> None:
        if key in posts:
            return
        posts[key] = day
        source[key] = page.url
        rules[key] = rule
        if len(evidence) < 5:
            evidence.append(Evidence("news", page.url, rule, f"{day.isoformat()} {key[:150]}"))

    by_role = {role: [p for p in pages if p.role == role] for role in ("news_item", "news", "home")}
    for page in by_role["news_item"]:
        try:
            day, rule = item_date(page, as_of=as_of)
        except Exception:  # one hostile item page must not hide the others
            continue
        if day:
            add(_norm(page.final_url or page.url), day, page, rule)
    for page in by_role["news"] + by_role["home"]:
        for i, item in enumerate(dated_items(page, as_of=as_of)):
            key = _norm(item.url) if item.url else f"{page.url}#{i}"
            add(key, item.date, page, "news.listing")
    for page in by_role["news"] + by_role["home"]:
        for a in anchors(page, root=main_node(page)):
            day = date_in_url(a.url, as_of=as_of) if same_site(a.url, page.base_url) else None
            if day is not None:
                add(_norm(a.url), day, page, "news.item_url")
    for page in (p for p in pages if p.role == "sitemap"):
        for url, day in sitemap_posts(page, as_of=as_of):
            add(_norm(url), day, page, "news.sitemap")
    # Listings without dates: the items between two dated ones (sampled item pages, URL or
    # sitemap dates) are dated by their position.
    filled = 0
    known = dict(posts)
    flat: list[str] = []
    for keys in listing_order(pages, as_of=as_of):
        flat += [k for k in keys if k not in flat]
    for key, day in interpolate(flat, known).items():
        posts[key], rules[key], filled = day, "news.interpolated", filled + 1
        source[key] = source.get(key, "")
    if filled:
        evidence.append(
            Evidence(
                "news",
                None,
                "news.interpolated",
                f"{filled} of {len(flat)} listed items dated by their position "
                f"between {sum(1 for k in flat if k in known)} dated items",
            )
        )
    finding = summarise(list(posts.values()), as_of=as_of, window_days=window_days)
    dated_by: dict[str, int] = {}
    for key, day in posts.items():
        if day <= as_of:
            slot = DATED_BY.get(rules[key], "listing")
            dated_by[slot] = dated_by.get(slot, 0) + 1
    latest = max(posts, key=lambda k: posts[k], default=None)
    if latest is None:
        evidence.append(Evidence("news", None, "news.none"))
    return NewsFinding(
        **{
            **finding.__dict__,
            "url": (source.get(latest) or None) if latest else None,
            "evidence": tuple(evidence),
            "dated_by": dict(sorted(dated_by.items())),
        }
    )
