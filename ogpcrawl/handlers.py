"""DOWNLOAD_HANDLERS for http and https: the browser's handler only when a request may need it.

The browser's handler (ogpcrawl/browser.py) imports scrapy-playwright and Playwright (about
0.3 s of start-up a process) and serves plain requests through Scrapy's own HTTP handler anyway.
With the browser off (OGP_BROWSER=never) and no phone-viewport check (OGP_MOBILE_CHECK, which
loads each home page in the browser) no request can carry `playwright=True`, so the process gets
Scrapy's HTTP handler and never imports the browser's.
"""

from __future__ import annotations

from scrapy.utils.misc import build_from_crawler


def browser_possible(settings) -> bool:
    """Whether any request of this crawl may go through the browser (spiders/base.py decides
    per site under OGP_BROWSER=auto|always; the mobile check always uses it)."""
    mode = (settings.get("OGP_BROWSER") or "auto").lower()
    return mode != "never" or settings.getbool("OGP_MOBILE_CHECK", False)


class DownloadHandler:
    """A factory: Scrapy builds handlers with `from_crawler`, which returns the handler to use."""

    lazy = True  # built on the first request of its scheme, as Scrapy's own handlers are

    @classmethod
    def from_crawler(cls, crawler):
        if browser_possible(crawler.settings):
            from ogpcrawl.browser import BrowserDownloadHandler

            return BrowserDownloadHandler.from_crawler(crawler)
        from scrapy.core.downloader.handlers.http11 import HTTP11DownloadHandler

        return build_from_crawler(HTTP11DownloadHandler, crawler)
