"""Analyst views on a small history (db_samples.fill_history), on SQLite and PostgreSQL."""

from __future__ import annotations

import json

import pytest
from db_samples import fill_history, query, snapshot

from ogpcrawl.report.cells import annex_cells
from ogpcrawl.report.messages import catalogue


@pytest.fixture()
def history(store):
    fill_history(store)
    return store.engine.url


def test_latest_snapshot_is_per_agency_across_finished_runs(history):
    rows = query(
        history, "SELECT agency_id, run_id, search_box FROM v_latest_snapshot ORDER BY agency_id"
    )
    assert [(r["agency_id"], r["run_id"]) for r in rows] == [
        ("binegedi", "r-2018-10"),  # r-2018-12 is still running
        ("migration", "m-2018-10"),
        ("sheki", "r-2018-10"),
        ("stat", "m-2018-10"),
        ("xankendi", "r-2018-10"),
    ]


def test_change_view_shows_the_council_section_that_appeared(history):
    rows = query(history, "SELECT * FROM v_changes ORDER BY agency_id")
    by_agency = {r["agency_id"]: r for r in rows}
    assert set(by_agency) == {"binegedi", "sheki", "xankendi"}
    binegedi = by_agency["binegedi"]
    assert (binegedi["prev_run_id"], binegedi["run_id"]) == ("r-2018-08", "r-2018-10")
    assert binegedi["council_change"] == "appeared"
    assert binegedi["procurement_change"] is None
    assert bool(binegedi["ratings_changed"])
    assert (binegedi["prev_rating_4_2_2"], binegedi["rating_4_2_2"]) == ("not_started", "complete")
    sheki = by_agency["sheki"]
    assert sheki["posting_change"] == "stopped"
    assert sheki["social_change"] == "went_quiet"
    assert sheki["quiet_account"] == "https://www.facebook.com/sheki"
    assert binegedi["social_change"] is None and binegedi["quiet_account"] is None
    assert (sheki["prev_news_days_since_last"], sheki["news_days_since_last"]) == (6, 106)
    assert sheki["council_change"] is None
    xankendi = by_agency["xankendi"]
    assert xankendi["reachability_change"] == "came_back"
    assert xankendi["council_change"] is None  # not judged: the site was down the first time


def test_social_accounts_keep_their_activity_per_snapshot(history):
    rows = query(
        history,
        "SELECT s.run_id, a.network, a.activity, a.last_post, a.posts_90d "
        "FROM social_accounts a JOIN snapshots s ON s.id = a.snapshot_id "
        "WHERE s.agency_id = 'sheki' AND a.network = 'facebook' ORDER BY s.run_id",
    )
    assert [(r["run_id"], r["activity"], str(r["last_post"]), r["posts_90d"]) for r in rows] == [
        ("r-2018-08", "active", "2018-08-10", 30),
        ("r-2018-10", "stopped", "2018-07-02", 3),
    ]


def test_commitment_share_figures(history):
    rows = query(
        history,
        "SELECT * FROM v_commitment_share WHERE run_id IN ('r-2018-08', 'r-2018-10') ORDER BY run_id",
    )
    first, second = rows
    assert (first["level"], first["agencies"], first["reachable"]) == ("local", 3, 2)
    # r-2018-08: 2.4 substantial for binegedi and sheki; 5.6 complete for binegedi only
    assert (first["met_2_4"], first["met_4_2_1"], first["met_4_2_2"], first["met_5_6"]) == (
        2,
        0,
        0,
        1,
    )
    assert float(first["pct_2_4"]) == 66.7 and float(first["pct_5_6"]) == 33.3
    # r-2018-10: binegedi meets all four; xankendi 5.6
    assert (second["met_2_4"], second["met_4_2_1"], second["met_4_2_2"], second["met_5_6"]) == (
        1,
        1,
        1,
        2,
    )
    assert float(second["pct_4_2_2"]) == 33.3 and float(second["pct_5_6"]) == 66.7
    [central] = query(history, "SELECT * FROM v_commitment_share WHERE level = 'central'")
    assert (central["run_id"], central["agencies"], central["met_2_4"]) == ("m-2018-10", 2, 2)
    assert float(central["pct_2_4"]) == 100.0


