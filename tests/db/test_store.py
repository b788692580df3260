"""Store: fail-fast check, round trip, idempotent batches, history across runs, reads."""

from __future__ import annotations

import copy

import pytest
from db_samples import agency_rows, count, fill_history, query, snapshot, unreachable

from ogpcrawl.db.store import DatabaseUnavailable, Store
from ogpcrawl.items import OUTPUT_FIELDS


def test_check_names_the_url_without_password_and_the_cause():
    store = Store("postgresql+psycopg://crawler:s3cret@127.0.0.1:1/ogp")
    with pytest.raises(DatabaseUnavailable) as err:
        store.check()
    message = str(err.value)
    assert "crawler:***@127.0.0.1:1/ogp" in message
    assert "s3cret" not in message
    assert "refused" in message.lower() or "failed" in message.lower()


def test_check_on_an_sqlite_file_that_cannot_be_opened(tmp_path):
    store = Store(f"sqlite:///{tmp_path}/missing-dir/ogp.db")
    with pytest.raises(DatabaseUnavailable, match="unable to open database file"):
        store.check()


def test_check_passes_on_a_reachable_database(store):
    store.check()  # no exception is the assertion; the next line proves the schema is there
    assert store.runs() == []


def test_snapshot_round_trip_is_the_emitted_dict(store):
    store.start_run("r1", "local_ih", "2018-08-16", {})
    emitted = snapshot("sheki", "r1")
    assert store.save_snapshots("r1", [emitted]) == 1
    [stored] = store.snapshots("r1")
    assert stored == emitted
    assert list(stored) == [k for k in OUTPUT_FIELDS if k in emitted]


def test_indicator_columns_and_lists(store):
    store.start_run("r1", "local_ih", "2018-08-16", {})
    store.save_snapshots("r1", [snapshot("sheki", "r1")])
    [row] = query(store.engine.url, "SELECT * FROM snapshots")
    assert row["social_networks"] == "facebook;youtube"
    assert row["social_count"] == 2
    assert row["procurement_items"] == 4
    assert str(row["procurement_last_item"]) == "2018-06-01"
    assert row["news_per_month"] == 6.5
    assert row["rating_5_6"] == "complete"
    assert row["eservices_count"] == 5
    months = query(store.engine.url, "SELECT month, posts FROM news_months ORDER BY month")
    assert months == [
        {"month": "2018-06", "posts": 7},
        {"month": "2018-07", "posts": 6},
        {"month": "2018-08", "posts": 3},
    ]
    assert count(store.engine.url, "failed_pages", error="http_5xx") == 1


def test_saving_again_replaces_and_never_duplicates(store):
    url = store.engine.url
    store.start_run("r1", "local_ih", "2018-08-16", {})
    batch = [snapshot("sheki", "r1"), snapshot("binegedi", "r1")]
    store.save_snapshots("r1", batch)
    store.save_snapshots("r1", batch)  # a retried write
    assert count(url, "snapshots") == 2
    assert count(url, "news_months") == 6
    assert count(url, "social_accounts") == 4
    changed = snapshot("sheki", "r1", social=[], council__section=True)
    store.save_snapshots("r1", [changed])
    assert count(url, "snapshots") == 2
    assert count(url, "social_accounts") == 2  # sheki's two accounts are gone
    [sheki] = [s for s in store.snapshots("r1") if s["agency_id"] == "sheki"]
    assert sheki == changed


def test_a_batch_is_one_transaction(store):
    store.start_run("r1", "local_ih", "2018-08-16", {})
    bad = snapshot("sheki", "r1", level="regional")  # the agencies CHECK refuses it
    with pytest.raises(Exception) as err:
        store.save_snapshots("r1", [snapshot("binegedi", "r1"), bad])
    assert not isinstance(err.value, DatabaseUnavailable)  # bad data, not an outage
    assert count(store.engine.url, "snapshots") == 0


def test_a_snapshot_of_another_run_is_refused(store):
    store.start_run("r1", "local_ih", "2018-08-16", {})
    with pytest.raises(ValueError, match="belongs to run 'r2'"):
        store.save_snapshots("r1", [snapshot("sheki", "r2")])
    with pytest.raises(KeyError, match="start_run first"):
        store.save_snapshots("r9", [snapshot("sheki", "r9")])


def test_history_is_kept_across_runs(store):
    store.start_run("r1", "local_ih", "2018-08-16", {})
    first = snapshot("sheki", "r1")
    store.save_snapshots("r1", [first])
    store.finish_run("r1", "finished")
    store.start_run("r2", "local_ih", "2018-10-16", {})
    second = snapshot("sheki", "r2", as_of="2018-10-16", council__section=True)
    store.save_snapshots("r2", [second])
    store.finish_run("r2", "finished")
    assert store.snapshots("r1") == [first]
    assert store.snapshots("r2") == [second]
    assert store.snapshots() == [second]  # latest
    assert count(store.engine.url, "snapshots", agency_id="sheki") == 2


