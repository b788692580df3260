"""Progress between two runs: per agency and commitment, the OGP level then and now.

Levels come from snapshot["ratings"] (not_started < limited < substantial < complete). An agency
present in only one run is "new" or "gone", never counted as a change of level. The report
compares like with like: `match_baseline` narrows a run and its baseline to the agencies both
checked (and refuses a baseline that cannot be compared at all).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from ogpcrawl import vocab
from ogpcrawl.report.rows import display_name, order

RANK = {r: i for i, r in enumerate(vocab.RATINGS)}


@dataclass(frozen=True)
class Change:
    before: str | None
    after: str | None

    @property
    def kind(self) -> str:
        if self.before is None and self.after is None:
            return "unchanged"
        if self.before is None:
            return "new"
        if self.after is None:
            return "gone"
        b, a = RANK.get(self.before, -1), RANK.get(self.after, -1)
        return "improved" if a > b else "worsened" if a < b else "unchanged"


@dataclass(frozen=True)
class AgencyProgress:
    agency_id: str
    name: str
    level: str
    changes: dict[str, Change]

    @property
    def changed(self) -> bool:
        return any(c.kind != "unchanged" for c in self.changes.values())


def _rating(snapshot: Mapping | None, commitment: str) -> str | None:
    if snapshot is None:
        return None
    r = (snapshot.get("ratings") or {}).get(commitment)
    return r if r in RANK else None


def progress(
    baseline: Iterable[Mapping], current: Iterable[Mapping], lang: str, agencies=None
) -> dict:
    """Per-agency changes (annex order) and per-commitment counts of each kind of change."""
    before = {s.get("agency_id"): s for s in baseline}
    now = {s.get("agency_id"): s for s in current}
    # agencies of both runs, ordered as the current annexes, baseline-only ones after
    union = list(now.values()) + [s for a, s in before.items() if a not in now]
    rows = []
    for snapshot, info in order(union, agencies):
        aid = snapshot.get("agency_id")
        changes = {
            c: Change(_rating(before.get(aid), c), _rating(now.get(aid), c))
            for c in vocab.COMMITMENTS
        }
        rows.append(
            AgencyProgress(
                str(aid), display_name(snapshot, info, lang), str(snapshot.get("level")), changes
            )
        )
    counts = {c: Counter(r.changes[c].kind for r in rows) for c in vocab.COMMITMENTS}
    return {"rows": rows, "counts": counts}


class BaselineMismatch(ValueError):
    """A baseline that cannot be compared with the run at all (refused, never rendered)."""


@dataclass(frozen=True)
class BaselineMatch:
    """What a run and its baseline have in common: progress is measured on `common` only."""

    common: frozenset[str]
    only_now: tuple[Mapping, ...]  # snapshots of agencies the baseline did not check
    only_before: tuple[Mapping, ...]  # snapshots of agencies this run did not check
    same_date: bool

    @property
    def partial(self) -> bool:
        return bool(self.only_now or self.only_before)


def match_baseline(
    run_as_of: str, current: Iterable[Mapping], baseline_as_of: str, baseline: Iterable[Mapping]
) -> BaselineMatch:
    """Compare like with like. A baseline observed after the run, or sharing no agency with it,
    is refused (BaselineMismatch); one that covers other agencies or levels is narrowed to the
    agencies both runs checked, and the caller says so next to the figures."""
    now = {s.get("agency_id"): s for s in current}
    before = {s.get("agency_id"): s for s in baseline}
    run_day, base_day = str(run_as_of)[:10], str(baseline_as_of)[:10]
    if base_day and run_day and base_day > run_day:
        raise BaselineMismatch(
            f"the baseline is observed on {base_day}, after this run ({run_day}); "
            "swap --run and --baseline"
        )
    common = frozenset(now) & frozenset(before)
    if not common:
        levels = sorted({str(s.get("level")) for s in before.values()})
        raise BaselineMismatch(
            f"the baseline shares no agency with this run (baseline: {len(before)} agencies, "
            f"level {', '.join(levels)}); choose a baseline of the same spider (scrapy runs)"
        )
    return BaselineMatch(
        common,
        tuple(s for a, s in now.items() if a not in common),
        tuple(s for a, s in before.items() if a not in common),
        bool(base_day) and base_day == run_day,
    )
