"""Social accounts' public views, read once per account and shared by the visits that link them.

A visit lists its home page's accounts as soon as the home page is kept, and each account not
yet read gets a read chain of its own (the view, then an older page: spiders/base.py), run
beside the site's own pages instead of after them, so a network's chain (one request a second on
its own download slot) is fed from the start of the census, not only as visits finish.

SocialReads is the run-wide bookkeeping of one spider, in memory only (what travels in requests
is plain data, so JOBDIR and Redis still work):

- which reads are running, and which wait for their network's window (how many chains of a
  network run at once: enough to keep its download slot busy, few enough that the downloader's
  queues never fill with one network's requests);
- finished reads, kept while a visit that listed the account has not taken them, then in a small
  LRU (OGP_SOCIAL_CACHE_ACCOUNTS) for accounts several agencies share;
- parked visits: a visit done with its own pages whose accounts are still being read waits here
  (not in any request) until the last of its reads finishes. A parked visit is never dropped:
  the spider's idle handler takes every visit still parked and reads its missing accounts
  inside the visit, one after the other, as the serial design did.

No Scrapy, no clock: the spider turns what this returns into requests and snapshots.
"""

from __future__ import annotations

from collections import Counter, OrderedDict, deque
from typing import Any


class SocialReads:
    def __init__(self, *, windows: dict[str, int], keep: int, default_window: int = 2):
        self.windows = windows  # network -> read chains running at once
        self.default_window = default_window
        self.keep = max(0, keep)  # finished reads kept beyond the visits that wait for them
        self._finished: dict[str, list] = {}  # account -> views, while some visit wants them
        self._recent: OrderedDict[str, list] = OrderedDict()  # the LRU of other finished reads
        self._wanted: Counter[str] = Counter()  # account -> visits that will take its read
        self._running: dict[str, str] = {}  # account -> network
        self._busy: Counter[str] = Counter()  # network -> chains running
        self._queued: dict[str, dict] = {}  # account -> read waiting for its network's window
        self._order: dict[str, deque[str]] = {}  # network -> queued accounts, first come first
        self._urgent: dict[str, deque[str]] = {}  # network -> queued accounts a visit waits for
        self._waiters: dict[str, set[str]] = {}  # account -> parked agency ids
        self._parked: dict[str, tuple[Any, set[str]]] = {}  # agency id -> (visit, accounts)

    # -- reads ----------------------------------------------------------------------------------
    def views(self, account: str) -> list | None:
        """The finished read's views, or None while it is not read (or no longer kept)."""
        if account in self._finished:
            return self._finished[account]
        if account in self._recent:
            self._recent.move_to_end(account)
            return self._recent[account]
        return None

    def started(self, account: str) -> bool:
        return account in self._running or account in self._queued

    def want(self, account: str) -> None:
        """A visit will take this account's read: keep it until the visit has."""
        self._wanted[account] += 1

    def release(self, account: str) -> None:
        """A visit took the read (or no longer needs it)."""
        left = self._wanted[account] - 1
        if left > 0:
            self._wanted[account] = left
            return
        self._wanted.pop(account, None)
        views = self._finished.pop(account, None)
        if views is not None:
            self._remember(account, views)

    def _remember(self, account: str, views: list) -> None:
        if not self.keep:
            return
        self._recent[account] = views
        self._recent.move_to_end(account)
        while len(self._recent) > self.keep:
            self._recent.popitem(last=False)

    def add(self, item: dict) -> None:
        """Queue a read of this account ({network, url, next}) unless it is read or started."""
        account = item["url"]
        if self.views(account) is not None or self.started(account):
            return
        self._queued[account] = item
        self._order.setdefault(item["network"], deque()).append(account)

    def dispatch(self) -> list[dict]:
        """The queued reads to start now, within each network's window; reads a parked visit
        waits for first."""
        out = []
        for network in list(self._order):
            window = self.windows.get(network, self.default_window)
            for line in (self._urgent.get(network), self._order[network]):
                while line and self._busy[network] < window:
                    account = line.popleft()
                    item = self._queued.pop(account, None)
                    if item is None:  # started from the other line already
                        continue
                    self._running[account] = network
                    self._busy[network] += 1
                    out.append(item)
        return out

    def finish(self, account: str, views: list) -> list:
        """The account's read is done: keep it for the visits that want it, and return the
        parked visits that now have every read they wait for."""
        network = self._running.pop(account, None)
        if network is not None:
            self._busy[network] -= 1
        if self._wanted.get(account):
            self._finished[account] = views
        else:
            self._remember(account, views)
        resumed = []
        for agency_id in sorted(self._waiters.pop(account, ())):
            entry = self._parked.get(agency_id)
            if entry is None:
                continue
            entry[1].discard(account)
            if not entry[1]:
                del self._parked[agency_id]
                resumed.append(entry[0])
        return resumed

    # -- parked visits --------------------------------------------------------------------------
    def park(self, agency_id: str, visit: Any, accounts: list[str]) -> None:
        """The visit waits for these accounts' reads (each running or queued)."""
        self._parked[agency_id] = (visit, set(accounts))
        for account in accounts:
            self._waiters.setdefault(account, set()).add(agency_id)
            item = self._queued.get(account)
            if item is not None:
                self._urgent.setdefault(item["network"], deque()).append(account)

    def parked(self) -> int:
        return len(self._parked)

    def take_parked(self) -> list:
        """Every parked visit, for the idle handler: nothing is in flight any more, so a read
        still running was lost (or another process of a distributed run took its request).
        What was running or queued is forgotten; the visits read what they miss themselves."""
        visits = [visit for visit, _ in self._parked.values()]
        self._parked.clear()
        self._waiters.clear()
        self._running.clear()
        self._busy.clear()
        self._queued.clear()
        self._order.clear()
        self._urgent.clear()
        return visits

    def held(self) -> int:
        """Finished reads held in memory (those wanted, and the LRU)."""
        return len(self._finished) + len(self._recent)
