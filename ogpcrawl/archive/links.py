"""Which archived record each page, failure and finding of a snapshot was read from.

Pure data in, data out (no Scrapy, no I/O): the spider puts each page's capture identity
(record id, capture time, payload digest) on the page dict; `captures_field` gathers them into the
snapshot's `captures` field and `link_evidence` names, in each evidence_detail entry, the capture
of the page that decided the finding.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Mapping

_TITLE = re.compile(r"<title[^>]*>(.*?)</title", re.I | re.S)
TITLE_CHARS = 200
CAPTURE_KEYS = ("record_id", "captured_at", "digest", "warc")


def page_title(text: str) -> str:
    m = _TITLE.search(text[:200_000] if text else "")
    if not m:
        return ""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", m.group(1))).split())[:TITLE_CHARS]


def _ident(capture: Mapping | None) -> dict:
    if not capture:
        return {}
    out = {k: capture.get(k) for k in CAPTURE_KEYS}
    out["capture_url"] = capture.get("url")
    out["kind"] = capture.get("kind")
    return out


def captures_field(
    pages: Iterable[Mapping],
    failed: Iterable[Mapping] = (),
    mobile_check: Mapping | None = None,
    search_check: Mapping | None = None,
    social_views: Mapping | None = None,
) -> dict:
    """{pages, failed, mobile, search_check, social}: everything `scrapy rejudge` needs to
    rebuild the detectors' input from the archive, with the capture of each (search_check: what
    the spider sent through the site's search form; social: each account's public views read)."""
    out_pages = []
    for p in pages:
        cap = p.get("capture")
        out_pages.append(
            {
                "role": p.get("role"),
                "url": p.get("url"),
                "final_url": p.get("final_url"),
                "status": p.get("status"),
                "rendered": bool(p.get("rendered")),
                "title": page_title(p.get("text") or ""),
                **_ident(cap),
            }
        )
    out_failed = [
        {
            "url": f.get("url"),
            "error": f.get("error"),
            "role": f.get("role"),
            **_ident(f.get("capture")),
        }
        for f in failed
    ]
    mobile = None
    if mobile_check:
        cap = mobile_check.get("capture") or {}
        mobile = {
            "url": mobile_check.get("url"),
            **_ident(cap),
            "screenshot": _ident(cap.get("screenshot")) or None,
        }
    social = {
        account: [
            {
                "url": v.get("url"),
                "status": v.get("status"),
                "error": v.get("error"),
                **_ident(v.get("capture")),
            }
            for v in views
        ]
        for account, views in (social_views or {}).items()
    }
    return {
        "pages": out_pages,
        "failed": out_failed,
        "mobile": mobile,
        "search_check": dict(search_check) if search_check else None,
        "social": social,
    }


def link_evidence(evidence_detail: Iterable[Mapping], captures: Mapping) -> list[dict]:
    """Each evidence entry with the capture it was read from: captured_at, record_id, digest
    (null when the page was not archived, e.g. archiving turned off)."""
    by_url: dict[str, dict] = {}
    for p in captures.get("pages") or ():
        if p.get("record_id"):
            for u in (p.get("url"), p.get("final_url")):
                if u:
                    by_url[u] = p  # the last kept page of a URL is the one judged last
    for f in captures.get("failed") or ():
        if f.get("record_id") and f.get("url") and f["url"] not in by_url:
            by_url[f["url"]] = f
    for views in (captures.get("social") or {}).values():
        for v in views:  # an account's public view, read for its activity
            if v.get("record_id") and v.get("url"):
                by_url.setdefault(v["url"], v)
    mobile = captures.get("mobile") or {}
    out = []
    for ev in evidence_detail:
        entry = dict(ev)
        cap = by_url.get(entry.get("url") or "")
        if entry.get("finding") == "mobile.responsive" and mobile.get("record_id"):
            cap = mobile.get("screenshot") or mobile
        entry["captured_at"] = cap.get("captured_at") if cap else None
        entry["record_id"] = cap.get("record_id") if cap else None
        entry["digest"] = cap.get("digest") if cap else None
        out.append(entry)
    return out
