"""Writes, each taking the caller's Session: the caller owns the transaction (store.py).

Every write is an upsert keyed on natural keys, so replaying a batch (a retry, a spool drained
twice, `scrapy loadspool` run again) leaves the same rows as writing it once.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import case, delete, func, select, update
from sqlalchemy.orm import Session

from ogpcrawl.db import flatten
from ogpcrawl.db.models import (
    ID_LEN,
    NAME_LEN,
    RUN_STATUSES,
    SHORT_LEN,
    URL_LEN,
    Agency,
    FailedPage,
    NewsMonth,
    Run,
    Snapshot,
    SocialAccount,
)

ALT_URLS_LEN = 8 * URL_LEN


def _insert(session: Session) -> Any:
    """The dialect's INSERT, which knows ON CONFLICT (both SQLite and PostgreSQL do)."""
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    elif dialect == "sqlite":
        from sqlalchemy.dialects.sqlite import insert
    else:
        raise NotImplementedError(f"ogpcrawl supports SQLite and PostgreSQL, not {dialect}")
    return insert


def _now() -> datetime:
    return datetime.now(UTC)


AGENCY_UPSERT_ROWS = 500


def upsert_agencies(session: Session, rows: Iterable[Mapping[str, Any]], *, extras: bool) -> int:
    """Insert or update agencies. Rows from snapshots (extras=False) never erase the extras
    (annex_no, local_type, host_confidence, alt_urls) that rows from the agencies file supplied."""
    values = {}
    for row in rows:
        value = {
            "agency_id": flatten.text(row["agency_id"], ID_LEN),
            "name": flatten.text(row.get("name") or row["agency_id"], NAME_LEN),
            "level": row.get("level"),
            "family": row.get("family"),
            "url": flatten.text(row.get("url") or row.get("start_url") or "", URL_LEN),
            "updated_at": _now(),
        }
        if extras:
            annex_no = row.get("annex_no")
            value["annex_no"] = int(annex_no) if str(annex_no or "").strip().isdigit() else None
            value["local_type"] = flatten.text(row.get("local_type") or None, SHORT_LEN)
            value["host_confidence"] = flatten.text(row.get("host_confidence") or None, SHORT_LEN)
            alts = row.get("alt_urls") or ()
            if isinstance(alts, str):
                alts = alts.split()
            value["alt_urls"] = flatten.text(" ".join(alts) or None, ALT_URLS_LEN)
        values[value["agency_id"]] = value  # one row per id: ON CONFLICT may not hit a row twice
    if not values:
        return 0
    insert = _insert(session)
    rows_ = list(values.values())
    updated = [c for c in rows_[0] if c != "agency_id"]
    # In statements of AGENCY_UPSERT_ROWS rows: one statement for a 5,000-agency file had 50,000
    # bind parameters (SQLite allows 32,766) and its compiled form cost ~25 MB at start-up.
    for start in range(0, len(rows_), AGENCY_UPSERT_ROWS):
        stmt = insert(Agency).values(rows_[start : start + AGENCY_UPSERT_ROWS])
        stmt = stmt.on_conflict_do_update(
            index_elements=[Agency.agency_id], set_={c: stmt.excluded[c] for c in updated}
        )
        session.execute(stmt)
    return len(values)


def start_run(
    session: Session,
    run_id: str,
    spider: str,
    as_of: date,
    settings: Mapping[str, Any],
    *,
    resume: bool = True,
    status: str = "running",
) -> Run:
    """Create the run row, or reuse it. resume=True marks an existing run running again (the
    crawl resumed); resume=False leaves an existing row untouched (loading a spool)."""
    insert = _insert(session)
    stmt = insert(Run).values(
        run_id=flatten.text(run_id, ID_LEN),
        spider=flatten.text(spider, ID_LEN),
        started_at=_now(),
        finished_at=None,
        as_of=as_of,
        status=status,
        settings=flatten.clean(dict(settings)),
        summary={},
    )
    session.execute(stmt.on_conflict_do_nothing(index_elements=[Run.run_id]))
    run = session.get(Run, run_id, populate_existing=True)
    assert run is not None
    if run.spider != spider:
        raise ValueError(f"run {run_id!r} belongs to spider {run.spider!r}, not {spider!r}")
    if resume and run.status != "running":
        run.status, run.finished_at = "running", None
    return run


def set_run_links(
    session: Session, run_id: str, *, archive: str | None = None, source_run_id: str | None = None
) -> Run:
    """Record where the run's evidence archive is and, for a re-judged run, its source run."""
    run = session.get(Run, run_id)
    if run is None:
        raise KeyError(f"no run {run_id!r}")
    if archive is not None:
        run.archive = flatten.text(archive, 1024)
    if source_run_id is not None:
        run.source_run_id = flatten.text(source_run_id, ID_LEN)
    return run


