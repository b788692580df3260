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


def truth_by_host() -> dict[str, dict]:
    return {h: r for r in load_truth() for h in r["hosts"].split(";") if h}
