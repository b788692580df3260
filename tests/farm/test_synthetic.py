"""Synthetic sites: built lazily from the hostname, deterministic, bounded by --sites."""

from __future__ import annotations

import csv
import subprocess
import sys

from ogpcrawl.farm.synthetic import host_for, synthetic_web
from ogpcrawl.farm.web import Request

from .client import get
from .conftest import ROOT, start, stop


def test_sites_are_lazy_and_deterministic():
    web = synthetic_web(5000)
    assert web._cache == {}  # nothing built up front
    a = web.handle(Request("GET", "http", host_for(4321), "/")).body
    b = synthetic_web(5000).handle(Request("GET", "http", host_for(4321), "/")).body
    assert a == b and len(web._cache) == 1
    assert web.site(host_for(5001)) is None


def test_about_twenty_pages_per_site():
    web = synthetic_web(10)
    host = host_for(3)
    seen, todo = set(), ["/"]
    while todo:
        path = todo.pop()
        if (
            path in seen
            or not path.startswith("/")
            or path.startswith(("/az/cron", "/admin", "/userfiles"))
        ):
            continue
        seen.add(path)
        resp = web.handle(Request("GET", "http", host, path))
        if resp.status == 200 and resp.content_type.startswith("text/html"):
            from parsel import Selector

            todo += Selector(text=resp.body.decode()).css("a::attr(href)").getall()
    assert 12 <= len(seen) <= 40


def test_cli_writes_agencies_and_farm_serves_them(tmp_path):
    out = tmp_path / "agencies.csv"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "ogpcrawl.farm.synthetic",
            "--sites",
            "25",
            "--write-agencies",
            str(out),
        ],
        cwd=ROOT,
        check=True,
    )
    rows = list(csv.DictReader(out.open()))
    assert len(rows) == 25 and {r["family"] for r in rows} == {"local_ih", "ministry"}
    farm = start(tmp_path, "synthetic", "--sites", "25")
    try:
        assert all(get(farm, r["url"])[0] == 200 for r in rows[:6])
        assert get(farm, f"http://{host_for(26)}/")[0] == 502
    finally:
        stop(farm)


def test_synthetic_agencies_accounts_have_public_views():
    """The crawl reads the synthetic agencies' accounts too: the networks' hosts answer."""
    from datetime import date

    from ogpcrawl.detect import activity as A
    from ogpcrawl.farm.synthetic import host_for, synthetic_row, synthetic_web
    from ogpcrawl.farm.web import Request

    web = synthetic_web(50)
    assert (
        b"User-agent" in web.handle(Request("GET", "https", "www.facebook.com", "/robots.txt")).body
    )
    checked = 0
    for i in range(1, 51):
        row = synthetic_row(i, host_for(i))
        if "facebook" not in row["social_networks"]:
            continue
        slug = f"s{i:05d}" + ("ih" if row["level"] == "local" else "gov")
        url = A.view_url("facebook", f"https://www.facebook.com/{slug}")
        resp = web.handle(Request("GET", "https", "www.facebook.com", url.split(".com", 1)[1]))
        got = A.judge_account(
            "facebook",
            f"https://www.facebook.com/{slug}",
            [{"url": url, "status": resp.status, "text": resp.body.decode()}],
            as_of=date(2018, 8, 20),
        )
        assert got.activity.activity == row["social_activity"], i
        checked += 1
    assert checked >= 5
