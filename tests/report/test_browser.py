"""The report in a real browser: headless Chromium renders it offline and prints it to PDF.

Needs /usr/bin/chromium (the `chromium` fixture fails in CI when it is missing and skips loudly
elsewhere). A screenshot is left in test-artifacts/ for a person to look at.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader
from report_helpers import RUN, news, sample_run, snapshot

from ogpcrawl.report import render_annexes, render_report

pytestmark = pytest.mark.browser
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def pdf_pages(path: Path) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(str(path)).pages]


def test_report_renders_offline_with_tables_and_charts(chromium, tmp_path):
    from playwright.sync_api import sync_playwright

    snaps, agencies = sample_run()
    baseline = [dict(s, ratings={**s["ratings"], "2.4": "limited"}) for s in snaps]
    render_report(
        snaps,
        tmp_path,
        run=RUN,
        agencies=agencies,
        baseline_snapshots=baseline,
        baseline_run={"run_id": "old", "as_of": "2018-02-01"},
        claims={"2.4": 86},
    )
    ARTIFACTS.mkdir(exist_ok=True)
    requests, errors = [], []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.on("request", lambda r: requests.append(r.url))
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.goto((tmp_path / "report.html").as_uri())
            counts = page.evaluate(
                """() => ({
                    annexRows: document.querySelectorAll('table.annex tbody tr').length,
                    sparklines: document.querySelectorAll('svg polyline.spark').length,
                    bars: document.querySelectorAll('table.compliance svg rect').length,
                    change: document.querySelectorAll('svg.change-chart rect').length,
                    scripts: document.scripts.length,
                    sparkWidth: document.querySelector('svg polyline.spark').getBBox().width,
                })"""
            )
            page.screenshot(path=str(ARTIFACTS / "report.png"), full_page=True)
        finally:
            browser.close()
    assert counts["annexRows"] == 7 and counts["sparklines"] == 6
    assert counts["bars"] > 4 and counts["change"] == 8 and counts["scripts"] == 0
    assert counts["sparkWidth"] > 50  # the SVG is laid out, not an empty box
    assert [u for u in requests if not u.startswith("file://")] == []
    assert errors == []
    assert (ARTIFACTS / "report.png").stat().st_size > 10_000


def test_annex_pdf_is_a4_landscape_with_the_table_text(chromium, tmp_path):
    snaps, agencies = sample_run()
    paths = render_annexes(snaps, tmp_path, run=RUN, agencies=agencies, formats=("pdf",))
    assert sorted(p.name for p in paths) == ["annex1_local.pdf", "annex2_central.pdf"]
    reader = PdfReader(str(tmp_path / "annex1_local.pdf"))
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert float(box.width) > float(box.height)  # landscape
    assert abs(float(box.width) - 842) < 3 and abs(float(box.height) - 595) < 3  # A4 in points
    if shutil.which("pdftotext"):
        text = subprocess.run(
            ["pdftotext", "-layout", str(tmp_path / "annex1_local.pdf"), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    else:
        text = pdf_pages(tmp_path / "annex1_local.pdf")[0]
    for expected in ("Əlavə 1", "Xankəndi", "İ Ş L Ə M İ R", "Binəqədi", "Naməlum", "Qeyd"):
        assert expected in text or expected.replace(" ", "") in text.replace(" ", ""), expected
    # no HTML file was asked for, so none is left behind
    assert not (tmp_path / "annex1_local.html").exists()


def test_long_annex_breaks_into_pages_repeating_the_header(chromium, tmp_path):
    long_note = "Səhifənin yenilənməsi aralığı " * 12
    snaps = [
        snapshot(
            f"a{i:02d}",
            f"Agentlik {i:02d}",
            mobile={"viewport": True},
            council={
                "section": True,
                "url": f"http://a{i:02d}.gov.az/{long_note}",
                "status": "empty",
            },
            news=news("2018-08-01", 5.0, 19),
        )
        for i in range(1, 61)
    ]
    render_annexes(snaps, tmp_path, run=RUN, formats=("pdf",))
    pages = pdf_pages(tmp_path / "annex1_local.pdf")
    assert len(pages) >= 3
    assert all("Qeyd" in p for p in pages)  # the table header repeats on every page
    joined = "".join(pages)
    assert "Agentlik 01" in pages[0] and "Agentlik 60" in pages[-1] and "Agentlik 30" in joined


def test_report_pdf_starts_each_section_on_its_own_page(chromium, tmp_path):
    snaps, agencies = sample_run()
    render_report(snaps, tmp_path, run=RUN, agencies=agencies, formats=("html", "pdf"))
    pages = pdf_pages(tmp_path / "report.pdf")
    starts = {
        t: next(i for i, p in enumerate(pages) if t in p)
        for t in (
            "Monitorinq hesabatı",
            "Xülasə",
            "Öhdəliklərin icrası",
            "Xəbər aktivliyi",
            "Əlavə 1",
            "Əlavə 2",
            "Metodologiya",
        )
    }
    order = list(starts.values())
    assert order == sorted(order) and len(set(order)) == 7, starts
    assert starts["Monitorinq hesabatı"] == 0  # the cover, a page of its own
    assert starts["Metodologiya"] == len(pages) - 1
