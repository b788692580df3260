"""One verdict, every place: the rendered annex (HTML and CSV), the analyst views and the ratings.

`problems(snapshots, db_url, out_dir)` compares, for every snapshot of a stored and rendered run:

- the annex cell words in the CSV and in the HTML, and the notes in both;
- the v_annex1 / v_annex2 cells and notes, and the stored verdict columns (v_latest_snapshot);
- the judgement layer's verdicts (detect/verdicts.py) and the ratings recomputed from the snapshot,
  which must agree with the cells (a "Var" for 4.2.1 is a rating of substantial or better ...).

It returns a list of readable disagreements; a test asserts it is empty. Used on every fixture
snapshot (tests/db/test_consistency.py) and on the whole replica crawl (tests/e2e).
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping
from pathlib import Path

from parsel import Selector
from sqlalchemy import create_engine, text

from ogpcrawl.detect import verdicts
from ogpcrawl.detect.ratings import rate

WORDS = {"yes": "Var", "no": "Yoxdur", "unknown": "Naməlum", "down": "İŞLƏMİR"}
COLUMNS = verdicts.COLUMNS
MET = ("substantial", "complete")


def _norm(s: str) -> str:
    return " ".join((s or "").split())


def csv_cells(out_dir: Path) -> dict[str, dict[str, str]]:
    """agency_id -> {column: cell text, "notes": text, "no": number} from annex*.csv."""
    out = {}
    for path in sorted(Path(out_dir).rglob("annex*_*.csv")):
        with path.open(encoding="utf-8-sig", newline="") as f:
            rows = list(csv.reader(f))
        header = rows[0]
        for r in rows[1:]:
            rec = dict(zip(header, r, strict=True))
            cells = {c: rec[c] for c in COLUMNS}
            cells["notes"] = r[len(COLUMNS) + 2]
            cells["no"] = r[0]
            out[rec["agency_id"]] = cells
    return out


def html_cells(out_dir: Path) -> dict[str, dict[str, str]]:
    """agency_id -> {column: the cell's verdict word, "kind:<column>": its class, "notes": text}."""
    out = {}
    for path in sorted(Path(out_dir).rglob("annex*_*.html")):
        sel = Selector(text=path.read_text("utf-8"))
        for tr in sel.css("table.annex tbody tr"):
            aid = tr.attrib["id"].removeprefix("row-")
            cells: dict[str, str] = {}
            down = tr.css("td.c-down")
            tds = tr.css("td")[2:-1]
            if down:
                for c in COLUMNS:
                    cells[c], cells[f"kind:{c}"] = _norm(down[0].xpath("string()").get()), "down"
            else:
                for c, td in zip(COLUMNS, tds, strict=True):
                    cells[c] = _norm(td.css("span.w").xpath("string()").get() or "")
                    cells[f"kind:{c}"] = td.attrib["class"].removeprefix("c-")
            cells["notes"] = _norm(tr.css("td.notes").xpath("string()").get())
            out[aid] = cells
    return out


def view_rows(db_url: str) -> tuple[dict[str, dict], dict[str, dict]]:
    """(v_annex1 ∪ v_annex2 rows, v_latest_snapshot rows), each by agency_id."""
    engine = create_engine(db_url)
    try:
        with engine.connect() as c:
            annex = {}
            for view in ("v_annex1", "v_annex2"):
                for r in c.execute(text(f"SELECT * FROM {view}")):  # noqa: S608 - fixed names
                    annex[r._mapping["agency_id"]] = dict(r._mapping)
            latest = {
                r._mapping["agency_id"]: dict(r._mapping)
                for r in c.execute(text("SELECT * FROM v_latest_snapshot"))
            }
    finally:
        engine.dispose()
    return annex, latest


def _ratings_agree(kind: str, column: str, rating: str) -> bool:
    """What a cell verdict implies about the rating of the same commitment."""
    if kind in ("down", "unknown"):
        return kind != "down" or rating == "not_started"
    yes = kind == "yes"
    if column == "4.2.1":
        return yes == (rating in MET)
    if column in ("2.4", "4.2.2"):
        return yes == (rating != "not_started")
    return (not yes) or rating != "not_started"  # 5.6: portal links alone rate limited


def problems(snapshots: Iterable[Mapping], db_url: str, out_dir: Path) -> list[str]:
    snapshots = list(snapshots)
    from_csv, from_html = csv_cells(out_dir), html_cells(out_dir)
    annex, latest = view_rows(db_url)
    bad: list[str] = []
    for s in snapshots:
        aid = s["agency_id"]
        kinds = verdicts.cell_kinds(s)
        ratings = rate(s)
        if dict(s.get("ratings") or {}) != ratings:
            bad.append(f"{aid}: stored ratings {s.get('ratings')} != recomputed {ratings}")
        for where, table in (("csv", from_csv), ("html", from_html), ("view", annex)):
            if aid not in table:
                bad.append(f"{aid}: missing from the {where} annex")
        if any(aid not in t for t in (from_csv, from_html, annex)):
            continue
        view, row_csv, row_html = annex[aid], from_csv[aid], from_html[aid]
        for c in COLUMNS:
            word = WORDS[kinds[c]]
            col = "col_" + c.replace(".", "_")
            got = {
                "csv": row_csv[c].split(" ", 1)[0],
                "html": row_html[c],
                "html class": WORDS.get(row_html[f"kind:{c}"]),
                "view": view[col],
            }
            for where, value in got.items():
                if value != word:
                    bad.append(f"{aid} {c}: verdict {word!r} but the {where} says {value!r}")
            if not _ratings_agree(kinds[c], c, ratings[c]):
                bad.append(f"{aid} {c}: cell {word!r} but rating {ratings[c]!r}")
        if _norm(view["notes"]) != _norm(row_csv["notes"]):
            bad.append(f"{aid} notes: view {view['notes']!r} != csv {row_csv['notes']!r}")
        if _norm(row_html["notes"]) != _norm(row_csv["notes"]):
            bad.append(f"{aid} notes: html {row_html['notes']!r} != csv {row_csv['notes']!r}")
        if str(view["no"] or "") != row_csv["no"]:
            bad.append(f"{aid}: the view numbers it {view['no']!r}, the annex {row_csv['no']!r}")
        stored = latest.get(aid, {})
        for name, value in verdicts.stored_verdicts(s).items():
            got_v = stored.get(name)
            if (None if got_v is None else bool(got_v)) != value:
                bad.append(f"{aid}: stored {name}={got_v!r}, the judgement layer says {value!r}")
        for c in COLUMNS:
            col = "rating_" + c.replace(".", "_")
            if stored.get(col) != ratings[c]:
                bad.append(f"{aid}: stored {col}={stored.get(col)!r} != {ratings[c]!r}")
    return bad
