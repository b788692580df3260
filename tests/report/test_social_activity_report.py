"""Commitment 2.4's activity half in the report: the annex cell's wording per account, the
summary's 2.4 table (active / medium), and rating 2.4's rule with activity."""

from __future__ import annotations

import pytest
from report_helpers import snapshot

from ogpcrawl.detect import verdicts
from ogpcrawl.detect.ratings import rate_24
from ogpcrawl.report.cells import annex_cells
from ogpcrawl.report.messages import catalogue
from ogpcrawl.report.summary import summarise

MOBILE = {"viewport": True, "mobile_url": None, "responsive": None}


def acc(network, activity, last_post=None, posts=None):
    return {
        "network": network,
        "url": f"https://www.{network}.com/agency",
        "activity": activity,
        "last_post": last_post,
        "posts_90d": posts,
    }


def cell(social, lang="az"):
    s = snapshot("sumqayit", "Sumqayıt", mobile=MOBILE, social=social)
    return annex_cells(s, catalogue(lang), lang)["2.4"].plain()


def test_cell_says_how_active_each_account_is_in_the_reports_words():
    text = cell(
        [
            acc("facebook", "active", "2018-08-19", 30),
            acc("instagram", "unknown"),
            acc("youtube", "moderate", "2018-08-02", 8),
        ]
    )
    assert text == (
        "Var Facebook: paylaşımlar aktivdir, son paylaşım 19.08.2018; "
        "Instagram: aktivliyi bilinmir; YouTube: paylaşımlar nisbətən aktivdir, "
        "son paylaşım 02.08.2018."
    )


@pytest.mark.parametrize(
    ("account", "words"),
    [
        (acc("facebook", "intense", "2018-08-20", 120), "paylaşımlar intensivdir"),
        (acc("facebook", "weak", "2018-07-20", 2), "paylaşımlar zəifdir"),
        (acc("facebook", "stopped", "2018-05-18", 0), "paylaşımlar may ayından dayanıb"),
        (acc("youtube", "stopped", None, 0), "paylaşım yoxdur"),
    ],
)
def test_cell_wording(account, words):
    assert words in cell([account])


def test_english_cell():
    assert "stopped posting in May" in cell([acc("facebook", "stopped", "2018-05-18", 0)], "en")


def test_snapshot_without_activity_keeps_the_plain_list():
    old = [{"network": "facebook", "url": "https://www.facebook.com/a"}]
    assert cell(old) == "Var Facebook"


def test_agency_activity_and_table_group():
    s = {
        "social": [acc("instagram", "unknown"), acc("facebook", "moderate"), acc("youtube", "weak")]
    }
    assert verdicts.social_activity(s) == "moderate"
    assert verdicts.social_group(s) == "medium"
    assert verdicts.social_group({"social": [acc("facebook", "intense")]}) == "active"
    assert verdicts.social_group({"social": [acc("facebook", "weak")]}) is None


@pytest.mark.parametrize(
    ("social", "cadence", "rating"),
    [
        ([acc("facebook", "active")], "monthly", "complete"),
        ([acc("facebook", "moderate")], "daily", "substantial"),  # the site posts, its page not
        ([acc("facebook", "weak")], "weekly", "substantial"),
        ([acc("facebook", "stopped")], "daily", "limited"),  # opened, not kept active
        ([acc("instagram", "unknown")], "weekly", "complete"),  # unreadable: the site's cadence
        ([acc("instagram", "unknown")], "monthly", "substantial"),
        ([], "daily", "limited"),
    ],
)
def test_rating_24_takes_activity_into_account(social, cadence, rating):
    s = {"reachable": True, "mobile": MOBILE, "social": social, "news": {"cadence": cadence}}
    assert rate_24(s) == rating


def test_summary_has_the_reports_24_table():
    snaps = [
        snapshot("a", "A", social=[acc("facebook", "intense")]),
        snapshot("b", "B", social=[acc("facebook", "active"), acc("youtube", "weak")]),
        snapshot("c", "C", social=[acc("facebook", "moderate")]),
        snapshot("d", "D", social=[acc("facebook", "stopped", "2018-05-01", 0)]),
        snapshot("e", "E", social=[]),
    ]
    summary = summarise(snaps, catalogue("az"), "az")
    metrics = {m.key: m for m in summary["levels"][0].metrics}
    assert metrics["social_active"].names == ["A", "B"]
    assert metrics["social_medium"].names == ["C"]
    assert metrics["social_quiet"].names == ["D"]
    assert metrics["social_active"].reference.claim_id == "N19"
    assert metrics["social_medium"].reference.quantity == 14
