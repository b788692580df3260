"""Links of a page as detectors see them: absolute, labelled, and sorted into own-site and elsewhere.

A label is the anchor's visible text, else its title / aria-label, else the alt of an image in it,
so icon-only menu entries still have a name.
"""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import urldefrag, urljoin, urlsplit

from lxml import etree

from ogpcrawl.detect.page import Page
from ogpcrawl.detect.text import clean_space

MAX_LINKS = 3000  # anchors read per page; generated calendars can hold tens of thousands

# Never fetched, never a section: the hidden cron beacon of the -ih CMS, forms and log-ins.
_DENY_PATH = re.compile(
    r"/cron(?:[/.?]|$)|/feedback|/logout|/login|/signin|/register|/cdn-cgi/|/wp-admin|/wp-login",
    re.IGNORECASE,
)
_DENY_SCHEME = ("mailto:", "javascript:", "tel:", "data:", "sms:", "skype:", "viber:", "whatsapp:")
FILE_EXT = re.compile(
    r"\.(?:pdf|docx?|xlsx?|pptx?|rtf|odt|zip|rar|7z|jpe?g|png|gif|svg|webp|mp[34]|avi|exe)$",
    re.IGNORECASE,
)


class Anchor:
    """One <a href> of a page: absolute url, label, CSS classes, and where it sits.

    url, host (lower case) and node (the lxml element, for detectors that look around it) are
    read when the page's links are collected; label, classes and the placement (in_nav: inside
    nav/header/menu markup, site-wide navigation, not content; in_footer) only when a detector
    asks: most links are only ever tested for their host or path (social accounts, portals).
    """

    __slots__ = ("url", "node", "host", "_places", "_label", "_classes", "_placed")

    def __init__(self, url: str, node, host: str, places: dict):
        self.url, self.node, self.host = url, node, host
        self._places = places  # the page's placement memo, shared by its anchors
        self._label: str | None = None
        self._classes: str | None = None
        self._placed: tuple[bool, bool] | None = None

    @property
    def label(self) -> str:
        if self._label is None:
            self._label = anchor_label(self.node)
        return self._label

    @property
    def classes(self) -> str:
        if self._classes is None:
            self._classes = clean_space(self.node.get("class") or "", 120)
        return self._classes

    @property
    def in_nav(self) -> bool:
        return self._placement()[0]

    @property
    def in_footer(self) -> bool:
        return self._placement()[1]

    def _placement(self) -> tuple[bool, bool]:
        if self._placed is None:
            self._placed = _placement(self.node, self._places)
        return self._placed

    def __repr__(self) -> str:
        return f"Anchor({self.url!r}, label={self.label!r})"


def host_of(url: str) -> str:
    """Lower-case host of a URL ("" when it has none), memoised: detectors ask it of the same
    links over and over (same_site, scopes, networks)."""
    return _host_cached(url) if isinstance(url, str) else _host(url)


def _host(url: str) -> str:
    try:
        host = (urlsplit(url).hostname or "").lower().rstrip(".")
    except ValueError:
        return ""
    return host


_host_cached = lru_cache(maxsize=16_384)(_host)


def site_key(host: str) -> str:
    """The host without www. / m. / mobile. prefixes: one site, whatever the address form."""
    for prefix in ("www.", "m.", "mobile.", "www2."):
        if host.startswith(prefix):
            return host[len(prefix) :]
    return host


def same_site(url: str, base: str) -> bool:
    a, b = site_key(host_of(url)), site_key(host_of(base))
    return bool(a) and a == b


def sub_site(url: str, base: str) -> bool:
    """Same site, or a sub-domain of it (e-xidmetler.economy.gov.az for economy.gov.az)."""
    a, b = site_key(host_of(url)), site_key(host_of(base))
    return bool(a) and bool(b) and (a == b or a.endswith("." + b))


def absolute(href: str | None, base: str) -> str | None:
    """Absolute http(s) URL without fragment, or None for anything not worth following."""
    found = _absolute_host(href, base)
    return found[0] if found else None


def _absolute_host(href: str | None, base: str) -> tuple[str, str] | None:
    """absolute() and host_of() of its result, from one parse of the URL."""
    if not href or not isinstance(href, str):
        return None
    return _resolve_cached(href, base) if isinstance(base, str) else _resolve(href, base)


def _resolve(href: str, base: str) -> tuple[str, str] | None:
    href = href.strip()
    if not href or href.startswith("#") or href.lower().startswith(_DENY_SCHEME):
        return None
    try:
        url = urldefrag(urljoin(base, href))[0]
        parts = urlsplit(url)
        hostname = parts.hostname
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not hostname:
        return None
    return url, hostname.lower().rstrip(".")


# The same links are resolved again and again: a menu on every page, and each page read by the
# spider's planning, its social-account listing and the pipeline. urljoin is the costliest step
# of reading a link; the memo is bounded (a few MB at most).
RESOLVE_MEMO = 16_384
_resolve_cached = lru_cache(maxsize=RESOLVE_MEMO)(_resolve)


# A single news item (not a listing): a news-like path segment followed by an id, or the query
# forms of the ministries' CMSs. A news item about the council is not the council's section.
_NEWS_ITEM_URL = re.compile(
    r"/(?:news|xeber\w*|xəbər\w*|press|novosti|yenilik\w*|metbuat)/(?:[^?]*/)?[^/?]*\d[^/?]*/?(?:\?|$)"
    r"|/news/[^/?]+\.html(?:\?|$)"
    r"|(?:news|xeber)\w*(?:/index)?\.php\?(?:[^#]*&)?id=\d+"
    r"|news_content/\d+"
    r"|\?\w{2,3}/news/\w+/\d{4}/",
    re.IGNORECASE,
)


