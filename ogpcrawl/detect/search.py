"""Site search: does the home page carry a real search form (not merely the word "axtarış")?

Rules, first that fires wins (its id goes into the evidence):
  search.input_type    an <input type="search"> anywhere
  search.form_action   a form whose action names search (search, axtar, axtaris, poisk, find)
  search.form_marker   a form whose id / name / class / role names search
  search.hidden_field  a form with a hidden field whose value is "search" (modul.php?name=search,
                       DLE's do=search, ?view=search)
  search.input_name    a form with a text input whose name / id / class / placeholder names search
                       (q, s, query, search, axtar..., keyword)
Newsletter, subscription, log-in and poll forms never count, whatever their fields are called.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, unquote, urljoin, urlsplit

from ogpcrawl.detect.content import main_node, main_text
from ogpcrawl.detect.links import (
    anchors,
    denied,
    host_of,
    is_file,
    page_base,
    same_site,
    site_key,
    sub_site,
)
from ogpcrawl.detect.page import Evidence, FailedPage, Link, Page
from ogpcrawl.detect.text import (
    SEARCH_NO_RESULTS,
    SEARCH_QUERY_STOPWORDS,
    clean_space,
    fold,
    phrase_pattern,
)

SEARCH_WORDS = re.compile(r"search|axtar|poisk|find|найти|поиск|arama", re.IGNORECASE)
SEARCH_INPUT_NAMES = {"q", "s", "query", "search", "keyword", "keywords", "k", "text", "term"}
NOT_SEARCH = re.compile(
    r"subscri|newsletter|abune|abunə|login|signin|sign-in|auth|parol|password|vote|poll|"
    r"register|qeydiyyat|feedback|muraciet|müraciət|contact|elaqe|əlaqə|comment",
    re.IGNORECASE,
)
_TEXT_TYPES = {"", "text", "search"}


@dataclass(frozen=True)
class SearchForm:
    """How to query a site's own search: GET/POST action with the query in `param`."""

    action: str
    method: str = "GET"
    param: str = "q"
    hidden: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class SearchFinding:
    search_box: bool
    form: SearchForm | None = None
    rule: str = "search.none"
    evidence: tuple[Evidence, ...] = field(default_factory=tuple)


def _attrs(node, *names: str) -> str:
    return " ".join(node.get(n) or "" for n in names)


def _text_inputs(form) -> list:
    out = []
    for inp in form.iter("input", "textarea"):
        kind = (inp.get("type") or "").strip().lower()
        if inp.tag == "textarea" or kind in _TEXT_TYPES:
            out.append(inp)
    return out


def _is_excluded(form) -> bool:
    if form.xpath(".//input[@type='password' or @type='email']"):
        return True
    marker = _attrs(form, "action", "id", "name", "class")
    return bool(NOT_SEARCH.search(marker))


def _input_names_search(inp) -> bool:
    name = (inp.get("name") or "").strip().lower()
    if name in SEARCH_INPUT_NAMES:
        return True
    marker = _attrs(inp, "name", "id", "class", "placeholder", "aria-label", "title")
    return bool(SEARCH_WORDS.search(marker) or SEARCH_WORDS.search(fold(marker)))


def _form_rule(form) -> str | None:
    inputs = _text_inputs(form)
    if not inputs:
        return None
    if SEARCH_WORDS.search(form.get("action") or ""):
        return "search.form_action"
    if SEARCH_WORDS.search(_attrs(form, "id", "name", "class", "role")):
        return "search.form_marker"
    hidden = form.xpath(".//input[@type='hidden']/@value")
    if any(str(v).strip().lower() == "search" for v in hidden):
        return "search.hidden_field"
    if any(_input_names_search(i) for i in inputs):
        return "search.input_name"
    return None


def _to_form(form, base: str) -> SearchForm:
    inputs = _text_inputs(form)
    chosen = next((i for i in inputs if _input_names_search(i)), inputs[0] if inputs else None)
    action = (form.get("action") or "").strip()
    if action.upper() in ("POST", "GET"):  # action="POST" seen on a real subscription form
        action = ""
    hidden = tuple(
        (clean_space(h.get("name"), 80), clean_space(h.get("value"), 200))
        for h in form.xpath(".//input[@type='hidden'][@name]")[:10]
    )
    method = (form.get("method") or "GET").strip().upper()
    return SearchForm(
        action=urljoin(base, action) if action else base,
        method="POST" if method == "POST" else "GET",
        param=clean_space((chosen.get("name") if chosen is not None else "") or "q", 80),
        hidden=hidden,
    )


