"""The scheduler service on a fake clock and a fake Scrapyd: months pass in milliseconds."""

from __future__ import annotations

from datetime import UTC, datetime

from scheduler_fakes import FakeClock, FakeScrapyd, MemoryEvents

from ogpcrawl.scheduler.schedule import parse_schedule
from ogpcrawl.scheduler.service import MAX_SLEEP, RETRY_DELAY, Scheduler
from ogpcrawl.scheduler.state import StateFile


def t(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


def schedule(*jobs):
    return parse_schedule(
        {
            "settings": {"AGENCIES_FILE": "/app/seeds/agencies.csv"},
            "jobs": list(jobs)
            or [
                {
                    "name": "local",
                    "spider": "local_ih",
                    "cron": "0 2 1 * *",
                    "args": {"only": "baku"},
                },
                {"name": "ministries", "spider": "ministries", "cron": "30 2 1 * *"},
            ],
        },
        environ={},
    )


def service(sched=None, *, state=None, dry_run=False):
    scrapyd, events = FakeScrapyd(), MemoryEvents()
    return (
        Scheduler(sched or schedule(), scrapyd, events, state=state, dry_run=dry_run),
        scrapyd,
        events,
    )


def test_two_months_of_ticks_submit_each_job_once_a_month_at_its_time():
    sched, scrapyd, events = service()
    clock = FakeClock(t(2025, 8, 29, 12, 0))
    # Finish every job before the next tick, as a crawl finishes within hours.
    original_sleep = clock.sleep

    def sleep(seconds):
        scrapyd.finish_all()
        original_sleep(seconds)

    clock.sleep = sleep
    sched.run(clock, max_ticks=800)
    assert clock.now() > t(2025, 10, 1, 3)  # the loop really went through two months
    assert [(s["spider"], s["job_id"]) for s in scrapyd.submitted] == [
        ("local_ih", "local-20250901T0200Z"),
        ("ministries", "ministries-20250901T0230Z"),
        ("local_ih", "local-20251001T0200Z"),
        ("ministries", "ministries-20251001T0230Z"),
    ]
    submitted = events.of("submitted")
    assert [e["time"] for e in submitted[:2]] == [
        "2025-09-01T02:00:00+00:00",
        "2025-09-01T02:30:00+00:00",
    ]
    assert scrapyd.submitted[0]["settings"] == {"AGENCIES_FILE": "/app/seeds/agencies.csv"}
    assert scrapyd.submitted[0]["args"] == {"only": "baku"}
    assert events.of("skipped") == [] and events.of("failed") == []
    # It sleeps towards the next fire time, waking at least hourly, never busy-waiting.
    assert max(clock.slept) == MAX_SLEEP and min(clock.slept) >= 1.0
    assert len(clock.slept) < 800


def test_start_logs_next_run_of_each_job_and_submits_nothing_yet():
    sched, scrapyd, events = service()
    sched.start(t(2025, 9, 1, 2, 0))  # even at a fire time: a new job waits for the next one
    assert sched.tick(t(2025, 9, 1, 2, 0)) == []
    assert {e["job"]: e["at"] for e in events.of("next_run")} == {
        "local": "2025-10-01T02:00:00+00:00",
        "ministries": "2025-09-01T02:30:00+00:00",
    }
    assert scrapyd.submitted == []


def test_spider_still_running_skips_that_fire_time_without_overlap():
    sched, scrapyd, events = service()
    sched.start(t(2025, 8, 20))
    sched.tick(t(2025, 9, 1, 2, 0))
    assert len(scrapyd.submitted) == 1  # local_ih-20250901, still pending: never finished
    sched.tick(t(2025, 10, 1, 2, 0))
    # ministries was never ticked at its 02:30 fire time: submitted now, local_ih skipped.
    assert [s["job_id"] for s in scrapyd.submitted] == [
        "local-20250901T0200Z",
        "ministries-20250901T0230Z",
    ]
    skipped = events.of("skipped")
    assert [e["job"] for e in skipped] == ["local"]
    assert "local-20250901T0200Z is still pending" in skipped[0]["reason"]
    # The skipped fire time is handled: no skip line every minute until November.
    assert sched.tick(t(2025, 10, 1, 2, 1)) == []


def test_two_entries_for_one_spider_due_together_start_only_one():
    sched, scrapyd, events = service(
        schedule(
            {"name": "monthly", "spider": "local_ih", "cron": "0 2 1 * *"},
            {"name": "first-of-month-too", "spider": "local_ih", "cron": "0 2 * * *"},
        )
    )
    sched.start(t(2025, 8, 31, 12))
    sched.tick(t(2025, 9, 1, 2, 0))
    assert [s["job_id"] for s in scrapyd.submitted] == ["monthly-20250901T0200Z"]
    assert [e["job"] for e in events.of("skipped")] == ["first-of-month-too"]


def test_scrapyd_outage_delays_the_run_and_the_next_tick_submits_it():
    sched, scrapyd, events = service()
    sched.start(t(2025, 8, 20))
    scrapyd.down = True
    sched.tick(t(2025, 9, 1, 2, 0))
    failed = events.of("failed")
    assert [e["job"] for e in failed] == ["local"] and "cannot reach" in failed[0]["reason"]
    scrapyd.down = False
    sched.tick(t(2025, 9, 1, 2, 1))
    # Same job id as the failed attempt: the run id does not depend on when Scrapyd came back.
    assert [s["job_id"] for s in scrapyd.submitted] == ["local-20250901T0200Z"]
    assert sched.failures == 1


def test_loop_retries_a_failed_submission_a_minute_later():
    sched, scrapyd, events = service()
    clock = FakeClock(t(2025, 8, 31, 23, 0))
    scrapyd.down = True
    original_sleep = clock.sleep

    def sleep(seconds):
        if clock.now() >= t(2025, 9, 1, 2, 3):
            scrapyd.down = False  # Scrapyd is back three minutes after the fire time
        original_sleep(seconds)

    clock.sleep = sleep
    sched.run(clock, max_ticks=12)
    assert [e["time"] for e in events.of("failed")] == [
        "2025-09-01T02:00:00+00:00",
        "2025-09-01T02:01:00+00:00",
        "2025-09-01T02:02:00+00:00",
        "2025-09-01T02:03:00+00:00",
    ]
    assert [(e["job"], e["time"]) for e in events.of("submitted")] == [
        ("local", "2025-09-01T02:04:00+00:00"),
        ("ministries", "2025-09-01T02:30:00+00:00"),
    ]
    assert RETRY_DELAY in clock.slept


def test_refused_submission_is_retried_too():
    sched, scrapyd, events = service()
    sched.start(t(2025, 8, 20))
    calls = []

    def refuse(*args, **kwargs):
        from ogpcrawl.scheduler.scrapyd import ScrapydError

        calls.append(args)
        raise ScrapydError("schedule.json: spider 'local_ih' not found")

    scrapyd.schedule = refuse
    sched.tick(t(2025, 9, 1, 2, 0))
    sched.tick(t(2025, 9, 1, 2, 1))
    assert len(calls) == 2
    assert all("not found" in e["reason"] for e in events.of("failed"))


def test_state_file_lets_a_restarted_service_catch_up_once(tmp_path):
    state = StateFile(tmp_path / "state.json")
    first, _, _ = service(state=state)
    first.start(t(2025, 8, 20))  # records the start time, then the service goes down
    # Down over the September and October fire times; back on 15 October.
    second, scrapyd, _ = service(state=state)
    second.start(t(2025, 10, 15))
    second.tick(t(2025, 10, 15))
    assert [s["job_id"] for s in scrapyd.submitted] == [
        "local-20251001T0200Z",
        "ministries-20251001T0230Z",
    ]
    # A third start the same day submits nothing again.
    third, scrapyd3, _ = service(state=state)
    third.start(t(2025, 10, 15, 1))
    assert third.tick(t(2025, 10, 15, 1)) == [] and scrapyd3.submitted == []


def test_dry_run_submits_nothing_and_leaves_the_state_file_alone(tmp_path):
    path = tmp_path / "state.json"
    StateFile(path).save({"local": t(2025, 8, 1), "ministries": t(2025, 8, 1)})
    before = path.read_text()
    sched, scrapyd, events = service(state=StateFile(path), dry_run=True)
    sched.start(t(2025, 9, 2))
    sched.tick(t(2025, 9, 2))
    assert scrapyd.submitted == []
    would = events.of("would_submit")
    assert [e["job_id"] for e in would] == ["local-20250901T0200Z", "ministries-20250901T0230Z"]
    assert would[0]["settings"] == {"AGENCIES_FILE": "/app/seeds/agencies.csv"}
    assert path.read_text() == before
