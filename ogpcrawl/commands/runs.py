"""scrapy runs: the crawl runs in the database, newest first.

    scrapy runs [--limit N] [--json]

One line per run: id, spider, AS_OF, status, agencies stored, of them unreachable, started and
finished (UTC). The ids are what `scrapy report --run ID --baseline ID` takes.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError

from ogpcrawl.commands import WithExamples, described
from ogpcrawl.config import database_url, redact_url

COLUMNS = ("run_id", "spider", "as_of", "status", "agencies", "unreachable", "started", "finished")


def _when(iso: str | None) -> str:
    """'2026-12-02T14:48:16.123+00:00' -> '2026-12-02 14:48' (UTC, as stored)."""
    return (iso or "-")[:16].replace("T", " ")


def table(runs: list[dict]) -> str:
    """The runs as aligned text columns under a header line."""
    rows = [
        (
            str(r["run_id"]),
            str(r["spider"]),
            str(r["as_of"]),
            str(r["status"]),
            str(r["agencies"]),
            str(r["unreachable"]),
            _when(r.get("started_at")),
            _when(r.get("finished_at")),
        )
        for r in runs
    ]
    widths = [max(len(c), *(len(row[i]) for row in rows)) for i, c in enumerate(COLUMNS)]
    lines = [(COLUMNS, widths)] + [(row, widths) for row in rows]
    return "\n".join(
        "  ".join(cell.ljust(w) for cell, w in zip(cells, ws, strict=True)).rstrip()
        for cells, ws in lines
    )


def _sqlite_file_missing(url: str) -> bool:
    from sqlalchemy.engine import make_url

    u = make_url(url)
    return (
        u.get_backend_name() == "sqlite"
        and u.database not in (None, "", ":memory:")
        and not (Path(u.database).exists())
    )


class Command(WithExamples, ScrapyCommand):
    requires_project = False
    requires_crawler_process = False
    default_settings = {"LOG_LEVEL": "WARNING"}

    def syntax(self) -> str:
        return "[--limit N] [--json]"

    def short_desc(self) -> str:
        return "List the crawl runs in the database, newest first"

    def long_desc(self) -> str:
        return described(
            self.short_desc() + " (id, spider, AS_OF, status, agencies, unreachable, "
            "started, finished)",
            "scrapy runs --limit 5",
        )

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        super().add_options(parser)
        parser.add_argument(
            "--limit", type=int, default=20, help="show the newest N runs (default 20; 0: all)"
        )
        parser.add_argument(
            "--json", action="store_true", help="one JSON object per line instead of a table"
        )

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if args:
            raise UsageError(f"unexpected argument(s): {' '.join(args)}")
        if opts.limit < 0:
            raise UsageError("--limit must be 0 (all) or more")
        # Imported here: Scrapy imports every command's module when any command starts.
        from sqlalchemy import inspect

        from ogpcrawl.db.errors import DatabaseUnavailable
        from ogpcrawl.db.store import Store

        assert self.settings is not None
        url = database_url(self.settings)
        if _sqlite_file_missing(url):  # connecting would create an empty file
            print(f"no runs: there is no database {redact_url(url)} (a crawl creates it)")
            return
        try:
            with Store(url) as store:
                store.check()
                if not inspect(store.engine).has_table("runs"):
                    print(f"no runs: the database {redact_url(url)} has no tables yet")
                    return
                runs = store.run_overviews(opts.limit or None)
        except DatabaseUnavailable as exc:
            print(f"scrapy runs: {exc}", file=sys.stderr)
            self.exitcode = 1
            return
        if opts.json:
            for r in runs:
                print(json.dumps(r, ensure_ascii=False, default=str))
        elif not runs:
            print(f"no runs in the database {redact_url(url)}")
        else:
            print(table(runs))
