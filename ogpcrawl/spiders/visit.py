"""One agency's visit: what a chain of requests to one site has done and still plans to do.

The Visit travels in request.meta["ogp"]. Scrapy's JOBDIR disk queues and scrapy-redis pickle
requests with their meta, so a Visit is a module-level dataclass of plain values (lists, dicts,
strings, numbers): it pickles as is, and a resumed crawl or another process of a distributed
run carries on from it. It holds no Scrapy objects and no references to the spider.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any


def seen_key(url: str, method: str = "GET", body: str | None = None) -> str:
    """One key per request: a POST search is its action plus its body (two queries, one URL)."""
    return url if method == "GET" else f"{method} {url} {body or ''}"


def queued_key(item: dict) -> str:
    return seen_key(item["url"], item.get("method", "GET"), item.get("body"))


@dataclass
class Visit:
    """The state of one agency's visit (see ogpcrawl.spiders.base for who changes what)."""

    agency: dict[str, Any]  # Agency.as_dict(): plain data, so the visit pickles anywhere
    addresses: list[str]  # known addresses, the agency's own first
    # how the site is loaded: {"browser": bool, "reason": str[, "failure": str]}
    rendering: dict[str, Any]
    # wall clock, not monotonic: the visit may continue in another process (Redis)
    deadline_at: float | None = None
    tried: list[str] = field(default_factory=list)  # addresses tried for the home page
    # planned pages: {"url", "role", "hint"[, "method", "body"]}
    queue: list[dict[str, Any]] = field(default_factory=list)
    seen: list[str] = field(default_factory=list)  # seen_key of every request issued/redirect
    pages: list[dict[str, Any]] = field(default_factory=list)  # Page.to_dict() (+ "capture")
    failed: list[dict[str, Any]] = field(default_factory=list)  # {"url","error","role","capture"}
    fetched: int = 0  # responses downloaded (error pages included)
    issued: int = 0  # requests issued (counted against the page budget)
    news_pages: int = 0  # news listing pages followed
    home: str | None = None  # the home page's final URL once it loaded
    home_error: str | None = None  # why the agency's own address failed
    deadline_reached: bool = False
    searched: bool = False  # the site search for a hidden council was planned
    # the search_works check: the home page's form, then the query once a title is seen
    search_check: dict[str, Any] | None = None
    # section page url -> how it was found (evidence_detail rows, rule found.*)
    found: dict[str, dict[str, Any]] = field(default_factory=dict)
    # a news listing without dates: the sampled item pages (plan_dateless_item)
    dateless: dict[str, Any] | None = None
    # the social accounts' reads (spiders/social.py): {"token", "wanted": [account, ...]} from
    # the home page on; then "todo": [{network, url, next}] (every account the site links),
    # "views": {account: [view, ...]} taken from the run's reads, and "serial": True when the
    # visit reads its missing accounts itself (the idle fallback)
    social: dict[str, Any] | None = None
    mobile_check: dict[str, Any] | None = None

    @property
    def agency_id(self) -> str:
        return self.agency["agency_id"]

    def time_left(self) -> float | None:
        """Seconds left before the visit's deadline (None: no deadline)."""
        return None if self.deadline_at is None else self.deadline_at - time.time()

    def past_deadline(self) -> bool:
        left = self.time_left()
        return left is not None and left <= 0

    def remaining(self, budget: int, robots: int = 0) -> int:
        """Requests still allowed by the page budget (robots.txt fetches count too)."""
        return budget - self.issued - robots

    def known(self, key: str) -> bool:
        """A request with this seen_key was issued or is already planned."""
        return key in self.seen or any(queued_key(q) == key for q in self.queue)
