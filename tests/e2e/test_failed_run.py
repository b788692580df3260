"""A crawl that reached nothing says so: a non-zero exit, one line on stdout with the reason,
and no annex anyone could publish (issue 20, "the first hour of an analyst and an operator").

The sites here do not exist: the farm answers for them as a proxy does for a host it cannot
resolve (502 with Proxy-Status: dns_error), which is what an offline machine's crawl meets.
"""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, text

from ogpcrawl.runinfo import EXIT_CODES
from tests.conftest import run_crawl

pytestmark = pytest.mark.e2e

HEADER = (
    "agency_id,name,level,family,url,annex_no,name_en,local_type,host_confidence,alt_urls,render\n"
)


def test_an_offline_crawl_fails_loudly_and_leaves_no_publishable_annex(farm, tmp_path):
    agencies = tmp_path / "agencies.csv"
    agencies.write_text(
        HEADER
        + "".join(
            f"nowhere{i},Heçyer {i},local,local_ih,http://nowhere{i}-ih.gov.az/,{i},,district,high,,auto\n"
            for i in (1, 2, 3)
        ),
        encoding="utf-8",
    )
    result = run_crawl(
        "local_ih",
        tmp_path / "crawl",
        env=farm.env,
        settings={"AGENCIES_FILE": agencies, "AS_OF": "2018-08-20"},
    )

    assert result.returncode == EXIT_CODES["failed"] != 0, result.stderr[-3000:]
    lines = result.stdout.splitlines()
    assert len(lines) == 1, result.stdout
    run_id = result.snapshots[0]["run_id"]
    assert lines[0] == (
        f"ogpcrawl: run {run_id} FAILED: run failed: 3 of 3 sites unreachable; "
        "every site unreachable (3 of 3); annexes not written (not publishable), "
        f"see {tmp_path / 'crawl' / 'output' / run_id / 'NOT-PUBLISHABLE.txt'}"
    )
    # every site was recorded, as unreachable for want of a name
    assert {s["error"] for s in result.snapshots} == {"dns"}
    out = tmp_path / "crawl" / "output"
    assert [p.name for p in out.rglob("*") if p.is_file()] == ["NOT-PUBLISHABLE.txt"]
    assert "every site unreachable" in (out / run_id / "NOT-PUBLISHABLE.txt").read_text("utf-8")
    engine = create_engine(f"sqlite:///{tmp_path / 'crawl' / 'ogpcrawl.db'}")
    with engine.connect() as c:
        assert c.execute(text("SELECT status FROM runs")).scalars().all() == ["failed"]
    engine.dispose()


def test_with_the_items_on_stdout_the_verdict_goes_to_stderr(farm, tmp_path):
    """`-O -` streams the snapshots on stdout: the verdict line must not corrupt that feed."""
    import json
    import os
    import subprocess
    import sys

    from tests.conftest import ROOT

    agencies = tmp_path / "agencies.csv"
    agencies.write_text(
        HEADER + "nowhere1,Heçyer,local,local_ih,http://nowhere1-ih.gov.az/,1,,"
        "district,high,,auto\n",
        encoding="utf-8",
    )
    env = {
        **farm.env,
        "SCRAPY_SETTINGS_MODULE": "ogpcrawl.settings",
        "PYTHONPATH": os.environ.get("PYTHONPATH", str(ROOT)),
    }
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "scrapy",
            "crawl",
            "local_ih",
            "-O",
            "-:jsonlines",
            "-s",
            f"AGENCIES_FILE={agencies}",
            "-s",
            f"DATABASE_URL=sqlite:///{tmp_path / 'o.db'}",
            "-s",
            f"REPORT_DIR={tmp_path / 'out'}",
            "-s",
            "AS_OF=2018-08-20",
            "-s",
            "RETRY_TIMES=0",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == EXIT_CODES["failed"], proc.stderr[-2000:]
    assert [json.loads(line)["agency_id"] for line in proc.stdout.splitlines()] == ["nowhere1"]
    assert (
        " FAILED: " in [ln for ln in proc.stderr.splitlines() if ln.startswith("ogpcrawl: run")][0]
    )
