"""The within-run re-check of a section judged absent (changes.py, rule 3a).

Through the same proxy environment the crawl uses (http_proxy / https_proxy), with the crawl's
User-Agent, and only at the agency's own addresses (the snapshots' URLs):

1. the home page (the address that answered in the crawl): no answer, not HTML, or a site whose
   menu only a browser builds -> `undecided` (a static re-check cannot see it; the next run
   decides). A link to the section (detect.navigation.discover_sections, the crawl's own rule)
   -> `present`: the absence was transient, no alert.
2. the page where the previous run found the section: 404 or 410 -> `absent` (confirmed). It
   still answers and still shows the section's title -> `present` (the section exists, only the
   crawl did not reach it: no alert). It answers with something else -> `absent`. Any other
   failure -> `undecided`. Without such a page (the section was on the home page) the home
   page's verdict stands: `absent`.
"""

from __future__ import annotations

import ssl
import urllib.error
import urllib.request
from collections.abc import Mapping
from typing import Any

from ogpcrawl.alerts.changes import ABSENT, PRESENT, SECTIONS, UNDECIDED
from ogpcrawl.detect.navigation import discover_sections
from ogpcrawl.detect.page import Page
from ogpcrawl.detect.text import fold

MAX_BYTES = 5_000_000  # a page larger than this is not read for a re-check
GONE = (404, 410)


def _http(url: object) -> str | None:
    return url if isinstance(url, str) and url.startswith(("http://", "https://")) else None


class HomeRecheck:
    def __init__(self, *, user_agent: str, timeout: float = 30.0, proxy: str | None = None) -> None:
        """proxy: the crawl's proxy when this process's environment lacks it (the scheduler's
        OGP_RECHECK_PROXY); default: http_proxy / https_proxy / no_proxy, as the crawl."""
        self.user_agent, self.timeout = user_agent, timeout
        # The contract does not require valid certificates (many government sites have broken
        # ones); the crawl records validity and never enforces it. The re-check does the same.
        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
        # ProxyHandler() with no argument reads http_proxy/https_proxy/no_proxy, as the crawl.
        proxies = urllib.request.ProxyHandler({"http": proxy, "https": proxy} if proxy else None)
        self._opener = urllib.request.build_opener(
            proxies, urllib.request.HTTPSHandler(context=context)
        )

    def fetch(self, url: str) -> tuple[int | None, Page | None]:
        """(status, page): status None when nothing answered; page None unless 2xx HTML."""
        request = urllib.request.Request(url, headers={"User-Agent": self.user_agent})
        try:
            with self._opener.open(request, timeout=self.timeout) as response:
                status = response.status
                body = response.read(MAX_BYTES + 1)
                ctype = response.headers.get("Content-Type", "")
                final = response.geturl()
                charset = response.headers.get_content_charset() or "utf-8"
        except urllib.error.HTTPError as exc:
            return exc.code, None
        except (urllib.error.URLError, OSError, ValueError):
            return None, None
        if len(body) > MAX_BYTES or (ctype and "html" not in ctype.lower()):
            return status, None
        try:
            text = body.decode(charset, "replace")
        except LookupError:
            text = body.decode("utf-8", "replace")
        return status, Page(url=url, text=text, status=status, final_url=final, role="home")

    def __call__(
        self,
        snapshot: Mapping[str, Any],
        fields: list[str],
        previous: Mapping[str, Any] | None = None,
    ) -> dict[str, str]:
        undecided = {f: UNDECIDED for f in fields}
        if (snapshot.get("rendering") or {}).get("browser"):
            return undecided
        home_url = _http(snapshot.get("final_url")) or _http(snapshot.get("start_url"))
        if home_url is None:
            return undecided
        _, home = self.fetch(home_url)
        if home is None:
            return undecided
        links = discover_sections(home)
        out = {}
        for f in fields:
            if links.get(SECTIONS[f]):
                out[f] = PRESENT
                continue
            before = (previous or {}).get(f) or {}
            page_url = _http(before.get("url"))
            out[f] = (
                ABSENT
                if page_url in (None, home_url)
                else self._old_page(page_url, before.get("title"))
            )
        return out

    def _old_page(self, url: str, title: object) -> str:
        status, page = self.fetch(url)
        if status in GONE:
            return ABSENT
        if status is None or not 200 <= status < 300:
            return UNDECIDED
        if page is not None and isinstance(title, str) and title.strip():
            text = " ".join(page.sel.xpath("//title//text() | //body//text()").getall())
            if fold(title) in fold(text):
                return PRESENT
        return ABSENT
