"""scrapy report: loads a run (and a baseline) from the store and renders the report."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from report_helpers import RUN, sample_run

from ogpcrawl.commands.report import ReportError, build_report

ROOT = Path(__file__).resolve().parents[2]


class FakeStore:
    """The db.store.Store calls the command makes: run(ref) and snapshots(run=id)."""

    def __init__(self, runs: dict[str, tuple[dict, list[dict]]], latest: str):
        self.runs, self.latest = runs, latest

    def run(self, ref):
        ref = self.latest if ref == "latest" else ref
        return self.runs[ref][0] if ref in self.runs else None

    def snapshots(self, run):
        return self.runs[run][1]


@pytest.fixture()
def store():
    snaps, agencies = sample_run()
    old = [dict(s, ratings={**s["ratings"], "4.2.2": "not_started"}) for s in snaps]
    return FakeStore(
        {
            "old": ({"run_id": "old", "as_of": "2018-02-01"}, old),
            RUN["run_id"]: ({**RUN, "agencies": agencies}, snaps),
        },
        latest=RUN["run_id"],
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


def test_latest_run_with_baseline_renders_into_report_dir_run_id(store, tmp_path):
    paths = build_report(store, "latest", **kwargs(tmp_path, baseline_ref="old", lang="en"))
    out = tmp_path / RUN["run_id"]
    assert out / "report.html" in paths and out / "annex1_local.csv" in paths
    html = (out / "report.html").read_text("utf-8")
    assert "Progress since the previous run" in html and "Previous run: old" in html
    # rows numbered from the run's own agencies metadata
    assert '<td class="no">67</td>' in html


def test_missing_run_or_baseline_is_a_clear_error(store, tmp_path):
    with pytest.raises(ReportError, match="no run 'nope'"):
        build_report(store, "nope", **kwargs(tmp_path))
    with pytest.raises(ReportError, match="no baseline run 'gone'"):
        build_report(store, "latest", **kwargs(tmp_path, baseline_ref="gone"))


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
