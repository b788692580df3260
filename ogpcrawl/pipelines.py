"""Item pipelines; ITEM_PIPELINES in settings.py is the data flow:

Detect (100) → Rate (200) → Clean (300) → Persist (400) → Report (500).

Each one delegates to detect/, db/ or report/ and stays short.
"""

from __future__ import annotations

import logging
from datetime import date

from itemadapter import ItemAdapter
from scrapy import signals
from scrapy.exceptions import NotConfigured

from ogpcrawl import vocab
from ogpcrawl.archive.links import captures_field, link_evidence
from ogpcrawl.config import database_url, redact_url
from ogpcrawl.detect.ratings import rate
from ogpcrawl.detect.site import detect_site
from ogpcrawl.items import INTERNAL_FIELDS, OUTPUT_FIELDS
from ogpcrawl.runinfo import run_settings, run_summary
from ogpcrawl.validation import validate_snapshot

logger = logging.getLogger(__name__)


def judge_pages(
    pages: list,
    *,
    as_of: date,
    failed: list,
    mobile_check: dict | None,
    search_check: dict | None = None,
    social_views: dict | None = None,
    found_via: list | None = None,
    news_window_days: int = vocab.NEWS_WINDOW_DAYS,
) -> dict:
    """The detected fields of a snapshot from its pages: the crawl's DetectPipeline and
    `scrapy rejudge` (which rebuilds the pages from the run's archive) both call this."""
    fields = detect_site(
        pages,
        as_of=as_of,
        failed=failed,
        search_check=search_check,
        social_views=social_views or {},
        news_window_days=news_window_days,
    ).to_contract()
    # how the spider found each section page (rules found.*, docs/detection.md)
    found = [dict(f) for f in found_via or []]
    if found:
        fields["evidence_detail"] = [*found, *(fields.get("evidence_detail") or [])]
    check = mobile_check
    if check and check.get("responsive") is not None:
        # The browser's phone-viewport check (ogpcrawl/mobile_check.py) decides `responsive`.
        fields["mobile"] = {**fields["mobile"], "responsive": check["responsive"]}
        fields["evidence"] = {**fields["evidence"], "mobile.responsive": check.get("url")}
        fields["evidence_detail"] = [
            *(fields.get("evidence_detail") or []),
            {
                "finding": "mobile.responsive",
                "url": check.get("url"),
                "rule": "mobile.browser_check",
                "snippet": "; ".join(check.get("reasons") or [])[:200],
            },
        ]
    # Each finding names the archived capture it was read from (ogpcrawl/archive/).
    captures = captures_field(pages, failed, mobile_check, search_check, social_views)
    captures["found_via"] = found  # spider-side evidence, kept for `scrapy rejudge`
    fields["evidence_detail"] = link_evidence(fields.get("evidence_detail") or [], captures)
    fields["captures"] = captures
    fields["mobile_check"] = public_mobile_check(mobile_check)
    return fields


def public_mobile_check(check: dict | None) -> dict | None:
    """The phone check as the snapshot carries it (docs/browser.md): its numbers as a structured
    field, not a string; null when the check did not run."""
    if not check:
        return None
    out = {
        "url": check.get("url"),
        "responsive": check.get("responsive"),
        "reasons": [str(r) for r in check.get("reasons") or []],
        "details": dict(check.get("details") or {}),
    }
    if check.get("error"):
        out["error"] = str(check["error"])[:200]
    return out


class DetectPipeline:
    """Runs the detectors on the pages a spider gathered and fills the indicator fields.

    OGP_NEWS_WINDOW_DAYS (stored with the run) sets both how far back the spider pages the news
    and the window the posts a month are counted over.

    In a worker thread: judging a site takes tens to hundreds of milliseconds of CPU, and on the
    reactor's thread that would hold back every other site's next request (detect/ is pure,
    so the thread shares nothing with the crawl).
    """

    def __init__(self, news_window_days: int = vocab.NEWS_WINDOW_DAYS):
        self.news_window_days = news_window_days

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler.settings.getint("OGP_NEWS_WINDOW_DAYS", vocab.NEWS_WINDOW_DAYS))

    # Items judged in worker threads at once; past that, an item is judged on the reactor's
    # thread, which holds the crawl back until detection catches up: a crawl faster than its
    # detection (loopback) must not pile up finished visits, each holding its pages, in memory.
    MAX_IN_THREADS = 2

    async def process_item(self, item):
        import asyncio

        if getattr(self, "_in_threads", 0) >= self.MAX_IN_THREADS:
            return self._detect(item)
        self._in_threads = getattr(self, "_in_threads", 0) + 1
        try:
            return await asyncio.to_thread(self._detect, item)
        finally:
            self._in_threads -= 1

    def _detect(self, item):
        adapter = ItemAdapter(item)
        fields = judge_pages(
            adapter.get("pages") or [],
            as_of=date.fromisoformat(adapter["as_of"]),
            failed=adapter.get("failed_detail") or [],
            mobile_check=adapter.get("mobile_check"),
            search_check=adapter.get("search_check"),
            social_views=adapter.get("social_views") or {},
            found_via=adapter.get("found_via") or [],
            news_window_days=self.news_window_days,
        )
        for key, value in fields.items():
            adapter[key] = value
        return item


