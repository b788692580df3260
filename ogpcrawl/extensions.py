"""ProgressLog: the operator's view of a running crawl (agencies done of total, pages, errors)."""

from __future__ import annotations

import logging

from scrapy import signals
from scrapy.exceptions import NotConfigured
from twisted.internet import task

logger = logging.getLogger(__name__)


class ProgressLog:
    def __init__(self, stats, interval: float):
        self.stats, self.interval = stats, interval
        self.task: task.LoopingCall | None = None

    @classmethod
    def from_crawler(cls, crawler):
        interval = crawler.settings.getfloat("OGP_PROGRESS_INTERVAL", 30)
        if interval <= 0:
            raise NotConfigured
        ext = cls(crawler.stats, interval)
        crawler.signals.connect(ext.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

    def line(self) -> str:
        s = self.stats
        errors = {k.rsplit("/", 1)[1]: v for k, v in s.get_stats().items()
                  if k.startswith("ogp/page_errors/")}
        return (f"agencies {s.get_value('ogp/agencies_done', 0)}/"
                f"{s.get_value('ogp/agencies_total', 0)} done, "
                f"{s.get_value('ogp/unreachable', 0)} unreachable, "
                f"{s.get_value('ogp/pages', 0)} pages, page errors {errors or 0}")

    def spider_opened(self, spider):
        self.task = task.LoopingCall(lambda: logger.info("progress: %s", self.line()))
        self.task.start(self.interval, now=False)

    def spider_closed(self, spider, reason):
        if self.task and self.task.running:
            self.task.stop()
        logger.info("final: %s (close reason: %s)", self.line(), reason)
