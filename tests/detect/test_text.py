from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ogpcrawl.detect.text import fold, names_section, section_rank, slug_names_section, squash

COUNCIL_SPELLINGS = [
    "İCTİMAİ ŞURA",
    "ictimai şura",
    "Ictimai sura",
    "ictimai-shura",
    "ictimai_sura",
    "Иҹтимаи шура",
    "  İctimai   Şura  ",
    "İctimai şura",  # I + combining dot above
]


@pytest.mark.parametrize("spelling", COUNCIL_SPELLINGS)
def test_council_spellings_fold_alike(spelling):
    assert fold(spelling) == "ictimai sura"


@pytest.mark.parametrize(
    ("raw", "folded"),
    [
        ("Xəbərlər", "xeberler"),
        ("Satınalmalar", "satinalmalar"),
        ("Ağdaş", "agdas"),
        ("Qaradagh", "qaradag"),
        ("Khatai", "xatai"),
        ("E-Xidmətlər", "e xidmetler"),
        ("Öyrənmə, Üzv", "oyrenme uzv"),
    ],
)
def test_fold_azerbaijani_letters_and_slug_forms(raw, folded):
    assert fold(raw) == folded


@pytest.mark.parametrize(
    ("section", "label", "expected"),
    [
        ("council", "DMX yanında İctimai şura", True),
        ("council", "İctimai şuranın iclası", True),
        ("council", "Общественный совет", True),
        ("council", "Public Council", True),
        ("council", "Apellyasiya Şurası", False),
        ("council", "Şura", False),
        ("council", "İctimaiyyətlə əlaqələr", False),
        ("council", "İctimai iştirakçılıq", False),
        ("procurement", "Dövlət satınalmaları", True),
        ("procurement", "Elanlar, tenderlər, kotirovkalar", True),
        ("procurement", "Госзакупки", True),
        ("procurement", "Elanlar", False),
        ("eservices", "Elektron xidmətlər", True),
        ("eservices", "E-xidmət", True),
        ("eservices", "Электронные услуги", True),
        ("eservices", "Elektron müraciət", False),
        ("eservices", "Xidmətə qəbul", False),
        ("news", "Xəbərlər", True),
        ("news", "Новости", True),
        ("news", "Newsletter", False),
    ],
)
def test_section_names(section, label, expected):
    assert names_section(section, label) is expected


def test_stronger_names_rank_first():
    assert section_rank("procurement", "Satınalmalar") < section_rank("procurement", "Tenderlər")


@pytest.mark.parametrize(
    ("section", "url", "expected"),
    [
        ("council", "/az/ictimai-sura.html", True),
        ("council", "/az/ictimaisura.html", True),
        ("council", "/gncrlr-siyasti/ictimai-sura", True),
        ("council", "/az/shuraninterkibi.html", False),
        ("council", "/az/apellyasiya-surasi.html", False),
        ("eservices", "modul.php?name=e-xidmetler", True),
        ("eservices", "/exidmet.html", True),
        ("eservices", "/az/komite/xidmete-qebul/", False),
        ("procurement", "/menu/2/procurement/", True),
        ("procurement", "/az/faydali/Satınalmalar/", True),
        ("news", "/az/news.html", True),
    ],
)
def test_slugs(section, url, expected):
    assert slug_names_section(section, url) is expected


@given(st.text())
def test_fold_never_raises_and_is_idempotent(s):
    once = fold(s)
    assert fold(once) == once
    assert once == once.strip()
    assert "  " not in once


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=50))
def test_squash_has_no_spaces(s):
    assert " " not in squash(s)


def test_fold_accepts_non_strings():
    assert fold(None) == ""
    assert fold(123) == "123"
