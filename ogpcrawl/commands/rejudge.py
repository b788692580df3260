"""scrapy rejudge: detection and rating again from a run's archive alone, as a new run.

    scrapy rejudge RUN_ID [--run-id NEW] [--dry-run]

No network at all: the pages come out of OGP_ARCHIVE_DIR/RUN_ID/RUN_ID.wacz (or the archive the
run row names). The new run (default id RUN_ID-rejudged-<UTC time>) is stored linked to its
source (runs.source_run_id). With the same rules every snapshot is identical field for field;
otherwise the verdicts that would flip are listed per agency. Exit 0 when nothing differs, 3 when
some verdict or field differs, 1 on error. docs/evidence.md.
"""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime
from pathlib import Path

from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError

from ogpcrawl.commands import WithExamples, described

DIFFERS = 3


class Command(WithExamples, ScrapyCommand):
    requires_project = False
    requires_crawler_process = False
    default_settings = {"LOG_LEVEL": "WARNING"}

    def syntax(self) -> str:
        return "RUN_ID [--run-id NEW] [--dry-run]"

    def short_desc(self) -> str:
        return "Judge a past run again from its archive alone (offline) and list what would flip"

    def long_desc(self) -> str:
        return described(
            self.short_desc() + " (docs/evidence.md)",
            "scrapy rejudge 20261202T101010Z-local_ih-a1b2c3",
            "OGP_SPECS_DIR=my-specs scrapy rejudge latest --dry-run",
        )

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        super().add_options(parser)
        parser.add_argument(
            "--run-id",
            dest="new_run_id",
            help="id of the new run (default: RUN_ID-rejudged-<UTC time>)",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="list what differs; store no new run"
        )

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        from ogpcrawl.archive import paths
        from ogpcrawl.archive.rejudge import ArchiveIncomplete, rejudge_run
        from ogpcrawl.commands.evidence import resolve_run
        from ogpcrawl.config import database_url
        from ogpcrawl.db.store import Store

        if len(args) != 1:
            raise UsageError(f"usage: scrapy rejudge {self.syntax()}")
        source = resolve_run(self.settings, args[0])
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        new_id = opts.new_run_id or f"{source[:40]}-rejudged-{stamp}"
        try:
            paths.check_run_id(new_id, "--run-id")
        except paths.InvalidRunId as exc:
            raise UsageError(str(exc)) from exc
        with Store(database_url(self.settings)) as store:
            run = store.run(source)
            if run is None:
                print(f"rejudge: no run {source!r} in the database", file=sys.stderr)
                self.exitcode = 1
                return
            wacz = paths.wacz_path(paths.archive_root(self.settings), source)
            if not wacz.is_file() and run.get("archive"):
                wacz = Path(run["archive"])
            if not wacz.is_file():
                print(f"rejudge: run {source} has no archive ({wacz})", file=sys.stderr)
                self.exitcode = 1
                return
            try:
                result = rejudge_run(
                    store,
                    source,
                    wacz,
                    new_run_id=new_id,
                    max_text=self.settings.getint("OGP_MAX_TEXT_CHARS", 2_000_000),
                    write=not opts.dry_run,
                )
            except ArchiveIncomplete as exc:
                print(f"rejudge: {exc}", file=sys.stderr)
                self.exitcode = 1
                return
        differing = result.differing
        target = result.run_id or "(dry run: nothing stored)"
        print(
            f"rejudged {source} -> {target} from {wacz}: {result.agencies} agencies, "
            f"{len(differing)} differ"
        )
        for aid, r in sorted(differing.items()):
            flips = "; ".join(r.flips) if r.flips else "no verdict flips"
            print(f"  {aid}: {flips} (fields changed: {', '.join(sorted(r.changed))})")
        if not differing:
            print("  identical, field for field")
        self.exitcode = DIFFERS if differing else 0
