"""A probe spider: requests the given URLs one after another (each after the previous one's
answer or refusal), through the project's downloader middlewares, robots.txt obeyed.

scrapy runspider tests/e2e/robots_probe.py -a urls="URL ..." -O out.jsonl
"""

from __future__ import annotations

import scrapy


class RobotsProbe(scrapy.Spider):
    name = "robots_probe"
    # A probe of the farm's sites, not a monitoring crawl: no agencies file, archive or pacing.
    custom_settings = {
        "ITEM_PIPELINES": {},
        "EXTENSIONS": {},
        "SPIDER_MIDDLEWARES": {"ogpcrawl.pacing.PacedStart": None},
        "OGP_ARCHIVE_ENABLED": False,
        "OGP_REACH_ONLY_MONITORED": False,
        "DOWNLOAD_DELAY": 0,
        "AUTOTHROTTLE_ENABLED": False,
    }

    def __init__(self, urls: str = "", **kwargs):
        super().__init__(**kwargs)
        self.urls = urls.split()

    async def start(self):
        yield self._request(0)

    def _request(self, i: int):
        return scrapy.Request(
            self.urls[i],
            callback=self.parse,
            errback=self.failed,
            cb_kwargs={"i": i},
            dont_filter=True,
        )

    def parse(self, response, i):
        yield {"i": i, "url": self.urls[i], "status": response.status}
        if i + 1 < len(self.urls):
            yield self._request(i + 1)

    def failed(self, failure):
        i = failure.request.cb_kwargs["i"]
        yield {"i": i, "url": self.urls[i], "error": type(failure.value).__name__}
        if i + 1 < len(self.urls):
            yield self._request(i + 1)
