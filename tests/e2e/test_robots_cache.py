"""robots.txt with a bounded cache of parsers (ogpcrawl/robots.py): a host forgotten to make
room has its robots.txt fetched again when it is asked for again, and its rules still hold."""

from __future__ import annotations

import json
import subprocess
import sys
import uuid

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.e2e

A = "http://sumqayit-ih.gov.az"  # the replica's robots.txt disallows /admin/ here
B = "http://agstafa-ih.gov.az"
URLS = [f"{A}/", f"{B}/", f"{A}/admin/", f"{A}/"]


def probe(farm, tmp_path, cache_hosts: int) -> tuple[list[dict], list[tuple[str, str]], str]:
    agent = f"ogpcrawl-robots-probe/{uuid.uuid4().hex}"  # this run's lines in the shared farm log
    out = tmp_path / f"probe-{cache_hosts}.jsonl"
    cmd = [sys.executable, "-m", "scrapy", "runspider", str(ROOT / "tests/e2e/robots_probe.py")]
    cmd += ["-a", "urls=" + " ".join(URLS), "-O", str(out)]
    for k, v in {
        "USER_AGENT": agent,
        "OGP_ROBOTS_CACHE_HOSTS": cache_hosts,
        "OGP_BROWSER": "never",
        "LOG_LEVEL": "INFO",
    }.items():
        cmd += ["-s", f"{k}={v}"]
    env = {**farm.env, "SCRAPY_SETTINGS_MODULE": "ogpcrawl.settings", "PYTHONPATH": str(ROOT)}
    proc = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    items = sorted(
        (json.loads(line) for line in out.read_text().splitlines()), key=lambda x: x["i"]
    )
    fetched = [(r["host"], r["path"]) for r in farm.requests() if r.get("ua") and r["ua"] == agent]
    return items, fetched, proc.stderr


def test_a_forgotten_host_fetches_robots_again_and_its_rules_still_hold(farm, tmp_path):
    items, fetched, log = probe(farm, tmp_path, cache_hosts=1)
    assert [x.get("status") or x.get("error") for x in items] == [200, 200, "IgnoreRequest", 200]
    a, b = A.split("//")[1], B.split("//")[1]
    # A's parser was forgotten when B's came in, and fetched again for A's next request
    assert fetched.count((a, "/robots.txt")) == 2
    assert fetched.count((b, "/robots.txt")) == 1
    assert (a, "/admin/") not in fetched
    assert "'ogp/robots/evicted': 2" in log


def test_a_host_kept_in_the_cache_fetches_robots_once(farm, tmp_path):
    items, fetched, log = probe(farm, tmp_path, cache_hosts=512)
    assert [x.get("status") or x.get("error") for x in items] == [200, 200, "IgnoreRequest", 200]
    a = A.split("//")[1]
    assert fetched.count((a, "/robots.txt")) == 1
    assert (a, "/admin/") not in fetched
    assert "ogp/robots/evicted" not in log
