"""Helpers for the browser tests: a loopback page server and the stats a crawl logged."""

from __future__ import annotations

import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

_STAT = re.compile(r"'([a-z_]+/[^']+)': (\d+(?:\.\d+)?)\b")


def stats_from_log(log: str) -> dict[str, float]:
    """The numeric stats of Scrapy's end-of-crawl dump ("Dumping Scrapy stats: {...}")."""
    dump = log.rsplit("Dumping Scrapy stats:", 1)
    if len(dump) < 2:
        return {}
    return {k: float(v) for k, v in _STAT.findall(dump[1])}


class PageServer:
    """Serves a dict {path: html} on 127.0.0.1 (port chosen by the OS) in a thread."""

    def __init__(self, pages: dict[str, str]):
        self.pages = pages

        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 (http.server's name)
                body = outer.pages.get(self.path.split("?")[0])
                if body is None:
                    self.send_error(404)
                    return
                data = body.encode("utf-8")
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
