"""What the spider should fetch next: section links, section sub-pages, news pages, redirects.

Pure functions of one Page; the spider decides budgets and order. Rule ids in Link.rule:
  nav.text    the link's label names the section (text, title, aria-label or img alt)
  nav.slug    the URL spells the section ("/az/ictimai-sura.html", "modul.php?name=e-xidmetler")
  sub.keyword a section sub-page named like one (members, meetings, notices ...)
  sub.content a link inside the section page's own content
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import urlsplit

from lxml import etree
from w3lib.html import get_meta_refresh

from ogpcrawl import specs
from ogpcrawl.detect.content import main_node, visible_text
from ogpcrawl.detect.links import (
    absolute,
    anchors,
    denied,
    host_of,
    is_file,
    is_news_item_url,
    page_base,
    same_site,
    site_key,
    sub_site,
)
from ogpcrawl.detect.listing import date_in_url, dated_items
from ogpcrawl.detect.page import Link, Page
from ogpcrawl.detect.search import SearchForm, detect_search
from ogpcrawl.detect.text import (
    STRUCTURE_NAMES,
    fold,
    names_section,
    phrase_pattern,
    section_rank,
    slug_hit,
)

__all__ = [
    "NewsListing",
    "SearchForm",
    "discover_sections",
    "section_subpages",
    "news_listing",
    "meta_refresh_target",
    "site_search",
    "latest_news_title",
    "item_page_date",
    "structure_pages",
    "sitemap_sections",
    "needs_browser",
]

MAX_SECTION_LINKS = 8
MAX_SUBPAGES = 25
MAX_NAME_WORDS = 6  # section names are short; longer labels are headlines

_SPECS = specs.active()
# The sections looked for in menus, in order (ogpcrawl/specs/index.toml).
SECTIONS: tuple[str, ...] = _SPECS.sections
# Sub-pages worth fetching to judge a section (members, meetings, notices, documents): the
# "subpage_words" of each section in the language packs (ogpcrawl/specs/languages/*.toml).
SUBPAGE_WORDS: dict[str, tuple[str, ...]] = {s: _SPECS[s].subpage_words for s in SECTIONS}
_SUB_RE = {k: phrase_pattern(v) for k, v in SUBPAGE_WORDS.items() if v}

# "next page" labels (the packs' [pagination] next), folded; plus arrows compared raw.
NEXT_WORDS = {fold(w) for w in _SPECS.next_words}
NEXT_ARROWS = {"»", "›", ">", ">>", "→", "»»", "⟩", "❯"}
_PAGE_PARAM = re.compile(r"(?:^|&)(?:page|p|pg|sehife|start|PAGEN_1)=(\d{1,5})(?:&|$)", re.I)
_PAGE_PATH = re.compile(r"/page/(\d{1,5})/?$")
_NEWS_ITEM = re.compile(r"/news/[^/]+\.html$|/(?:news|xeber\w*)/[^/?]*\d{2,}|[?&]id=\d+", re.I)


@dataclass(frozen=True)
class NewsListing:
    dates: list[date] = field(default_factory=list)
    item_links: list[Link] = field(default_factory=list)
    next_url: str | None = None


def _key(url: str) -> str:
    """One key per address form: scheme, www. and a trailing slash do not matter."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    return f"{site_key(host_of(url))}{parts.path.rstrip('/')}?{parts.query}"


def _in_scope(section: str, url: str, base: str) -> bool:
    if section == "eservices":  # e-services often live on e-xidmetler.<site>
        return sub_site(url, base)
    return same_site(url, base)


def _scopes(url: str, base: str) -> tuple[bool, bool]:
    """(same site, same site or sub-domain)."""
    a, b = site_key(host_of(url)), site_key(host_of(base))
    return bool(a) and a == b, bool(a) and bool(b) and (a == b or a.endswith("." + b))


