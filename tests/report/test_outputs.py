"""Annex files: HTML, CSV and Markdown say the same thing, each safely for its reader."""

from __future__ import annotations

import csv
import json

import pytest
from parsel import Selector
from report_helpers import RUN, sample_run

from ogpcrawl.report import render_annexes, render_report


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    snaps, agencies = sample_run()
    d = tmp_path_factory.mktemp("annexes")
    paths = render_annexes(snaps, d, run=RUN, agencies=agencies, formats=("html", "csv", "md"))
    return d, paths


def test_files_written_per_annex_and_format(out):
    d, paths = out
    assert sorted(p.name for p in paths) == [
        "annex1_local.csv",
        "annex1_local.html",
        "annex1_local.md",
        "annex2_central.csv",
        "annex2_central.html",
        "annex2_central.md",
    ]


def test_default_formats_are_html_and_csv(tmp_path):
    snaps, _ = sample_run()
    paths = render_annexes(snaps[:1], tmp_path, run=RUN)
    assert sorted(p.name for p in paths) == ["annex1_local.csv", "annex1_local.html"]


def test_unknown_format_is_refused(tmp_path):
    with pytest.raises(ValueError, match="docx"):
        render_annexes([], tmp_path, run=RUN, formats=("html", "docx"))


def test_csv_is_excel_friendly_utf8_with_bom_and_the_report_columns(out):
    d, _ = out
    raw = (d / "annex1_local.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    rows = list(csv.reader(raw.decode("utf-8-sig").splitlines()))
    assert rows[0] == [
        "№",
        "Yerli icra hakimiyyəti",
        "2.4",
        "4.2.1",
        "4.2.2",
        "5.6",
        "Qeydlər",
        "agency_id",
    ]
    assert rows[2][:3] == ["10", "Xankəndi", "İŞLƏMİR"]
    assert rows[4][1:4] == [
        "Binəqədi",
        "Var Facebook, Instagram",
        "Var Şuranın 15 üzvü göstərilib. Şuranın 7 tədbiri işıqlandırılıb, sonuncusu 05.08.2018.",
    ]


def test_markdown_table_has_one_row_per_agency(out):
    d, _ = out
    lines = (d / "annex2_central.md").read_text("utf-8").splitlines()
    table = [line for line in lines if line.startswith("| ")]
    assert table[0] == "| № | Mərkəzi icra hakimiyyəti | 2.4 | 4.2.1 | 4.2.2 | 5.6 | Qeydlər |"
    assert [t.split(" | ")[1] for t in table[1:]] == ["Ədliyyə Nazirliyi", "Vergilər Nazirliyi"]


def test_html_annex_rows_cells_and_evidence_links(out):
    d, _ = out
    sel = Selector((d / "annex1_local.html").read_text("utf-8"))
    rows = sel.css("table.annex tbody tr")
    assert [r.css("td.no::text").get() for r in rows] == ["2", "10", "24", "67", "70"]
    down = sel.css("#row-xankendi td.c-down")
    assert down.css("a::text").get() == "İŞLƏMİR" and down.attrib["colspan"] == "4"
    assert down.css("a::attr(href)").get() == "evidence/xankendi.html"
    assert len(sel.css("#row-dashkesen td.c-unknown")) == 3
    # every verdict word opens the agency's evidence page, at its column (the page links the
    # live page and its archived copy)
    var = sel.css("#row-nizami td.c-yes .w a")
    assert var.xpath("@href").getall()[-1] == "evidence/nizami.html#c-5.6"
    assert sel.css("#row-ganja td.c-yes .w a::text").get() == "Var"
    for kind in ("yes", "no", "unknown"):
        for td in sel.css(f"td.c-{kind}"):
            assert td.css(".w a.ev::attr(href)").re(r"^evidence/[a-z_]+\.html#c-[0-9.]+$")


def test_html_is_self_contained(out):
    d, _ = out
    html = (d / "annex1_local.html").read_text("utf-8")
    sel = Selector(html)
    assert sel.css("script") == [] and sel.css("link") == []
    assert "Content-Security-Policy" in html
    assert "@page { size: A4 landscape" in html


def test_a_level_without_snapshots_gets_no_annex(tmp_path):
    snaps, _ = sample_run()
    central = [s for s in snaps if s["level"] == "central"]
    paths = render_annexes(central, tmp_path, run=RUN, formats=("csv",))
    assert [p.name for p in paths] == ["annex2_central.csv"]


def test_an_unpublishable_run_is_stamped_in_every_file_and_file_name(tmp_path):
    snaps, agencies = sample_run()
    reason = "run degraded: unreachable sites rose from 0 of 5 to 4 of 5"
    paths = render_report(
        snaps,
        tmp_path,
        run=RUN,
        agencies=agencies,
        formats=("html", "csv", "md"),
        unpublishable=reason,
    )
    names = sorted(p.name for p in paths)
    assert all(n.startswith("NOT-PUBLISHABLE_") for n in names if n != "summary.json"), names
    assert not list(tmp_path.glob("annex*")) and not list(tmp_path.glob("report.*"))
    for name in ("NOT-PUBLISHABLE_annex1_local.html", "NOT-PUBLISHABLE_report.html"):
        banner = Selector((tmp_path / name).read_text("utf-8")).css("p.not-publishable::text").get()
        assert banner == f"DƏRC ÜÇÜN DEYİL. Bu yoxlamanın nəticələri etibarlı deyil: {reason}."
    assert (
        (tmp_path / "NOT-PUBLISHABLE_annex2_central.md")
        .read_text("utf-8")
        .startswith("> **DƏRC ÜÇÜN DEYİL.")
    )
    assert json.loads((tmp_path / "summary.json").read_text("utf-8"))["not_publishable"] == reason


def test_the_report_reads_as_a_publication_cover_findings_tables_method(tmp_path):
    snaps, agencies = sample_run()
    render_report(
        snaps, tmp_path, run=RUN, agencies=agencies, claims={"2.4": 86}, formats=("html", "md")
    )
    sel = Selector((tmp_path / "report.html").read_text("utf-8"))
    cover = [t.strip() for t in sel.css("header.cover *::text").getall() if t.strip()]
    assert cover[0] == "Monitorinq dövrü: avqust 2018"  # the round, not a machine id
    assert "Monitorinq tarixi: 20.08.2018" in cover
    assert cover[-1] == (
        "Monitorinqə 7 dövlət orqanının saytı cəlb edilib: 5 yerli icra "
        "hakimiyyəti orqanı, 2 mərkəzi icra hakimiyyəti orqanı."
    )
    assert RUN["run_id"] not in " ".join(
        sel.css("header.cover *::text, .annex-block p.meta::text").getall()
    )
    findings = sel.css("#findings li::text").getall()
    assert findings[0].startswith(
        "2.4 (Mobil versiya və sosial şəbəkələr): öhdəliyi əhəmiyyətli "
        "və ya tam icra edən qurumlar — 3 / 7"
    )
    assert "Rəsmi məlumatda 86% göstərilib" in findings[0]
    assert findings[-1] == "Saytı açılmayan qurumlar: 1 / 7."
    # the order: cover, findings, tables, annexes, method last; every commitment explained
    ids = sel.xpath("//section/@id").getall()
    assert ids[0] == "findings" and ids[-1] == "method"
    assert sel.css("#method dt::text").getall()[0].startswith("2.4 — ")
    assert len(sel.css("#method dd")) == 4
    assert RUN["run_id"] in sel.css("#method p.note::text").get()
    # agency lists are lists, not a comma wall
    assert sel.css(
        'table.summary[data-level="local"] tr[data-metric="mobile"] li::text'
    ).getall() == ["Gəncə", "Daşkəsən", "Binəqədi", "Nizami"]
    md = (tmp_path / "report.md").read_text("utf-8")
    assert "## Əsas nəticələr" in md and md.rstrip().endswith(
        RUN["run_id"] + f", başlanğıc {RUN['started_at']}, son {RUN['finished_at']}."
    )


@pytest.mark.parametrize("numbered", [True, False])
def test_annex_rows_kept_on_disk_are_the_rows_held_in_memory(tmp_path, numbered):
    """render_annexes spools each row to a temporary file as it is made (only the order held):
    the same rows, in the same order, with the same numbers, read as often as a writer needs."""
    import tempfile

    from ogpcrawl.report.messages import catalogue
    from ogpcrawl.report.rows import streamed_annex_rows

    snaps, agencies = sample_run()
    if not numbered:  # two rows without annex_no: every row numbered 1..n in order
        agencies = {k: {**v, "annex_no": None} for k, v in list(agencies.items())[:2]}
    msg = catalogue("az")
    held = streamed_annex_rows(list(reversed(snaps)), msg, "az", agencies)
    with tempfile.TemporaryFile() as spool:
        spooled = streamed_annex_rows(list(reversed(snaps)), msg, "az", agencies, spool=spool)
        for level, rows in held.items():
            assert len(spooled[level]) == len(rows)
            assert list(spooled[level]) == rows
            assert list(spooled[level]) == rows  # a second pass (HTML, then CSV)
    assert sum(len(r) for r in held.values()) == len(snaps)
