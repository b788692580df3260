"""Social accounts' activity through the farm: the spider reads each account's public view after
the site visit, robots.txt first on every network host, no more than the configured requests per
account, a 429 and a login wall become `unknown` with the reason, one snapshot per agency."""

from __future__ import annotations

from collections import Counter
from urllib.parse import parse_qs, unquote, urlsplit

import pytest

from ogpcrawl.detect.activity import view_hosts
from ogpcrawl.farm.truth import truth_by_id

# intense + pinned post; login wall on Facebook (YouTube intense); 429 on YouTube; a channel that
# never posted; stopped since May; last post in June; a ministry with az words for dates
ONLY = "binegedi,kurdemir,xocavend,yasamal,sabail,sumqayit,masalli"
MAX_REQ = 2


@pytest.fixture(scope="module")
def run(farm, tmp_path_factory):
    from tests.conftest import run_crawl

    before = len(farm.requests())
    result = run_crawl(
        "local_ih",
        tmp_path_factory.mktemp("social"),
        env=farm.env,
        settings={"AS_OF": "2018-08-20", "OGP_SOCIAL_MAX_REQUESTS_PER_ACCOUNT": str(MAX_REQ)},
        args={"only": ONLY},
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result, farm.requests()[before:]


def test_one_snapshot_per_agency_and_every_account_judged(run):
    result, _ = run
    snaps = result.by_id()
    assert set(snaps) == set(ONLY.split(","))
    truth = truth_by_id()
    for aid, snap in snaps.items():
        assert snap["social"], aid
        for account in snap["social"]:
            assert account["activity"] in (
                "intense",
                "active",
                "moderate",
                "weak",
                "stopped",
                "unknown",
            )
            if account["network"] in ("instagram", "twitter"):
                assert account["activity"] == "unknown"
        best = max(
            (a for a in snap["social"]),
            key=lambda a: ["unknown", "stopped", "weak", "moderate", "active", "intense"].index(
                a["activity"]
            ),
        )
        assert best["activity"] == truth[aid]["social_activity"], aid
        assert best["last_post"] == truth[aid]["social_last_post"], aid


def test_traps_are_unknown_with_the_reason_or_stopped(run):
    result, _ = run
    snaps = result.by_id()

    def account(aid, network):
        return next(a for a in snaps[aid]["social"] if a["network"] == network)

    def reason(aid, network):
        url = account(aid, network)["url"]
        return " ".join(
            e["snippet"]
            for e in snaps[aid]["evidence_detail"]
            if e["finding"] == "social.activity" and e["snippet"].startswith(url)
        )

    assert account("kurdemir", "facebook")["activity"] == "unknown"
    assert "login wall" in reason("kurdemir", "facebook")
    assert account("xocavend", "youtube")["activity"] == "unknown"
    assert "429" in reason("xocavend", "youtube")
    never = account("yasamal", "youtube")
    assert (never["activity"], never["last_post"], never["posts_90d"]) == ("stopped", None, 0)
    assert "no login-free view" in reason("binegedi", "instagram")
    assert account("sabail", "youtube")["activity"] == "unknown"  # robots.txt disallows its feed
    assert "robots.txt" in reason("sabail", "youtube")
    assert (
        account("masalli", "facebook")["last_post"] == truth_by_id()["masalli"]["social_last_post"]
    )  # its pinned 2016 post sits above


def test_robots_first_on_every_network_host_and_requests_per_account_capped(run):
    _, log = run
    gets = [r for r in log if r.get("method") in ("GET", "HEAD")]
    network = [r for r in gets if r["host"] in view_hosts()]
    assert network, "no public view was read"
    first: dict[str, str] = {}
    for r in network:
        first.setdefault(r["host"], r["path"])
    assert all(p == "/robots.txt" for p in first.values()), first
    per_account: Counter = Counter()
    for r in network:
        if r["path"] == "/robots.txt":
            continue
        q = parse_qs(urlsplit(r["path"]).query) if "?" in r["path"] else {}
        key = (q.get("href") or q.get("channel_id") or [r["path"]])[0]
        per_account[unquote(key)] += 1
    assert per_account and max(per_account.values()) <= MAX_REQ, per_account
    assert not any(r["host"].endswith(("instagram.com", "twitter.com")) for r in gets)
    assert not any("UCsabailih" in r["path"] for r in network)  # disallowed: never fetched


def test_like_box_iframe_is_an_account_read_like_any_other(farm, tmp_path):
    """Two ministries name their Facebook page only through a like-box iframe."""
    from tests.conftest import run_crawl

    result = run_crawl(
        "ministries",
        tmp_path,
        env=farm.env,
        settings={"AS_OF": "2018-08-20"},
        args={"only": "migration,economy"},
    )
    assert result.returncode == 0, result.stderr[-3000:]
    truth = truth_by_id()
    for aid, snap in result.by_id().items():
        fb = [a for a in snap["social"] if a["network"] == "facebook"]
        assert len(fb) == 1, aid
        assert fb[0]["activity"] == truth[aid]["social_activity"]
        assert fb[0]["last_post"] == truth[aid]["social_last_post"]
        rules = {e["rule"] for e in snap["evidence_detail"] if e["finding"] == "social"}
        assert "social.plugin_iframe" in rules
