"""`scrapy crawl`, with a plain one-line message for the errors a user can fix.

A bad agencies file or an unreachable database stops the crawl before any request (Scrapy logs
the traceback); this command also ends with the message alone on stderr, e.g.
`ogpcrawl: seeds/agencies.csv:12: duplicate agency_id 'agdam' (first on line 11)`.
"""

from __future__ import annotations

import sys
import traceback

from scrapy.commands.crawl import Command as ScrapyCrawl
from scrapy.exceptions import UsageError

from ogpcrawl.agencies import AgenciesFileError
from ogpcrawl.commands import WithExamples, described
from ogpcrawl.runinfo import InvalidRunId

USER_ERRORS: tuple[type[BaseException], ...] = (AgenciesFileError, InvalidRunId)
try:  # the database layer is optional for this message
    from ogpcrawl.db.errors import DatabaseUnavailable

    USER_ERRORS += (DatabaseUnavailable,)
except ImportError:  # pragma: no cover
    pass


class Command(WithExamples, ScrapyCrawl):
    def short_desc(self) -> str:
        return "Crawl the monitored sites of one spider (local_ih or ministries)"

    def long_desc(self) -> str:
        return described(
            self.short_desc() + "; prints a one-line verdict on the run when it ends",
            "scrapy crawl local_ih -a only=agdam,barda -s AS_OF=2018-08-20",
        )

    def run(self, args, opts) -> None:
        if len(args) != 1:
            raise UsageError
        messages: list[str] = []

        def remember(exc: BaseException | None) -> None:
            if exc is None:
                return
            if isinstance(exc, USER_ERRORS):
                messages.append(str(exc))
            else:  # a bug or an unusable setting: never let it pass silently
                traceback.print_exception(exc, file=sys.stderr)
                messages.append(f"the crawl could not start: {type(exc).__name__}: {exc}")

        def remember_failure(failure):  # Twisted Deferred (CrawlerProcess)
            remember(failure.value)
            return failure

        def remember_task(task):  # asyncio Task (AsyncCrawlerProcess)
            remember(None if task.cancelled() else task.exception())

        assert self.crawler_process
        d = self.crawler_process.crawl(self._create_crawler(args[0]), **opts.spargs)
        if hasattr(d, "addErrback"):
            d.addErrback(remember_failure)
        else:
            d.add_done_callback(remember_task)
        self.crawler_process.start()
        if self.crawler_process.bootstrap_failed:
            self.exitcode = 2 if messages else 1
        for m in messages:
            print(f"ogpcrawl: {m}", file=sys.stderr)
