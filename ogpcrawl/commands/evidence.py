"""scrapy evidence: a run's archive (docs/evidence.md).

    scrapy evidence verify RUN [--wacz FILE]      check the WACZ: exit 0 valid, 1 problems found
    scrapy evidence pack RUN                      (re)build the WACZ from the run's WARC files
    scrapy evidence serve RUN [--port 8090]       replay the archive on 127.0.0.1, offline

RUN is a run id (or "latest": the newest finished run in DATABASE_URL). The archive is
OGP_ARCHIVE_DIR/<RUN>/<RUN>.wacz.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError

from ogpcrawl.archive import paths
from ogpcrawl.commands import WithExamples, described

ACTIONS = ("verify", "pack", "serve")
DEFAULT_PORT = 8090


def resolve_run(settings, ref: str) -> str:
    """A run id from the command line: checked to name no other path; "latest" from the DB."""
    if ref == "latest":
        from ogpcrawl.config import database_url
        from ogpcrawl.db.store import Store

        with Store(database_url(settings)) as store:
            run = store.run("latest")
        if run is None:
            raise UsageError("no finished run in the database")
        ref = run["run_id"]
    try:
        return paths.check_run_id(ref, "RUN")
    except paths.InvalidRunId as exc:
        raise UsageError(str(exc)) from exc


class Command(WithExamples, ScrapyCommand):
    requires_project = False
    requires_crawler_process = False
    default_settings = {"LOG_LEVEL": "WARNING"}

    def syntax(self) -> str:
        return "verify|pack|serve RUN [--wacz FILE] [--port N]"

    def short_desc(self) -> str:
        return "Verify, package or replay (offline, on loopback) a run's evidence archive"

    def long_desc(self) -> str:
        return described(
            self.short_desc() + " (OGP_ARCHIVE_DIR/RUN/RUN.wacz; docs/evidence.md)",
            "scrapy evidence verify latest",
            "scrapy evidence serve 20261202T101010Z-local_ih-a1b2c3 --port 8090",
        )

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        super().add_options(parser)
        parser.add_argument("--wacz", help="the WACZ file (default: OGP_ARCHIVE_DIR/RUN/RUN.wacz)")
        parser.add_argument(
            "--port",
            type=int,
            default=DEFAULT_PORT,
            help=f"serve: port on 127.0.0.1 (default {DEFAULT_PORT}; 0: any free)",
        )

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if len(args) != 2 or args[0] not in ACTIONS:
            raise UsageError(f"usage: scrapy evidence {self.syntax()}")
        action = args[0]
        run_id = resolve_run(self.settings, args[1])
        root = paths.archive_root(self.settings)
        wacz = Path(opts.wacz) if opts.wacz else paths.wacz_path(root, run_id)
        if action == "pack":
            from ogpcrawl.archive.wacz import package_run
            from ogpcrawl.config import database_url

            db = (
                database_url(self.settings)
                if self.settings.getbool("OGP_PERSIST_ENABLED", True)
                else None
            )
            try:
                path = package_run(root, run_id, database_url=db)
            except FileNotFoundError as exc:
                print(f"evidence pack: {exc}", file=sys.stderr)
                self.exitcode = 1
                return
            print(path)
            if db:  # the run row names its archive (as a crawl's close does)
                from ogpcrawl.db.store import Store

                try:
                    with Store(db) as store:
                        store.set_run_links(run_id, archive=str(path.resolve()))
                except Exception as exc:
                    print(
                        f"evidence pack: the archive's location was not recorded in the "
                        f"database ({exc})",
                        file=sys.stderr,
                    )
            return
        if not wacz.is_file():
            print(f"evidence {action}: no archive of run {run_id} at {wacz}", file=sys.stderr)
            self.exitcode = 1
            return
        if action == "verify":
            from ogpcrawl.archive.wacz import verify

            problems, counts = verify(wacz)
            for p in problems:
                print(f"{wacz}: {p}")
            verdict = "INVALID" if problems else "valid"
            print(
                f"{wacz}: {verdict}: {counts['records']} records, {counts['index_lines']} "
                f"index lines, {counts['pages']} pages, {len(problems)} problems"
            )
            self.exitcode = 1 if problems else 0
            return
        from ogpcrawl.archive.replay import ReplayServer
        from ogpcrawl.archive.wacz import Wacz

        with Wacz(wacz) as archive:
            server = ReplayServer(archive, run_id, port=opts.port)
            print(f"replaying {wacz} at {server.url}/ (Ctrl-C stops)", flush=True)
            try:
                server.serve_forever()
            except KeyboardInterrupt:
                pass
            finally:
                server.httpd.server_close()
