"""Timers the benchmark puts around the project's pipelines, by settings only.

bench/scale.py replaces ITEM_PIPELINES with these subclasses (same order, same behaviour) and
adds StatsFile, so a crawl subprocess reports where its time went:
bench/<stage>_seconds for detect, rate, clean, persist (the database writes), render, and
bench/peak_rss_before_render_mb (the peak of the crawl itself, before the annexes are rendered).
"""

from __future__ import annotations

import inspect
import json
import resource
import time

from scrapy import signals

from ogpcrawl import pipelines


def _timed(cls, stage: str, methods: tuple[str, ...]):
    """A subclass of a pipeline whose `methods` add their duration to bench/{stage}_seconds."""

    def timer(self, original, *args):
        if stage == "render":
            # The process's peak so far: the crawl, detection and writes, without the annexes.
            peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            self.crawler.stats.set_value("bench/peak_rss_before_render_mb", round(peak_mb, 1))
        t = time.perf_counter()
        try:
            return original(self, *args)
        finally:
            self.crawler.stats.inc_value(
                f"bench/{stage}_seconds", time.perf_counter() - t, start=0.0
            )

    def wrap(name):
        original = getattr(cls, name)
        # Explicit signatures: Scrapy's signal dispatch passes only the arguments a handler names.
        if name == "spider_closed":

            def method(self, spider, reason):
                return timer(self, original, spider, reason)
        elif name == "process_item" and inspect.iscoroutinefunction(original):

            async def method(self, item):  # e.g. detection, which runs in a worker thread
                t = time.perf_counter()
                try:
                    return await original(self, item)
                finally:
                    self.crawler.stats.inc_value(
                        f"bench/{stage}_seconds", time.perf_counter() - t, start=0.0
                    )
        elif name == "process_item":

            def method(self, item):
                return timer(self, original, item)
        else:

            def method(self):
                return timer(self, original)

        return method

    def from_crawler(sub, crawler):
        base = getattr(cls, "from_crawler", None)
        obj = base.__func__(sub, crawler) if base else sub()
        obj.crawler = crawler
        return obj

    attrs = {name: wrap(name) for name in methods}
    attrs["from_crawler"] = classmethod(from_crawler)
    return type(f"Timed{cls.__name__}", (cls,), attrs)


TimedDetect = _timed(pipelines.DetectPipeline, "detect", ("process_item",))
TimedRate = _timed(pipelines.RatePipeline, "rate", ("process_item",))
TimedClean = _timed(pipelines.CleanPipeline, "clean", ("process_item",))
# open_spider creates/migrates the schema: counted apart from the writes.
TimedPersist = _timed(
    pipelines.PersistPipeline, "persist", ("process_item", "close_spider", "spider_closed")
)
TimedReport = _timed(pipelines.ReportPipeline, "render", ("spider_closed",))

ITEM_PIPELINES = {
    "bench.instrument.TimedDetect": 100,
    "bench.instrument.TimedRate": 200,
    "bench.instrument.TimedClean": 300,
    "bench.instrument.TimedPersist": 400,
    "bench.instrument.TimedReport": 500,
}


class StatsFile:
    """Writes the crawl's stats as JSON to BENCH_STATS_FILE once the engine has stopped
    (after every spider_closed handler: the database's run close and the annexes)."""

    def __init__(self, crawler, path: str):
        self.crawler, self.path = crawler, path

    @classmethod
    def from_crawler(cls, crawler):
        ext = cls(crawler, crawler.settings.get("BENCH_STATS_FILE"))
        crawler.signals.connect(ext.engine_stopped, signal=signals.engine_stopped)
        return ext

    def engine_stopped(self):
        if self.path:
            # A census runs a crawler per family: "{spider}" in the path keeps them apart.
            path = self.path.replace("{spider}", getattr(self.crawler.spider, "name", "crawl"))
            with open(path, "w", encoding="utf-8") as fh:
                json.dump(self.crawler.stats.get_stats(), fh, default=str, indent=1)
