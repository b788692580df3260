"""PacedStart keeps the number of open visits near CONCURRENT_REQUESTS, not the number of sites.

Read from the farm's request log, in order: a site is open from its first request to its last.
Without pacing Scrapy opens every visit before finishing any (home requests rank first).
"""

from __future__ import annotations

import pytest

from ogpcrawl.farm.synthetic import write_agencies
from tests.conftest import run_crawl, start_farm

pytestmark = pytest.mark.e2e

SITES = 60  # 48 of them local_ih
CONCURRENCY = 4


def max_open_sites(requests: list[dict]) -> int:
    hosts = [r["host"].removeprefix("www.") for r in requests if r.get("host")]
    first: dict[str, int] = {}
    last: dict[str, int] = {}
    for i, h in enumerate(hosts):
        first.setdefault(h, i)
        last[h] = i
    return max(sum(first[h] <= i <= last[h] for h in first) for i in range(len(hosts)))


def test_open_visits_stay_near_the_concurrency_not_the_number_of_sites(tmp_path):
    farm = start_farm(tmp_path, "--scenario", "synthetic", "--sites", str(SITES))
    try:
        agencies = tmp_path / "agencies.csv"
        write_agencies(str(agencies), SITES)
        result = run_crawl(
            "local_ih",
            tmp_path / "crawl",
            env=farm.env,
            settings={
                "AGENCIES_FILE": str(agencies),
                "OGP_PERSIST_ENABLED": "False",
                "OGP_BROWSER": "never",
                "AS_OF": "2018-08-20",
                "CONCURRENT_REQUESTS": str(CONCURRENCY),
            },
        )
        requests = farm.requests()
    finally:
        farm.stop()
    assert result.returncode == 0, result.stderr[-3000:]
    assert len(result.snapshots) == SITES * 4 // 5
    # in flight + in the callbacks + the one just started: a small multiple of the concurrency
    assert max_open_sites(requests) <= 2 * CONCURRENCY + 2
