"""Annex rows: which agencies, in what order, with which number and name.

Order and numbers follow the 2018 annexes (`annex_no` from the agencies file, carried either in
the `agencies` mapping or on the snapshot). A level where every row has a distinct annex_no keeps
those numbers, so row 10 is Xankəndi in any run; otherwise rows are numbered 1..n in order
(annex_no first, then name).
"""

from __future__ import annotations

import dataclasses
import os
import pickle
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from ogpcrawl.report.cells import Cell, annex_cells
from ogpcrawl.report.safety import truncate

LEVELS = ("local", "central")
ANNEX_OF_LEVEL = {"local": 1, "central": 2}


@dataclass(frozen=True)
class AnnexRow:
    no: int
    agency_id: str
    name: str
    level: str
    reachable: bool
    cells: Mapping[str, Cell]
    snapshot: Mapping


def _annex_no(value: object) -> int | None:
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        return None


def agency_info(snapshot: Mapping, agencies: Mapping | None) -> dict:
    """Agency facts for one snapshot: the agencies mapping wins over the snapshot's own fields."""
    info = dict((agencies or {}).get(snapshot.get("agency_id"), {}) or {})
    for key in ("annex_no", "name", "local_type", "level", "name_en"):
        if info.get(key) in (None, "") and snapshot.get(key) not in (None, ""):
            info[key] = snapshot[key]
    return info


def display_name(snapshot: Mapping, info: Mapping, lang: str) -> str:
    name = (lang == "en" and info.get("name_en")) or info.get("name") or snapshot.get("name")
    return truncate(name or snapshot.get("agency_id") or "?")


def order(snapshots: Iterable[Mapping], agencies: Mapping | None) -> list[tuple[Mapping, dict]]:
    """Snapshots with their agency info, in annex order."""
    pairs = [(s, agency_info(s, agencies)) for s in snapshots]

    def key(pair):
        snapshot, info = pair
        no = _annex_no(info.get("annex_no"))
        name = str(info.get("name") or snapshot.get("name") or "")
        return (no is None, no or 0, name.casefold(), str(snapshot.get("agency_id")))

    return sorted(pairs, key=key)


def _row(
    snapshot: Mapping, info: Mapping, msg, lang: str, no: int = 0, keep_snapshot: bool = True
) -> AnnexRow:
    return AnnexRow(
        no=no,
        agency_id=str(snapshot.get("agency_id")),
        name=display_name(snapshot, info, lang),
        level=str(snapshot.get("level") or info.get("level") or ""),
        reachable=bool(snapshot.get("reachable", True)),
        cells=annex_cells(snapshot, msg, lang),
        # A streamed row keeps only what the report's news table reads, not the snapshot.
        snapshot=snapshot if keep_snapshot else {"news": snapshot.get("news")},
    )


def _numbered(rows: list[AnnexRow], numbers: list[int | None]) -> list[AnnexRow]:
    keep = all(n is not None for n in numbers) and len(set(numbers)) == len(numbers)
    return [
        dataclasses.replace(r, no=no if keep else i)
        for i, (r, no) in enumerate(zip(rows, numbers, strict=True), start=1)
    ]


def annex_rows(snapshots: Iterable[Mapping], msg, lang: str, agencies=None) -> list[AnnexRow]:
    """Rows of one annex (the caller passes the snapshots of one level)."""
    pairs = order(snapshots, agencies)
    rows = [_row(snapshot, info, msg, lang) for snapshot, info in pairs]
    return _numbered(rows, [_annex_no(info.get("annex_no")) for _, info in pairs])


class SpooledRows:
    """One annex's rows, kept on disk: each row pickled to `spool` (a binary temporary file) as
    it is made, only its sort key and offset held; iterated (as often as a writer needs) in order,
    numbered as _numbered would. A 5,000-agency run's rows held as objects took ~27 MB."""

    def __init__(self, spool, keyed: list[tuple[tuple, int, int | None]]):
        keyed.sort(key=lambda item: item[0])
        self._spool = spool
        self._offsets = [offset for _, offset, _ in keyed]
        numbers = [no for _, _, no in keyed]
        keep = all(n is not None for n in numbers) and len(set(numbers)) == len(numbers)
        self._numbers = numbers if keep else list(range(1, len(numbers) + 1))

    def __len__(self) -> int:
        return len(self._offsets)

    def __iter__(self):
        for offset, no in zip(self._offsets, self._numbers, strict=True):
            self._spool.seek(offset)
            yield dataclasses.replace(pickle.load(self._spool), no=no)


def streamed_annex_rows(
    snapshots: Iterable[Mapping], msg, lang: str, agencies=None, spool=None
) -> dict[str, list[AnnexRow] | SpooledRows]:
    """level -> its annex rows, the same as by_level + annex_rows, in one pass over
    `snapshots` (e.g. read from the database in batches): each snapshot becomes its row and is
    let go, so a run of thousands of agencies is never in memory all at once. With `spool` (a
    binary temporary file, open while the rows are read) the rows themselves are kept there."""
    keyed: dict[str, list] = {level: [] for level in LEVELS}
    for snapshot in snapshots:
        info = agency_info(snapshot, agencies)
        level = snapshot.get("level") or info.get("level")
        if level not in keyed:
            continue
        no = _annex_no(info.get("annex_no"))
        name = str(info.get("name") or snapshot.get("name") or "")
        key = (no is None, no or 0, name.casefold(), str(snapshot.get("agency_id")))
        row = _row(snapshot, info, msg, lang, keep_snapshot=False)
        if spool is not None:
            offset = spool.seek(0, os.SEEK_END)
            pickle.dump(row, spool, protocol=pickle.HIGHEST_PROTOCOL)
            row = offset
        keyed[level].append((key, row, no))
    if spool is not None:
        return {level: SpooledRows(spool, items) for level, items in keyed.items()}
    out = {}
    for level, items in keyed.items():
        items.sort(key=lambda item: item[0])
        out[level] = _numbered([row for _, row, _ in items], [no for _, _, no in items])
    return out


def by_level(snapshots: Iterable[Mapping], agencies=None) -> dict[str, list[Mapping]]:
    """Snapshots split by level; the snapshot's level wins, the agencies file fills a gap."""
    out: dict[str, list[Mapping]] = {level: [] for level in LEVELS}
    for s in snapshots:
        level = s.get("level") or agency_info(s, agencies).get("level")
        if level in out:
            out[level].append(s)
    return out