def test_start_run_is_idempotent_and_resumes(store):
    first = store.start_run("r1", "local_ih", "2018-08-16", {"OGP_MAX_PAGES": 40})
    assert store.start_run("r1", "local_ih", "2018-08-16", {})["started_at"] == first["started_at"]
    store.finish_run("r1", "interrupted")
    resumed = store.start_run("r1", "local_ih", "2018-08-16", {})
    assert resumed["status"] == "running" and resumed["finished_at"] is None
    assert resumed["settings"] == {"OGP_MAX_PAGES": 40}  # the original row, reused
    assert len(store.runs()) == 1
    with pytest.raises(ValueError, match="belongs to spider"):
        store.start_run("r1", "ministries", "2018-08-16", {})


def test_finish_run_counts_what_is_stored(store):
    store.start_run("r1", "local_ih", "2018-08-16", {})
    store.save_snapshots(
        "r1",
        [
            snapshot("sheki", "r1"),
            snapshot("binegedi", "r1"),
            unreachable("xankendi", "r1", error="dns"),
        ],
    )
    run = store.finish_run("r1", "finished", {"duration_s": 12.5})
    assert run["status"] == "finished" and run["finished_at"] is not None
    assert run["summary"] == {
        "agencies": 3,
        "reachable": 2,
        "unreachable": 1,
        "pages": 12 + 12 + 1,
        "errors": {"dns": 1},
        "duration_s": 12.5,
    }
    with pytest.raises(ValueError, match="run status"):
        store.finish_run("r1", "done")


def test_reads_order_filter_and_latest(store):
    fill_history(store)
    local = store.snapshots(level="local")
    # latest finished local run, ordered by annex number: Şəki 5, Xankəndi 10, Binəqədi 67
    assert [s["agency_id"] for s in local] == ["sheki", "xankendi", "binegedi"]
    assert {s["run_id"] for s in local} == {"r-2018-10"}
    central = store.snapshots(level="central")
    assert [s["agency_id"] for s in central] == ["migration", "stat"]
    assert store.snapshots(spider="ministries") == central
    assert store.snapshots("r-2018-08", spider="ministries") == []
    assert [s["agency_id"] for s in store.snapshots("r-2018-12")] == ["binegedi"]
    assert store.run()["run_id"] == "m-2018-10"  # newest finished run
    assert store.run(spider="local_ih")["run_id"] == "r-2018-10"
    assert store.run("r-2018-12")["status"] == "running"
    assert store.run("nope") is None
    assert [r["run_id"] for r in store.runs()] == [
        "r-2018-08",
        "r-2018-10",
        "m-2018-10",
        "r-2018-12",
    ]
    assert store.done_agencies("r-2018-12") == {"binegedi"}


def test_agency_extras_survive_snapshot_upserts(store):
    store.upsert_agencies(agency_rows())
    store.start_run("r1", "local_ih", "2018-08-16", {})
    store.save_snapshots("r1", [snapshot("sheki", "r1", name="Şəki şəhəri")])
    [row] = query(store.engine.url, "SELECT * FROM agencies WHERE agency_id = 'sheki'")
    assert (row["name"], row["annex_no"], row["local_type"]) == ("Şəki şəhəri", 5, "district")


def test_hostile_strings_are_capped_and_nul_free(store):
    store.start_run("r1", "local_ih", "2018-08-16", {})
    long_url = "http://sheki.example.az/" + "a" * 5000
    hostile = snapshot(
        "sheki",
        "r1",
        final_url=long_url,
        evidence_detail=[
            {"finding": "x", "url": "u", "rule": "r", "snippet": "\x00<b>" + "ş" * 100_000}
        ],
        procurement__title="Satın\x00alma",
    )
    before = copy.deepcopy(hostile)
    store.save_snapshots("r1", [hostile])
    assert hostile == before  # the caller's dict is not modified
    [stored] = store.snapshots("r1")
    assert stored["procurement"]["title"] == "Satınalma"
    snippet = stored["evidence_detail"][0]["snippet"]
    assert snippet.startswith("<b>ş") and len(snippet) == 8192
    [row] = query(store.engine.url, "SELECT final_url FROM snapshots")
    assert row["final_url"] == long_url[:2048]


def test_an_agencies_file_larger_than_one_statement_is_stored_whole(store):
    """Agencies are upserted in statements of AGENCY_UPSERT_ROWS rows (a 5,000-agency file was
    one statement of 50,000 bind parameters): every row lands, and a second pass updates."""
    from ogpcrawl.db.upsert import AGENCY_UPSERT_ROWS

    n = 2 * AGENCY_UPSERT_ROWS + 7
    rows = [
        {
            "agency_id": f"a{i:05d}",
            "name": f"Agency {i}",
            "level": "local",
            "family": "local_ih",
            "url": f"http://a{i}.gov.az/",
            "annex_no": str(i),
        }
        for i in range(n)
    ]
    assert store.upsert_agencies(rows) == n
    rows[-1]["name"] = "Renamed"
    assert store.upsert_agencies(rows) == n
    got = query(
        store.engine.url, "SELECT agency_id, name, annex_no FROM agencies ORDER BY agency_id"
    )
    assert len(got) == n
    assert got[0] == {"agency_id": "a00000", "name": "Agency 0", "annex_no": 0}
    assert got[-1] == {"agency_id": f"a{n - 1:05d}", "name": "Renamed", "annex_no": n - 1}