class RatePipeline:
    """Rates each commitment on the OGP scale (rules in docs/detection.md)."""

    def process_item(self, item):
        adapter = ItemAdapter(item)
        # The adapter itself, not asdict(): a deep copy would copy every page's text to read
        # four fields (rate() only reads).
        adapter["ratings"] = rate(adapter)
        return item


class CleanPipeline:
    """Drops the working fields so each item holds exactly the output fields, and validates it.

    OGP_STRICT_SCHEMA (tests turn it on) makes a schema violation fail the crawl loudly.
    """

    def __init__(self, strict: bool = False):
        self.strict = strict

    @classmethod
    def from_crawler(cls, crawler):
        return cls(strict=crawler.settings.getbool("OGP_STRICT_SCHEMA"))

    def process_item(self, item):
        adapter = ItemAdapter(item)
        for name in INTERNAL_FIELDS:
            adapter.pop(name, None)
        for name in OUTPUT_FIELDS:
            if name not in adapter:
                adapter[name] = None
        problems = validate_snapshot(dict(adapter))  # read only: no deep copy needed
        if problems:
            msg = f"snapshot {adapter.get('agency_id')} breaks the contract: {problems[:3]}"
            if self.strict:
                raise ValueError(msg)
            logger.error(msg)
        return item


class PersistPipeline:
    """Stores the run and its snapshots; a lost database spools them instead of losing them."""

    def __init__(
        self, crawler, url: str, spool_dir: str, batch_size: int, retry_interval: float = 30.0
    ):
        self.crawler, self.url = crawler, url
        self.spool_dir, self.batch_size = spool_dir, batch_size
        self.retry_interval = retry_interval

    @classmethod
    def from_crawler(cls, crawler):
        s = crawler.settings
        if not s.getbool("OGP_PERSIST_ENABLED", True):
            raise NotConfigured
        pipeline = cls(
            crawler,
            database_url(s),
            s.get("OGP_SPOOL_DIR", "spool"),
            s.getint("OGP_DB_BATCH_SIZE", 20),
            s.getfloat("OGP_DB_RETRY_INTERVAL", 30.0),
        )
        crawler.signals.connect(pipeline.spider_closed, signal=signals.spider_closed)
        return pipeline

    def open_spider(self):
        from ogpcrawl.db.errors import DatabaseUnavailable
        from ogpcrawl.db.snapshot_writer import SnapshotWriter
        from ogpcrawl.db.store import Store

        spider = self.crawler.spider
        try:
            self.store = Store(self.url)
        except Exception as exc:  # e.g. an unknown dialect: say which setting is wrong
            raise DatabaseUnavailable(
                redact_url(self.url), f"DATABASE_URL cannot be used: {exc}"
            ) from exc
        self.store.check()  # raises DatabaseUnavailable before any request is made
        self.store.upgrade()
        # The registry: annex numbers, local types, host confidence and alternate addresses
        # from the agencies file reach the agencies table on every crawl (the views number and
        # order like the annex from them).
        self.store.upsert_agencies([a.as_dict() for a in spider.agencies])
        settings = run_settings(self.crawler.settings)
        # A census's families share one run, recorded under the census's name.
        label = getattr(getattr(self.crawler, "ogp_round", None), "label", spider.name)
        self.store.start_run(spider.run_id, label, spider.as_of, settings)
        self.writer = SnapshotWriter(
            self.store,
            run_id=spider.run_id,
            spool_dir=self.spool_dir,
            batch_size=self.batch_size,
            spider=label,
            retry_interval=self.retry_interval,
            as_of=spider.as_of,
            settings=settings,
            on_durable=spider.frontier.mark_done,
        )
        # A resumed run (same run id) skips the agencies already stored or spooled.
        spider.frontier.restore(self.writer.done_agencies())

    def process_item(self, item):
        # A shallow copy: the writer cleans (deep-copies) each snapshot as it stores or spools it.
        self.writer.add(dict(ItemAdapter(item)))
        return item

    def close_spider(self):
        if hasattr(self, "writer"):
            self.writer.close()

    def spider_closed(self, spider, reason):
        if not hasattr(self, "writer"):
            return  # the database never opened: there is no run to close
        census = getattr(self.crawler, "ogp_round", None)
        if census is not None:
            if not census.complete:
                return  # another family of the census still crawls: the last one ends the run
            stats, reason = census.stats(), census.reason()
        else:
            stats = self.crawler.stats.get_stats()
        # After close_spider: the close reason is known here, so the run's status can say it.
        # agencies_done is what the database holds for the run (every process's share), plus
        # this process's spool. Only with the database down does the process's own count
        # (including what an earlier attempt had done) stand in for it.
        try:
            done = len(self.writer.done_agencies(require_database=True))
        except Exception:
            try:
                done = len(self.writer.done_agencies())
            except Exception:
                done = 0
            done = max(done, int(stats.get("ogp/agencies_done", 0)))
        status, summary = run_summary(stats, reason, done)
        logger.info("run %s %s: %s", spider.run_id, status, summary)
        try:
            self.writer.finish(status, summary)  # spools the closing too if the database is gone
        except Exception as exc:
            logger.error("could not record the end of run %s: %s", spider.run_id, exc)
        self.record_health(spider, status, summary)

    def record_health(self, spider, status: str, summary: dict) -> None:
        """The run's health (ogpcrawl.health) into the stats, where the report pipeline (is the
        annex publishable?) and `scrapy crawl` (the verdict line, the exit status) read it."""
        from ogpcrawl import health
        from ogpcrawl.runinfo import process_health

        s = self.crawler.settings
        thresholds = s.getdict("OGP_HEALTH_THRESHOLDS")
        verdict = None
        distributed_share = (
            s.getbool("OGP_DISTRIBUTED")
            and status == "interrupted"
            and summary.get("close_reason") == "finished"
        )
        if not distributed_share:
            try:  # the database's view: the whole run, compared with the previous one
                verdict = health.assess(self.store, spider.run_id, thresholds=thresholds)
                if verdict.figures.get("status") != status:
                    verdict = None  # the closing was spooled: the row is not this run's end
            except Exception as exc:
                logger.warning(
                    "run health from the database failed (%s); judged from this process's figures",
                    exc,
                )
        if verdict is None:
            verdict = process_health(
                spider.run_id,
                spider.name,
                status,
                summary,
                distributed=s.getbool("OGP_DISTRIBUTED"),
                thresholds=thresholds,
            )
        stats = self.crawler.stats
        stats.set_value("ogp/health", verdict.state)
        stats.set_value("ogp/health_reasons", list(verdict.reasons))
        log = logger.info if verdict.state in ("ok", "running") else logger.error
        log(
            "run %s health: %s%s",
            spider.run_id,
            verdict.state,
            "".join(f"; {r}" for r in verdict.reasons),
        )


