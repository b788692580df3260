"""scrapy health: classify a run (ok / degraded / failed / running), write its status file and
badge, and (with --notify) send its digest — the health step any deployment can run after a job.

    scrapy health --run ID|latest [--spider S] [--job-state finished] [--status-dir DIR]
                  [--notify] [--json]

"latest" is the newest run of any status (of --spider, if given). --job-state is what the job
runner says of the job (Scrapyd: pending, running, finished); "finished" with no run row or a
row still "running" reads as a job that died. Exit status 1 when the run failed, 2 on bad input.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from datetime import UTC, datetime

from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError

from ogpcrawl.commands import WithExamples, described
from ogpcrawl.config import database_url


def status_dir(settings) -> str | None:
    return settings.get("OGP_STATUS_DIR") or os.environ.get("OGP_STATUS_DIR") or None


def notify_config(settings, path: str | None = None):
    from ogpcrawl.alerts.notify import load_config

    path = path or settings.get("OGP_NOTIFY_CONFIG") or os.environ.get("OGP_NOTIFY_CONFIG")
    return load_config(path) if path else None


def thresholds(settings) -> dict:
    value = settings.get("OGP_HEALTH_THRESHOLDS") or {}
    if isinstance(value, str):  # -s 'OGP_HEALTH_THRESHOLDS={"unreachable_jump_min": 5}'
        try:
            value = json.loads(value)
        except ValueError as exc:
            raise ValueError(f"OGP_HEALTH_THRESHOLDS is not JSON: {exc}") from None
    if not isinstance(value, dict):
        raise ValueError("OGP_HEALTH_THRESHOLDS must be a mapping of threshold names to numbers")
    from ogpcrawl.health import thresholds_from

    return thresholds_from(value)


def resolve_run(store, ref: str, spider: str | None) -> str | None:
    from ogpcrawl.db import read

    if ref != "latest":
        return ref
    with store.transaction() as session:
        return read.newest_run_id(session, spider)


def recheck_for(settings):
    from ogpcrawl.alerts.recheck import HomeRecheck

    return HomeRecheck(
        user_agent=settings.get("USER_AGENT"),
        timeout=settings.getfloat("DOWNLOAD_TIMEOUT", 30),
        proxy=settings.get("OGP_RECHECK_PROXY") or os.environ.get("OGP_RECHECK_PROXY") or None,
    )


class Command(WithExamples, ScrapyCommand):
    requires_project = False
    requires_crawler_process = False
    default_settings = {"LOG_LEVEL": "WARNING"}

    def syntax(self) -> str:
        return "--run ID|latest [--spider S] [--job-state STATE] [--notify] [--json]"

    def short_desc(self) -> str:
        return "Classify a run (ok, degraded, failed), write its status file and badge"

    def long_desc(self) -> str:
        return described(self.short_desc(), "scrapy health --run latest --spider local_ih --json")

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        super().add_options(parser)
        parser.add_argument("--run", required=True, help="run id, or latest")
        parser.add_argument("--spider", help="the spider (for latest, and when no row exists)")
        parser.add_argument(
            "--job-state",
            choices=("pending", "running", "finished"),
            help="the job runner's view of the job",
        )
        parser.add_argument("--status-dir", help="default: OGP_STATUS_DIR")
        parser.add_argument(
            "--notify",
            action="store_true",
            help="also send the run's digest (channels: OGP_NOTIFY_CONFIG)",
        )
        parser.add_argument("--json", action="store_true", help="print the verdict as JSON")

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        from ogpcrawl.alerts.notify import NotifyConfigError
        from ogpcrawl.alerts.watch import after_job
        from ogpcrawl.db.errors import DatabaseUnavailable
        from ogpcrawl.db.store import Store

        if args:
            raise UsageError("unexpected arguments: " + " ".join(args))
        assert self.settings is not None
        try:
            limits = thresholds(self.settings)
            config = notify_config(self.settings) if opts.notify else None
            with Store(database_url(self.settings)) as store:
                store.check()
                run_id = resolve_run(store, opts.run, opts.spider)
                if run_id is None:
                    print("health: no run in the database", file=sys.stderr)
                    self.exitcode = 1
                    return
                outcome = after_job(
                    store,
                    run_id,
                    now=datetime.now(UTC),
                    job_state=opts.job_state,
                    spider=opts.spider,
                    status_dir=opts.status_dir or status_dir(self.settings),
                    notify=config,
                    recheck=recheck_for(self.settings) if config else None,
                    thresholds=limits,
                )
        except (ValueError, NotifyConfigError) as exc:
            print(f"health: {exc}", file=sys.stderr)
            self.exitcode = 2
            return
        except DatabaseUnavailable as exc:
            print(f"health: {exc}", file=sys.stderr)
            self.exitcode = 1
            return
        h = outcome.health
        if opts.json:
            print(
                json.dumps(
                    {
                        **h.to_dict(),
                        "status_file": outcome.status is not None,
                        "notified": [m.channel for m in outcome.messages if m.sent],
                    },
                    ensure_ascii=False,
                    default=str,
                )
            )
        else:
            print(
                f"run {h.run_id} ({h.spider or '?'}): {h.state}"
                + (": " + "; ".join(h.reasons) if h.reasons else "")
            )
            for m in outcome.messages:
                print(f"notified {m.channel}: {'sent' if m.sent else 'FAILED'}")
        if h.state == "failed" or any(m.sent is False for m in outcome.messages):
            self.exitcode = 1
