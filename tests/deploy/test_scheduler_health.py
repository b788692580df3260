"""The scheduler's health step: each spider's newest Scrapyd job -> status file, badge, digest.

A fake Scrapyd (its job list), a real SQLite database with a stored history and a real webhook
receiver on loopback.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from scheduler_fakes import FakeScrapyd, MemoryEvents

from ogpcrawl.alerts.notify import parse_config
from ogpcrawl.alerts.watch import JobWatch
from ogpcrawl.db.store import Store
from ogpcrawl.scheduler.schedule import parse_schedule
from ogpcrawl.scheduler.scrapyd import JobInfo
from ogpcrawl.scheduler.service import Scheduler
from tests.alerts.receivers import WebhookReceiver
from tests.db.db_samples import fill_history

NOW = datetime(2026, 12, 1, 4, 0, tzinfo=UTC)


class JobsScrapyd(FakeScrapyd):
    def __init__(self) -> None:
        super().__init__()
        self.listed: list[JobInfo] = []

    def jobs(self, project):
        return list(self.listed)


@pytest.fixture()
def setup(tmp_path):
    url = f"sqlite:///{tmp_path}/ogp.db"
    with Store(url) as store:
        store.upgrade()
        fill_history(store)  # local_ih: r-2018-08, r-2018-10 finished; r-2018-12 running
    hook = WebhookReceiver()
    notify = parse_config(
        {"lang": "en", "channels": [{"name": "hook", "url": hook.url(), "format": "text"}]}
    )
    sched = parse_schedule(
        {"jobs": [{"name": "local", "spider": "local_ih", "cron": "0 2 1 * *"}]}, environ={}
    )
    scrapyd, events = JobsScrapyd(), MemoryEvents()

    def make_watch():
        return JobWatch(lambda: Store(url), status_dir=tmp_path / "status", notify=notify)

    service = Scheduler(sched, scrapyd, events, watch=make_watch())
    yield service, scrapyd, events, hook, tmp_path / "status", make_watch
    hook.stop()


def status(status_dir):
    return json.loads((status_dir / "local_ih.json").read_text())


def test_running_then_finished_then_a_job_that_died(setup):
    service, scrapyd, events, hook, status_dir, make_watch = setup
    scrapyd.listed = [JobInfo("r-2018-10", "local_ih", "running")]
    service.check_health(NOW)
    assert status(status_dir)["state"] == "running"
    assert "running" in (status_dir / "local_ih.svg").read_text()
    assert hook.posts == []  # a running job notifies nobody

    scrapyd.listed = [JobInfo("r-2018-10", "local_ih", "finished", "2026-12-01 03:40:00")]
    service.check_health(NOW)
    assert (status(status_dir)["state"], status(status_dir)["job_id"]) == ("ok", "r-2018-10")
    assert [e["state"] for e in events.of("health")] == ["ok"]
    assert len(hook.posts) == 1  # the run's changes: Binəqədi's council appeared, ...
    assert "Binəqədi — section appeared: Public council" in hook.posts[0]["json"]["message"]
    assert [e["channel"] for e in events.of("notified")] == ["hook"]

    service.check_health(NOW)  # nothing new: no second digest
    # a restarted scheduler reads what it assessed from the status file
    Scheduler(service.schedule, scrapyd, events, watch=make_watch()).check_health(NOW)
    assert len(hook.posts) == 1

    # Scrapyd says "finished" for a job that never wrote its run row (it died at start)
    scrapyd.listed.append(
        JobInfo("local-20261201T0200Z", "local_ih", "finished", "2026-12-01 04:00:01")
    )
    service.check_health(NOW)
    record = status(status_dir)
    assert (record["state"], record["job_id"]) == ("failed", "local-20261201T0200Z")
    assert record["codes"] == ["no_run_row"]
    assert "failing 2026-12-01" in (status_dir / "local_ih.svg").read_text()
    assert len(hook.posts) == 2
    assert "FAILED" in hook.posts[1]["json"]["title"]
    assert "no run row" in hook.posts[1]["json"]["message"]


def test_a_row_left_running_by_a_finished_job_is_failed(setup):
    service, scrapyd, events, hook, status_dir, _ = setup
    scrapyd.listed = [JobInfo("r-2018-12", "local_ih", "finished", "2026-12-01 03:00:00")]
    service.check_health(NOW)
    assert (status(status_dir)["state"], status(status_dir)["codes"]) == ("failed", ["died"])
    assert len(hook.posts) == 1


def test_an_unreachable_database_is_reported_and_retried(setup, tmp_path):
    service, scrapyd, events, hook, status_dir, _ = setup
    service.watch.store_factory = lambda: Store(f"sqlite:///{tmp_path}/nowhere/x/ogp.db")
    scrapyd.listed = [JobInfo("r-2018-10", "local_ih", "finished", "2026-12-01 03:40:00")]
    service.check_health(NOW)
    assert events.of("health_failed") and not (status_dir / "local_ih.json").exists()
    assert hook.posts == []
