"""The browser: scrapy-playwright's download handler, configured for this project.

A browser page costs about a hundred plain downloads, so only requests whose meta says
`playwright=True` reach it (the spider decides per site, see spiders/base.py); every other request
goes through Scrapy's plain HTTP handler, which this handler inherits. scrapy-playwright starts its
Playwright driver when the engine starts but launches Chromium only for the first browser request,
and this handler keeps it that way: the named contexts below are created on first use (never as
PLAYWRIGHT_CONTEXTS, which would launch the browser at startup), so a crawl of static sites never
starts a browser at all.

What this adds to scrapy-playwright:
- launch options from the environment: the system Chromium (Debian's /usr/bin/chromium) when
  present, else Playwright's own; flags that keep Chromium off the network except for our pages
  (on a closed network its background connections are refused and slow every page); the same
  http_proxy/https_proxy/no_proxy as plain downloads;
- two named contexts, "desktop" and "mobile" (a phone: viewport, user agent, touch), both ignoring
  certificate errors (the contract records certificates, never enforces them);
- heavy resources (images, media, fonts) aborted in the desktop context: the detectors read the
  DOM, not pixels. The mobile context keeps them, since images change the layout it measures;
- cost stats per run: ogp/browser/pages, ogp/browser/seconds, ogp/browser/peak_rss_mb and
  ogp/browser/peak_pss_mb (the driver and browser processes; see process_tree_memory);
- a context is closed and recreated after OGP_BROWSER_CONTEXT_PAGES pages, so a long crawl does
  not accumulate one context's cache and cookies across a hundred sites.
"""

from __future__ import annotations

import asyncio
import logging
import os
import shutil
import sys
import time
import weakref
from collections.abc import Mapping
from urllib.parse import urlsplit

from scrapy_playwright.handler import ScrapyPlaywrightDownloadHandler

logger = logging.getLogger(__name__)

SYSTEM_CHROMIUM = "/usr/bin/chromium"

# Chromium flags. The network ones stop Chromium's own traffic (component updates, safe browsing
# lists, sync, QUIC probes): on a closed network those connections are refused or hang.
CHROMIUM_ARGS = (
    "--no-sandbox",  # containers run without user namespaces; the pages are not trusted anyway
    "--disable-gpu",
    "--disable-dev-shm-usage",  # /dev/shm is 64 MB in Docker: use /tmp
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
)

