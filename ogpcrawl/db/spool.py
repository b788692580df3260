"""The spool: JSONL files holding what could not reach the database, replayable later.

One file per run, `<spool_dir>/<run_id>.jsonl`, appended and fsync'd per batch. Each line is one
record:

    {"kind": "run", "run_id": ..., "spider": ..., "as_of": ..., "settings": {...}}
    {"kind": "snapshot", "run_id": ..., "snapshot": {...the contract dict...}}
    {"kind": "finish", "run_id": ..., "status": ..., "summary": {...}}

A line without "kind" is taken as a bare snapshot, so a feed written with `-O out.jsonl` loads
too. Snapshots the database refuses as data (not as an outage) go to `<run_id>.rejected.jsonl`
beside the spool, never silently away. Writing records into a Store is spool_load.py's job: this
module is the file format alone and imports nothing else of the db package.
"""

from __future__ import annotations

import json
import logging
import os
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

logger = logging.getLogger(__name__)

SUFFIX = ".jsonl"
REJECTED_SUFFIX = ".rejected.jsonl"
LOADED_SUFFIX = ".loaded"
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]")


def spool_path(spool_dir: str | os.PathLike, run_id: str) -> Path:
    return Path(spool_dir) / (_UNSAFE.sub("_", run_id) + SUFFIX)


def rejected_path(path: Path) -> Path:
    return path.with_name(path.name.removesuffix(SUFFIX) + REJECTED_SUFFIX)


def append(path: Path, records: Iterable[Mapping[str, Any]]) -> int:
    """Append records durably: flushed and fsync'd before returning (the database is gone, this
    file is the only copy)."""
    lines = [json.dumps(r, ensure_ascii=False, default=str) + "\n" for r in records]
    if not lines:
        return 0
    path.parent.mkdir(parents=True, exist_ok=True)
    created = not path.exists()
    with path.open("a", encoding="utf-8") as f:
        f.writelines(lines)
        f.flush()
        os.fsync(f.fileno())
    if created:  # the new directory entry must survive a crash too
        fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
    return len(lines)


def read(path: Path) -> tuple[list[dict[str, Any]], int]:
    """(records, unreadable line count). A torn last line from a crash is skipped, not fatal."""
    records, bad = [], 0
    with path.open(encoding="utf-8", errors="replace") as f:
        for number, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except ValueError:
                logger.warning("%s:%d: unreadable spool line skipped", path, number)
                bad += 1
                continue
            if not isinstance(record, dict):
                bad += 1
                continue
            if "kind" not in record:  # a bare snapshot, as `-O out.jsonl` writes them
                record = {"kind": "snapshot", "run_id": record.get("run_id"), "snapshot": record}
            records.append(record)
    return records, bad


def spool_files(paths: Iterable[str | os.PathLike]) -> list[Path]:
    """Files to load: each file as given; for a directory its *.jsonl (not rejected ones)."""
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            out.extend(
                f for f in sorted(p.glob("*" + SUFFIX)) if not f.name.endswith(REJECTED_SUFFIX)
            )
        else:
            out.append(p)
    return out
