"""E-services ("Elektron xidmətlər"): the section, the services it lists, links to state portals.

  eservices.section_page   a fetched page with role "eservices" on the site or a sub-domain
                           (it counts even when every service it lists lives off-site)
  eservices.section_link   an e-services link on the home page whose page was not fetched
  eservices.service        a distinct service listed in the section's content: links and list
                           items, one per service (two links with the same URL or the same
                           label are one service)
  eservices.portal_link    a link into a state e-services portal (e-gov.az, dxr.az, ...)
"Elektron müraciət" (a feedback form) is not an e-service section (text.SECTION_FALSE_FRIENDS).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from ogpcrawl.detect.content import blocks, main_node, page_title
from ogpcrawl.detect.links import anchors, denied
from ogpcrawl.detect.page import Evidence, FailedPage, Link, Page
from ogpcrawl.detect.procurement import portal_link_urls
from ogpcrawl.detect.text import clean_space, fold, is_false_friend, names_section

PORTAL_HOSTS = (
    "e-gov.az", "dxr.az", "digital.gov.az", "asan.gov.az", "mygov.az", "my.gov.az",
    "e-xidmet.gov.az", "e-services.gov.az",
)  # fmt: skip
# Labels that are navigation inside a list, not a service.
NOT_A_SERVICE = {"etrafli", "daha etrafli", "more", "read more", "podrobnee", "bax", "kecid",
                 "geri", "back", "evvelki", "novbeti", "next", "ana sehife", "home"}  # fmt: skip
MIN_SERVICE_CHARS = 4


@dataclass(frozen=True)
class EServicesFinding:
    section: bool = False
    url: str | None = None
    services: int | None = None
    portal_links: int = 0
    evidence: tuple[Evidence, ...] = field(default_factory=tuple)

    def to_contract(self) -> dict:
        return {
            "section": self.section,
            "url": self.url,
            "services": self.services,
            "portal_links": self.portal_links,
        }


def _service_label(text: str) -> str | None:
    key = fold(text)
    if len(key) < MIN_SERVICE_CHARS or key in NOT_A_SERVICE or key.isdigit():
        return None
    if names_section("eservices", key, folded=True) and len(key.split()) <= 3:
        return None  # the section's own heading repeated as a link
    return key


def services_on(page: Page) -> list[str]:
    """Distinct services listed in the page's content (labels, folded)."""
    node = main_node(page)
    by_url: dict[str, str] = {}
    labels: dict[str, None] = {}
    for a in anchors(page, root=node):
        if denied(a.url) or is_false_friend("eservices", a.label):
            continue  # "Elektron müraciət" (/feedback) is a form, not a service
        label = _service_label(a.label)
        if label is None:
            continue
        if a.url in by_url or label in labels:
            continue  # a second link to the same service
        by_url[a.url] = label
        labels[label] = None
    for el, text in blocks(node):
        if el.tag == "li" and not el.xpath(".//a"):
            label = _service_label(text)
            if label and label not in labels:
                labels[label] = None
    return list(labels)


def detect_eservices(
    pages: Sequence[Page],
    *,
    failed: Sequence[FailedPage] = (),
    section_links: Sequence[Link] = (),
) -> EServicesFinding:
    portal = portal_link_urls(pages, PORTAL_HOSTS)
    evidence = [Evidence("e_services", None, "eservices.portal_link", u) for u in portal[:3]]
    section_pages = [p for p in pages if p.role == "eservices"]
    if not section_pages:
        fails = [f for f in failed if f.role == "eservices"]
        if fails:
            ev = Evidence("e_services", fails[0].url, "eservices.failed", fails[0].error)
            return EServicesFinding(True, fails[0].url, None, len(portal), (ev, *evidence))
        if section_links:
            link = section_links[0]
            ev = Evidence("e_services", link.url, "eservices.section_link", link.text)
            return EServicesFinding(True, link.url, None, len(portal), (ev, *evidence))
        evidence.insert(0, Evidence("e_services", None, "eservices.absent"))
        return EServicesFinding(portal_links=len(portal), evidence=tuple(evidence))
    first = section_pages[0]
    evidence.insert(0, Evidence("e_services", first.url, "eservices.section_page",
                                clean_space(page_title(first))))  # fmt: skip
    services: dict[str, None] = {}
    for page in section_pages:
        for label in services_on(page):
            if label not in services:
                services[label] = None
                if len(services) <= 5:
                    evidence.append(Evidence("e_services", page.url, "eservices.service", label))
    return EServicesFinding(True, first.url, len(services), len(portal), tuple(evidence))
