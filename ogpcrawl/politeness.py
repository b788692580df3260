"""PoliteDownloader: DOWNLOAD_DELAY measured where the host sees it, at the request's start.

Scrapy's downloader spaces requests to a host (a slot) from the moment it takes one off the
slot's queue; the download itself starts as a task on a later turn of the event loop. When the
reactor is busy (detecting and rating a finished site takes tens to hundreds of milliseconds), a
request can leave late and the next one on time, so the host sees two requests closer than
DOWNLOAD_DELAY (0.7 s at 1 s was measured on the replica census). This downloader keeps Scrapy's
slots, concurrency and AutoThrottle and adds one rule at the download's start: no request to a
slot starts sooner than the slot's current delay after the previous one started.
DOWNLOADER in settings.py; tests/e2e/test_reproduction.py checks the gaps from the farm's log.
"""

from __future__ import annotations

import asyncio
from time import monotonic

from scrapy.core.downloader import Downloader, Slot
from scrapy.http import Request, Response


class PoliteDownloader(Downloader):
    def __init__(self, crawler):
        super().__init__(crawler)
        self._started: dict[str, float] = {}  # slot key -> when its last request started

    async def _download(self, slot: Slot, request: Request) -> Response:
        delay = slot.download_delay()
        if delay:
            key = self.get_slot_key(request)
            while (wait := self._started.get(key, float("-inf")) + delay - monotonic()) > 0:
                await asyncio.sleep(wait)
            now = self._started[key] = monotonic()
            if len(self._started) > 10_000:  # forget hosts idle far longer than any delay
                self._started = {k: t for k, t in self._started.items() if now - t < 300}
        return await super()._download(slot, request)