class ReportPipeline:
    """Renders Annex 1 and Annex 2 of the run when the crawl closes (after Persist records it)."""

    def __init__(
        self, crawler, out_dir: str, formats: list[str], lang: str, templates_dir: str | None
    ):
        self.crawler, self.out_dir, self.formats = crawler, out_dir, formats
        self.lang, self.templates_dir = lang, templates_dir

    @classmethod
    def from_crawler(cls, crawler):
        s = crawler.settings
        if not s.getbool("REPORT_ON_CLOSE", True) or not s.getbool("OGP_PERSIST_ENABLED", True):
            raise NotConfigured
        pipeline = cls(
            crawler,
            s.get("REPORT_DIR", "output"),
            s.getlist("REPORT_FORMATS"),
            s.get("REPORT_LANG", "az"),
            s.get("REPORT_TEMPLATES_DIR") or None,
        )
        crawler.signals.connect(pipeline.spider_closed, signal=signals.spider_closed)
        return pipeline

    def process_item(self, item):
        return item

    def spider_closed(self, spider, reason):
        from ogpcrawl.report.stored_run import render_stored_run, write_not_publishable

        stats = self.crawler.stats
        census = getattr(self.crawler, "ogp_round", None)
        if census is not None:
            if not census.complete:
                return  # one report for the census, when its last family closes
            reason = census.reason()
            done = census.stats().get("ogp/agencies_done")
        else:
            done = stats.get_value("ogp/agencies_done")
        if reason == "shutdown" and not done:
            return  # stopped before any agency was done (e.g. the database did not open)
        state = stats.get_value("ogp/health") or "ok"
        why = "; ".join(stats.get_value("ogp/health_reasons") or ()) or state
        if state == "failed":  # nothing an analyst could mistake for a result
            note = write_not_publishable(self.out_dir, spider.run_id, f"run {state}: {why}")
            stats.set_value("ogp/annexes", f"annexes not written (not publishable), see {note}")
            logger.error("run %s failed (%s): annexes not written; %s", spider.run_id, why, note)
            return
        try:
            paths = render_stored_run(
                database_url(self.crawler.settings),
                spider.run_id,
                out_dir=self.out_dir,
                formats=self.formats,
                lang=self.lang,
                templates_dir=self.templates_dir,
                agencies_file=self.crawler.settings.get("AGENCIES_FILE"),
                unpublishable=None if state in ("ok", "running") else f"run {state}: {why}",
                round_name=self.crawler.settings.get("REPORT_ROUND") or None,
                replay_base=self.crawler.settings.get("OGP_REPLAY_URL") or None,
            )
        except Exception:
            logger.exception("rendering the annexes of run %s failed", spider.run_id)
            stats.inc_value("ogp/errors/report")
            stats.set_value("ogp/annexes", "rendering the annexes failed (see the log)")
            return
        for p in paths:
            logger.info("wrote %s", p)
        if paths:
            where = paths[0].parent
            stats.set_value(
                "ogp/annexes",
                f"annexes in {where}/"
                if state in ("ok", "running")
                else f"annexes stamped NOT PUBLISHABLE in {where}/",
            )
