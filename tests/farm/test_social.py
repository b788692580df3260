"""The replica's social networks: every agency's readable accounts show the activity and last
post of the ground truth, the ground truth follows the report (annex wording, the 2.4 table
where the annex has no word), and the traps are where docs/farm.md says."""

from __future__ import annotations

import csv
import io
import pkgutil
from datetime import date

import pytest

from ogpcrawl.detect import activity as A
from ogpcrawl.farm.replica import replica_web
from ogpcrawl.farm.sites.social import HOSTS, slug_of
from ogpcrawl.farm.truth import truth_by_id
from ogpcrawl.farm.web import Request

AS_OF = date(2018, 8, 20)
ACCOUNTS = [
    (aid, net)
    for aid, row in truth_by_id().items()
    for net in row["social_networks"].split(";")
    if net in ("facebook", "youtube")
]


@pytest.fixture(scope="module")
def web():
    return replica_web()


def read(web, network: str, account_url: str) -> dict:
    url = A.view_url(network, account_url)
    host, _, target = url.split("://", 1)[1].partition("/")
    resp = web.handle(Request("GET", "https", host, "/" + target))
    return {"url": url, "status": resp.status, "text": resp.body.decode("utf-8"), "error": None}


def account_url(aid: str, network: str) -> str:
    slug = slug_of(truth_by_id()[aid])
    return {
        "facebook": f"https://www.facebook.com/{slug}",
        "youtube": f"https://www.youtube.com/channel/UC{slug}",
    }[network]


@pytest.mark.parametrize(("aid", "network"), ACCOUNTS)
def test_each_readable_account_shows_the_ground_truth(web, aid, network):
    row = truth_by_id()[aid]
    got = A.judge_account(
        network,
        account_url(aid, network),
        [read(web, network, account_url(aid, network))],
        as_of=AS_OF,
    )
    trap = {t.split(":")[0] for t in row["social_traps"].split(";") if t.endswith(network)}
    if trap & {"login_wall", "rate_limited"}:
        assert got.activity.activity == "unknown"
    elif "never_posted" in trap:
        assert got.activity.to_contract() == {
            "activity": "stopped",
            "last_post": None,
            "posts_90d": 0,
        }
    else:
        assert got.activity.activity == row["social_activity"]
        assert got.activity.last_post.isoformat() == row["social_last_post"]


def test_ground_truth_follows_the_report():
    raw = pkgutil.get_data("ogpcrawl.farm", "data/reference/annex1_local_2018.csv")
    annex = {r["no"]: r for r in csv.DictReader(io.StringIO(raw.decode("utf-8")))}
    truth = [r for r in truth_by_id().values() if r["level"] == "local" and r["social_networks"]]
    assert len(truth) == 32
    for row in truth:
        a = annex[row["annex_no"]]
        assert row["social_table_group"] == a["social_table_group"]
        if a["social_activity"] != "unknown":
            assert row["social_activity"] == a["social_activity"], row["agency_id"]
    by_id = truth_by_id()
    assert by_id["sabail"]["social_activity"] == "stopped"
    assert by_id["sabail"]["social_last_post"].startswith("2018-05")
    assert by_id["sumqayit"]["social_last_post"].startswith("2018-06")  # "son paylaşım iyun"
    assert by_id["sumqayit"]["social_activity"] == "moderate"  # the 2.4 table: medium
    assert by_id["mys"]["social_last_post"].startswith("2018-05")


def test_traps(web):
    by_id = truth_by_id()
    kur = read(web, "facebook", account_url("kurdemir", "facebook"))
    assert "login_form" in kur["text"]
    xoc = read(web, "youtube", account_url("xocavend", "youtube"))
    assert xoc["status"] == 429
    pinned = [a for a, r in by_id.items() if "pinned:facebook" in r["social_traps"]]
    assert pinned
    view = read(web, "facebook", account_url(pinned[0], "facebook"))
    assert A.parse_facebook_plugin(view["text"], as_of=AS_OF).posts[0] == date(2016, 5, 10)
    robots = web.handle(Request("GET", "https", "www.youtube.com", "/robots.txt")).body.decode()
    assert "Disallow: /feeds/videos.xml?channel_id=UCsabailih" in robots
    for style in ("az_text", "en_text"):
        assert any(f"{style}:facebook" in r["social_traps"] for r in by_id.values())


@pytest.mark.parametrize("host", sorted(HOSTS))
def test_every_network_host_has_robots_txt(web, host):
    resp = web.handle(Request("GET", "https", host, "/robots.txt"))
    assert resp.status == 200 and b"User-agent: *" in resp.body


def test_networks_without_a_view_are_login_walls(web):
    resp = web.handle(Request("GET", "https", "www.instagram.com", "/sumqayitih/"))
    assert b"login_form" in resp.body


@pytest.mark.parametrize("aid", ["binegedi", "migration", "economy", "xocavend"])
def test_site_traps_single_video_and_like_box(web, aid):
    """A home page's single YouTube video (embed and watch link) is no account; a like-box
    iframe is the only thing naming migration's and economy's Facebook pages."""
    from ogpcrawl.detect.page import Page
    from ogpcrawl.detect.social import detect_social

    row = truth_by_id()[aid]
    resp = web.handle(Request("GET", row["scheme"], row["primary_host"], "/"))
    html = resp.body.decode("utf-8", "replace")
    found = detect_social([Page(f"{row['scheme']}://{row['primary_host']}/", html)])
    assert sorted(a.network for a in found.accounts) == sorted(row["social_networks"].split(";"))
    if "youtube" in row["social_networks"] and row["level"] == "local":
        assert "youtube.com/watch?v=" in html and "youtube.com/embed/" in html
    if "like_box:facebook" in row["social_traps"]:
        assert "plugins/page.php" in html and 'href="https://www.facebook.com/' not in html
