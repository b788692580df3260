"""Minimal clients that talk to the farm exactly as a crawler does: through the proxy."""

from __future__ import annotations

import socket
import ssl
import urllib.error
import urllib.request


def get(farm, url: str, method: str = "GET", data: bytes | None = None):
    """(status, headers, body) for ``url`` fetched through the farm as an http(s) proxy."""
    ctx = ssl.create_default_context(cafile=str(farm.ca))
    opener = urllib.request.build_opener(
        urllib.request.ProxyHandler({"http": farm.url, "https": farm.url}),
        urllib.request.HTTPSHandler(context=ctx),
    )
    req = urllib.request.Request(url, method=method, data=data)
    try:
        with opener.open(req, timeout=30) as resp:
            return resp.status, dict(resp.headers), resp.read()
    except urllib.error.HTTPError as err:
        return err.code, dict(err.headers), err.read()


def raw(farm, payload: bytes) -> bytes:
    with socket.create_connection(("127.0.0.1", farm.port), timeout=30) as s:
        s.sendall(payload)
        chunks = []
        while chunk := s.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)
