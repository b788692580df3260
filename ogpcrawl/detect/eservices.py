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
from urllib.parse import urlsplit

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


HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
TEXT_SERVICE_MAX_WORDS = 12  # a service named in plain text is a short line, not prose
TEXT_SERVICE_RUN = 2  # ... among at least this many such lines in a row


def _target(a, base: str, own: str) -> str | None:
    """The page a service link leads to: one key per service however many links reach it.
    An anchor into the section page itself (#s1) keeps its fragment (services on one page)."""
    href = (a.get("href") or "").strip()
    if href.startswith("#"):
        return href
    url = absolute(href, base)
    if not url:
        return None
    page = url.partition("#")[0].rstrip("/")
    fragment = href.partition("#")[2]  # (absolute() drops fragments)
    return f"#{fragment}" if fragment and page == own else page


def _portal_front(url: str | None) -> bool:
    """A state portal's front page ("www.e-gov.az") is where services live, not a service."""
    if not url or not is_portal(url, PORTAL_HOSTS):
        return False
    try:
        return urlsplit(url).path.strip("/") in ("", "az", "en", "ru")
    except ValueError:
        return False


def _text_lines(node) -> list[str]:
    """Services written as plain text: runs of >= 2 sibling paragraphs without links, each a
    short line (<= 12 words, not a sentence of prose, not a "heading:")."""
    out: list[str] = []
    run: list[str] = []

    def flush() -> None:
        if len(run) >= TEXT_SERVICE_RUN:
            out.extend(run)
        run.clear()

    for parent in node.iter():
        if not isinstance(parent.tag, str) or len(out) > 200:
            continue
        for child in parent:
            tag = child.tag if isinstance(child.tag, str) else ""
            if tag not in ("p", "div") or child.xpath(".//a|.//p|.//div|.//li|.//table"):
                flush()
                continue
            line = clean_space(" ".join(child.itertext()), 300)
            words = line.split()
            prose = line.rstrip().endswith((".", ":", "!", "?")) and len(words) > 3
            if not words or len(words) > TEXT_SERVICE_MAX_WORDS or prose or ". " in line:
                flush()
                continue
            run.append(line)
        flush()
    return out


def services_on(page: Page, navigation: frozenset[str] = frozenset()) -> list[str]:
    """Distinct services listed in the page's content (folded labels).

    A list item, table row or paragraph is one service however many links it holds (a service
    and its application form); a link outside such blocks is one service; equal labels are one,
    and so are links to one target (a "popular services" block repeating the list). Not
    services: headings (categories, linked or not), links the site's navigation carries
    (`navigation`: targets of the home page's menu and footer), "more"/"all" links, a portal's
    front page. Services written as plain text count: list items and rows without links, and
    runs of short paragraphs without links.
    """
    node = main_node(page)
    base = page.base_url
    own = base.split("#", 1)[0].split("?", 1)[0].rstrip("/")
    labels: dict[str, None] = {}
    targets: set[str] = set()
    in_blocks: set = set()

    def take_link(a) -> bool:
        """Count the service one link names; True when it named one (new or not)."""
        target = _target(a, base, own)
        if target is None or target in navigation or _portal_front(target):
            return False
        if target.split("?", 1)[0] == own:  # (an in-page anchor "#s1" is kept above)
            return False  # the section page itself ("Bütün xidmətlər", ?page=2, a category)
        if any(isinstance(p.tag, str) and p.tag in HEADINGS for p in a.iterancestors()):
            return False  # a category heading, even when it is a link
        label = _link_label(a)
        if not label:
            return False
        if target not in targets and label not in labels:
            labels[label] = None
        targets.add(target)
        return True

    for el, text in blocks(node):
        links = el.xpath(".//a[@href]")
        in_blocks.update(links)
        if el.tag in HEADINGS:
            continue
        if links:
            for a in links:  # the block's first link that names a service stands for it
                if take_link(a):
                    break
        elif el.tag in ("li", "tr"):
            label = _service_label(text)
            if label:
                labels.setdefault(label, None)
    for a in node.iter("a"):
        if a not in in_blocks:
            take_link(a)
    for line in _text_lines(node):
        label = _service_label(line)
        if label:
            labels.setdefault(label, None)
    return list(labels)


def navigation_targets(home: Page | None) -> frozenset[str]:
    """Targets of the home page's menu and footer links: the site's navigation."""
    if home is None:
        return frozenset()
    out = set()
    for a in anchors(home):
        if a.in_nav or a.in_footer:
            out.add(a.url.split("#", 1)[0].rstrip("/"))
    return frozenset(out)


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
    for page in section_pages:
        if page.headers.get("x-ogp-truncated"):
            evidence.append(
                Evidence(
                    "e_services",
                    page.url,
                    "eservices.truncated",
                    f"judged on the first {page.headers['x-ogp-truncated']} bytes of a larger page",
                )
            )
    services: dict[str, None] = {}
    nav = navigation_targets(next((p for p in pages if p.role == "home"), None))
    for page in section_pages:
        for label in services_on(page, nav):
            if label not in services:
                services[label] = None
                if len(services) <= 5:
                    evidence.append(Evidence("e_services", page.url, "eservices.service", label))
    return EServicesFinding(True, first.url, len(services), len(portal), tuple(evidence))
