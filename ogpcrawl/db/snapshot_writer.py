"""SnapshotWriter: batches snapshots into the store and never loses one.

When the database is unreachable a batch goes to the run's spool file (spool.py) and the crawl
goes on; the next flush after `retry_interval` seconds tries the database again and, when it
answers, drains the spool first, then writes the new batch. Whatever is still spooled at the end
stays on disk for `scrapy loadspool`. Writes are idempotent, so a batch written twice (stored,
then spooled because the commit's answer was lost) does no harm.

    writer = SnapshotWriter(store, run_id=..., spool_dir=..., batch_size=20)
    writer.add(snapshot_dict)          # per item
    writer.close()                     # at close_spider: final flush
    writer.finish(status, summary)     # at spider_closed: closes the run (or spools that too)
"""

from __future__ import annotations

import logging
import time
from collections import Counter
from collections.abc import Callable, Mapping
from datetime import date
from typing import TYPE_CHECKING, Any

from ogpcrawl.db import spool, spool_load
from ogpcrawl.db.errors import DatabaseUnavailable

if TYPE_CHECKING:
    from ogpcrawl.db.store import Store

logger = logging.getLogger(__name__)


class SnapshotWriter:
    def __init__(
        self,
        store: Store,
        *,
        run_id: str,
        spool_dir: str,
        batch_size: int = 20,
        retry_interval: float = 30.0,
        spider: str | None = None,
        as_of: date | str | None = None,
        settings: Mapping[str, Any] | None = None,
        clock: Callable[[], float] = time.monotonic,
        on_durable: Callable[[list[str]], None] | None = None,
    ) -> None:
        self.store, self.run_id = store, run_id
        # Told the agency ids of each batch once it is stored, spooled or set aside on disk:
        # only then may the run count them done (a killed process loses its buffer).
        self.on_durable = on_durable
        self.batch_size = max(1, batch_size)
        self.retry_interval, self._clock = retry_interval, clock
        self.path = spool.spool_path(spool_dir, run_id)
        self.stats: Counter[str] = Counter()
        self._buffer: list[dict[str, Any]] = []
        self._failed_at: float | None = None
        self._run = {"spider": spider, "as_of": as_of, "settings": dict(settings or {})}
        if spider is None or as_of is None:
            self._learn_run()
        if self.path.exists():
            logger.warning("spool %s from an earlier attempt: drained at the next flush", self.path)

    # -- the pipeline's calls ---------------------------------------------------------------

    def add(self, snapshot: Mapping[str, Any]) -> None:
        self._buffer.append(dict(snapshot))
        if len(self._buffer) >= self.batch_size:
            self.flush()

    def flush(self) -> bool:
        """Write what is buffered (the spool first). True when nothing is left in the spool."""
        batch, self._buffer = self._buffer, []
        if not batch and not self.path.exists():
            return True
        if self._failed_at is not None and self._clock() - self._failed_at < self.retry_interval:
            self._to_spool(batch)  # still inside the back-off: do not hammer a dead server
            return False
        try:
            if self.path.exists():
                self._drain()
            if batch:
                saved, rejected = spool_load.save_batch(
                    self.store, self.run_id, batch, spool.rejected_path(self.path)
                )
                self.stats["saved"] += saved
                self.stats["rejected"] += rejected
                self._durable(batch)
        except DatabaseUnavailable as exc:
            if self._failed_at is None:
                logger.error("%s; spooling snapshots to %s", exc, self.path)
            self._failed_at = self._clock()
            self._to_spool(batch)
            return False
        if self._failed_at is not None:
            logger.warning("database back at %s; spool drained", self.store.url)
        self._failed_at = None
        return True

    def close(self) -> bool:
        """Final flush, trying the database once more whatever the back-off says. True when
        every snapshot reached the database."""
        self._failed_at = None
        done = self.flush()
        if not done:
            records, _ = spool.read(self.path)
            waiting = sum(r["kind"] == "snapshot" for r in records)
            logger.error(
                "%d snapshots of run %s are in %s, not in the database; load them with: "
                "scrapy loadspool %s",
                waiting,
                self.run_id,
                self.path,
                self.path,
            )
        return done

    def finish(self, status: str, summary: Mapping[str, Any] | None = None) -> bool:
        """Close the run in the database, or, while snapshots wait in the spool, record the
        closing in the spool so that loading it finishes the run with complete counts."""
        summary = dict(summary or {})
        if not self.path.exists():
            try:
                self.store.finish_run(self.run_id, status, summary)
                return True
            except DatabaseUnavailable as exc:
                logger.error("%s; the end of run %s goes to %s", exc, self.run_id, self.path)
                self._spool_header()
        spool.append(
            self.path,
            [{"kind": "finish", "run_id": self.run_id, "status": status, "summary": summary}],
        )
        return False

    def done_agencies(self, *, require_database: bool = False) -> set[str]:
        """Agencies of this run stored or spooled: a resumed crawl skips them. With
        require_database, DatabaseUnavailable propagates instead of counting the spool alone."""
        done = {s.get("agency_id") for s in self._buffer}
        if self.path.exists():
            records, _ = spool.read(self.path)
            done |= {r["snapshot"].get("agency_id") for r in records if r["kind"] == "snapshot"}
        try:
            done |= self.store.done_agencies(self.run_id)
        except DatabaseUnavailable as exc:
            if require_database:
                raise
            logger.warning("%s; resuming from the spool alone", exc)
        return done

    # -- internals --------------------------------------------------------------------------

    def _learn_run(self) -> None:
        try:
            run = self.store.run(self.run_id)
        except DatabaseUnavailable:
            return
        if run is not None:
            self._run = {k: run[k] for k in ("spider", "as_of", "settings")}

    def _spool_header(self) -> None:
        # The run record lets loadspool recreate the run in a database that never saw it.
        if not self.path.exists() and self._run["as_of"] is not None:
            spool.append(self.path, [{"kind": "run", "run_id": self.run_id, **self._run}])

    def _to_spool(self, batch: list[dict[str, Any]]) -> None:
        if not batch:
            return
        self._spool_header()
        spool.append(
            self.path, [{"kind": "snapshot", "run_id": self.run_id, "snapshot": s} for s in batch]
        )
        self.stats["spooled"] += len(batch)
        self._durable(batch)

    def _durable(self, batch: list[dict[str, Any]]) -> None:
        if self.on_durable is None or not batch:
            return
        try:
            self.on_durable([s.get("agency_id") for s in batch])
        except Exception as exc:  # the snapshots are safe; only the shared bookkeeping failed
            logger.error("could not mark %d agencies done: %s", len(batch), exc)

    def _drain(self) -> None:
        records, _ = spool.read(self.path)
        if self._run["spider"] is not None and self._run["as_of"] is not None:
            # The run row may be missing if the database was lost before start_run.
            self.store.start_run(
                self.run_id, self._run["spider"], self._run["as_of"], self._run["settings"]
            )
        # A finish record from an earlier attempt is not applied: this attempt finishes the run.
        result = spool_load.replay(
            self.store, records, reject_to=spool.rejected_path(self.path), apply_finish=False
        )
        self.path.unlink()
        self.stats["drained"] += result.snapshots + result.already + result.rejected
        self.stats["saved"] += result.snapshots + result.already
        self.stats["rejected"] += result.rejected
