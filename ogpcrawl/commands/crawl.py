"""`scrapy crawl`, with a plain one-line message for the errors a user can fix.

A bad agencies file or an unreachable database stops the crawl before any request (Scrapy logs
the traceback); this command also ends with the message alone on stderr, e.g.
`ogpcrawl: seeds/agencies.csv:12: duplicate agency_id 'agdam' (first on line 11)`.

A crawl that ran ends with one verdict line on stdout, from the run's health (ogpcrawl.health),
and an exit status to match (runinfo.EXIT_CODES): 0 ok (or, in a shared run, this process's
share done), 3 failed (e.g. no site reachable: the annexes are not written), 4 degraded (the
annexes are stamped NOT PUBLISHABLE); 2 the crawl could not start, 1 Scrapy's own failure. E.g.
`ogpcrawl: run local_ih-... FAILED: every site unreachable (80 of 80); annexes not written ...`.
With the items on stdout (`-O -`) the line goes to stderr instead.
`scrapy crawl census` runs the census (ogpcrawl/commands/census.py).
"""

from __future__ import annotations

import sys
import traceback

from scrapy.commands.crawl import Command as ScrapyCrawl
from scrapy.exceptions import UsageError

from ogpcrawl.agencies import AgenciesFileError
from ogpcrawl.commands import WithExamples, described
from ogpcrawl.runinfo import (
    EXIT_CODES,
    InvalidRunId,
    process_health,
    run_summary,
    verdict_line,
)

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
        if args[0] == "census":  # every family in one run; Scrapyd runs the census this way
            from ogpcrawl.commands.census import run_census

            assert self.crawler_process
            self.exitcode = run_census(self.crawler_process, dict(opts.spargs))
            return
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
        crawler = self._create_crawler(args[0])
        d = self.crawler_process.crawl(crawler, **opts.spargs)
        if hasattr(d, "addErrback"):
            d.addErrback(remember_failure)
        else:
            d.add_done_callback(remember_task)
        self.crawler_process.start()
        if self.crawler_process.bootstrap_failed:
            self.exitcode = 2 if messages else 1
        for m in messages:
            print(f"ogpcrawl: {m}", file=sys.stderr)
        if not messages and not self.crawler_process.bootstrap_failed:
            self.say_verdict(crawler)

    def say_verdict(self, crawler) -> None:
        """One line on stdout saying whether the run can be used, and a matching exit status
        (runinfo.EXIT_CODES): a crawl that reached nothing must never look like a success."""
        stats = crawler.stats.get_stats()
        spider = getattr(crawler, "spider", None)
        run_id = getattr(spider, "run_id", None)
        if run_id is None or "ogp/agencies_total" not in stats:
            return  # the spider never started its run
        state, reasons = stats.get("ogp/health"), stats.get("ogp/health_reasons") or ()
        if state is None:  # no database (OGP_PERSIST_ENABLED=False): this process's figures
            status, summary = run_summary(stats, stats.get("finish_reason"))
            verdict = process_health(
                run_id,
                spider.name,
                status,
                summary,
                distributed=crawler.settings.getbool("OGP_DISTRIBUTED"),
                thresholds=crawler.settings.getdict("OGP_HEALTH_THRESHOLDS"),
            )
            state, reasons = verdict.state, verdict.reasons
        figures = {
            "agencies": stats.get("ogp/agencies_done", 0),
            "unreachable": stats.get("ogp/unreachable", 0),
            "pages": stats.get("ogp/pages", 0),
        }
        # stdout, unless the items go there (-O -): then the line must not corrupt the feed
        feeds_to_stdout = any(
            str(uri) in ("-", "stdout:") or str(uri).startswith("stdout:")
            for uri in crawler.settings.getdict("FEEDS")
        )
        print(
            verdict_line(run_id, state, reasons, figures, stats.get("ogp/annexes") or ""),
            file=sys.stderr if feeds_to_stdout else sys.stdout,
            flush=True,
        )
        self.exitcode = max(self.exitcode, EXIT_CODES.get(state, 1))
