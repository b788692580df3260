"""Mobile version: a device-width viewport, or a separate mobile site.

Rules:
  mobile.viewport          the last <meta name=viewport> (browsers apply the last) has
                           width=device-width and no initial-scale below 1 (Lighthouse's rule:
                           a fixed width such as width=1200 is a desktop page shrunk to fit)
  mobile.viewport_fixed    a viewport meta that fails the rule (width=1200, initial-scale=0.5)
  mobile.no_viewport       none at all
  mobile.alternate_link    <link rel=alternate media="...max-width..."> gives the mobile URL
  mobile.m_subdomain       a link to m.<site> gives the mobile URL
  mobile.vary_user_agent   the server varies by User-Agent (a sign of server-side mobile pages;
                           recorded only, it decides nothing)
`responsive` stays None: only a browser can tell, and the browser check fills it elsewhere.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ogpcrawl.detect.links import absolute, anchors, host_of, page_base, site_key
from ogpcrawl.detect.page import Evidence, Page
from ogpcrawl.detect.text import clean_space

_MOBILE_PREFIXES = ("m.", "mobile.", "mob.")


@dataclass(frozen=True)
class MobileFinding:
    viewport: bool = False
    mobile_url: str | None = None
    responsive: bool | None = None
    evidence: tuple[Evidence, ...] = field(default_factory=tuple)

    def to_contract(self) -> dict:
        return {"viewport": self.viewport, "mobile_url": self.mobile_url, "responsive": None}


def parse_viewport(content: str) -> dict[str, str]:
    """'width=device-width, initial-scale=1' -> {'width': 'device-width', 'initial-scale': '1'}."""
    out: dict[str, str] = {}
    for part in re.split(r"[,;]", content or ""):
        if "=" in part:
            key, _, value = part.partition("=")
            out[key.strip().lower()] = value.strip().strip("'\"").lower()
    return out


def viewport_ok(content: str) -> bool:
    props = parse_viewport(content)
    if props.get("width") != "device-width":
        return False
    scale = props.get("initial-scale")
    if scale is None:
        return True
    try:
        return float(scale) >= 1
    except ValueError:
        return False


def detect_mobile(page: Page | None) -> MobileFinding:
    if page is None:
        return MobileFinding(evidence=(Evidence("mobile", None, "mobile.no_page"),))
    url = page.url
    evidence: list[Evidence] = []
    viewport = False
    try:
        root = page.sel.root
        metas = root.xpath("//meta[translate(@name,'VIEWPORT','viewport')='viewport']/@content")
        if metas:
            content = str(metas[-1])
            viewport = viewport_ok(content)
            rule = "mobile.viewport" if viewport else "mobile.viewport_fixed"
            evidence.append(Evidence("mobile", url, rule, clean_space(content, 200)))
        else:
            evidence.append(Evidence("mobile", url, "mobile.no_viewport"))
        mobile_url = None
        base = page_base(page)
        for link in root.xpath("//link[@rel='alternate'][@media][@href]"):
            if "max-width" in (link.get("media") or "") or "handheld" in (link.get("media") or ""):
                mobile_url = absolute(link.get("href"), base)
                if mobile_url:
                    evidence.append(Evidence("mobile", url, "mobile.alternate_link", mobile_url))
                    break
        if mobile_url is None:
            site = site_key(host_of(base))
            for a in anchors(page):
                host = host_of(a.url)
                if host.startswith(_MOBILE_PREFIXES) and site_key(host) == site and site:
                    mobile_url = a.url
                    evidence.append(Evidence("mobile", url, "mobile.m_subdomain", a.url))
                    break
        vary = str(page.headers.get("vary", "") if page.headers else "")
        if "user-agent" in vary.lower():
            evidence.append(Evidence("mobile", url, "mobile.vary_user_agent", clean_space(vary)))
    except Exception:  # hostile markup: report what was found so far
        mobile_url = None
    return MobileFinding(viewport, mobile_url, None, tuple(evidence))