def test_annex_views_read_like_the_report(history):
    annex1 = query(history, "SELECT * FROM v_annex1 ORDER BY no")
    assert [(r["no"], r["name"]) for r in annex1] == [
        (5, "Şəki"),
        (10, "Xankəndi"),
        (67, "Binəqədi"),
    ]
    binegedi = annex1[2]
    assert [binegedi[c] for c in ("col_2_4", "col_4_2_1", "col_4_2_2", "col_5_6")] == ["Var"] * 4
    # the notes the rendered annex prints, stored with the snapshot (no rule restated in SQL)
    [stored] = query(
        history, "SELECT data FROM snapshots WHERE run_id = 'r-2018-10' AND agency_id = 'binegedi'"
    )
    data = stored["data"] if isinstance(stored["data"], dict) else json.loads(stored["data"])
    assert binegedi["notes"] == annex_cells(data, catalogue("az"), "az")["notes"].plain()
    assert "5 adda elektron xidmət" in binegedi["notes"]
    sheki = annex1[0]
    assert [sheki[c] for c in ("col_2_4", "col_4_2_1", "col_4_2_2", "col_5_6")] == [
        "Var",
        "Yoxdur",
        "Yoxdur",
        "Yoxdur",
    ]
    assert [r["no"] for r in query(history, "SELECT no FROM v_annex2 ORDER BY no")] == [2, 3]
    down = query(history, "SELECT * FROM v_annex_rows WHERE run_id = 'r-2018-08' AND no = 10")[0]
    assert [down[c] for c in ("col_2_4", "col_4_2_1", "col_4_2_2", "col_5_6")] == ["İŞLƏMİR"] * 4
    assert down["notes"].startswith("Sayt açılmadı (domen tapılmadı)")


def test_news_monthly(history):
    rows = query(
        history,
        "SELECT run_id, month, posts FROM v_news_monthly WHERE agency_id = 'sheki' ORDER BY run_id, month",
    )
    assert [(r["run_id"], r["month"], r["posts"]) for r in rows] == [
        ("r-2018-08", "2018-06", 7),
        ("r-2018-08", "2018-07", 6),
        ("r-2018-08", "2018-08", 3),
        ("r-2018-10", "2018-05", 2),
        ("r-2018-10", "2018-06", 1),
        ("r-2018-10", "2018-07", 1),
    ]


def test_went_quiet_is_decided_once_for_the_view_and_the_alerts(store, monkeypatch):
    """One rule, one place: v_changes reads what verdicts.account_change decided when the
    snapshot was written, and the alerts ask the same function, so a change of the rule (here:
    `weak` counts as quiet too) moves both, and SQL holds no copy of it."""
    from ogpcrawl.alerts.changes import compare
    from ogpcrawl.detect import verdicts

    monkeypatch.setattr(verdicts, "QUIET_ACTIVITIES", ("stopped", "weak"))
    fb, yt = "https://www.facebook.com/sheki", "https://www.youtube.com/@sheki"
    prev = snapshot(
        "sheki",
        "q1",
        social=[
            {"network": "facebook", "url": fb, "activity": "active"},
            {"network": "youtube", "url": yt, "activity": "stopped"},
        ],
    )
    cur = snapshot(
        "sheki",
        "q2",
        as_of="2018-10-16",
        social=[
            {"network": "facebook", "url": fb, "activity": "weak"},
            {"network": "youtube", "url": yt, "activity": "moderate"},
        ],
    )
    for run_id, snap in (("q1", prev), ("q2", cur)):
        store.start_run(run_id, "local_ih", snap["as_of"], {})
        store.save_snapshots(run_id, [snap])
        store.finish_run(run_id, "finished", {})
    url = store.engine.url
    [row] = query(url, "SELECT social_change, quiet_account, resumed_account FROM v_changes")
    assert (row["social_change"], row["quiet_account"], row["resumed_account"]) == (
        "went_quiet",
        fb,
        yt,
    )
    stored = query(
        url,
        "SELECT a.url, a.change FROM social_accounts a JOIN snapshots s "
        "ON s.id = a.snapshot_id WHERE s.run_id = 'q2' ORDER BY a.url",
    )
    assert [(r["url"], r["change"]) for r in stored] == [(fb, "went_quiet"), (yt, "resumed")]
    assert [(c.kind, c.what) for c in compare(prev, cur) if c.kind == "quiet"] == [("quiet", fb)]


def test_latest_snapshot_shows_search_works(store):
    store.start_run("s1", "local_ih", "2018-08-16", {})
    store.save_snapshots(
        "s1",
        [
            snapshot("sheki", "s1"),
            snapshot("binegedi", "s1", search_works=False),
            snapshot("xankendi", "s1", search_works=None),
        ],
    )
    store.finish_run("s1", "finished", {})
    rows = query(
        store.engine.url, "SELECT agency_id, search_works FROM v_latest_snapshot ORDER BY agency_id"
    )
    assert [(r["agency_id"], r["search_works"]) for r in rows] == [
        ("binegedi", False),
        ("sheki", True),
        ("xankendi", None),
    ]
