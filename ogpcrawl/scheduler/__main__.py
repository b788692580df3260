"""python -m ogpcrawl.scheduler: submit the monitoring schedule to Scrapyd on time.

    python -m ogpcrawl.scheduler --schedule deploy/schedule.toml --scrapyd http://127.0.0.1:6800
        [--state FILE] [--once] [--dry-run] [--health [--status-dir DIR] [--notify FILE]]

Logs one JSON line per decision on stdout. Exit status with --once: 0, or 1 when a submission
failed; 2 when the schedule file is unusable.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys

from ogpcrawl.scheduler.events import EventLog
from ogpcrawl.scheduler.schedule import ScheduleError, load_schedule
from ogpcrawl.scheduler.scrapyd import HttpScrapyd
from ogpcrawl.scheduler.service import Scheduler
from ogpcrawl.scheduler.state import StateFile
from ogpcrawl.scheduler.timing import SystemClock


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(
        prog="python -m ogpcrawl.scheduler",
        description="Submit the monitoring schedule to Scrapyd.",
    )
    p.add_argument("--schedule", required=True, help="the schedule file (TOML)")
    p.add_argument(
        "--scrapyd",
        default=os.environ.get("SCRAPYD_URL", "http://127.0.0.1:6800"),
        help="Scrapyd's URL (default: $SCRAPYD_URL or http://127.0.0.1:6800); "
        "credentials from $SCRAPYD_USERNAME and $SCRAPYD_PASSWORD",
    )
    p.add_argument(
        "--state",
        help="file keeping the last fire time handled per job, so a "
        "restart catches up on a missed run (default: memory only)",
    )
    p.add_argument(
        "--once", action="store_true", help="handle the jobs due now, then exit (for a system cron)"
    )
    p.add_argument(
        "--dry-run",
        action="store_true",
        help="log what would be submitted; submit nothing, leave the state file alone",
    )
    p.add_argument(
        "--health",
        action="store_true",
        default=os.environ.get("OGP_HEALTH", "") not in ("", "0", "false", "False"),
        help="after each job: classify the run (ogpcrawl/health.py), write the status "
        "file and badge, send the digest (default: $OGP_HEALTH)",
    )
    p.add_argument(
        "--database",
        default=None,
        help="the crawl's database, for --health (default: $DATABASE_URL, else "
        "sqlite:///ogpcrawl.db)",
    )
    p.add_argument(
        "--status-dir",
        default=os.environ.get("OGP_STATUS_DIR") or None,
        help="where <spider>.json and <spider>.svg go (default: $OGP_STATUS_DIR)",
    )
    p.add_argument(
        "--notify",
        default=os.environ.get("OGP_NOTIFY_CONFIG") or None,
        help="notification channels, TOML (default: $OGP_NOTIFY_CONFIG; none: no notifications)",
    )
    return p.parse_args(argv)


class Stop(BaseException):  # not Exception: no "except Exception" may swallow it
    """SIGTERM (docker stop, systemd): stop as on Ctrl-C."""


def _on_sigterm(signum, frame):
    raise Stop


def make_watch(args: argparse.Namespace):
    """The health step (ogpcrawl/alerts/watch.py), or None when --health is off."""
    if not args.health:
        return None
    from ogpcrawl.alerts.notify import load_config
    from ogpcrawl.alerts.recheck import HomeRecheck
    from ogpcrawl.alerts.watch import JobWatch
    from ogpcrawl.config import database_url
    from ogpcrawl.db.store import Store
    from ogpcrawl.health import thresholds_from
    from ogpcrawl.settings import USER_AGENT

    url = args.database or database_url(None)
    notify = load_config(args.notify) if args.notify else None
    raw = os.environ.get("OGP_HEALTH_THRESHOLDS") or "{}"
    try:
        limits = thresholds_from(json.loads(raw))
    except (ValueError, AttributeError) as exc:
        raise ValueError(f"OGP_HEALTH_THRESHOLDS={raw!r}: {exc}") from None
    return JobWatch(
        lambda: Store(url),
        status_dir=args.status_dir,
        notify=notify,
        recheck=HomeRecheck(
            user_agent=USER_AGENT, proxy=os.environ.get("OGP_RECHECK_PROXY") or None
        ),
        thresholds=limits,
    )


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        schedule = load_schedule(args.schedule)
        state = StateFile(args.state)
        state.load()  # an unreadable state file stops the service before it submits anything
        watch = make_watch(args)
    except (ScheduleError, ValueError) as exc:
        print(f"ogpcrawl.scheduler: {exc}", file=sys.stderr)
        return 2
    scrapyd = HttpScrapyd(
        args.scrapyd,
        username=os.environ.get("SCRAPYD_USERNAME"),
        password=os.environ.get("SCRAPYD_PASSWORD"),
    )
    scheduler = Scheduler(
        schedule, scrapyd, EventLog(sys.stdout), state=state, dry_run=args.dry_run, watch=watch
    )
    clock = SystemClock()
    signal.signal(signal.SIGTERM, _on_sigterm)
    try:
        scheduler.run(clock, once=args.once)
    except (KeyboardInterrupt, Stop):
        pass
    scheduler.events.emit("stopped", clock.now(), failures=scheduler.failures)
    return 1 if args.once and scheduler.failures else 0


if __name__ == "__main__":
    sys.exit(main())
