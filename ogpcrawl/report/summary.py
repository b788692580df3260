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
from ogpcrawl.detect import verdicts as v
from ogpcrawl.detect.verdicts import STALE_DAYS
from ogpcrawl.report.cells import NETWORK_NAMES
from ogpcrawl.report.rows import LEVELS, by_level, display_name, order

MET = ("substantial", "complete")  # OGP levels that count as meeting a commitment


def _council(s):
    return v.part(s, "council")


def _networks(s) -> set[str]:
    return v.networks(s)


def _status_in(s, statuses) -> bool:
    return v.council_section(s) and _council(s).get("status") in statuses


# key -> (levels it applies to, predicate(snapshot, info)). Order is the summary's order.
# Every verdict is the judgement layer's (detect/verdicts.py); only the grouping is summary's own.
Predicate = Callable[[Mapping, Mapping], bool]
METRICS: dict[str, tuple[tuple[str, ...], Predicate]] = {
    "monitored": (LEVELS, lambda s, i: True),
    "type_city": (("local",), lambda s, i: i.get("local_type") == "city"),
    "type_district": (("local",), lambda s, i: i.get("local_type") == "district"),
    "type_city_district": (("local",), lambda s, i: i.get("local_type") == "city_district"),
    "unreachable": (LEVELS, lambda s, i: not v.reachable(s)),
    "mobile": (LEVELS, lambda s, i: v.reachable(s) and v.mobile_version(s)),
    "news_frequent": (LEVELS, lambda s, i: v.news_frequent(s)),
    "news_stale": (LEVELS, lambda s, i: v.news_stale(s)),
    "news_none": (LEVELS, lambda s, i: v.reachable(s) and not v.news_found(s)),
    "search_box": (LEVELS, lambda s, i: v.reachable(s) and bool(s.get("search_box"))),
    "social": (LEVELS, lambda s, i: bool(_networks(s))),
    "social_facebook": (LEVELS, lambda s, i: "facebook" in _networks(s)),
    # the report's 2.4 table: active (several posts a week) and medium (several a month)
    "social_active": (LEVELS, lambda s, i: v.social_group(s) == "active"),
    "social_medium": (LEVELS, lambda s, i: v.social_group(s) == "medium"),
    "social_quiet": (LEVELS, lambda s, i: v.social_activity(s) in ("weak", "stopped")),
    "council_formed": (LEVELS, lambda s, i: v.council_formed(s)),
    "council_not_formed": (LEVELS, lambda s, i: v.reachable(s) and not v.council_formed(s)),
    "council_section": (LEVELS, lambda s, i: v.council_section(s)),
    "council_active": (LEVELS, lambda s, i: _status_in(s, ("active",))),
    "council_members": (LEVELS, lambda s, i: _status_in(s, ("members",))),
    "council_announcement": (
        LEVELS,
        lambda s, i: _status_in(s, ("announcement", "legislation_only")),
    ),
    "council_irrelevant": (LEVELS, lambda s, i: _status_in(s, ("empty", "off_topic", "absent"))),
    "council_empty": (LEVELS, lambda s, i: _status_in(s, ("empty",))),
    "procurement": (LEVELS, lambda s, i: v.procurement_section(s)),
    "e_services": (LEVELS, lambda s, i: v.eservices_present(s)),
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
