"""After a job: health (Scrapyd's job state + the run row) -> status file and badge -> digest.

`after_job` is the health step any deployment can run (`scrapy health`, `scrapy notify` and the
scheduler all call it). `JobWatch` is the scheduler's side: on each tick it looks at each
spider's newest Scrapyd job; a pending or running job makes the status "running", a finished one
not yet assessed gets `after_job`. What was assessed is remembered in the status file (job_id),
so a restarted scheduler neither misses nor repeats a notification; without a status directory
it is remembered in memory only.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from ogpcrawl.alerts.changes import Recheck
from ogpcrawl.alerts.digest import Digest, build_digest
from ogpcrawl.alerts.notify import Message, NotifyConfig, messages_for, send
from ogpcrawl.alerts.status import read_status, write_status
from ogpcrawl.health import Health
from ogpcrawl.scheduler.scrapyd import JobInfo


@dataclass
class Outcome:
    digest: Digest
    status: dict[str, Any] | None = None
    messages: list[Message] = field(default_factory=list)

    @property
    def health(self) -> Health:
        return self.digest.health


def after_job(
    store: Any,
    run_id: str,
    *,
    now: datetime,
    job_state: str | None = None,
    spider: str | None = None,
    status_dir: str | Path | None = None,
    notify: NotifyConfig | None = None,
    recheck: Recheck | None = None,
    thresholds: Mapping[str, Any] | None = None,
    dry_run: bool = False,
) -> Outcome:
    """Classify the run, write its status file and badge, and send its digest (dry_run: build
    the messages, send nothing, write nothing, record nothing)."""
    digest = build_digest(
        store,
        run_id,
        job_state=job_state,
        spider=spider,
        recheck=recheck,
        persist=not dry_run,
        thresholds=thresholds,
        evidence_url=notify.evidence_url if notify else None,
    )
    outcome = Outcome(digest)
    if status_dir and not dry_run and digest.health.spider:
        outcome.status = write_status(
            status_dir, digest.health, now=now, job_id=run_id, job_state=job_state
        )
    if notify is not None and digest.health.state != "running":
        outcome.messages = messages_for(digest, notify)
        if not dry_run:
            send(outcome.messages)
    return outcome


class JobWatch:
    def __init__(
        self,
        store_factory,
        *,
        status_dir: str | Path | None = None,
        notify: NotifyConfig | None = None,
        recheck: Recheck | None = None,
        thresholds: Mapping[str, Any] | None = None,
    ) -> None:
        self.store_factory = store_factory  # () -> Store; opened per check, closed after
        self.status_dir, self.notify, self.recheck = status_dir, notify, recheck
        self.thresholds = thresholds
        self.assessed: dict[str, str] = {}  # spider -> job id (memory, when no status dir)

    def _last(self, spider: str) -> Mapping[str, Any] | None:
        return read_status(self.status_dir, spider) if self.status_dir else None

    def check(
        self, jobs: Iterable[JobInfo], spiders: Iterable[str], now: datetime
    ) -> list[tuple[str, JobInfo, Outcome | Exception]]:
        """Assess each spider's newest job if not done yet; returns what was assessed."""
        jobs = list(jobs)
        out = []
        for spider in sorted(set(spiders)):
            mine = [j for j in jobs if j.spider == spider]
            if not mine:
                continue
            active = [j for j in mine if j.state in ("pending", "running")]
            job = (
                active[-1]
                if active
                else max((j for j in mine if j.state == "finished"), key=lambda j: j.end_time)
            )
            last = self._last(spider)
            if last and last.get("job_id") == job.id and last.get("job_state") == job.state:
                continue  # nothing new about this job
            if active:
                # Scrapyd still has it: running, whatever the row says (it may be closing).
                health = Health(
                    "running",
                    (f"job is {job.state}",),
                    (f"job_{job.state}",),
                    run_id=job.id,
                    spider=spider,
                )
                if self.status_dir:
                    write_status(
                        self.status_dir, health, now=now, job_id=job.id, job_state=job.state
                    )
                continue
            if not self.status_dir and self.assessed.get(spider) == job.id:
                continue
            try:
                with self.store_factory() as store:
                    outcome = after_job(
                        store,
                        job.id,
                        now=now,
                        job_state=job.state,
                        spider=spider,
                        status_dir=self.status_dir,
                        notify=self.notify,
                        recheck=self.recheck,
                        thresholds=self.thresholds,
                    )
            except Exception as exc:  # the database is down, say: try again next tick
                out.append((spider, job, exc))
                continue
            self.assessed[spider] = job.id
            out.append((spider, job, outcome))
        return out
