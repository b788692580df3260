"""Loading fixture cases: tests/fixtures/<indicator>/<case-slug>/ with meta.json + expected.json.

meta.json: {"as_of": "YYYY-MM-DD", "pages": [{"file", "url", "role", "headers"?}], "failed"?: [...],
            "search_check"?: {"form", "query", "control"}}
Pages are read as bytes and decoded by detect.encoding, as the spider does.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from ogpcrawl.detect.encoding import decode_html
from ogpcrawl.detect.page import FailedPage, Page

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def case_dirs(indicator: str) -> list[Path]:
    return sorted(p for p in (FIXTURES / indicator).iterdir() if (p / "meta.json").exists())


def load_case(case: Path) -> tuple[list[Page], list[FailedPage], date, dict]:
    meta = json.loads((case / "meta.json").read_text(encoding="utf-8"))
    pages = []
    for entry in meta["pages"]:
        headers = {k.lower(): v for k, v in (entry.get("headers") or {}).items()}
        text, encoding = decode_html(
            (case / entry["file"]).read_bytes(), headers.get("content-type")
        )
        pages.append(
            Page(
                url=entry["url"],
                text=text,
                role=entry.get("role", "other"),
                headers=headers,
                encoding=encoding,
                final_url=entry.get("final_url"),
            )
        )
    failed = [
        FailedPage(f["url"], f["error"], f.get("role", "other")) for f in meta.get("failed", [])
    ]
    expected = json.loads((case / "expected.json").read_text(encoding="utf-8"))
    return pages, failed, date.fromisoformat(meta["as_of"]), expected


def load_search_check(case: Path) -> dict | None:
    """meta.json's optional "search_check": what the spider sent for search_works."""
    return json.loads((case / "meta.json").read_text(encoding="utf-8")).get("search_check")


def dig(data, dotted: str):
    """data["council"]["status"] for "council.status"; ratings keys contain dots ("4.2.1")."""
    if dotted.startswith("ratings."):
        return data["ratings"][dotted.removeprefix("ratings.")]
    node = data
    for part in dotted.split("."):
        node = node[part]
    return node
