"""One digest per run: its health and its changes against the previous run of its spider.

`build_digest(store, run_id, ...)` reads both runs (and the one before, for absences confirmed
by the next run), runs the within-run re-check of sections judged absent once (its outcome is
kept in the run's summary under "alerts", so every later digest of the run says the same), and
returns a Digest that notify.py renders per channel.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from ogpcrawl.alerts.changes import Change, Recheck, recheck_candidates, run_changes
from ogpcrawl.health import Health, assess

WITHOUT = ("evidence_detail",)  # large and not needed for changes


@dataclass(frozen=True)
class Digest:
    run_id: str
    spider: str | None
    health: Health
    run: Mapping[str, Any] | None
    previous: Mapping[str, Any] | None
    changes: tuple[Change, ...] = ()
    # run id -> where that run's evidence can be read (OGP_EVIDENCE_URL), both runs
    evidence: Mapping[str, str] = field(default_factory=dict)

    @property
    def alerting(self) -> bool:
        """Worth a message: something changed, or the run is not ok."""
        return bool(self.changes) or self.health.state in ("failed", "degraded")

    def only(
        self, *, levels: Iterable[str] | None = None, agencies: Iterable[str] | None = None
    ) -> Digest:
        """The digest with the changes of these levels / agencies only (health unchanged)."""
        levels = set(levels) if levels else None
        agencies = set(agencies) if agencies else None
        kept = tuple(
            c
            for c in self.changes
            if (levels is None or c.level in levels)
            and (agencies is None or c.agency_id in agencies)
        )
        return replace(self, changes=kept)

    def counts(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for c in self.changes:
            out[c.kind] = out.get(c.kind, 0) + 1
        return out

    def to_dict(self) -> dict[str, Any]:
        return {
            "run_id": self.run_id,
            "spider": self.spider,
            "previous_run_id": (self.previous or {}).get("run_id"),
            "health": self.health.to_dict(),
            "changes": [c.to_dict() for c in self.changes],
            "evidence": dict(self.evidence),
        }


def evidence_link(template: str | None, run_id: str | None) -> str | None:
    """OGP_EVIDENCE_URL with {run_id} filled in (e.g. https://ogp.example.org/evidence/{run_id}/)."""
    if not template or not run_id:
        return None
    from urllib.parse import quote

    return template.replace("{run_id}", quote(run_id, safe=""))


def build_digest(
    store: Any,
    run_id: str,
    *,
    job_state: str | None = None,
    spider: str | None = None,
    recheck: Recheck | None = None,
    persist: bool = True,
    thresholds: Mapping[str, Any] | None = None,
    evidence_url: str | None = None,
) -> Digest:
    """The digest of `run_id`. `recheck`: the within-run re-check (recheck.HomeRecheck) used when
    the run has no recorded re-check yet; `persist=False` (a dry run) records nothing."""
    from ogpcrawl.db import read

    health = assess(store, run_id, job_state=job_state, thresholds=thresholds, spider=spider)
    with store.transaction() as session:
        run = read.run(session, run_id)
        prev_id = read.previous_run_id(session, run_id) if run else None
        previous = read.run(session, prev_id) if prev_id else None
        older_id = read.previous_run_id(session, prev_id) if prev_id else None
        changes: list[Change] = []
        if run is not None and previous is not None and run["status"] == "finished":
            cur_snaps = read.snapshots(session, run_id, without=WITHOUT)
            prev_snaps = read.snapshots(session, prev_id, without=WITHOUT)
            older_snaps = read.snapshots(session, older_id, without=WITHOUT) if older_id else None
        else:
            cur_snaps = prev_snaps = older_snaps = None
    if cur_snaps is not None:
        alerts = (run.get("summary") or {}).get("alerts") or {}
        rechecks = alerts.get("rechecks")
        if rechecks is None and recheck is not None:
            rechecks = recheck_candidates(prev_snaps, cur_snaps, recheck)
            if persist:
                store.update_run_summary(run_id, {"alerts": {**alerts, "rechecks": rechecks}})
        prev_alerts = (previous.get("summary") or {}).get("alerts") or {}
        # A previous run whose vanishings were held back as a mass event confirmed none of
        # them: the next-run rule decides them now.
        prev_rechecks = {} if prev_alerts.get("mass_vanish") else prev_alerts.get("rechecks")
        changes = run_changes(
            prev_snaps,
            cur_snaps,
            rechecks=rechecks or {},
            before_prev_snaps=older_snaps,
            prev_rechecks=prev_rechecks or {},
        )
        if "section_vanished" in health.codes:
            # One section gone on many sites at once is the signature of a crawler fault
            # (health.py): no agency is told its section vanished on that evidence alone.
            changes = [
                replace(c, kind="unconfirmed", note="mass_vanish") if c.kind == "vanished" else c
                for c in changes
            ]
            if persist and not alerts.get("mass_vanish"):
                store.update_run_summary(
                    run_id, {"alerts": {**alerts, "rechecks": rechecks or {}, "mass_vanish": True}}
                )
    links = {rid: link for rid in (run_id, prev_id) if (link := evidence_link(evidence_url, rid))}
    return Digest(
        run_id=run_id,
        spider=health.spider,
        health=health,
        run=run,
        previous=previous,
        changes=tuple(changes),
        evidence=links,
    )
