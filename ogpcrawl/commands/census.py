"""scrapy census: the monitoring round, every site family in one process as one run.

    scrapy census [-a only=ID,ID] [-a run_id=ID] [-O output/%(name)s.jsonl] [-s NAME=VALUE ...]

Runs the family spiders (local_ih, ministries) side by side in one reactor (ogpcrawl/census.py):
one run row (spider "census"), one report in REPORT_DIR/<run id>/. `only=` may name agencies of
any family; a family with none selected is not crawled. A feed (-o/-O) is written per family, so
its path needs the %(name)s placeholder. `scrapy crawl census` does the same (that is how Scrapyd
runs it); `scrapy crawl local_ih` and `scrapy crawl ministries` still crawl one family as its
own run.
"""

from __future__ import annotations

import sys
import traceback
from pathlib import Path

from scrapy.commands import BaseRunSpiderCommand
from scrapy.exceptions import UsageError

from ogpcrawl.agencies import AgenciesFileError, load_agencies
from ogpcrawl.census import CENSUS, FAMILY_SPIDERS, CensusRound, share_concurrency
from ogpcrawl.commands import WithExamples, described


class Command(WithExamples, BaseRunSpiderCommand):
    requires_project = True

    def syntax(self) -> str:
        return "[options]"

    def short_desc(self) -> str:
        return "Crawl every site family (local_ih, ministries) in one process as one run"

    def long_desc(self) -> str:
        return described(
            self.short_desc() + ", with one report",
            "scrapy census -O output/%(name)s.jsonl",
            "scrapy census -a only=agstafa,taxes -s AS_OF=2018-08-20",
        )

    def run(self, args, opts) -> None:
        if args:
            raise UsageError("scrapy census takes no spider name: it runs every family")
        assert self.crawler_process
        self.exitcode = run_census(self.crawler_process, dict(opts.spargs))


def _only_per_family(agencies, only: str | None) -> dict[str, list[str] | None]:
    """The `only=` ids split by family spider (None: every agency of the family)."""
    if not only:
        return {name: None for name in FAMILY_SPIDERS}
    ids = [i.strip() for i in only.split(",") if i.strip()]
    family_of = {a.agency_id: a.family for a in agencies}
    unknown = [i for i in ids if i not in family_of]
    if unknown:
        raise AgenciesFileError(f"only=: unknown agency id(s): {', '.join(unknown)}")
    return {
        name: [i for i in ids if family_of[i] == family] for name, family in FAMILY_SPIDERS.items()
    }


def _run_id(settings, spargs: dict) -> str:
    """The census's run id, through the one resolver every crawl uses (validated, kept in
    JOBDIR/ogp_run_id so a resumed census completes the same run)."""
    from ogpcrawl.runinfo import resolve_run_id
    from ogpcrawl.spiders.base import new_run_id

    return resolve_run_id(
        (
            (spargs.pop("run_id", None), "-a run_id"),
            (settings.get("OGP_RUN_ID"), "OGP_RUN_ID"),
            (spargs.get("_job"), "Scrapyd job id (_job)"),
        ),
        jobdir=settings.get("JOBDIR") or None,
        new=lambda: new_run_id(CENSUS),
    )


def run_census(process, spargs: dict) -> int:
    """Crawl every family in `process` (a CrawlerProcess) as one run; returns the exit status."""
    from ogpcrawl.commands.crawl import USER_ERRORS

    settings = process.settings
    single_file = [str(uri) for uri in settings.getdict("FEEDS") if "%(name)s" not in str(uri)]
    if single_file:
        raise UsageError(
            f"scrapy census writes one feed per family: put %(name)s in the path "
            f"(e.g. -O output/%(name)s.jsonl), not {single_file[0]}"
        )
    try:
        agencies = load_agencies(settings.get("AGENCIES_FILE") or "seeds/agencies.csv")
        only = _only_per_family(agencies, spargs.pop("only", None))
    except AgenciesFileError as exc:
        print(f"ogpcrawl: {exc}", file=sys.stderr)
        return 2
    counts = {
        name: (
            len(only[name]) if only[name] is not None else sum(a.family == family for a in agencies)
        )
        for name, family in FAMILY_SPIDERS.items()
    }
    shares = share_concurrency(settings.getint("CONCURRENT_REQUESTS", 16), counts)
    if not shares:
        print(
            f"ogpcrawl: {settings.get('AGENCIES_FILE')}: no agencies of "
            f"{' or '.join(FAMILY_SPIDERS.values())}",
            file=sys.stderr,
        )
        return 2
    try:
        run_id = _run_id(settings, spargs)
    except USER_ERRORS as exc:
        print(f"ogpcrawl: {exc}", file=sys.stderr)
        return 2
    census = CensusRound(run_id)
    messages: list[str] = []

    def watch(d, crawler) -> None:
        def remember(exc: BaseException | None) -> None:
            if exc is None:
                return
            census.abandon(crawler)
            if isinstance(exc, USER_ERRORS):
                messages.append(str(exc))
            else:
                traceback.print_exception(exc, file=sys.stderr)
                messages.append(f"the crawl could not start: {type(exc).__name__}: {exc}")

        if hasattr(d, "addErrback"):  # Twisted Deferred (CrawlerProcess)
            d.addErrback(lambda failure: (remember(failure.value), failure)[1])
        else:  # asyncio Task (AsyncCrawlerProcess)
            d.add_done_callback(lambda t: remember(None if t.cancelled() else t.exception()))

    for name, share in shares.items():
        crawler = process.create_crawler(name)
        # The process's CONCURRENT_REQUESTS is shared, not given to every family.
        crawler.settings.set("CONCURRENT_REQUESTS", share, priority="cmdline")
        if settings.get("JOBDIR"):
            crawler.settings.set("JOBDIR", str(Path(settings["JOBDIR"]) / name), priority="cmdline")
        census.join(crawler)
        kwargs = dict(spargs, run_id=run_id)
        if only[name] is not None:
            kwargs["only"] = ",".join(only[name])
        watch(process.crawl(crawler, **kwargs), crawler)
    process.start()
    for m in dict.fromkeys(messages):
        print(f"ogpcrawl: {m}", file=sys.stderr)
    if process.bootstrap_failed:
        return 2 if messages else 1
    return say_verdict(census)


def say_verdict(census: CensusRound) -> int:
    """The one-line verdict `scrapy crawl` prints (runinfo.verdict_line), for the whole census:
    the run's health as the family that closed last recorded it, the families' figures added
    up; returns the matching exit status (runinfo.EXIT_CODES)."""
    from ogpcrawl.runinfo import EXIT_CODES, verdict_line

    judged = [c.stats for c in census.crawlers if c.stats.get_value("ogp/health")]
    if not judged:
        return 0  # no database (OGP_PERSIST_ENABLED=False): nothing judged the run
    stats, merged = judged[-1], census.stats()
    state = stats.get_value("ogp/health")
    figures = {
        k: merged.get(f"ogp/{s}", 0)
        for k, s in (
            ("agencies", "agencies_done"),
            ("unreachable", "unreachable"),
            ("pages", "pages"),
        )
    }
    print(
        verdict_line(
            census.run_id,
            state,
            stats.get_value("ogp/health_reasons") or (),
            figures,
            stats.get_value("ogp/annexes") or "",
        ),
        flush=True,
    )
    return EXIT_CODES.get(state, 1)
