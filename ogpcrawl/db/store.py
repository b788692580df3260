"""Store: the crawl's and the report's one door to the database.

Each method is one short transaction. Connection trouble surfaces as DatabaseUnavailable (the
writer spools on it); anything else is a bug or bad data and propagates as is.

    store = Store(database_url(settings))
    store.check()      # before any request: fail fast, naming the URL and the reason
    store.upgrade()    # migrations to head; the embedded SQLite default needs no setup
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from datetime import date
from typing import Any

from sqlalchemy import text
from sqlalchemy.engine import URL
from sqlalchemy.orm import Session

from ogpcrawl.db import flatten, migrate, read, upsert
from ogpcrawl.db.errors import DatabaseUnavailable, is_unavailable
from ogpcrawl.db.models import Run
from ogpcrawl.db.session import DEFAULT_URL, make_engine, make_session_factory, safe_url
from ogpcrawl.runinfo import validate_run_id

__all__ = ["DatabaseUnavailable", "Store"]


class Store:
    def __init__(self, url: str | URL = DEFAULT_URL, **engine_kwargs: Any) -> None:
        self.url = safe_url(url)  # for messages: never the password
        self.engine = make_engine(url, **engine_kwargs)
        self._sessions = make_session_factory(self.engine)

    def __repr__(self) -> str:
        return f"Store({self.url!r})"

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    @contextmanager
    def _unavailable_as_error(self) -> Iterator[None]:
        try:
            yield
        except Exception as exc:
            if is_unavailable(exc) and not isinstance(exc, DatabaseUnavailable):
                raise DatabaseUnavailable(self.url, exc) from exc
            raise

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One transaction: committed on success, rolled back on any error."""
        with self._unavailable_as_error(), self._sessions.begin() as session:
            yield session

    # -- schema ----------------------------------------------------------------------------

    def check(self) -> None:
        """Raise DatabaseUnavailable unless the database answers a query."""
        with self._unavailable_as_error(), self.engine.connect() as connection:
            connection.execute(text("SELECT 1"))

    def upgrade(self, revision: str = "head") -> None:
        """Run the packaged migrations up to `revision`, in one transaction where the database
        allows it; concurrent crawls wait for each other (PostgreSQL: an advisory lock;
        SQLite: a lock on the file, held until the migration is committed). A database already
        at the packaged head is left alone without starting Alembic."""
        if revision == "head":
            with self._unavailable_as_error(), self.engine.connect() as connection:
                if migrate.at_head(connection):
                    return
        with (
            self._unavailable_as_error(),
            migrate.sqlite_lock(self.engine.url),
            self.engine.begin() as connection,
        ):
            migrate.upgrade(connection, revision)

    # -- writes ----------------------------------------------------------------------------

    def upsert_agencies(self, rows: Iterable[Mapping[str, Any]]) -> int:
        """Agencies-file rows (dicts with agency_id, name, level, family, url and optionally
        annex_no, local_type, host_confidence): inserted or updated, extras included."""
        with self.transaction() as session:
            return upsert.upsert_agencies(session, rows, extras=True)

    def start_run(
        self, run_id: str, spider: str, as_of: date | str, settings: Mapping[str, Any]
    ) -> dict[str, Any]:
        """Create the run (status running), or reuse it when the run resumes."""
        validate_run_id(run_id)
        with self.transaction() as session:
            run = upsert.start_run(session, run_id, spider, _as_date(as_of), settings)
            return read.run_dict(run)

    def ensure_run(
        self, run_id: str, spider: str, as_of: date | str, settings: Mapping[str, Any]
    ) -> dict[str, Any]:
        """Create the run if missing (status interrupted: nobody knows yet how it ended);
        an existing run is left as it is. For loading spools."""
        validate_run_id(run_id)
        with self.transaction() as session:
            run = upsert.start_run(
                session,
                run_id,
                spider,
                _as_date(as_of),
                settings,
                resume=False,
                status="interrupted",
            )
            return read.run_dict(run)

    def save_snapshots(self, run_id: str, snapshots: Iterable[Mapping[str, Any]]) -> int:
        """Store a batch in one transaction: all or none. Idempotent on (run_id, agency_id): a
        snapshot saved again replaces the earlier one of the same run; other runs are untouched."""
        batch = list(snapshots)
        for snapshot in batch:
            if snapshot.get("run_id", run_id) != run_id:
                raise ValueError(
                    f"snapshot of {snapshot.get('agency_id')!r} belongs to run "
                    f"{snapshot.get('run_id')!r}, not {run_id!r}"
                )
        if not batch:
            return 0
        with self.transaction() as session:
            if session.get(Run, run_id) is None:
                raise KeyError(f"no run {run_id!r}: call start_run first")
            upsert.upsert_agencies(session, map(flatten.agency_row, batch), extras=False)
            for snapshot in batch:
                upsert.save_snapshot(session, run_id, snapshot)
        return len(batch)

    def finish_run(
        self, run_id: str, status: str, summary: Mapping[str, Any] | None = None
    ) -> dict[str, Any]:
        """Close the run with a status of models.RUN_STATUSES. The stored summary holds the
        counts of the stored snapshots (agencies, reachable, unreachable, pages, errors), with
        the caller's `summary` keys on top."""
        with self.transaction() as session:
            return read.run_dict(upsert.finish_run(session, run_id, status, summary or {}))

    def update_run_summary(self, run_id: str, updates: Mapping[str, Any]) -> dict[str, Any]:
        """Add or replace top-level keys of a run's summary, keeping the others."""
        with self.transaction() as session:
            return read.run_dict(upsert.merge_run_summary(session, run_id, updates))

    def set_run_links(
        self, run_id: str, *, archive: str | None = None, source_run_id: str | None = None
    ) -> dict[str, Any]:
        """Where the run's evidence archive is; the run a re-judged run was judged from."""
        with self.transaction() as session:
            return read.run_dict(
                upsert.set_run_links(session, run_id, archive=archive, source_run_id=source_run_id)
            )

    # -- reads -----------------------------------------------------------------------------

    def run(self, run_id: str = "latest", *, spider: str | None = None) -> dict[str, Any] | None:
        """A run as a dict; "latest" is the newest finished run (of `spider`, if given)."""
        with self.transaction() as session:
            if run_id == "latest":
                run_id = read.latest_run_id(session, spider=spider)
                if run_id is None:
                    return None
            run = session.get(Run, run_id)
            return read.run_dict(run) if run is not None else None

    def runs(self, spider: str | None = None) -> list[dict[str, Any]]:
        """All runs, oldest first."""
        with self.transaction() as session:
            return read.runs(session, spider)

    def run_overviews(self, limit: int | None = None) -> list[dict[str, Any]]:
        """Runs newest first, with their stored `agencies` and `unreachable` counts."""
        with self.transaction() as session:
            return read.run_overviews(session, limit)

    def snapshots(
        self,
        run: str = "latest",
        level: str | None = None,
        spider: str | None = None,
        without: tuple[str, ...] = (),
    ) -> list[dict[str, Any]]:
        """The stored snapshot dicts of one run, ordered by level (local first), annex number,
        agency_id. run="latest": the newest finished run that has agencies of `level` (and is
        of `spider`), so the local and the central annex each come from their own latest run."""
        with self.transaction() as session:
            if run == "latest":
                run = read.latest_run_id(session, level=level, spider=spider)
                if run is None:
                    return []
            elif spider is not None:
                stored = session.get(Run, run)
                if stored is None or stored.spider != spider:
                    return []
            return read.snapshots(session, run, level, without)

    def iter_snapshots(
        self, run_id: str, without: tuple[str, ...] = (), batch: int = 20
    ) -> Iterator[dict[str, Any]]:
        """The run's snapshot dicts one at a time (read in batches, in one transaction, in no
        particular order): rendering a large run never holds all of them."""
        with self.transaction() as session:
            yield from read.iter_snapshots(session, run_id, without, batch)

    def done_agencies(self, run_id: str) -> set[str]:
        """Agencies of the run already stored: a resumed crawl skips them."""
        with self.transaction() as session:
            return read.done_agencies(session, run_id)


def _as_date(value: date | str) -> date:
    parsed = flatten.parse_date(value)
    if parsed is None:
        raise ValueError(f"as_of must be a date or YYYY-MM-DD, not {value!r}")
    return parsed
