"""Where a run's archive lives, and the checks that keep run ids from naming other paths."""

from __future__ import annotations

import shutil
from pathlib import Path

# One run-id rule for the whole project (ogpcrawl/runinfo.py): a run id names folders.
from ogpcrawl.runinfo import RUN_ID_PATTERN, InvalidRunId, path_inside, validate_run_id

__all__ = [
    "InvalidRunId",
    "RUN_ID_PATTERN",
    "check_run_id",
    "run_dir",
    "wacz_path",
    "archive_root",
    "apply_retention",
]

DEFAULT_ARCHIVE_DIR = "archive"
WARC_SUBDIR = "warc"
PAGES_SUBDIR = "pages"


def check_run_id(value: object, source: str = "run id") -> str:
    return validate_run_id(value, source)


def archive_root(settings=None) -> Path:
    value = settings.get("OGP_ARCHIVE_DIR") if settings is not None else None
    return Path(value or DEFAULT_ARCHIVE_DIR)


def run_dir(root: str | Path, run_id: str) -> Path:
    """root/<run id>, refused unless the id is a plain folder name that stays inside root."""
    return path_inside(root, check_run_id(run_id))


def wacz_path(root: str | Path, run_id: str) -> Path:
    return run_dir(root, run_id) / f"{run_id}.wacz"


def apply_retention(root: str | Path, keep: int, *, protect: str | None = None) -> list[Path]:
    """Keep the archives of the newest `keep` runs (by their folder's modification time) and
    delete older ones; 0 keeps every run. `protect` (the run being written) is never deleted.
    Only folders whose name is a valid run id and that hold a warc/ folder or a WACZ are touched,
    so a stray folder in the archive root is left alone."""
    root = Path(root)
    if keep <= 0 or not root.is_dir():
        return []
    runs = []
    for d in root.iterdir():
        if not d.is_dir() or d.is_symlink() or not RUN_ID_PATTERN.fullmatch(d.name):
            continue
        if (d / WARC_SUBDIR).is_dir() or (d / f"{d.name}.wacz").is_file():
            runs.append(d)
    runs.sort(key=lambda d: d.stat().st_mtime, reverse=True)
    removed = []
    for d in runs[keep:]:
        if d.name == protect:
            continue
        shutil.rmtree(d)
        removed.append(d)
    return removed
