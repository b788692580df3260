"""The part of a page that is its own: main content apart from menus, footers and boilerplate.

Section pages of these CMSs carry the whole site menu, a links carousel ("Keçidlər") and a footer;
judging a council or procurement page by all of its text would find the menu's "İctimai şura"
on every page. Known content containers are tried first, then the body without navigation.
"""

from __future__ import annotations

import re

from lxml import etree

from ogpcrawl import specs
from ogpcrawl.detect.page import Page
from ogpcrawl.detect.text import clean_space

# Content containers, most specific first: -ih new (.metn), -ih old (.content_info), ministries.
CONTENT_XPATHS = (
    "//div[contains(concat(' ', normalize-space(@class), ' '), ' metn ')]",
    "//*[contains(concat(' ', normalize-space(@class), ' '), ' content_info ')]",
    "//main",
    "//article",
    "//*[@id='content' or @id='main-content' or @id='main' or @role='main']",
    "//*[contains(concat(' ', normalize-space(@class), ' '), ' page-content ')]",
    "//*[contains(concat(' ', normalize-space(@class), ' '), ' content ')]",
)

# Compiled once (an element's .xpath() compiles its expression on every call).
_CONTENT_XPATHS = tuple(etree.XPath(xp) for xp in CONTENT_XPATHS)
_BODY = etree.XPath("//body")
_VISIBLE_TEXT = etree.XPath(
    "//body//text()[not(ancestor::script or ancestor::style"
    " or ancestor::noscript or ancestor::template)]"
)
_TITLE_XPATHS = tuple(
    etree.XPath(xp)
    for xp in ("//div[contains(@class,'metn')]//h1", "//main//h1", "//article//h1", "//h1")
)
_TITLE = etree.XPath("//title")

SPECIFIC_CONTAINERS = 5  # the first five XPaths name a content container outright

# Boilerplate labels of the -ih templates (accessibility bar, carousel and social headings):
# [page] boilerplate of ogpcrawl/specs/languages/*.toml; a trailing ":" may follow a space.
BOILERPLATE = re.compile(
    "|".join(re.escape(w).replace(":", r"\s*:") for w in specs.active().boilerplate) or "(?!)",
    re.IGNORECASE,
)

MAX_TEXT = 100_000
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _copy(node):
    try:
        return etree.fromstring(etree.tostring(node))
    except Exception:  # serialisation of broken trees can fail; fall back to the node itself
        return node


def main_node(page: Page):
    """A detached copy of the main content element with navigation stripped (cached per page)."""
    cache = page.cache
    if "main" in cache:
        return cache["main"]
    root = page.sel.root
    found = None
    try:
        for rank, xp in enumerate(_CONTENT_XPATHS):
            hits = xp(root)
            # the container with the most text wins among equals (pages nest .content in .content)
            best = None
            best_len = 0
            for hit in hits[:20]:
                length = len("".join(hit.itertext()))
                if length > best_len:
                    best, best_len = hit, length
            # a named container is the content even when short (an empty section page is short);
            # a generic ".content" must hold some text to be trusted
            if best is not None and (rank < SPECIFIC_CONTAINERS or best_len >= 40):
                found = best
                break
        if found is None:
            bodies = _BODY(root)
            found = bodies[0] if bodies else root
    except Exception:
        found = root
    node = _copy(found)
    _strip_all(node)
    cache["main"] = node
    return node


# Chrome, by tag and by class/id word ("menu_top", "footer_links", "topnav", "hdr", "soc-facebook").
CHROME_TAGS = {"script", "style", "noscript", "template", "nav", "header", "footer", "form",
               "aside", "iframe"}  # fmt: skip
CHROME_WORDS = {
    "nav", "navbar", "navigation", "menu", "topnav", "topmenu", "mainmenu", "submenu", "submenus",
    "megamenu", "dropdown", "header", "hdr", "footer", "ftr", "foot", "sidebar", "breadcrumb",
    "breadcrumbs", "social", "soc", "share", "sharing", "copyright", "copyleft", "lang", "owl",
    "blind", "carousel",
}  # fmt: skip
_WORDS = re.compile(r"[a-z]+")
# An element holding more than this share of the page is mis-nested markup, not chrome.
CHROME_MAX_SHARE = 0.5


