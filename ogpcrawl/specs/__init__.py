"""Indicator specs and language packs: what the detectors look for, as data files.

    ogpcrawl/specs/index.toml              the languages and indicators, in order
    ogpcrawl/specs/indicators/<id>.toml    one indicator: slugs, portal hosts, thresholds, crawl
    ogpcrawl/specs/languages/<code>.toml   one language: each indicator's words in it

`load(directory)` reads and validates a directory; a mistake raises SpecError naming the file and
line ("languages/az.toml:14: council.names[2]: must be a non-empty string"). `active()` is the set
the crawler uses: the package's own files, or the directory in the OGP_SPECS_DIR environment
variable. Detector modules build their tables from it at import, so a bad spec stops any crawl
(and any command) before the first request. docs/extending.md shows how to add an indicator or a
language.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import MappingProxyType

DEFAULT_DIR = Path(__file__).resolve().parent
ENV_DIR = "OGP_SPECS_DIR"

# Keys an indicator's table in a language pack may hold; "words" holds named word lists for the
# indicator's own detector (council.words.event ...).
PACK_LISTS = ("names", "false_friends", "subpage_words", "not_a_service")
PACK_STRINGS = ("search_query",)
CRAWL_INTS = ("take", "subpages")
_ID = re.compile(r"^[a-z][a-z0-9_]{0,30}$")
_LANG = re.compile(r"^[a-z]{2,3}$")
_TOML_POS = re.compile(r"\(at line (\d+), column \d+\)")


class SpecError(ValueError):
    """A spec file is missing, unreadable or says something the crawler cannot use."""


@dataclass(frozen=True)
class Indicator:
    id: str
    section: bool
    commitments: tuple[str, ...]
    slugs: tuple[str, ...]
    portal_hosts: tuple[str, ...]
    thresholds: Mapping[str, float]
    take: int = 0
    subpages: int = 0
    local_ih_hint: tuple[str, str] | None = None
    # merged from the language packs, in the index's language order
    names: tuple[str, ...] = ()
    false_friends: tuple[str, ...] = ()
    subpage_words: tuple[str, ...] = ()
    not_a_service: tuple[str, ...] = ()
    search_query: str | None = None
    words: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    source: str = ""  # the spec file, for messages
    thresholds_line: int = 1

    def threshold(self, name: str) -> float:
        try:
            return self.thresholds[name]
        except KeyError:
            # a verdict needs a number the spec does not give: stop at start-up, naming where
            where = f"{self.source}:{self.thresholds_line}" if self.source else self.id
            raise SpecError(f"{where}: thresholds.{name}: missing (a verdict needs it)") from None

    def word_list(self, name: str) -> tuple[str, ...]:
        return self.words.get(name, ())


@dataclass(frozen=True)
class SpecSet:
    directory: Path
    languages: tuple[str, ...]
    indicators: Mapping[str, Indicator]
    next_words: tuple[str, ...] = ()
    boilerplate: tuple[str, ...] = ()
    months: tuple[tuple[str, ...], ...] = ()
    # [search]: what a results page says when nothing was found; title words too common to query
    search_no_results: tuple[str, ...] = ()
    search_stopwords: tuple[str, ...] = ()
    # [structure]: second-level pages (structure, about, leadership, apparatus) that may link a
    # section the menu hides
    structure_names: tuple[str, ...] = ()

    @property
    def sections(self) -> tuple[str, ...]:
        """Indicators the spider looks for in menus, in index order."""
        return tuple(i.id for i in self.indicators.values() if i.section)

    def __getitem__(self, indicator: str) -> Indicator:
        return self.indicators[indicator]


# --- reading -----------------------------------------------------------------------------------


def _line_of(text: str, path: tuple[str, ...]) -> int:
    """Best line for a dotted key path: the key's own line, else its table's header, else 1."""
    header: tuple[str, ...] = ()
    table_line = None
    for n, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if line.startswith("["):
            header = tuple(p.strip().strip('"') for p in line.strip("[]").split("."))
            if header == path[: len(header)] and header and table_line is None:
                table_line = n if header == path else table_line
            continue
        m = re.match(r'^"?([A-Za-z0-9_\-]+)"?\s*=', line)
        if m and header + (m.group(1),) == path[: len(header) + 1]:
            return n
    return table_line or 1


class _File:
    """One spec file: its parsed content and a way to raise errors that name file:line."""

    def __init__(self, path: Path, base: Path):
        self.path = path
        try:
            self.name = str(path.relative_to(base))
        except ValueError:
            self.name = str(path)
        try:
            self.text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise SpecError(f"{path}: spec file missing") from None
        except (OSError, UnicodeDecodeError) as exc:
            raise SpecError(f"{path}: unreadable ({exc})") from None
        try:
            self.data = tomllib.loads(self.text)
        except tomllib.TOMLDecodeError as exc:
            m = _TOML_POS.search(str(exc))
            where = f"{path}:{m.group(1)}" if m else str(path)
            reason = _TOML_POS.sub("", str(exc)).strip()
            raise SpecError(f"{where}: not valid TOML ({reason})") from None

    def error(self, key_path: tuple[str, ...], message: str) -> SpecError:
        dotted = ".".join(key_path)
        return SpecError(f"{self.path}:{_line_of(self.text, key_path)}: {dotted}: {message}")

    def words(self, value, key_path: tuple[str, ...]) -> tuple[str, ...]:
        if not isinstance(value, list):
            raise self.error(key_path, "must be a list of strings")
        for i, w in enumerate(value):
            if not isinstance(w, str) or not w.strip() or not w.strip("*").strip():
                raise self.error(key_path, f"item {i + 1} must be a non-empty string")
            if "*" in w[:-1]:
                raise self.error(key_path, f"item {i + 1} {w!r}: '*' may only end a word")
        return tuple(value)

    def unknown(self, table: Mapping, allowed, key_path: tuple[str, ...] = ()) -> None:
        for key in table:
            if key not in allowed:
                raise self.error(key_path + (key,), f"unknown key (allowed: {', '.join(allowed)})")


def _indicator(f: _File, expected_id: str) -> Indicator:
    d = f.data
    f.unknown(d, ("id", "section", "commitments", "slugs", "portal_hosts", "thresholds", "crawl"))
    if d.get("id") != expected_id:
        raise f.error(("id",), f"must be {expected_id!r} (the file's name)")
    if not isinstance(d.get("section", False), bool):
        raise f.error(("section",), "must be true or false")
    commitments = d.get("commitments", [])
    if not isinstance(commitments, list) or not all(
        isinstance(c, str) and re.fullmatch(r"\d+(\.\d+)*", c) for c in commitments
    ):
        raise f.error(("commitments",), 'must be a list like ["4.2.1", "4.2.2"]')
    slugs = f.words(d.get("slugs", []), ("slugs",))
    for s in slugs:
        if not re.fullmatch(r"[a-z0-9]+", s):
            raise f.error(("slugs",), f"{s!r}: a slug stem is lower-case ASCII letters and digits")
    hosts = f.words(d.get("portal_hosts", []), ("portal_hosts",))
    for h in hosts:
        if not re.fullmatch(r"[a-z0-9-]+(\.[a-z0-9-]+)+", h):
            raise f.error(("portal_hosts",), f"{h!r} is not a host name")
    thresholds = d.get("thresholds", {})
    if not isinstance(thresholds, dict):
        raise f.error(("thresholds",), "must be a table")
    for k, v in thresholds.items():
        if isinstance(v, bool) or not isinstance(v, int | float) or v < 0:
            raise f.error(("thresholds", k), "must be a number >= 0")
    crawl = d.get("crawl", {})
    if not isinstance(crawl, dict):
        raise f.error(("crawl",), "must be a table")
    f.unknown(crawl, CRAWL_INTS + ("local_ih_hint",), ("crawl",))
    for k in CRAWL_INTS:
        v = crawl.get(k, 0)
        if isinstance(v, bool) or not isinstance(v, int) or not 0 <= v <= 100:
            raise f.error(("crawl", k), "must be a whole number from 0 to 100")
    hint = crawl.get("local_ih_hint")
    if hint is not None:
        if not (
            isinstance(hint, list)
            and len(hint) == 2
            and all(isinstance(p, str) and p.startswith("/") for p in hint)
        ):
            raise f.error(("crawl", "local_ih_hint"), "must be two paths starting with '/'")
        hint = (hint[0], hint[1])
    if d.get("section") and not (crawl.get("take", 0) >= 1):
        raise f.error(("crawl", "take"), "a section indicator must take >= 1 link")
    return Indicator(
        id=expected_id,
        section=bool(d.get("section", False)),
        commitments=tuple(commitments),
        slugs=slugs,
        portal_hosts=hosts,
        thresholds=MappingProxyType(dict(thresholds)),
        take=crawl.get("take", 0),
        subpages=crawl.get("subpages", 0),
        local_ih_hint=hint,
        source=str(f.path),
        thresholds_line=_line_of(f.text, ("thresholds",)),
    )


# Language-pack tables that belong to no indicator: table -> {key: SpecSet field}.
EXTRA_TABLES = {
    "search": {"no_results": "search_no_results", "query_stopwords": "search_stopwords"},
    "structure": {"names": "structure_names"},
    "page": {"boilerplate": "boilerplate"},
}


def _merge_pack(f: _File, code: str, indicators: dict[str, dict], extra: dict) -> None:
    d = f.data
    if d.get("language") != code:
        raise f.error(("language",), f"must be {code!r} (the file's name)")
    for key, table in d.items():
        if key == "language":
            continue
        if key == "pagination":
            f.unknown(table, ("next",), (key,))
            extra["next"] += f.words(table.get("next", []), (key, "next"))
            continue
        if key in EXTRA_TABLES:
            f.unknown(table, tuple(EXTRA_TABLES[key]), (key,))
            for name, slot in EXTRA_TABLES[key].items():
                extra[slot] += f.words(table.get(name, []), (key, name))
            continue
        if key == "dates":
            f.unknown(table, ("months",), (key,))
            months = table.get("months", [])
            if not isinstance(months, list) or len(months) != 12:
                raise f.error((key, "months"), "must list 12 months, January first")
            for i, forms in enumerate(months):
                extra["months"][i] += f.words(forms, (key, "months"))
            continue
        if key not in indicators:
            known = ", ".join(indicators)
            raise f.error((key,), f"no such indicator (index.toml lists: {known})")
        if not isinstance(table, dict):
            raise f.error((key,), "must be a table")
        f.unknown(table, PACK_LISTS + PACK_STRINGS + ("words",), (key,))
        merged = indicators[key]
        for name in PACK_LISTS:
            if name in table:
                merged[name] += f.words(table[name], (key, name))
        if "search_query" in table:
            q = table["search_query"]
            if not isinstance(q, str) or not q.strip():
                raise f.error((key, "search_query"), "must be a non-empty string")
            merged.setdefault("search_query", q)  # the first language's query wins
        words = table.get("words", {})
        if not isinstance(words, dict):
            raise f.error((key, "words"), "must be a table of word lists")
        for wname, wlist in words.items():
            merged["words"].setdefault(wname, ())
            merged["words"][wname] += f.words(wlist, (key, "words", wname))


def load(directory: str | os.PathLike | None = None) -> SpecSet:
    """Read and validate a spec directory (default: the package's own)."""
    base = Path(directory) if directory else DEFAULT_DIR
    index = _File(base / "index.toml", base)
    index.unknown(index.data, ("languages", "indicators"))
    languages = index.data.get("languages")
    ids = index.data.get("indicators")
    if not isinstance(languages, list) or not languages:
        raise index.error(("languages",), "must list at least one language")
    if not isinstance(ids, list) or not ids:
        raise index.error(("indicators",), "must list at least one indicator")
    for code in languages:
        if not isinstance(code, str) or not _LANG.match(code):
            raise index.error(("languages",), f"{code!r} is not a language code (az, ru, en)")
    for ident in ids:
        if not isinstance(ident, str) or not _ID.match(ident):
            raise index.error(("indicators",), f"{ident!r}: an id is lower-case a-z, 0-9, _")
    if len(set(ids)) != len(ids) or len(set(languages)) != len(languages):
        raise index.error(("indicators",), "an indicator or language is listed twice")
    found = {i: _indicator(_File(base / "indicators" / f"{i}.toml", base), i) for i in ids}
    merged = {ident: {n: () for n in PACK_LISTS} | {"words": {}} for ident in ids}
    extra: dict = {
        "next": (),
        "months": [() for _ in range(12)],
        **{slot: () for t in EXTRA_TABLES.values() for slot in t.values()},
    }
    for code in languages:
        _merge_pack(_File(base / "languages" / f"{code}.toml", base), code, merged, extra)
    indicators = {}
    for ident, ind in found.items():
        m = merged[ident]
        if ind.section and not m["names"]:
            raise SpecError(
                f"{base / 'indicators' / (ident + '.toml')}:1: {ident} is a section but no "
                f"language pack gives it names"
            )
        indicators[ident] = replace(
            ind,
            **{k: m[k] for k in PACK_LISTS},
            search_query=m.get("search_query"),
            words=MappingProxyType(dict(m["words"])),
        )
    return SpecSet(
        directory=base,
        languages=tuple(languages),
        indicators=MappingProxyType(indicators),
        next_words=extra["next"],
        **{slot: extra[slot] for t in EXTRA_TABLES.values() for slot in t.values()},
        months=tuple(tuple(m) for m in extra["months"]),
    )


_ACTIVE: SpecSet | None = None


def active() -> SpecSet:
    """The spec set the crawler uses (loaded once): $OGP_SPECS_DIR or the package's files."""
    global _ACTIVE
    if _ACTIVE is None:
        _ACTIVE = load(os.environ.get(ENV_DIR) or None)
    return _ACTIVE
