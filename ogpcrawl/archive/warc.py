"""One process's WARC file of a run: records written as exchanges happen, each gzipped on its own.

Every record is a separate gzip member, flushed to disk when written, so a killed crawl leaves a
file readable up to its last complete record (a torn last member is ignored by readers and by
`scrapy evidence verify`, which reports it). Nothing is buffered beyond one record: memory stays
flat however long the crawl.

Record kinds (docs/evidence.md):
- `response` + `request`: an HTTP exchange as Scrapy's downloader saw it (robots.txt and each
  redirect hop included), body as the server sent it (before decompression);
- `resource` with target `urn:ogpcrawl:rendered:<url>`: the DOM a browser rendered, NOT the
  bytes the server sent (WARC header `WARC-Ogp-Capture: rendered-dom`);
- `resource` with target `urn:ogpcrawl:screenshot:<url>`: the mobile check's phone screenshot,
  and a `metadata` record beside it with the check's measurements;
- `metadata` with the request's URL as target: a fetch that failed, naming the error class.
"""

from __future__ import annotations

import json
import os
import socket
from datetime import UTC, datetime
from io import BytesIO
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from ogpcrawl import __version__

RENDERED_PREFIX = "urn:ogpcrawl:rendered:"
SCREENSHOT_PREFIX = "urn:ogpcrawl:screenshot:"
KIND_HEADER = "WARC-Ogp-Capture"
HEADERS_HEADER = "WARC-Ogp-Http-Headers"  # a rendered page's response headers, as JSON
# Hop-by-hop framing the downloader already undid: kept under another name, so a replay tool does
# not try to de-chunk a body that is no longer chunked.
_FRAMING = {"transfer-encoding": "X-Ogp-Orig-Transfer-Encoding"}


def warc_file_name(run_id: str, when: datetime | None = None, part: str = "") -> str:
    """<run id>-<UTC start>-<host>-<pid>[-<part>].warc.gz: unique per process, so each process
    of a run (a resumed one, each distributed worker) writes its own file in the run's folder;
    `part` (the spider) keeps apart the crawlers of one process (the census)."""
    when = when or datetime.now(UTC)
    host = "".join(c if c.isalnum() or c in "-_" else "_" for c in socket.gethostname())[:40]
    part = "".join(c if c.isalnum() or c in "-_" else "_" for c in part)[:40]
    return (
        f"{run_id}-{when:%Y%m%dT%H%M%S%f}-{host or 'host'}-{os.getpid()}"
        f"{'-' + part if part else ''}.warc.gz"
    )


def header_pairs(headers) -> list[tuple[str, str]]:
    """Scrapy Headers (bytes keys, lists of bytes) -> [(name, value)], one pair per value."""
    out = []
    for key, values in headers.items():
        name = key.decode("latin-1") if isinstance(key, bytes) else str(key)
        vals = values if isinstance(values, list | tuple) else [values]
        for v in vals:
            value = v.decode("latin-1") if isinstance(v, bytes) else str(v)
            out.append(
                (_FRAMING.get(name.lower(), name), value.replace("\r", " ").replace("\n", " "))
            )
    return out


