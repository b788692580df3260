"""scrapy report: render the report of a stored run (annexes, summary, progress, pictures).

    scrapy report --run latest|ID[,ID] [--baseline ID[,ID]] [--lang az|en] [--out DIR]
                  [--formats html,csv,md,pdf] [--claims FILE]

"latest" is the newest finished run holding local agencies plus the newest holding central ones
(the two spiders crawl them in separate runs); ids may be joined by commas for the same reason.

Snapshots and run rows come from the database at DATABASE_URL (setting, else environment, else
sqlite:///ogpcrawl.db). Output goes to DIR (default: REPORT_DIR/<run_id>).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError

from ogpcrawl.commands import WithExamples, described
from ogpcrawl.runinfo import InvalidRunId, path_inside, validate_run_id


class ReportError(RuntimeError):
    pass


def agencies_for(run: dict, agencies_file: str | None) -> dict:
    """Agency facts for numbering rows: the run's own metadata first, else the agencies file."""
    meta = run.get("agencies") or (run.get("settings") or {}).get("agencies")
    if isinstance(meta, dict) and meta:
        return meta
    from ogpcrawl.report.stored_run import agencies_metadata

    return agencies_metadata(agencies_file)


def combine_runs(runs: list[dict]) -> dict:
    """One run view over several runs (the local and the central crawl are separate runs)."""
    if len(runs) == 1:
        return runs[0]
    agencies: dict = {}
    for r in runs:
        agencies.update(r.get("agencies") or (r.get("settings") or {}).get("agencies") or {})
    statuses = {r.get("status") for r in runs}
    return {
        "run_id": " + ".join(str(r["run_id"]) for r in runs),
        "spider": " + ".join(str(r.get("spider") or "") for r in runs),
        "as_of": max(str(r.get("as_of") or "") for r in runs),
        "started_at": min(str(r.get("started_at") or "") for r in runs),
        "finished_at": max(str(r.get("finished_at") or "") for r in runs),
        "status": statuses.pop() if len(statuses) == 1 else "mixed",
        "summary": {},
        "agencies": agencies,
    }


def known_runs(store, newest: int = 5) -> str:
    """The newest run ids, for an error about a run that does not exist."""
    runs = store.run_overviews(newest + 1)
    if not runs:
        return "the database has no runs"
    ids = ", ".join(f"{r['run_id']} ({r['spider']}, {r['status']})" for r in runs[:newest])
    more = " ..." if len(runs) > newest else ""
    return f"newest runs: {ids}{more} (all: scrapy runs)"


def load_runs(store, ref: str, what: str = "run") -> tuple[dict, list[dict]]:
    """A run reference: "latest" (the newest finished local run plus the newest finished central
    run, as Store.snapshots picks them per level) or run ids separated by commas."""
    if ref == "latest":
        snapshots = store.snapshots(run="latest", level="local")
        snapshots += store.snapshots(run="latest", level="central")
        run_ids = list(dict.fromkeys(s.get("run_id") for s in snapshots))
        if not run_ids:
            raise ReportError("no finished run with stored snapshots in the database")
    else:
        run_ids = [r.strip() for r in ref.split(",") if r.strip()]
        snapshots = []
    runs = []
    for run_id in run_ids:
        # Ids typed by the user and ids read from the database alike name the output directory.
        try:
            validate_run_id(run_id, f"{what} id")
        except InvalidRunId as exc:
            raise ReportError(str(exc)) from None
        run = store.run(run_id)
        if run is None:
            raise ReportError(f"no {what} {run_id!r} in the database; {known_runs(store)}")
        runs.append(run)
        if ref != "latest":
            snapshots += store.snapshots(run=run["run_id"])
    if not snapshots:
        raise ReportError(f"{what} {ref!r} has no stored snapshots")
    return combine_runs(runs), snapshots


