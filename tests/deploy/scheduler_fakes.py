"""Test doubles for the scheduler: a clock that only moves when slept, and an in-memory Scrapyd."""

from __future__ import annotations

import io
import json
from datetime import datetime, timedelta

from ogpcrawl.scheduler.events import EventLog
from ogpcrawl.scheduler.scrapyd import ActiveJob, ScrapydError


class FakeClock:
    def __init__(self, start: datetime) -> None:
        self.current = start
        self.slept: list[float] = []

    def now(self) -> datetime:
        return self.current

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.current += timedelta(seconds=seconds)


class FakeScrapyd:
    """Jobs stay pending until the test finishes them; `down` makes every call fail."""

    def __init__(self) -> None:
        self.submitted: list[dict] = []
        self.active: dict[str, ActiveJob] = {}
        self.down = False

    def active_jobs(self, project: str) -> list[ActiveJob]:
        if self.down:
            raise ScrapydError("listjobs.json: cannot reach http://scrapyd.invalid/: refused")
        return list(self.active.values())

    def schedule(self, project, spider, *, job_id, settings, args) -> str:
        if self.down:
            raise ScrapydError("schedule.json: cannot reach http://scrapyd.invalid/: refused")
        self.submitted.append(
            {
                "project": project,
                "spider": spider,
                "job_id": job_id,
                "settings": dict(settings),
                "args": dict(args),
            }
        )
        self.active[job_id] = ActiveJob(id=job_id, spider=spider, state="pending")
        return job_id

    def finish_all(self) -> None:
        self.active.clear()


class MemoryEvents(EventLog):
    def __init__(self) -> None:
        super().__init__(io.StringIO())

    @property
    def records(self) -> list[dict]:
        return [json.loads(line) for line in self.stream.getvalue().splitlines()]

    def of(self, event: str) -> list[dict]:
        return [r for r in self.records if r["event"] == event]
