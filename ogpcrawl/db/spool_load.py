"""Loading spool records (spool.py's format) into a Store: the writer's drain, `scrapy loadspool`.

Replaying is idempotent (the store upserts), so loading a file twice is harmless. Snapshots the
database refuses as data (not as an outage) go to the spool's `.rejected.jsonl` file.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ogpcrawl import vocab
from ogpcrawl.db.errors import DatabaseUnavailable, describe
from ogpcrawl.db.spool import LOADED_SUFFIX, REJECTED_SUFFIX, SUFFIX, append, read, rejected_path
from ogpcrawl.runinfo import InvalidRunId, validate_run_id

if TYPE_CHECKING:
    from ogpcrawl.db.store import Store

logger = logging.getLogger(__name__)

BATCH_SIZE = 50
_FAMILY_SPIDER = {family: spider for spider, family in vocab.SPIDER_FAMILY.items()}


@dataclass
class LoadResult:
    path: str
    runs: int = 0
    snapshots: int = 0
    finished: int = 0
    rejected: int = 0
    unreadable: int = 0
    already: int = 0  # snapshots the database held already (loaded before): nothing added

    def __str__(self) -> str:
        return (
            f"{self.path}: {self.snapshots} snapshots of {self.runs} runs stored, "
            f"{self.finished} runs closed, {self.rejected} rejected, "
            f"{self.unreadable} unreadable lines"
            + (f", {self.already} already stored (unchanged)" if self.already else "")
        )


def save_batch(
    store: Store, run_id: str, batch: list[dict[str, Any]], reject_to: Path
) -> tuple[int, int]:
    """Save a batch; when the database refuses it as data, save one by one and set the refused
    ones aside in `reject_to`. Returns (saved, rejected). DatabaseUnavailable propagates."""
    try:
        return store.save_snapshots(run_id, batch), 0
    except DatabaseUnavailable:
        raise
    except Exception as exc:
        logger.warning("batch of run %s refused (%s); saving one by one", run_id, describe(exc))
    saved = rejected = 0
    for snapshot in batch:
        try:
            saved += store.save_snapshots(run_id, [snapshot])
        except DatabaseUnavailable:
            raise
        except Exception as exc:
            logger.error(
                "snapshot %s of run %s refused by the database (%s); kept in %s",
                snapshot.get("agency_id"),
                run_id,
                describe(exc),
                reject_to,
            )
            append(
                reject_to,
                [
                    {
                        "kind": "snapshot",
                        "run_id": run_id,
                        "snapshot": snapshot,
                        "error": describe(exc),
                    }
                ],
            )
            rejected += 1
    return saved, rejected


def _batches(records: list[dict[str, Any]]) -> Iterator[tuple[str, Any]]:
    """Records in file order, consecutive snapshots of one run grouped into batches."""
    batch: list[dict[str, Any]] = []
    batch_run = None
    for record in records:
        kind = record.get("kind")
        if kind == "snapshot" and isinstance(record.get("snapshot"), dict):
            run_id = record.get("run_id") or record["snapshot"].get("run_id")
            if batch and (run_id != batch_run or len(batch) >= BATCH_SIZE):
                yield "batch", (batch_run, batch)
                batch = []
            batch_run = run_id
            batch.append(record["snapshot"])
        elif kind in ("run", "finish"):
            if batch:
                yield "batch", (batch_run, batch)
                batch = []
            yield kind, record
    if batch:
        yield "batch", (batch_run, batch)


def replay(
    store: Store, records: list[dict[str, Any]], *, reject_to: Path, apply_finish: bool = True
) -> LoadResult:
    """Write spool records to the store in order. Runs are created if missing, never reset.
    DatabaseUnavailable propagates: the caller keeps the spool and tries again later."""
    result = LoadResult(str(reject_to).removesuffix(REJECTED_SUFFIX) + SUFFIX)
    known: set[str] = set()
    for kind, payload in _batches(records):
        # A spool file is input like any other: a run id that could not safely name a file
        # (e.g. "../../elsewhere") never reaches the database; its snapshots are set aside.
        run_id = payload[0] if kind == "batch" else payload.get("run_id")
        try:
            validate_run_id(run_id, f"{result.path}: spool record")
        except InvalidRunId as exc:
            logger.error("%s; set aside in %s", exc, reject_to)
            if kind == "batch":
                append(
                    reject_to,
                    [
                        {"kind": "snapshot", "run_id": run_id, "snapshot": s, "error": str(exc)}
                        for s in payload[1]
                    ],
                )
                result.rejected += len(payload[1])
            continue
        if kind == "run":
            store.ensure_run(
                payload["run_id"],
                payload.get("spider") or "unknown",
                payload["as_of"],
                payload.get("settings") or {},
            )
            known.add(payload["run_id"])
        elif kind == "batch":
            run_id, batch = payload
            if run_id not in known:
                _ensure_run_for(store, run_id, batch[0])
                known.add(run_id)
            # Stored again, a snapshot only replaces itself: count it apart, so loading a file
            # twice does not read as snapshots added.
            present = store.done_agencies(run_id)
            already = sum(s.get("agency_id") in present for s in batch)
            saved, rejected = save_batch(store, run_id, batch, reject_to)
            result.snapshots += max(0, saved - already)
            result.already += min(already, saved)
            result.rejected += rejected
        elif kind == "finish" and apply_finish:
            store.finish_run(payload["run_id"], payload["status"], payload.get("summary") or {})
            result.finished += 1
    result.runs = len(known)
    return result


def _ensure_run_for(store: Store, run_id: str, snapshot: Mapping[str, Any]) -> None:
    """A run known only from its snapshots (a bare feed): create it from what they say."""
    if store.run(run_id) is not None:
        return
    spider = _FAMILY_SPIDER.get(snapshot.get("family"), "unknown")
    store.ensure_run(run_id, spider, snapshot["as_of"], {"loaded_from": "spool"})


def load_file(store: Store, path: Path, *, keep: bool = False) -> LoadResult:
    """Load one spool (or feed) file; afterwards rename it to *.loaded unless keep=True, so a
    directory can be loaded again without reading it twice."""
    records, unreadable = read(path)
    result = replay(store, records, reject_to=rejected_path(path))
    result.path, result.unreadable = str(path), unreadable
    if not keep:
        path.rename(path.with_name(path.name + LOADED_SUFFIX))
    return result
