"""scrapy report: loads a run (and a baseline) from the store and renders the report."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from report_helpers import RUN, sample_run

from ogpcrawl.commands.report import ReportError, build_report, load_runs

ROOT = Path(__file__).resolve().parents[2]


class FakeStore:
    """The db.store.Store reads the command makes: run(ref) and snapshots(run=, level=)."""

    def __init__(self, runs: dict[str, tuple[dict, list[dict]]]):
        self.runs = runs  # in start order: the last one holding a level is its "latest"

    def run(self, ref):
        return self.runs[ref][0] if ref in self.runs else None

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
