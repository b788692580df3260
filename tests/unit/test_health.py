"""ogpcrawl.health.classify: run dicts and counts in, ok / degraded / failed with reasons out."""

from __future__ import annotations

import pytest

from ogpcrawl.health import DEFAULT_THRESHOLDS, classify, thresholds_from


def run(status="finished", agencies=80, unreachable=4, total=None, **summary):
    return {
        "run_id": "r2",
        "spider": "local_ih",
        "status": status,
        "as_of": "2018-08-20",
        "finished_at": "2026-12-01T03:40:00+00:00",
        "summary": {
            "agencies": agencies,
            "reachable": agencies - unreachable,
            "unreachable": unreachable,
            "agencies_total": agencies if total is None else total,
            **summary,
        },
    }


PREV = {**run(), "run_id": "r1"}


def test_a_normal_run_is_ok():
    h = classify(run(), previous=PREV, vanished={"council_section": (1, 76)})
    assert (h.state, h.reasons, h.previous_run_id) == ("ok", (), "r1")


def test_the_first_run_has_nothing_to_compare_and_is_ok():
    assert classify(run(unreachable=30)).state == "ok"


@pytest.mark.parametrize(
    ("kwargs", "code", "words"),
    [
        ({"run": None}, "no_run_row", "no run row"),
        ({"run": run(status="failed", unreachable=60)}, "run_failed", "60 of 80"),
        ({"run": run(status="interrupted", close_reason="shutdown")}, "interrupted", "shutdown"),
        ({"run": run(unreachable=80)}, "all_unreachable", "every site unreachable"),
        ({"run": run(agencies=0, unreachable=0, total=80)}, "no_snapshots", "no snapshot"),
        ({"run": run(status="running"), "job_state": "finished"}, "died", "never closed"),
    ],
)
def test_failed_runs_say_why(kwargs, code, words):
    run_ = kwargs.pop("run")
    h = classify(run_, previous=PREV, run_id="r2", **kwargs)
    assert h.state == "failed" and h.failed
    assert code in h.codes
    assert any(words in r for r in h.reasons), h.reasons


def test_a_failed_run_with_every_site_down_gives_both_reasons():
    h = classify(run(status="failed", unreachable=80), previous=PREV)
    assert h.codes == ("run_failed", "all_unreachable")


def test_a_job_still_queued_or_running_is_running_not_failed():
    assert classify(None, job_state="pending", run_id="r2").state == "running"
    assert classify(run(status="running"), job_state="running").state == "running"
    # A crawl run by hand: nobody knows whether the process is alive; the row says running.
    assert classify(run(status="running")).state == "running"


def test_unreachable_jump_degrades():
    h = classify(run(unreachable=20), previous=PREV)
    assert h.state == "degraded"
    assert h.codes == ("unreachable_jump",)
    assert h.reasons == ("unreachable sites rose from 4 of 80 to 20 of 80",)


def test_a_small_rise_is_not_a_jump():
    # 4 -> 6 of 80: +2.5 points, 2 sites: agencies' sites do go down now and then
    assert classify(run(unreachable=6), previous=PREV).state == "ok"
    # +3 sites but on a big run only a small share
    big_prev = {**run(agencies=1000, unreachable=10), "run_id": "r1"}
    assert classify(run(agencies=1000, unreachable=13), previous=big_prev).state == "ok"


def test_fewer_snapshots_than_planned_degrades():
    h = classify(run(agencies=78, total=80), previous=PREV)
    assert (h.state, h.codes) == ("degraded", ("missing_snapshots",))
    assert h.reasons == ("78 snapshots for 80 agencies planned",)
    # the caller may give the agencies file's count instead of the run's own
    assert classify(run(), previous=PREV, planned=81).codes == ("missing_snapshots",)


def test_a_section_vanishing_on_many_sites_at_once_degrades():
    h = classify(
        run(), previous=PREV, vanished={"procurement_section": (20, 76), "council_section": (2, 76)}
    )
    assert (h.state, h.codes) == ("degraded", ("section_vanished",))
    assert h.reasons == ("procurement section vanished on 20 of 76 sites at once",)


def test_thresholds_are_data_and_can_be_overridden():
    vanished = {"procurement_section": (2, 3)}
    assert classify(run(), previous=PREV, vanished=vanished).state == "ok"  # under the minimum
    strict = thresholds_from({"section_vanish_min": 2})
    assert classify(run(), previous=PREV, vanished=vanished, thresholds=strict).state == "degraded"
    assert set(DEFAULT_THRESHOLDS) >= {"unreachable_jump_share", "section_vanish_share"}


@pytest.mark.parametrize(
    "bad", [{"unreachable_jump": 1}, {"section_vanish_min": "many"}, {"section_vanish_min": -1}]
)
def test_bad_threshold_overrides_are_errors_naming_them(bad):
    with pytest.raises(ValueError, match=next(iter(bad))):
        thresholds_from(bad)


def test_to_dict_is_json_ready():
    import json

    d = classify(run(status="failed", unreachable=60), previous=PREV).to_dict()
    assert json.loads(json.dumps(d))["state"] == "failed"
    assert d["figures"]["unreachable"] == 60 and d["previous_run_id"] == "r1"
