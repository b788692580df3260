"""The ground truth: what every replica site shows (data/ground_truth.csv, built by build_truth)."""

from __future__ import annotations

import csv
import io
import pkgutil
from functools import lru_cache


@lru_cache(maxsize=1)
def load_truth() -> tuple[dict, ...]:
    # pkgutil, not __file__: the farm must also work from an installed egg/wheel
    raw = pkgutil.get_data("ogpcrawl.farm", "data/ground_truth.csv")
    return tuple(csv.DictReader(io.StringIO(raw.decode("utf-8"))))


def truth_by_id() -> dict[str, dict]:
    return {r["agency_id"]: r for r in load_truth()}


# Edit-only fields (not columns of ground_truth.csv): fail_paths = paths of the site that answer
# 503, ';'-separated, e.g. binegedi:fail_paths=/page/29.html (a page that fails to load while the
# rest of the site works).
EDIT_ONLY_FIELDS = ("fail_paths",)


def truth_by_host(edits: list[str] | None = None) -> dict[str, dict]:
    rows = apply_edits(load_truth(), edits or [])
    # reachable=false serves no host at all (the proxy answers 502), also when set by --edit.
    return {h: r for r in rows if r.get("reachable") != "false" for h in r["hosts"].split(";") if h}


def apply_edits(rows: tuple[dict, ...], edits: list[str]) -> tuple[dict, ...]:
    """The ground truth with some agencies changed, for "what changed since the last run" demos:
    each edit is `AGENCY_ID:FIELD=VALUE[,FIELD=VALUE...]` (fields of ground_truth.csv)."""
    if not edits:
        return rows
    by_id = {r["agency_id"]: dict(r) for r in rows}
    for edit in edits:
        aid, _, assignments = edit.partition(":")
        if aid not in by_id or not assignments:
            raise ValueError(f"--edit {edit!r}: need AGENCY_ID:FIELD=VALUE with a known agency")
        for assignment in assignments.split(","):
            field, eq, value = assignment.partition("=")
            if not eq or (field not in by_id[aid] and field not in EDIT_ONLY_FIELDS):
                raise ValueError(f"--edit {edit!r}: unknown field {field!r}")
            by_id[aid][field] = value
    return tuple(by_id[r["agency_id"]] for r in rows)
