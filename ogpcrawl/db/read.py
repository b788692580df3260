"""Reads, each taking the caller's Session; they return plain dicts (the contract's shapes)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session, aliased

from ogpcrawl import vocab
from ogpcrawl.db.models import Agency, Run, Snapshot
from ogpcrawl.items import OUTPUT_FIELDS


def _iso(value: datetime | None) -> str | None:
    if value is None:
        return None
    # SQLite hands back naive datetimes; everything is stored in UTC.
    return (value if value.tzinfo else value.replace(tzinfo=UTC)).isoformat()


def run_dict(run: Run) -> dict[str, Any]:
    return {
        "run_id": run.run_id,
        "spider": run.spider,
        "started_at": _iso(run.started_at),
        "finished_at": _iso(run.finished_at),
        "as_of": run.as_of.isoformat(),
        "status": run.status,
        "settings": run.settings,
        "summary": run.summary,
        "archive": run.archive,
        "source_run_id": run.source_run_id,
    }


def latest_run_id(
    session: Session, *, level: str | None = None, spider: str | None = None
) -> str | None:
    """The newest finished run (by start), of `spider` and holding `level` agencies if given."""
    stmt = select(Run.run_id).where(Run.status == "finished")
    if spider is not None:
        stmt = stmt.where(Run.spider == spider)
    if level is not None:
        stmt = stmt.where(
            select(Snapshot.id)
            .join(Agency, Agency.agency_id == Snapshot.agency_id)
            .where(Snapshot.run_id == Run.run_id, Agency.level == level)
            .exists()
        )
    return session.scalars(stmt.order_by(Run.started_at.desc(), Run.run_id.desc()).limit(1)).first()


def run(session: Session, run_id: str) -> dict[str, Any] | None:
    row = session.get(Run, run_id)
    return run_dict(row) if row is not None else None


def newest_run_id(session: Session, spider: str | None = None) -> str | None:
    """The newest run by start, whatever its status (health must see failed runs too)."""
    stmt = select(Run.run_id)
    if spider is not None:
        stmt = stmt.where(Run.spider == spider)
    return session.scalars(stmt.order_by(Run.started_at.desc(), Run.run_id.desc()).limit(1)).first()


def previous_run_id(session: Session, run_id: str) -> str | None:
    """The newest finished run of the same spider started before `run_id` (None: the first)."""
    current = session.get(Run, run_id)
    if current is None:
        return None
    stmt = (
        select(Run.run_id)
        .where(Run.spider == current.spider, Run.status == "finished", Run.run_id != run_id)
        .where(
            (Run.started_at < current.started_at)
            | ((Run.started_at == current.started_at) & (Run.run_id < run_id))
        )
        .order_by(Run.started_at.desc(), Run.run_id.desc())
        .limit(1)
    )
    return session.scalars(stmt).first()


def section_vanishings(
    session: Session, prev_run_id: str, run_id: str, columns: tuple[str, ...]
) -> dict[str, tuple[int, int]]:
    """Per boolean section column of Snapshot: (agencies where it was true in `prev_run_id`
    and false in `run_id`, agencies reachable in both runs). Only sites that loaded both times
    are compared, as in the v_changes view."""
    prev = aliased(Snapshot)
    stmt = (
        select(*(getattr(prev, c) for c in columns), *(getattr(Snapshot, c) for c in columns))
        .join(prev, (prev.agency_id == Snapshot.agency_id) & (prev.run_id == prev_run_id))
        .where(Snapshot.run_id == run_id, Snapshot.reachable, prev.reachable)
    )
    out = {c: [0, 0] for c in columns}
    n = len(columns)
    for row in session.execute(stmt):
        for i, c in enumerate(columns):
            out[c][1] += 1
            if row[i] is True and row[n + i] is False:
                out[c][0] += 1
    return {c: (gone, compared) for c, (gone, compared) in out.items()}


def runs(session: Session, spider: str | None = None) -> list[dict[str, Any]]:
    stmt = select(Run).order_by(Run.started_at, Run.run_id)
    if spider is not None:
        stmt = stmt.where(Run.spider == spider)
    return [run_dict(r) for r in session.scalars(stmt)]


def run_overviews(session: Session, limit: int | None = None) -> list[dict[str, Any]]:
    """Runs newest first (by start), each with the counts of its stored snapshots so far
    (`agencies`, `unreachable`): a run still going or interrupted has no finished summary."""
    stored = (
        select(
            Snapshot.run_id,
            func.count(Snapshot.id).label("agencies"),
            func.coalesce(func.sum(case((Snapshot.reachable, 0), else_=1)), 0).label("unreachable"),
        )
        .group_by(Snapshot.run_id)
        .subquery()
    )
    stmt = (
        select(Run, stored.c.agencies, stored.c.unreachable)
        .outerjoin(stored, stored.c.run_id == Run.run_id)
        .order_by(Run.started_at.desc(), Run.run_id.desc())
    )
    if limit is not None:
        stmt = stmt.limit(limit)
    return [
        run_dict(run) | {"agencies": int(n or 0), "unreachable": int(down or 0)}
        for run, n, down in session.execute(stmt)
    ]


def _order_key(data: dict[str, Any], annex_no: int | None) -> tuple:
    level = data.get("level")
    level_rank = vocab.LEVELS.index(level) if level in vocab.LEVELS else len(vocab.LEVELS)
    no = data.get("annex_no", annex_no)
    no = no if isinstance(no, int) and not isinstance(no, bool) else None
    return (level_rank, no is None, no or 0, str(data.get("agency_id")))


def _contract_order(data: dict[str, Any]) -> dict[str, Any]:
    # JSONB does not keep key order; give callers the contract's order back, extras after.
    ordered = {k: data[k] for k in OUTPUT_FIELDS if k in data}
    ordered.update((k, v) for k, v in data.items() if k not in ordered)
    return ordered


def snapshots(
    session: Session, run_id: str, level: str | None = None, without: tuple[str, ...] = ()
) -> list[dict[str, Any]]:
    """The run's snapshot dicts as emitted, ordered by level, then annex number, then id.
    `without`: fields left out (a report of thousands of rows needs no evidence_detail)."""
    stmt = (
        select(Snapshot.data, Agency.annex_no)
        .join(Agency, Agency.agency_id == Snapshot.agency_id)
        .where(Snapshot.run_id == run_id)
    )
    if level is not None:
        stmt = stmt.where(Agency.level == level)
    rows = [
        (_contract_order({k: v for k, v in data.items() if k not in without}), annex_no)
        # in batches, so a large run's dropped fields never sit in memory all at once
        for data, annex_no in session.execute(stmt.execution_options(yield_per=200))
    ]
    rows.sort(key=lambda r: _order_key(*r))
    return [data for data, _ in rows]


def iter_snapshots(
    session: Session, run_id: str, without: tuple[str, ...] = (), batch: int = 20
) -> Iterator[dict[str, Any]]:
    """The run's snapshot dicts one by one, read `batch` at a time, in no particular order:
    for a caller that orders what it makes of them (the annex rows), never the whole run. A
    batch is small: each snapshot's whole JSON is decoded (tens of KB of objects) before
    `without` drops keys, and at close this runs on top of the crawl's own peak."""
    stmt = select(Snapshot.data).where(Snapshot.run_id == run_id)
    for data in session.scalars(stmt.execution_options(yield_per=batch)):
        yield _contract_order({k: v for k, v in data.items() if k not in without})


def done_agencies(session: Session, run_id: str) -> set[str]:
    return set(session.scalars(select(Snapshot.agency_id).where(Snapshot.run_id == run_id)))
