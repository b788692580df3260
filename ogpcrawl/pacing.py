"""PacedStart: open a new agency visit only when the crawl has room for it.

Scrapy reads a spider's start() eagerly, and a site's home request has the highest priority,
so by default every agency's visit is opened (its state and home page held in request meta)
before any visit finishes: memory grows with the number of sites in the run. Paced, a new
visit starts only when the downloader has a free slot and no request of an open visit waits in
the scheduler (in distributed mode: in the shared Redis queue). Open visits then stay about
CONCURRENT_REQUESTS however many sites the run has, and a process of a distributed run claims
no agency it cannot work on yet. Enabled in settings.py (SPIDER_MIDDLEWARES).
"""

from __future__ import annotations

import asyncio


class PacedStart:
    """Spider middleware wrapping start() (see the module docstring)."""

    POLL_S = 0.05

    def __init__(self, crawler):
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    async def process_start(self, start):
        async for item_or_request in start:
            yield item_or_request
            if not await self._room():
                return

    async def _room(self) -> bool:
        engine = self.crawler.engine
        while True:
            if not engine.running or engine.spider is None:
                return False  # closing: read no further
            scheduler = engine.scheduler
            if not engine.needs_backout() and not (scheduler and scheduler.has_pending_requests()):
                return True
            await asyncio.sleep(self.POLL_S)
