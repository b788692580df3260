"""Glue between the database and the report renderer: render a stored run's annexes."""

from __future__ import annotations

import itertools
import logging
from pathlib import Path

from ogpcrawl.agencies import AgenciesFileError, load_agencies
from ogpcrawl.runinfo import path_inside, validate_run_id

logger = logging.getLogger(__name__)


def agencies_metadata(agencies_file: str | None) -> dict[str, dict]:
    """agency_id -> the agencies file's row (annex_no, local_type, ...); empty if unreadable."""
    if not agencies_file:
        return {}
    try:
        return {a.agency_id: a.as_dict() for a in load_agencies(agencies_file)}
    except AgenciesFileError as exc:  # the annex is still rendered, ordered by name
        logger.warning("annex rows unnumbered: %s", exc)
        return {}


NOT_PUBLISHABLE_FILE = "NOT-PUBLISHABLE.txt"


def write_not_publishable(out_dir: str | Path, run_id: str, reason: str) -> Path:
    """REPORT_DIR/<run id>/NOT-PUBLISHABLE.txt saying why the run has no annex: whoever opens
    the run's folder finds the reason, not an empty folder or last month's tables."""
    out = path_inside(out_dir, validate_run_id(run_id))
    out.mkdir(parents=True, exist_ok=True)
    path = out / NOT_PUBLISHABLE_FILE
    path.write_text(
        f"Run {run_id} is not publishable: {reason}.\n"
        "Its annexes were not written. Check the network (or the proxy) and crawl "
        "again; `scrapy runs` lists the runs.\n",
        encoding="utf-8",
    )
    return path


def render_stored_run(
    db_url: str,
    run_id: str,
    *,
    out_dir: str | Path,
    formats,
    lang: str = "az",
    templates_dir: str | None = None,
    agencies_file: str | None = None,
    unpublishable: str | None = None,
    round_name: str | None = None,
    replay_base: str | None = None,
):
    from ogpcrawl.db.store import Store
    from ogpcrawl.report import render_annexes

    out = path_inside(out_dir, validate_run_id(run_id))
    store = Store(db_url)
    try:
        run = store.run(run_id)
        # Streamed: rows are made as snapshots come in batches from the database, so memory
        # does not grow with the run (the annexes never show evidence_detail or captures).
        snapshots = store.iter_snapshots(run_id, without=("evidence_detail", "captures"))
        first = next(snapshots, None) if run is not None else None
        if first is None:
            logger.warning("run %s has no stored snapshots: no annex rendered", run_id)
            return []
        view = {**run, "round": round_name} if round_name else run
        written = render_annexes(
            itertools.chain([first], snapshots),
            out,
            run=view,
            agencies=agencies_metadata(agencies_file),
            lang=lang,
            formats=tuple(formats),
            templates_dir=templates_dir,
            unpublishable=unpublishable,
        )
        if "html" in formats:  # the annex's verdict cells link to these; one page at a time
            from ogpcrawl.report.evidence import DEFAULT_REPLAY_BASE, render_evidence_pages

            written += render_evidence_pages(
                store.iter_snapshots(run_id),
                out,
                archives={run_id: run.get("archive")},
                lang=lang,
                templates_dir=templates_dir,
                replay_base=replay_base or DEFAULT_REPLAY_BASE,
                unpublishable=unpublishable,
            )
        return written
    finally:
        store.close()


def render_evidence(
    store,
    snapshots,
    out: Path,
    *,
    lang: str,
    templates_dir: str | None,
    replay_base: str | None = None,
    unpublishable: str | None = None,
):
    """The evidence pages beside an annex, each run's archive found through its run row."""
    from ogpcrawl.report.evidence import DEFAULT_REPLAY_BASE, render_evidence_pages

    archives = {}
    for rid in {str(s.get("run_id")) for s in snapshots}:
        run = store.run(rid)
        archives[rid] = (run or {}).get("archive")
    return render_evidence_pages(
        snapshots,
        out,
        archives=archives,
        lang=lang,
        templates_dir=templates_dir,
        replay_base=replay_base or DEFAULT_REPLAY_BASE,
        unpublishable=unpublishable,
    )