def discover_sections(page: Page) -> dict[str, list[Link]]:
    """Candidate links per section (SECTIONS), best first, at most 8 each."""
    result: dict[str, list[Link]] = {s: [] for s in SECTIONS}
    try:
        base = page_base(page)
        found = anchors(page)
    except Exception:
        return result
    own = _key(page.base_url)
    prepared = []
    for order, a in enumerate(found):
        if denied(a.url) or is_file(a.url):
            continue
        key = _key(a.url)
        if key == own:
            continue
        try:
            parts = urlsplit(a.url)
        except ValueError:
            continue
        slug_text = f"{parts.path}?{parts.query}"
        title = a.node.get("title") or ""
        scope = _scopes(a.url, base)
        if not scope[1]:
            continue
        label, title_f, slug_f = fold(a.label), fold(title), fold(slug_text)
        news_item = is_news_item_url(a.url)
        prepared.append((order, a, key, label, title_f, slug_f, slug_text, scope, news_item))
    for section in SECTIONS:
        scored: dict[str, tuple[tuple, Link]] = {}
        for order, a, key, label, title, slug_folded, slug_text, scope, news_item in prepared:
            if not scope[1 if section == "eservices" else 0]:
                continue
            if section != "news" and news_item:
                continue  # a news item about the council is not the council's section
            rank = section_rank(section, label, folded=True) if label else None
            if rank is None and title:
                rank = section_rank(section, title, folded=True)
            if rank is not None and len(label.split()) > MAX_NAME_WORDS:
                rank += 50  # a headline mentioning "Mətbuat" is an item, not the section
            slug = slug_hit(section, slug_folded)
            if rank is None and not slug:
                continue
            if rank is None and label and _label_contradicts(section, label):
                continue
            item_like = section == "news" and bool(_NEWS_ITEM.search(slug_text))
            score = (
                0 if rank is not None else 1,
                rank if rank is not None else 99,
                0 if slug else 1,
                1 if item_like else 0,
                0 if a.in_nav else 1,
                order,
            )
            where = "menu" if a.in_nav else ("footer" if a.in_footer else "content")
            link = Link(a.url, a.label, "nav.text" if rank is not None else "nav.slug", where)
            if key not in scored or score < scored[key][0]:
                scored[key] = (score, link)
        ranked = sorted(scored.values(), key=lambda pair: pair[0])
        result[section] = [link for _, link in ranked[:MAX_SECTION_LINKS]]
    return result


def _label_contradicts(section: str, label: str) -> bool:
    """A slug match whose (folded) label names another section."""
    return any(names_section(other, label, folded=True) for other in SECTIONS if other != section)


def section_subpages(page: Page, section: str) -> list[Link]:
    """Links on a section page worth fetching to judge it: named sub-pages first, then content."""
    out: dict[str, Link] = {}
    try:
        base = page_base(page)
        own = _key(page.base_url)
        pattern = _SUB_RE.get(section)
        named: list[Link] = []
        for a in anchors(page):
            if denied(a.url) or not _in_scope(section, a.url, base) or _key(a.url) == own:
                continue
            label = fold(a.label)
            if pattern is not None and (pattern.search(label) or pattern.search(fold(a.url))):
                if not (a.in_nav and section == "news"):
                    named.append(Link(a.url, a.label, "sub.keyword"))
        content = [
            Link(a.url, a.label, "sub.content")
            for a in anchors(page, root=main_node(page))
            if not denied(a.url) and _in_scope(section, a.url, base) and _key(a.url) != own
        ]
        for link in named + content:
            out.setdefault(_key(link.url), link)
            if len(out) >= MAX_SUBPAGES:
                break
    except Exception:  # hostile markup: nothing more to fetch
        return list(out.values())
    return list(out.values())


def news_listing(page: Page, *, as_of: date | None = None) -> NewsListing:
    """Dates, item links and the next page of a news listing (or any page showing news).

    Pass as_of: dates written without a year ("19 Mar") are only readable relative to it.
    """
    try:
        items = dated_items(page, as_of=as_of)
        dates = [i.date for i in items]
        links: dict[str, Link] = {}
        for i in items:
            if i.url:
                links.setdefault(i.url, Link(i.url, i.title, "news.dated_item"))
        # undated item links of the known CMS shapes (/az/news/<id>.html) are still items
        for a in anchors(page, root=main_node(page)):
            if len(links) >= 200:
                break
            if same_site(a.url, page.base_url) and _NEWS_ITEM.search(urlsplit(a.url).path or ""):
                if a.url not in links:
                    links[a.url] = Link(a.url, a.label, "news.item_url")
                    in_url = date_in_url(a.url, as_of=as_of)
                    if in_url is not None:  # /news/2018/08/17/...: the address dates the item
                        dates.append(in_url)
        return NewsListing(dates, list(links.values()), next_page(page))
    except Exception:  # hostile markup: an empty listing
        return NewsListing()


