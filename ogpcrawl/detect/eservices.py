"""E-services ("Elektron xidmətlər"): the section, the services it lists, links to state portals.

  eservices.section_page   a fetched page with role "eservices" on the site or a sub-domain
                           (it counts even when every service it lists lives off-site)
  eservices.section_link   an e-services link on the home page whose page was not fetched
  eservices.portal_menu_link  a home-page link labelled "Elektron xidmətlər" that goes straight
                           into a state portal (e-gov.az): the site's e-services entry, off-site
  eservices.service        a distinct service listed in the section's content: each list item,
                           row or paragraph once however many links it holds (a service and
                           its form), links outside blocks once each, equal labels once
  eservices.portal_link    a link into a state e-services portal (e-gov.az, dxr.az, ...)
"Elektron müraciət" (a feedback form) is not an e-service section (text.SECTION_FALSE_FRIENDS).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from ogpcrawl import specs
from ogpcrawl.detect.content import blocks, main_node, page_title
from ogpcrawl.detect.links import absolute, anchors, denied
from ogpcrawl.detect.page import Evidence, FailedPage, Link, Page
from ogpcrawl.detect.procurement import is_portal, portal_link_urls
from ogpcrawl.detect.text import clean_space, fold, is_false_friend, names_section

# National portals and the labels that are not a service: ogpcrawl/specs (eservices).
PORTAL_HOSTS = specs.active()["eservices"].portal_hosts
# Labels that are navigation inside a list, not a service (folded).
NOT_A_SERVICE = {fold(w) for w in specs.active()["eservices"].not_a_service}
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
    if key.startswith(("http ", "https ", "www ")):
        return None  # a bare address is where services live, not a service
    if names_section("eservices", key, folded=True) and len(key.split()) <= 3:
        return None  # the section's own heading repeated as a link
    return key


def _link_label(a) -> str | None:
    """The service named by one link, or None (feedback forms, "ətraflı", bare URLs)."""
    href = (a.get("href") or "").strip()
    if not href.startswith("#"):  # an in-page anchor (#s1) still names a listed service
        url = absolute(href, "http://x/")
        if url is None or denied(url):
            return None
    text = " ".join(" ".join(a.itertext()).split()) or (a.get("title") or "")
    if is_false_friend("eservices", text):
        return None  # "Elektron müraciət" is a form, not a service
    return _service_label(text)


def services_on(page: Page) -> list[str]:
    """Distinct services listed in the page's content (folded labels).

    A list item, table row or paragraph is one service however many links it holds (a service
    and its application form); a link outside such blocks is one service; equal labels are one.
    """
    node = main_node(page)
    labels: dict[str, None] = {}
    in_blocks: set = set()
    for el, text in blocks(node):
        links = el.xpath(".//a[@href]")
        in_blocks.update(links)
        named = [label for label in map(_link_label, links) if label]
        if named:
            labels.setdefault(named[0], None)
        elif not links and el.tag in ("li", "tr"):
            label = _service_label(text)
            if label:
                labels.setdefault(label, None)
    for a in node.iter("a"):
        if a not in in_blocks:
            label = _link_label(a)
            if label:
                labels.setdefault(label, None)
    return list(labels)


def portal_menu_link(home: Page | None) -> Link | None:
    """A home-page link labelled as e-services that goes straight into a state portal."""
    if home is None:
        return None
    for a in anchors(home):
        if is_portal(a.url, PORTAL_HOSTS, host=a.host) and names_section("eservices", a.label):
            return Link(a.url, a.label, "eservices.portal_menu_link")
    return None


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
        if not section_links:
            home = next((p for p in pages if p.role == "home"), None)
            menu = portal_menu_link(home)
            section_links = [menu] if menu else []
        if section_links:
            link = section_links[0]
            rule = link.rule if link.rule.startswith("eservices.") else "eservices.section_link"
            ev = Evidence("e_services", link.url, rule, clean_space(link.text))
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
