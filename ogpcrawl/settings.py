"""Scrapy settings for ogpcrawl. Every default is documented here; override with -s NAME=value.

Contract names are spelled as the contract spells them (AGENCIES_FILE, AS_OF, DATABASE_URL);
project settings carry a component prefix (OGP_, REPORT_, PLAYWRIGHT_...).
"""

from scrapy.settings import default_settings as _scrapy_defaults

BOT_NAME = "ogpcrawl"
SPIDER_MODULES = ["ogpcrawl.spiders"]
NEWSPIDER_MODULE = "ogpcrawl.spiders"
COMMANDS_MODULE = "ogpcrawl.commands"

# --- the contract ------------------------------------------------------------------------
AGENCIES_FILE = "seeds/agencies.csv"
AS_OF = ""  # YYYY-MM-DD; empty means today (UTC)
# Empty: the DATABASE_URL environment variable, else an SQLite file in the working directory.
DATABASE_URL = ""

# --- politeness --------------------------------------------------------------------------
# Identify ourselves with a contact URL so a webmaster can reach the operators.
OGP_CONTACT_URL = "https://github.com/ogpcrawl/ogpcrawl"
USER_AGENT = f"ogpcrawl/0.1 (+{OGP_CONTACT_URL}; Open Government monitoring)"
ROBOTSTXT_OBEY = True
# Parsed robots.txt files kept (least recently used forgotten beyond; fetched again if needed):
# memory flat in the number of sites. Far above the hosts of the visits open at once.
OGP_ROBOTS_CACHE_HOSTS = 512
# Many sites in flight at once, but at most two requests to one host.
CONCURRENT_REQUESTS = 32
CONCURRENT_REQUESTS_PER_DOMAIN = 2
# Each callback returns one request or one snapshot, and Scrapy starts CONCURRENT_ITEMS worker
# tasks for every callback's output (default 100: ~12% of a loopback crawl's CPU went to them).
CONCURRENT_ITEMS = 2
DOWNLOAD_DELAY = 1.0
# Scrapy would randomise each wait to 0.5-1.5 x DOWNLOAD_DELAY; here the delay is a floor: never
# two requests to one host closer than DOWNLOAD_DELAY (tests/e2e/test_politeness.py checks it
# from the farm's log).
DOWNLOAD_DELAY_JITTER = 0  # (RANDOMIZE_DOWNLOAD_DELAY before Scrapy 2.19)
# ... counted from when a request really starts, not from when Scrapy queued it (politeness.py).
DOWNLOADER = "ogpcrawl.politeness.PoliteDownloader"
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
DOWNLOAD_TIMEOUT = 30
# Government sites are slow and flaky: retry 5xx and timeouts a few times (Scrapy backs off).
RETRY_ENABLED = True
RETRY_TIMES = 2
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]
# ... with exponential backoff between attempts (ogpcrawl/retry.py): 2 s, 4 s, ... at most 30 s.
OGP_RETRY_BACKOFF_BASE = 2.0
OGP_RETRY_BACKOFF_MAX = 30.0
DOWNLOADER_MIDDLEWARES = {
    # Reach only what is monitored: a request to a host that is not an agency's (nor a social
    # network's being read) is dropped before it is sent; ogpcrawl/reach.py. The browser
    # enforces the same list for pages and for Chromium's own traffic.
    "ogpcrawl.reach.OffsiteBlockMiddleware": 50,
    # Scrapy's robots.txt rules with a bounded cache of parsers (ogpcrawl/robots.py).
    "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
    "ogpcrawl.robots.RobotsTxtMiddleware": 100,
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "ogpcrawl.retry.BackoffRetryMiddleware": 550,
    # Next to the download handler: every exchange as the server sent it (ogpcrawl/archive/).
    "ogpcrawl.archive.capture.ArchiveMiddleware": 950,
}
# A page larger than this is not a page we can judge; recorded as too_large.
DOWNLOAD_MAXSIZE = 8 * 1024 * 1024
DOWNLOAD_WARNSIZE = 2 * 1024 * 1024
REDIRECT_MAX_TIMES = 10
# Meta refresh is followed by the spider itself so the snapshot's final_url records it.
METAREFRESH_ENABLED = False
COOKIES_ENABLED = True
TELNETCONSOLE_ENABLED = False
# Certificates are recorded, never enforced (contract): Scrapy's default context does not verify.

# --- what to fetch per site ----------------------------------------------------------------
OGP_PAGE_BUDGET = 25  # responses per agency, robots.txt included
OGP_NEWS_PAGES_MAX = 8  # news listing pages followed back (within the budget)
OGP_NEWS_WINDOW_DAYS = 90
# Seconds a site's visit may take; then it is judged with what it has (deadline_reached, the
# pages not fetched failed as timeout, their findings unknown). 0: no deadline.
OGP_SITE_DEADLINE = 300
OGP_TRY_ALTERNATES = True  # try www. twin and alt_urls before declaring a site unreachable
OGP_MAX_TEXT_CHARS = 2_000_000  # decoded text kept per page, for the detectors
OGP_PAGE_MAX_BYTES = 4_000_000  # bytes read of a page other than the home page (its head is judged)
# The run's id (-a run_id= wins). Empty: Scrapyd's job id, else a new one; a JOBDIR keeps its own.
OGP_RUN_ID = ""
OGP_REACH_ONLY_MONITORED = True  # False only to debug: lets the crawler and browser reach any host
OGP_FRONTIER = ""  # which agencies this process visits; empty: ogpcrawl.frontier.LocalFrontier