_REL_NEXT = etree.XPath("//link[@rel='next']/@href | //a[contains(@rel,'next')]/@href")


def _page_number(url: str) -> int:
    try:
        parts = urlsplit(url)
    except ValueError:
        return 1
    m = _PAGE_PARAM.search(parts.query)
    if m:
        return int(m.group(1))
    m = _PAGE_PATH.search(parts.path)
    return int(m.group(1)) if m else 1


def next_page(page: Page) -> str | None:
    """The next page of a paginated listing: rel=next, a "Növbəti"/"»"/"next" link, or page N+1."""
    base = page_base(page)
    root = page.sel.root
    own = _key(page.base_url)
    for href in _REL_NEXT(root):
        url = absolute(str(href), base)
        if url and same_site(url, base) and _key(url) != own:
            return url
    current = _page_number(page.base_url)
    numbered = None
    for a in anchors(page):
        if not same_site(a.url, base) or _key(a.url) == own or denied(a.url):
            continue
        label = a.label.strip()
        classes = a.classes.lower()
        if "prev" in classes:
            continue
        if label in NEXT_ARROWS or fold(label) in NEXT_WORDS or re.search(r"\bnext\b", classes):
            return a.url
        if numbered is None and label == str(current + 1):
            if _page_number(a.url) == current + 1:
                numbered = a.url
    return numbered


_JS_REDIRECT = re.compile(
    r"""(?:window\.|document\.|self\.|top\.)?location(?:\.href)?\s*=\s*["']([^"']{1,500})["']"""
    r"""|location\.(?:replace|assign)\(\s*["']([^"']{1,500})["']\s*\)"""
)
STUB_MAX_TEXT = 500
STUB_MAX_LINKS = 5


def meta_refresh_target(page: Page) -> str | None:
    """Where a redirect page sends the reader: <meta http-equiv=refresh>, or a JS stub's
    `window.location = "..."` when the page is otherwise nearly empty (a redirect stub)."""
    try:
        text = page.text or ""
        _, url = get_meta_refresh(text[:20_000], page.base_url)
        if url:
            target = absolute(url, page.base_url)
            if target and target != page.base_url:
                return target
        if len(visible_text(page)) > STUB_MAX_TEXT or len(anchors(page)) > STUB_MAX_LINKS:
            return None
        for script in page.sel.root.xpath("//script[not(@src)]/text()")[:10]:
            m = _JS_REDIRECT.search(str(script)[:5000])
            if m:
                target = absolute(m.group(1) or m.group(2), page.base_url)
                if target and target != page.base_url:
                    return target
    except Exception:  # hostile markup: no redirect
        return None
    return None


def site_search(page: Page) -> SearchForm | None:
    """The site's own search form, to look for sections hidden from the menu."""
    return detect_search(page).form


_STRUCTURE_RE = phrase_pattern(STRUCTURE_NAMES)
MAX_STRUCTURE_WORDS = 5
MAX_SITEMAP_CHARS = 2_000_000
_SITEMAP_LOC = re.compile(r"<loc>\s*([^<\s]{1,2000})\s*</loc>", re.I)


def structure_pages(page: Page) -> list[Link]:
    """Second-level pages that may link a section the menu hides: links named like a structure,
    about, leadership or apparatus page ([structure] names of the language packs), best first:
    menu links, then the rest, each in document order. Rule nav.structure."""
    out: dict[str, tuple[tuple, Link]] = {}
    try:
        own = _key(page.base_url)
        for order, a in enumerate(anchors(page)):
            if not same_site(a.url, page.base_url) or denied(a.url) or is_file(a.url):
                continue
            key = _key(a.url)
            label = fold(a.label)
            if key == own or not label or len(label.split()) > MAX_STRUCTURE_WORDS:
                continue
            if _STRUCTURE_RE is None or not _STRUCTURE_RE.search(label):
                continue
            if is_news_item_url(a.url) or any(
                names_section(s, label, folded=True) for s in SECTIONS
            ):
                continue
            where = "menu" if a.in_nav else ("footer" if a.in_footer else "content")
            score = (0 if a.in_nav else 1, order)
            if key not in out or score < out[key][0]:
                out[key] = (score, Link(a.url, a.label, "nav.structure", where))
    except Exception:  # hostile markup: no candidates
        pass
    return [link for _, link in sorted(out.values(), key=lambda pair: pair[0])]


