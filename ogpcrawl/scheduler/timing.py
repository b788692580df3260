"""When jobs are due. Pure: every function takes `now`; only SystemClock reads the wall clock.

A job's state is the last fire time the service handled (submitted, or skipped because the
spider still ran). The job is due when a cron fire time lies after that and at or before now.
Several missed fire times (the service was down over two of them) are one submission, for the
latest: a monitoring crawl that runs twice in a row only measures the same sites twice.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Protocol

from croniter import croniter

from ogpcrawl.scheduler.schedule import Job, Schedule


class Clock(Protocol):
    def now(self) -> datetime: ...

    def sleep(self, seconds: float) -> None: ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)

    def sleep(self, seconds: float) -> None:
        time.sleep(seconds)


@dataclass(frozen=True)
class Due:
    job: Job
    fire_time: datetime  # the cron instant this submission stands for

    @property
    def job_id(self) -> str:
        # Deterministic: a retried submission of one fire time keeps its run id, and the
        # database stores snapshots idempotently per (run_id, agency_id).
        return f"{self.job.name}-{self.fire_time.astimezone(UTC):%Y%m%dT%H%M}Z"


def _aware(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        raise ValueError(f"naive datetime {moment.isoformat()}: the schedule is in UTC")
    return moment.astimezone(UTC)


def latest_fire(cron: str, now: datetime) -> datetime:
    """The latest fire time at or before now (croniter's get_prev is strictly before)."""
    return croniter(cron, _aware(now) + timedelta(microseconds=1)).get_prev(datetime)


def next_fire(cron: str, after: datetime) -> datetime:
    """The first fire time strictly after `after`."""
    return croniter(cron, _aware(after)).get_next(datetime)


def due_jobs(
    schedule: Schedule, last_run_times: Mapping[str, datetime], now: datetime
) -> list[Due]:
    """Jobs with a fire time in (last handled, now]. A job with no last time is not due: the
    service records its start time first, so a new job waits for its next fire time."""
    due = []
    for job in schedule.jobs:
        last = last_run_times.get(job.name)
        if not job.enabled or last is None:
            continue
        fire = latest_fire(job.cron, now)
        if fire > _aware(last):
            due.append(Due(job, fire))
    return due


def seconds_until_next(
    schedule: Schedule, last_run_times: Mapping[str, datetime], now: datetime
) -> float | None:
    """Seconds from now to the earliest upcoming fire time of an enabled job (None: no job)."""
    upcoming = [
        next_fire(j.cron, max(_aware(now), _aware(last_run_times.get(j.name, now))))
        for j in schedule.jobs
        if j.enabled
    ]
    if not upcoming:
        return None
    return max(0.0, (min(upcoming) - _aware(now)).total_seconds())