def _snippet(node) -> str:
    try:
        from lxml import etree

        return clean_space(etree.tostring(node, encoding="unicode", with_tail=False), 200)
    except Exception:
        return ""


def detect_search(page: Page | None) -> SearchFinding:
    """The search finding of one page (the home page in a snapshot)."""
    if page is None:
        return SearchFinding(False, evidence=(Evidence("search_box", None, "search.no_page"),))
    url = page.url
    try:
        root = page.sel.root
        base = page_base(page)
        for form in root.iter("form"):
            if _is_excluded(form):
                continue
            if form.xpath(".//input[translate(@type,'SEARCH','search')='search']"):
                ev = Evidence("search_box", url, "search.input_type", _snippet(form))
                return SearchFinding(True, _to_form(form, base), ev.rule, (ev,))
            rule = _form_rule(form)
            if rule:
                ev = Evidence("search_box", url, rule, _snippet(form))
                return SearchFinding(True, _to_form(form, base), rule, (ev,))
        # a search input outside any form (JS-driven boxes)
        for inp in root.xpath("//input[translate(@type,'SEARCH','search')='search']")[:1]:
            ev = Evidence("search_box", url, "search.input_type", _snippet(inp))
            return SearchFinding(True, None, ev.rule, (ev,))
    except Exception:  # hostile markup: no search box is the safe answer
        pass
    return SearchFinding(False, evidence=(Evidence("search_box", url, "search.none"),))


# ---- search_works: did a query sent through the form return a results page with a result? ----
#
# Rules (the first that decides wins; its id goes into the evidence, finding "search_works"):
#   search.no_form        no search form to submit (no box, or a JS box outside any form): null
#   search.no_query       no news title to take a query word from: null
#   search.not_tried      the form was not submitted (page budget spent): null
#   search.robots         robots.txt forbids the form's action: null (never sent)
#   search.failed         the request failed without an HTTP answer (timeout, reset ...): null
#   search.http_error     the action answered 4xx / 5xx: false
#   search.unchanged_home the answer is the home page again (content unchanged): false
#   search.no_results     the page says nothing was found ([search] no_results, outside links): false
#   search.results        >= 1 result: an own-site link in the page's content whose label or block
#                         names the query word, not a link back to the search itself, and not on
#                         the answer to a nonsense control query (chrome, "latest news" blocks): true
#   search.no_hits        none of the above: false

CONTROL_QUERY = "qxzjvwkq"  # a nonsense word no site holds: what a search shows for no match
MIN_QUERY_CHARS = 4
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*", re.UNICODE)
_NO_RESULTS = phrase_pattern(SEARCH_NO_RESULTS)
_STOP = {fold(w) for w in SEARCH_QUERY_STOPWORDS}


@dataclass(frozen=True)
class SearchWorksFinding:
    works: bool | None = None
    rule: str = "search.no_form"
    url: str | None = None
    evidence: tuple[Evidence, ...] = field(default_factory=tuple)


def query_word(title: str | None, *, encoding: str | None = None) -> str | None:
    """The query the check sends: the longest word of the latest news title (not a stopword).

    encoding: the page's character set. A browser sends a form in its page's charset, and
    "ə" has no place in windows-1251 or -1254: on a page that is not UTF-8 the longest word the
    charset can write is preferred (ASCII words always can), so the site reads what was sent."""
    best, writable = "", ""
    for word in _WORD.findall(clean_space(title or "", 300)):
        if len(word) < MIN_QUERY_CHARS or fold(word) in _STOP:
            continue
        if len(word) > len(best):
            best = word
        if len(word) > len(writable) and _writable(word, encoding):
            writable = word
    return (writable or best) or None


def _writable(word: str, encoding: str | None) -> bool:
    if not encoding or encoding.lower().replace("_", "-") in ("utf-8", "utf8"):
        return True
    try:
        word.encode(encoding)
    except (LookupError, UnicodeEncodeError):
        return word.isascii()
    return True


def _names_query(text: str, query_folded: str) -> bool:
    return (
        bool(query_folded)
        and re.search(r"(?:^| )" + re.escape(query_folded), fold(text)) is not None
    )