def _is_chrome(el) -> bool:
    tag = el.tag if isinstance(el.tag, str) else ""
    if tag in CHROME_TAGS or el.get("role") == "navigation":
        return True
    marker = f"{el.get('class') or ''} {el.get('id') or ''}".lower()
    return bool(marker.strip()) and not CHROME_WORDS.isdisjoint(_WORDS.findall(marker))


def _strip_all(node) -> None:
    """Remove navigation, headers, footers, forms, social and share blocks from a detached copy."""
    try:
        total = sum(1 for _ in node.iter())
        victims: list = []
        chosen: set = set()
        for el in node.iter():
            if el is node or not isinstance(el.tag, str) or not _is_chrome(el):
                continue
            if any(v in chosen for v in el.iterancestors()):
                continue  # already going with an ancestor
            if sum(1 for _ in el.iter()) > total * CHROME_MAX_SHARE:
                continue  # an unclosed <header> holding the page is not chrome
            victims.append(el)
            chosen.add(el)
    except Exception:
        return
    for victim in victims:
        parent = victim.getparent()
        if parent is None:
            continue
        tail = victim.tail
        parent.remove(victim)
        if tail and tail.strip():
            try:
                parent.text = (parent.text or "") + " " + _CONTROL.sub(" ", tail)
            except ValueError:  # lxml refuses some characters; the text is not worth an error
                pass


def node_text(node, limit: int = MAX_TEXT) -> str:
    try:
        raw = " ".join(t for t in node.itertext() if isinstance(t, str))
    except Exception:
        return ""
    return " ".join(BOILERPLATE.sub(" ", raw[: limit * 2]).split())[:limit]


def main_text(page: Page) -> str:
    cache = page.cache
    if "main_text" not in cache:
        cache["main_text"] = node_text(main_node(page))
    return cache["main_text"]


def visible_text(page: Page) -> str:
    """All text a reader could see (scripts, styles and templates removed), whitespace collapsed."""
    cache = page.cache
    if "visible" not in cache:
        try:
            parts = _VISIBLE_TEXT(page.sel.root)
        except Exception:
            parts = []
        cache["visible"] = " ".join(" ".join(str(p) for p in parts).split())[:MAX_TEXT]
    return cache["visible"]


def page_title(page: Page) -> str:
    """The page's own heading: the content h1, else <title> up to its first separator."""
    try:
        for xp in _TITLE_XPATHS:
            for h in xp(page.sel.root)[:3]:
                text = clean_space(" ".join(h.itertext()), 200)
                if text:
                    return text
        titles = _TITLE(page.sel.root)
        if titles:
            text = clean_space(" ".join(titles[0].itertext()), 200)
            return clean_space(re.split(r"\s[|–—-]\s", text)[0], 200)
    except Exception:
        pass
    return ""


BLOCK_TAGS = {"li", "tr", "p", "article", "dd", "h2", "h3", "h4", "h5", "blockquote"}
BLOCK_MAX_CHARS = 800
MAX_BLOCKS = 500


def blocks(node) -> list[tuple[object, str]]:
    """(element, text) of the smallest text blocks under node: list items, rows, paragraphs,
    headings, and divs holding text directly. A block containing another block is skipped."""
    out: list[tuple[object, str]] = []
    try:
        for el in node.iter():
            if len(out) >= MAX_BLOCKS:
                break
            tag = el.tag if isinstance(el.tag, str) else ""
            if tag not in BLOCK_TAGS and not (tag == "div" and (el.text or "").strip()):
                continue
            if any(isinstance(d.tag, str) and d.tag in BLOCK_TAGS for d in el.iterdescendants()):
                continue
            text = node_text(el, BLOCK_MAX_CHARS)
            if text:
                out.append((el, text))
    except Exception:  # a broken tree yields what was read so far
        return out
    return out
