"""The farm's latency profile: seeded, shaped as documented, and really applied by the proxy."""

from __future__ import annotations

import statistics

import pytest

from ogpcrawl.farm import latency
from ogpcrawl.farm.latency import LatencyProfile, make_profile

from .client import get
from .conftest import start, stop

HOSTS = [f"site{i}-ih.gov.az" for i in range(3000)]


def test_same_seed_same_latencies_other_seed_others():
    a, b, c = LatencyProfile(7), LatencyProfile(7), LatencyProfile(8)
    assert [a.base(h) for h in HOSTS[:50]] == [b.base(h) for h in HOSTS[:50]]
    assert [a.delay(h) for h in HOSTS[:50]] == [b.delay(h) for h in HOSTS[:50]]
    assert [a.base(h) for h in HOSTS[:50]] != [c.base(h) for h in HOSTS[:50]]
    # a host's base does not depend on which hosts were asked before it
    assert LatencyProfile(7).base(HOSTS[40]) == a.base(HOSTS[40])


def test_bases_follow_the_documented_distribution():
    p = LatencyProfile(1)
    bases = [p.base(h) for h in HOSTS]
    slow = [b for b in bases if b >= latency.SLOW_RANGE_S[0]]
    ordinary = [b for b in bases if b < latency.SLOW_RANGE_S[0]]
    assert 0.015 < len(slow) / len(bases) < 0.05  # SLOW_SHARE 3 %
    assert all(latency.SLOW_RANGE_S[0] <= b <= latency.SLOW_RANGE_S[1] for b in slow)
    assert max(ordinary) <= latency.BASE_CAP_S
    assert 0.25 < statistics.median(ordinary) < 0.35  # MEDIAN_S 0.3


def test_some_requests_stall():
    p = LatencyProfile(2)
    waits = [p.delay("quba-ih.gov.az") - 0 for _ in range(5000)]
    base = p.base("quba-ih.gov.az")
    stalls = [w for w in waits if w > base * latency.JITTER[1] + 1e-9]
    assert 0.005 < len(stalls) / len(waits) < 0.02  # STALL_P 1 %
    assert all(w >= base * latency.JITTER[0] for w in waits)
    assert max(waits) <= base * latency.JITTER[1] + latency.STALL_RANGE_S[1]


def test_unknown_profile_is_refused():
    assert make_profile("none") is None
    with pytest.raises(ValueError, match="real"):
        make_profile("satellite")


def test_the_proxy_answers_after_the_hosts_latency(tmp_path):
    farm = start(tmp_path, "replica", "--latency-profile", "real", "--seed", "3")
    try:
        assert get(farm, "http://quba-ih.gov.az/robots.txt")[0] == 200
        assert get(farm, "http://nowhere.example/")[0] == 502
    finally:
        stop(farm)
    rows = {r["host"]: r for r in farm.requests() if r.get("method") == "GET"}
    took = rows["quba-ih.gov.az"]["end"] - rows["quba-ih.gov.az"]["start"]
    assert took >= LatencyProfile(3).base("quba-ih.gov.az") * latency.JITTER[0] - 0.01
    assert rows["nowhere.example"]["end"] - rows["nowhere.example"]["start"] < 0.5
