"""Dates as these sites write them, found fast.

A regex path handles every form seen on the monitored sites; `parse_date` falls back to
dateparser only for one short string (relative dates such as "2 gün əvvəl"), never while
scanning a page, because dateparser costs milliseconds per call and pages have thousands of
text nodes.

Forms: 13.07.2018, 13.07.2018 16:52, 13/07/2018, 13-07-2018, 2018-07-13, 13 iyul 2018,
13 İyul 2018-ci il, 24 sentyabr 2022 | 12:59, 19 Mart 2018, 19 Mar 2018, 19Mar (no year),
13 июля 2018, July 13, 2018, 18.03.2018 - cı il, 2018-ci il 17 mart.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from datetime import date, datetime, timedelta

from ogpcrawl import specs

MIN_YEAR = 1991  # the republic's sites start after independence; older years are typos or laws

# month word (lower case) -> month number: the [dates] months of each language pack
# (ogpcrawl/specs/languages/*.toml). Full forms and common abbreviations only, so that
# "10 sentences" or "3 dekan" are not dates.
MONTHS: dict[str, int] = {
    form.lower(): n for n, forms in enumerate(specs.active().months, start=1) for form in forms
}

_MONTH_ALT = "|".join(sorted(map(re.escape, MONTHS), key=len, reverse=True))
_LETTER = r"a-zа-яёəöüğışç"
_MON = rf"(?P<mon>{_MONTH_ALT})\.?(?![{_LETTER}])"

# Each pattern names its groups d, m or mon, y; y may be missing (year inferred from as_of).
_PATTERNS = [
    re.compile(r"(?<!\d)(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})(?!\d)"),
    re.compile(r"(?<![\d.])(?P<d>\d{1,2})(?P<sep>[./-])(?P<m>\d{1,2})(?P=sep)(?P<y>\d{4})(?!\d)"),
    re.compile(
        rf"(?<!\d)(?P<y>\d{{4}})\s*-?\s*(?:ci|cı|cu|cü)\s+il(?:in)?\s+(?P<d>\d{{1,2}})\s*{_MON}"
    ),
    re.compile(
        rf"(?<![\d.:])(?P<d>\d{{1,2}})(?:-?(?:ci|cı|cu|cü|nci|ncı|ncu|ncü))?\s*{_MON}"
        rf"(?:[\s,.]*(?P<y>\d{{4}})(?!\d))?"
    ),
    re.compile(
        rf"(?<![{_LETTER}]){_MON}\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y>\d{{4}})(?!\d)"
    ),
]

MAX_SCAN = 200_000  # characters of one text scanned for dates


def _norm(text: str) -> str:
    # Lower case keeping digits and punctuation; "İ".lower() would add a combining dot.
    return unicodedata.normalize("NFC", text.replace("İ", "i").replace("I", "i")).lower()


def _build(y: int, m: int, d: int, as_of: date | None) -> date | None:
    try:
        result = date(y, m, d)
    except ValueError:
        return None
    if result.year < MIN_YEAR or (as_of is not None and result > as_of):
        return None
    return result


def _from_match(mt: re.Match, as_of: date | None) -> date | None:
    g = mt.groupdict()
    day = int(g["d"])
    month = MONTHS[g["mon"]] if g.get("mon") else int(g["m"])
    if g.get("y"):
        found = _build(int(g["y"]), month, day, as_of)
        if found is None and g.get("sep") == "/" and day <= 12:
            found = _build(int(g["y"]), day, month, as_of)  # a US-style 07/13/2018
        return found
    # "19 Mar" with no year: the latest such day not after as_of; unknowable without as_of
    if as_of is None:
        return None
    found = _build(as_of.year, month, day, as_of)
    return found if found is not None else _build(as_of.year - 1, month, day, as_of)


def iter_dates(text: str, *, as_of: date | None = None) -> Iterator[tuple[int, int, date]]:
    """(start, end, date) of every valid date in text, in text order, overlaps removed."""
    if not text or not isinstance(text, str):
        return
    low = _norm(text[:MAX_SCAN])
    spans: list[tuple[int, int, date]] = []
    taken: list[tuple[int, int]] = []
    for pattern in _PATTERNS:
        for mt in pattern.finditer(low):
            start, end = mt.span()
            if any(start < e and s < end for s, e in taken):
                continue
            found = _from_match(mt, as_of)
            if found is None:
                continue
            taken.append((start, end))
            spans.append((start, end, found))
    spans.sort()
    yield from spans


def find_dates(text: str, *, as_of: date | None = None) -> list[date]:
    """Every valid date in text, in text order (dates after as_of are dropped)."""
    return [d for _, _, d in iter_dates(text, as_of=as_of)]


_SUFFIX = re.compile(r"-?\s*(?:ci|cı|cu|cü)\s+il\w*", re.IGNORECASE)
_dateparser = None


def _fallback(s: str, as_of: date | None) -> date | None:
    global _dateparser
    # only words the regexes do not know ("2 gün əvvəl", "вчера"); a numeric date the regexes
    # rejected is impossible, and dateparser would guess one ("00.01.2018" -> 1 August)
    if len(s) > 60 or not re.search(r"[^\W\d_]", s) or re.search(r"\d\s*[./-]\s*\d", s):
        return None
    if as_of is None:
        return None  # relative words need a reference day, and the clock is not one
    relative = _relative(s, as_of)
    if relative is not None:
        return relative
    try:
        if _dateparser is None:
            import dateparser as _dp

            _dateparser = _dp
        settings = {
            "DATE_ORDER": "DMY",
            "PREFER_DATES_FROM": "past",
            # noon, so "3 hours ago" stays on as_of
            "RELATIVE_BASE": datetime(as_of.year, as_of.month, as_of.day, 12),
        }
        parsed = _dateparser.parse(
            _SUFFIX.sub("", s), languages=["az", "ru", "en", "tr"], settings=settings
        )
    except Exception:  # dateparser raises on odd input; a date we cannot read is no date
        return None
    if parsed is None:
        return None
    return _build(parsed.year, parsed.month, parsed.day, as_of)


_REL_AGO = re.compile(r"^(\d{1,3})\s*(gün|saat|dəqiqə|deqiqe|həftə|hefte|ay)\s*(əvvəl|evvel)$")
_REL_DAYS = {"bu gün": 0, "bugün": 0, "bu gun": 0, "dünən": 1, "dunen": 1}


def _relative(s: str, as_of: date) -> date | None:
    """Azerbaijani relative dates dateparser lacks: "2 gün əvvəl", "dünən", "bu gün"."""
    low = _norm(" ".join(s.split()))
    if low in _REL_DAYS:
        return as_of - timedelta(days=_REL_DAYS[low])
    m = _REL_AGO.match(low)
    if not m:
        return None
    n, unit = int(m.group(1)), m.group(2)
    days = {"gün": n, "həftə": 7 * n, "hefte": 7 * n, "ay": 30 * n}.get(unit, 0)
    return as_of - timedelta(days=days)


def parse_date(s: str, *, as_of: date | None = None) -> date | None:
    """The first date in a short string, or None (impossible dates and dates after as_of too)."""
    if not s or not isinstance(s, str):
        return None
    for _, _, found in iter_dates(s[:500], as_of=as_of):
        return found
    return _fallback(s.strip(), as_of)


def iso(d: date | None) -> str | None:
    return d.isoformat() if d is not None else None
