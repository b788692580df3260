"""The download handler a crawl gets (ogpcrawl/handlers.py): the browser's only when a request
may need the browser, so a crawl with the browser off never imports Playwright."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from tests.conftest import ROOT

# In a fresh process, so whether Playwright was imported is this crawl's doing alone.
PROBE = """
import json, sys
from scrapy.utils.reactor import install_reactor
install_reactor("twisted.internet.asyncioreactor.AsyncioSelectorReactor")
from scrapy.core.downloader.handlers import DownloadHandlers
from scrapy.utils.project import get_project_settings
from scrapy.utils.test import get_crawler
settings = get_project_settings()
settings.update(json.loads(sys.argv[1]), priority="cmdline")
crawler = get_crawler(settings_dict=settings.copy_to_dict())
handler = DownloadHandlers(crawler)._get_handler("https")
print(json.dumps({
    "handler": type(handler).__module__ + "." + type(handler).__qualname__,
    "playwright_imported": "scrapy_playwright" in sys.modules or "playwright" in sys.modules,
}))
"""


def probe(settings: dict) -> dict:
    env = {**os.environ, "SCRAPY_SETTINGS_MODULE": "ogpcrawl.settings", "PYTHONPATH": str(ROOT)}
    out = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps(settings)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr[-2000:]
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_browser_off_gets_scrapys_handler_and_never_imports_playwright():
    got = probe({"OGP_BROWSER": "never"})
    assert got == {
        "handler": "scrapy.core.downloader.handlers.http11.HTTP11DownloadHandler",
        "playwright_imported": False,
    }


@pytest.mark.parametrize(
    "settings",
    [
        {"OGP_BROWSER": "auto"},
        {"OGP_BROWSER": "always"},
        {"OGP_BROWSER": "never", "OGP_MOBILE_CHECK": "True"},
    ],
)
def test_a_crawl_that_may_render_gets_the_browsers_handler(settings):
    got = probe(settings)
    assert got["handler"] == "ogpcrawl.browser.BrowserDownloadHandler"
