"""A probe spider: loads the given URLs in the browser's desktop context, as the crawl does.

scrapy runspider tests/browser/desktop_spider.py -a urls="URL ..." -O out.jsonl
"""

from __future__ import annotations

import scrapy


class DesktopProbe(scrapy.Spider):
    name = "desktop_probe"
    # A probe of a loopback page server, not a monitoring crawl: no agencies-file allow-list.
    custom_settings = {
        "ITEM_PIPELINES": {},
        "EXTENSIONS": {},
        "ROBOTSTXT_OBEY": False,
        "OGP_REACH_ONLY_MONITORED": False,
    }

    def __init__(self, urls: str = "", **kwargs):
        super().__init__(**kwargs)
        self.urls = urls.split()

    async def start(self):
        for url in self.urls:
            yield scrapy.Request(url, meta={"playwright": True, "playwright_context": "desktop"})

    def parse(self, response):
        yield {
            "url": response.url,
            "rendered": "playwright" in response.flags,
            "text": response.text,
        }
