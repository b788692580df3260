"""robots.txt obeyed as Scrapy does, with a bounded cache of parsed files.

Scrapy's RobotsTxtMiddleware keeps one parser per host for the whole run: about 1 KB a host, so
a census grows by that much per site it has finished with (bench/memgrowth.py). This subclass
keeps the OGP_ROBOTS_CACHE_HOSTS most recently used hosts and forgets the least recently used
beyond them, never a host whose robots.txt is still being fetched or that has a request in the
downloader. A forgotten host asked for again has its robots.txt fetched again, so every request
is still checked against its host's rules (ROBOTSTXT_OBEY). Visits are paced (pacing.py), so a
host idle for that many other hosts' requests has finished its visit; the social networks' hosts,
used by every visit, stay.
"""

from __future__ import annotations

from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware as ScrapyRobotsTxt
from scrapy.utils.httpobj import urlparse_cached
from twisted.internet.defer import Deferred

# request.meta key: the host a request was counted against while it is in the downloader
PENDING_META = "ogp_robots_pending"


class RobotsTxtMiddleware(ScrapyRobotsTxt):
    def __init__(self, crawler):
        super().__init__(crawler)
        self.max_hosts = max(1, crawler.settings.getint("OGP_ROBOTS_CACHE_HOSTS", 512))
        self._pending: dict[str, int] = {}  # host -> requests of it in the downloader

    async def process_request(self, request, spider=None):
        # a redirect or a retry is a copy of a request whose response never came back here
        self._release(request)
        await super().process_request(request)  # raises IgnoreRequest when robots.txt forbids
        if request.meta.get("dont_obey_robotstxt") or request.url.startswith(("data:", "file:")):
            return
        netloc = urlparse_cached(request).netloc
        self._pending[netloc] = self._pending.get(netloc, 0) + 1
        request.meta[PENDING_META] = netloc

    def process_response(self, request, response, spider=None):
        self._release(request)
        return response

    def process_exception(self, request, exception, spider=None):
        self._release(request)

    def _release(self, request) -> None:
        netloc = request.meta.pop(PENDING_META, None)
        if netloc is None:
            return
        left = self._pending.get(netloc, 0) - 1
        if left > 0:
            self._pending[netloc] = left
        else:
            self._pending.pop(netloc, None)

    async def robot_parser(self, request):
        netloc = urlparse_cached(request).netloc
        parsers = self._parsers
        if netloc in parsers:
            parsers[netloc] = parsers.pop(netloc)  # most recently used last
        else:
            self._evict()
        return await super().robot_parser(request)

    def _evict(self) -> None:
        """Forget the least recently used hosts beyond max_hosts (making room for one more)."""
        excess = len(self._parsers) + 1 - self.max_hosts
        if excess <= 0:
            return
        gone = []
        for netloc, parser in self._parsers.items():
            if len(gone) >= excess:
                break
            if isinstance(parser, Deferred) or netloc in self._pending:
                continue  # still being fetched, or a request of it is in the downloader
            gone.append(netloc)
        for netloc in gone:
            del self._parsers[netloc]
        if gone:
            self._stats.inc_value("ogp/robots/evicted", len(gone))
