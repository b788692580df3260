"""scrapy notify: send (or, with --dry-run, print) the digest of a run.

    scrapy notify --run ID|latest [--spider S] [--dry-run] [--config FILE] [--lang az|en]

The digest holds the run's health and its changes against the previous run of its spider
(docs/deployment.md, "Change alerts"), routed to the channels of the config file (--config, else
OGP_NOTIFY_CONFIG). --dry-run prints each message that would be sent, with its channel and
redacted URLs, and records nothing. Exit status 1 when a message could not be sent.
"""

from __future__ import annotations

import argparse
import sys

from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError

from ogpcrawl.commands import WithExamples, described
from ogpcrawl.commands.health import notify_config, recheck_for, resolve_run, thresholds
from ogpcrawl.config import database_url


class Command(WithExamples, ScrapyCommand):
    requires_project = False
    requires_crawler_process = False
    default_settings = {"LOG_LEVEL": "WARNING"}

    def syntax(self) -> str:
        return "--run ID|latest [--dry-run] [--config FILE] [--lang az|en]"

    def short_desc(self) -> str:
        return "Send (or print with --dry-run) a run's digest: health and changes"

    def long_desc(self) -> str:
        return described(
            self.short_desc(), "scrapy notify --run latest --spider local_ih --dry-run"
        )

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        super().add_options(parser)
        parser.add_argument("--run", required=True, help="run id, or latest")
        parser.add_argument("--spider", help="for latest: the newest run of this spider")
        parser.add_argument("--config", help="channels file (default: OGP_NOTIFY_CONFIG)")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="print what would be sent; send and record nothing",
        )
        parser.add_argument(
            "--lang",
            choices=("az", "en"),
            default=None,
            help="without channels: the language of the printed digest",
        )

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        from datetime import UTC, datetime

        from ogpcrawl.alerts.notify import NotifyConfigError, redact, render
        from ogpcrawl.alerts.watch import after_job
        from ogpcrawl.db.errors import DatabaseUnavailable
        from ogpcrawl.db.store import Store

        if args:
            raise UsageError("unexpected arguments: " + " ".join(args))
        assert self.settings is not None
        try:
            config = notify_config(self.settings, opts.config)
            with Store(database_url(self.settings)) as store:
                store.check()
                run_id = resolve_run(store, opts.run, opts.spider)
                if run_id is None:
                    print("notify: no run in the database", file=sys.stderr)
                    self.exitcode = 1
                    return
                outcome = after_job(
                    store,
                    run_id,
                    now=datetime.now(UTC),
                    spider=opts.spider,
                    notify=config,
                    recheck=recheck_for(self.settings),
                    thresholds=thresholds(self.settings),
                    dry_run=opts.dry_run,
                )
        except (ValueError, NotifyConfigError) as exc:
            print(f"notify: {exc}", file=sys.stderr)
            self.exitcode = 2
            return
        except DatabaseUnavailable as exc:
            print(f"notify: {exc}", file=sys.stderr)
            self.exitcode = 1
            return
        if config is None:
            lang = opts.lang or "az"
            title, body = render(outcome.digest, lang=lang, fmt="text")
            print(f"(no channels configured: OGP_NOTIFY_CONFIG)\nTitle: {title}\n\n{body}")
            return
        if not outcome.messages:
            print(
                f"notify: run {run_id}: {outcome.health.state}, no change for any channel; "
                "nothing to send"
            )
        for m in outcome.messages:
            if opts.dry_run:
                print(
                    f"=== would send to {m.channel} ({', '.join(map(redact, m.urls))}), "
                    f"{m.format}, {m.changes} change(s)"
                )
                print(f"Title: {m.title}\n\n{m.body}")
            else:
                print(f"{m.channel}: {'sent' if m.sent else 'FAILED'} ({m.changes} change(s))")
                if not m.sent:
                    self.exitcode = 1
