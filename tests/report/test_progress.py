"""Progress between a baseline run and this one, on the OGP completion scale."""

from __future__ import annotations

from parsel import Selector
from report_helpers import RUN, sample_run, snapshot

from ogpcrawl.report import render_report
from ogpcrawl.report.progress import Change, progress


def rated(aid, **ratings):
    base = {
        "2.4": "not_started",
        "4.2.1": "not_started",
        "4.2.2": "not_started",
        "5.6": "not_started",
    }
    return snapshot(
        aid, aid.title(), ratings={**base, **{k.replace("_", "."): v for k, v in ratings.items()}}
    )


def test_change_kinds_follow_the_scale():
    assert Change("limited", "substantial").kind == "improved"
    assert Change("complete", "limited").kind == "worsened"
    assert Change("limited", "limited").kind == "unchanged"
    assert Change(None, "limited").kind == "new"
    assert Change("limited", None).kind == "gone"


def test_per_agency_changes_and_counts():
    before = [rated("a", **{"2_4": "limited"}), rated("b", **{"5_6": "complete"}), rated("gone")]
    after = [rated("a", **{"2_4": "complete"}), rated("b", **{"5_6": "limited"}), rated("new")]
    p = progress(before, after, "az")
    rows = {r.agency_id: r for r in p["rows"]}
    assert rows["a"].changes["2.4"] == Change("limited", "complete")
    assert rows["b"].changes["5.6"].kind == "worsened"
    assert rows["new"].changes["2.4"].kind == "new" and rows["gone"].changes["2.4"].kind == "gone"
    assert p["counts"]["2.4"] == {"improved": 1, "unchanged": 1, "new": 1, "gone": 1}
    assert p["counts"]["5.6"]["worsened"] == 1


def test_report_shows_levels_before_and_after(tmp_path):
    snaps, agencies = sample_run()
    baseline = [dict(s, ratings={**s["ratings"], "2.4": "not_started"}) for s in snaps]
    render_report(
        snaps,
        tmp_path,
        run=RUN,
        agencies=agencies,
        baseline_snapshots=baseline,
        baseline_run={"run_id": "run-2018-02-01", "as_of": "2018-02-01"},
    )
    sel = Selector((tmp_path / "report.html").read_text("utf-8"))
    row = sel.css('table.progress tr[data-agency="binegedi"] td')
    assert row[1].css("::text").get().startswith("başlanmayıb → tam")
    assert "k-improved" in row[1].attrib["class"]
    counts = sel.css('table.progress-counts tr[data-commitment="2.4"] td::text').getall()
    assert counts[:3] == ["2.4", "5", "0"]  # 5 improved (the 2 limited ones too), 0 worsened
    assert sel.css("svg.change-chart rect.bar-after")


def test_without_baseline_the_report_says_so(tmp_path):
    snaps, _ = sample_run()
    render_report(snaps, tmp_path, run=RUN)
    html = (tmp_path / "report.html").read_text("utf-8")
    assert "Müqayisə üçün əvvəlki yoxlama verilməyib." in html
    assert "change-chart" not in html