class WarcFile:
    """Appends records to one .warc.gz; each write returns the capture's identity."""

    def __init__(
        self, directory: str | Path, run_id: str, *, info: dict | None = None, part: str = ""
    ):
        self.dir = Path(directory)
        self.dir.mkdir(parents=True, exist_ok=True)
        self.name = warc_file_name(run_id, part=part)
        self.path = self.dir / self.name
        self._fh = open(self.path, "xb")  # a new file per process start; never appended to twice
        self._writer = WARCWriter(self._fh, gzip=True, warc_version="1.1")
        self.records = 0
        fields = {
            "software": f"ogpcrawl/{__version__} (warcio)",
            "format": "WARC File Format 1.1",
            "isPartOf": run_id,
            **(info or {}),
        }
        self._write(self._writer.create_warcinfo_record(self.name, fields))

    # -- writing ------------------------------------------------------------------------------
    def _write(self, record, *extra) -> dict:
        for r in (record, *extra):
            self._writer.write_record(r)
        self._fh.flush()
        self.records += 1 + len(extra)
        h = record.rec_headers
        return {
            "record_id": h.get_header("WARC-Record-ID"),
            "captured_at": h.get_header("WARC-Date"),
            "digest": h.get_header("WARC-Payload-Digest"),
            "warc": self.name,
        }

    def response(
        self,
        *,
        url: str,
        method: str,
        request_headers: list,
        request_body: bytes,
        status: int,
        reason: str,
        protocol: str,
        headers: list,
        body: bytes,
    ) -> dict:
        """An HTTP exchange: the response record, then its request (WARC-Concurrent-To)."""
        http = StatusAndHeaders(
            f"{status} {reason}".strip(), headers, protocol=protocol or "HTTP/1.1"
        )
        resp = self._writer.create_warc_record(
            url, "response", payload=BytesIO(body), length=len(body), http_headers=http
        )
        parts = url.split("/", 3)
        path = "/" + (parts[3] if len(parts) > 3 else "")
        req_http = StatusAndHeaders(
            f"{method} {path} {protocol or 'HTTP/1.1'}", request_headers, is_http_request=True
        )
        req = self._writer.create_warc_record(
            url,
            "request",
            payload=BytesIO(request_body),
            length=len(request_body),
            http_headers=req_http,
        )
        req.rec_headers.replace_header("WARC-Date", resp.rec_headers.get_header("WARC-Date"))
        req.rec_headers.add_header(
            "WARC-Concurrent-To", resp.rec_headers.get_header("WARC-Record-ID")
        )
        capture = self._write(resp, req)
        capture.update(url=url, kind="response", status=status)
        return capture

    def rendered(self, *, url: str, html: bytes, headers: list, status: int) -> dict:
        """A browser-rendered DOM: what the detectors read, labelled as not the server's bytes."""
        record = self._writer.create_warc_record(
            RENDERED_PREFIX + url,
            "resource",
            payload=BytesIO(html),
            length=len(html),
            warc_content_type="text/html; charset=utf-8",
            warc_headers_dict={
                KIND_HEADER: "rendered-dom",
                HEADERS_HEADER: json.dumps(
                    {"status": status, "headers": headers}, ensure_ascii=True
                ),
            },
        )
        capture = self._write(record)
        capture.update(url=RENDERED_PREFIX + url, kind="rendered-dom", status=status)
        return capture

    def screenshot(self, *, url: str, png: bytes, metrics: dict) -> dict:
        """The mobile check's screenshot (resource) and its measurements (metadata beside it)."""
        shot = self._writer.create_warc_record(
            SCREENSHOT_PREFIX + url,
            "resource",
            payload=BytesIO(png),
            length=len(png),
            warc_content_type="image/png",
            warc_headers_dict={KIND_HEADER: "mobile-screenshot"},
        )
        body = json.dumps({"mobile_check": metrics}, ensure_ascii=False, default=str).encode()
        meta = self._writer.create_warc_record(
            SCREENSHOT_PREFIX + url,
            "metadata",
            payload=BytesIO(body),
            length=len(body),
            warc_content_type="application/json",
            warc_headers_dict={
                KIND_HEADER: "mobile-metrics",
                "WARC-Refers-To": shot.rec_headers.get_header("WARC-Record-ID"),
            },
        )
        capture = self._write(shot, meta)
        capture.update(url=SCREENSHOT_PREFIX + url, kind="mobile-screenshot")
        return capture

    def failure(self, *, url: str, method: str, error: str, exception: str, message: str) -> dict:
        """A fetch that got no response: documented as much as a page that was there."""
        body = json.dumps(
            {"error": error, "exception": exception, "method": method, "message": message[:500]},
            ensure_ascii=False,
        ).encode()
        record = self._writer.create_warc_record(
            url,
            "metadata",
            payload=BytesIO(body),
            length=len(body),
            warc_content_type="application/json",
            warc_headers_dict={KIND_HEADER: "fetch-failed", "WARC-Ogp-Error": error},
        )
        capture = self._write(record)
        capture.update(url=url, kind="fetch-failed", error=error)
        return capture

    def close(self) -> None:
        if not self._fh.closed:
            self._fh.flush()
            os.fsync(self._fh.fileno())
            self._fh.close()
