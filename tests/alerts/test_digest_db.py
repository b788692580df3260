"""build_digest on a stored history (SQLite): the re-check is made once and kept with the run;
a section vanishing on many sites at once alerts no agency; the next run confirms."""

from __future__ import annotations

import pytest

from ogpcrawl.alerts.changes import ABSENT
from ogpcrawl.alerts.digest import build_digest
from ogpcrawl.db.store import Store
from tests.db.db_samples import fill_history, snapshot

SITES = ("binegedi", "sheki", "xankendi")


@pytest.fixture()
def store(tmp_path):
    s = Store(f"sqlite:///{tmp_path}/ogp.db")
    s.upgrade()
    fill_history(s)  # r-2018-10: procurement on binegedi and xankendi, not on sheki
    yield s
    s.close()


def add_run(store, run_id, as_of, **changes):
    store.start_run(run_id, "local_ih", as_of, {})
    store.save_snapshots(run_id, [snapshot(a, run_id, as_of=as_of, **changes) for a in SITES])
    store.finish_run(run_id, "finished", {})


def recheck_absent(calls):
    def recheck(snap, fields, prev):
        calls.append(snap["agency_id"])
        return {f: ABSENT for f in fields}

    return recheck


def test_the_recheck_runs_once_and_every_later_digest_agrees(store):
    add_run(store, "r-2019-02", "2019-02-16", procurement__section=False)
    calls: list[str] = []
    dry = build_digest(store, "r-2019-02", recheck=recheck_absent(calls), persist=False)
    assert "alerts" not in store.run("r-2019-02")["summary"]  # a dry run records nothing
    first = build_digest(store, "r-2019-02", recheck=recheck_absent(calls))
    # the dry run re-checked without recording, so the real run re-checks again
    assert sorted(calls) == ["binegedi", "binegedi", "xankendi", "xankendi"]
    again = build_digest(store, "r-2019-02", recheck=recheck_absent(calls))
    assert len(calls) == 4  # the kept outcome is used, no new fetch

    def vanished(d):
        return sorted((c.agency_id, c.what) for c in d.changes if c.kind == "vanished")

    # binegedi's council (appeared in r-2018-10) is judged absent again too
    assert (
        vanished(dry)
        == vanished(first)
        == vanished(again)
        == [("binegedi", "council"), ("binegedi", "procurement"), ("xankendi", "procurement")]
    )
    assert store.run("r-2019-02")["summary"]["alerts"]["rechecks"] == {
        "binegedi": {"council": "absent", "procurement": "absent"},
        "xankendi": {"procurement": "absent"},
    }


def test_a_mass_vanishing_alerts_no_agency_and_the_next_run_decides(store):
    add_run(store, "r-2019-02", "2019-02-16", procurement__section=False)
    limits = {"section_vanish_min": 2}  # 2 of the 3 sites: a mass event for this small history
    d = build_digest(store, "r-2019-02", recheck=recheck_absent([]), thresholds=limits)
    assert d.health.state == "degraded" and "section_vanished" in d.health.codes
    procurement = [c for c in d.changes if c.what == "procurement"]
    assert {(c.agency_id, c.kind, c.note) for c in procurement} == {
        ("binegedi", "unconfirmed", "mass_vanish"),
        ("xankendi", "unconfirmed", "mass_vanish"),
    }
    # still absent in the next run: now it is news, confirmed by that run
    add_run(store, "r-2019-04", "2019-04-16", procurement__section=False)
    d = build_digest(store, "r-2019-04", recheck=recheck_absent([]), thresholds=limits)
    assert d.health.state == "ok"
    assert sorted((c.agency_id, c.kind, c.note) for c in d.changes if c.what == "procurement") == [
        ("binegedi", "vanished", "next_run"),
        ("xankendi", "vanished", "next_run"),
    ]


def test_a_failed_run_has_health_but_no_change_alerts(store):
    store.start_run("r-2019-02", "local_ih", "2019-02-16", {})
    store.save_snapshots(
        "r-2019-02",
        [snapshot(a, "r-2019-02", as_of="2019-02-16", procurement__section=False) for a in SITES],
    )
    store.finish_run("r-2019-02", "failed", {})
    d = build_digest(store, "r-2019-02", recheck=recheck_absent([]))
    assert d.health.state == "failed" and d.changes == ()
