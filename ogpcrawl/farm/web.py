"""The farm's model of the web: requests, responses, and the host → site registry.

A *site* is anything with ``handle(request) -> Response``. A *web* maps hostnames to sites; the
proxy asks it for each request and answers 502 when it has no site, as a real proxy does for a
host it cannot reach.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol
from urllib.parse import parse_qs, urlsplit


@dataclass(frozen=True)
class Request:
    method: str
    scheme: str
    host: str  # lower case, no port
    target: str  # path + query as sent
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""

    @property
    def path(self) -> str:
        return urlsplit(self.target).path or "/"

    @property
    def query(self) -> dict[str, list[str]]:
        q = parse_qs(urlsplit(self.target).query, keep_blank_values=True)
        if self.method == "POST" and self.body:
            for k, v in parse_qs(self.body.decode("utf-8", "replace")).items():
                q.setdefault(k, []).extend(v)
        return q

    def arg(self, name: str, default: str = "") -> str:
        values = self.query.get(name)
        return values[0] if values else default


@dataclass
class Response:
    status: int = 200
    body: bytes = b""
    content_type: str | None = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    # Fault behaviours (see faults.py): seconds to wait before answering; close the connection
    # after sending this many body bytes although Content-Length promised more.
    delay: float = 0.0
    reset_after: int | None = None


def html(text: str, status: int = 200, charset: str = "utf-8") -> Response:
    return Response(status, text.encode(charset), f"text/html; charset={charset}")


def text(body: str, status: int = 200) -> Response:
    return Response(status, body.encode("utf-8"), "text/plain; charset=utf-8")


def redirect(location: str, status: int = 302) -> Response:
    return Response(status, b"", None, {"Location": location})


def not_found() -> Response:
    return html("<!DOCTYPE html><html><body><h1>404</h1><p>Səhifə tapılmadı</p></body></html>", 404)


class Site(Protocol):
    def handle(self, request: Request) -> Response: ...


class Web:
    """Host → site lookup. ``resolver`` builds sites lazily, so 5,000 synthetic sites cost
    nothing until they are asked for; results are cached per host."""

    def __init__(self, resolver: Callable[[str], Site | None], *, tls_only: set[str] = frozenset()):
        self._resolver = resolver
        self._cache: dict[str, Site | None] = {}
        # hosts that refuse plain http (fault mode "TLS-only"): the proxy answers 502 for http.
        self.tls_only = set(tls_only)

    def site(self, host: str) -> Site | None:
        host = host.lower().rstrip(".")
        if host not in self._cache:
            if len(self._cache) > 20000:  # bound memory on huge synthetic runs
                self._cache.clear()
            self._cache[host] = self._resolver(host)
        return self._cache[host]

    def handle(self, request: Request) -> Response | None:
        site = self.site(request.host)
        if site is None:
            return None
        return site.handle(request)
