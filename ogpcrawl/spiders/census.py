"""census: the entry Scrapyd lists so that schedule.json accepts spider=census.

`scrapy crawl census` (what Scrapyd runs) is taken over by the project's crawl command, which
runs every family spider in one process as one run (ogpcrawl/census.py). This class never crawls.
"""

from __future__ import annotations

import scrapy


class CensusSpider(scrapy.Spider):
    name = "census"

    async def start(self):
        raise RuntimeError(
            "the census is run by `scrapy census` or `scrapy crawl census` "
            "(both family spiders in one process), not as a spider of its own"
        )
        yield  # pragma: no cover - makes this an async generator
