"""Pictures: inline SVG drawn by the templates from numbers computed in charts.py."""

from __future__ import annotations

from datetime import date

from parsel import Selector
from report_helpers import RUN, sample_run

from ogpcrawl.report import render_report
from ogpcrawl.report.charts import month_keys, sparkline, stacked_bar


def test_month_keys_cross_the_year():
    assert month_keys(date(2018, 2, 10), 4) == ["2017-11", "2017-12", "2018-01", "2018-02"]


def test_sparkline_scales_to_the_busiest_month_and_fills_gaps_with_zero():
    sp = sparkline({"2018-08": 10, "2018-06": 5}, date(2018, 8, 20), width=110, height=24)
    assert sp["counts"][-3:] == [5, 0, 10] and sp["counts"][:9] == [0] * 9
    points = [tuple(map(float, p.split(","))) for p in sp["points"].split()]
    assert len(points) == 12 and points[-1] == (110.0, 2.0) and points[0] == (0.0, 22.0)


def test_stacked_bar_segments_follow_the_scale_and_sum_to_the_width():
    segs = stacked_bar({"complete": 1, "not_started": 3}, width=200)
    assert [(s["rating"], s["w"]) for s in segs] == [("not_started", 150.0), ("complete", 50.0)]


def test_report_has_sparklines_compliance_bars_and_no_script(tmp_path):
    snaps, agencies = sample_run()
    render_report(snaps, tmp_path, run=RUN, agencies=agencies)
    sel = Selector((tmp_path / "report.html").read_text("utf-8"))
    # one sparkline per reachable agency, none for the site that did not open
    assert len(sel.css("table.news svg polyline.spark")) == 6
    assert len(sel.css("table.compliance svg")) == 4
    assert sel.css("table.compliance rect.r-complete")
    assert sel.css("script") == []
