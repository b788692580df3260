"""Annex cells in the 2018 report's words, built from crafted snapshots."""

from __future__ import annotations

import pytest
from report_helpers import sample_run, snapshot

from ogpcrawl.report.cells import annex_cells
from ogpcrawl.report.messages import catalogue
from ogpcrawl.report.rows import annex_rows, by_level

AZ, EN = catalogue("az"), catalogue("en")


def cells(s, lang="az"):
    return annex_cells(s, catalogue(lang), lang)


@pytest.fixture(scope="module")
def local_rows():
    snaps, agencies = sample_run()
    return {r.agency_id: r for r in annex_rows(by_level(snaps)["local"], AZ, "az", agencies)}


def test_unreachable_site_reads_islemir_across_the_row_with_the_reason(local_rows):
    row = local_rows["xankendi"]
    assert [row.cells[c].plain() for c in ("2.4", "4.2.1", "4.2.2", "5.6")] == ["İŞLƏMİR"] * 4
    assert (
        row.cells["notes"].plain() == "Sayt açılmadı (domen tapılmadı): http://xankendi-ih.gov.az/."
    )


def test_social_networks_are_named_and_linked_after_var(local_rows):
    c = local_rows["binegedi"].cells["2.4"]
    assert c.plain() == "Var Facebook, Instagram"
    assert c.href == "https://www.facebook.com/binegedi"
    assert [f.href for f in c.details] == [
        "https://www.facebook.com/binegedi",
        "https://instagram.com/binegedi",
    ]


def test_council_members_and_events_in_4_2_1(local_rows):
    assert (
        local_rows["binegedi"].cells["4.2.1"].plain()
        == "Var Şuranın 15 üzvü göstərilib. Şuranın 7 tədbiri işıqlandırılıb, sonuncusu 05.08.2018."
    )
    assert local_rows["nizami"].cells["4.2.1"].plain() == "Yoxdur"


def test_council_section_url_and_content_in_4_2_2(local_rows):
    c = local_rows["nizami"].cells["4.2.2"]
    assert c.kind == "yes"
    assert (
        c.plain()
        == "Var http://www.nizami-ih.gov.az/page/70.html Bölmədə yalnız qanunvericilik yerləşdirilib."
    )
    assert c.details[0].href == "http://www.nizami-ih.gov.az/page/70.html"


def test_procurement_section_items_and_last_notice_in_5_6(local_rows):
    c = local_rows["nizami"].cells["5.6"]
    assert (
        c.plain()
        == "Var http://www.nizami-ih.gov.az/page/99.html Bölmədə 4 elan var, sonuncusu 05.05.2018."
    )
    assert c.href == "http://www.nizami-ih.gov.az/page/99.html"


def test_portal_links_alone_are_not_a_procurement_section():
    s = snapshot("x", "X", procurement={"portal_links": 3})
    assert cells(s)["5.6"].plain() == "Yoxdur (yalnız tender.gov.az portalına 3 keçid var)"


def test_unknown_findings_read_namelum_not_yoxdur(local_rows):
    row = local_rows["dashkesen"]
    for col in ("4.2.1", "4.2.2", "5.6"):
        assert row.cells[col].kind == "unknown"
        assert row.cells[col].plain() == "Naməlum (səhifə yüklənmədi)"
    assert row.cells["notes"].plain().startswith("Elektron xidmətlər: Naməlum (səhifə yüklənmədi).")


def test_unknown_does_not_hide_a_positive_finding():
    s = snapshot(
        "x", "X", unknown=["procurement"], procurement={"section": True, "url": "http://x.az/p"}
    )
    assert cells(s)["5.6"].kind == "yes"


