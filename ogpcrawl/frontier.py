"""Which agencies a crawl process should visit, and which are done: the agency frontier.

A visit's own requests carry their state in meta, so they can be queued anywhere (memory, a
JOBDIR disk queue, or a shared Redis queue). What must be shared is the set of agencies
claimed and done in a run, so every agency is visited and reported exactly once:

- LocalFrontier: one process; with JOBDIR, a file remembers the done agencies, so a resumed
  crawl neither redoes nor loses sites.
- ogpcrawl.distributed.RedisFrontier: several processes (or machines) share one Redis.

OGP_FRONTIER names the class; empty means LocalFrontier.
"""

from __future__ import annotations

from pathlib import Path

from scrapy.utils.misc import load_object


class LocalFrontier:
    def __init__(self, run_id: str, jobdir: str | None = None):
        self.run_id = run_id
        self._file = Path(jobdir) / "ogp_emitted.txt" if jobdir else None
        self._done: set[str] = set()
        if self._file and self._file.exists():
            self._done = {x.strip() for x in self._file.read_text().splitlines() if x.strip()}

    @classmethod
    def from_settings(cls, settings, run_id: str):
        return cls(run_id, settings.get("JOBDIR") or None)

    def done(self) -> set[str]:
        """Agencies whose snapshot this run already emitted."""
        return set(self._done)

    def claim(self, agency_id: str) -> bool:
        """True when this process should start the visit (always, for one process)."""
        return agency_id not in self._done

    def finish(self, agency_id: str) -> bool:
        """Record the agency as done; False when it was already done (drop the duplicate)."""
        if agency_id in self._done:
            return False
        self._done.add(agency_id)
        if self._file:
            with self._file.open("a") as fh:
                fh.write(agency_id + "\n")
        return True


def make_frontier(settings, run_id: str):
    path = settings.get("OGP_FRONTIER") or "ogpcrawl.frontier.LocalFrontier"
    return load_object(path).from_settings(settings, run_id)
