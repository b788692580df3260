"""The site's own procurement section ("Satınalmalar"), its notices, and tender-portal links.

  procurement.section_page   a fetched page with role "procurement" on the site (or sub-domain)
  procurement.section_link   a procurement link on the home page whose page was not fetched
  procurement.notice         a notice counted: a content block of a section page holding a link
                             or a date, and a date, a document or a procurement word
  procurement.portal_link    a link to the state tender portal (counted apart; alone it is no
                             section)
last_item is the publication date of the newest notice: in each notice the earliest date that is
not introduced as a deadline ("son müraciət tarixi", "qədər", "до", "deadline").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from ogpcrawl import specs
from ogpcrawl.detect.content import blocks, main_node, page_title
from ogpcrawl.detect.dates import iso, iter_dates
from ogpcrawl.detect.links import absolute, anchors, host_of, is_file, page_base, site_key
from ogpcrawl.detect.page import Evidence, FailedPage, Link, Page
from ogpcrawl.detect.text import clean_space, fold, phrase_pattern

# The state procurement portals: portal_hosts of ogpcrawl/specs/indicators/procurement.toml.
PORTAL_HOSTS = specs.active()["procurement"].portal_hosts
# Notice and deadline words: [procurement.words] of ogpcrawl/specs/languages/*.toml.
_WORDS = specs.active()["procurement"].words
NOTICE_WORDS = phrase_pattern(_WORDS.get("notice", ()))
NOTICE_MIN_WORDS = 4


def _alternatives(words) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True)) or "(?!)"


DEADLINE_BEFORE = re.compile(
    rf"({_alternatives(_WORDS.get('deadline_before', ()))})\W{{0,3}}(\w+\W{{1,3}}){{0,3}}$",
    re.IGNORECASE,
)
# "... 30.05.2018 tarixədək", "30.05.2018-ə qədər", "до 30.05" : the suffix may end a word
DEADLINE_AFTER = re.compile(
    rf"^\W{{0,3}}(\w+\W{{1,3}}){{0,2}}\w*({_alternatives(_WORDS.get('deadline_after', ()))})",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class ProcurementFinding:
    section: bool = False
    url: str | None = None
    title: str | None = None
    items: int | None = None
    last_item: date | None = None
    portal_links: int = 0
    evidence: tuple[Evidence, ...] = field(default_factory=tuple)

    def to_contract(self) -> dict:
        return {
            "section": self.section,
            "url": self.url,
            "title": self.title,
            "items": self.items,
            "last_item": iso(self.last_item),
            "portal_links": self.portal_links,
        }


def is_portal(url: str, hosts: Sequence[str] = PORTAL_HOSTS, *, host: str | None = None) -> bool:
    host = site_key(host if host is not None else host_of(url))
    if not host:
        return False
    if isinstance(hosts, tuple):  # the spec's tuple: hashable, so the answer per host is memoised
        return _portal_host(host, hosts)
    return _portal_host.__wrapped__(host, hosts)


@lru_cache(maxsize=4096)
def _portal_host(host: str, hosts: Sequence[str]) -> bool:
    parts = host.split(".")
    # the host itself or any parent domain of it is a portal host
    return any(".".join(parts[i:]) in hosts for i in range(len(parts) - 1))


def portal_link_urls(pages: Sequence[Page], hosts: Sequence[str] = PORTAL_HOSTS) -> list[str]:
    """Distinct links into the given portal hosts, across pages, in order of appearance."""
    seen: dict[str, None] = {}
    for page in pages:
        for a in anchors(page):
            if is_portal(a.url, hosts, host=a.host):
                seen.setdefault(a.url.rstrip("/").lower(), None)
    return list(seen)


def publication_date(text: str, as_of: date) -> date | None:
    """Earliest date of a notice that is not written as a deadline."""
    candidates = []
    fallback = []
    for start, end, d in iter_dates(text, as_of=as_of):
        fallback.append(d)
        if DEADLINE_BEFORE.search(text[max(0, start - 40) : start]):
            continue
        if DEADLINE_AFTER.search(text[end : end + 20]):
            continue
        candidates.append(d)
    pool = candidates or fallback
    return min(pool) if pool else None


def notices(page: Page, as_of: date) -> list[tuple[str, date | None, str]]:
    """(key, publication date, snippet) of each notice block in the page's content."""
    found: dict[str, tuple[str, date | None, str]] = {}
    base = page_base(page)
    for el, text in blocks(main_node(page)):
        links = [absolute(h, base) for h in el.xpath(".//a/@href")]
        links = [u for u in links if u and not is_portal(u)]
        day = publication_date(text, as_of)
        has_doc = any(is_file(u) for u in links)
        if not (links or day):
            continue
        worded = NOTICE_WORDS.search(fold(text)) and len(text.split()) > NOTICE_MIN_WORDS
        if not (day or has_doc or worded):
            continue  # a bare "Kotirovkalar" sub-menu label is not a notice
        key = links[0] if links else f"{day}:{fold(text)[:80]}"
        found.setdefault(key, (key, day, clean_space(text, 200)))
    return list(found.values())


def detect_procurement(
    pages: Sequence[Page],
    *,
    as_of: date,
    failed: Sequence[FailedPage] = (),
    section_links: Sequence[Link] = (),
) -> ProcurementFinding:
    evidence: list[Evidence] = []
    portal = portal_link_urls(pages)
    for url in portal[:3]:
        evidence.append(Evidence("procurement", None, "procurement.portal_link", url))
    section_pages = [p for p in pages if p.role == "procurement"]
    if not section_pages:
        fails = [f for f in failed if f.role == "procurement"]
        if fails:
            ev = Evidence("procurement", fails[0].url, "procurement.failed", fails[0].error)
            return ProcurementFinding(True, fails[0].url, None, None, None, len(portal),
                                      (ev, *evidence))  # fmt: skip
        if section_links:
            link = section_links[0]
            ev = Evidence("procurement", link.url, "procurement.section_link", link.text)
            return ProcurementFinding(True, link.url, clean_space(link.text) or None, None, None,
                                      len(portal), (ev, *evidence))  # fmt: skip
        evidence.insert(0, Evidence("procurement", None, "procurement.absent"))
        return ProcurementFinding(portal_links=len(portal), evidence=tuple(evidence))

    first = section_pages[0]
    title = page_title(first) or None
    evidence.insert(0, Evidence("procurement", first.url, "procurement.section_page", title or ""))
    items: dict[str, tuple[str, date | None, str]] = {}
    for page in section_pages:
        for key, day, snippet in notices(page, as_of):
            if key not in items:
                items[key] = (key, day, snippet)
                if len(items) <= 5:
                    evidence.append(Evidence("procurement", page.url, "procurement.notice",
                                             snippet))  # fmt: skip
    dates = [d for _, d, _ in items.values() if d is not None]
    return ProcurementFinding(
        section=True,
        url=first.url,
        title=title,
        items=len(items),
        last_item=max(dates) if dates else None,
        portal_links=len(portal),
        evidence=tuple(evidence),
    )
