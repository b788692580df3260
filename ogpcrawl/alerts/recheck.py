"""The within-run re-check of a section judged absent (changes.py, rule 3a).

One GET of the agency's home page (the address that answered in the crawl), through the same
proxy environment the crawl uses (http_proxy / https_proxy), with the crawl's User-Agent; then
detect.navigation.discover_sections, the rule the crawl itself uses to find section links.
Only monitored sites are requested: the URL is the snapshot's own final_url or start_url.

Outcomes per section: `present` (linked again: the absence was transient, no alert), `absent`
(confirmed), `undecided` (the page did not load, is not HTML, or the site needs a browser to show
its menu — a static re-check cannot see it; the next run decides).
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

MAX_BYTES = 5_000_000  # a home page larger than this is not read for a re-check


class HomeRecheck:
    def __init__(self, *, user_agent: str, timeout: float = 30.0) -> None:
        self.user_agent, self.timeout = user_agent, timeout
        # The contract does not require valid certificates (many government sites have broken
        # ones); the crawl records validity and never enforces it. The re-check does the same.
        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
        # ProxyHandler() with no argument reads http_proxy/https_proxy/no_proxy, as the crawl.
        self._opener = urllib.request.build_opener(
            urllib.request.ProxyHandler(), urllib.request.HTTPSHandler(context=context))

    def fetch(self, url: str) -> Page | None:
        request = urllib.request.Request(url, headers={"User-Agent": self.user_agent})
        try:
            with self._opener.open(request, timeout=self.timeout) as response:
                body = response.read(MAX_BYTES + 1)
                ctype = response.headers.get("Content-Type", "")
                final = response.geturl()
                charset = response.headers.get_content_charset() or "utf-8"
        except (urllib.error.URLError, OSError, ValueError):
            return None
        if len(body) > MAX_BYTES or ("html" not in ctype.lower() and ctype):
            return None
        try:
            text = body.decode(charset, "replace")
        except LookupError:
            text = body.decode("utf-8", "replace")
        return Page(url=url, text=text, final_url=final, role="home")

    def __call__(self, snapshot: Mapping[str, Any], fields: list[str]) -> dict[str, str]:
        undecided = {f: UNDECIDED for f in fields}
        if (snapshot.get("rendering") or {}).get("browser"):
            return undecided
        url = snapshot.get("final_url") or snapshot.get("start_url")
        if not isinstance(url, str) or not url.startswith(("http://", "https://")):
            return undecided
        page = self.fetch(url)
        if page is None:
            return undecided
        links = discover_sections(page)
        return {f: PRESENT if links.get(SECTIONS[f]) else ABSENT for f in fields}
