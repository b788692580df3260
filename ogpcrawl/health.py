"""Run health: is a run ok, degraded or failed? One function decides: `classify`.

    failed    the run did not produce a usable measurement: its job died (no run row, or a row
              left "running" by a job that is over), the run ended failed or interrupted, it
              stored no snapshot, or every site was unreachable.
    degraded  the run finished, but looks like a crawler or network fault rather than the
              agencies: compared with the previous finished run of the same spider, many more
              sites were unreachable; fewer snapshots than agencies planned; or one section
              vanished on many sites at once.
    ok        none of the above.
    running   the job is still pending or running (for the status file and badge).

`classify` is pure (run dicts and counts in, a Health out; no settings, no clock, no database);
`assess` reads what it needs through ogpcrawl/db/read.py. Thresholds are data
(DEFAULT_THRESHOLDS), overridable per deployment with the OGP_HEALTH_THRESHOLDS setting (a dict,
merged over the defaults by `thresholds_from`). Reasons are short English strings for logs,
status files and notifications; `codes` carries a stable machine word for each.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

HEALTH_STATES = ("running", "ok", "degraded", "failed")

# Sections whose simultaneous disappearance on many sites is a crawler-fault signature. Keys are
# the snapshot columns (db.models.Snapshot); values the words used in reasons.
SECTIONS = {
    "council_section": "council section",
    "procurement_section": "procurement section",
    "eservices_section": "e-services section",
}

DEFAULT_THRESHOLDS: dict[str, float] = {
    # Degraded when the unreachable share rose by at least this (0.15 = 15 percentage points)
    # over the previous run AND at least `unreachable_jump_min` more sites were unreachable:
    # one more dead site out of three must not flag a run, ten more out of eighty must.
    "unreachable_jump_share": 0.15,
    "unreachable_jump_min": 3,
    # Degraded when a section present in the previous run is absent now on at least this share
    # of the sites that loaded both times, AND on at least `section_vanish_min` sites. Agencies
    # do remove sections, but not a fifth of them in the same month.
    "section_vanish_share": 0.2,
    "section_vanish_min": 3,
    # Degraded when the run stored fewer snapshots than agencies planned by at least this many.
    "missing_snapshots_min": 1,
}


def thresholds_from(overrides: Mapping[str, Any] | None) -> dict[str, float]:
    """DEFAULT_THRESHOLDS with `overrides` on top; an unknown name or a non-number is an error
    naming it (a typo must not silently fall back to the default)."""
    out = dict(DEFAULT_THRESHOLDS)
    for name, value in (overrides or {}).items():
        if name not in DEFAULT_THRESHOLDS:
            raise ValueError(
                f"OGP_HEALTH_THRESHOLDS: unknown threshold {name!r} "
                f"(known: {', '.join(DEFAULT_THRESHOLDS)})"
            )
        try:
            number = float(value)
        except (TypeError, ValueError):
            raise ValueError(
                f"OGP_HEALTH_THRESHOLDS: {name} must be a number, not {value!r}"
            ) from None
        if number < 0:
            raise ValueError(f"OGP_HEALTH_THRESHOLDS: {name} must not be negative")
        out[name] = number
    return out


@dataclass(frozen=True)
class Health:
    state: str  # one of HEALTH_STATES
    reasons: tuple[str, ...] = ()
    codes: tuple[str, ...] = ()  # one stable word per reason, same order
    run_id: str | None = None
    spider: str | None = None
    previous_run_id: str | None = None
    figures: Mapping[str, Any] = field(default_factory=dict)
    # One mapping per reason, same order: the numbers in it, for messages in other languages
    # (ogpcrawl/alerts/messages.json, "reason_<code>").
    details: tuple[Mapping[str, Any], ...] = ()

    @property
    def failed(self) -> bool:
        return self.state == "failed"

    def to_dict(self) -> dict[str, Any]:
        return {
            "state": self.state,
            "reasons": list(self.reasons),
            "codes": list(self.codes),
            "run_id": self.run_id,
            "spider": self.spider,
            "previous_run_id": self.previous_run_id,
            "figures": dict(self.figures),
            "details": [dict(d) for d in self.details],
        }


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def classify(
    run: Mapping[str, Any] | None,
    *,
    previous: Mapping[str, Any] | None = None,
    job_state: str | None = None,
    vanished: Mapping[str, tuple[int, int]] | None = None,
    planned: int | None = None,
    thresholds: Mapping[str, float] | None = None,
    run_id: str | None = None,
    spider: str | None = None,
) -> Health:
    """The health of one run.

    run: the run row as ogpcrawl.db.read.run_dict gives it (None: no row was written).
    previous: the previous finished run of the same spider (None: the first run).
    job_state: Scrapyd's view of the job, "pending", "running" or "finished" (None: unknown,
        e.g. a crawl run by hand).
    vanished: per section column (SECTIONS), (sites where it vanished, sites that loaded in
        both runs).
    planned: agencies the run meant to visit; default the run's own `agencies_total`.
    """
    limits = thresholds_from(None) if thresholds is None else {**DEFAULT_THRESHOLDS, **thresholds}
    run_id = run_id or (run or {}).get("run_id")
    spider = spider or (run or {}).get("spider")
    base = {"run_id": run_id, "spider": spider, "previous_run_id": (previous or {}).get("run_id")}
    active = job_state in ("pending", "running")

    if run is None:
        if active:
            return Health("running", ("job is " + job_state,), ("job_" + job_state,), **base)
        return Health(
            "failed", ("no run row: the job died before its run started",), ("no_run_row",), **base
        )

    summary = run.get("summary") or {}
    agencies = _int(summary.get("agencies")) or 0
    unreachable = _int(summary.get("unreachable")) or 0
    reachable = _int(summary.get("reachable"))
    if reachable is None:
        reachable = agencies - unreachable
    if planned is None:
        planned = _int(summary.get("agencies_total"))
    figures = {
        "agencies": agencies,
        "reachable": reachable,
        "unreachable": unreachable,
        "planned": planned,
        "status": run.get("status"),
        "as_of": run.get("as_of"),
        "finished_at": run.get("finished_at"),
    }
    base["figures"] = figures

    status = run.get("status")
    if status == "running":
        if active or job_state is None:
            return Health("running", ("run is running",), ("running",), **base)
        return Health(
            "failed",
            ("job ended but its run was never closed (the process died)",),
            ("died",),
            **base,
        )

    reasons: list[tuple[str, str]] = []
    if status == "failed":
        reasons.append(
            (
                "run_failed",
                f"run failed: {unreachable} of {agencies} sites unreachable",
                {"unreachable": unreachable, "agencies": agencies},
            )
        )
    elif status == "interrupted":
        reason = summary.get("close_reason")
        reasons.append(
            (
                "interrupted",
                "run interrupted" + (f" ({reason})" if reason else ""),
                {"reason": reason or ""},
            )
        )
    if agencies == 0:
        reasons.append(("no_snapshots", "no snapshot stored", {}))
    elif reachable == 0:
        reasons.append(
            (
                "all_unreachable",
                f"every site unreachable ({agencies} of {agencies})",
                {"agencies": agencies},
            )
        )
    if reasons:
        return _health("failed", reasons, base)

    if planned is not None and planned - agencies >= limits["missing_snapshots_min"] > 0:
        reasons.append(
            (
                "missing_snapshots",
                f"{agencies} snapshots for {planned} agencies planned",
                {"agencies": agencies, "planned": planned},
            )
        )
    prev_summary = (previous or {}).get("summary") or {}
    prev_agencies = _int(prev_summary.get("agencies")) or 0
    prev_unreachable = _int(prev_summary.get("unreachable")) or 0
    if previous is not None and prev_agencies and agencies:
        rise = unreachable / agencies - prev_unreachable / prev_agencies
        if (
            rise >= limits["unreachable_jump_share"]
            and unreachable - prev_unreachable >= limits["unreachable_jump_min"]
        ):
            reasons.append(
                (
                    "unreachable_jump",
                    f"unreachable sites rose from {prev_unreachable} of {prev_agencies} "
                    f"to {unreachable} of {agencies}",
                    {
                        "prev_unreachable": prev_unreachable,
                        "prev_agencies": prev_agencies,
                        "unreachable": unreachable,
                        "agencies": agencies,
                    },
                )
            )
    for column, (gone, compared) in sorted((vanished or {}).items()):
        if (
            compared
            and gone >= limits["section_vanish_min"]
            and gone / compared >= limits["section_vanish_share"]
        ):
            word = SECTIONS.get(column, column)
            reasons.append(
                (
                    "section_vanished",
                    f"{word} vanished on {gone} of {compared} sites at once",
                    {"section": column, "gone": gone, "compared": compared},
                )
            )
    if reasons:
        return _health("degraded", reasons, base)
    return Health("ok", (), (), **base)


def _health(state: str, reasons: list[tuple[str, str, dict]], base: dict) -> Health:
    return Health(
        state,
        tuple(r for _, r, _ in reasons),
        tuple(c for c, _, _ in reasons),
        details=tuple(d for _, _, d in reasons),
        **base,
    )


def assess(
    store: Any,
    run_id: str,
    *,
    job_state: str | None = None,
    thresholds: Mapping[str, Any] | None = None,
    spider: str | None = None,
) -> Health:
    """Read the run, the previous finished run of its spider and the per-section vanishings
    from the database (a db.store.Store), then classify. A missing row classifies as failed
    (or running while Scrapyd still has the job)."""
    from ogpcrawl.db import read

    limits = thresholds_from(thresholds)
    with store.transaction() as session:
        run = read.run(session, run_id)
        previous = vanished = None
        if run is not None:
            prev_id = read.previous_run_id(session, run_id)
            if prev_id is not None:
                previous = read.run(session, prev_id)
                vanished = read.section_vanishings(session, prev_id, run_id, tuple(SECTIONS))
    return classify(
        run,
        previous=previous,
        job_state=job_state,
        vanished=vanished,
        thresholds=limits,
        run_id=run_id,
        spider=spider,
    )
