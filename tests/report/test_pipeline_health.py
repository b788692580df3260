"""At the end of a crawl the report pipeline follows the run's health: a failed run gets no
annex (a note says why), a degraded one is stamped NOT PUBLISHABLE in every file name."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from report_helpers import sample_run
from scrapy.utils.test import get_crawler

from ogpcrawl.db.store import Store
from ogpcrawl.pipelines import ReportPipeline


@pytest.fixture()
def stored(tmp_path):
    url = f"sqlite:///{tmp_path / 'ogp.db'}"
    snaps, _ = sample_run()
    with Store(url) as store:
        store.upgrade()
        store.start_run("r1", "local_ih", "2018-08-20", {})
        store.save_snapshots("r1", [dict(s, run_id="r1") for s in snaps])
        store.finish_run("r1", "finished", {})
    return url


def close(url, out, state, reasons):
    crawler = get_crawler(
        settings_dict={
            "DATABASE_URL": url,
            "REPORT_DIR": str(out),
            "REPORT_FORMATS": ["html", "csv"],
        }
    )
    crawler.stats.set_value("ogp/agencies_done", 7)
    crawler.stats.set_value("ogp/health", state)
    crawler.stats.set_value("ogp/health_reasons", reasons)
    ReportPipeline.from_crawler(crawler).spider_closed(SimpleNamespace(run_id="r1"), "finished")
    return crawler.stats.get_value("ogp/annexes")


def test_a_degraded_run_is_stamped_in_every_file_name_and_page(stored, tmp_path):
    said = close(stored, tmp_path, "degraded", ["unreachable sites rose from 0 of 7 to 5 of 7"])
    names = sorted(p.name for p in (tmp_path / "r1").iterdir() if p.is_file())
    assert names == [
        "NOT-PUBLISHABLE_annex1_local.csv",
        "NOT-PUBLISHABLE_annex1_local.html",
        "NOT-PUBLISHABLE_annex2_central.csv",
        "NOT-PUBLISHABLE_annex2_central.html",
    ]
    html = (tmp_path / "r1" / "NOT-PUBLISHABLE_annex1_local.html").read_text("utf-8")
    assert "run degraded: unreachable sites rose from 0 of 7 to 5 of 7" in html
    assert said == f"annexes stamped NOT PUBLISHABLE in {tmp_path / 'r1'}/"
    # the evidence pages the annex links to carry the same stamp (a page opened on its own)
    pages = sorted((tmp_path / "r1" / "evidence").glob("*.html"))
    assert len(pages) == 7
    for page in pages:
        text = page.read_text("utf-8")
        assert 'class="not-publishable"' in text
        assert "run degraded: unreachable sites rose from 0 of 7 to 5 of 7" in text


def test_a_failed_run_writes_no_annex_only_the_reason(stored, tmp_path):
    said = close(stored, tmp_path, "failed", ["every site unreachable (7 of 7)"])
    assert [p.name for p in (tmp_path / "r1").iterdir()] == ["NOT-PUBLISHABLE.txt"]
    assert (
        "every site unreachable (7 of 7)" in (tmp_path / "r1" / "NOT-PUBLISHABLE.txt").read_text()
    )
    assert said.startswith("annexes not written (not publishable)")


def test_an_ok_run_writes_the_annexes_as_always(stored, tmp_path):
    said = close(stored, tmp_path, "ok", [])
    assert (
        sorted(p.name for p in (tmp_path / "r1").iterdir() if p.is_file())[0] == "annex1_local.csv"
    )
    assert said == f"annexes in {tmp_path / 'r1'}/"
    page = next((tmp_path / "r1" / "evidence").glob("*.html")).read_text("utf-8")
    assert 'class="not-publishable"' not in page
