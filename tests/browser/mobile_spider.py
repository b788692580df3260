"""A probe spider for the mobile-check test: runs ogpcrawl.mobile_check on the given pages.

scrapy runspider tests/browser/mobile_spider.py -a pages="name=url ..." -a shots=DIR -O out.jsonl
"""

from __future__ import annotations

import scrapy

from ogpcrawl.mobile_check import mobile_request, read_result


class MobileProbe(scrapy.Spider):
    name = "mobile_probe"
    custom_settings = {
        "ITEM_PIPELINES": {},
        "EXTENSIONS": {},
        "ROBOTSTXT_OBEY": False,
        "DOWNLOAD_DELAY": 0,
        "AUTOTHROTTLE_ENABLED": False,
        # A probe of a loopback page server, not a monitoring crawl: no agencies-file allow-list.
        "OGP_REACH_ONLY_MONITORED": False,
    }

    def __init__(self, pages: str = "", shots: str = "", **kwargs):
        super().__init__(**kwargs)
        self.pages = dict(p.split("=", 1) for p in pages.split())
        self.shots = shots

    async def start(self):
        for name, url in self.pages.items():
            yield mobile_request(
                url,
                callback=self.parse,
                errback=self.failed,
                meta={"name": name},
                screenshot_dir=self.shots,
                agency_id=name,
                timeout_ms=20_000,
            )

    async def parse(self, response):
        yield {"name": response.meta["name"], **(await read_result(response))}

    def failed(self, failure):
        yield {
            "name": failure.request.meta["name"],
            "responsive": None,
            "error": repr(failure.value)[:300],
        }