# A phone: the CSS size of a common 6.1" handset, an Android Chrome user agent (servers that
# serve a separate mobile site sniff "Mobile"), our own token appended so webmasters still see
# who is calling.
PHONE_VIEWPORT = {"width": 390, "height": 844}
PHONE_USER_AGENT = (
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/126.0.0.0 Mobile Safari/537.36 ogpcrawl/0.1 (+https://github.com/ogpcrawl/ogpcrawl)"
)

CONTEXTS: dict[str, dict] = {
    "desktop": {
        "ignore_https_errors": True,
        "viewport": {"width": 1366, "height": 900},
        "service_workers": "block",  # a service worker would answer from its cache, not the site
    },
    "mobile": {
        "ignore_https_errors": True,
        "viewport": PHONE_VIEWPORT,
        "screen": PHONE_VIEWPORT,
        "device_scale_factor": 2,
        "is_mobile": True,
        "has_touch": True,
        "user_agent": PHONE_USER_AGENT,
        "service_workers": "block",
    },
}
# Contexts whose images, media and fonts are aborted (see abort_heavy).
LIGHT_CONTEXTS = frozenset({"desktop"})
HEAVY_RESOURCES = frozenset({"image", "media", "font"})

# Browser contexts created as light ones; abort_heavy looks a request's context up here.
_light: weakref.WeakSet = weakref.WeakSet()
# The process's one browser. Scrapy builds a handler per scheme (http, https) and `scrapy census`
# a crawler per family: the first handler made owns the Playwright driver and Chromium, every
# other one sends its browser requests there, and the last one to close closes the browser. So
# a process has one browser and every limit holds for the process.
_shared: dict = {"owner": None, "users": 0}


def chromium_path(configured: str | None = SYSTEM_CHROMIUM) -> str | None:
    """The system Chromium to launch, or None for Playwright's own browser."""
    if configured and os.path.exists(configured):
        return configured
    return shutil.which("chromium")


def proxy_from_env(env: Mapping[str, str]) -> dict | None:
    """Playwright's proxy option from the standard variables, as plain downloads read them.

    Chromium takes one proxy server; https_proxy wins because the agencies' sites are mostly
    https. no_proxy becomes the bypass list (same syntax: comma-separated hosts and .domains).
    """

    def get(name: str) -> str:
        return (env.get(name) or env.get(name.upper()) or "").strip()

    server = get("https_proxy") or get("http_proxy") or get("all_proxy")
    if not server:
        return None
    bypass = ",".join(h.strip() for h in get("no_proxy").split(",") if h.strip())
    if bypass == "*":
        return None  # no_proxy=* means: never use the proxy
    if "://" not in server:
        server = "http://" + server
    parts = urlsplit(server)
    proxy: dict = {
        "server": f"{parts.scheme}://{parts.hostname}:{parts.port or 80}"
        if parts.hostname
        else server
    }
    if parts.username:
        proxy["username"] = parts.username
        proxy["password"] = parts.password or ""
    if bypass:
        proxy["bypass"] = bypass
    return proxy


def launch_options(
    env: Mapping[str, str],
    *,
    configured: Mapping | None = None,
    executable: str | None = SYSTEM_CHROMIUM,
    reach=None,
    js_heap_mb: int = 0,
) -> dict:
    """PLAYWRIGHT_LAUNCH_OPTIONS for this environment; keys set in `configured` win.

    With `reach` (ogpcrawl.reach.Reach), Chromium gets a proxy auto-config script instead of a
    proxy server: hosts on the list go through the environment's proxy (or direct), every other
    host, Chromium's own background traffic included, to a dead address. A proxy that needs a
    password keeps Playwright's proxy option (Chromium then ignores the script; the page-level
    block still holds)."""
    options: dict = {"headless": True, "args": list(CHROMIUM_ARGS)}
    if js_heap_mb > 0:
        # V8's heap cap per renderer: a script that hoards JS objects crashes its own page
        # (judged from the static HTML instead), not the crawler's machine.
        options["args"].append(f"--js-flags=--max-old-space-size={js_heap_mb}")
    path = chromium_path(executable)
    if path:
        options["executable_path"] = path
    proxy = proxy_from_env(env)
    if reach is not None and not (proxy and proxy.get("username")):
        from ogpcrawl.reach import pac_url

        server = urlsplit(proxy["server"]).netloc if proxy else None
        bypass = proxy.get("bypass", "").split(",") if proxy else ()
        options["args"].append("--proxy-pac-url=" + pac_url(reach.pac_script(server, bypass)))
    elif proxy:
        options["proxy"] = proxy
    options.update(configured or {})
    return options


def abort_heavy(request) -> bool:
    """PLAYWRIGHT_ABORT_REQUEST: drop images, media and fonts in light (desktop) contexts."""
    if request.resource_type not in HEAVY_RESOURCES:
        return False
    try:
        return request.frame.page.context in _light
    except Exception:  # a service worker's request has no frame: let it through
        return False


def renderers(pid: int) -> list:
    """Chromium's renderer processes under `pid` (one per site, at least, with site isolation)."""
    import psutil

    try:
        procs = psutil.Process(pid).children(recursive=True)
    except psutil.Error:
        return []
    out = []
    for proc in procs:
        try:
            if "--type=renderer" in proc.cmdline():
                out.append(proc)
        except (psutil.Error, OSError):
            continue
    return out


def failure_kind(exc: BaseException, killed: bool) -> str:
    """Why a browser request failed, for the snapshot's rendering.failure: `memory` (the
    renderer crashed, e.g. at V8's heap cap, or the watchdog killed it over its budget),
    `timeout`, `other`."""
    text = f"{type(exc).__name__}: {exc}".lower()
    if killed or "crash" in text:
        return "memory"
    if "timeout" in text:
        return "timeout"
    return "other"


def process_tree_memory(pid: int, *, pss: bool = False) -> int:
    """Memory of a process's descendants (the Playwright driver and Chromium), in bytes.

    RSS is cheap but counts pages shared between Chromium's processes once per process (about
    twice the truth); PSS splits them fairly but costs ~0.1 s of procfs reading per sample.
    """
    import psutil

    try:
        procs = psutil.Process(pid).children(recursive=True)
    except psutil.Error:
        return 0
    total = 0
    for proc in procs:
        try:
            total += _pss(proc.pid) if pss else proc.memory_info().rss
        except (psutil.Error, OSError, ValueError):  # it exited meanwhile
            continue
    return total


def _pss(pid: int) -> int:
    with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as fh:
        for line in fh:
            if line.startswith("Pss:"):
                return int(line.split()[1]) * 1024
    return 0


class BrowserDownloadHandler(ScrapyPlaywrightDownloadHandler):
    """DOWNLOAD_HANDLERS entry for http and https (settings.py, browser section)."""

    def __init__(self, crawler) -> None:
        super().__init__(crawler)
        if _shared["owner"] is None:
            _shared["owner"] = self
        self._owner = _shared["owner"]
        _shared["users"] += 1
        self._closed = False
        settings = crawler.settings
        # The browser reaches only the agencies' hosts (it never reads a social network):
        # page requests off the list are aborted, and Chromium's own traffic is sent nowhere.
        self.reach = None
        if settings.getbool("OGP_REACH_ONLY_MONITORED", True):
            from ogpcrawl.reach import Reach

            self.reach = Reach.from_settings(settings, networks=False)
            self._abort_configured = self.abort_request
            self.abort_request = self._abort_request
        # Settings are frozen by now, so the options go into the handler's own config.
        self.config.launch_options = launch_options(
            os.environ,
            configured=settings.getdict("PLAYWRIGHT_LAUNCH_OPTIONS"),
            executable=settings.get("OGP_CHROMIUM") or SYSTEM_CHROMIUM,
            reach=self.reach,
            js_heap_mb=settings.getint("OGP_BROWSER_JS_HEAP_MB", 512),
        )
        # The watchdog: a renderer over this RSS (memory outside V8's heap too: buffers, DOM,
        # images) is killed; its page fails and the site is judged from its static HTML.
        self.renderer_budget = settings.getint("OGP_BROWSER_RENDERER_MB", 1024) * 2**20
        self.watchdog_interval = settings.getfloat("OGP_BROWSER_WATCHDOG_INTERVAL", 0.5)
        self._watchdog: asyncio.Task | None = None
        self._kills = 0  # renderers killed so far; a request that saw one die reads `memory`
        self.named_contexts = {**CONTEXTS, **settings.getdict("OGP_BROWSER_CONTEXTS")}
        self.context_pages_max = settings.getint("OGP_BROWSER_CONTEXT_PAGES", 50)
        self._context_pages: dict[str, int] = {}
        self._seconds = 0.0
        self._peak = {"rss": 0, "pss": 0}
        self._pss_interval = settings.getfloat("OGP_BROWSER_PSS_INTERVAL", 5.0)
        self._pss_last = float("-inf")
        path = self.config.launch_options.get("executable_path") or "Playwright's own Chromium"
        logger.info(
            "browser (launched on first use): %s, proxy %s",
            path,
            (self.config.launch_options.get("proxy") or {}).get("server", "none"),
        )

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    async def _abort_request(self, request) -> bool:
        """Abort a page's request to a host off the list (then PLAYWRIGHT_ABORT_REQUEST's rule)."""
        url = request.url
        if url.startswith(("http:", "https:", "ws:", "wss:")) and not self.reach.allows(url):
            self.stats.inc_value("ogp/browser/offsite_aborted")
            return True
        if self._abort_configured is None:
            return False
        result = self._abort_configured(request)
        return await result if asyncio.iscoroutine(result) else bool(result)

    # scrapy-playwright starts its Playwright driver (a Node process) when the engine starts,
    # although the browser itself waits for the first browser request. A crawl of static
    # sites never needs either: the driver, too, starts on first use.
    async def _maybe_launch_in_thread(self) -> None:
        return None

    def _engine_started(self):
        return None

    async def _maybe_launch_browser(self) -> None:
        if getattr(self, "browser_provider", None) is None:
            if not hasattr(self, "_driver_lock"):
                self._driver_lock = asyncio.Lock()
            async with self._driver_lock:
                if getattr(self, "browser_provider", None) is None:
                    await self._launch()
        await super()._maybe_launch_browser()
        if self._watchdog is None and self.renderer_budget > 0:
            self._watchdog = asyncio.create_task(self._watch_renderers())

    async def _watch_renderers(self) -> None:
        """Kill any renderer over OGP_BROWSER_RENDERER_MB (sampled every watchdog interval)."""
        import psutil

        while True:
            await asyncio.sleep(self.watchdog_interval)
            for proc in await asyncio.to_thread(renderers, os.getpid()):
                try:
                    rss = proc.memory_info().rss
                    if rss <= self.renderer_budget:
                        continue
                    proc.kill()
                except psutil.Error:
                    continue
                self._kills += 1
                self.stats.inc_value("ogp/browser/renderers_killed")
                logger.warning(
                    "browser renderer %d killed: %.0f MB is over the budget of "
                    "%.0f MB (OGP_BROWSER_RENDERER_MB)",
                    proc.pid,
                    rss / 2**20,
                    self.renderer_budget / 2**20,
                )

    async def _close(self) -> None:
        if self._closed:
            return
        self._closed = True
        _shared["users"] -= 1
        if _shared["users"] > 0:
            return  # another handler (scheme, crawler) may still need the browser
        owner, _shared["owner"] = self._owner, None
        if owner._watchdog is not None:
            owner._watchdog.cancel()
            owner._watchdog = None
        await ScrapyPlaywrightDownloadHandler._close(owner)

    async def _create_browser_context(self, name, context_kwargs, spider=None):
        # A named context gets its options here, on first use (not at startup).
        # An unnamed one ("default") is a desktop.
        kwargs = context_kwargs or self.named_contexts.get(name) or self.named_contexts["desktop"]
        wrapper = await super()._create_browser_context(name, kwargs, spider)
        if name in LIGHT_CONTEXTS or name not in self.named_contexts:
            _light.add(wrapper.context)
        return wrapper

    async def _apply_page_methods(self, page, request, spider) -> None:
        await super()._apply_page_methods(page, request, spider)
        # The page is loaded and still open: its renderer counts in the peak.
        await self._sample_memory()

    async def _download_request(self, request, spider=None, stats=None):
        if self._owner is not self:  # another handler owns the process's browser
            return await self._owner._download_request(request, spider, stats=self.stats)
        stats = stats or self.stats  # the requesting crawler's (ogp/browser/* per crawler)
        name = request.meta.get("playwright_context") or "default"
        started = time.monotonic()
        kills = self._kills
        try:
            return await super()._download_request(request, spider)
        except Exception as exc:
            # The spider's errback reads why (rendering.failure in the snapshot).
            request.meta["ogp_browser_failure"] = failure_kind(exc, self._kills > kills)
            if request.meta["ogp_browser_failure"] == "memory":
                stats.inc_value("ogp/browser/memory_failures")
            raise
        finally:
            self._seconds += time.monotonic() - started
            stats.inc_value("ogp/browser/pages")
            stats.inc_value(f"ogp/browser/pages/{name}")
            # Per host, so a run shows which sites cost a browser (and that static ones did not).
            stats.inc_value(f"ogp/browser/hosts/{urlsplit(request.url).hostname}")
            stats.set_value("ogp/browser/seconds", round(self._seconds, 2))
            await self._maybe_recycle(name)

    async def _maybe_recycle(self, name: str) -> None:
        """Close a context that has served its share of pages once it is idle."""
        self._context_pages[name] = self._context_pages.get(name, 0) + 1
        wrapper = self.context_wrappers.get(name)
        if (
            wrapper is None
            or self._context_pages[name] < self.context_pages_max
            or wrapper.context.pages
        ):
            return
        self._context_pages[name] = 0
        self.stats.inc_value("ogp/browser/contexts_recycled")
        try:
            await wrapper.context.close()  # its close callback forgets it; recreated on next use
        except Exception as exc:
            logger.debug("closing context %s: %s", name, exc)

    async def _sample_memory(self) -> None:
        self._record_peak("rss", process_tree_memory(os.getpid()))
        now = time.monotonic()
        if sys.platform == "linux" and now - self._pss_last >= self._pss_interval:
            self._pss_last = now  # PSS is costly: at most one sample per interval, off the loop
            self._record_peak(
                "pss", await asyncio.to_thread(process_tree_memory, os.getpid(), pss=True)
            )

    def _record_peak(self, kind: str, value: int) -> None:
        if value > self._peak[kind]:
            self._peak[kind] = value
            self.stats.set_value(f"ogp/browser/peak_{kind}_mb", round(value / 2**20, 1))