def is_news_item_url(url: str) -> bool:
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return bool(_NEWS_ITEM_URL.search(f"{parts.path}?{parts.query}"))


def denied(url: str) -> bool:
    """Links a crawler must not follow nor treat as a section (cron beacon, feedback form...)."""
    try:
        path = urlsplit(url).path
    except ValueError:
        return True
    return bool(_DENY_PATH.search(path))


def is_file(url: str) -> bool:
    try:
        return bool(FILE_EXT.search(urlsplit(url).path))
    except ValueError:
        return False


# Compiled once: an element's .xpath() compiles its expression on every call.
_LABEL_TEXT = etree.XPath(".//text()[not(ancestor::script)]")
_IMG_ALT = etree.XPath(".//img/@alt | .//img/@title")
_BASE_HREF = etree.XPath("//base/@href")


def anchor_label(node) -> str:
    text = clean_space(" ".join(_LABEL_TEXT(node)), 200)
    if text:
        return text
    for attr in ("title", "aria-label", "data-original-title"):
        value = node.get(attr)
        if value and value.strip():
            return clean_space(value, 200)
    alts = _IMG_ALT(node)
    return clean_space(" ".join(alts), 200)


_NAV_TAGS = {"nav", "header"}
_NAV_TOKENS = re.compile(
    r"^(?:[\w-]*-)?(?:nav|navbar|navigation|menu|mainmenu|topmenu|submenu|megamenu|dropdown|"
    r"header|topbar|top-bar)(?:-[\w-]*)?$",
    re.I,
)
_FOOT_TOKENS = re.compile(r"^(?:[\w-]*-)?(?:footer|copyleft|copyright)(?:-[\w-]*)?$", re.I)
# A navigation container holding more elements than this, or more than this share of the whole
# document, is a mis-nested page (an unclosed <header> swallowing the body), not navigation.
NAV_MAX_ELEMENTS = 1500
NAV_MAX_SHARE = 0.5


def _kind(anc, cache: dict) -> tuple[bool, bool]:
    if anc in cache:
        return cache[anc]
    tag = anc.tag if isinstance(anc.tag, str) else ""
    tokens = f"{anc.get('class') or ''} {anc.get('id') or ''}".split()
    nav = (
        tag in _NAV_TAGS
        or anc.get("role") == "navigation"
        or any(_NAV_TOKENS.match(t) for t in tokens)
    )
    foot = tag == "footer" or any(_FOOT_TOKENS.match(t) for t in tokens)
    if nav or foot:
        if "__total__" not in cache:
            cache["__total__"] = sum(1 for _ in anc.getroottree().getroot().iter())
        limit = min(NAV_MAX_ELEMENTS, cache["__total__"] * NAV_MAX_SHARE)
        size = 0
        for _ in anc.iter():
            size += 1
            if size > limit:
                nav = foot = False
                break
    cache[anc] = (nav, foot)
    return nav, foot


def _placement(node, cache: dict | None = None) -> tuple[bool, bool]:
    """(in navigation, in footer) of an element, judged from its ancestors (memoised per element:
    siblings share their ancestors' answer)."""
    cache = {} if cache is None else cache
    chain = []
    result = (False, False)
    current = node.getparent()
    depth = 0
    while current is not None and depth <= 14:
        key = ("under", current)
        if key in cache:
            result = cache[key]
            break
        chain.append(current)
        current = current.getparent()
        depth += 1
    # fill from the top down: an element is under navigation if it, or any ancestor, is navigation
    for anc in reversed(chain):
        nav, foot = _kind(anc, cache)
        result = (result[0] or nav, result[1] or foot)
        cache[("under", anc)] = result
    return result


def page_base(page: Page) -> str:
    """The URL relative links resolve against: <base href> if the page sets one (cached)."""
    cache = page.cache
    if "base" not in cache:
        cache["base"] = _page_base(page)
    return cache["base"]


def _page_base(page: Page) -> str:
    try:
        declared = _BASE_HREF(page.sel.root)
    except Exception:
        declared = []
    if declared:
        resolved = absolute(str(declared[0]), page.base_url)
        if resolved:
            return resolved
    return page.base_url


def anchors(page: Page, root=None) -> list[Anchor]:
    """Every followable <a href> of the page (or under root), document order, capped.

    Cached on the page for the whole document and for its main-content node: several detectors
    read the same links.
    """
    cache = page.cache
    slot = "anchors" if root is None else ("main_anchors" if root is cache.get("main") else None)
    if slot and slot in cache:
        return cache[slot]
    out = _collect(page, root)
    if slot:
        cache[slot] = out
    return out


def _collect(page: Page, root) -> list[Anchor]:
    out: list[Anchor] = []
    try:
        nodes = (root if root is not None else page.sel.root).iter("a")
    except Exception:  # no element tree at all (empty or pathological document)
        return out
    base = page_base(page)
    places: dict = {}
    for node in nodes:
        if len(out) >= MAX_LINKS:
            break
        found = _absolute_host(node.get("href"), base)
        if found is None:
            continue
        out.append(Anchor(found[0], node, found[1], places))
    return out
