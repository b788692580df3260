"""Detection and rating again, from a run's archive alone (`scrapy rejudge RUN_ID`).

Nothing is fetched: each snapshot's `captures` names the records its pages were read from; the
records come out of the run's WACZ, are turned into the same Page the spider built
(spiders/base.py `page_from_parts`: one decoding), and go through the same judgement as the crawl
(pipelines.py `judge_pages`, then `rate`). What the crawl measured outside the pages is taken
from the archive too (the mobile check's numbers, beside its screenshot) or from the snapshot
(tls, address, rendering, what the search check sent). With the same rules, every snapshot comes
out identical field for field (run_id apart); with changed rules (OGP_SPECS_DIR, a fixed
detector) the difference is the verdicts that would flip.

Limits: the pages are those the crawl chose to fetch; a rule that would make the spider fetch
other pages cannot be applied without crawling again.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from scrapy.http import Headers, TextResponse
from scrapy.responsetypes import responsetypes

from ogpcrawl.archive.wacz import Wacz
from ogpcrawl.archive.warc import HEADERS_HEADER, SCREENSHOT_PREFIX

logger = logging.getLogger(__name__)

# Fields the detectors and the rating decide; every other field is carried over as crawled.
IGNORED_IN_COMPARISON = ("run_id",)
_ORIG = {"x-ogp-orig-transfer-encoding": "Transfer-Encoding"}


class ArchiveIncomplete(RuntimeError):
    """A record a snapshot names is not in the archive (or the snapshot names none)."""


@dataclass
class Rejudged:
    snapshot: dict
    changed: dict = field(default_factory=dict)  # field -> (before, after)
    flips: list[str] = field(default_factory=list)  # "4.2.1: no -> yes", "rating 5.6: ..."


def _capture(ident: Mapping | None) -> dict | None:
    """The spider's capture dict back from the identity kept in `captures` (archive/links.py)."""
    if not ident or not ident.get("record_id"):
        return None
    out = {k: ident.get(k) for k in ("record_id", "captured_at", "digest", "warc", "kind")}
    out["url"] = ident.get("capture_url")
    return out


def _http_headers(pairs) -> tuple[Headers, dict]:
    """Scrapy Headers and the spider's lower-case first-value dict, as the crawl had them after
    decompression (Content-Encoding gone, the renamed framing header restored)."""
    h = Headers()
    for name, value in pairs:
        name = _ORIG.get(name.lower(), name)
        if name.lower() == "content-encoding":
            continue
        h.appendlist(name, value)
    first = {
        k.decode("latin-1").lower(): v[0].decode("latin-1", "replace") for k, v in h.items() if v
    }
    return h, first


class ArchiveReader:
    def __init__(self, wacz: Wacz):
        self.wacz = wacz
        self.by_id = {f.get("recordid"): f for _k, _t, f in wacz.index}
        self.metrics_of = {}  # screenshot target uri -> the metadata record beside it
        for _k, _t, f in wacz.index:
            if f.get("capture") == "mobile-metrics":
                self.metrics_of[f.get("url")] = f

    def record(self, record_id: str | None):
        fields = self.by_id.get(record_id) if record_id else None
        if fields is None:
            raise ArchiveIncomplete(f"record {record_id} is not in {self.wacz.path.name}")
        return self.wacz.read_record(fields)

    def response_parts(self, record_id: str, url: str) -> tuple[int | None, Headers, dict, bytes]:
        warc_headers, http, body = self.record(record_id)
        if http is not None:
            h, first = _http_headers(http["headers"])
            return http["status"], h, first, body
        meta = json.loads(warc_headers.get(HEADERS_HEADER) or "{}")  # a rendered DOM
        h, first = _http_headers(meta.get("headers") or [])
        return meta.get("status"), h, first, body

    def page(self, p: Mapping, max_text: int) -> dict:
        from ogpcrawl.spiders.base import page_from_parts

        final = p.get("final_url") or p.get("url")
        _, h, first, body = self.response_parts(p["record_id"], final)
        if p.get("rendered"):
            is_text = True  # scrapy-playwright answers with an HtmlResponse
        else:
            is_text = issubclass(
                responsetypes.from_args(headers=h, url=final, body=body), TextResponse
            )
        page = page_from_parts(
            url=p["url"],
            final_url=p.get("final_url"),
            status=int(p.get("status") or 200),
            headers=first,
            body=body,
            is_text=is_text,
            role=p.get("role") or "other",
            rendered=bool(p.get("rendered")),
            max_text=max_text,
        )
        return {**page.to_dict(), "capture": _capture(p)}

    def social_text(self, v: Mapping, max_text: int) -> str:
        if v.get("error") or not v.get("record_id") or (v.get("status") or 0) >= 400:
            return ""
        status, h, _, body = self.response_parts(v["record_id"], v["url"])
        cls = responsetypes.from_args(headers=h, url=v["url"], body=body)
        try:
            if issubclass(cls, TextResponse):
                return cls(url=v["url"], status=status or 200, headers=h, body=body).text[:max_text]
            return body[:max_text].decode("utf-8", "replace")
        except Exception:
            return ""

    def mobile_check(self, mobile: Mapping | None) -> dict | None:
        from ogpcrawl.mobile_check import result_from_metrics

        if not mobile:
            return None
        shot = mobile.get("screenshot") or {}
        fields = self.metrics_of.get(
            shot.get("capture_url") or f"{SCREENSHOT_PREFIX}{mobile.get('url')}"
        )
        metrics = None
        if fields is not None:
            _, _, body = self.wacz.read_record(fields)
            metrics = json.loads(body).get("mobile_check")
        result = result_from_metrics(mobile.get("url"), metrics)
        capture = _capture(mobile)
        if capture is not None:
            capture["screenshot"] = _capture(shot)
            result["capture"] = capture
        return result


