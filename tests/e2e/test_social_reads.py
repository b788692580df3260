"""Social accounts are read beside the site's own pages, once a run, and no visit is lost waiting
for them (ogpcrawl/spiders/social.py): through the farm, from its request log and the snapshots.

The agencies file adds a twin of binegedi (another agency id, the same site): both link the
same accounts, which must be read once. A short DOWNLOAD_DELAY makes a 20-page site's visit take
seconds, so a read that waited for the site's last page would show in the log's order.
"""

from __future__ import annotations

import re
from collections import Counter
from urllib.parse import parse_qs, unquote, urlsplit

import pytest

from ogpcrawl.detect.activity import view_hosts
from tests.conftest import ROOT

pytestmark = pytest.mark.e2e

ONLY = "binegedi,binegedi_twin,masalli,sabail,xocavend,nizami"
SETTINGS = {"AS_OF": "2018-08-20", "DOWNLOAD_DELAY": "0.2"}


def agencies_file(path):
    rows = (ROOT / "seeds" / "agencies.csv").read_text(encoding="utf-8").splitlines()
    twin = next(r for r in rows if r.startswith("binegedi,")).replace(
        "binegedi,", "binegedi_twin,", 1
    )
    path.write_text("\n".join([*rows, twin]) + "\n", encoding="utf-8")
    return path


def crawl(farm, work, **settings):
    from tests.conftest import run_crawl

    before = len(farm.requests())
    result = run_crawl(
        "local_ih",
        work,
        env=farm.env,
        settings={
            **SETTINGS,
            "AGENCIES_FILE": str(agencies_file(work / "agencies.csv")),
            **settings,
        },
        args={"only": ONLY},
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result, farm.requests()[before:]


def account_of(r: dict) -> str:
    """The account a network request reads (facebook's href, youtube's channel)."""
    q = parse_qs(urlsplit(r["path"]).query)
    return unquote((q.get("href") or q.get("channel_id") or [r["path"]])[0])


def views_read(log: list[dict]) -> list[dict]:
    return [
        r for r in log if r["host"] in view_hosts() and r["path"] != "/robots.txt" and "start" in r
    ]


def social_of(snap: dict) -> dict:
    return {a["url"]: (a["activity"], a["last_post"], a["posts_90d"]) for a in snap["social"]}


def stat(stderr: str, name: str) -> int:
    found = re.findall(rf"'{re.escape(name)}': (\d+)", stderr)
    return sum(int(x) for x in found)


@pytest.fixture(scope="module")
def run(farm, tmp_path_factory):
    return crawl(farm, tmp_path_factory.mktemp("reads"))


def test_every_agency_once_and_every_account_read(run):
    result, _ = run
    snaps = result.by_id()
    assert sorted(s["agency_id"] for s in result.snapshots) == sorted(ONLY.split(","))
    for aid, snap in snaps.items():
        assert snap["social"], aid
        for e in snap["evidence_detail"]:
            assert "public view not read" not in e["snippet"], (aid, e)


def test_reads_start_before_the_sites_last_page(run):
    """binegedi's site takes 20 pages; its Facebook page is read long before the last one."""
    _, log = run
    site = sorted(
        (r for r in log if r["host"] == "binegedi-ih.gov.az" and "start" in r),
        key=lambda r: r["start"],
    )
    reads = [r for r in views_read(log) if "binegedi" in account_of(r)]
    assert len(site) >= 15 and reads
    first_read = min(r["start"] for r in reads)
    assert first_read < site[len(site) // 2]["start"], (first_read, site[-1]["start"])


def test_an_account_two_agencies_link_is_read_once(run):
    result, log = run
    snaps = result.by_id()
    assert social_of(snaps["binegedi"]) == social_of(snaps["binegedi_twin"])
    reads = views_read(log)
    assert any("binegedi" in account_of(r) for r in reads)
    twice = Counter((r["host"], r["path"]) for r in reads) - Counter(
        set((r["host"], r["path"]) for r in reads)
    )
    assert not twice, twice


def test_visits_whose_reads_are_lost_resume_when_idle_with_their_views(run, farm, tmp_path):
    """Every read chain is dropped as it starts: each visit waits, the idle handler resumes it,
    and it reads its accounts itself. Same accounts, same activity as the run that lost none."""
    result, _ = run
    lost, log = crawl(
        farm, tmp_path, SPIDER_MIDDLEWARES='{"tests.e2e.drop_reads.DropReadChains": 10}'
    )
    assert stat(lost.stderr, "test/read_chains_dropped") > 0
    assert stat(lost.stderr, "ogp/social_idle_resumed") > 0
    assert sorted(s["agency_id"] for s in lost.snapshots) == sorted(ONLY.split(","))
    for aid, snap in result.by_id().items():
        assert social_of(lost.by_id()[aid]) == social_of(snap), aid
    assert views_read(log), "the resumed visits read nothing"
