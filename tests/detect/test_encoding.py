from __future__ import annotations

import codecs

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ogpcrawl.detect.encoding import decode_html
from ogpcrawl.detect.page import Page

AZ = "İctimai şura ağır ılıq Çay Ödəniş Ümid"


def _text_of(html: str) -> str:
    return " ".join(Page(url="http://x.gov.az/", text=html).sel.xpath("//p//text()").getall())


def test_windows_1254_with_entity_for_schwa():
    # windows-1254 has ş ğ ı İ ç ö ü but no ə: the sites write it as &#601;
    html = "<html><head><meta charset=windows-1254></head><body><p>" + AZ.replace("ə", "&#601;")
    text, enc = decode_html(html.encode("cp1254"), None)
    assert enc == "cp1254"
    assert _text_of(text) == AZ


def test_windows_1254_undeclared_is_sniffed():
    body = ("<p>" + AZ.replace("ə", "&#601;") + "</p>").encode("cp1254")
    text, enc = decode_html(body, "text/html")
    assert enc == "cp1254"
    assert _text_of(text) == AZ


def test_windows_1251_undeclared_is_sniffed():
    body = "<p>Общественный совет при министерстве</p>".encode("cp1251")
    text, enc = decode_html(body, None)
    assert enc == "cp1251"
    assert "Общественный совет" in text


def test_header_charset_wins_over_meta():
    body = "<meta charset=utf-8><p>Новости</p>".encode("cp1251")
    text, enc = decode_html(body, "text/html; charset=windows-1251")
    assert (enc, "Новости" in text) == ("cp1251", True)


def test_wrong_utf8_declaration_falls_back():
    body = "<p>Закупки министерства</p>".encode("cp1251")
    text, enc = decode_html(body, "text/html; charset=utf-8")
    assert enc == "cp1251"
    assert "Закупки" in text


def test_single_byte_declaration_on_utf8_body_is_mislabelled():
    body = "<meta http-equiv='Content-Type' content='text/html; charset=windows-1251'><p>" + AZ
    text, enc = decode_html(body.encode("utf-8"), None)
    assert enc == "utf-8"
    assert AZ in text


@pytest.mark.parametrize(
    ("bom", "codec"),
    [(codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le")],
)
def test_bom_wins(bom, codec):
    text, _ = decode_html(bom + f"<p>{AZ}</p>".encode(codec), "text/html; charset=cp1251")
    assert AZ in text


def test_empty_and_str_input():
    assert decode_html(b"", None) == ("", "utf-8")
    assert decode_html("<p>x</p>", None)[0] == "<p>x</p>"


@given(st.binary(max_size=2000), st.one_of(st.none(), st.text(max_size=60)))
def test_never_raises(body, content_type):
    text, enc = decode_html(body, content_type)
    assert isinstance(text, str)
    assert isinstance(enc, str) and enc
