"""Change alerts between two snapshots: no "vanished" without a judged, confirmed absence."""

from __future__ import annotations

import copy

from ogpcrawl.alerts.changes import (
    ABSENT,
    PRESENT,
    UNDECIDED,
    compare,
    recheck_candidates,
    run_changes,
    vanish_candidates,
)


def snap(aid="nizami", **kw):
    s = {
        "agency_id": aid,
        "name": "Nizami",
        "level": "local",
        "reachable": True,
        "error": None,
        "final_url": f"http://{aid}-ih.gov.az/",
        "start_url": f"http://{aid}-ih.gov.az/",
        "council": {"section": False, "url": None},
        "procurement": {"section": True, "url": f"http://{aid}-ih.gov.az/page/40.html"},
        "e_services": {"section": True, "url": None},
        "ratings": {
            "2.4": "substantial",
            "4.2.1": "not_started",
            "4.2.2": "not_started",
            "5.6": "complete",
        },
        "social": [],
        "unknown": [],
        "failed_pages": [],
    }
    for k, v in kw.items():
        part, _, sub = k.partition("__")
        if sub:
            s[part] = {**s[part], sub: v}
        else:
            s[part] = v
    return copy.deepcopy(s)


def kinds(changes):
    return sorted((c.kind, c.what) for c in changes)


def test_nothing_changed_nothing_reported():
    assert compare(snap(), snap()) == []


def test_a_site_that_went_down_reports_only_that():
    down = snap(
        reachable=False,
        error="dns",
        procurement__section=False,
        e_services__section=False,
        ratings={},
    )
    changes = compare(snap(), down)
    assert kinds(changes) == [("went_down", "")]
    assert changes[0].after == "dns"
    assert kinds(compare(down, snap())) == [("came_back", "")]


def test_a_council_that_appeared():
    now = snap(council={"section": True, "url": "http://nizami-ih.gov.az/page/77.html"})
    changes = compare(snap(), now)
    assert ("appeared", "council") in kinds(changes)
    c = next(c for c in changes if c.kind == "appeared")
    assert c.evidence_after == "http://nizami-ih.gov.az/page/77.html"


def test_a_section_judged_absent_is_vanished_only_when_the_recheck_confirms():
    gone = snap(procurement__section=False, procurement__url=None)
    assert vanish_candidates(snap(), gone) == ["procurement"]
    assert kinds(compare(snap(), gone, rechecks={"procurement": ABSENT})) == [
        ("vanished", "procurement")
    ]
    # re-check found the link again: a transient absence, no alert at all
    assert compare(snap(), gone, rechecks={"procurement": PRESENT}) == []
    # re-check could not tell: reported as unconfirmed, never as vanished
    assert kinds(compare(snap(), gone)) == [("unconfirmed", "procurement")]
    assert kinds(compare(snap(), gone, rechecks={"procurement": UNDECIDED})) == [
        ("unconfirmed", "procurement")
    ]


def test_a_section_page_that_failed_to_load_is_never_vanished():
    # The crawl keeps section true for a linked page that failed and lists it in `unknown`.
    failed = snap(
        procurement__section=True,
        procurement__items=None,
        unknown=["procurement"],
        failed_pages=[{"url": "http://nizami-ih.gov.az/page/40.html", "error": "http_5xx"}],
    )
    assert compare(snap(), failed) == []
    # Even a snapshot that says section false but lists the finding as unknown is not judged.
    odd = snap(procurement__section=False, unknown=["procurement"])
    assert vanish_candidates(snap(), odd) == []
    assert compare(snap(), odd, rechecks={"procurement": ABSENT}) == []
    # A home page that failed (mobile/social/search_box unknown): nothing on the site judged.
    home_failed = snap(procurement__section=False, unknown=["mobile", "social", "search_box"])
    assert compare(snap(), home_failed) == []


def test_an_unconfirmed_absence_is_confirmed_by_the_next_run():
    before, gone = snap(), snap(procurement__section=False)
    # run 2 could not confirm (no recheck); run 3 judges it absent again: vanished now
    changes = compare(gone, gone, before_prev=before, prev_rechecks={})
    assert kinds(changes) == [("vanished", "procurement")]
    assert changes[0].note == "next_run"
    # already confirmed by run 2's re-check: not reported twice
    assert compare(gone, gone, before_prev=before, prev_rechecks={"procurement": ABSENT}) == []
    # back in run 3 after an unconfirmed absence: no news either way
    assert compare(gone, before, before_prev=before, prev_rechecks={}) == []
    # back after a confirmed vanish: it appeared again
    assert kinds(
        compare(gone, before, before_prev=before, prev_rechecks={"procurement": ABSENT})
    ) == [("appeared", "procurement")]


def test_ratings_and_quiet_accounts():
    fb = "https://www.facebook.com/nizami"
    prev = snap(social=[{"network": "facebook", "url": fb, "activity": "active"}])
    cur = snap(
        social=[
            {"network": "facebook", "url": fb, "activity": "stopped", "last_post": "2018-05-01"}
        ],
        ratings={
            "2.4": "limited",
            "4.2.1": "not_started",
            "4.2.2": "not_started",
            "5.6": "complete",
        },
    )
    changes = compare(prev, cur)
    assert kinds(changes) == [("quiet", fb), ("rating", "2.4")]
    rating = next(c for c in changes if c.kind == "rating")
    assert (rating.before, rating.after) == ("substantial", "limited")
    # without the activity field (before the contract addition) no account alert
    assert (
        kinds(
            compare(
                snap(social=[{"network": "facebook", "url": fb}]),
                snap(social=[{"network": "facebook", "url": fb}]),
            )
        )
        == []
    )


def test_run_changes_and_recheck_only_for_candidates():
    prev = [snap("a"), snap("b"), snap("c")]
    cur = [snap("a", procurement__section=False), snap("b"), snap("d")]
    asked = []

    def recheck(s, fields, prev):
        asked.append((s["agency_id"], fields))
        return {"procurement": ABSENT}

    rechecks = recheck_candidates(prev, cur, recheck)
    assert asked == [("a", ["procurement"])] and rechecks == {"a": {"procurement": ABSENT}}
    changes = run_changes(prev, cur, rechecks=rechecks)
    assert [(c.agency_id, c.kind) for c in changes] == [("a", "vanished")]  # d is new: no change
