"""The summary: the counts the 2018 narrative states, recomputed from one run's snapshots.

Each metric is a predicate over a snapshot (rules in docs/report.md, "Counting rules"), counted per
level with the list of agencies that make up the count, and set beside the 2018 report's own figure
(ogpcrawl/report/data/narrative_2018.csv) so a reproduction run can be checked claim by claim.
"""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from importlib import resources

from ogpcrawl import vocab
from ogpcrawl.report.cells import FORMED_STATUSES, NETWORK_NAMES, STALE_DAYS
from ogpcrawl.report.rows import LEVELS, by_level, display_name, order

MET = ("substantial", "complete")  # OGP levels that count as meeting a commitment


def _council(s):
    return s.get("council") or {}


def _news(s):
    return s.get("news") or {}


def _networks(s) -> set[str]:
    return {a.get("network") for a in s.get("social") or () if isinstance(a, Mapping)}


def _days(s) -> int | None:
    d = _news(s).get("days_since_last")
    return d if isinstance(d, int) else None


def _mobile(s) -> bool:
    m = s.get("mobile") or {}
    return bool(m.get("viewport") or m.get("mobile_url") or m.get("responsive"))


def _up(s) -> bool:
    return bool(s.get("reachable", True))


# key -> (levels it applies to, predicate(snapshot, info)). Order is the summary's order.
Predicate = Callable[[Mapping, Mapping], bool]
METRICS: dict[str, tuple[tuple[str, ...], Predicate]] = {
    "monitored": (LEVELS, lambda s, i: True),
    "type_city": (("local",), lambda s, i: i.get("local_type") == "city"),
    "type_district": (("local",), lambda s, i: i.get("local_type") == "district"),
    "type_city_district": (("local",), lambda s, i: i.get("local_type") == "city_district"),
    "unreachable": (LEVELS, lambda s, i: not _up(s)),
    "mobile": (LEVELS, lambda s, i: _up(s) and _mobile(s)),
    "news_frequent": (
        LEVELS,
        lambda s, i: (
            # the report's "good publishing frequency" sites post about daily (20+ a month)
            (_news(s).get("per_month") or 0) >= 20
            and (_days(s) or 0) < STALE_DAYS
            and bool(_news(s).get("last_date"))
        ),
    ),
    "news_stale": (LEVELS, lambda s, i: _days(s) is not None and _days(s) >= STALE_DAYS),
    "news_none": (LEVELS, lambda s, i: _up(s) and not _news(s).get("last_date")),
    "search_box": (LEVELS, lambda s, i: _up(s) and bool(s.get("search_box"))),
    "social": (LEVELS, lambda s, i: bool(_networks(s))),
    "social_facebook": (LEVELS, lambda s, i: "facebook" in _networks(s)),
    "council_formed": (LEVELS, lambda s, i: _council(s).get("status") in FORMED_STATUSES),
    "council_not_formed": (
        LEVELS,
        lambda s, i: _up(s) and _council(s).get("status") not in FORMED_STATUSES,
    ),
    "council_section": (LEVELS, lambda s, i: bool(_council(s).get("section"))),
    "council_active": (
        LEVELS,
        lambda s, i: bool(_council(s).get("section")) and _council(s).get("status") == "active",
    ),
    "council_members": (
        LEVELS,
        lambda s, i: bool(_council(s).get("section")) and _council(s).get("status") == "members",
    ),
    "council_announcement": (
        LEVELS,
        lambda s, i: (
            bool(_council(s).get("section"))
            and _council(s).get("status") in ("announcement", "legislation_only")
        ),
    ),
    "council_irrelevant": (
        LEVELS,
        lambda s, i: (
            bool(_council(s).get("section"))
            and _council(s).get("status") in ("empty", "off_topic", "absent")
        ),
    ),
    "council_empty": (
        LEVELS,
        lambda s, i: bool(_council(s).get("section")) and _council(s).get("status") == "empty",
    ),
    "procurement": (LEVELS, lambda s, i: bool((s.get("procurement") or {}).get("section"))),
    "e_services": (
        LEVELS,
        lambda s, i: (
            bool((s.get("e_services") or {}).get("section"))
            or bool((s.get("e_services") or {}).get("services"))
        ),
    ),
}