def _is_the_search(url: str, form: SearchForm) -> bool:
    """A link back to the search itself (pagination, "search again", sort order): same path as
    the action and carrying the query parameter, or the action's own query and hidden pairs."""
    try:
        link, action = urlsplit(url), urlsplit(form.action)
        if site_key(host_of(url)) != site_key(host_of(form.action)):
            return False
        if link.path.rstrip("/") != action.path.rstrip("/"):
            return False
        pairs = set(parse_qsl(link.query, keep_blank_values=True))
    except ValueError:
        return True
    if form.param in {k for k, _ in pairs}:
        return True
    fixed = set(parse_qsl(action.query, keep_blank_values=True)) | set(form.hidden)
    return bool(fixed) and fixed <= pairs


def result_hits(
    page: Page, query: str, *, form: SearchForm | None = None, site: str | None = None
) -> list[Link]:
    """Links of a results page that are results for `query` (see the rules above). Own-site:
    the results page's site, or `site` (the home page) and its sub-domains (a search served from
    axtaris.<site> links back to the site)."""
    qf = fold(query)
    node = main_node(page)
    out: dict[str, Link] = {}
    for a in anchors(page, root=node):
        if len(out) >= 50:
            break
        own = same_site(a.url, page.base_url) or bool(site and sub_site(a.url, site))
        if not own or denied(a.url) or is_file(a.url):
            continue
        if form is not None and _is_the_search(a.url, form):
            continue  # pagination or "search again": the search itself, not a result
        try:
            query_in_url = qf and qf in fold(unquote(urlsplit(a.url).query))
        except ValueError:
            query_in_url = True
        if query_in_url:
            continue
        context = a.label
        parent = a.node.getparent()
        if not _names_query(context, qf) and parent is not None:
            context = clean_space(" ".join(parent.itertext()), 500)
        if _names_query(context, qf):
            out.setdefault(a.url.split("#", 1)[0], Link(a.url, a.label, "search.results"))
    return list(out.values())


def _text_outside_links(page: Page) -> str:
    node = main_node(page)
    parts = []
    for el in node.iter():
        if not isinstance(el.tag, str) or any(p.tag == "a" for p in el.iterancestors()):
            continue
        if el.tag != "a" and el.text:
            parts.append(el.text)
        if el.tail and el is not node:
            parts.append(el.tail)
    return clean_space(" ".join(parts), 20_000)


def judge_search(
    results: Page | None,
    *,
    query: str | None,
    form: SearchForm | None,
    control: Page | None = None,
    home: Page | None = None,
    failed: FailedPage | None = None,
) -> SearchWorksFinding:
    """search_works from the answer to the query (and to the control query), pure."""

    def out(
        works: bool | None, rule: str, url: str | None, snippet: str = ""
    ) -> SearchWorksFinding:
        ev = Evidence("search_works", url, rule, clean_space(snippet, 200))
        return SearchWorksFinding(works, rule, url, (ev,))

    if form is None:
        return out(None, "search.no_form", home.url if home else None)
    sent = f"{form.method} {form.action} {form.param}={query or ''}"
    if not query:
        return out(None, "search.no_query", form.action, "no dated news title to take a word from")
    if failed is not None:
        if failed.error == "robots":
            return out(None, "search.robots", failed.url, sent)
        if failed.error in ("http_4xx", "http_5xx"):
            return out(False, "search.http_error", failed.url, f"{failed.error}: {sent}")
        return out(None, "search.failed", failed.url, f"{failed.error}: {sent}")
    if results is None:
        return out(None, "search.not_tried", form.action, sent)
    url = results.final_url or results.url
    if results.status >= 400:
        return out(False, "search.http_error", url, f"HTTP {results.status}: {sent}")
    if home is not None and fold(main_text(results)) == fold(main_text(home)):
        return out(False, "search.unchanged_home", url, sent)
    outside = fold(_text_outside_links(results))
    m = _NO_RESULTS.search(outside) if _NO_RESULTS is not None else None
    if m:
        return out(False, "search.no_results", url, f"{sent} → “{m.group(0).strip()}”")
    hits = result_hits(results, query, form=form, site=home.base_url if home else None)
    if hits and control is not None:
        shown_anyway = {a.url.split("#", 1)[0] for a in anchors(control)}
        hits = [h for h in hits if h.url.split("#", 1)[0] not in shown_anyway]
    if hits:
        return out(
            True,
            "search.results",
            url,
            f"{len(hits)} result(s) for {query!r}; first: {hits[0].text} <{hits[0].url}>",
        )
    return out(False, "search.no_hits", url, sent)
