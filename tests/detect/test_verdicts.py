"""The judgement layer (detect/verdicts.py): one verdict, asked by ratings, cells and summary alike.

The two divergences of issue 13 are pinned here: before the judgement layer, a viewport whose
phone check failed rated 2.4 not_started while its annex cell said "Var", and the council rule
was written four times with different answers for `announcement`.
"""

from __future__ import annotations

import pytest
from report.report_helpers import snapshot

from ogpcrawl.detect import verdicts
from ogpcrawl.detect.ratings import rate
from ogpcrawl.report.cells import annex_cells
from ogpcrawl.report.messages import catalogue
from ogpcrawl.report.summary import METRICS

AZ = catalogue("az")


def cell_word(s, column):
    return annex_cells(s, AZ, "az")[column].word


def counted(s, metric):
    return METRICS[metric][1](s, {})


def test_viewport_that_does_not_fit_a_phone_is_no_mobile_version_anywhere():
    s = snapshot("sheki", "Şəki", mobile={"viewport": True, "responsive": False})
    assert verdicts.mobile_version(s) is False
    assert rate(s)["2.4"] == "not_started"
    assert cell_word(s, "2.4") == "Yoxdur"  # was "Var" while the rating said not_started
    assert not counted(s, "mobile")


def test_viewport_without_a_phone_check_is_a_mobile_version_everywhere():
    s = snapshot("sheki", "Şəki", mobile={"viewport": True, "responsive": None})
    assert verdicts.mobile_version(s) is True
    assert rate(s)["2.4"] == "limited"
    assert cell_word(s, "2.4") == "Var"
    assert counted(s, "mobile")


def test_failed_phone_check_with_accounts_says_the_mobile_version_is_missing():
    s = snapshot(
        "sheki",
        "Şəki",
        mobile={"viewport": True, "responsive": False},
        social=[{"network": "facebook", "url": "https://facebook.com/sheki"}],
    )
    cell = annex_cells(s, AZ, "az")["2.4"]
    assert cell.word == "Var" and "(mobil versiya tapılmadı)" in cell.plain()
    assert rate(s)["2.4"] == "limited"


@pytest.mark.parametrize(
    "status, formed, word",
    [
        ("announcement", False, "Yoxdur"),
        ("legislation_only", False, "Yoxdur"),
        ("members", True, "Var"),
        ("active", True, "Var"),
        ("absent", False, "Yoxdur"),
        ("unknown", False, "Naməlum"),
    ],
)
def test_council_formed_is_one_rule(status, formed, word):
    s = snapshot("sheki", "Şəki", council={"section": True, "status": status, "events": 2})
    assert verdicts.council_formed(s) is formed
    assert cell_word(s, "4.2.1") == word
    assert counted(s, "council_formed") is formed
    assert (rate(s)["4.2.1"] in ("substantial", "complete")) is formed


def test_cell_kinds_are_the_cells_the_annex_prints():
    s = snapshot(
        "sheki",
        "Şəki",
        council={"section": True, "status": "announcement"},
        procurement={"section": False, "portal_links": 3},
        unknown=["procurement"],
    )
    kinds = verdicts.cell_kinds(s)
    assert kinds == {"2.4": "no", "4.2.1": "no", "4.2.2": "yes", "5.6": "unknown"}
    cells = annex_cells(s, AZ, "az")
    assert {c: cells[c].kind for c in verdicts.COLUMNS} == kinds


def test_unreachable_site_is_down_in_every_cell_and_stores_no_verdicts():
    s = snapshot("xankendi", "Xankəndi", reachable=False, error="dns")
    assert set(verdicts.cell_kinds(s).values()) == {"down"}
    assert set(verdicts.stored_verdicts(s).values()) == {None}
    assert set(rate(s).values()) == {"not_started"}


def test_news_stale_threshold_comes_from_the_news_spec():
    from ogpcrawl import specs

    days = int(specs.active()["news"].threshold("stale_days"))
    fresh = snapshot("a", "A", news={"last_date": "2018-08-10", "days_since_last": days - 1})
    stale = snapshot("a", "A", news={"last_date": "2018-08-10", "days_since_last": days})
    assert not verdicts.news_stale(fresh) and verdicts.news_stale(stale)
    assert counted(stale, "news_stale") and not counted(fresh, "news_stale")


@pytest.mark.parametrize(
    ("before", "after", "change"),
    [
        ("active", "stopped", "went_quiet"),
        ("weak", "stopped", "went_quiet"),
        ("stopped", "moderate", "resumed"),
        ("intense", "weak", None),  # still posts
        ("stopped", "stopped", None),
        ("unknown", "stopped", None),  # nothing was judged before
        ("active", "unknown", None),
        (None, "stopped", None),  # stored before the activity field existed
    ],
)
def test_account_change(before, after, change):
    assert verdicts.account_change(before, after) == change


def test_account_changes_match_accounts_by_url():
    fb, ig = "https://facebook.com/a", "https://instagram.com/a"
    prev = {"social": [{"url": fb, "activity": "active"}, {"url": ig, "activity": "active"}]}
    cur = {"social": [{"url": fb, "activity": "stopped"}, {"url": ig + "/", "activity": "stopped"}]}
    assert verdicts.account_changes(prev, cur) == {fb: "went_quiet"}
    assert verdicts.account_changes(None, cur) == {}