# --- persistence and output ----------------------------------------------------------------
OGP_PERSIST_ENABLED = True  # False: no database and no annexes (snapshots only reach feeds, -O)
OGP_STRICT_SCHEMA = False  # True (the tests): a snapshot that breaks the contract fails the crawl
OGP_SPOOL_DIR = "spool"
OGP_DB_BATCH_SIZE = 20
OGP_DB_RETRY_INTERVAL = 30.0  # seconds before a lost database is tried again (meanwhile: spool)
# Run health (ogpcrawl/health.py): overrides of health.DEFAULT_THRESHOLDS, e.g.
# {"unreachable_jump_min": 5}; docs/deployment.md, "Run health".
OGP_HEALTH_THRESHOLDS = {}
# Where `scrapy health` and the scheduler write <spider>.json and <spider>.svg; empty: the
# OGP_STATUS_DIR environment variable, else nowhere.
OGP_STATUS_DIR = ""
# Notification channels (TOML, docs/deployment.md); empty: $OGP_NOTIFY_CONFIG, else none.
OGP_NOTIFY_CONFIG = ""
# The proxy of the re-check of vanished sections when it is not this process's http_proxy (a
# scheduler host that reaches the monitored sites through the crawl's proxy); empty: environment.
OGP_RECHECK_PROXY = ""
REPORT_DIR = "output"
REPORT_TEMPLATES_DIR = ""  # empty: the project's templates/ (or the copy shipped in the package)
REPORT_FORMATS = ["html", "csv"]
REPORT_LANG = "az"
REPORT_ROUND = ""  # the round's name on the report (e.g. "2026-cı ilin I rübü"); empty: month year
REPORT_ON_CLOSE = True

ITEM_PIPELINES = {
    "ogpcrawl.pipelines.DetectPipeline": 100,
    "ogpcrawl.certcheck.CertificatePipeline": 150,  # tls: one verified handshake per https host
    "ogpcrawl.pipelines.RatePipeline": 200,
    "ogpcrawl.pipelines.CleanPipeline": 300,
    "ogpcrawl.pipelines.PersistPipeline": 400,
    "ogpcrawl.pipelines.ReportPipeline": 500,
}

EXTENSIONS = {
    "ogpcrawl.extensions.ProgressLog": 500,
    # AutoThrottle, its delay following the last answer instead of a running average
    "scrapy.extensions.throttle.AutoThrottle": None,
    "ogpcrawl.politeness.LatencyThrottle": 0,
}
# Scrapy 2.19's remote control (an HTTP server on loopback that runs Python code sent to it) is
# off like the telnet console: nothing here uses it, and importing it (aiohttp) costs about 0.2 s
# of every process's start. Scrapy imports every EXTENSIONS key, even one set to None, so it is
# left out of Scrapy's own base list instead (which also holds when -s EXTENSIONS=... replaces
# the dict above).
EXTENSIONS_BASE = {
    k: v for k, v in _scrapy_defaults.EXTENSIONS_BASE.items() if not k.endswith(".RemoteControl")
}
REMOTE_CONTROL_ENABLED = False
OGP_PROGRESS_INTERVAL = 30  # seconds between progress lines in the log; 0: no progress at all
OGP_PROGRESS_BAR = "auto"  # stderr: auto (a bar when it is a terminal) | bar | lines | off
# A new agency visit opens only when the crawl has room: memory flat in the number of sites.
SPIDER_MIDDLEWARES = {"ogpcrawl.pacing.PacedStart": 50}

# --- engine ------------------------------------------------------------------------------
TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"
FEED_EXPORT_ENCODING = "utf-8"
LOG_LEVEL = "INFO"

# --- evidence archive (ogpcrawl/archive/, docs/evidence.md) ---------------------------------
# Every exchange is written as WARC records to OGP_ARCHIVE_DIR/<run id>/warc/ as it happens, and
# packaged into OGP_ARCHIVE_DIR/<run id>/<run id>.wacz when the crawl closes.
OGP_ARCHIVE_ENABLED = True
OGP_ARCHIVE_DIR = "archive"
OGP_ARCHIVE_KEEP_RUNS = 0  # archives of the newest N runs are kept, older ones deleted; 0: all
# Where `scrapy evidence serve` replays archives; the evidence pages beside the annex link there.
OGP_REPLAY_URL = "http://127.0.0.1:8090"

