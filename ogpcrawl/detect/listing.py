"""Dated items of a listing page (news, announcements, tenders), whatever the design.

The layouts differ (old -ih `.news-list li` with `.news-date`; new -ih items with
"24 sentyabr 2022 | 12:59"; ministries with `<time>`, `<span class=date>`, `<strong>19</strong>Mar`,
`<a><strong>(2018-03-16)</strong> - title</a>`, or a flat "17.03.2018<br><a>title</a>" column), but
one shape holds for all: a short element that is mostly a date (a *date label*) sits in the same
small container as the item's link. So:

1. date labels: text nodes with a digit, climbed up to 3 ancestors while the text stays under
   80 characters; an element whose text is a date plus at most 40 other characters is a label.
   Dates in running text ("20-26 mart 2018-ci il tarixlərində ...") are not labels. Labels inside
   header/nav/footer (a "today is" date in the top bar) are ignored.
2. pairing: a label inside a link belongs to that link; otherwise climb from the label to the
   first ancestor holding own-site content links. If that ancestor holds no other label, the item
   link is its link with the longest text (image, title and "more" links share one URL); if it
   holds several labels (a flat column) the label takes the first link after it in document order.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlsplit

from lxml import etree

from ogpcrawl.detect.dates import iter_dates
from ogpcrawl.detect.links import _placement, absolute, denied, is_file, page_base, same_site
from ogpcrawl.detect.page import Page
from ogpcrawl.detect.text import clean_space

_DIGIT = re.compile(r"\d")
_TEXTS = etree.XPath(".//text()[not(ancestor::script or ancestor::style)]")  # compiled once
LABEL_MAX_CHARS = 80
LABEL_SLACK = 40  # non-date characters a label may carry ("| 12:59", "Elan tarixi:", "saat")
MAX_LABELS = 400


@dataclass(frozen=True)
class DatedItem:
    date: date
    url: str | None  # the item's page, None when no link could be paired
    title: str = ""


def _container(t):
    parent = t.getparent()
    if parent is None:
        return None
    if getattr(t, "is_tail", False):
        return parent.getparent()
    return parent


def date_labels(root, *, as_of: date | None) -> list[tuple[object, date]]:
    """(element, date) of every date label under root, document order, one per element."""
    out: list[tuple[object, date]] = []
    seen: set = set()
    cache: dict = {}
    read: dict = {}  # element -> (its collapsed text, its first date): text nodes share them
    try:
        texts = _TEXTS(root)
    except Exception:
        return out
    for t in texts:
        if len(out) >= MAX_LABELS:
            break
        if not _DIGIT.search(t):
            continue
        el = _container(t)
        for level in range(3):
            if el is None or not isinstance(el.tag, str):
                break
            if el in read:
                text, found = read[el]
            else:
                text = " ".join(" ".join(el.itertext()).split())
                found = None
                if len(text) <= LABEL_MAX_CHARS:
                    found = next(iter(iter_dates(text, as_of=as_of)), None)
                read[el] = (text, found)
            if len(text) > LABEL_MAX_CHARS:
                if level == 0:
                    _loose_label(t, as_of, out, seen, cache)
                break
            if found is not None:
                start, end, d = found
                if len(text) - (end - start) <= LABEL_SLACK and el not in seen:
                    in_nav, in_footer = _placement(el, cache)
                    if not (in_nav or in_footer):
                        seen.add(el)
                        out.append((el, d))
                break
            el = el.getparent()
    return out


def _loose_label(t, as_of, out: list, seen: set, cache: dict) -> None:
    """A date standing alone between siblings ("17.03.2018<br><a>...</a>"): the text node is the
    label, placed at the element just before it (for a tail) or at its parent (for a text)."""
    text = " ".join(str(t).split())
    if not text or len(text) > LABEL_MAX_CHARS:
        return
    found = next(iter(iter_dates(text, as_of=as_of)), None)
    if found is None or len(text) - (found[1] - found[0]) > LABEL_SLACK:
        return
    pos = t.getparent()
    if pos is None or pos in seen or not isinstance(pos.tag, str):
        return
    if any(_placement(pos, cache)):
        return
    seen.add(pos)
    out.append((pos, found[2]))


def _link_of(node, base: str) -> tuple[str, str] | None:
    url = absolute(node.get("href"), base)
    if url is None or not same_site(url, base) or denied(url):
        return None
    return url, clean_space(" ".join(node.itertext()) or node.get("title") or "", 200)


# A date written into an item's address: /news/2018/08/17/slug, /xeber/2018-08-17-slug.
_URL_DATE = re.compile(r"(?<!\d)((?:19|20)\d{2})([/-])(0[1-9]|1[0-2])\2(0[1-9]|[12]\d|3[01])(?!\d)")


def date_in_url(url: str | None, *, as_of: date | None = None) -> date | None:
    """The publication date an item's URL path spells (year, month, day in that order), or None.
    Impossible dates, years before 1991 and dates after as_of are not dates."""
    if not url:
        return None
    try:
        path = urlsplit(url).path
    except ValueError:
        return None
    m = _URL_DATE.search(path)
    if not m:
        return None
    try:
        found = date(int(m.group(1)), int(m.group(3)), int(m.group(4)))
    except ValueError:
        return None
    if found.year < 1991 or (as_of is not None and found > as_of):
        return None
    return found


def dated_items(page: Page, *, as_of: date | None = None, root=None) -> list[DatedItem]:
    """Dated items of a page (or of the subtree root), one per label.

    The whole page's items are cached on it per as_of: the spider's planning, the news
    detector and the listing order all read them."""
    if root is None:
        key = ("dated_items", as_of)
        cache = page.cache
        if key not in cache:
            cache[key] = _dated_items(page, as_of=as_of, root=None)
        return list(cache[key])
    return _dated_items(page, as_of=as_of, root=root)


def _dated_items(page: Page, *, as_of: date | None, root) -> list[DatedItem]:
    try:
        root = page.sel.root if root is None else root
        base = page_base(page)
        labels = date_labels(root, as_of=as_of)
        if not labels:
            return []
        # keyed by the elements themselves: lxml keeps one proxy per node while it is referenced
        order = {el: i for i, el in enumerate(root.iter())}
        label_set = {el for el, _ in labels}
        caches: tuple[dict, dict] = ({}, {})  # placement of ancestors, resolved links
        items: list[DatedItem] = []
        for el, d in labels:
            items.append(_pair(el, d, base, page.url, order, label_set, caches))
        return items
    except Exception:  # hostile markup: no items rather than an error
        return []


def _pair(
    el, d: date, base: str, own_url: str, order: dict, label_set: set, caches: tuple
) -> DatedItem:
    cache, link_cache = caches
    for anc in [el, *el.iterancestors()][:4]:
        if anc.tag == "a":
            link = _link_of(anc, base)
            if link:
                return DatedItem(d, link[0], link[1])
    anc = el.getparent()
    for _ in range(6):
        if anc is None:
            break
        links = []
        for a in anc.iter("a"):
            if a not in link_cache:
                link = _link_of(a, base)
                if link and (link[0] == own_url or is_file(link[0]) or any(_placement(a, cache))):
                    link = None
                link_cache[a] = link
            if link_cache[a]:
                links.append((a, link_cache[a]))
        if links:
            labels_here = sum(1 for x in anc.iter() if x in label_set)
            if labels_here <= 1:
                distinct = {}
                for _a, (url, title) in links:
                    if len(title) > len(distinct.get(url, "")):
                        distinct[url] = title
                    distinct.setdefault(url, title)
                if len(distinct) <= 4:
                    url, title = max(distinct.items(), key=lambda kv: len(kv[1]))
                    return DatedItem(d, url, title)
            # a flat column of labels and links. If a link comes before the column's first label
            # the items are "link, then date" (pair with the last link before the label),
            # otherwise "date, then link" (the first link after it); never across another label.
            pos = order.get(el, -1)
            link_pos = sorted((order.get(a, -1), link) for a, link in links)
            label_pos = sorted(order.get(x, -1) for x in anc.iter() if x in label_set)
            prev_label = max((p for p in label_pos if p < pos), default=-1)
            next_label = min((p for p in label_pos if p > pos), default=10**9)
            if label_pos and link_pos and link_pos[0][0] < label_pos[0]:
                before = [link for p, link in link_pos if prev_label < p < pos]
                if before:
                    return DatedItem(d, before[-1][0], before[-1][1])
            else:
                after = [link for p, link in link_pos if pos < p < next_label]
                if after:
                    return DatedItem(d, after[0][0], after[0][1])
            return DatedItem(d, None, "")
        anc = anc.getparent()
    return DatedItem(d, None, "")
