"""What both spiders share: one visit per agency, one SiteSnapshot per agency, always.

A visit is a chain of requests to one site, one at a time (gentle on the host; many sites are in
flight at once). Its state, a Visit (ogpcrawl/spiders/visit.py), travels in request.meta["ogp"]
and pickles, so a JOBDIR disk queue or Redis can persist it and a resumed crawl carries on where
it stopped. Every request has an errback that
continues the chain, so a failed page is recorded and the rest of the site is still judged, and
a site whose every address fails still yields a snapshot with reachable=false.

What to fetch is decided by ogpcrawl.detect.navigation (pure functions on the pages); the
family spiders only add hints (e.g. the e-services page id of the shared -ih CMS).
"""

from __future__ import annotations

import asyncio
import codecs
import logging
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import scrapy
from scrapy import signals
from scrapy.exceptions import DontCloseSpider, StopDownload
from scrapy.http import Response, TextResponse

from ogpcrawl import specs, vocab
from ogpcrawl.agencies import AgenciesFileError, Agency, load_agencies, select
from ogpcrawl.archive.capture import CAPTURE_META
from ogpcrawl.detect import activity, navigation
from ogpcrawl.detect.encoding import decode_html
from ogpcrawl.detect.page import Page
from ogpcrawl.detect.search import CONTROL_QUERY, query_word
from ogpcrawl.detect.social import detect_social
from ogpcrawl.errors import classify_failure, quiet_robots_errors
from ogpcrawl.frontier import make_frontier
from ogpcrawl.items import SiteSnapshot
from ogpcrawl.runinfo import new_run_id, resolve_run_id, set_aside_unclean_queue
from ogpcrawl.spiders.social import SocialReads
from ogpcrawl.spiders.visit import Visit, queued_key, seen_key

logger = logging.getLogger(__name__)

# Fetch order within a site's budget: lower first.
PRIORITY = {
    "home": 0,
    "news": 10,
    "council": 20,
    "eservices": 30,
    "procurement": 30,
    "structure": 32,
    "search": 35,
    "search_check": 36,
    "search_control": 37,
    "council_sub": 40,
    "procurement_sub": 45,
    "news_next": 50,
    "news_item": 60,
    "sitemap": 38,
    "mobile": 80,
    # An account's read runs beside the visits (spiders/social.py): it starts as soon as its
    # network's window allows, which keeps the network's slot busy; the window caps how many.
    "social": -10,
}
# Links of one kind taken from a page (the best first), so one site cannot flood its budget.
# Both come from the [crawl] table of ogpcrawl/specs/indicators/<section>.toml.
_SPECS = specs.active()
TAKE = {s: _SPECS[s].take for s in _SPECS.sections}
SUBPAGES = {s: _SPECS[s].subpages for s in _SPECS.sections if _SPECS[s].subpages}
# A request role that is not a page role (vocab.PAGE_ROLES) -> the role of the page it fetches.
PAGE_ROLE = {"council_sub": "council", "procurement_sub": "procurement", "news_next": "news"}
# Typed into a site's own search form when no menu names the council (the packs' search_query).
COUNCIL_QUERY = _SPECS["council"].search_query or ""
# Sections the menu may hide on a second-level page, in the footer or only in sitemap.xml, and
# how many structure/about pages are read to find them.
HIDDEN_SECTIONS = ("council", "procurement")
PARKED_POLL_S = 0.05  # how often start() looks whether parked visits left room
PARKED_PER_REQUEST = 4  # parked visits allowed per CONCURRENT_REQUESTS
# Item pages read to find where the news window starts on a listing page without dates.
DATELESS_BISECT = 4
STRUCTURE_TAKE = 2
# contract finding of each section (evidence_detail's "finding")
FINDING = {
    "council": "council",
    "procurement": "procurement",
    "eservices": "e_services",
    "news": "news",
}


def _codec(encoding: str | None) -> str:
    """The charset a form is sent in: the page's, as a browser does (UTF-8 if unknown)."""
    try:
        return codecs.lookup(encoding or "utf-8").name
    except LookupError:
        return "utf-8"


def parse_as_of(value: str | date | None) -> date:
    if isinstance(value, date):
        return value
    if not value:
        return datetime.now(UTC).date()
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError as exc:
        raise ValueError(f"AS_OF must be YYYY-MM-DD, got {value!r}") from exc


def page_from_parts(
    *,
    url: str,
    final_url: str | None,
    status: int,
    headers: dict,
    body: bytes,
    is_text: bool,
    role: str,
    rendered: bool,
    max_text: int,
) -> Page:
    """The Page the detectors read, from a response's parts: one decoding for the crawl and for
    `scrapy rejudge`, which rebuilds the same pages from the run's archive."""
    if is_text or b"<" in body[:2048]:
        text, encoding = decode_html(body, headers.get("content-type"))
    else:
        text, encoding = "", None
    return Page(
        url=url,
        final_url=final_url,
        status=status,
        headers=headers,
        text=text[:max_text],
        role=role,
        encoding=encoding,
        rendered=rendered,
    )


