"""The census: every site family in one process, one reactor, one run, one report.

Spider-per-family stays the design (local_ih, ministries); the census runs one crawler per family
side by side in one CrawlerProcess. They share one run id, so they write one run row (spider
"census") and their snapshots land in one run. A `CensusRound` joins the crawlers: each
family's pipelines see it as `crawler.ogp_round`, and only the crawler that closes last records the
end of the run (from the figures of all of them) and renders the one report, into
REPORT_DIR/<run id>/.

CONCURRENT_REQUESTS stays the bound of the whole process: it is shared between the families in
proportion to their agencies (each crawler has its own downloader). Per-host politeness is each
crawler's own: a host belongs to one family, so DOWNLOAD_DELAY and CONCURRENT_REQUESTS_PER_DOMAIN
hold as in a single-spider crawl.

Entry points: `scrapy census` (ogpcrawl/commands/census.py) and `scrapy crawl census`, which is
how Scrapyd runs it (the `census` spider in the spider list exists for Scrapyd's schedule.json).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import datetime

from scrapy import signals

logger = logging.getLogger(__name__)

CENSUS = "census"
# family spider -> the agencies-file family it crawls (the spiders' `family` attribute)
FAMILY_SPIDERS = {"local_ih": "local_ih", "ministries": "ministry"}


class CensusRound:
    """The crawlers of one census run; knows when the last of them has closed."""

    def __init__(self, run_id: str, label: str = CENSUS):
        self.run_id, self.label = run_id, label
        self.crawlers: list = []
        self._reasons: dict[int, str] = {}

    def join(self, crawler) -> None:
        """Call before the crawl starts: this handler is connected before the pipelines', so
        when a crawler's spider_closed reaches them, `complete` already counts it."""
        crawler.ogp_round = self
        self.crawlers.append(crawler)

        def closed(spider, reason):
            self._reasons[id(crawler)] = reason

        crawler.signals.connect(closed, signal=signals.spider_closed, weak=False)

    def abandon(self, crawler, reason: str = "bootstrap_failed") -> None:
        """A crawler that never ran (its start failed) counts as closed with this reason."""
        self._reasons.setdefault(id(crawler), reason)

    @property
    def complete(self) -> bool:
        return all(id(c) in self._reasons for c in self.crawlers)

    def reason(self) -> str:
        """ "finished" when every family finished, else the first other reason."""
        reasons = [self._reasons.get(id(c), "running") for c in self.crawlers]
        return next((r for r in reasons if r != "finished"), "finished")

    def stats(self) -> dict:
        """The crawlers' stats added up (numbers summed, start the earliest, finish the latest)."""
        return merge_stats(c.stats.get_stats() for c in self.crawlers if c.stats is not None)


def merge_stats(all_stats: Iterable[dict]) -> dict:
    out: dict = {}
    for stats in all_stats:
        for key, value in stats.items():
            old = out.get(key)
            if old is None:
                out[key] = value
            elif isinstance(value, bool) or isinstance(old, bool):
                out[key] = value
            elif isinstance(value, (int, float)) and isinstance(old, (int, float)):
                out[key] = (
                    max(old, value)
                    if key.endswith(("max", "peak", "_mb")) or "peak" in key
                    else old + value
                )
            elif isinstance(value, datetime) and isinstance(old, datetime):
                out[key] = min(old, value) if "start" in key else max(old, value)
            else:
                out[key] = value
    return out


def share_concurrency(total: int, agencies: dict[str, int]) -> dict[str, int]:
    """CONCURRENT_REQUESTS split between the families in proportion to their agencies, each
    family at least 1; the shares add up to `total` (or to the number of families if fewer)."""
    names = [n for n, k in agencies.items() if k > 0]
    if not names:
        return {}
    count = sum(agencies[n] for n in names)
    shares = {n: max(1, total * agencies[n] // count) for n in names}
    # hand out what rounding left to the largest families first
    for n in sorted(names, key=lambda n: -agencies[n]):
        if sum(shares.values()) >= total:
            break
        shares[n] += 1
    return shares
