"""Two crawls of the offline replica with a change between them, in PostgreSQL: the change
view shows what moved and the share view the share per commitment, for each run.

Between the crawls the farm is restarted with `--edit` so Ağdam gains an İctimai şura section
listing its members (the 2018 site had none), and Nizami's social pages stop posting in May.
"""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, text

from tests.conftest import fresh_pg_database, run_crawl, start_farm

pytestmark = [pytest.mark.e2e, pytest.mark.postgres]

ONLY = "agdam,nizami,binegedi,xankendi"
COUNCIL_ADDED = (
    "agdam:council_section=true,council_status=members,council_path=/page/77.html,"
    "council_title=İctimai şura,council_in_menu=true,council_members=9"
)
WENT_QUIET = "nizami:social_activity=stopped,social_last_post=2018-05-02"


@pytest.fixture(scope="module")
def two_runs(tmp_path_factory, pg_server_url):
    tmp = tmp_path_factory.mktemp("history")
    with fresh_pg_database(pg_server_url, "ogp_hist") as url:
        settings = {"DATABASE_URL": url, "AS_OF": "2018-08-20", "REPORT_ON_CLOSE": "False"}
        results = []
        for i, edits in enumerate(([], ["--edit", COUNCIL_ADDED, "--edit", WENT_QUIET])):
            (tmp / f"farm{i}").mkdir()
            farm = start_farm(tmp / f"farm{i}", "--scenario", "replica", *edits)
            try:
                results.append(
                    run_crawl(
                        "local_ih",
                        tmp / f"crawl{i}",
                        env=farm.env,
                        settings=settings,
                        args={"only": ONLY},
                    )
                )
            finally:
                farm.stop()
        engine = create_engine(url)
        yield results, engine
        engine.dispose()


def test_both_runs_kept(two_runs):
    results, engine = two_runs
    assert [r.returncode for r in results] == [0, 0], results[-1].stderr[-2000:]
    with engine.connect() as c:
        runs = c.execute(text("SELECT run_id, status FROM runs ORDER BY started_at")).all()
        counts = c.execute(text("SELECT run_id, count(*) FROM snapshots GROUP BY run_id")).all()
    assert [r.status for r in runs] == ["finished", "finished"]
    assert sorted(n for _, n in counts) == [4, 4]  # re-running never overwrites history


def test_change_view_shows_the_new_council_section(two_runs):
    results, engine = two_runs
    first, second = (r.snapshots[0]["run_id"] for r in results)
    with engine.connect() as c:
        rows = (
            c.execute(
                text(
                    "SELECT agency_id, prev_run_id, run_id, council_change, reachability_change "
                    "FROM v_changes WHERE run_id = :r"
                ),
                {"r": second},
            )
            .mappings()
            .all()
        )
    changed = {r["agency_id"]: r for r in rows}
    assert changed["agdam"]["council_change"] == "appeared"
    assert changed["agdam"]["prev_run_id"] == first
    # nothing else moved but Nizami's accounts: the other sites are the same replica both times
    assert set(changed) == {"agdam", "nizami"}


def test_change_view_shows_the_account_that_went_quiet(two_runs):
    results, engine = two_runs
    second = results[1].snapshots[0]["run_id"]
    with engine.connect() as c:
        row = (
            c.execute(
                text(
                    "SELECT social_change, quiet_account, council_change FROM v_changes "
                    "WHERE run_id = :r AND agency_id = 'nizami'"
                ),
                {"r": second},
            )
            .mappings()
            .one()
        )
        history = c.execute(
            text(
                "SELECT s.run_id, a.activity, a.last_post FROM social_accounts a "
                "JOIN snapshots s ON s.id = a.snapshot_id "
                "WHERE s.agency_id = 'nizami' AND a.url = :u ORDER BY s.crawled_at"
            ),
            {"u": row["quiet_account"]},
        ).all()
    assert row["social_change"] == "went_quiet" and row["council_change"] is None
    assert row["quiet_account"].startswith(
        ("https://www.facebook.com/", "https://www.youtube.com/")
    )
    assert [h.activity for h in history] == ["moderate", "stopped"]
    assert str(history[1].last_post) == "2018-05-02"


def test_share_view_per_run(two_runs):
    results, engine = two_runs
    first, second = (r.snapshots[0]["run_id"] for r in results)
    with engine.connect() as c:
        rows = {
            r["run_id"]: r
            for r in c.execute(
                text(
                    "SELECT run_id, agencies, reachable, met_4_2_1, pct_4_2_1, met_5_6, pct_5_6 "
                    "FROM v_commitment_share WHERE level = 'local'"
                )
            ).mappings()
        }
    assert rows[first]["agencies"] == rows[second]["agencies"] == 4
    assert rows[first]["reachable"] == 3  # Xankəndi is down, and counted in the denominator
    # Ağdam's new council with members lifts 4.2.1 in the second run
    assert rows[second]["met_4_2_1"] == rows[first]["met_4_2_1"] + 1
    assert float(rows[second]["pct_4_2_1"]) == pytest.approx(
        100 * rows[second]["met_4_2_1"] / 4, abs=0.05
    )
    assert rows[first]["met_5_6"] == rows[second]["met_5_6"] == 1  # Nizami's Satınalmalar
