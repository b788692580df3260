"""A spider middleware for tests/e2e/test_social_reads.py: it loses every social account read
chain as it starts (what happens when another process of a distributed run takes the request, or
a chain is lost), so the visits that wait for them stay parked until the spider's idle handler
resumes them."""

from __future__ import annotations

from scrapy import Request


def _keep(out) -> bool:
    # a chain of its own carries the read but no visit; the visit's own reads carry both
    return not (isinstance(out, Request) and "ogp_read" in out.meta and "ogp" not in out.meta)


class DropReadChains:
    def __init__(self, crawler):
        self.stats = crawler.stats

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def _filter(self, out):
        if _keep(out):
            return True
        self.stats.inc_value("test/read_chains_dropped")
        return False

    def process_spider_output(self, response, result):
        for out in result:
            if self._filter(out):
                yield out

    async def process_spider_output_async(self, response, result):
        async for out in result:
            if self._filter(out):
                yield out