@dataclass(frozen=True)
class Reference:
    claim_id: str
    quantity: int | None
    value_text: str
    quote: str


@dataclass
class Metric:
    key: str
    label: str
    count: int
    names: list[str]
    reference: Reference | None = None


@dataclass
class LevelSummary:
    level: str
    n: int
    metrics: list[Metric]
    other_networks: list[tuple[str, int]]


@dataclass
class Compliance:
    commitment: str
    # level ("local", "central", "both") -> {"n", "met", "share", "dist": {rating: count}}
    levels: dict[str, dict]
    claimed: float | None = None
    names_met: dict[str, list[str]] = field(default_factory=dict)

    @property
    def difference(self) -> float | None:
        both = self.levels["both"]
        if self.claimed is None or both["share"] is None:
            return None
        return round(both["share"] - self.claimed, 1)


def narrative_references() -> dict[tuple[str, str], Reference]:
    """(level, metric) -> the 2018 narrative's figure, from the shipped copy of its claims."""
    text = resources.files("ogpcrawl.report").joinpath("data/narrative_2018.csv").read_text("utf-8")
    out = {}
    for r in csv.DictReader(text.splitlines()):
        qty = int(r["quantity"]) if r["quantity"].strip() else None
        out[(r["level"], r["metric"])] = Reference(r["claim_id"], qty, r["value_text"], r["quote"])
    return out


def level_summary(
    level: str, snapshots: list[Mapping], msg, lang: str, agencies=None, references=None
) -> LevelSummary:
    pairs = order(snapshots, agencies)
    metrics = []
    for key, (levels, predicate) in METRICS.items():
        if level not in levels:
            continue
        names = [display_name(s, i, lang) for s, i in pairs if predicate(s, i)]
        label = msg[f"m_{key}"].format(days=STALE_DAYS)
        ref = (references or {}).get((level, key))
        metrics.append(Metric(key, label, len(names), names, ref))
    networks = Counter(n for s, _ in pairs for n in _networks(s) if n and n != "facebook")
    other = [(NETWORK_NAMES.get(n, n), c) for n, c in networks.most_common()]
    return LevelSummary(level, len(pairs), metrics, other)


def _share(met: int, n: int) -> float | None:
    return round(100 * met / n, 1) if n else None


def compliance(
    snapshots: Iterable[Mapping], claims: Mapping[str, float] | None, lang: str, agencies=None
) -> list[Compliance]:
    """Per commitment, the share of agencies rated substantial or complete, per level and overall.

    The denominator is every monitored agency of the level, unreachable sites included: a site that
    does not open does not meet a commitment to publish on it.
    """
    groups = by_level(snapshots, agencies)
    groups_all = {**groups, "both": [s for level in LEVELS for s in groups[level]]}
    out = []
    for c in vocab.COMMITMENTS:
        levels, names_met = {}, {}
        for level, snaps in groups_all.items():
            dist = Counter((s.get("ratings") or {}).get(c) for s in snaps)
            met = sum(dist[r] for r in MET)
            levels[level] = {
                "n": len(snaps),
                "met": met,
                "share": _share(met, len(snaps)),
                "dist": {r: dist.get(r, 0) for r in vocab.RATINGS},
            }
            if level != "both":
                names_met[level] = [
                    display_name(s, i, lang)
                    for s, i in order(snaps, agencies)
                    if (s.get("ratings") or {}).get(c) in MET
                ]
        out.append(Compliance(c, levels, (claims or {}).get(c), names_met))
    return out


def summarise(snapshots: Iterable[Mapping], msg, lang: str, agencies=None, claims=None) -> dict:
    """Everything the summary section shows, as plain data (also written as summary.json)."""
    snapshots = list(snapshots)
    refs = narrative_references()
    groups = by_level(snapshots, agencies)
    return {
        "stale_days": STALE_DAYS,
        "levels": [
            level_summary(level, groups[level], msg, lang, agencies, refs)
            for level in LEVELS
            if groups[level]
        ],
        "compliance": compliance(snapshots, claims, lang, agencies),
    }
