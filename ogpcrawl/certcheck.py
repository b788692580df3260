"""Certificate validity of a site answering over https: the snapshot's `tls` field.

Neither the plain downloads nor the browser verify certificates (the contract records them, never
enforces them: many government sites have broken ones), so validity is checked apart, once per
https host per run: one TLS handshake, through the same proxy as the downloads, verified the way
a client with the system's trust store verifies (chain to a trusted root, dates, hostname).

    tls = {"https": true, "valid": false, "error": "unknown_issuer",
           "detail": "unable to get local issuer certificate"}

`valid` is null when the handshake could not be made at all (error `unreachable` or
`handshake_failed`): no verdict rather than a guessed one. Known limit: a browser fetches a missing
intermediate certificate (AIA) and accepts a server that sends an incomplete chain; OpenSSL does
not, so such a site reads `unknown_issuer` here. Behind the offline farm every certificate comes
from a throwaway CA, so `unknown_issuer` is the right answer there.
"""

from __future__ import annotations

import asyncio
import base64
import logging
import os
import ssl
from collections.abc import Mapping
from urllib.parse import unquote, urlsplit
from urllib.request import proxy_bypass_environment

from itemadapter import ItemAdapter
from scrapy.exceptions import NotConfigured

logger = logging.getLogger(__name__)

# OpenSSL X509_V_ERR_* codes → the finding's error.
VERIFY_ERRORS = {
    2: "unknown_issuer",  # unable to get issuer certificate
    20: "unknown_issuer",  # unable to get local issuer certificate
    21: "unknown_issuer",  # unable to verify the first certificate
    18: "self_signed",
    19: "self_signed",  # self-signed certificate in the chain
    9: "not_yet_valid",
    10: "expired",
    62: "hostname_mismatch",
}


def _classify(exc: BaseException) -> tuple[bool | None, str, str]:
    if isinstance(exc, ssl.SSLCertVerificationError):
        code = getattr(exc, "verify_code", None)
        return (
            False,
            VERIFY_ERRORS.get(code, "invalid"),
            str(getattr(exc, "verify_message", "") or exc)[:200],
        )
    if isinstance(exc, ssl.SSLError):
        return None, "handshake_failed", str(exc)[:200]
    return None, "unreachable", (str(exc) or type(exc).__name__)[:200]


async def _tunnel(proxy: str, host: str, port: int, timeout: float):
    """A TCP stream to host:port through an HTTP proxy (CONNECT)."""
    p = urlsplit(proxy if "://" in proxy else "http://" + proxy)
    reader, writer = await asyncio.wait_for(
        asyncio.open_connection(p.hostname, p.port or 80), timeout
    )
    auth = ""
    if p.username:
        token = base64.b64encode(f"{unquote(p.username)}:{unquote(p.password or '')}".encode())
        auth = f"Proxy-Authorization: Basic {token.decode()}\r\n"
    writer.write(f"CONNECT {host}:{port} HTTP/1.1\r\nHost: {host}:{port}\r\n{auth}\r\n".encode())
    await writer.drain()
    head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), timeout)
    status = head.split(b" ", 2)[1:2]
    if status != [b"200"]:
        writer.close()
        line = head.splitlines()[0].decode(errors="replace")
        raise ConnectionError(f"proxy CONNECT answered {line}")
    return reader, writer


async def check_certificate(
    host: str,
    port: int = 443,
    *,
    proxy: str | None = None,
    timeout: float = 10.0,
    cafile: str | None = None,
) -> dict:
    """{https: True, valid, error, detail} for one host, after one verified TLS handshake."""
    context = ssl.create_default_context(cafile=cafile)  # system roots, hostname checked
    writer = None
    try:
        if proxy:
            reader, writer = await _tunnel(proxy, host, port, timeout)
            await asyncio.wait_for(writer.start_tls(context, server_hostname=host), timeout)
        else:
            reader, writer = await asyncio.wait_for(
                asyncio.open_connection(host, port, ssl=context, server_hostname=host), timeout
            )
        return {"https": True, "valid": True, "error": None, "detail": None}
    except (OSError, TimeoutError, asyncio.IncompleteReadError) as exc:  # SSLError is an OSError
        valid, error, detail = _classify(exc)
        return {"https": True, "valid": valid, "error": error, "detail": detail}
    finally:
        if writer is not None:
            writer.close()


def proxy_for(host: str, env: Mapping[str, str]) -> str | None:
    """The https proxy a download to host uses (https_proxy, unless no_proxy names the host)."""

    def get(name: str) -> str:
        return env.get(name) or env.get(name.upper()) or ""

    proxy = get("https_proxy") or get("all_proxy")
    if not proxy or proxy_bypass_environment(host, {"no": get("no_proxy")}):
        return None
    return proxy


class CertificatePipeline:
    """Fills `tls` for snapshots whose home page answered over https (OGP_TLS_CHECK)."""

    def __init__(self, env: Mapping[str, str], timeout: float, cafile: str | None):
        self.env, self.timeout, self.cafile = env, timeout, cafile
        self.cache: dict[tuple[str, int], asyncio.Future] = {}

    @classmethod
    def from_crawler(cls, crawler):
        s = crawler.settings
        if not s.getbool("OGP_TLS_CHECK", True):
            raise NotConfigured
        return cls(
            dict(os.environ), s.getfloat("OGP_TLS_TIMEOUT", 10.0), s.get("OGP_TLS_CAFILE") or None
        )

    async def process_item(self, item):
        adapter = ItemAdapter(item)
        url = adapter.get("final_url") or ""
        parts = urlsplit(url)
        if parts.scheme != "https" or not parts.hostname:
            return item
        key = (parts.hostname, parts.port or 443)
        if key not in self.cache:  # one handshake per host and run (www. twins share nothing)
            self.cache[key] = asyncio.ensure_future(
                check_certificate(
                    key[0],
                    key[1],
                    proxy=proxy_for(key[0], self.env),
                    timeout=self.timeout,
                    cafile=self.cafile,
                )
            )
        adapter["tls"] = dict(await asyncio.shield(self.cache[key]))
        return item
