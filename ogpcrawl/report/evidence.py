"""Evidence pages: one static HTML page per agency beside the annex, linked from every verdict cell.

Each page shows, per annex column, the verdict and what decided it: the findings' rules, the
excerpt read (scraped text, escaped by the template), the page's URL, the capture's time, record
id and payload digest, the mobile check's screenshot where there is one (copied out of the run's
WACZ), and a link that opens the archived page through `scrapy evidence serve` (docs/evidence.md).
"""

from __future__ import annotations

import base64
import logging
import re
from collections.abc import Iterable, Mapping
from pathlib import Path

from ogpcrawl.report.cells import COLUMNS, annex_cells
from ogpcrawl.report.env import make_env
from ogpcrawl.report.messages import catalogue
from ogpcrawl.runinfo import path_inside

logger = logging.getLogger(__name__)

EVIDENCE_DIR = "evidence"
# Where `scrapy evidence serve` listens by default; the pages link the archived copies there.
DEFAULT_REPLAY_BASE = "http://127.0.0.1:8090"
# The findings (evidence_detail "finding" names, and their dotted sub-findings) behind each column.
COLUMN_FINDINGS = {
    "2.4": ("mobile", "social"),
    "4.2.1": ("council",),
    "4.2.2": ("council",),
    "5.6": ("procurement",),
}
MAX_ENTRIES = 40  # per column: a hostile page cannot make an evidence page huge
MAX_SCREENSHOT_BYTES = 2 * 1024 * 1024

LABELS = {
    "az": {
        "title": "Sübutlar",
        "run": "Yoxlama",
        "as_of": "tarixinə",
        "finding": "Göstərici",
        "rule": "Qayda",
        "excerpt": "Çıxarış",
        "page": "Səhifə",
        "captured": "Arxivləşdirilib",
        "record": "WARC qeydi",
        "digest": "Həzm (digest)",
        "archived": "arxiv nüsxəsi",
        "live": "canlı səhifə",
        "none": "Bu sütun üçün qeyd yoxdur.",
        "screenshot": "Mobil yoxlamanın ekran görüntüsü",
        "tried": "Yoxlanılan ünvanlar",
        "replay": "Arxiv nüsxələri «scrapy evidence serve {run}» işləyəndə açılır.",
        "back": "Əlavəyə qayıt",
        "not_archived": "arxivdə yoxdur",
    },
    "en": {
        "title": "Evidence",
        "run": "Run",
        "as_of": "as of",
        "finding": "Finding",
        "rule": "Rule",
        "excerpt": "Excerpt",
        "page": "Page",
        "captured": "Captured",
        "record": "WARC record",
        "digest": "Payload digest",
        "archived": "archived copy",
        "live": "live page",
        "none": "Nothing recorded for this column.",
        "screenshot": "Mobile check screenshot",
        "tried": "Addresses tried",
        "replay": "Archived copies open while `scrapy evidence serve {run}` runs.",
        "back": "Back to the annex",
        "not_archived": "not archived",
    },
}


def page_name(agency_id: object) -> str:
    """The evidence page's file name for an agency: a plain name whatever the id holds."""
    safe = re.sub(r"[^A-Za-z0-9_.-]", "_", str(agency_id or ""))[:80].lstrip(".")
    return (safe or "agency") + ".html"


def evidence_href(agency_id: object, column: str | None = None) -> str:
    """The annex's relative link to an agency's evidence page (and its column)."""
    href = f"{EVIDENCE_DIR}/{page_name(agency_id)}"
    return href + (f"#c-{column}" if column else "")


def _belongs(finding: str, prefixes: tuple[str, ...]) -> bool:
    return any(
        finding == p or finding.startswith(p + ".") or finding.startswith(p + "_") for p in prefixes
    )


def replay_href(base: str, run_id: str, captured_at: str | None, url: str | None) -> str | None:
    if not (captured_at and url):
        return None
    from ogpcrawl.archive.replay import replay_path

    return base.rstrip("/") + replay_path(run_id, captured_at, url)


def _entries(snapshot: Mapping, prefixes, run_id: str, replay_base: str) -> list[dict]:
    captures = snapshot.get("captures") or {}
    capture_url = {}
    for p in captures.get("pages") or ():
        for u in (p.get("url"), p.get("final_url")):
            if u and p.get("record_id"):
                capture_url[u] = p.get("capture_url") or u
    out = []
    for ev in snapshot.get("evidence_detail") or ():
        finding = str(ev.get("finding") or "")
        if not _belongs(finding, prefixes):
            continue
        archived = capture_url.get(ev.get("url") or "", ev.get("url"))
        if finding == "mobile.responsive":
            shot = (captures.get("mobile") or {}).get("screenshot") or {}
            archived = shot.get("capture_url") or archived
        out.append(
            {
                **ev,
                "replay": replay_href(
                    replay_base,
                    run_id,
                    ev.get("captured_at"),
                    archived if ev.get("record_id") else None,
                ),
            }
        )
        if len(out) >= MAX_ENTRIES:
            break
    return out


