"""Retries with exponential backoff for 5xx answers and timeouts.

Scrapy's RetryMiddleware re-queues a failed request at once; a government server that answered
503 under load gets hit again immediately. This subclass waits base × 2^(attempt-1) seconds
(capped) before handing the retry back, so a struggling host gets room to recover.
OGP_RETRY_BACKOFF_BASE = 0 turns the wait off (the offline farm's tests do that).

A DNS failure is retried at once: no host is struggling, and the wait would only hold the visit
back from its next address (a dead address cost 12 s of waits, robots.txt and home page).
"""

from __future__ import annotations

import asyncio

from scrapy import Request
from scrapy.downloadermiddlewares.retry import RetryMiddleware

from ogpcrawl.errors import classify_exception, classify_status
from ogpcrawl.spiders.visit import Visit


def backoff_seconds(attempt: int, base: float, cap: float) -> float:
    """Wait before retry number `attempt` (1 for the first retry)."""
    if base <= 0 or attempt < 1:
        return 0.0
    return min(cap, base * 2 ** (attempt - 1))


class BackoffRetryMiddleware(RetryMiddleware):
    def __init__(self, settings):
        super().__init__(settings)
        self.base = settings.getfloat("OGP_RETRY_BACKOFF_BASE", 2.0)
        self.cap = settings.getfloat("OGP_RETRY_BACKOFF_MAX", 30.0)

    async def _wait(self, result, *, dns: bool = False):
        if not isinstance(result, Request):
            return result  # a Response or None: nothing to retry
        if dns:
            return result
        delay = backoff_seconds(result.meta.get("retry_times", 0), self.base, self.cap)
        if delay:
            self.crawler.stats.inc_value("ogp/retry_backoff_seconds", delay)
            await asyncio.sleep(delay)
        return result

    async def process_response(self, request, response, spider=None):
        if _past_deadline(request):
            return response  # the site's deadline passed: no retry, the errback judges it
        proxy_status = response.headers.get("Proxy-Status", b"").decode("latin-1", "replace")
        dns = classify_status(response.status, {"proxy-status": proxy_status}) == "dns"
        return await self._wait(super().process_response(request, response), dns=dns)

    async def process_exception(self, request, exception, spider=None):
        if _past_deadline(request):
            return None
        dns = classify_exception(exception) == "dns"
        return await self._wait(super().process_exception(request, exception), dns=dns)


def _past_deadline(request) -> bool:
    """The request belongs to a site visit whose OGP_SITE_DEADLINE has passed."""
    visit = request.meta.get("ogp")
    return isinstance(visit, Visit) and visit.past_deadline()