class AgencySpider(scrapy.Spider):
    """Base of the family spiders. Subclasses set `name` and `family` and may add hints."""

    family: str = ""

    def __init__(
        self,
        *args: Any,
        only: str | None = None,
        _job: str | None = None,
        run_id: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.only = only
        self._job = _job  # Scrapyd passes its job id; it becomes the run id
        self._run_id_arg = run_id

    @classmethod
    def update_settings(cls, settings) -> None:
        super().update_settings(settings)
        # Each social network read gets its own download slot ("social-<network>"): its own
        # concurrency and delay, shared by all its hosts (www.facebook.com and facebook.com).
        slots = dict(settings.getdict("DOWNLOAD_SLOTS"))
        per_network = settings.getint("OGP_SOCIAL_CONCURRENCY_PER_NETWORK", 0)
        delay = settings.get("OGP_SOCIAL_DOWNLOAD_DELAY")
        for network, spec in activity.spec()["networks"].items():
            if spec.get("view"):
                slot = {"concurrency": per_network or int(spec.get("concurrency", 1))}
                if delay not in (None, ""):
                    slot["delay"] = float(delay)
                slots.setdefault(f"social-{network}", slot)
        settings.set("DOWNLOAD_SLOTS", slots, priority="spider")

    @classmethod
    def from_crawler(cls, crawler, *args: Any, **kwargs: Any):
        spider = super().from_crawler(crawler, *args, **kwargs)
        quiet_robots_errors()  # a dead host's robots.txt: one line, not a traceback
        spider._configure(crawler.settings)
        crawler.signals.connect(spider._response_received, signal=signals.response_received)
        crawler.signals.connect(spider._bytes_received, signal=signals.bytes_received)
        crawler.signals.connect(spider._idle, signal=signals.spider_idle)
        return spider

    # -- configuration ----------------------------------------------------------------------
    def _configure(self, settings) -> None:
        self.as_of = parse_as_of(settings.get("AS_OF"))
        self.budget = settings.getint("OGP_PAGE_BUDGET", 25)
        self.news_pages_max = settings.getint("OGP_NEWS_PAGES_MAX", 8)
        self.window_days = settings.getint("OGP_NEWS_WINDOW_DAYS", vocab.NEWS_WINDOW_DAYS)
        self.try_alternates = settings.getbool("OGP_TRY_ALTERNATES", True)
        self.max_text = settings.getint("OGP_MAX_TEXT_CHARS", 2_000_000)
        # bytes read of a page other than the home page; beyond them the detectors would see
        # nothing anyway (the text is cut at OGP_MAX_TEXT_CHARS): 0 = DOWNLOAD_MAXSIZE decides
        self.page_max_bytes = settings.getint("OGP_PAGE_MAX_BYTES", 2 * self.max_text)
        # A site that trickles or never answers must not hold the run: after OGP_SITE_DEADLINE
        # seconds its visit stops and it is judged with what it has (0: no deadline).
        self.site_deadline = settings.getfloat("OGP_SITE_DEADLINE", 0)
        self.download_timeout = settings.getfloat("DOWNLOAD_TIMEOUT", 180)
        # OGP_BROWSER: "auto" (agencies-file render column, then the needs_browser rule),
        # "never" (plain downloads only), "always" (every site through the browser).
        self.browser_mode = (settings.get("OGP_BROWSER") or "auto").lower()
        self.browser_timeout_ms = settings.getint("OGP_BROWSER_TIMEOUT_MS", 30_000)
        # The phone-viewport check of commitment 2.4 costs a browser page per site: opt-in.
        self.mobile_check = settings.getbool("OGP_MOBILE_CHECK", False)
        self.screenshot_dir = settings.get("OGP_SCREENSHOT_DIR") or "output/screenshots"
        # Each social account's public view is read (commitment 2.4), once a run, beside the
        # site's own pages (spiders/social.py).
        self.social_activity = settings.getbool("OGP_SOCIAL_ACTIVITY", True)
        self.social_max_requests = settings.getint("OGP_SOCIAL_MAX_REQUESTS_PER_ACCOUNT", 2)
        self.social_max_accounts = settings.getint("OGP_SOCIAL_MAX_ACCOUNTS", 8)
        self._social = SocialReads(
            windows=self._social_windows(settings),
            keep=settings.getint("OGP_SOCIAL_CACHE_ACCOUNTS", 256),
        )
        # which process registered a visit's wants (a visit resumed from JOBDIR or taken from
        # Redis registers them again here)
        self._social_token = uuid.uuid4().hex
        # A distributed run shares one request queue: a read chain's request may be taken by
        # another process, whose spider knows nothing of the visits waiting here. There each
        # visit reads its accounts itself after its pages, one after the other (the requests
        # carry the visit, so any process can continue it), as before reads ran beside visits.
        self._serial_reads = settings.getbool("OGP_DISTRIBUTED")
        # Parked visits at most (see _room_beside_parked): a few times the visits in flight, so a
        # census bound by a network's chain keeps its sites going while the chain catches up
        self._parked_max = settings.getint("OGP_SOCIAL_PARKED_MAX", 0) or (
            PARKED_PER_REQUEST * max(1, settings.getint("CONCURRENT_REQUESTS", 16))
        )
        path = settings.get("AGENCIES_FILE") or "seeds/agencies.csv"
        # A bad agencies file stops the crawl here, before any request (message names the line).
        all_agencies = load_agencies(path)
        self.agencies: list[Agency] = select(all_agencies, family=self.family, only=self.only)
        if not self.agencies:
            raise AgenciesFileError(f"{path}: no agencies of family {self.family!r}")
        self.jobdir = settings.get("JOBDIR") or None
        self.run_id = resolve_run_id(
            (
                (self._run_id_arg, "-a run_id"),
                (settings.get("OGP_RUN_ID"), "OGP_RUN_ID"),
                (self._job, "Scrapyd job id (_job)"),
            ),
            jobdir=self.jobdir,
            new=lambda: new_run_id(self.name),
        )
        if self.jobdir:
            set_aside_unclean_queue(Path(self.jobdir))
        # host -> agency_id, to count each site's robots.txt (fetched by Scrapy's middleware)
        self._site_of_host: dict[str, str] = {}
        for a in self.agencies:
            for addr in a.addresses(True):
                self._site_of_host.setdefault((urlsplit(addr).hostname or "").lower(), a.agency_id)
        self._robots_fetched: dict[str, int] = {}
        self.frontier = make_frontier(settings, self.run_id)

    # -- start --------------------------------------------------------------------------------
    async def start(self):
        done = self.frontier.done()
        todo = [a for a in self.agencies if a.agency_id not in done]
        self.crawler.stats.set_value("ogp/agencies_total", len(self.agencies))
        self.crawler.stats.set_value("ogp/agencies_done", len(self.agencies) - len(todo))
        if len(todo) < len(self.agencies):
            logger.info(
                "Resuming run %s: %d of %d agencies already done",
                self.run_id,
                len(self.agencies) - len(todo),
                len(self.agencies),
            )
        for agency in todo:
            await self._room_beside_parked()
            if self.frontier.claim(agency.agency_id):
                yield self.first_request(agency)

    async def _room_beside_parked(self) -> None:
        """Parked visits (spiders/social.py) hold their pages but no request, so the downloader
        does not see them: past PARKED_PER_REQUEST × CONCURRENT_REQUESTS of them no new visit
        opens until a read frees some, and open visits stay flat in the number of sites when a network's chain is
        the census's bottleneck. Nothing in flight meanwhile: their reads were lost (the idle
        handler cannot run before start() ends), so they read them themselves."""
        engine = self.crawler.engine
        quiet = 0.0
        while self._social.parked() >= self._parked_max and engine is not None and engine.running:
            scheduler = getattr(engine, "scheduler", None)
            busy = engine.downloader.active or (scheduler and scheduler.has_pending_requests())
            quiet = 0.0 if busy else quiet + PARKED_POLL_S
            if quiet >= 1.0:
                self._resume_parked("ogp/social_resumed_before_start_ended")
                return
            await asyncio.sleep(PARKED_POLL_S)

    def first_request(self, agency: Agency) -> scrapy.Request:
        addresses = agency.addresses(self.try_alternates)
        state = Visit(
            agency=agency.as_dict(),
            addresses=addresses,
            rendering=self._initial_rendering(agency),
            # wall clock, not monotonic: the visit may continue in another process (Redis)
            deadline_at=time.time() + self.site_deadline if self.site_deadline > 0 else None,
        )
        return self._home_request(state, addresses[0])

    def _initial_rendering(self, agency: Agency) -> dict:
        if self.browser_mode == "never":
            return {"browser": False, "reason": "browser disabled (OGP_BROWSER=never)"}
        if self.browser_mode == "always":
            return {"browser": True, "reason": "OGP_BROWSER=always"}
        if agency.render == "browser":
            return {"browser": True, "reason": "agencies file: render=browser"}
        reason = (
            "agencies file: render=static" if agency.render == "static" else "static HTML sufficed"
        )
        return {"browser": False, "reason": reason}

    # -- requests -----------------------------------------------------------------------------
    def _request(
        self,
        state: Visit,
        url: str,
        role: str,
        callback,
        *,
        method: str = "GET",
        body: str | None = None,
        **meta: Any,
    ) -> scrapy.Request:
        state.issued += 1
        state.seen.append(seen_key(url, method, body))
        if state.rendering["browser"] and role not in ("sitemap",):
            # Once a site needs a browser, its menus and lists do too: render all its pages.
            meta.update(self.browser_meta())
        left = state.time_left()
        if left is not None and left < self.download_timeout:
            # no single download may outlast the site's deadline
            meta["download_timeout"] = max(1.0, left)
            if meta.get("playwright"):
                meta["playwright_page_goto_kwargs"] = {
                    **meta["playwright_page_goto_kwargs"],
                    "timeout": max(1000, min(self.browser_timeout_ms, int(left * 1000))),
                }
        elif role != "home" and self.page_max_bytes:
            # read the page's head instead of refusing it (_bytes_received); the home page keeps
            # DOWNLOAD_MAXSIZE: a home page that large is a site that cannot be used (too_large)
            meta.update(download_maxsize=0, ogp_cap=self.page_max_bytes)
        headers = (
            {"Content-Type": "application/x-www-form-urlencoded"} if method == "POST" else None
        )
        return scrapy.Request(
            url,
            method=method,
            body=body,
            headers=headers,
            callback=callback,
            errback=self._on_error,
            dont_filter=True,  # the visit tracks what it has seen; the dupefilter must not cut a chain
            meta={"ogp": state, "ogp_role": role, **meta},
            priority=-PRIORITY.get(role, 50),
        )

    def browser_meta(self) -> dict:
        """Request meta that sends a request through scrapy-playwright (see ogpcrawl/browser.py)."""
        return {
            "playwright": True,
            "playwright_context": "desktop",
            "playwright_page_goto_kwargs": {
                "wait_until": "networkidle",
                "timeout": self.browser_timeout_ms,
            },
        }

    def _home_request(self, state: Visit, url: str) -> scrapy.Request:
        state.tried.append(url)
        return self._request(state, url, "home", self._on_home)

    def _remaining(self, state: Visit) -> int:
        return state.remaining(self.budget, self._robots_fetched.get(state.agency_id, 0))

    def enqueue(
        self,
        state: Visit,
        url: str | None,
        role: str,
        *,
        hint: bool = False,
        method: str = "GET",
        body: str | None = None,
    ) -> None:
        """Queue a page of this site. A hint is a guessed URL: its failure is not a failed page."""
        if not url:
            return
        url = url.split("#", 1)[0]
        if not url.startswith(("http://", "https://")):
            return
        if state.known(seen_key(url, method, body)):
            return
        item = {"url": url, "role": role, "hint": hint}
        if method != "GET":
            item.update(method=method, body=body)
        state.queue.append(item)

    def _next(self, state: Visit):
        """The next request of this visit, or the snapshot when there is nothing left to do."""
        if state.past_deadline():
            return self._cut_at_deadline(state)
        while state.queue and self._remaining(state) > 0:
            state.queue.sort(key=lambda q: PRIORITY.get(q["role"], 50))
            item = state.queue.pop(0)
            if queued_key(item) in state.seen and item["role"] != "mobile":
                continue
            if item["role"] == "mobile":
                return self._mobile_request(state, item["url"])
            return self._request(
                state,
                item["url"],
                item["role"],
                self._on_page,
                method=item.get("method", "GET"),
                body=item.get("body"),
                ogp_hint=item.get("hint", False),
            )
        if state.queue:
            self.crawler.stats.inc_value("ogp/budget_exhausted")
        return self._social_next(state)

    def _cut_at_deadline(self, state: Visit):
        """OGP_SITE_DEADLINE passed: the pages still planned are recorded as failed (timeout),
        so the findings they decide read `unknown`, and the site is judged with what it has."""
        state.deadline_reached = True
        for item in state.queue:
            if not item.get("hint"):
                state.failed.append(
                    {
                        "url": item["url"],
                        "error": "timeout",
                        "role": PAGE_ROLE.get(item["role"], item["role"]),
                        "capture": None,
                    }
                )
        state.queue = []
        self.crawler.stats.inc_value("ogp/site_deadline_reached")
        logger.warning(
            "%s: site deadline of %.0f s reached; judged with %d pages",
            state.agency["agency_id"],
            self.site_deadline,
            len(state.pages),
        )
        return self._social_next(state)

    # -- callbacks ----------------------------------------------------------------------------
    def _response_received(self, response: Response, request: scrapy.Request, spider) -> None:
        # robots.txt is fetched by Scrapy's RobotsTxtMiddleware outside our chains: count it here.
        if (
            spider is self
            and urlsplit(request.url).path == "/robots.txt"
            and "ogp" not in request.meta
        ):
            site = self._site_of_host.get((urlsplit(request.url).hostname or "").lower())
            if site:
                self._robots_fetched[site] = self._robots_fetched.get(site, 0) + 1

    def _bytes_received(self, data: bytes, request: scrapy.Request, spider) -> None:
        # A page other than the home page is read up to OGP_PAGE_MAX_BYTES and judged on that
        # part (an e-services list before 10 MB of inline images), not dropped as too large.
        cap = request.meta.get("ogp_cap")
        if spider is not self or not cap:
            return
        received = request.meta.get("ogp_bytes", 0) + len(data)
        request.meta["ogp_bytes"] = received
        if received >= cap:
            raise StopDownload(fail=False)

    def _to_page(self, response: Response, role: str) -> Page:
        headers = {
            k.decode("latin-1").lower(): v[0].decode("latin-1", "replace")
            for k, v in response.headers.items()
            if v
        }
        if "download_stopped" in response.flags:  # cut at OGP_PAGE_MAX_BYTES: say so
            headers["x-ogp-truncated"] = str(len(response.body))
        return page_from_parts(
            url=response.request.meta.get("redirect_urls", [response.url])[0]
            if response.request
            else response.url,
            final_url=response.url,
            status=response.status,
            headers=headers,
            body=response.body,
            is_text=isinstance(response, TextResponse),
            role=role,
            rendered="playwright" in response.flags or bool(response.meta.get("playwright")),
            max_text=self.max_text,
        )

    def _keep(self, state: Visit, page: Page, response: Response | None = None) -> None:
        state.fetched += 1
        state.pages.append(page.to_dict())
        capture = response.meta.get(CAPTURE_META) if response is not None else None
        if capture:  # the archived record this page was read from (ogpcrawl/archive/)
            state.pages[-1]["capture"] = capture
        if page.final_url and page.final_url != page.url:
            state.seen.append(page.final_url)

    def _on_home(self, response: Response):
        state = response.meta["ogp"]
        page = self._to_page(response, "home")
        self._keep(state, page, response)
        target = navigation.meta_refresh_target(page)
        if target and response.meta.get("ogp_refresh_hops", 0) < 3:
            # A meta-refresh (or JS redirect stub) home page: the real home is its target.
            target = urljoin(page.base_url, target)
            state.pages[-1]["role"] = "other"
            if target not in state.seen:
                req = self._request(
                    state,
                    target,
                    "home",
                    self._on_home,
                    ogp_refresh_hops=response.meta.get("ogp_refresh_hops", 0) + 1,
                )
                return req
        if self._should_render(state, page, response):
            state.pages[-1]["role"] = "other"  # the static shell; the rendered page replaces it
            return self._request(state, response.url, "home", self._on_home, ogp_browser_retry=True)
        state.home = response.url
        if self.mobile_check:
            state.queue.append({"url": response.url, "role": "mobile", "hint": True})
        self._plan(self.plan_from_home, state, page)
        reads = self._social_start(state, page)
        return [*reads, *self._as_list(self._next(state))]

    def _mobile_request(self, state: Visit, url: str) -> scrapy.Request:
        from ogpcrawl.mobile_check import mobile_request

        state.issued += 1
        return mobile_request(
            url,
            callback=self._on_mobile,
            errback=self._on_error,
            meta={"ogp": state, "ogp_role": "mobile", "ogp_hint": True},
            screenshot_dir=self.screenshot_dir,
            agency_id=state.agency["agency_id"],
            timeout_ms=self.browser_timeout_ms,
        )

    async def _on_mobile(self, response: Response):
        from ogpcrawl.mobile_check import read_result

        state = response.meta["ogp"]
        state.fetched += 1
        try:
            state.mobile_check = await read_result(response)
        except Exception as exc:  # the check is evidence, not a reason to lose the site
            logger.warning("mobile check failed for %s: %s", response.url, exc)
            state.mobile_check = {"responsive": None, "error": str(exc)[:200]}
        if response.meta.get(CAPTURE_META):
            state.mobile_check["capture"] = response.meta[CAPTURE_META]
        return self._next(state)

    def _should_render(self, state: Visit, page: Page, response: Response) -> bool:
        """The automatic rule: re-load the home page in a browser when its static HTML lacks
        what the detectors need (detect.navigation.needs_browser, documented in detection.md)."""
        if (
            self.browser_mode != "auto"
            or state.rendering["browser"]
            or state.agency.get("render") == "static"
            or response.meta.get("ogp_browser_retry")
        ):
            return False
        needed, reason = navigation.needs_browser(page)
        if needed:
            state.rendering = {"browser": True, "reason": f"automatic: {reason}"}
            self.crawler.stats.inc_value("ogp/browser_sites")
        return needed

    def _on_page(self, response: Response):
        state = response.meta["ogp"]
        role = response.meta["ogp_role"]
        page = self._to_page(response, PAGE_ROLE.get(role, role))
        self._keep(state, page, response)
        self._plan(self.plan_from_page, state, page, role)
        return self._next(state)

    def _on_error(self, failure):
        request = failure.request
        state = request.meta["ogp"]
        role = request.meta["ogp_role"]
        error = classify_failure(failure)
        response = getattr(failure.value, "response", None)
        if response is not None:
            state.fetched += 1  # an HTTP error page is still a downloaded response
        if not request.meta.get("ogp_hint"):  # a guessed URL that is missing is no error
            self.crawler.stats.inc_value(f"ogp/page_errors/{error}")
        if role == "home" and request.meta.get("playwright") and state.home is None:
            fallback = self._static_fallback(state, request, error)
            if fallback is not None:
                return fallback
        if role == "home" and state.home is None:
            if state.home_error is None:
                state.home_error = error  # the agency's own url decides the reported reason
            if state.past_deadline():  # no time left for the other addresses
                state.deadline_reached = True
                self.crawler.stats.inc_value("ogp/site_deadline_reached")
                return self._snapshot(state)
            # Try the next known address (www. twin, alternate spellings) before giving up.
            for addr in state.addresses:
                if addr not in state.tried:
                    logger.info(
                        "%s: %s failed (%s), trying %s",
                        state.agency["agency_id"],
                        request.url,
                        error,
                        addr,
                    )
                    return self._home_request(state, addr)
            return self._snapshot(state)
        if request.meta.get("ogp_hint"):
            return self._next(state)  # a guessed URL that does not exist is not a fault
        state.failed.append(
            {
                "url": request.url,
                "error": error,
                "role": PAGE_ROLE.get(role, role),
                "capture": request.meta.get(CAPTURE_META),
            }
        )
        return self._next(state)

    def _static_fallback(self, state: Visit, request, error: str):
        """The browser failed on a home page whose static HTML we already have: judge that."""
        static = [
            p for p in state.pages if p["final_url"] == request.url or p["url"] == request.url
        ]
        kind = request.meta.get("ogp_browser_failure") or "other"
        state.rendering = {
            "browser": False,
            "reason": f"browser failed ({'over its memory budget' if kind == 'memory' else error})"
            "; static HTML judged",
            "failure": kind,
        }
        self.crawler.stats.inc_value("ogp/browser_failures")
        if not static:  # rendered from the start (render=browser): load it plainly instead
            return self._request(state, request.url, "home", self._on_home, ogp_browser_retry=True)
        static[-1]["role"] = "home"
        state.home = static[-1]["final_url"] or request.url
        home = Page.from_dict(static[-1])
        self._plan(self.plan_from_home, state, home)
        reads = self._social_start(state, home)
        return [*reads, *self._as_list(self._next(state))]

    # -- planning: what to fetch next (family spiders may extend) ----------------------------
    def _plan(self, plan, state: Visit, page: Page, *args: Any) -> None:
        """Run one planning step; a planning bug must not lose the site: judge what we have."""
        try:
            plan(state, page, *args)
        except Exception:
            logger.exception("planning failed for %s on %s", state.agency["agency_id"], page.url)
            self.crawler.stats.inc_value("ogp/errors/planning")

    def plan_from_home(self, state: Visit, home: Page) -> None:
        sections = navigation.discover_sections(home)
        form = navigation.site_search(home)
        if form is not None:
            state.search_check = {
                "form": {
                    "action": form.action,
                    "method": form.method,
                    "param": form.param,
                    "hidden": [list(h) for h in form.hidden],
                },
                "query": None,
                "control": None,
                "encoding": home.encoding,
            }
        for section in vocab.SECTIONS:
            for link in sections.get(section, [])[: TAKE.get(section, 1)]:
                self.enqueue(state, link.url, section)
                self._found(state, section, link, home, f"found.home_{link.where or 'menu'}")
        if self._hidden(state):
            # Not in the home page's menu, content or footer: rank the pages that may link it
            # (structure/about/leadership/apparatus pages, then sitemap.xml) within the budget.
            for link in navigation.structure_pages(home)[:STRUCTURE_TAKE]:
                self.enqueue(state, link.url, "structure")
            self.enqueue(state, urljoin(home.base_url, "/sitemap.xml"), "sitemap", hint=True)
        self.plan_news(state, home)
        if not sections.get("council"):
            self.plan_search_for_council(state, home)
        self.add_hints(state, home, sections)

    def add_hints(self, state: Visit, home: Page, sections: dict) -> None:
        """Family-specific extra pages (override)."""

    def plan_search_for_council(self, state: Visit, page: Page) -> None:
        # A council page hidden from the menu (Sabunçu, 2018) is found through the site's search.
        if state.searched:
            return
        form = navigation.site_search(page)
        if form is None or (form.method or "get").lower() != "get":
            return
        state.searched = True
        url = scrapy.FormRequest(
            form.action,
            method="GET",
            formdata={**dict(form.hidden or ()), form.param: COUNCIL_QUERY},
        ).url
        self.enqueue(state, url, "search")

    def plan_search_check(self, state: Visit, page: Page) -> None:
        """search_works: send a word of the latest news title through the home page's form, and
        a nonsense word (what the site shows for no match), once, as soon as a title is seen."""
        check = state.search_check
        if not check or check["query"]:
            return
        query = query_word(
            navigation.latest_news_title(page, as_of=self.as_of), encoding=check.get("encoding")
        )
        if not query:
            return
        check["query"], check["control"] = query, CONTROL_QUERY
        form = check["form"]
        for word, role in ((query, "search_check"), (CONTROL_QUERY, "search_control")):
            data = {**{k: v for k, v in form["hidden"]}, form["param"]: word}
            try:
                req = scrapy.FormRequest(
                    form["action"],
                    method=form["method"],
                    formdata=data,
                    encoding=_codec(check.get("encoding")),
                )
            except UnicodeEncodeError:  # a hidden value the page's charset cannot write
                req = scrapy.FormRequest(form["action"], method=form["method"], formdata=data)
            if form["method"] == "POST":
                self.enqueue(state, req.url, role, method="POST", body=req.body.decode("ascii"))
            else:
                self.enqueue(state, req.url, role)

    def plan_news(self, state: Visit, page: Page) -> None:
        self.plan_search_check(state, page)
        listing = navigation.news_listing(page, as_of=self.as_of)
        if listing.dates:
            newest = max((d for d in listing.dates if d <= self.as_of), default=None)
            oldest = min(listing.dates)
            # Follow pagination until the listing reaches back past the cadence window.
            reach = (newest or self.as_of) - timedelta(days=self.window_days)
            if listing.next_url and oldest > reach and state.news_pages < self.news_pages_max:
                state.news_pages += 1
                self.enqueue(state, urljoin(page.base_url, listing.next_url), "news_next")
        elif page.role == "news" and listing.item_links:
            # A listing without dates: date a sample of its items from their own pages — the
            # newest item of the first page and the last item of each page — and follow the
            # pagination while that last item is inside the window (plan_dateless_item).
            # Detection dates the items in between by their position (news.interpolated).
            if state.dateless is None:
                state.dateless = {"pages": {}, "newest": None, "bisect": None}
            dateless = state.dateless
            links = listing.item_links
            first_page = not dateless.get("first")
            if first_page:
                dateless["first"] = links[0].url
                self.enqueue(state, links[0].url, "news_item")
            dateless["pages"][links[-1].url] = {
                "items": [link.url for link in links[:200]],
                "first_page": first_page,
                "next": urljoin(page.base_url, listing.next_url) if listing.next_url else None,
            }
            self.enqueue(state, links[-1].url, "news_item")
            base = state.home or page.base_url
            self.enqueue(state, urljoin(base, "/sitemap.xml"), "sitemap", hint=True)

    def plan_dateless_item(self, state: Visit, page: Page) -> None:
        dateless = state.dateless
        if not dateless:
            return
        day = navigation.item_page_date(page, as_of=self.as_of)
        if page.url == dateless.get("first") and day is not None:
            dateless["newest"] = day.isoformat()
        if day is None:
            return
        newest = date.fromisoformat(dateless["newest"]) if dateless["newest"] else day
        inside = (newest - day).days < self.window_days
        probe = dateless.get("bisect")
        if probe and probe["probe"] == page.url:
            # narrowing down where the window starts on a listing page (see below)
            index = probe["items"].index(page.url)
            probe["lo" if inside else "hi"] = index
            self._bisect(state, probe)
            return
        entry = dateless["pages"].pop(page.url, None)
        if entry is None:
            return
        if inside:
            if entry["next"] and state.news_pages < self.news_pages_max:
                state.news_pages += 1
                self.enqueue(state, entry["next"], "news_next")
        else:
            # The window starts on this listing page: read up to DATELESS_BISECT more items by
            # halving the stretch between the last item known inside and this one, so the
            # items dated by position near the window's edge are few.
            items = entry["items"]
            probe = {
                "items": items,
                "lo": 0 if entry["first_page"] else -1,
                "hi": len(items) - 1,
                "steps": 0,
                "probe": None,
            }
            dateless["bisect"] = probe
            self._bisect(state, probe)

    def _bisect(self, state: Visit, probe: dict) -> None:
        mid = (probe["lo"] + probe["hi"]) // 2
        if probe["steps"] >= DATELESS_BISECT or mid <= probe["lo"] or mid >= probe["hi"]:
            probe["probe"] = None
            return
        probe["steps"] += 1
        probe["probe"] = probe["items"][mid]
        self.enqueue(state, probe["items"][mid], "news_item")

    def _found(self, state: Visit, section: str, link, page: Page, rule: str) -> None:
        """Record how a section page was found (evidence_detail, rule found.*)."""
        url = link.url.split("#", 1)[0]
        if url in state.found:
            return
        where = f"{link.where} link" if link.where else "link"
        label = f" “{link.text}”" if link.text else ""
        state.found[url] = {
            "finding": FINDING.get(section, section),
            "section": section,
            "url": url,
            "rule": rule,
            "snippet": f"{where}{label} on {page.url}"[:200],
        }

    def _hidden(self, state: Visit) -> list[str]:
        """Hidden sections not found yet."""
        have = {f["section"] for f in state.found.values()}
        return [s for s in HIDDEN_SECTIONS if s not in have]

    def plan_from_page(self, state: Visit, page: Page, role: str) -> None:
        if role in ("news", "news_next"):
            self.plan_news(state, page)
        elif role == "news_item":
            self.plan_dateless_item(state, page)
        elif role == "structure":
            sections = navigation.discover_sections(page)
            for section in self._hidden(state):
                for link in sections.get(section, [])[:1]:
                    self.enqueue(state, link.url, section)
                    self._found(state, section, link, page, "found.structure_page")
        elif role == "sitemap":
            sections = navigation.sitemap_sections(page)
            for section in self._hidden(state):
                for link in sections.get(section, [])[:1]:
                    # a stale sitemap entry that fails is no failed section page: a hint
                    self.enqueue(state, link.url, section, hint=True)
                    self._found(state, section, link, page, "found.sitemap")
        elif role == "search":
            found = navigation.discover_sections(page).get("council", [])
            for link in found[: TAKE["council"]]:
                self.enqueue(state, link.url, "council")
                self._found(state, "council", link, page, "found.site_search")
        elif role in SUBPAGES:
            for link in navigation.section_subpages(page, role)[: SUBPAGES[role]]:
                self.enqueue(state, link.url, f"{role}_sub")
            if role == "council" or role == "procurement":
                # A section page is also a menu page: it may name sections the home page hid.
                for section, links in navigation.discover_sections(page).items():
                    if section in ("council", "procurement") and section != role:
                        for link in links[:1]:
                            self.enqueue(state, link.url, section)
                            self._found(state, section, link, page, "found.section_page")

    # -- social accounts' public views (spiders/social.py) ------------------------------------
    @staticmethod
    def _as_list(out) -> list:
        """A callback's output as a list: nothing, one request or item, or several."""
        if out is None:
            return []
        return out if isinstance(out, list) else [out]

    @staticmethod
    def _social_windows(settings) -> dict[str, int]:
        """Read chains of a network at once: what its download slot may have in flight (its
        concurrency; PoliteDownloader allows CONCURRENT_REQUESTS_PER_DOMAIN to a host whose
        answer outlasts the delay) plus one ready to start, so the slot never waits for a
        callback and the downloader's queue never fills with one network's requests."""
        per_network = settings.getint("OGP_SOCIAL_CONCURRENCY_PER_NETWORK", 0)
        per_host = max(1, settings.getint("CONCURRENT_REQUESTS_PER_DOMAIN", 2))
        return {
            network: max(per_network or int(spec.get("concurrency", 1)), per_host) + 1
            for network, spec in activity.spec()["networks"].items()
            if spec.get("view")
        }

    def _listed_accounts(self, pages: list[Page]) -> list[dict]:
        """The accounts these pages link (the detector the pipeline runs too), those with a
        login-free view, capped: [{network, url, next}] with `next` the view to read."""
        todo = []
        for account in detect_social(pages).accounts:
            url = activity.view_url(account.network, account.url)
            if url:
                todo.append({"network": account.network, "url": account.url, "next": url})
        return todo[: self.social_max_accounts]

    def _social_accounts(self, state: Visit) -> list[dict]:
        """The accounts the site links, from all its pages, the home page first."""
        try:
            pages = [Page.from_dict(p) for p in state.pages]
            home = [p for p in pages if p.role == "home"][:1]
            return self._listed_accounts(home + [p for p in pages if p not in home])
        except Exception:
            logger.exception("social accounts of %s could not be listed", state.agency["agency_id"])
            return []

    def _want(self, state: Visit, accounts: list[str]) -> None:
        """Register that this visit will take these reads (in this process: see _social_token)."""
        social = state.social if state.social is not None else {}
        state.social = social
        if social.get("token") != self._social_token:
            social["token"], social["wanted"] = self._social_token, []
        for account in accounts:
            if account not in social["wanted"]:
                self._social.want(account)
                social["wanted"].append(account)

    def _unwant(self, state: Visit, account: str) -> None:
        social = state.social
        if social.get("token") == self._social_token and account in social["wanted"]:
            social["wanted"].remove(account)
            self._social.release(account)

    def _social_start(self, state: Visit, home: Page) -> list[scrapy.Request]:
        """The home page is kept: start reading the accounts it names, beside the site's pages."""
        if not self.social_activity or self.social_max_requests < 1 or self._serial_reads:
            return []
        try:
            items = self._listed_accounts([home])
        except Exception:  # the visit's social phase lists them again from all its pages
            logger.exception("social accounts of %s could not be listed", state.agency_id)
            return []
        self._want(state, [item["url"] for item in items])
        for item in items:
            self._social.add(item)
        return self._dispatch_reads()

    def _dispatch_reads(self) -> list[scrapy.Request]:
        return [
            self._read_request({**item, "requests": 0, "views": []})
            for item in self._social.dispatch()
        ]

    def _social_next(self, state: Visit) -> list:
        """The visit is done with its own pages: its snapshot once every account it links is
        read; until then the visit is parked (or, in the idle fallback, reads them itself)."""
        # The site's deadline bounds its own pages only: its accounts live on other hosts, read
        # at the networks' own pace, so a hanging site still has its social activity judged.
        if state.home is None or not self.social_activity or self.social_max_requests < 1:
            return self._as_list(self._snapshot(state))
        try:
            missing = self._social_take(state)
        except Exception:  # never lose the snapshot over its social accounts
            logger.exception("social phase failed for %s", state.agency_id)
            missing = []
        if not missing:
            return self._as_list(self._snapshot(state))
        if state.social.get("serial") or self._serial_reads:
            # the idle fallback: this visit reads what it misses, one account after the other
            item = missing[0]
            return [self._read_request({**item, "requests": 0, "views": []}, state)]
        for item in missing:  # an account named only on a later page starts its read now
            self._social.add(item)
        self._social.park(state.agency_id, state, [item["url"] for item in missing])
        self.crawler.stats.inc_value("ogp/social_parked")
        self.crawler.stats.max_value("ogp/social_parked_max", self._social.parked())
        return self._dispatch_reads()

    def _social_take(self, state: Visit) -> list[dict]:
        """Take every finished read this visit needs; the accounts still missing."""
        social = state.social if state.social is not None else {}
        state.social = social
        if "todo" not in social:
            todo = self._social_accounts(state)
            listed = {item["url"] for item in todo}
            early = (
                list(social.get("wanted", ())) if social.get("token") == self._social_token else []
            )
            self._want(state, [item["url"] for item in todo])
            for account in early:  # named on the home page but cut by the cap over all pages
                if account not in listed:
                    self._unwant(state, account)
            social["todo"], social["views"] = todo, {}
        views, missing = social["views"], []
        for item in social["todo"]:
            if item["url"] in views:
                continue
            read = self._social.views(item["url"])
            if read is None:
                missing.append(item)
                continue
            views[item["url"]] = read
            self._unwant(state, item["url"])
        if not missing:  # in the order the accounts are listed, as the serial design had them
            social["views"] = {
                i["url"]: views[i["url"]] for i in social["todo"] if i["url"] in views
            }
        return missing

    def _read_request(self, read: dict, state: Visit | None = None) -> scrapy.Request:
        """The next request of an account's read. `read` is plain data ({network, url, next,
        requests, views}), so a JOBDIR disk queue or Redis can hold it; `state` is the visit
        only when the visit reads the account itself (the idle fallback)."""
        url, read["next"] = read["next"], None
        read["requests"] += 1
        self.crawler.stats.inc_value(f"ogp/social_requests/{read['network']}")
        meta = {
            "ogp_read": read,
            "ogp_role": "social",
            "ogp_account": read["url"],
            # a network's answer is recorded as it is: a 429 is "unknown", never retried
            "dont_retry": True,
            "handle_httpstatus_all": True,
            "download_slot": f"social-{read['network']}",
        }
        if state is not None:
            meta["ogp"] = state
        return scrapy.Request(
            url,
            callback=self._on_social,
            errback=self._on_social_error,
            dont_filter=True,
            meta=meta,
            priority=-PRIORITY["social"],
        )

    def _on_social(self, response: Response):
        read = response.meta["ogp_read"]
        text = ""
        if response.status < 400:
            try:
                text = (
                    response.text[: self.max_text]
                    if isinstance(response, TextResponse)
                    else response.body[: self.max_text].decode("utf-8", "replace")
                )
            except Exception:
                text = ""
        read["views"].append(
            {
                "url": response.url,
                "status": response.status,
                "text": text,
                "error": None,
                "capture": response.meta.get(CAPTURE_META),
            }
        )
        try:
            read["next"] = activity.next_view(read["network"], read["views"], as_of=self.as_of)
        except Exception:
            read["next"] = None
        return self._read_step(read, response.meta.get("ogp"))

    def _on_social_error(self, failure):
        request = failure.request
        read = request.meta["ogp_read"]
        error = classify_failure(failure)
        response = getattr(failure.value, "response", None)
        self.crawler.stats.inc_value(f"ogp/social_errors/{error}")
        read["views"].append(
            {
                "url": request.url,
                "status": getattr(response, "status", None),
                "text": "",
                "error": error,
                "capture": request.meta.get(CAPTURE_META),
            }
        )
        read["next"] = None
        return self._read_step(read, request.meta.get("ogp"))

    def _read_step(self, read: dict, state: Visit | None) -> list:
        """After one view: the read's next request, or the read is done and the visits waiting
        for it carry on (and the network's window takes the next account)."""
        if read["next"] and read["requests"] < self.social_max_requests:
            return [self._read_request(read, state)]
        out: list = []
        for visit in self._social.finish(read["url"], read["views"]):
            out += self._social_next(visit)
        out += self._dispatch_reads()
        if state is not None:
            out += self._social_next(state)
        return out

    def _idle(self, spider) -> None:
        """Nothing is in flight, yet visits are parked: their reads were lost (or, in a
        distributed run, another process took the requests). Each visit reads what it misses
        itself, one account after the other, so no visit is lost or emitted without its views."""
        if spider is not self or not self._social.parked():
            return
        self._resume_parked("ogp/social_idle_resumed")
        raise DontCloseSpider

    def _resume_parked(self, stat: str) -> None:
        visits = self._social.take_parked()
        self.crawler.stats.inc_value(stat, len(visits))
        logger.warning(
            "%d visits waited for social reads that never finished: read now", len(visits)
        )
        engine = self.crawler.engine
        for visit in visits:
            visit.social["serial"] = True
            for out in self._social_next(visit):
                if isinstance(out, scrapy.Request):
                    engine.crawl(out)
                elif out is not None:  # not expected: a parked visit misses a read
                    engine.scraper._start_itemproc_nowait(out)

    # -- the snapshot ------------------------------------------------------------------------
    def _snapshot(self, state: Visit):
        agency = state.agency
        aid = agency["agency_id"]
        if not self.frontier.finish(aid):
            # A resumed crawl may finish a site twice (restored queue + restart): keep the first.
            self.crawler.stats.inc_value("ogp/duplicate_visits_dropped")
            return None
        reachable = state.home is not None
        robots = self._robots_fetched.pop(aid, 0)
        stats = self.crawler.stats
        stats.inc_value("ogp/agencies_done")
        stats.inc_value("ogp/pages", state.fetched + robots)
        if not reachable:
            stats.inc_value("ogp/unreachable")
            stats.inc_value(f"ogp/unreachable/{state.home_error or 'other'}")
        final = state.home
        tls = {"https": bool(final and final.startswith("https://")), "valid": None, "error": None}
        item = SiteSnapshot(
            agency_id=aid,
            name=agency["name"],
            level=agency["level"],
            family=agency["family"],
            run_id=self.run_id,
            crawled_at=datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z"),
            as_of=self.as_of.isoformat(),
            start_url=agency["url"],
            final_url=final,
            reachable=reachable,
            error=None if reachable else (state.home_error or "other"),
            pages_fetched=state.fetched + robots,
            failed_pages=[{"url": f["url"], "error": f["error"]} for f in state.failed],
            address={"tried": state.tried, "answered": self._answered(state, final)},
            rendering=state.rendering,
            deadline_reached=state.deadline_reached,
            tls=tls,
            pages=state.pages if reachable else [],
            failed_detail=state.failed,
            mobile_check=state.mobile_check,
            search_check=state.search_check,
            social_views=(state.social or {}).get("views") or {},
            found_via=self._found_rows(state) if reachable else [],
        )
        return item

    @staticmethod
    def _found_rows(state: Visit) -> list[dict]:
        """How each section page that was fetched (or failed) had been found."""
        fetched = {p["url"] for p in state.pages} | {p.get("final_url") for p in state.pages}
        fetched |= {f["url"] for f in state.failed}
        return [
            {k: f[k] for k in ("finding", "url", "rule", "snippet")}
            for f in state.found.values()
            if f["url"] in fetched
        ]

    @staticmethod
    def _answered(state: Visit, final: str | None) -> str | None:
        """Which known address answered (the last one tried before the home page loaded)."""
        if not final:
            return None
        return state.tried[-1] if state.tried else final

    def closed(self, reason: str) -> None:
        if self.jobdir:
            (Path(self.jobdir) / "ogp_running").unlink(missing_ok=True)
        logger.info("run %s closed (%s)", self.run_id, reason)
