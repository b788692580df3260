"""Certificate verdicts from one verified handshake (no browser; TLS servers on loopback)."""

from __future__ import annotations

import asyncio
import datetime as dt
import ssl

import pytest
import trustme

from ogpcrawl.certcheck import check_certificate, proxy_for


async def _serve(cert_for: trustme.LeafCert, probe):
    """Runs `probe(port)` against a TLS server presenting cert_for on 127.0.0.1."""
    server_ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    cert_for.configure_cert(server_ctx)

    async def handle(reader, writer):
        try:
            await reader.read(1)
        except (ssl.SSLError, ConnectionError):
            pass
        writer.close()

    server = await asyncio.start_server(handle, "127.0.0.1", 0, ssl=server_ctx)
    port = server.sockets[0].getsockname()[1]
    try:
        return await probe(port)
    finally:
        server.close()


def check(cert, ca: trustme.CA | None, tmp_path, host="localhost"):
    cafile = None
    if ca is not None:
        cafile = tmp_path / "ca.pem"
        ca.cert_pem.write_to_path(str(cafile))
    return asyncio.run(
        _serve(
            cert,
            lambda port: check_certificate(
                host, port, timeout=5, cafile=str(cafile) if cafile else None
            ),
        )
    )


def test_certificate_from_an_unknown_ca_is_invalid_unknown_issuer(tmp_path):
    ca = trustme.CA()  # the farm's situation: a throwaway CA nobody trusts
    result = check(ca.issue_cert("localhost"), None, tmp_path)
    assert result["https"] is True and result["valid"] is False
    assert result["error"] == "unknown_issuer"


def test_certificate_chaining_to_a_trusted_root_is_valid(tmp_path):
    ca = trustme.CA()
    result = check(ca.issue_cert("localhost"), ca, tmp_path)
    assert result == {"https": True, "valid": True, "error": None, "detail": None}


def test_certificate_for_another_name_is_a_hostname_mismatch(tmp_path):
    ca = trustme.CA()
    result = check(ca.issue_cert("other.gov.az"), ca, tmp_path)
    assert (result["valid"], result["error"]) == (False, "hostname_mismatch")


def test_expired_certificate_is_expired(tmp_path):
    ca = trustme.CA()
    old = dt.datetime(2017, 1, 1, tzinfo=dt.UTC)
    cert = ca.issue_cert("localhost", not_before=old, not_after=old + dt.timedelta(days=90))
    result = check(cert, ca, tmp_path)
    assert (result["valid"], result["error"]) == (False, "expired")


def test_no_answer_is_no_verdict():
    async def closed_port():
        server = await asyncio.start_server(lambda r, w: None, "127.0.0.1", 0)
        port = server.sockets[0].getsockname()[1]
        server.close()
        await server.wait_closed()
        return await check_certificate("127.0.0.1", port, timeout=5)

    result = asyncio.run(closed_port())
    assert result["valid"] is None and result["error"] == "unreachable"


@pytest.mark.parametrize(
    ("env", "host", "expected"),
    [
        ({"https_proxy": "http://p:1"}, "stat.gov.az", "http://p:1"),
        ({"HTTPS_PROXY": "http://p:1", "no_proxy": ".gov.az"}, "stat.gov.az", None),
        ({"http_proxy": "http://p:1"}, "stat.gov.az", None),  # https goes direct, as for downloads
        ({}, "stat.gov.az", None),
    ],
)
def test_the_check_uses_the_downloads_https_proxy(env, host, expected):
    assert proxy_for(host, env) == expected
