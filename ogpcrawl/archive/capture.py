"""Scrapy plumbing of the archive: a downloader middleware that writes each exchange as it
happens, and an extension that packages the run's WACZ when the crawl closes.

ArchiveMiddleware sits next to the download handler (order 950 in DOWNLOADER_MIDDLEWARES): it sees
every response before any other middleware changed it — robots.txt (fetched by Scrapy's
RobotsTxtMiddleware through the same downloader), each redirect hop (before RedirectMiddleware
follows it), bodies still compressed as sent — and every download exception before retries. The
capture's identity goes into `request.meta["ogp_capture"]`, where the spider reads it for the
page it keeps (spiders/base.py), so a finding can name the record it was read from.
"""

from __future__ import annotations

import json
import logging
import time
from pathlib import Path

from scrapy import signals
from scrapy.exceptions import IgnoreRequest, NotConfigured

from ogpcrawl.archive import paths
from ogpcrawl.archive.warc import WarcFile, header_pairs
from ogpcrawl.errors import classify_exception

logger = logging.getLogger(__name__)

CAPTURE_META = "ogp_capture"


def archive_enabled(settings) -> bool:
    return settings.getbool("OGP_ARCHIVE_ENABLED", True)


class ArchiveMiddleware:
    def __init__(self, crawler):
        self.crawler = crawler
        self.root = paths.archive_root(crawler.settings)
        self.warc: WarcFile | None = None
        self._closed = False

    @classmethod
    def from_crawler(cls, crawler):
        if not archive_enabled(crawler.settings):
            raise NotConfigured
        mw = cls(crawler)
        crawler.signals.connect(mw.spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(mw.item_scraped, signal=signals.item_scraped)
        return mw

    # -- the run's folder ----------------------------------------------------------------------
    @property
    def run_id(self) -> str:
        return self.crawler.spider.run_id

    def _file(self) -> WarcFile | None:
        if self.warc is None and not self._closed:
            folder = paths.run_dir(self.root, self.run_id)
            self.warc = WarcFile(
                folder / paths.WARC_SUBDIR,
                self.run_id,
                part=self.crawler.spider.name,
                info={
                    "operator": self.crawler.settings.get("OGP_CONTACT_URL"),
                    "http-header-user-agent": self.crawler.settings.get("USER_AGENT"),
                },
            )
            logger.info("archiving run %s to %s", self.run_id, self.warc.path)
        return self.warc

    # -- downloader hooks ----------------------------------------------------------------------
    def _cpu(self, started: float) -> None:
        # What archiving costs, for bench/archive.py: CPU seconds spent writing records.
        self.crawler.stats.inc_value("ogp/archive/cpu_s", time.process_time() - started, start=0.0)

    def process_response(self, request, response):
        started = time.process_time()
        try:
            capture = self._archive_response(request, response)
        except Exception:  # evidence lost for one page; the crawl and its verdicts go on
            logger.exception("archiving %s failed", response.url)
            self.crawler.stats.inc_value("ogp/archive/errors")
            return response
        finally:
            self._cpu(started)
        if capture is not None:
            request.meta[CAPTURE_META] = capture
            self.crawler.stats.inc_value(f"ogp/archive/{capture['kind']}")
        return response

    def process_exception(self, request, exception):
        if isinstance(exception, IgnoreRequest):
            return None  # nothing was fetched (robots.txt refused it, a middleware dropped it)
        warc = self._file()
        started = time.process_time()
        if warc is not None:
            try:
                capture = warc.failure(
                    url=request.url,
                    method=request.method,
                    error=classify_exception(exception),
                    exception=f"{type(exception).__module__}.{type(exception).__qualname__}",
                    message=str(exception),
                )
                request.meta[CAPTURE_META] = capture
                self.crawler.stats.inc_value("ogp/archive/fetch-failed")
            except Exception:
                logger.exception("archiving the failure of %s failed", request.url)
            self._cpu(started)
        return None

    def _archive_response(self, request, response) -> dict | None:
        warc = self._file()
        if warc is None:
            return None
        headers = header_pairs(response.headers)
        if "playwright" in response.flags:
            meta = request.meta
            capture = warc.rendered(
                url=response.url, html=response.body, headers=headers, status=response.status
            )
            method = (meta.get("playwright_page_methods") or {}).get("mobile")
            metrics = getattr(method, "result", None)
            if meta.get("playwright_context") == "mobile" and isinstance(metrics, dict):
                shot = metrics.get("screenshot")
                png = Path(shot).read_bytes() if shot and Path(shot).is_file() else b""
                screen = warc.screenshot(url=response.url, png=png, metrics=metrics)
                capture = {**capture, "screenshot": screen}
            return capture
        protocol = getattr(response, "protocol", None) or "HTTP/1.1"
        if protocol.lower().startswith("h2"):
            protocol = "HTTP/2"
        return warc.response(
            url=response.url,
            method=request.method,
            request_headers=header_pairs(request.headers),
            request_body=request.body or b"",
            status=response.status,
            reason=_reason(response.status),
            protocol=protocol.upper(),
            headers=headers,
            body=response.body,
        )

    # -- a run's pages, as the spider emitted them (fallback when the database is down) --------
    def item_scraped(self, item, response, spider):
        captures = item.get("captures") if hasattr(item, "get") else None
        if not captures:
            return
        folder = paths.run_dir(self.root, self.run_id) / paths.PAGES_SUBDIR
        folder.mkdir(parents=True, exist_ok=True)
        name = (self.warc.name if self.warc else "pages").removesuffix(".warc.gz") + ".jsonl"
        with open(folder / name, "a", encoding="utf-8") as fh:
            fh.write(
                json.dumps(
                    {"agency_id": item.get("agency_id"), "captures": captures}, ensure_ascii=False
                )
                + "\n"
            )

    # -- close: package the run ----------------------------------------------------------------
    def spider_closed(self, spider, reason):
        self._closed = True
        if self.warc is None:
            return
        self.warc.close()
        census = getattr(self.crawler, "ogp_round", None)
        if census is not None and not census.complete:
            return  # the census's last crawler to close packages the run (ogpcrawl/census.py)
        from ogpcrawl.archive.wacz import package_run

        settings = self.crawler.settings
        started = time.process_time()
        try:
            wacz = package_run(self.root, self.run_id, database_url=_db_url(settings))
            self.crawler.stats.set_value("ogp/archive/pack_cpu_s", time.process_time() - started)
            logger.info("archive of run %s: %s", self.run_id, wacz)
            self.crawler.stats.set_value("ogp/archive/wacz", str(wacz))
        except Exception:
            logger.exception(
                "packaging the archive of run %s failed (the WARC files stay in %s; "
                "`scrapy evidence pack %s` retries)",
                self.run_id,
                self.warc.dir,
                self.run_id,
            )
            self.crawler.stats.inc_value("ogp/archive/errors")
            return
        db = _db_url(settings)
        if db:
            try:  # the run row names its archive, so an analyst can go from a row to a capture
                from ogpcrawl.db.store import Store

                with Store(db) as store:
                    store.set_run_links(self.run_id, archive=str(wacz.resolve()))
            except Exception as exc:
                logger.warning(
                    "run %s: the archive's location was not recorded in the database (%s)",
                    self.run_id,
                    exc,
                )
        keep = settings.getint("OGP_ARCHIVE_KEEP_RUNS", 0)
        for removed in paths.apply_retention(self.root, keep, protect=self.run_id):
            logger.info("archive retention (keep %d runs): removed %s", keep, removed)


def _db_url(settings) -> str | None:
    if not settings.getbool("OGP_PERSIST_ENABLED", True):
        return None
    from ogpcrawl.config import database_url

    return database_url(settings)


def _reason(status: int) -> str:
    from http import HTTPStatus

    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return ""