def not_publishable(store, run: dict, snapshots: list[dict]) -> str | None:
    """Why the run(s) must not be published (ogpcrawl.health: failed or degraded), else None.
    Counts come from the snapshots loaded for the report, so they are the report's own."""
    from ogpcrawl import health

    reasons = []
    for run_id in str(run["run_id"]).split(" + "):
        stored = store.run(run_id) or {"run_id": run_id}
        mine = [s for s in snapshots if s.get("run_id") in (None, run_id)]
        down = sum(1 for s in mine if not s.get("reachable", True))
        summary = {
            **(stored.get("summary") or {}),
            "agencies": len(mine),
            "unreachable": down,
            "reachable": len(mine) - down,
        }
        verdict = health.classify({**stored, "summary": summary})
        if verdict.state in ("failed", "degraded"):
            reasons.append(f"run {run_id} {verdict.state}: {'; '.join(verdict.reasons)}")
    return "; ".join(reasons) or None


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
    say: Callable[[str], None] | None = None,
    round_name: str | None = None,
    replay_base: str | None = None,
) -> list[Path]:
    """Load the run (and baseline) from `store` and render; raises ReportError when one is
    missing or the baseline cannot be compared with the run. `say`: where notes go (stdout)."""
    from ogpcrawl.report import render_report
    from ogpcrawl.report.progress import BaselineMismatch, match_baseline

    run, snapshots = load_runs(store, run_ref)
    baseline_run = baseline = None
    if baseline_ref:
        baseline_run, baseline = load_runs(store, baseline_ref, "baseline run")
        try:
            match = match_baseline(
                run.get("as_of") or "", snapshots, baseline_run.get("as_of") or "", baseline
            )
        except BaselineMismatch as exc:
            raise ReportError(f"baseline {baseline_ref!r} refused: {exc}") from None
        if match.partial and say is not None:
            say(
                f"note: progress compares only the {len(match.common)} agencies both runs "
                f"checked ({len(match.only_now)} only in this run, {len(match.only_before)} "
                "only in the baseline); the report says which"
            )
    unpublishable = not_publishable(store, run, snapshots)
    if unpublishable and say is not None:
        say(f"warning: {unpublishable}; the files are stamped NOT PUBLISHABLE")
    if round_name:
        run = {**run, "round": round_name}
    name = str(run["run_id"]).replace(" + ", "+")
    # --out is the user's own choice; a directory named after the run stays inside REPORT_DIR.
    try:
        out = Path(out_dir) if out_dir else path_inside(report_dir, name)
    except ValueError as exc:
        raise ReportError(str(exc)) from None
    written = render_report(
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
        unpublishable=unpublishable,
    )
    if "html" in formats:  # the annexes' verdict cells link to each agency's evidence page
        from ogpcrawl.report.stored_run import render_evidence

        written += render_evidence(
            store,
            snapshots,
            out,
            lang=lang,
            templates_dir=templates_dir,
            replay_base=replay_base,
            unpublishable=unpublishable,
        )
    return written


class Command(WithExamples, ScrapyCommand):
    requires_project = True
    default_settings = {"LOG_LEVEL": "INFO"}

    def syntax(self):
        return (
            "--run latest|ID[,ID] [--baseline ID[,ID]] [--lang az|en] [--out DIR] [--formats LIST]"
        )

    def short_desc(self):
        return "Render the report (annexes, summary, progress, charts) of a stored crawl run"

    def long_desc(self):
        return described(
            self.short_desc(),
            "scrapy report --run latest --formats html,csv,pdf",
            "scrapy report --run RUN_ID --baseline OLDER_RUN_ID (ids: scrapy runs)",
        )

    def add_options(self, parser):
        # Imported here and in run(), not with the module: Scrapy imports every command's module
        # when any command (a crawl too) starts, and the report package costs ~0.1 s.
        from ogpcrawl.report.messages import LANGS
        from ogpcrawl.report.render import FORMATS

        super().add_options(parser)
        parser.add_argument(
            "--run", dest="run", default="latest", help="run id(s), comma-separated, or 'latest'"
        )
        parser.add_argument("--baseline", dest="baseline", help="run id(s) to compare against")
        parser.add_argument("--lang", dest="lang", choices=LANGS, help="report language")
        parser.add_argument("--out", dest="out", help="output directory")
        parser.add_argument(
            "--formats", dest="formats", help=f"comma-separated, from {','.join(FORMATS)}"
        )
        parser.add_argument(
            "--claims",
            dest="claims",
            help="official claims to compare with: a file of '2.4: 86%%' lines, or 'none' "
            "(default: the shipped 2018 claims, ogpcrawl/report/data/claims_2018.txt)",
        )
        parser.add_argument(
            "--round",
            dest="round",
            help="the monitoring round's name for the cover and headers (default: REPORT_ROUND, "
            "else the month and year of AS_OF)",
        )

    def run(self, args, opts):
        from ogpcrawl.config import database_url, redact_url
        from ogpcrawl.report.claims import ClaimsError, claims_2018, load_claims
        from ogpcrawl.report.render import FORMATS

        s = self.settings
        formats = tuple(
            f.strip() for f in (opts.formats or ",".join(s.getlist("REPORT_FORMATS"))).split(",")
        )
        bad = [f for f in formats if f and f not in FORMATS]
        if bad:
            raise UsageError(f"unknown format(s) {bad}; choose from {','.join(FORMATS)}")
        try:
            if opts.claims is None:
                claims = claims_2018()
            elif opts.claims.strip().lower() == "none":
                claims = None
            else:
                claims = load_claims(opts.claims)
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
                say=print,
                round_name=opts.round or s.get("REPORT_ROUND") or None,
                replay_base=s.get("OGP_REPLAY_URL") or None,
            )
        except ReportError as exc:
            print(f"scrapy report: {exc} (database {redact_url(url)})")
            self.exitcode = 1
            return
        for p in paths:
            print(p)
