"""Evidence pages beside the annex: every verdict cell links one, scraped text is escaped, and
its archived-page link opens the archived page through `scrapy evidence serve` (in Chromium)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from parsel import Selector

from ogpcrawl.report.evidence import page_name, render_evidence_pages
from tests.conftest import ROOT

pytestmark = pytest.mark.e2e

XSS = "<script>alert(1)</script>"


def annex_dir(result, run_id) -> Path:
    return result.workdir / "output" / run_id


def test_every_verdict_cell_links_an_existing_evidence_page(replica_run):
    result, run_id, _ = replica_run
    out = annex_dir(result, run_id)
    sel = Selector((out / "annex1_local.html").read_text("utf-8"))
    rows = sel.css("table.annex tbody tr")
    assert len(rows) == len(result.snapshots)
    for row in rows:
        cells = row.css("td.c-yes, td.c-no, td.c-unknown, td.c-down")
        assert cells, row.get()
        for td in cells:
            href = td.css("a.ev::attr(href)").get()
            assert href, td.get()
            target, _, anchor = href.partition("#")
            page = out / target
            assert page.is_file(), href
            if anchor:
                assert f'id="{anchor}"' in page.read_text("utf-8")
    down = Selector((out / "evidence" / "xankendi.html").read_text("utf-8"))
    assert "İŞLƏMİR" in down.css("h2::text").get()
    assert down.css("#c-down td").get()  # the addresses tried, each with what the archive holds


def test_evidence_page_names_capture_and_shows_the_screenshot(replica_run):
    result, run_id, _ = replica_run
    page = Selector((annex_dir(result, run_id) / "evidence" / "baku.html").read_text("utf-8"))
    baku = result.by_id()["baku"]
    home = next(p for p in baku["captures"]["pages"] if p["role"] == "home")
    text = page.get()
    assert home["record_id"].strip("<>") in text and home["digest"] in text
    assert page.css("#c-2\\.4 img::attr(src)").get().startswith("data:image/png;base64,")
    links = page.css("a.archived::attr(href)").getall()
    assert links and all(
        h.startswith(f"http://127.0.0.1:{result.replay_port}/{run_id}/") for h in links
    )


def test_hostile_scraped_text_is_escaped(tmp_path):
    snap = {
        "agency_id": "../../evil<x>",
        "name": f"Ad {XSS}",
        "run_id": "r1",
        "as_of": "2018-08-20",
        "reachable": True,
        "start_url": "http://e.gov.az/",
        "final_url": "javascript:alert(3)",
        "mobile": {"viewport": True},
        "social": [],
        "council": {"section": True, "status": "members", "members": 3, "url": "http://e.gov.az/c"},
        "procurement": {},
        "e_services": {},
        "news": {},
        "ratings": {},
        "unknown": [],
        "evidence": {"council": "http://e.gov.az/c"},
        "evidence_detail": [
            {
                "finding": "council",
                "url": 'http://e.gov.az/c"><b>x',
                "rule": f"r{XSS}",
                "snippet": XSS,
                "captured_at": "2026-12-02T10:00:00Z",
                "record_id": f"<urn:uuid:{XSS}>",
                "digest": "sha1:X",
            }
        ],
    }
    [path] = render_evidence_pages([snap], tmp_path, archives={})
    assert path.parent == tmp_path / "evidence" and path.name == page_name("../../evil<x>")
    html = path.read_text("utf-8")
    sel = Selector(html)
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert sel.css("script") == [] and sel.xpath("//*[@*[starts-with(name(), 'on')]]") == []
    assert all(h.startswith(("http://", "https://")) for h in sel.xpath("//@href").getall())


def test_archived_page_link_renders_the_archived_page_in_chromium(replica_run, chromium):
    from playwright.sync_api import sync_playwright

    result, run_id, path = replica_run
    port = result.replay_port
    serve = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "scrapy",
            "evidence",
            "serve",
            run_id,
            "--port",
            str(port),
            "-s",
            f"OGP_ARCHIVE_DIR={path.parent.parent}",
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        line = serve.stdout.readline()
        assert f"http://127.0.0.1:{port}/" in line, line + serve.stderr.read()
        evidence = annex_dir(result, run_id) / "evidence" / "baku.html"
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
            try:
                page = browser.new_page()
                page.goto(evidence.as_uri())
                href = page.locator("#c-2\\.4 a.archived").first.get_attribute("href")
                assert href
                response = page.goto(href)
                assert response.status == 200
                assert response.headers["x-archive-capture"] == "response"
                assert "Bakı" in page.title()  # the archived home page itself, not an error
                assert page.locator("body").inner_text().strip()
                missing = page.goto(f"http://127.0.0.1:{port}/{run_id}/2018/http://nowhere.az/")
                assert missing.status == 404
            finally:
                browser.close()
    finally:
        serve.terminate()
        serve.wait(10)


def test_scrapy_report_writes_the_evidence_pages_beside_its_annexes(replica_run, tmp_path):
    result, run_id, _ = replica_run
    out = tmp_path / "report"
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "scrapy",
            "report",
            "--run",
            run_id,
            "--out",
            str(out),
            "-s",
            f"DATABASE_URL=sqlite:///{result.workdir / 'ogpcrawl.db'}",
            "-s",
            "OGP_REPLAY_URL=http://127.0.0.1:8123",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    pages = sorted(p.name for p in (out / "evidence").glob("*.html"))
    assert pages == sorted(page_name(s["agency_id"]) for s in result.snapshots)
    baku = (out / "evidence" / "baku.html").read_text("utf-8")
    assert f"http://127.0.0.1:8123/{run_id}/" in baku
    sel = Selector((out / "annex1_local.html").read_text("utf-8"))
    assert sel.css("td.c-yes a.ev, td.c-no a.ev")
