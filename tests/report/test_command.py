"""scrapy report: loads a run (and a baseline) from the store and renders the report."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from parsel import Selector
from report_helpers import RUN, sample_run

from ogpcrawl.commands.report import ReportError, build_report, load_runs
from ogpcrawl.report.summary import compliance

ROOT = Path(__file__).resolve().parents[2]


class FakeStore:
    """The db.store.Store reads the command makes: run(ref) and snapshots(run=, level=)."""

    def __init__(self, runs: dict[str, tuple[dict, list[dict]]]):
        self.runs = runs  # in start order: the last one holding a level is its "latest"

    def run(self, ref):
        return self.runs[ref][0] if ref in self.runs else None

    def run_overviews(self, limit=None):
        runs = [dict(r, agencies=len(snaps), unreachable=0) for r, snaps in self.runs.values()]
        return [dict(r, status=r.get("status", "finished")) for r in reversed(runs)][:limit]

    def snapshots(self, run, level=None):
        if run == "latest":
            ids = [
                r for r, (_, snaps) in self.runs.items() if any(s["level"] == level for s in snaps)
            ]
            if not ids:
                return []
            run = ids[-1]
        return [s for s in self.runs[run][1] if level in (None, s["level"])]


def split_run():
    """The local and the central agencies crawled in two runs, plus an older local run."""
    snaps, agencies = sample_run()
    local = [dict(s, run_id="loc-2") for s in snaps if s["level"] == "local"]
    central = [dict(s, run_id="cen-1") for s in snaps if s["level"] == "central"]
    old = [dict(s, run_id="loc-1", ratings={**s["ratings"], "4.2.2": "not_started"}) for s in local]
    return FakeStore(
        {
            "loc-1": ({"run_id": "loc-1", "spider": "local_ih", "as_of": "2018-02-01"}, old),
            "cen-1": (
                {**RUN, "run_id": "cen-1", "spider": "ministries", "agencies": agencies},
                central,
            ),
            "loc-2": ({**RUN, "run_id": "loc-2", "agencies": agencies}, local),
        }
    )


def kwargs(tmp_path, **over):
    base = dict(
        baseline_ref=None,
        out_dir=None,
        report_dir=tmp_path,
        lang="az",
        formats=("html", "csv"),
        claims=None,
        agencies_file=None,
        templates_dir=None,
    )
    return base | over


def test_latest_combines_the_newest_local_and_central_runs():
    run, snaps = load_runs(split_run(), "latest")
    assert run["run_id"] == "loc-2 + cen-1" and run["spider"] == "local_ih + ministries"
    assert {s["run_id"] for s in snaps} == {"loc-2", "cen-1"} and len(snaps) == 7
    assert run["agencies"]["taxes"]["annex_no"] == "19"


def test_comma_separated_ids_name_runs_explicitly():
    run, snaps = load_runs(split_run(), "loc-1")
    assert run["run_id"] == "loc-1" and len(snaps) == 5


def test_latest_run_with_baseline_renders_into_report_dir(tmp_path):
    paths = build_report(split_run(), "latest", **kwargs(tmp_path, baseline_ref="loc-1", lang="en"))
    out = tmp_path / "loc-2+cen-1"
    assert out / "report.html" in paths and out / "annex2_central.csv" in paths
    html = (out / "report.html").read_text("utf-8")
    assert "Progress since the previous run" in html and "Previous run: loc-1" in html
    assert '<td class="no">67</td>' in html  # numbered from the run's agencies metadata


def test_a_baseline_of_other_agencies_is_narrowed_and_explained(tmp_path):
    """The issue's case: this run holds local and central agencies, the baseline only the local
    ones. The centrals are not "new": they are left out of the comparison, and the report says so."""
    said = []
    build_report(
        split_run(),
        "latest",
        **kwargs(tmp_path, baseline_ref="loc-1", lang="en", formats=("html", "md")),
        say=said.append,
    )
    out = tmp_path / "loc-2+cen-1"
    sel = Selector((out / "report.html").read_text("utf-8"))
    notes = sel.css("p.baseline-note::text").getall()
    assert notes[0] == "The comparison covers only the 5 agencies checked in both runs."
    assert notes[1].startswith(
        "2 agencies not checked by the previous run "
        "(Central executive authorities) are left out of the comparison: "
    )
    counts = sel.css('table.progress-counts tr[data-commitment="2.4"] td::text').getall()
    assert counts[4] == "0"  # "new": none, though 2 agencies are only in this run
    assert counts[3] == "5"  # "unchanged": the 5 local agencies
    # the 4.2.2 bar compares the locals with the locals, not with every agency
    after = sel.css("svg.change-chart rect.bar-after title::text").getall()
    store = split_run()
    locals_only = compliance(store.runs["loc-2"][1], None, "en")
    everyone = compliance(store.runs["loc-2"][1] + store.runs["cen-1"][1], None, "en")
    shares = [c.levels["both"]["share"] for c in locals_only]
    assert shares != [c.levels["both"]["share"] for c in everyone]  # else this proves nothing
    assert after == [f"now: {share:g}%" for share in shares]
    assert "comparison covers only the 5 agencies" in (out / "report.md").read_text("utf-8")
    assert said == [
        "note: progress compares only the 5 agencies both runs checked "
        "(2 only in this run, 0 only in the baseline); the report says which"
    ]


def test_a_baseline_that_cannot_be_compared_is_refused_before_rendering(tmp_path):
    store = split_run()
    with pytest.raises(
        ReportError,
        match=r"baseline 'loc-2' refused: the baseline is observed "
        r"on 2018-08-20, after this run \(2018-02-01\)",
    ):
        build_report(store, "loc-1", **kwargs(tmp_path, baseline_ref="loc-2"))
    with pytest.raises(
        ReportError, match="baseline 'cen-1' refused: the baseline shares no agency with this run"
    ):
        build_report(store, "loc-2", **kwargs(tmp_path, baseline_ref="cen-1"))
    assert not list(tmp_path.iterdir())  # nothing rendered


def test_missing_run_or_baseline_is_a_clear_error(tmp_path):
    with pytest.raises(ReportError, match="no run 'nope'"):
        build_report(split_run(), "nope", **kwargs(tmp_path))
    with pytest.raises(ReportError, match="no baseline run 'gone'"):
        build_report(split_run(), "latest", **kwargs(tmp_path, baseline_ref="gone"))
    with pytest.raises(ReportError, match="no finished run"):
        build_report(FakeStore({}), "latest", **kwargs(tmp_path))


def test_command_is_registered_with_scrapy():
    env = {k: v for k, v in os.environ.items() if k != "SCRAPY_SETTINGS_MODULE"}
    proc = subprocess.run(
        [sys.executable, "-m", "scrapy", "report", "-h"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "--baseline" in proc.stdout and "--formats" in proc.stdout