# --- browser rendering (scrapy-playwright; ogpcrawl/browser.py) ----------------------------
# Requests go through the browser only when their meta says playwright=True (decided per site:
# agencies-file `render` column or the automatic rule); all others use Scrapy's plain handler.
OGP_BROWSER = "auto"  # auto | never | always
OGP_BROWSER_TIMEOUT_MS = 30_000
OGP_MOBILE_CHECK = False  # phone-viewport check of the home page (a browser page per site)
OGP_SCREENSHOT_DIR = "output/screenshots"

# --- social accounts' activity (commitment 2.4; docs/detection.md "Social activity") ---------
# After a site's visit, each account it links is read through the network's public, login-free
# view (robots.txt obeyed per network host). Networks without one are `unknown`, not fetched.
OGP_SOCIAL_ACTIVITY = True
OGP_SOCIAL_MAX_REQUESTS_PER_ACCOUNT = 2  # the view, and one older page where the network has one
OGP_SOCIAL_MAX_ACCOUNTS = 8  # accounts read per agency
# An account's read is kept while a visit that links it has not taken it, then in an LRU of this
# many accounts (an account several agencies link is read once a run; memory stays flat).
OGP_SOCIAL_CACHE_ACCOUNTS = 256
# A visit done with its pages waits (parked, its pages in memory) for its accounts' reads; past
# this many parked visits no new visit opens. 0 = 4 x CONCURRENT_REQUESTS.
OGP_SOCIAL_PARKED_MAX = 0
# Each network is one download slot ("social-<network>"); 0 = the network's own figure in
# ogpcrawl/detect/social_networks.json (1). Delay: empty = DOWNLOAD_DELAY (AutoThrottle adapts).
OGP_SOCIAL_CONCURRENCY_PER_NETWORK = 0
OGP_SOCIAL_DOWNLOAD_DELAY = ""
# The browser's handler serves both schemes: plain requests pass straight to Scrapy's HTTP handler.
# It starts the Playwright driver and Chromium only for the first browser request. With the browser
# off (OGP_BROWSER=never, no OGP_MOBILE_CHECK) the process gets Scrapy's handler and never imports
# Playwright (ogpcrawl/handlers.py).
DOWNLOAD_HANDLERS = {
    "http": "ogpcrawl.handlers.DownloadHandler",
    "https": "ogpcrawl.handlers.DownloadHandler",
}
# Empty: the system Chromium (OGP_CHROMIUM) when present, Playwright's own otherwise, with the
# flags and the http_proxy/https_proxy/no_proxy of ogpcrawl/browser.py. Keys set here win.
PLAYWRIGHT_LAUNCH_OPTIONS = {}
OGP_CHROMIUM = "/usr/bin/chromium"
# Never PLAYWRIGHT_CONTEXTS: startup contexts would launch the browser for every crawl. The named
# contexts ("desktop", "mobile") are created on first use; OGP_BROWSER_CONTEXTS overrides them.
OGP_BROWSER_CONTEXTS = {}
OGP_BROWSER_CONTEXT_PAGES = 50  # pages a context serves before it is closed and recreated
OGP_BROWSER_PSS_INTERVAL = 5.0  # seconds between (costly) PSS samples of the browser processes
# Bounds: a browser page takes ~100 MB and a core's worth of CPU while it loads.
# Memory: V8's heap cap per renderer (--js-flags=--max-old-space-size), and a watchdog that
# kills a renderer whose RSS passes OGP_BROWSER_RENDERER_MB (memory outside the JS heap too);
# either way the page fails, the site is judged from its static HTML and the snapshot's
# rendering.failure says `memory`. 0 switches either off.
OGP_BROWSER_JS_HEAP_MB = 512
OGP_BROWSER_RENDERER_MB = 1024
OGP_BROWSER_WATCHDOG_INTERVAL = 0.5  # seconds between the watchdog's samples
PLAYWRIGHT_MAX_CONTEXTS = 3  # desktop, mobile, and "default" for a request naming none
PLAYWRIGHT_MAX_PAGES_PER_CONTEXT = 2
PLAYWRIGHT_DEFAULT_NAVIGATION_TIMEOUT = (
    30_000  # ms; the spider's goto timeout is OGP_BROWSER_TIMEOUT_MS
)
# Images, media and fonts are not loaded in the desktop context (the detectors read the DOM).
PLAYWRIGHT_ABORT_REQUEST = "ogpcrawl.browser.abort_heavy"
# Certificate validity of https sites (ogpcrawl/certcheck.py): one verified handshake per host
# through the downloads' proxy, recorded in `tls`, never enforced. Empty CAFILE: the system roots.
OGP_TLS_CHECK = True
OGP_TLS_TIMEOUT = 10.0
OGP_TLS_CAFILE = ""

# --- several crawler processes sharing one run (ogpcrawl/distributed.py, docs/scale.md) -----
# -s OGP_DISTRIBUTED=True -s OGP_RUN_ID=<same id on every worker> -s REDIS_URL=redis://host:6379/0
OGP_DISTRIBUTED = False
ADDONS = {"ogpcrawl.distributed.DistributedAddon": 0}
