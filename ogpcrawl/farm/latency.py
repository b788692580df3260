"""Latency like the real web: a seeded per-host latency profile for the farm.

Loopback answers in a millisecond; the monitored government servers do not. With
`--latency-profile real --seed N` every answer waits a time drawn as follows (all from N, so a
run can be repeated exactly):

- each host gets a base latency, log-normal with a median of MEDIAN_S and sigma SIGMA (most
  hosts between 0.1 and 1 s), capped at BASE_CAP_S;
- a share SLOW_SHARE of hosts is very slow: its base is uniform in SLOW_RANGE_S;
- each request waits its host's base times a jitter uniform in JITTER;
- a request stalls with probability STALL_P: it waits STALL_RANGE_S more (well under the
  crawler's 30 s DOWNLOAD_TIMEOUT, so a stall is slow, not failed).

Hosts the farm does not serve (502) and CONNECT answers are not delayed. "none" (the default)
adds nothing. docs/farm.md describes it; bench/scale.py --latency-profile uses it.
"""

from __future__ import annotations

import math
import random
import zlib

PROFILES = ("none", "real")

MEDIAN_S = 0.3
SIGMA = 0.7
BASE_CAP_S = 2.0
SLOW_SHARE = 0.03
SLOW_RANGE_S = (2.5, 4.0)
JITTER = (0.8, 1.25)
STALL_P = 0.01
STALL_RANGE_S = (4.0, 8.0)


class LatencyProfile:
    def __init__(self, seed: int = 0):
        self.seed = seed
        self._base: dict[str, float] = {}
        self._rng = random.Random(f"{seed}:requests")  # per-request jitter and stalls

    def base(self, host: str) -> float:
        """The host's own latency in seconds: fixed by the seed and the host name alone."""
        if host not in self._base:
            rng = random.Random(f"{self.seed}:{zlib.crc32(host.encode())}")
            if rng.random() < SLOW_SHARE:
                value = rng.uniform(*SLOW_RANGE_S)
            else:
                value = min(BASE_CAP_S, math.exp(rng.gauss(math.log(MEDIAN_S), SIGMA)))
            self._base[host] = value
        return self._base[host]

    def delay(self, host: str) -> float:
        """Seconds to wait before answering one request to `host`."""
        wait = self.base(host) * self._rng.uniform(*JITTER)
        if self._rng.random() < STALL_P:
            wait += self._rng.uniform(*STALL_RANGE_S)
        return wait


def make_profile(name: str, seed: int = 0) -> LatencyProfile | None:
    if name == "none":
        return None
    if name == "real":
        return LatencyProfile(seed)
    raise ValueError(f"unknown latency profile {name!r}; choose from {', '.join(PROFILES)}")
