"""Render annexes and the full report from snapshot dicts into files. The two public entry points.

Output names (in out_dir):
  annex1_local.{html,csv,md,pdf}   annex2_central.{html,csv,md,pdf}   (a level with no snapshots
                                                                       is not rendered)
  report.{html,md,pdf}, summary.json                                    (render_report only)
"""

from __future__ import annotations

import dataclasses
import json
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from pathlib import Path

from ogpcrawl import vocab
from ogpcrawl.report.cells import COLUMNS, fmt_date
from ogpcrawl.report.charts import SPARK_MONTHS, month_keys, share_bars, sparkline, stacked_bar
from ogpcrawl.report.env import make_env, pct, signed
from ogpcrawl.report.messages import catalogue
from ogpcrawl.report.pdf import html_to_pdf
from ogpcrawl.report.progress import BaselineMatch, match_baseline, progress
from ogpcrawl.report.rows import (
    ANNEX_OF_LEVEL,
    LEVELS,
    annex_rows,
    by_level,
    display_name,
    order,
    streamed_annex_rows,
)
from ogpcrawl.report.safety import md_cell
from ogpcrawl.report.summary import compliance, summarise
from ogpcrawl.report.writers import (
    annex_markdown,
    progress_markdown,
    summary_markdown,
    write_annex_csv,
)

FORMATS = ("html", "csv", "md", "pdf")
DEFAULT_FORMATS = ("html", "csv")
CHANGE_KINDS = ("improved", "worsened", "unchanged", "new", "gone")
STAMP_PREFIX = "NOT-PUBLISHABLE_"  # file names of a run that must not be published


def _stamp_md(msg, unpublishable: str | None) -> str:
    if not unpublishable:
        return ""
    return f"> **{md_cell(msg['not_publishable'].format(reason=unpublishable))}**\n\n"


def _formats(formats: Iterable[str]) -> tuple[str, ...]:
    fmts = tuple(dict.fromkeys(f.strip().lower() for f in formats if f.strip()))
    bad = [f for f in fmts if f not in FORMATS]
    if bad:
        raise ValueError(f"unknown report format(s) {bad}; choose from {FORMATS}")
    return fmts


def _run_view(run: Mapping | None, snapshots: Sequence[Mapping]) -> dict:
    """The run fields templates use, with gaps filled so StrictUndefined never trips on them."""
    run = dict(run or {})
    if not run.get("as_of"):
        dates = sorted({s.get("as_of") for s in snapshots if s.get("as_of")})
        run["as_of"] = dates[-1] if dates else ""
    if not run.get("run_id"):
        ids = sorted({s.get("run_id") for s in snapshots if s.get("run_id")})
        run["run_id"] = ", ".join(ids)
    for key in ("spider", "started_at", "finished_at", "status", "round"):
        run.setdefault(key, "")
    return run


def _as_of(run: Mapping) -> date:
    try:
        return date.fromisoformat(str(run["as_of"])[:10])
    except ValueError:
        raise ValueError(f"run has no usable as_of date: {run.get('as_of')!r}") from None


def _annexes(snapshots, msg, lang, agencies) -> list[dict]:
    groups = by_level(snapshots, agencies)
    out = []
    for level in LEVELS:
        if not groups[level]:
            continue
        no = ANNEX_OF_LEVEL[level]
        out.append(
            {
                "no": no,
                "level": level,
                "stem": f"annex{no}_{level}",
                "title": msg[f"annex{no}_title"],
                "name_header": msg[f"col_name_{level}"],
                "rows": annex_rows(groups[level], msg, lang, agencies),
            }
        )
    return out


def _context(msg, lang, run, unpublishable: str | None = None) -> dict:
    return {
        "unpublishable": unpublishable,
        "round": round_name(msg, run),
        "msg": msg,
        "lang": lang,
        "run": run,
        "columns": COLUMNS,
        "ratings": vocab.RATINGS,
        "commitments": vocab.COMMITMENTS,
        "change_kinds": CHANGE_KINDS,
    }


def round_name(msg, run: Mapping) -> str:
    """The monitoring round as readers know it: the run's "round" (REPORT_ROUND, `scrapy report
    --round`), else its month and year ("Monitorinq dövrü: avqust 2018"). Never a machine id."""
    if run.get("round"):
        return str(run["round"])
    try:
        day = date.fromisoformat(str(run["as_of"])[:10])
    except ValueError:
        return msg["round_default"].format(month="", year="").strip()
    month = msg["month_names"].split()[day.month - 1]
    return msg["round_default"].format(month=month, year=day.year)