def test_notes_state_eservices_and_cadence_as_the_report_does(local_rows):
    # every note a sentence with its full stop; the section's address in brackets
    notes = local_rows["binegedi"].cells["notes"]
    assert notes.plain() == (
        "Elektron xidmətlər: Saytda 3 adda elektron xidmət göstərilir "
        "(http://www.binegedi-ih.gov.az/page/29.html). "
        "Səhifənin yenilənməsi aralığı: Bir ay ərzində orta hesabla 21 məlumat yerləşdirilir. "
        "Sonuncu məlumat 18.08.2018 tarixində yerləşdirilib."
    )
    assert notes.details[1].href == "http://www.binegedi-ih.gov.az/page/29.html"


def test_a_site_that_stopped_posting_gets_the_since_then_sentence(local_rows):
    assert local_rows["ganja"].cells["notes"].plain() == (
        "Elektron xidmətlər: Saytda elektron xidmətlərlə bağlı məlumat yoxdur. "
        "Səhifənin yenilənməsi aralığı: Bir ay ərzində orta hesabla 15 məlumat yerləşdirilir. "
        "Sonuncu məlumat 02.07.2018 tarixində yerləşdirilib. "
        "Həmin dövrdən indiyə qədər (20.08.2018) heç bir məlumat yenilənməmişdir."
    )


def test_no_dated_news_and_rare_news_have_their_own_sentences():
    none = snapshot("a", "A")
    rare = snapshot(
        "b", "B", news={"last_date": "2018-06-01", "per_month": 0.4, "days_since_last": 80}
    )
    assert "Tarixli məlumat tapılmadı." in cells(none)["notes"].plain()
    assert "Ayda 1-dən az" in cells(rare)["notes"].plain()


def test_english_catalogue_uses_english_words_and_iso_dates():
    snaps, _ = sample_run()
    c = cells(snaps[0], "en")
    assert c["4.2.1"].plain() == (
        "Yes 15 council members listed. 7 council events reported, the latest on 2018-08-05."
    )
    assert cells(snaps[2], "en")["2.4"].plain() == "NOT WORKING"


def test_rows_keep_the_annex_numbers_and_order(local_rows):
    assert [(r.no, r.name) for r in local_rows.values()] == [
        (2, "Gəncə"),
        (10, "Xankəndi"),
        (24, "Daşkəsən"),
        (67, "Binəqədi"),
        (70, "Nizami"),
    ]


def test_without_annex_numbers_rows_are_numbered_in_name_order():
    snaps = [snapshot("b", "Bərdə"), snapshot("a", "Astara"), snapshot("c", "Cəlilabad")]
    rows = annex_rows(snaps, AZ, "az", agencies=None)
    assert [(r.no, r.name) for r in rows] == [(1, "Astara"), (2, "Bərdə"), (3, "Cəlilabad")]


def test_duplicate_annex_numbers_fall_back_to_sequential_numbers():
    snaps = [snapshot("a", "A", annex_no=5), snapshot("b", "B", annex_no=5)]
    assert [r.no for r in annex_rows(snaps, AZ, "az")] == [1, 2]


def test_english_names_come_from_the_agencies_file():
    snaps, agencies = sample_run()
    rows = annex_rows(by_level(snaps)["local"], EN, "en", agencies)
    assert [r.name for r in rows if r.agency_id in ("ganja", "nizami")] == ["Ganja", "Nizami"]


def test_every_sentence_of_every_note_ends_with_a_full_stop(local_rows):
    """The issue's "Elektron xidmətlər: Yoxdur Səhifənin yenilənməsi…": no sentence runs into
    the next one, in either language."""
    snaps, agencies = sample_run()
    for lang in ("az", "en"):
        for row in annex_rows(snaps, catalogue(lang), lang, agencies):
            text = row.cells["notes"].plain()
            assert text.endswith("."), text
            for head in (
                "Elektron xidmətlər:",
                "Səhifənin yenilənməsi",
                "E-services:",
                "Update interval:",
            ):
                at = text.find(head)
                assert at <= 0 or text[:at].rstrip().endswith("."), text


def test_var_without_social_accounts_says_what_the_var_is_for():
    s = snapshot("x", "X", mobile={"viewport": True})
    assert cells(s)["2.4"].plain() == "Var (mobil versiya var, sosial şəbəkə hesabı isə tapılmadı)"
