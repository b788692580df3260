"""python -m ogpcrawl.scheduler: submit the monitoring schedule to Scrapyd on time.

    python -m ogpcrawl.scheduler --schedule deploy/schedule.toml --scrapyd http://127.0.0.1:6800
        [--state FILE] [--once] [--dry-run]

Logs one JSON line per decision on stdout. Exit status with --once: 0, or 1 when a submission
failed; 2 when the schedule file is unusable.
"""

from __future__ import annotations

import argparse
import os
import sys

from ogpcrawl.scheduler.events import EventLog
from ogpcrawl.scheduler.schedule import ScheduleError, load_schedule
from ogpcrawl.scheduler.scrapyd import HttpScrapyd
from ogpcrawl.scheduler.service import Scheduler
from ogpcrawl.scheduler.state import StateFile
from ogpcrawl.scheduler.timing import SystemClock


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m ogpcrawl.scheduler",
                                description="Submit the monitoring schedule to Scrapyd.")
    p.add_argument("--schedule", required=True, help="the schedule file (TOML)")
    p.add_argument("--scrapyd", default=os.environ.get("SCRAPYD_URL", "http://127.0.0.1:6800"),
                   help="Scrapyd's URL (default: $SCRAPYD_URL or http://127.0.0.1:6800); "
                        "credentials from $SCRAPYD_USERNAME and $SCRAPYD_PASSWORD")
    p.add_argument("--state", help="file keeping the last fire time handled per job, so a "
                                   "restart catches up on a missed run (default: memory only)")
    p.add_argument("--once", action="store_true",
                   help="handle the jobs due now, then exit (for a system cron)")
    p.add_argument("--dry-run", action="store_true",
                   help="log what would be submitted; submit nothing, leave the state file alone")
    return p.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        schedule = load_schedule(args.schedule)
        state = StateFile(args.state)
        state.load()  # an unreadable state file stops the service before it submits anything
    except (ScheduleError, ValueError) as exc:
        print(f"ogpcrawl.scheduler: {exc}", file=sys.stderr)
        return 2
    scrapyd = HttpScrapyd(args.scrapyd, username=os.environ.get("SCRAPYD_USERNAME"),
                          password=os.environ.get("SCRAPYD_PASSWORD"))
    scheduler = Scheduler(schedule, scrapyd, EventLog(sys.stdout), state=state,
                          dry_run=args.dry_run)
    clock = SystemClock()
    try:
        scheduler.run(clock, once=args.once)
    except KeyboardInterrupt:
        pass
    scheduler.events.emit("stopped", clock.now(), failures=scheduler.failures)
    return 1 if args.once and scheduler.failures else 0


if __name__ == "__main__":
    sys.exit(main())
