"""CSV and Markdown output of annexes and the summary. HTML is the templates' job.

CSV is written for Excel first: UTF-8 with a byte-order mark (Excel otherwise reads Azerbaijani
letters as cp1252), comma separated, CRLF line ends, every cell quoted as needed by the csv module,
and formula-looking cells prefixed with ' (safety.csv_cell).
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path

from ogpcrawl.report.cells import COLUMNS
from ogpcrawl.report.env import pct, signed
from ogpcrawl.report.rows import AnnexRow
from ogpcrawl.report.safety import csv_cell, md_cell


def annex_header(msg, level: str) -> list[str]:
    return [msg["col_no"], msg[f"col_name_{level}"], *COLUMNS, msg["col_notes"], "agency_id"]


def annex_record(row: AnnexRow) -> list:
    return [
        row.no,
        row.name,
        *(row.cells[c].plain() for c in COLUMNS),
        row.cells["notes"].plain(),
        row.agency_id,
    ]


def write_annex_csv(rows: Sequence[AnnexRow], path: Path, msg, level: str) -> Path:
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        w = csv.writer(f, lineterminator="\r\n")
        w.writerow(annex_header(msg, level))
        for row in rows:
            w.writerow([csv_cell(v) for v in annex_record(row)])
    return path


def md_table(header: Sequence[str], records: Sequence[Sequence]) -> str:
    lines = [
        "| " + " | ".join(md_cell(h) for h in header) + " |",
        "|" + "|".join("---" for _ in header) + "|",
    ]
    lines += ["| " + " | ".join(md_cell(v) for v in r) + " |" for r in records]
    return "\n".join(lines) + "\n"


def annex_markdown(rows: Sequence[AnnexRow], msg, level: str, title: str, run_line: str) -> str:
    header = annex_header(msg, level)[:-1]
    records = [annex_record(r)[:-1] for r in rows]
    return f"## {md_cell(title)}\n\n{md_cell(run_line)}\n\n" + md_table(header, records)


def summary_markdown(summary: dict, msg) -> str:
    sep = msg["decimal_sep"]  # 42,9% in Azerbaijani, 42.9% in English
    out = [f"## {msg['summary']}\n"]
    for ls in summary["levels"]:
        out.append(f"### {msg['level_' + ls.level]}\n")
        records = []
        for m in ls.metrics:
            ref = ""
            if m.reference:
                qty = m.reference.quantity
                ref = f"{qty if qty is not None else msg['all']} ({m.reference.claim_id})"
            names = msg["all"] if m.count == ls.n and ls.n > 3 else ", ".join(m.names)
            records.append([m.label, m.count, ref, names])
        out.append(
            md_table([msg["metric"], msg["count"], msg["ref_2018"], msg["agencies"]], records)
        )
    out.append(f"\n## {msg['compliance']}\n\n{md_cell(msg['compliance_note'])}\n")
    records = []
    for c in summary["compliance"]:
        both = c.levels["both"]
        records.append(
            [
                c.commitment,
                f"{pct(both['share'], sep)} ({both['met']}/{both['n']})",
                "" if c.claimed is None else pct(c.claimed, sep),
                "" if c.difference is None else signed(c.difference, sep),
            ]
        )
    out.append(
        md_table([msg["commitment"], msg["share_met"], msg["claimed"], msg["difference"]], records)
    )
    return "\n".join(out)


def progress_markdown(prog: dict | None, msg, kinds: Sequence[str]) -> str:
    if prog is None:
        return f"## {msg['progress']}\n\n{msg['progress_none']}\n"
    records = [[c, *(counts[k] for k in kinds)] for c, counts in prog["counts"].items()]
    text = f"## {msg['progress']}\n\n" + md_table(
        [msg["commitment"], *(msg[k] for k in kinds)], records
    )
    changed = [r for r in prog["rows"] if r.changed]
    if changed:

        def level(ch):
            b = msg["rating_" + ch.before] if ch.before else msg["rating_none"]
            a = msg["rating_" + ch.after] if ch.after else msg["rating_none"]
            return f"{b} → {a}"

        commitments = list(prog["counts"])
        text += "\n" + md_table(
            [msg["agency"], *commitments],
            [[r.name, *(level(r.changes[c]) for c in commitments)] for r in changed],
        )
    return text
