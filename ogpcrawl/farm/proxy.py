"""A forward HTTP proxy that serves virtual sites instead of forwarding.

Understands what crawlers send to a proxy:
- absolute-form requests (``GET http://host/path HTTP/1.1``) for http;
- ``CONNECT host:443`` for https: the farm answers 200, terminates TLS itself with a leaf
  certificate for that host (tls.CertAuthority, picked by SNI) and serves the tunnelled requests;
- origin-form requests (``GET /path`` + ``Host:``), so curl against the port works too.

Unknown hosts get 502 Bad Gateway — what a real proxy answers when the origin is unreachable — so a
crawler sees a dead site. A client that disconnects or sends garbage only ends its own connection.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import json
import socket
import struct
import time
from collections.abc import Callable
from http import HTTPStatus
from typing import IO
from urllib.parse import urlsplit

from .latency import LatencyProfile
from .tls import CertAuthority
from .web import Request, Response, Web

IDLE_TIMEOUT = 60.0  # seconds a keep-alive connection may sit idle
MAX_BODY = 1 << 20  # request bodies (search forms) are small; refuse more


class RequestLog:
    """One JSON line per request: ts, client, method, scheme, host, path, status, bytes.

    A served request is logged as its answer goes out, with `start` and `end` (its ts is its
    start): when the client began it and when its answer began to go out, so the politeness
    test can measure per-host gaps and overlaps. `start` is when the kernel received the
    request's head (see `arrived`), or for the first request of a tunnel its CONNECT's, so
    neither a TLS handshake nor a busy farm hides in a gap. `ua` and `accept` are the first 80
    and 40 characters of User-Agent and Accept: a page asks for text/html, what a browser
    loads for it (scripts, data) does not."""

    def __init__(self, stream: IO[str] | None):
        self._stream = stream

    def write(self, **record) -> None:
        if self._stream is None:
            return
        record = {"ts": round(time.time(), 3), **record}
        self._stream.write(json.dumps(record, ensure_ascii=False) + "\n")
        self._stream.flush()


# struct tcp_info (linux/tcp.h): 8 one-byte fields, then u32s; tcpi_last_data_recv is the 12th
# u32, in milliseconds.
_LAST_DATA_RECV = struct.Struct("=8B12I")


def arrived(writer) -> float:
    """When the kernel received the last data on this connection (TCP_INFO), else now.

    The farm's event loop reads a request only when it gets to it: on a busy machine that is
    tens or hundreds of milliseconds after the client sent it. The kernel's own note of the
    last received segment (millisecond resolution) does not wait for the loop."""
    now = time.time()
    sock = writer.get_extra_info("socket")
    try:
        info = sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_INFO, _LAST_DATA_RECV.size)
        last_data_recv_ms = _LAST_DATA_RECV.unpack(info)[-1]
    except (AttributeError, OSError, struct.error):
        return now
    return now - last_data_recv_ms / 1000


def _gateway_error(message: str = "Bad Gateway", error: str = "dns_error") -> Response:
    body = f"<html><body><h1>502 Bad Gateway</h1><p>{message}</p></body></html>"
    # RFC 9209 Proxy-Status, as Squid/Envoy/CDNs send it: an unknown host is a DNS failure
    # upstream, which a crawler can tell apart from the site's own 5xx.
    return Response(
        502,
        body.encode(),
        "text/html; charset=utf-8",
        {"Proxy-Status": f"ogpcrawl-farm; error={error}"},
    )


def _encode_head(resp: Response, keep_alive: bool) -> bytes:
    reason = HTTPStatus(resp.status).phrase if resp.status in HTTPStatus._value2member_map_ else ""
    lines = [f"HTTP/1.1 {resp.status} {reason}", "Server: ogpcrawl-farm"]
    if resp.content_type:
        lines.append(f"Content-Type: {resp.content_type}")
    lines.append(f"Content-Length: {len(resp.body)}")
    lines += [f"{k}: {v}" for k, v in resp.headers.items()]
    lines.append("Connection: keep-alive" if keep_alive else "Connection: close")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


class FarmProxy:
    def __init__(
        self, web: Web, ca: CertAuthority, log: RequestLog, latency: LatencyProfile | None = None
    ):
        self.web = web
        self.ca = ca
        self.log = log
        self.latency = latency  # latency.py: real-web answer times, per host

    async def serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        peer = writer.get_extra_info("peername")
        client = f"{peer[0]}:{peer[1]}" if peer else "?"
        try:
            await self._connection(reader, writer, client)
        except (TimeoutError, ConnectionError, asyncio.IncompleteReadError, OSError):
            pass  # the client went away or stalled: only its connection ends
        except Exception as exc:  # noqa: BLE001 - never let one bad client kill the server
            self.log.write(client=client, error=repr(exc))
        finally:
            with contextlib.suppress(Exception):
                writer.close()

    async def _connection(self, reader, writer, client: str) -> None:
        scheme, tunnel_host = "http", None
        began: float | None = None  # a tunnel's CONNECT: when its first request began
        while True:
            try:
                head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), IDLE_TIMEOUT)
                start = began if began is not None else arrived(writer)
            except asyncio.LimitOverrunError:
                await self._send(writer, Response(431, b""), keep_alive=False, head_only=False)
                return
            lines = head.decode("latin-1").split("\r\n")
            try:
                method, target, version = lines[0].split(" ", 2)
            except ValueError:
                await self._send(writer, Response(400, b"bad request line"), False, False)
                return
            headers = {}
            for line in lines[1:]:
                if ":" in line:
                    k, v = line.split(":", 1)
                    headers[k.strip().lower()] = v.strip()
            length = int(headers.get("content-length", "0") or 0)
            if length > MAX_BODY:
                await self._send(writer, Response(413, b""), False, False)
                return
            body = await reader.readexactly(length) if length else b""
            method = method.upper()
            conn = headers.get("connection", "").lower()
            keep_alive = conn != "close" and (version == "HTTP/1.1" or conn == "keep-alive")

            if method == "CONNECT" and tunnel_host is None:
                host = target.rsplit(":", 1)[0].strip("[]").lower()
                if self.web.site(host) is None:
                    self.log.write(
                        client=client,
                        method=method,
                        scheme="https",
                        host=host,
                        path="",
                        status=502,
                        bytes=0,
                    )
                    await self._send(writer, _gateway_error(f"cannot reach {host}"), False, False)
                    return
                writer.write(b"HTTP/1.1 200 Connection established\r\n\r\n")
                await writer.drain()
                self.log.write(
                    client=client,
                    method=method,
                    scheme="https",
                    host=host,
                    path="",
                    status=200,
                    bytes=0,
                )
                await writer.start_tls(self.ca.server_context)
                scheme, tunnel_host = "https", host
                began = start  # the tunnelled request began with its CONNECT
                continue
            began = None

            req_scheme, host, path = self._locate(target, headers, scheme, tunnel_host)
            request = Request(method, req_scheme, host, path, headers, body)
            resp = self._dispatch(request)
            if self.latency is not None and self.web.site(host) is not None:
                resp = dataclasses.replace(resp, delay=resp.delay + self.latency.delay(host))
            status_bytes = 0 if method == "HEAD" else len(resp.body)
            if resp.reset_after is not None:
                status_bytes = min(resp.reset_after, status_bytes)
            record = dict(
                client=client,
                method=method,
                scheme=req_scheme,
                host=host,
                path=path,
                status=resp.status,
                bytes=status_bytes,
                ts=round(start, 3),
                start=round(start, 4),
                ua=headers.get("user-agent", "")[:80],
                accept=headers.get("accept", "")[:40],
            )
            try:
                if resp.delay:
                    await asyncio.sleep(resp.delay)
            finally:  # logged as the answer goes out (or when the client left while we waited)
                self.log.write(**record, end=round(time.time(), 4))
            if resp.reset_after is not None:
                writer.write(_encode_head(resp, True) + resp.body[: resp.reset_after])
                await writer.drain()
                writer.transport.abort()  # mid-body: the client sees a reset, not a clean end
                return
            keep_alive = keep_alive and resp.status != 502
            await self._send(writer, resp, keep_alive, head_only=method == "HEAD")
            if not keep_alive:
                return

    @staticmethod
    def _locate(target, headers, scheme, tunnel_host) -> tuple[str, str, str]:
        if target.startswith(("http://", "https://")):
            parts = urlsplit(target)
            path = parts.path or "/"
            if parts.query:
                path += "?" + parts.query
            return parts.scheme, (parts.hostname or "").lower(), path
        host = headers.get("host", tunnel_host or "")
        host = host.rsplit(":", 1)[0] if not host.endswith("]") else host
        return scheme, host.strip("[]").lower(), target or "/"

    def _dispatch(self, request: Request) -> Response:
        if request.method not in ("GET", "HEAD", "POST"):
            return Response(405, b"", None, {"Allow": "GET, HEAD, POST"})
        if request.scheme == "http" and request.host in self.web.tls_only:
            return _gateway_error(
                f"{request.host} does not answer on port 80", "connection_refused"
            )
        resp = self.web.handle(request)
        return resp if resp is not None else _gateway_error(f"cannot reach {request.host}")

    @staticmethod
    async def _send(writer, resp: Response, keep_alive: bool, head_only: bool) -> None:
        writer.write(_encode_head(resp, keep_alive) + (b"" if head_only else resp.body))
        await writer.drain()


async def serve(
    web: Web,
    *,
    host: str = "127.0.0.1",
    port: int = 0,
    log: IO[str] | None = None,
    ca: CertAuthority | None = None,
    latency: LatencyProfile | None = None,
    on_ready: Callable[[asyncio.base_events.Server, CertAuthority], None] | None = None,
) -> None:
    """Run the proxy until cancelled. ``on_ready`` gets the listening server and the CA."""
    ca = ca or CertAuthority()
    proxy = FarmProxy(web, ca, RequestLog(log), latency)
    server = await asyncio.start_server(proxy.serve, host, port, limit=1 << 16, backlog=1024)
    if on_ready:
        on_ready(server, ca)
    async with server:
        await server.serve_forever()
