"""PoliteDownloader: per-host politeness measured where the host sees it, for the whole process.

Scrapy's downloader spaces requests to a host (a slot) from the moment it takes one off the
slot's queue; the download itself starts as a task on a later turn of the event loop. When the
reactor is busy, a request can leave late and the next one on time, so the host sees two
requests closer than DOWNLOAD_DELAY (0.7 s at 1 s was measured on the replica census). And each
crawler has its own slots: in a census (ogpcrawl/census.py) both family spiders read the same
social-network hosts, which would then get two crawlers' worth of requests.

This downloader keeps Scrapy's slots, concurrency and AutoThrottle and adds, at the download's
start and shared by every crawler of the process: no request to a host starts sooner than the
slot's current delay after the previous one started, and no more than
CONCURRENT_REQUESTS_PER_DOMAIN are in flight to it. DOWNLOADER in settings.py;
tests/e2e/test_politeness.py checks both from the farm's log.

LatencyThrottle is AutoThrottle (EXTENSIONS in settings.py) without its running average: a
host's delay is its last answer's time (÷ AUTOTHROTTLE_TARGET_CONCURRENCY), never below
DOWNLOAD_DELAY. A visit's requests to its site go one after another, each when the previous
answered, so that delay already keeps the host at the target concurrency; Scrapy's average kept
a slow answer's delay for the next, fast, ones: on the replica with the real latency profile,
after one 7.5 s answer a site stood idle 7, then 3.5, then 1.8 s (27 s of one 79 s visit).
"""

from __future__ import annotations

import asyncio
from collections import Counter
from time import monotonic

from scrapy.core.downloader import Downloader, Slot
from scrapy.extensions.throttle import AutoThrottle
from scrapy.http import Request, Response
from scrapy.utils.httpobj import urlparse_cached

# host or slot key -> when its last request started / how many are in flight, per process
_started: dict[str, float] = {}
_in_flight: Counter[str] = Counter()
BUSY_POLL_S = 0.05
# request.meta key of a social account's read (ogpcrawl/spiders/social.py): the spider runs a
# few per network at most, on the network's own slot, so they are not the visits' concurrency
READ_META = "ogp_read"
# slot key -> (start of the request answered last, the delay its answer set), per process:
# LatencyThrottle writes it, PoliteDownloader paces by it
_answered: dict[str, tuple[float, float]] = {}
STARTED_META = "ogp_started"  # when the download really started (monotonic)


class PoliteDownloader(Downloader):
    def __init__(self, crawler):
        super().__init__(crawler)
        self._per_host = max(1, crawler.settings.getint("CONCURRENT_REQUESTS_PER_DOMAIN", 8))
        self._gated = 0  # requests waiting for their host's turn in _download

    def needs_backout(self) -> bool:
        """Scrapy counts a request waiting for its host's turn (in a slot's queue, or here) as
        in flight. On a host every agency shares (a social network, read one request at a
        time) dozens of visits wait so, and the crawl would stop taking other sites' pages
        although no connection is busy. Up to CONCURRENT_REQUESTS such waiting requests are not
        counted: open visits stay within twice CONCURRENT_REQUESTS (memory stays flat).
        Social accounts' reads (READ_META) are not counted at all: the spider bounds them (a few
        per network), and counted they took a family's share from its visits."""
        if self.total_concurrency <= 0:  # no limit
            return False
        active = sum(1 for r in self.active if READ_META not in r.meta)
        queued = sum(1 for s in self.slots.values() for r, _ in s.queue if READ_META not in r.meta)
        waiting = self._gated + queued
        return active - min(waiting, self.total_concurrency) >= self.total_concurrency

    async def _download(self, slot: Slot, request: Request) -> Response:
        # The host itself, and the slot when it groups hosts (DOWNLOAD_SLOTS, e.g. a social
        # network's): robots.txt is fetched in the host's own slot, the pages in the group's.
        slot_key = self.get_slot_key(request)
        keys = {slot_key, urlparse_cached(request).hostname or ""}
        # the throttle's delay from the newest answer any crawler of the process heard (a
        # census's families share the networks' hosts), else the slot's own
        answered = _answered.get(slot_key)
        delay = answered[1] if answered is not None else slot.download_delay()
        while True:
            last = max(_started.get(k, float("-inf")) for k in keys)
            wait = last + delay - monotonic() if delay else 0.0
            if wait <= 0 and all(_in_flight[k] < self._per_host for k in keys):
                break
            gated = READ_META not in request.meta
            self._gated += gated
            try:
                await asyncio.sleep(wait if wait > 0 else BUSY_POLL_S)
            finally:
                self._gated -= gated
        now = monotonic()
        request.meta[STARTED_META] = now  # which answer is the newest (LatencyThrottle)
        for k in keys:
            _started[k] = now
            _in_flight[k] += 1
        if len(_started) > 10_000:  # forget hosts idle far longer than any delay
            for k in [k for k, t in _started.items() if now - t > 300 and not _in_flight[k]]:
                del _started[k]
        try:
            return await super()._download(slot, request)
        finally:
            for k in keys:
                _in_flight[k] -= 1
                if not _in_flight[k]:
                    del _in_flight[k]


class LatencyThrottle(AutoThrottle):
    """AutoThrottle whose delay follows the last answer (see the module docstring): the answer
    to the request started last, so a slow answer that arrives after a newer, quick one (two
    requests in flight to a host) does not set the delay."""

    _key: str | None = None  # the slot being adjusted (its own configured delay is its floor)

    def _response_downloaded(self, response: Response, request: Request, spider) -> None:
        key = self._key = request.meta.get("download_slot")
        started = request.meta.get(STARTED_META)
        if key is None or started is None:
            return super()._response_downloaded(response, request, spider)
        last = _answered.get(key)
        if last is not None and started < last[0]:
            return None  # a newer request to the host has answered already
        super()._response_downloaded(response, request, spider)
        slot = self.crawler.engine.downloader.slots.get(key)
        if slot is not None:
            _answered[key] = (started, slot.delay)
        return None

    def _floor(self) -> float:
        """DOWNLOAD_DELAY, or the slot's own delay where DOWNLOAD_SLOTS sets one (e.g.
        OGP_SOCIAL_DOWNLOAD_DELAY for a social network's slot)."""
        own = self.crawler.settings.getdict("DOWNLOAD_SLOTS").get(self._key) or {}
        configured = own.get("delay") if isinstance(own, dict) else None
        return max(self.mindelay, float(configured or 0))

    def _adjust_delay(self, slot: Slot, latency: float, response: Response) -> None:
        floor = self._floor()
        new_delay = min(max(floor, latency / self.target_concurrency), max(floor, self.maxdelay))
        # Scrapy's rule, kept: an error page (usually small and quick) never speeds a host up
        if response.status != 200 and new_delay <= slot.delay:
            return
        slot.delay = new_delay