def inputs(snapshot: Mapping, reader: ArchiveReader, *, max_text: int) -> dict:
    """The judgement's inputs for one snapshot, rebuilt from the archive."""
    caps = snapshot.get("captures")
    if not isinstance(caps, Mapping):
        raise ArchiveIncomplete(
            f"snapshot {snapshot.get('agency_id')} names no captures (crawled without the archive)"
        )
    pages = [reader.page(p, max_text) for p in caps.get("pages") or () if p.get("record_id")]
    social = {}
    for account, views in (caps.get("social") or {}).items():
        social[account] = [
            {
                "url": v.get("url"),
                "status": v.get("status"),
                "error": v.get("error"),
                "text": reader.social_text(v, max_text),
                "capture": _capture(v),
            }
            for v in views
        ]
    failed = [
        {
            "url": f.get("url"),
            "error": f.get("error"),
            "role": f.get("role"),
            "capture": _capture(f),
        }
        for f in caps.get("failed") or ()
    ]
    return {
        "pages": pages,
        "failed": failed,
        "mobile_check": reader.mobile_check(caps.get("mobile")),
        "search_check": caps.get("search_check"),
        "social_views": social,
        "found_via": list(caps.get("found_via") or ()),
    }


def rejudge_snapshot(
    snapshot: Mapping, reader: ArchiveReader, *, max_text: int, news_window_days: int, run_id: str
) -> Rejudged:
    from ogpcrawl.db.flatten import clean
    from ogpcrawl.detect.ratings import rate
    from ogpcrawl.items import OUTPUT_FIELDS
    from ogpcrawl.pipelines import judge_pages

    new = dict(snapshot)
    if snapshot.get("reachable"):
        data = inputs(snapshot, reader, max_text=max_text)
        new.update(
            judge_pages(
                data["pages"],
                as_of=date.fromisoformat(snapshot["as_of"]),
                failed=data["failed"],
                mobile_check=data["mobile_check"],
                search_check=data["search_check"],
                social_views=data["social_views"],
                found_via=data["found_via"],
                news_window_days=news_window_days,
            )
        )
        # the capture ids are the source's: same records (the re-judged dicts carry them again)
    else:
        data = None
        new.update(
            judge_pages(
                [],
                as_of=date.fromisoformat(snapshot["as_of"]),
                failed=[],
                mobile_check=None,
                news_window_days=news_window_days,
            )
        )
        new["captures"] = snapshot.get("captures")
    new["ratings"] = rate(new)
    new = clean({k: new.get(k) for k in OUTPUT_FIELDS if k in new or k in snapshot})
    changed = {
        k: (snapshot.get(k), new.get(k))
        for k in new
        if k not in IGNORED_IN_COMPARISON and snapshot.get(k) != new.get(k)
    }
    new["run_id"] = run_id
    return Rejudged(new, changed, verdict_flips(snapshot, new))


def verdict_flips(before: Mapping, after: Mapping) -> list[str]:
    """The annex verdicts (cell words) and commitment ratings that differ."""
    from ogpcrawl.detect import verdicts

    out = []
    for column in verdicts.COLUMNS:
        a, b = verdicts.cell_kind(before, column), verdicts.cell_kind(after, column)
        if a != b:
            out.append(f"{column}: {a} -> {b}")
    ra, rb = before.get("ratings") or {}, after.get("ratings") or {}
    for commitment in sorted(set(ra) | set(rb)):
        if ra.get(commitment) != rb.get(commitment):
            out.append(f"rating {commitment}: {ra.get(commitment)} -> {rb.get(commitment)}")
    return out


@dataclass
class RejudgeResult:
    source: str
    run_id: str | None
    agencies: int
    results: dict[str, Rejudged]

    @property
    def differing(self) -> dict[str, Rejudged]:
        return {aid: r for aid, r in self.results.items() if r.changed}


def rejudge_run(
    store,
    source_run_id: str,
    wacz_path,
    *,
    new_run_id: str | None,
    max_text: int,
    write: bool = True,
) -> RejudgeResult:
    """Re-judge every stored snapshot of `source_run_id` from the WACZ at `wacz_path`; unless
    `write` is False, store them as run `new_run_id` (linked to its source)."""
    from ogpcrawl.runinfo import validate_run_id

    source = store.run(source_run_id)
    if source is None:
        raise KeyError(f"no run {source_run_id!r} in the database")
    snapshots = store.snapshots(run=source_run_id)
    settings = dict(source.get("settings") or {})
    window = int(settings.get("OGP_NEWS_WINDOW_DAYS") or vocab_window())
    results: dict[str, Rejudged] = {}
    with Wacz(wacz_path) as wacz:
        reader = ArchiveReader(wacz)
        for snap in snapshots:
            results[snap["agency_id"]] = rejudge_snapshot(
                snap,
                reader,
                max_text=max_text,
                news_window_days=window,
                run_id=new_run_id or source_run_id,
            )
    if write and new_run_id:
        validate_run_id(new_run_id, "--run-id")
        store.start_run(
            new_run_id,
            source["spider"],
            source["as_of"],
            {**settings, "rejudged_from": source_run_id},
        )
        store.save_snapshots(new_run_id, [r.snapshot for r in results.values()])
        store.finish_run(
            new_run_id,
            "finished",
            {
                "rejudged_from": source_run_id,
                "agencies_differing": sum(1 for r in results.values() if r.changed),
            },
        )
        store.set_run_links(new_run_id, archive=str(wacz_path), source_run_id=source_run_id)
    return RejudgeResult(source_run_id, new_run_id if write else None, len(snapshots), results)


def vocab_window() -> int:
    from ogpcrawl import vocab

    return vocab.NEWS_WINDOW_DAYS