def save_snapshot(session: Session, run_id: str, snapshot: Mapping[str, Any]) -> int:
    """Insert or replace the (run_id, agency_id) snapshot and its lists; returns its id."""
    row = flatten.snapshot_row(snapshot)
    insert = _insert(session)
    stmt = insert(Snapshot).values(
        run_id=run_id, agency_id=flatten.text(snapshot["agency_id"], ID_LEN), **row
    )
    stmt = stmt.on_conflict_do_update(
        index_elements=[Snapshot.run_id, Snapshot.agency_id],
        set_={c: stmt.excluded[c] for c in row},
    ).returning(Snapshot.id)
    snapshot_id = session.execute(stmt).scalar_one()
    accounts = flatten.social_accounts(snapshot, _previous_data(session, run_id, snapshot))
    for model, rows in (
        (NewsMonth, flatten.news_months(snapshot)),
        (SocialAccount, accounts),
        (FailedPage, flatten.failed_pages(snapshot)),
    ):
        session.execute(delete(model).where(model.snapshot_id == snapshot_id))
        if rows:
            session.execute(insert(model), [{"snapshot_id": snapshot_id, **r} for r in rows])
    return snapshot_id


def _previous_data(
    session: Session, run_id: str, snapshot: Mapping[str, Any]
) -> Mapping[str, Any] | None:
    """The agency's snapshot in the newest finished run of the same spider started before
    `run_id` (the pair v_changes compares), when an account change could be judged at all."""
    if not any(isinstance(a, Mapping) and a.get("activity") for a in snapshot.get("social") or ()):
        return None
    current = session.get(Run, run_id)
    if current is None:
        return None
    earlier = (Run.started_at < current.started_at) | (
        (Run.started_at == current.started_at) & (Run.run_id < run_id)
    )
    stmt = (
        select(Snapshot.data)
        .join(Run, Run.run_id == Snapshot.run_id)
        .where(
            Snapshot.agency_id == str(snapshot["agency_id"]),
            Run.spider == current.spider,
            Run.status == "finished",
            Run.run_id != run_id,
            earlier,
        )
        .order_by(Run.started_at.desc(), Run.run_id.desc())
        .limit(1)
    )
    return session.scalars(stmt).first()


def counts(session: Session, run_id: str) -> dict[str, Any]:
    """The run's figures as stored: agencies, reachable, unreachable, pages, errors {kind: n}."""
    total, reachable, pages = session.execute(
        select(
            func.count(Snapshot.id),
            func.coalesce(func.sum(case((Snapshot.reachable, 1), else_=0)), 0),
            func.coalesce(func.sum(Snapshot.pages_fetched), 0),
        ).where(Snapshot.run_id == run_id)
    ).one()
    errors = session.execute(
        select(Snapshot.error, func.count())
        .where(Snapshot.run_id == run_id, Snapshot.error.is_not(None))
        .group_by(Snapshot.error)
        .order_by(Snapshot.error)
    ).all()
    return {
        "agencies": int(total),
        "reachable": int(reachable),
        "unreachable": int(total) - int(reachable),
        "pages": int(pages),
        "errors": {kind: int(n) for kind, n in errors},
    }


def finish_run(session: Session, run_id: str, status: str, summary: Mapping[str, Any]) -> Run:
    """Close the run. Its summary is the stored counts, then the crawl's own figures on top."""
    if status not in RUN_STATUSES:
        raise ValueError(f"run status {status!r} is not one of {RUN_STATUSES}")
    run = session.get(Run, run_id, populate_existing=True)
    if run is None:
        raise KeyError(f"no run {run_id!r}")
    session.execute(
        update(Run)
        .where(Run.run_id == run_id)
        .values(
            status=status,
            finished_at=_now(),
            summary={**counts(session, run_id), **flatten.clean(dict(summary))},
        )
    )
    session.refresh(run)
    return run


def merge_run_summary(session: Session, run_id: str, updates: Mapping[str, Any]) -> Run:
    """Add or replace top-level keys of the run's summary (e.g. the alert step's "alerts");
    the rest of the summary is kept."""
    run = session.get(Run, run_id, populate_existing=True)
    if run is None:
        raise KeyError(f"no run {run_id!r}")
    summary = {**(run.summary or {}), **flatten.clean(dict(updates))}
    session.execute(update(Run).where(Run.run_id == run_id).values(summary=summary))
    session.refresh(run)
    return run