def _run_line(msg, run: Mapping, lang: str) -> str:
    return msg["run_line"].format(round=round_name(msg, run), as_of=fmt_date(run["as_of"], lang))


def _findings(summary: Mapping, msg, annexes) -> list[str]:
    """The short findings section: each commitment's share against the official claim, and
    how many sites did not open. Sentences only; the tables follow."""
    out = []
    for c in summary["compliance"]:
        both = c.levels["both"]
        text = msg["finding_commitment"].format(
            c=c.commitment,
            title=msg[f"col_{c.commitment}"],
            met=both["met"],
            n=both["n"],
            share=pct(both["share"], msg["decimal_sep"]),
        )
        if c.claimed is not None and c.difference is not None:
            text += " " + msg["finding_claim"].format(
                claimed=pct(c.claimed, msg["decimal_sep"]),
                diff=signed(c.difference, msg["decimal_sep"]),
            )
        out.append(text)
    down = sum(m.count for ls in summary["levels"] for m in ls.metrics if m.key == "unreachable")
    total = sum(ls.n for ls in summary["levels"])
    out.append(
        msg["finding_unreachable"].format(n=down, total=total)
        if down
        else msg["finding_no_unreachable"]
    )
    return out


def _scope(summary: Mapping, msg) -> str:
    parts = [
        msg["cover_scope_part"].format(n=ls.n, level=msg[f"scope_{ls.level}"])
        for ls in summary["levels"]
    ]
    total = sum(ls.n for ls in summary["levels"])
    return msg["cover_scope"].format(n=total, parts=", ".join(parts))


def _method_markdown(msg, run: Mapping, lang: str) -> str:
    lines = [
        f"## {msg['method']}",
        "",
        msg["method_intro"].format(as_of=fmt_date(run["as_of"], lang)),
        "",
        msg["method_scale"],
        "",
    ]
    for c in vocab.COMMITMENTS:
        lines += [f"- **{c}** — {msg['method_' + c]}"]
    lines += [
        "",
        msg["method_claims"],
        "",
        # the only text here not from the catalogue: ids and times from the database
        msg["method_runs"].format(
            run_id=md_cell(run["run_id"]),
            started_at=md_cell(run["started_at"]),
            finished_at=md_cell(run["finished_at"]),
        ),
    ]
    return "\n".join(lines) + "\n"


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def _print_pdf(html_path: Path | None, html_text: str, pdf_path: Path) -> Path:
    if html_path is not None:
        return html_to_pdf(html_path, pdf_path)
    with tempfile.TemporaryDirectory(prefix="ogp-report-") as tmp:
        tmp_html = _write(Path(tmp) / (pdf_path.stem + ".html"), html_text)
        return html_to_pdf(tmp_html, pdf_path)


def render_annexes(
    snapshots: Iterable[Mapping],
    out_dir: str | Path,
    *,
    run: Mapping,
    agencies: Mapping[str, Mapping] | None = None,
    lang: str = "az",
    formats: Iterable[str] = DEFAULT_FORMATS,
    templates_dir: str | Path | None = None,
    unpublishable: str | None = None,
) -> list[Path]:
    """Annex 1 (local) and Annex 2 (central) in the 2018 report's form. Returns the files written.

    `snapshots` is read once, each turned into its row as it comes (streamed_annex_rows), and
    the HTML is written as the template produces it: with snapshots read from the database in
    batches (report/stored_run.render_stored_run), memory does not grow with the run's snapshots.
    `unpublishable`: why this run must not be published (a degraded run): every page then says
    so at the top and every file name starts with NOT-PUBLISHABLE_, the CSV's too."""
    fmts, msg = _formats(formats), catalogue(lang)
    seen: dict[str, set] = {"as_of": set(), "run_id": set()}

    def noting(items):  # what _run_view needs from the snapshots, kept as they pass
        for s in items:
            for key in seen:
                if s.get(key):
                    seen[key].add(s[key])
            yield s

    # The rows wait on disk while the snapshots are read (only their order is held); the
    # spool is deleted when the annexes are written.
    with tempfile.TemporaryFile(prefix="ogp-annex-rows-") as spool:
        rows = streamed_annex_rows(noting(snapshots), msg, lang, agencies, spool=spool)
        return _write_annexes(
            rows, out_dir, seen, run, msg, lang, fmts, templates_dir, unpublishable
        )


