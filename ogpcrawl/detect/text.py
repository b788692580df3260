"""Azerbaijani-aware text folding and the section-name tables every detector matches against.

`fold()` turns any spelling of a phrase into one ASCII-ish key: "İCTİMAİ ŞURA", "ictimai şura",
"Ictimai sura", "ictimai-shura", "ictimai_sura" and Cyrillic-Azerbaijani "Иҹтимаи шура" all fold to
"ictimai sura". The section tables (from the spec files,
ogpcrawl/specs) are written as people write them; they are folded once at import,
so the page side and the table side always go through the same function.

A trailing "*" in a table entry means "the last word may carry a suffix" (Azerbaijani is
agglutinative: "İctimai şurası", "Satınalmalar", "Xəbərlər"); entries without it match whole
words only, so "News" does not match "Newsletter".
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from ogpcrawl import specs

# --- section names (az / ru / en), strongest first --------------------------------------------
# The words are data: ogpcrawl/specs/languages/*.toml (names, false friends) and
# ogpcrawl/specs/indicators/*.toml (slugs). These tables are built from the active spec set.

_SPECS = specs.active()
SECTION_NAMES: dict[str, tuple[str, ...]] = {s: _SPECS[s].names for s in _SPECS.sections}
# False friends: a text matching one of these is never the section, whatever else it says.
SECTION_FALSE_FRIENDS: dict[str, tuple[str, ...]] = {
    s: _SPECS[s].false_friends for s in _SPECS.sections
}
# URL slug stems (compared against the squashed, folded URL): "/az/ictimai-sura.html",
# "/menu/2/procurement/", "modul.php?name=e-xidmetler", "/exidmet.html".
SECTION_SLUGS: dict[str, tuple[str, ...]] = {s: _SPECS[s].slugs for s in _SPECS.sections}

# Words of the search check and of second-level pages ([search], [structure] of the packs).
SEARCH_NO_RESULTS: tuple[str, ...] = _SPECS.search_no_results
SEARCH_QUERY_STOPWORDS: tuple[str, ...] = _SPECS.search_stopwords
STRUCTURE_NAMES: tuple[str, ...] = _SPECS.structure_names

# --- folding -----------------------------------------------------------------------------------

# Letters NFKD does not decompose into an ASCII base.
_SPECIAL = str.maketrans({"ə": "e", "ı": "i", "ł": "l", "ø": "o", "đ": "d", "ß": "ss", "æ": "ae"})

# Cyrillic (Azerbaijani 1958-1991 alphabet plus Russian letters), lower case only: fold() lowers
# first. Azerbaijani values win where the two differ (г = q); both sides are folded alike.
_CYRILLIC = str.maketrans(
    {
        "а": "a", "б": "b", "в": "v", "г": "q", "ғ": "g", "д": "d", "е": "e", "ё": "yo",
        "ә": "e", "ж": "j", "з": "z", "и": "i", "й": "y", "ј": "y", "к": "k", "ҝ": "g",
        "л": "l", "м": "m", "н": "n", "о": "o", "ө": "o", "п": "p", "р": "r", "с": "s",
        "т": "t", "у": "u", "ү": "u", "ф": "f", "х": "x", "һ": "h", "ц": "ts", "ч": "c",
        "ҹ": "c", "ш": "s", "щ": "sc", "ъ": "", "ы": "i", "ь": "", "э": "e", "ю": "yu",
        "я": "ya", "і": "i",
    }
)  # fmt: skip

# ASCII slug spellings of ş, ç, ğ, x ("shura", "cheki", "qaradagh", "khatai"); a run of h goes
# in one step so the result is stable (fold is idempotent).
_DIGRAPH = re.compile(r"([scg])h+|kh+")
_NON_WORD = re.compile(r"[\W_]+")
MAX_FOLD_INPUT = 20_000  # longer strings are cut: folding is for labels and snippets, not books


def _digraph(m: re.Match) -> str:
    return m.group(1) or "x"


def fold(s: object) -> str:
    """Matching key of a string: lower case ASCII-ish words separated by single spaces.

    Memoised for short strings (labels, titles, slugs: the same menu on every page)."""
    if not isinstance(s, str):
        s = "" if s is None else str(s)
    if len(s) <= FOLD_MEMO_MAX_CHARS:
        return _fold_cached(s)
    return _fold(s)


def _fold(s: str) -> str:
    s = s[:MAX_FOLD_INPUT]
    if s.isascii():  # the common case (URLs, slugs): no normalisation needed
        return _NON_WORD.sub(" ", _DIGRAPH.sub(_digraph, s.lower())).strip()
    # İ lowers to "i" + combining dot, I to "i": both end up "i", as the dotless ı does below
    s = unicodedata.normalize("NFKC", s).replace("İ", "i").casefold()
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c))
    s = s.translate(_SPECIAL).translate(_CYRILLIC)
    s = _DIGRAPH.sub(_digraph, s)
    return _NON_WORD.sub(" ", s).strip()


FOLD_MEMO_MAX_CHARS = 300
_fold_cached = lru_cache(maxsize=16_384)(_fold)


def squash(s: object) -> str:
    """fold() without the spaces, for URL slugs written with or without separators."""
    return fold(s).replace(" ", "")


def clean_space(s: object, limit: int = 200) -> str:
    """Whitespace-collapsed text cut to `limit` characters, for snippets and titles."""
    if not isinstance(s, str):
        s = "" if s is None else str(s)
    return " ".join(s[: limit * 20].split())[:limit]


# --- phrase matching ---------------------------------------------------------------------------


def _compile(entries: tuple[str, ...]) -> re.Pattern | None:
    parts = []
    for entry in entries:
        stem = entry.endswith("*")
        words = fold(entry.rstrip("*"))
        if not words:
            continue
        parts.append(re.escape(words) + (r"\w*" if stem else ""))
    if not parts:
        return None
    return re.compile(r"(?:^| )(?:" + "|".join(parts) + r")(?= |$)")


_SECTION_RE = {k: _compile(v) for k, v in SECTION_NAMES.items()}
_FALSE_RE = {k: _compile(v) for k, v in SECTION_FALSE_FRIENDS.items()}
_SECTION_RANK = {k: [_compile((e,)) for e in v] for k, v in SECTION_NAMES.items()}


def phrase_pattern(entries: tuple[str, ...]) -> re.Pattern | None:
    """A compiled matcher for folded text, for tables kept in other modules."""
    return _compile(entries)


def matches(pattern: re.Pattern | None, text: str, *, folded: bool = False) -> bool:
    if pattern is None:
        return False
    return pattern.search(text if folded else fold(text)) is not None


def is_false_friend(section: str, text: str, *, folded: bool = False) -> bool:
    return matches(_FALSE_RE.get(section), text, folded=folded)


def section_rank(section: str, text: str, *, folded: bool = False) -> int | None:
    """Index of the first (strongest) table entry the text matches, or None.

    None also when a false friend matches: "Apellyasiya Şurası" is never the public council.
    """
    key = text if folded else fold(text)
    if not key:
        return None
    if len(key) <= FOLD_MEMO_MAX_CHARS:  # labels: the same menu entries on every page
        return _rank_cached(section, key)
    return _rank(section, key)


def _rank(section: str, key: str) -> int | None:
    if is_false_friend(section, key, folded=True):
        return None
    if not matches(_SECTION_RE.get(section), key, folded=True):
        return None
    for i, pat in enumerate(_SECTION_RANK.get(section, ())):
        if pat is not None and pat.search(key):
            return i
    return None


_rank_cached = lru_cache(maxsize=16_384)(_rank)


def names_section(section: str, text: str, *, folded: bool = False) -> bool:
    return section_rank(section, text, folded=folded) is not None


def slug_names_section(section: str, url: str) -> bool:
    """True when the URL path/query spells the section ("/az/ictimai-sura.html").

    A stem must start at a word of the folded URL, though it may run across separators
    ("e-xidmetler" holds "exidmet"); "komite/xidmete-qebul" does not.
    """
    return slug_hit(section, fold(url))


def slug_hit(section: str, folded_url: str) -> bool:
    joined = _slug_runs(folded_url)
    if not joined:
        return False
    if any(j.startswith(_FALSE_STEMS.get(section, ())) for j in joined):
        return False
    return any(j.startswith(_SLUG_STEMS.get(section, ())) for j in joined)


@lru_cache(maxsize=4096)
def _slug_runs(folded_url: str) -> tuple[str, ...]:
    """Each word of a folded URL joined with the next two (a stem may run across separators);
    memoised: every section is tested against the same URL in turn."""
    words = folded_url.split()
    return tuple("".join(words[i : i + 3]) for i in range(len(words)))


_FALSE_STEMS = {
    k: tuple(x for x in (squash(f.rstrip("*")) for f in v) if x)
    for k, v in SECTION_FALSE_FRIENDS.items()
}
_SLUG_STEMS = {k: tuple(v) for k, v in SECTION_SLUGS.items()}
