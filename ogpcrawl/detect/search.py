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
from urllib.parse import urljoin

from ogpcrawl.detect.links import page_base
from ogpcrawl.detect.page import Evidence, Page
from ogpcrawl.detect.text import clean_space, fold

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
