"""scrapy report: render the report of a stored run (annexes, summary, progress, pictures).

    scrapy report --run latest|ID [--baseline ID] [--lang az|en] [--out DIR]
                  [--formats html,csv,md,pdf] [--claims FILE]

Snapshots and run rows come from the database at DATABASE_URL (setting, else environment, else
sqlite:///ogpcrawl.db). Output goes to DIR (default: REPORT_DIR/<run_id>).
"""

from __future__ import annotations

from pathlib import Path

from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError

from ogpcrawl.report.messages import LANGS
from ogpcrawl.report.render import FORMATS


class ReportError(RuntimeError):
    pass


def agencies_for(run: dict, agencies_file: str | None) -> dict:
    """Agency facts for numbering rows: the run's own metadata first, else the agencies file."""
    meta = run.get("agencies") or (run.get("settings") or {}).get("agencies")
    if isinstance(meta, dict) and meta:
        return meta
    from ogpcrawl.reporting import agencies_metadata

    return agencies_metadata(agencies_file)


def build_report(
    store,
    run_ref: str,
    *,
    baseline_ref: str | None,
    out_dir: str | Path | None,
    report_dir: str | Path,
    lang: str,
    formats: tuple[str, ...],
    claims: dict | None,
    agencies_file: str | None,
    templates_dir: str | None,
) -> list[Path]:
    """Load the run (and baseline) from `store` and render; raises ReportError when one is missing."""
    from ogpcrawl.report import render_report

    run = store.run(run_ref)
    if run is None:
        raise ReportError(f"no run {run_ref!r} in the database")
    snapshots = store.snapshots(run=run["run_id"])
    if not snapshots:
        raise ReportError(f"run {run['run_id']!r} has no stored snapshots")
    baseline_run = baseline = None
    if baseline_ref:
        baseline_run = store.run(baseline_ref)
        if baseline_run is None:
            raise ReportError(f"no baseline run {baseline_ref!r} in the database")
        baseline = store.snapshots(run=baseline_run["run_id"])
    out = Path(out_dir) if out_dir else Path(report_dir) / str(run["run_id"])
    return render_report(
        snapshots,
        out,
        run=run,
        baseline_snapshots=baseline,
        baseline_run=baseline_run,
        agencies=agencies_for(run, agencies_file),
        lang=lang,
        claims=claims,
        formats=formats,
        templates_dir=templates_dir,
    )


class Command(ScrapyCommand):
    requires_project = True
    default_settings = {"LOG_LEVEL": "INFO"}

    def syntax(self):
        return "--run latest|ID [--baseline ID] [--lang az|en] [--out DIR] [--formats LIST]"

    def short_desc(self):
        return "Render the report (annexes, summary, progress, charts) of a stored crawl run"

    def add_options(self, parser):
        super().add_options(parser)
        parser.add_argument("--run", dest="run", default="latest", help="run id or 'latest'")
        parser.add_argument("--baseline", dest="baseline", help="run id to compare against")
        parser.add_argument("--lang", dest="lang", choices=LANGS, help="report language")
        parser.add_argument("--out", dest="out", help="output directory")
        parser.add_argument(
            "--formats", dest="formats", help=f"comma-separated, from {','.join(FORMATS)}"
        )
        parser.add_argument("--claims", dest="claims", help="claims file ('2.4: 86%%' lines)")

    def run(self, args, opts):
        from ogpcrawl.config import database_url, redact_url
        from ogpcrawl.report.claims import ClaimsError, load_claims

        s = self.settings
        formats = tuple(
            f.strip() for f in (opts.formats or ",".join(s.getlist("REPORT_FORMATS"))).split(",")
        )
        bad = [f for f in formats if f and f not in FORMATS]
        if bad:
            raise UsageError(f"unknown format(s) {bad}; choose from {','.join(FORMATS)}")
        try:
            claims = load_claims(opts.claims) if opts.claims else None
        except (OSError, ClaimsError) as exc:
            raise UsageError(f"claims file: {exc}") from exc
        url = database_url(s)
        from ogpcrawl.db.store import Store  # lazily: the command list must load without a DB

        try:
            paths = build_report(
                Store(url),
                opts.run,
                baseline_ref=opts.baseline,
                out_dir=opts.out,
                report_dir=s.get("REPORT_DIR", "output"),
                lang=opts.lang or s.get("REPORT_LANG", "az"),
                formats=formats,
                claims=claims,
                agencies_file=s.get("AGENCIES_FILE"),
                templates_dir=s.get("REPORT_TEMPLATES_DIR") or None,
            )
        except ReportError as exc:
            print(f"scrapy report: {exc} (database {redact_url(url)})")
            self.exitcode = 1
            return
        for p in paths:
            print(p)
