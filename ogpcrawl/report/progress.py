"""Progress between two runs: per agency and commitment, the OGP level then and now.

Levels come from snapshot["ratings"] (not_started < limited < substantial < complete). An agency
present in only one run is "new" or "gone", never counted as a change of level.
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
