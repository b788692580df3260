"""scrapy loadspool: write spooled snapshots into the database once it is back.

    scrapy loadspool [FILE|DIR ...] [--keep] [-s DATABASE_URL=...]

Without arguments it loads the spool directory (setting OGP_SPOOL_DIR, default `spool`). A loaded
file is renamed to *.loaded (unless --keep), so loading a directory again reads only new files;
loading the same file twice stores nothing twice anyway. Exit status 1 when the database is
unreachable or some snapshot was refused (those are kept in *.rejected.jsonl).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from scrapy.commands import ScrapyCommand

from ogpcrawl.commands import WithExamples, described
from ogpcrawl.config import database_url

DEFAULT_SPOOL_DIR = "spool"


class Command(WithExamples, ScrapyCommand):
    requires_project = False
    requires_crawler_process = False
    default_settings = {"LOG_LEVEL": "WARNING"}

    def syntax(self) -> str:
        return "[FILE|DIR ...] [--keep]"

    def short_desc(self) -> str:
        return "Load spooled snapshots (JSONL) into the database"

    def long_desc(self) -> str:
        return described(
            self.short_desc() + ", e.g. after the database was down during a crawl",
            "scrapy loadspool spool/ -s DATABASE_URL=postgresql+psycopg://user@host/ogpcrawl",
        )

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        super().add_options(parser)
        parser.add_argument(
            "--keep", action="store_true", help="leave loaded files as they are (default: *.loaded)"
        )

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        # Imported here: Scrapy imports every command's module when any command starts.
        from ogpcrawl.db.errors import DatabaseUnavailable
        from ogpcrawl.db.spool import spool_files
        from ogpcrawl.db.spool_load import load_file
        from ogpcrawl.db.store import Store

        assert self.settings is not None
        default_dir = Path(self.settings.get("OGP_SPOOL_DIR") or DEFAULT_SPOOL_DIR)
        if not args and not default_dir.exists():
            print(f"loadspool: nothing to load ({default_dir} does not exist)")
            return
        files = spool_files(args or [default_dir])
        missing = [f for f in files if not f.is_file()]
        if missing:
            print(f"loadspool: no such file: {', '.join(map(str, missing))}", file=sys.stderr)
            self.exitcode = 2
            return
        if not files:
            print("loadspool: nothing to load")
            return
        try:
            with Store(database_url(self.settings)) as store:
                store.check()
                store.upgrade()
                for path in files:
                    result = load_file(store, path, keep=opts.keep)
                    print(result)
                    if result.rejected or result.unreadable:
                        self.exitcode = 1
        except DatabaseUnavailable as exc:
            print(f"loadspool: {exc}; the spool is kept, try again later", file=sys.stderr)
            self.exitcode = 1
