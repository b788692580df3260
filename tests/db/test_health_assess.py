"""ogpcrawl.health.assess on a stored history (db_samples.fill_history), SQLite and PostgreSQL."""

from __future__ import annotations

from db_samples import fill_history, snapshot

from ogpcrawl.db import read
from ogpcrawl.health import assess


def test_a_good_run_is_ok_against_the_previous_run_of_its_spider(store):
    fill_history(store)
    h = assess(store, "r-2018-10", job_state="finished")
    assert (h.state, h.previous_run_id, h.spider) == ("ok", "r-2018-08", "local_ih")
    assert h.figures["agencies"] == 3 and h.figures["unreachable"] == 0


def test_a_row_left_running_by_a_finished_job_is_a_death(store):
    fill_history(store)
    assert assess(store, "r-2018-12").state == "running"  # no job state: cannot tell
    h = assess(store, "r-2018-12", job_state="finished")
    assert (h.state, h.codes) == ("failed", ("died",))


def test_no_run_row_is_failed(store):
    fill_history(store)
    h = assess(store, "local-monthly-20261201T0300Z", job_state="finished", spider="local_ih")
    assert (h.state, h.codes, h.spider) == ("failed", ("no_run_row",), "local_ih")
    assert h.run_id == "local-monthly-20261201T0300Z"


def test_sections_vanishing_together_are_counted_over_sites_loaded_both_times(store):
    fill_history(store)
    store.start_run("r-2019-02", "local_ih", "2019-02-16", {})
    store.save_snapshots(
        "r-2019-02",
        [
            snapshot(a, "r-2019-02", as_of="2019-02-16", procurement__section=False)
            for a in ("binegedi", "sheki", "xankendi")
        ],
    )
    store.finish_run("r-2019-02", "finished", {})
    with store.transaction() as session:
        # the previous finished run of the same spider: not r-2018-12 (running), not m-2018-10
        assert read.previous_run_id(session, "r-2019-02") == "r-2018-10"
        assert read.previous_run_id(session, "r-2018-08") is None
        counts = read.section_vanishings(
            session, "r-2018-10", "r-2019-02", ("procurement_section", "council_section")
        )
    # binegedi and xankendi had procurement in r-2018-10, sheki did not
    assert counts == {"procurement_section": (2, 3), "council_section": (1, 3)}
    assert assess(store, "r-2019-02").state == "ok"  # 2 sites: under the default minimum of 3
    h = assess(store, "r-2019-02", thresholds={"section_vanish_min": 2})
    assert h.state == "degraded"
    assert h.reasons == ("procurement section vanished on 2 of 3 sites at once",)