def _write_annexes(rows, out_dir, seen, run, msg, lang, fmts, templates_dir, unpublishable):
    run = _run_view(run, [{k: v} for k, values in seen.items() for v in values])
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    env = make_env(templates_dir)
    ctx = _context(msg, lang, run, unpublishable)
    written: list[Path] = []
    for annex in _annex_views(rows, msg):
        stem = out / ((STAMP_PREFIX if unpublishable else "") + annex["stem"])
        template = env.get_template("annex.html.j2")
        html_path = None
        if "html" in fmts:
            html_path = stem.with_suffix(".html")
            with html_path.open("w", encoding="utf-8") as fh:
                fh.writelines(template.generate(**ctx, annex=annex))
            written.append(html_path)
        if "csv" in fmts:
            written.append(
                write_annex_csv(annex["rows"], stem.with_suffix(".csv"), msg, annex["level"])
            )
        if "md" in fmts:
            run_line = _run_line(msg, run, lang)
            text = annex_markdown(annex["rows"], msg, annex["level"], annex["title"], run_line)
            written.append(_write(stem.with_suffix(".md"), _stamp_md(msg, unpublishable) + text))
        if "pdf" in fmts:
            html = "" if html_path else template.render(**ctx, annex=annex)
            written.append(_print_pdf(html_path, html, stem.with_suffix(".pdf")))
    return written


def _annex_views(rows: Mapping[str, list], msg) -> list[dict]:
    """The annexes' template data from their rows (levels without rows are left out)."""
    return [
        {
            "no": ANNEX_OF_LEVEL[level],
            "level": level,
            "stem": f"annex{ANNEX_OF_LEVEL[level]}_{level}",
            "title": msg[f"annex{ANNEX_OF_LEVEL[level]}_title"],
            "name_header": msg[f"col_name_{level}"],
            "rows": rows[level],
        }
        for level in LEVELS
        if rows.get(level)
    ]


def _news_rows(annexes, as_of: date) -> list[tuple[str, list[dict]]]:
    out = []
    for annex in annexes:
        rows = []
        for row in annex["rows"]:
            news = row.snapshot.get("news") or {}
            per_month = news.get("per_month")
            rows.append(
                {
                    "row": row,
                    "spark": sparkline(news.get("monthly"), as_of),
                    "per_month": "" if per_month is None else f"{per_month:.1f}",
                    "last_date": news.get("last_date") or "",
                }
            )
        out.append((annex["level"], rows))
    return out


def _baseline_notes(match: BaselineMatch, msg, lang: str, agencies, run: Mapping) -> list[str]:
    """The sentences that say what the comparison with the baseline covers and leaves out."""
    notes = []
    if match.partial:
        notes.append(msg["baseline_partial"].format(n=len(match.common)))
    for key, snaps in (
        ("baseline_only_now", match.only_now),
        ("baseline_only_before", match.only_before),
    ):
        if snaps:
            levels = ", ".join(
                msg[f"level_{lv}"] for lv in LEVELS if any(s.get("level") == lv for s in snaps)
            )
            names = ", ".join(display_name(s, i, lang) for s, i in order(list(snaps), agencies))
            notes.append(msg[key].format(n=len(snaps), levels=levels, names=names))
    if match.same_date:
        notes.append(msg["baseline_same_date"].format(as_of=fmt_date(run["as_of"], lang)))
    return notes