def sitemap_sections(page: Page) -> dict[str, list[Link]]:
    """Section pages listed in a sitemap.xml (no labels there: the URL must spell the section,
    as nav.slug). Same site only; news item URLs never count for the other sections."""
    result: dict[str, list[Link]] = {s: [] for s in SECTIONS}
    try:
        locs = _SITEMAP_LOC.findall((page.text or "")[:MAX_SITEMAP_CHARS])
    except Exception:
        return result
    for raw in locs[:50_000]:
        url = absolute(raw.replace("&amp;", "&"), page.base_url)
        if not url or not same_site(url, page.base_url) or denied(url) or is_file(url):
            continue
        try:
            parts = urlsplit(url)
        except ValueError:
            continue
        folded = fold(f"{parts.path}?{parts.query}")
        for section in SECTIONS:
            if section != "news" and is_news_item_url(url):
                continue
            if len(result[section]) < MAX_SECTION_LINKS and slug_hit(section, folded):
                result[section].append(Link(url, "", "nav.sitemap", "sitemap"))
    return result


def item_page_date(page: Page, *, as_of: date) -> date | None:
    """The publication date of a news item page (detect.news.item_date), or None."""
    from ogpcrawl.detect.news import item_date

    try:
        return item_date(page, as_of=as_of)[0]
    except Exception:  # hostile markup: undated
        return None


def latest_news_title(page: Page, *, as_of: date | None = None) -> str | None:
    """The title of the newest news item a page lists (the query word of the search check).

    The newest dated item with a title of >= 2 words; on a listing without dates, the first
    item link of the known item shapes (a listing shows its newest item first)."""
    try:
        items = [
            i
            for i in dated_items(page, as_of=as_of)
            if i.title and len(i.title.split()) >= 2 and (as_of is None or i.date <= as_of)
        ]
        if items:
            return max(items, key=lambda i: i.date).title
        if page.role == "news":
            for link in news_listing(page, as_of=as_of).item_links:
                if len(link.text.split()) >= 2:
                    return link.text
    except Exception:  # hostile markup: no title, the check is not tried
        return None
    return None


# needs_browser: the measurable rule (docs/detection.md, "Browser rendering").
BROWSER_MIN_LINKS = 3
BROWSER_MIN_TEXT = 200
SPA_ROOT_IDS = ("app", "root", "__next", "__nuxt", "___gatsby", "q-app")


def needs_browser(page: Page) -> tuple[bool, str]:
    """(True, reason) when the static HTML lacks what the detectors need and a browser might not."""
    try:
        if meta_refresh_target(page):
            return False, "redirect_stub"
        root = page.sel.root
        text_len = len(visible_text(page))
        scripts = len(root.xpath("//script"))
        links = sum(1 for a in anchors(page) if same_site(a.url, page.base_url))
        for ident in SPA_ROOT_IDS:
            shell = root.xpath(f"//*[@id='{ident}']")
            if shell and len(" ".join(shell[0].itertext()).strip()) < 20 and scripts:
                if text_len < BROWSER_MIN_TEXT * 2:
                    return True, f"spa_shell:#{ident}"
        if root.xpath("//*[@ng-app or @data-reactroot or @ng-version]") and text_len < 400:
            return True, "spa_shell:framework_attr"
        if links < BROWSER_MIN_LINKS and text_len < BROWSER_MIN_TEXT and scripts:
            return True, f"thin_static:{links}_links,{text_len}_chars,{scripts}_scripts"
        return False, f"static_ok:{links}_links,{text_len}_chars"
    except Exception:  # unparseable: a browser will not do better with garbage
        return False, "unparseable"
