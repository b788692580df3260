"""The scheduler loop: on each tick, submit due jobs unless their spider is still busy.

A fire time is "handled" when its job was submitted or skipped (the spider's previous job still
pending or running: the crawl measures the same sites, so an overlapping run adds nothing and
doubles the load on them). When Scrapyd cannot be reached or refuses, the fire time stays
unhandled and the next tick tries again, so an outage delays a monthly crawl, never drops it.
"""

from __future__ import annotations

from datetime import datetime

from ogpcrawl.alerts.watch import JobWatch, Outcome
from ogpcrawl.scheduler.events import EventLog
from ogpcrawl.scheduler.schedule import Schedule
from ogpcrawl.scheduler.scrapyd import ActiveJob, Scrapyd, ScrapydError
from ogpcrawl.scheduler.state import StateFile
from ogpcrawl.scheduler.timing import Clock, due_jobs, next_fire, seconds_until_next

# After a failed submission the next attempt comes this soon.
RETRY_DELAY = 60.0
# Otherwise the loop sleeps until the next fire time, but wakes at least this often, so a
# stepped wall clock (NTP, a resumed VM) delays a fire time by an hour at most.
MAX_SLEEP = 3600.0
# With health watching on, a finished job is assessed within this many seconds.
WATCH_INTERVAL = 60.0


class Scheduler:
    def __init__(
        self,
        schedule: Schedule,
        scrapyd: Scrapyd,
        events: EventLog,
        *,
        state: StateFile | None = None,
        dry_run: bool = False,
        watch: JobWatch | None = None,
    ) -> None:
        self.schedule, self.scrapyd, self.events = schedule, scrapyd, events
        self.watch = watch  # health after each job (ogpcrawl/alerts/watch.py); None: off
        self.state = state or StateFile(None)
        self.dry_run = dry_run
        self.last_run_times: dict[str, datetime] = self.state.load()
        self.failures = 0

    def start(self, now: datetime) -> None:
        """Record a first-seen job's start time: it waits for its next fire time."""
        for job in self.schedule.jobs:
            self.last_run_times.setdefault(job.name, now)
        self._save()
        self.events.emit(
            "started",
            now,
            project=self.schedule.project,
            jobs=[j.name for j in self.schedule.jobs],
            dry_run=self.dry_run,
        )
        for job in self.schedule.jobs:
            if job.enabled:
                after = max(now, self.last_run_times[job.name])
                self.events.emit(
                    "next_run",
                    now,
                    job=job.name,
                    spider=job.spider,
                    at=next_fire(job.cron, after).isoformat(),
                )

    def tick(self, now: datetime) -> list[dict]:
        """Handle every job due at `now`; returns the events emitted."""
        due = due_jobs(self.schedule, self.last_run_times, now)
        if not due:
            return []
        out = []
        try:
            busy = {j.spider: j for j in self.scrapyd.active_jobs(self.schedule.project)}
        except ScrapydError as exc:
            self.failures += len(due)
            return [
                self.events.emit(
                    "failed",
                    now,
                    job=d.job.name,
                    spider=d.job.spider,
                    fire_time=d.fire_time.isoformat(),
                    reason=f"cannot list jobs: {exc}",
                )
                for d in due
            ]
        for d in due:
            job, common = (
                d.job,
                {"job": d.job.name, "spider": d.job.spider, "fire_time": d.fire_time.isoformat()},
            )
            if job.spider in busy:
                other = busy[job.spider]
                out.append(
                    self.events.emit(
                        "skipped",
                        now,
                        **common,
                        reason=f"previous {job.spider} job {other.id} is still {other.state}",
                    )
                )
                self.last_run_times[job.name] = d.fire_time
                continue
            if self.dry_run:
                out.append(
                    self.events.emit(
                        "would_submit",
                        now,
                        **common,
                        job_id=d.job_id,
                        settings=dict(job.settings),
                        args=dict(job.args),
                    )
                )
                self.last_run_times[job.name] = d.fire_time
                continue
            try:
                job_id = self.scrapyd.schedule(
                    self.schedule.project,
                    job.spider,
                    job_id=d.job_id,
                    settings=job.settings,
                    args=job.args,
                )
            except ScrapydError as exc:
                self.failures += 1
                out.append(self.events.emit("failed", now, **common, reason=str(exc)))
                continue
            out.append(self.events.emit("submitted", now, **common, job_id=job_id))
            # Two entries for one spider due at once: the second must see the first as running.
            busy[job.spider] = ActiveJob(id=job_id, spider=job.spider, state="pending")
            self.last_run_times[job.name] = d.fire_time
        self._save()
        return out

    def check_health(self, now: datetime) -> list[dict]:
        """Assess each spider's newest job (status file, badge, digest); returns the events."""
        if self.watch is None or self.dry_run:
            return []
        try:
            jobs = self.scrapyd.jobs(self.schedule.project)
        except ScrapydError as exc:
            return [self.events.emit("health_failed", now, reason=f"cannot list jobs: {exc}")]
        out = []
        spiders = {j.spider for j in self.schedule.jobs}
        for spider, job, result in self.watch.check(jobs, spiders, now):
            if not isinstance(result, Outcome):
                out.append(
                    self.events.emit(
                        "health_failed",
                        now,
                        spider=spider,
                        job_id=job.id,
                        reason=f"{type(result).__name__}: {result}",
                    )
                )
                continue
            h = result.health
            out.append(
                self.events.emit(
                    "health",
                    now,
                    spider=spider,
                    job_id=job.id,
                    state=h.state,
                    reasons=list(h.reasons),
                    changes=len(result.digest.changes),
                )
            )
            for m in result.messages:
                out.append(
                    self.events.emit(
                        "notified" if m.sent else "notify_failed",
                        now,
                        spider=spider,
                        job_id=job.id,
                        channel=m.channel,
                        changes=m.changes,
                    )
                )
        return out

    def run(self, clock: Clock, *, once: bool = False, max_ticks: int | None = None) -> None:
        """Tick until stopped (or once). max_ticks bounds the loop for tests with a fake clock."""
        self.start(clock.now())
        ticks = 0
        while True:
            now = clock.now()
            self.tick(now)
            self.check_health(now)
            ticks += 1
            if once or (max_ticks is not None and ticks >= max_ticks):
                return
            if due_jobs(self.schedule, self.last_run_times, now):
                clock.sleep(RETRY_DELAY)  # a fire time is still unhandled: Scrapyd failed
                continue
            wait = seconds_until_next(self.schedule, self.last_run_times, now)
            limit = WATCH_INTERVAL if self.watch is not None else MAX_SLEEP
            clock.sleep(limit if wait is None else min(limit, max(1.0, wait)))

    def _save(self) -> None:
        if not self.dry_run:  # a dry run must not change what the real service will do
            self.state.save(self.last_run_times)
