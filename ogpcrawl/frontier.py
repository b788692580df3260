"""Which agencies a crawl process should visit, and which are done: the agency frontier.

A visit's own requests carry their state in meta, so they can be queued anywhere (memory, a
JOBDIR disk queue, or a shared Redis queue). What must be shared is the set of agencies
claimed and done in a run, so every agency is visited and reported exactly once:

An agency counts as done only once its snapshot is durable (stored in the database or spooled to
disk): the persist pipeline calls `mark_done` after each write. A process killed with snapshots
still in its write buffer has therefore marked none of them done, and a worker started with
OGP_REDIS_RECLAIM=True visits them again. `finish` only keeps one process from emitting a site
twice; the database's (run_id, agency_id) key keeps a race between two processes to one row.

- LocalFrontier: one process. When a run resumes (JOBDIR keeps its run id), the persist
  pipeline restores the agencies already stored or spooled for the run, so a resumed crawl
  neither redoes nor loses sites; a visit finished twice (restored queue + restart) is dropped.
- ogpcrawl.distributed.RedisFrontier: several processes (or machines) share one Redis.

OGP_FRONTIER names the class; empty means LocalFrontier.
"""

from __future__ import annotations

from collections.abc import Iterable

from scrapy.utils.misc import load_object


class LocalFrontier:
    def __init__(self, run_id: str):
        self.run_id = run_id
        self._done: set[str] = set()
        self._emitted: set[str] = set()

    @classmethod
    def from_settings(cls, settings, run_id: str):
        return cls(run_id)

    def restore(self, done: Iterable[str]) -> None:
        """Agencies already durably done in this run (stored or spooled), from an earlier attempt."""
        self._done |= {a for a in done if a}

    def done(self) -> set[str]:
        return set(self._done)

    def claim(self, agency_id: str) -> bool:
        """True when this process should start the visit."""
        return agency_id not in self._done

    def finish(self, agency_id: str) -> bool:
        """The visit ends with a snapshot; False when the agency is done or this process already
        emitted it (drop the duplicate)."""
        if agency_id in self._done or agency_id in self._emitted:
            return False
        self._emitted.add(agency_id)
        return True

    def mark_done(self, agency_ids: Iterable[str]) -> None:
        """These agencies' snapshots are durable (stored or spooled)."""
        self._done |= {a for a in agency_ids if a}


def make_frontier(settings, run_id: str):
    path = settings.get("OGP_FRONTIER") or "ogpcrawl.frontier.LocalFrontier"
    return load_object(path).from_settings(settings, run_id)
