"""A real crawl through the farm writes its evidence: one WACZ per run, every exchange in it.

Local sites of the 2018 replica (one served only at an alternate spelling, one dead: 502), the
mobile check's screenshots (Chromium), and the faults scenario's redirect loop and connection
reset (no response at all: a metadata record naming the error).
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from warcio.archiveiterator import ArchiveIterator

from ogpcrawl.archive import wacz
from tests.conftest import ROOT, run_crawl, start_farm

pytestmark = pytest.mark.e2e


def test_one_wacz_that_verify_accepts(replica_run):
    result, run_id, path = replica_run
    assert path.is_file()
    problems, counts = wacz.verify(path)
    assert problems == []
    assert counts["pages"] > 0 and counts["records"] > counts["index_lines"] > 0
    cli = subprocess.run(
        [
            sys.executable,
            "-m",
            "scrapy",
            "evidence",
            "verify",
            run_id,
            "-s",
            f"OGP_ARCHIVE_DIR={path.parent.parent}",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert cli.returncode == 0, cli.stdout + cli.stderr
    assert ": valid:" in cli.stdout


def test_every_exchange_is_a_request_response_pair_robots_included(replica_run):
    result, _, path = replica_run
    with wacz.Wacz(path) as z:
        arcs = [n for n in z.names() if n.startswith("archive/")]
        assert len(arcs) == 1
        types, responses = [], []
        with z.zip.open(arcs[0]) as fh:
            for r in ArchiveIterator(fh):
                types.append(r.rec_type)
                if r.rec_type == "response":
                    responses.append(r.rec_headers.get_header("WARC-Target-URI"))
    assert types.count("request") == types.count("response")
    for host in ("baku-ih.gov.az", "binegedi-ih.gov.az"):
        assert f"http://{host}/robots.txt" in responses
    # the dead site and the wrong spelling are documented too (the proxy's 502 answers)
    assert any("xankendi" in u for u in responses)
    assert any("absheron-ih" in u or "abseron-ih" in u for u in responses)
    # each snapshot's downloads are all in the archive (pages_fetched counts robots.txt too)
    for s in result.snapshots:
        if s["reachable"]:
            assert len(s["captures"]["pages"]) <= s["pages_fetched"]


def test_each_finding_names_the_capture_it_was_read_from(replica_run):
    result, _, path = replica_run
    with wacz.Wacz(path) as z:
        checked = 0
        for s in result.snapshots:
            caps = s["captures"] or {}
            read = {u for p in caps.get("pages") or () for u in (p["url"], p["final_url"])}
            read |= {v["url"] for views in (caps.get("social") or {}).values() for v in views}
            for ev in s["evidence_detail"]:
                if ev.get("url") not in read and ev["finding"] != "mobile.responsive":
                    assert ev["record_id"] is None  # nothing was fetched for it (no view)
                    continue
                assert ev["record_id"], ev
                fields = z.by_record_id(ev["record_id"])
                assert fields is not None, ev
                assert fields["digest"] == ev["digest"]
                assert (
                    fields["url"] in (ev["url"], f"urn:ogpcrawl:screenshot:{ev['url']}")
                    or ev["finding"] == "mobile.responsive"
                )
                checked += 1
    assert checked > 10


def test_pages_jsonl_lists_each_page_the_verdicts_used_once(replica_run):
    result, _, path = replica_run
    with wacz.Wacz(path) as z:
        pages = z.pages()
    ids = [p["id"] for p in pages]
    assert len(ids) == len(set(ids))
    reachable = {s["agency_id"] for s in result.snapshots if s["reachable"]}
    assert {p["agency"] for p in pages} == reachable
    homes = [p for p in pages if p["role"] == "home"]
    assert {p["agency"] for p in homes} == reachable
    assert all(p["title"] and p["ts"] for p in homes)


def test_mobile_check_screenshot_is_a_resource_record(replica_run):
    result, _, path = replica_run
    baku = result.by_id()["baku"]
    shot = baku["captures"]["mobile"]["screenshot"]
    with wacz.Wacz(path) as z:
        fields = z.by_record_id(shot["record_id"])
        assert fields["type"] == "resource" and fields["mime"] == "image/png"
        headers, _, png = z.read_record(fields)
        assert headers["WARC-Ogp-Capture"] == "mobile-screenshot"
        assert png.startswith(b"\x89PNG")
        rendered = z.by_record_id(baku["captures"]["mobile"]["record_id"])
        assert rendered["capture"] == "rendered-dom"
        assert rendered["url"].startswith("urn:ogpcrawl:rendered:")


def test_redirect_hops_and_failed_fetches_are_recorded(tmp_path):
    agencies = tmp_path / "agencies.csv"
    subprocess.run(
        [sys.executable, "-m", "ogpcrawl.farm.faults", "--write-agencies", str(agencies)],
        cwd=ROOT,
        check=True,
    )
    farm = start_farm(tmp_path, "--scenario", "faults")
    try:
        result = run_crawl(
            "local_ih",
            tmp_path / "crawl",
            env=farm.env,
            args={"only": "fault-loop,fault-reset,fault-wrongenc,fault-noenc,fault-truncated"},
            settings={
                "AGENCIES_FILE": agencies,
                "AS_OF": "2018-08-20",
                "RETRY_TIMES": "0",
                "OGP_TLS_CHECK": "False",
            },
        )
    finally:
        farm.stop()
    assert result.returncode == 0, result.stderr[-3000:]
    run_id = result.snapshots[0]["run_id"]
    path = tmp_path / "crawl" / "archive" / run_id / f"{run_id}.wacz"
    assert wacz.verify(path)[0] == []
    with wacz.Wacz(path) as z:
        statuses = {(f["url"], f.get("status")) for _, _, f in z.index}
        failures = [f for _, _, f in z.index if f.get("capture") == "fetch-failed"]
        assert ("http://loop.faults.gov.az/a.html", "301") in statuses or any(
            u.startswith("http://loop.faults.gov.az/") and s and s.startswith("30")
            for u, s in statuses
        )
        reset = [f for f in failures if "reset.faults.gov.az" in f["url"]]
        assert reset, failures
        _, _, body = z.read_record(reset[0])
        note = json.loads(body)
        assert note["error"] == result.by_id()["fault-reset"]["error"]
        assert note["exception"]


def test_database_keeps_the_archive_and_each_snapshots_capture_ids(replica_run):
    from sqlalchemy import create_engine, text

    result, run_id, path = replica_run
    engine = create_engine(f"sqlite:///{result.workdir / 'ogpcrawl.db'}")
    with engine.connect() as c:
        archive = c.execute(
            text("SELECT archive FROM runs WHERE run_id = :r"), {"r": run_id}
        ).scalar_one()
        rows = {
            r.agency_id: r
            for r in c.execute(
                text(
                    "SELECT agency_id, home_record_id, capture_ids FROM snapshots WHERE run_id = :r"
                ),
                {"r": run_id},
            )
        }
    engine.dispose()
    assert archive == str(path.resolve())
    baku = result.by_id()["baku"]
    home = next(p for p in baku["captures"]["pages"] if p["role"] == "home")
    assert rows["baku"].home_record_id == home["record_id"]
    ids = json.loads(rows["baku"].capture_ids)
    assert ids == [p["record_id"] for p in baku["captures"]["pages"]]
    with wacz.Wacz(path) as z:
        assert all(z.by_record_id(i) is not None for i in ids)
    assert rows["xankendi"].home_record_id is None  # a dead site: nothing judged, nothing read


def test_evidence_pack_rebuilds_the_wacz_from_the_warc_files(replica_run, tmp_path):
    result, run_id, path = replica_run
    backup = tmp_path / "saved.wacz"
    path.rename(backup)
    try:
        cli = subprocess.run(
            [
                sys.executable,
                "-m",
                "scrapy",
                "evidence",
                "pack",
                run_id,
                "-s",
                f"OGP_ARCHIVE_DIR={path.parent.parent}",
                "-s",
                f"DATABASE_URL=sqlite:///{result.workdir / 'ogpcrawl.db'}",
            ],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert cli.returncode == 0, cli.stdout + cli.stderr
        assert path.is_file() and wacz.verify(path)[0] == []
        with wacz.Wacz(path) as new, wacz.Wacz(backup) as old:
            assert [p["id"] for p in new.pages()] == [p["id"] for p in old.pages()]
            assert len(new.index) == len(old.index)
    finally:
        backup.replace(path)


def test_the_census_is_one_run_with_one_wacz_of_both_families(farm, tmp_path):
    from tests.conftest import FAST_SETTINGS

    settings = {
        **FAST_SETTINGS,
        "AGENCIES_FILE": str(ROOT / "seeds" / "agencies.csv"),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite'}",
        "AS_OF": "2018-08-20",
        "REPORT_DIR": str(tmp_path / "output"),
        "OGP_SPOOL_DIR": str(tmp_path / "spool"),
        "OGP_ARCHIVE_DIR": str(tmp_path / "archive"),
        "OGP_BROWSER": "never",
    }
    cmd = [
        sys.executable,
        "-m",
        "scrapy",
        "census",
        "-a",
        "only=baku,taxes",
        "-O",
        str(tmp_path / "%(name)s.jsonl"),
    ]
    for k, v in settings.items():
        cmd += ["-s", f"{k}={v}"]
    env = {**farm.env, "SCRAPY_SETTINGS_MODULE": "ogpcrawl.settings"}
    env.setdefault("PYTHONPATH", str(ROOT))
    proc = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-3000:]
    [run_dir] = (tmp_path / "archive").iterdir()
    path = run_dir / f"{run_dir.name}.wacz"
    assert wacz.verify(path)[0] == []
    with wacz.Wacz(path) as z:
        arcs = sorted(n for n in z.names() if n.startswith("archive/"))
        # one WARC per crawler; names start with the time each opened, in either order
        assert sorted(a.rsplit("-", 1)[1] for a in arcs) == [
            "local_ih.warc.gz",
            "ministries.warc.gz",
        ]
        assert {p["agency"] for p in z.pages()} == {"baku", "taxes"}
    assert proc.stderr.count("archive of run") == 1  # packaged once, by the last crawler
