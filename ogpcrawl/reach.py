"""Reach only what is monitored: the one allow-list of hosts the crawler and its browser may contact.

A host may be contacted when it is an agency's (the agencies file's url, its www. twin, alt_urls),
lies within an agency host's registrable domain (a redirect from baku-ih.gov.az to
www.baku-ih.gov.az or m.baku-ih.gov.az; registrable per the Public Suffix List snapshot bundled
with tldextract, so gov.az sites never admit each other), or is a social network's host while
that network's public view is being read (the caller passes those hosts).

Enforced in three places, all built from this module:
- plain downloads: OffsiteBlockMiddleware (a downloader middleware; redirects pass through it too);
- browser pages: the handler aborts every page request (scripts, frames, beacons) off the list;
- Chromium itself: a proxy auto-config script sends every off-list host, the browser's own
  background traffic included, to a dead proxy (127.0.0.1:9), so nothing leaves the machine.
"""

from __future__ import annotations

import base64
import json
import logging
from collections.abc import Iterable
from functools import lru_cache
from urllib.parse import urlsplit

from scrapy.exceptions import IgnoreRequest, NotConfigured

logger = logging.getLogger(__name__)

# Where Chromium sends what it may not reach: the discard port on loopback, where nothing
# listens, so the connection is refused at once and nothing leaves the machine.
BLACKHOLE = "127.0.0.1:9"


@lru_cache(maxsize=1)
def _extract():
    import tldextract

    # The bundled snapshot only: never fetch the list at run time (the crawler reaches only
    # monitored sites).
    return tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)


def host_of(url_or_host: str) -> str:
    """The lower-case host of a URL, or the host itself."""
    value = url_or_host.strip()
    if "//" in value:
        try:
            value = urlsplit(value).hostname or ""
        except ValueError:
            return ""
    return value.lower().rstrip(".")


def registrable_domain(host: str) -> str:
    """baku-ih.gov.az for www.baku-ih.gov.az; "" for an address or a bare public suffix."""
    result = _extract()(host)
    domain = getattr(result, "top_domain_under_public_suffix", None)
    if domain is None:  # tldextract < 5.3
        domain = result.registered_domain
    return domain or ""


class Reach:
    """The hosts one crawl may contact."""

    def __init__(self, agency_hosts: Iterable[str], network_hosts: Iterable[str] = ()):
        self.hosts = frozenset(h for h in map(host_of, agency_hosts) if h)
        self.domains = frozenset(d for d in map(registrable_domain, self.hosts) if d)
        self.network_hosts = frozenset(h for h in map(host_of, network_hosts) if h)

    @classmethod
    def from_agencies(cls, agencies, network_hosts: Iterable[str] = ()) -> Reach:
        return cls((host_of(u) for a in agencies for u in a.addresses(True)), network_hosts)

    @classmethod
    def from_settings(cls, settings, *, networks: bool = True) -> Reach:
        """From AGENCIES_FILE; with the social networks' view hosts when their activity is read
        (OGP_SOCIAL_ACTIVITY) and `networks` is true (the browser never reads a network)."""
        from ogpcrawl.agencies import load_agencies

        agencies = load_agencies(settings.get("AGENCIES_FILE") or "seeds/agencies.csv")
        network_hosts: Iterable[str] = ()
        if networks and settings.getbool("OGP_SOCIAL_ACTIVITY", True):
            from ogpcrawl.detect.activity import view_hosts

            network_hosts = view_hosts()
        return cls.from_agencies(agencies, network_hosts)

    def allows(self, url_or_host: str) -> bool:
        host = host_of(url_or_host)
        if not host:
            return False
        if host in self.hosts or host in self.network_hosts:
            return True
        return any(host.endswith("." + d) for d in self.domains)

    def pac_script(self, proxy: str | None = None, bypass: Iterable[str] = ()) -> str:
        """A proxy auto-config script: allowed hosts through `proxy` (host:port; DIRECT when
        None or when the host is in `bypass`, no_proxy's list), every other host to BLACKHOLE."""
        through = f"PROXY {proxy}" if proxy else "DIRECT"
        direct = sorted({b.strip().lower().lstrip("*") for b in bypass if b.strip()})
        return (
            "var HOSTS = " + json.dumps(sorted(self.hosts | self.network_hosts)) + ";\n"
            "var DOMAINS = " + json.dumps(sorted(self.domains)) + ";\n"
            "var BYPASS = " + json.dumps(direct) + ";\n"
            "function FindProxyForURL(url, host) {\n"
            "  host = host.toLowerCase();\n"
            "  var ok = HOSTS.indexOf(host) >= 0;\n"
            "  for (var i = 0; !ok && i < DOMAINS.length; i++)\n"
            "    ok = dnsDomainIs(host, '.' + DOMAINS[i]);\n"
            f"  if (!ok) return 'PROXY {BLACKHOLE}';\n"
            "  for (var j = 0; j < BYPASS.length; j++)\n"
            "    if (host == BYPASS[j] || (BYPASS[j].charAt(0) == '.' && dnsDomainIs(host, BYPASS[j])))\n"
            "      return 'DIRECT';\n"
            f"  return '{through}';\n"
            "}\n"
        )


def pac_url(script: str) -> str:
    """Chromium's --proxy-pac-url for a script, as a data: URL (no file, no server)."""
    encoded = base64.b64encode(script.encode()).decode()
    return "data:application/x-ns-proxy-autoconfig;base64," + encoded


# A Chromium that needs no network at all (printing our own report to PDF).
NOTHING_PAC = "function FindProxyForURL(url, host) { return 'PROXY " + BLACKHOLE + "'; }\n"


class OffsiteBlockMiddleware:
    """Downloader middleware: a request to a host off the Reach list is dropped before it is
    sent (counted in ogp/offsite_blocked, logged once per host). OGP_REACH_ONLY_MONITORED=False
    switches it off (a debugging aid, never for a monitoring run)."""

    def __init__(self, reach: Reach, stats):
        self.reach, self.stats = reach, stats
        self._logged: set[str] = set()

    @classmethod
    def from_crawler(cls, crawler):
        if not crawler.settings.getbool("OGP_REACH_ONLY_MONITORED", True):
            raise NotConfigured
        return cls(Reach.from_settings(crawler.settings), crawler.stats)

    def process_request(self, request, spider=None):
        if self.reach.allows(request.url):
            return None
        host = host_of(request.url)
        self.stats.inc_value("ogp/offsite_blocked")
        if host not in self._logged:
            self._logged.add(host)
            logger.info(
                "not a monitored host, not requested: %s (from %s)",
                request.url,
                request.headers.get("Referer", b"").decode("latin-1") or "the crawl",
            )
        raise IgnoreRequest(f"off-site host {host}")
