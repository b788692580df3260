"""Which jobs are due at a given instant. No clock is read: every instant is given."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from ogpcrawl.scheduler.schedule import parse_schedule
from ogpcrawl.scheduler.timing import (
    Due,
    due_jobs,
    latest_fire,
    next_fire,
    seconds_until_next,
)

SCHEDULE = parse_schedule(
    {
        "jobs": [
            {"name": "local", "spider": "local_ih", "cron": "0 2 1 * *"},
            {"name": "ministries", "spider": "ministries", "cron": "30 2 1 * *"},
            {"name": "off", "spider": "local_ih", "cron": "* * * * *", "enabled": False},
        ]
    },
    environ={},
)


def t(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


def names(due: list[Due]) -> list[str]:
    return [d.job.name for d in due]


def test_latest_fire_includes_the_instant_itself():
    assert latest_fire("0 2 1 * *", t(2025, 9, 1, 2, 0)) == t(2025, 9, 1, 2, 0)
    assert latest_fire("0 2 1 * *", t(2025, 9, 1, 1, 59)) == t(2025, 8, 1, 2, 0)
    assert next_fire("0 2 1 * *", t(2025, 9, 1, 2, 0)) == t(2025, 10, 1, 2, 0)


def test_due_exactly_at_fire_time_and_not_a_second_before():
    last = {"local": t(2025, 8, 15), "ministries": t(2025, 8, 15), "off": t(2025, 8, 15)}
    assert due_jobs(SCHEDULE, last, t(2025, 9, 1, 1, 59, 59)) == []
    assert names(due_jobs(SCHEDULE, last, t(2025, 9, 1, 2, 0))) == ["local"]
    assert names(due_jobs(SCHEDULE, last, t(2025, 9, 1, 2, 30))) == ["local", "ministries"]


def test_handled_fire_time_is_not_due_again():
    last = {"local": t(2025, 9, 1, 2, 0), "ministries": t(2025, 9, 1, 2, 30)}
    assert due_jobs(SCHEDULE, last, t(2025, 9, 20)) == []


def test_missed_fire_times_coalesce_into_the_latest():
    due = due_jobs(SCHEDULE, {"local": t(2025, 5, 1, 2, 0)}, t(2025, 9, 10))
    assert [(d.job.name, d.fire_time) for d in due] == [("local", t(2025, 9, 1, 2, 0))]


def test_job_without_a_recorded_time_waits_and_disabled_job_never_runs():
    assert due_jobs(SCHEDULE, {}, t(2025, 9, 1, 3)) == []
    assert due_jobs(SCHEDULE, {"off": t(2020, 1, 1)}, t(2025, 9, 1, 3)) == []


def test_job_id_names_the_job_and_its_fire_time():
    due = Due(SCHEDULE.job("local"), t(2025, 9, 1, 2, 0))
    assert due.job_id == "local-20250901T0200Z"


def test_naive_datetimes_are_refused():
    with pytest.raises(ValueError, match="naive"):
        due_jobs(SCHEDULE, {"local": t(2025, 8, 1)}, datetime(2025, 9, 1, 3))


def test_seconds_until_next_fire():
    now = t(2025, 9, 1, 2, 0)
    last = {"local": now, "ministries": t(2025, 8, 1, 2, 30)}
    assert seconds_until_next(SCHEDULE, last, now) == timedelta(minutes=30).total_seconds()