def _screenshot(snapshot: Mapping, wacz) -> str | None:
    """The mobile check's screenshot from the archive, as a data: URI (the page loads nothing)."""
    shot = ((snapshot.get("captures") or {}).get("mobile") or {}).get("screenshot") or {}
    if wacz is None or not shot.get("record_id"):
        return None
    try:
        fields = wacz.by_record_id(shot["record_id"])
        if fields is None:
            return None
        _, _, png = wacz.read_record(fields)
    except Exception as exc:  # evidence page without its picture, never a failed report
        logger.warning(
            "screenshot of %s not read from the archive: %s", snapshot.get("agency_id"), exc
        )
        return None
    if not png.startswith(b"\x89PNG"):
        return None
    if len(png) > MAX_SCREENSHOT_BYTES:
        return None
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")


def render_evidence_pages(
    snapshots: Iterable[Mapping],
    out_dir: str | Path,
    *,
    archives: Mapping[str, str | None],
    lang: str = "az",
    templates_dir: str | Path | None = None,
    replay_base: str = DEFAULT_REPLAY_BASE,
    unpublishable: str | None = None,
) -> list[Path]:
    """out_dir/evidence/<agency>.html for each snapshot. `archives`: run id -> the run's WACZ
    (runs.archive), for the screenshots and a dead site's failure records; without one the pages
    still show every finding and its capture ids. `unpublishable`: why the run must not be
    published (a degraded run): every page then carries the annexes' NOT PUBLISHABLE stamp."""
    out = Path(out_dir) / EVIDENCE_DIR
    out.mkdir(parents=True, exist_ok=True)
    msg = catalogue(lang)
    env = make_env(templates_dir)
    template = env.get_template("evidence.html.j2")
    opened: dict[str, object] = {}

    def archive_of(run_id: str):
        if run_id not in opened:
            path = archives.get(run_id)
            opened[run_id] = None
            if path and Path(path).is_file():
                from ogpcrawl.archive.wacz import Wacz

                opened[run_id] = Wacz(path)
        return opened[run_id]

    written = []
    try:
        for snapshot in snapshots:
            run_id = str(snapshot.get("run_id") or "")
            wacz = archive_of(run_id)
            archive = archives.get(run_id)
            cells = annex_cells(snapshot, msg, lang)
            reachable = bool(snapshot.get("reachable", True))
            columns = []
            for c in COLUMNS:
                cell = cells[c]
                columns.append(
                    {
                        "column": c,
                        "title": msg.get("col_" + c, ""),
                        "word": cell.word if reachable else msg["down"],
                        "kind": cell.kind if reachable else "down",
                        "entries": _entries(
                            snapshot, COLUMN_FINDINGS.get(c, ()), run_id, replay_base
                        )
                        if reachable
                        else [],
                    }
                )
            html = template.render(
                msg=msg,
                lang=lang,
                run_id=run_id,
                snapshot=snapshot,
                columns=columns,
                reachable=reachable,
                unpublishable=unpublishable,
                screenshot=_screenshot(snapshot, wacz),
                labels=LABELS.get(lang, LABELS["en"]),
                replay_base=replay_base,
                wacz=archive,
                tried=(snapshot.get("address") or {}).get("tried") or [],
                failures=_failures(wacz, snapshot, run_id, replay_base) if not reachable else [],
            )
            path = path_inside(out, page_name(snapshot.get("agency_id")))
            path.write_text(html, encoding="utf-8")
            written.append(path)
    finally:
        for w in opened.values():
            if w is not None:
                w.close()
    return written


def _failures(wacz, snapshot: Mapping, run_id: str, replay_base: str) -> list[dict]:
    """For a site that did not load: what the archive holds for each address tried."""
    out = []
    for url in ((snapshot.get("address") or {}).get("tried") or [])[:10]:
        entry = {"url": url, "record_id": None, "captured_at": None, "what": None, "replay": None}
        fields = wacz.lookup(url) if wacz is not None else None
        if fields is not None:
            entry.update(
                record_id=fields.get("recordid"),
                what=fields.get("capture") or f"HTTP {fields.get('status')}",
                digest=fields.get("digest"),
            )
            headers, _, _ = wacz.read_record(fields)
            entry["captured_at"] = headers.get("WARC-Date")
            entry["replay"] = replay_href(replay_base, run_id, entry["captured_at"], url)
        out.append(entry)
    return out
