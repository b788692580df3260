"""Bytes to text for the pages these sites serve: UTF-8, windows-1251, windows-1254, often mislabelled.

Order (first that holds wins):
  1. a byte-order mark;
  2. the declared charset (HTTP header, else <meta charset> / http-equiv), if the body decodes
     under it without errors, and unless the declaration is a single-byte charset while the body
     is valid UTF-8 with non-ASCII bytes (real windows-125x text is practically never valid UTF-8,
     so such a page is mislabelled UTF-8);
  3. UTF-8, if the body is valid UTF-8;
  4. sniffing between windows-1251 (Russian) and windows-1254 (Azerbaijani Latin, whose ə the
     sites write as &#601;): in Cyrillic text high bytes come in runs (whole words), in
     Azerbaijani Latin they sit alone between ASCII letters;
  5. the declared charset with replacement characters, else UTF-8 with replacement characters.
"""

from __future__ import annotations

import codecs
import re

from w3lib.encoding import (
    html_body_declared_encoding,
    http_content_type_encoding,
    read_bom,
    resolve_encoding,
)

_SINGLE_BYTE = {"cp1251", "cp1252", "cp1254", "latin_1", "iso8859_9", "koi8_r", "iso8859_5"}
_HIGH = re.compile(rb"[\x80-\xff]")
_HIGH_RUN = re.compile(rb"[\xc0-\xff]{2,}")


def _codec(name: str | None) -> str | None:
    if not name:
        return None
    try:
        resolved = resolve_encoding(name) or name
        return codecs.lookup(resolved).name
    except (LookupError, TypeError, ValueError):
        return None


def _strict(body: bytes, enc: str) -> str | None:
    try:
        return body.decode(enc)
    except (UnicodeDecodeError, LookupError):
        return None


def sniff_single_byte(body: bytes) -> str:
    """windows-1251 when high bytes form letter runs (Cyrillic words), else windows-1254."""
    high = len(_HIGH.findall(body))
    if not high:
        return "cp1254"
    in_runs = sum(len(m) for m in _HIGH_RUN.findall(body))
    return "cp1251" if in_runs / high > 0.6 else "cp1254"


def declared_encoding(body: bytes, content_type: str | None) -> str | None:
    """The charset the server or the page claims, as a Python codec name, or None."""
    try:
        return _codec(http_content_type_encoding(content_type or "")) or _codec(
            html_body_declared_encoding(body[:4096])
        )
    except Exception:  # a garbled header must not stop decoding
        return None


def decode_html(body: bytes, content_type: str | None = None) -> tuple[str, str]:
    """(text, encoding) of an HTML body; never raises, never returns undecodable text."""
    if not body:
        return "", "utf-8"
    if isinstance(body, str):
        return body, "utf-8"
    bom_enc, bom = read_bom(body)
    if bom_enc:
        enc = _codec(bom_enc) or "utf-8"
        return body[len(bom) :].decode(enc, errors="replace"), enc

    declared = declared_encoding(body, content_type)
    has_high = _HIGH.search(body) is not None
    utf8 = _strict(body, "utf-8") if has_high else None
    if declared:
        text = _strict(body, declared)
        mislabelled = declared in _SINGLE_BYTE and utf8 is not None
        if text is not None and not mislabelled:
            return text, declared
    if not has_high:
        return body.decode("ascii", errors="replace"), declared or "utf-8"
    if utf8 is not None:
        return utf8, "utf-8"
    sniffed = sniff_single_byte(body)
    if declared in _SINGLE_BYTE:
        sniffed = declared  # a single-byte declaration that merely failed strict decoding stands
    text = _strict(body, sniffed)
    if text is not None:
        return text, sniffed
    return body.decode(declared or "utf-8", errors="replace"), declared or "utf-8"
