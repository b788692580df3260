"""`scrapy evidence serve RUN`: a run's WACZ replayed on loopback, offline.

    GET /                          the run's pages (pages.jsonl), each linked to its replay
    GET /<run id>/<ts>/<url>       the capture of <url> nearest to <ts> (14 digits), as archived
    GET /<run id>/record/<id>      one record by its WARC-Record-ID (without the angle brackets)

An archived page is scraped, hostile content: it is served with a sandboxing Content-Security-
Policy (no scripts, no plugins, an opaque origin, no request leaves loopback), so replaying it
runs none of its code and fetches nothing from the internet. Links inside the page are not
rewritten (the evidence is the page as judged, not a browsable copy of the site; ReplayWeb.page
opens the same WACZ for browsing).
"""

from __future__ import annotations

import logging
import threading
from datetime import UTC, datetime
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import quote, unquote

from jinja2 import Environment

from ogpcrawl.archive.wacz import Wacz, cdx_timestamp

logger = logging.getLogger(__name__)

SANDBOX_CSP = (
    "sandbox; default-src 'self' data:; img-src 'self' data:; "
    "style-src 'self' 'unsafe-inline'; script-src 'none'; object-src 'none'"
)
# Headers of the archived response that describe its body as served here.
PASSED_HEADERS = ("content-type", "content-language", "last-modified")

_INDEX = Environment(autoescape=True).from_string("""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Archive of run {{ run_id }}</title></head>
<body><h1>Archive of run {{ run_id }}</h1>
<p>{{ pages|length }} pages the verdicts used, replayed from {{ wacz }}.</p>
<table><tr><th>agency</th><th>role</th><th>captured</th><th>page</th></tr>
{% for p in pages %}<tr><td>{{ p.agency }}</td><td>{{ p.role }}</td><td>{{ p.ts }}</td>
<td><a href="{{ p.href }}">{{ p.title or p.url }}</a></td></tr>
{% endfor %}</table></body></html>""")


def _http_date(warc_date: str) -> str:
    """WARC-Date (ISO 8601) as the HTTP date Memento-Datetime is written in (RFC 7089)."""
    try:
        when = datetime.fromisoformat(warc_date.replace("Z", "+00:00"))
    except ValueError:
        return ""
    return format_datetime(when.astimezone(UTC), usegmt=True)


def replay_path(run_id: str, captured_at: str, url: str) -> str:
    """The path under which `evidence serve` replays a capture (evidence pages link to it)."""
    return f"/{quote(run_id)}/{cdx_timestamp(captured_at)}/{quote(url, safe=':/?&=%#;,+@')}"


class ReplayServer:
    def __init__(self, wacz: Wacz, run_id: str, host: str = "127.0.0.1", port: int = 0):
        if host not in ("127.0.0.1", "localhost", "::1"):
            raise ValueError("the replay serves loopback only")
        self.wacz, self.run_id = wacz, run_id
        self._lock = threading.Lock()  # one ZIP handle: reads are serialised
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 (http.server's naming)
                server.handle(self)

            def log_message(self, fmt, *args):
                logger.debug("replay: " + fmt, *args)

        self.httpd = ThreadingHTTPServer((host, port), Handler)
        self.port = self.httpd.server_address[1]
        self.url = f"http://{host}:{self.port}"

    def serve_forever(self) -> None:
        self.httpd.serve_forever()

    def start(self) -> threading.Thread:
        t = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        t.start()
        return t

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    # -- routes ---------------------------------------------------------------------------
    def handle(self, h: BaseHTTPRequestHandler) -> None:
        path = h.path
        try:
            if path in ("/", "/index.html"):
                return self._index(h)
            prefix = f"/{quote(self.run_id)}/"
            if not path.startswith(prefix):
                return self._send(h, 404, b"not in this archive\n", "text/plain; charset=utf-8")
            rest = path[len(prefix) :]
            if rest.startswith("record/"):
                rid = "<" + unquote(rest[len("record/") :]) + ">"
                with self._lock:
                    fields = self.wacz.by_record_id(rid)
                return self._record(h, fields, rid)
            ts, _, url = rest.partition("/")
            url = unquote(url)
            with self._lock:
                fields = self.wacz.lookup(url, ts if ts.isdigit() else None)
            return self._record(h, fields, url)
        except BrokenPipeError:
            return None
        except Exception as exc:
            logger.exception("replay of %s failed", path)
            return self._send(
                h,
                500,
                f"replay failed: {type(exc).__name__}\n".encode(),
                "text/plain; charset=utf-8",
            )

    def _index(self, h) -> None:
        with self._lock:
            pages = self.wacz.pages()
        rows = [
            {**p, "href": replay_path(self.run_id, p.get("ts") or "", p.get("url") or "")}
            for p in pages
        ]
        body = _INDEX.render(run_id=self.run_id, pages=rows, wacz=self.wacz.path.name).encode()
        self._send(h, 200, body, "text/html; charset=utf-8")

    def _record(self, h, fields: dict | None, what: str) -> None:
        if fields is None:
            return self._send(
                h,
                404,
                f"{what} is not in the archive of run {self.run_id}\n".encode("utf-8", "replace"),
                "text/plain; charset=utf-8",
            )
        with self._lock:
            warc_headers, http, body = self.wacz.read_record(fields)
        extra = {
            "Memento-Datetime": _http_date(warc_headers.get("WARC-Date", "")),
            "X-Archive-Record-Id": warc_headers.get("WARC-Record-ID", ""),
            "X-Archive-Capture": warc_headers.get("WARC-Ogp-Capture")
            or warc_headers.get("WARC-Type", ""),
        }
        if http is not None:
            passed = {k: v for k, v in http["headers"] if k.lower() in PASSED_HEADERS}
            status = http["status"] or 200
            ctype = (
                passed.pop("Content-Type", None)
                or passed.pop("content-type", None)
                or "application/octet-stream"
            )
            return self._send(h, status, body, ctype, {**passed, **extra})
        ctype = warc_headers.get("Content-Type") or "application/octet-stream"
        return self._send(h, 200, body, ctype, extra)

    @staticmethod
    def _send(h, status: int, body: bytes, ctype: str, headers: dict | None = None) -> None:
        h.send_response(status)
        h.send_header("Content-Type", ctype)
        h.send_header("Content-Length", str(len(body)))
        h.send_header("Content-Security-Policy", SANDBOX_CSP)
        h.send_header("X-Content-Type-Options", "nosniff")
        h.send_header("Cache-Control", "no-store")
        for k, v in (headers or {}).items():
            if v:
                h.send_header(k, str(v).replace("\r", " ").replace("\n", " "))
        h.end_headers()
        h.wfile.write(body)