def _jsonable(obj):
    if dataclasses.is_dataclass(obj):
        return {k: _jsonable(v) for k, v in dataclasses.asdict(obj).items()}
    if isinstance(obj, Mapping):
        return {str(k): _jsonable(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [_jsonable(v) for v in obj]
    return obj


def render_report(
    snapshots: Iterable[Mapping],
    out_dir: str | Path,
    *,
    run: Mapping,
    baseline_snapshots: Iterable[Mapping] | None = None,
    baseline_run: Mapping | None = None,
    agencies: Mapping[str, Mapping] | None = None,
    lang: str = "az",
    claims: Mapping[str, float] | None = None,
    formats: Iterable[str] = DEFAULT_FORMATS,
    templates_dir: str | Path | None = None,
    unpublishable: str | None = None,
) -> list[Path]:
    """The annexes plus report.html/.md/.pdf (summary, compliance, progress, pictures)
    and summary.json. Returns the files written. `unpublishable`: as for render_annexes."""
    snapshots = list(snapshots)
    fmts, msg = _formats(formats), catalogue(lang)
    run = _run_view(run, snapshots)
    as_of = _as_of(run)
    out = Path(out_dir)
    written = render_annexes(
        snapshots,
        out,
        run=run,
        agencies=agencies,
        lang=lang,
        formats=fmts,
        templates_dir=templates_dir,
        unpublishable=unpublishable,
    )
    report_stem = (STAMP_PREFIX if unpublishable else "") + "report"

    summary = summarise(snapshots, msg, lang, agencies, claims)
    annexes = _annexes(snapshots, msg, lang, agencies)
    prog, change_bars, base_view = None, [], None
    baseline_notes: list[str] = []
    if baseline_snapshots is not None:
        baseline_snapshots = list(baseline_snapshots)
        base_view = _run_view(baseline_run, baseline_snapshots)
        match = match_baseline(run["as_of"], snapshots, base_view["as_of"], baseline_snapshots)
        baseline_notes = _baseline_notes(match, msg, lang, agencies, run)
        # like with like: only the agencies both runs checked are compared
        before_snaps = [s for s in baseline_snapshots if s.get("agency_id") in match.common]
        now_snaps = [s for s in snapshots if s.get("agency_id") in match.common]
        prog = progress(before_snaps, now_snaps, lang, agencies)
        before = {c.commitment: c for c in compliance(before_snaps, None, lang, agencies)}
        now = {c.commitment: c for c in compliance(now_snaps, None, lang, agencies)}
        change_bars = [
            (
                c,
                share_bars(before[c].levels["both"]["share"], now[c].levels["both"]["share"]),
            )
            for c in vocab.COMMITMENTS
        ]
    ctx = _context(msg, lang, run, unpublishable) | {
        "summary": summary,
        "annexes": annexes,
        "levels_present": [a["level"] for a in annexes],
        "bars": {
            c.commitment: stacked_bar(c.levels["both"]["dist"]) for c in summary["compliance"]
        },
        "progress": prog,
        "baseline_run": base_view,
        "baseline_notes": baseline_notes,
        "change_bars": change_bars,
        "findings": _findings(summary, msg, annexes),
        "scope": _scope(summary, msg),
        "news_rows": _news_rows(annexes, as_of),
        "spark_months": SPARK_MONTHS,
        "spark_end": month_keys(as_of)[-1],
    }
    html = make_env(templates_dir).get_template("report.html.j2").render(**ctx)
    html_path = _write(out / f"{report_stem}.html", html) if "html" in fmts else None
    written += [html_path] if html_path else []
    if "md" in fmts:
        run_line = _run_line(msg, run, lang)
        findings = "".join(f"- {f}\n" for f in ctx["findings"])  # catalogue words, numbers
        parts = [
            _stamp_md(msg, unpublishable) + f"# {msg['report_title']}\n\n{md_cell(run_line)}\n\n"
            f"{msg['report_subtitle']}\n\n{ctx['scope']}\n",
            f"## {msg['findings']}\n\n{findings}",
            summary_markdown(summary, msg),
            progress_markdown(prog, msg, CHANGE_KINDS),
            "".join(f"> {md_cell(note)}\n" for note in baseline_notes),
        ]
        parts += [annex_markdown(a["rows"], msg, a["level"], a["title"], run_line) for a in annexes]
        parts.append(_method_markdown(msg, run, lang))
        written.append(_write(out / f"{report_stem}.md", "\n".join(parts)))
    if "pdf" in fmts:
        written.append(_print_pdf(html_path, html, out / f"{report_stem}.pdf"))
    data = {
        "not_publishable": unpublishable,
        "run": run,
        "baseline_run": base_view,
        "baseline_notes": baseline_notes,
        "summary": summary,
        "progress_counts": prog and prog["counts"],
    }
    written.append(
        _write(
            out / "summary.json",
            json.dumps(_jsonable(data), ensure_ascii=False, indent=2, default=str),
        )
    )
    return written
