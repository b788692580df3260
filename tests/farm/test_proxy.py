"""The farm behaves as a forward proxy: http absolute-URI, https via CONNECT, 502, HEAD, log."""

from __future__ import annotations

import socket
import ssl

from .client import get, raw


def test_http_absolute_uri_through_proxy(replica):
    status, headers, body = get(replica, "http://nizami-ih.gov.az/")
    assert status == 200
    assert headers["Content-Type"].startswith("text/html")
    assert "Nizami" in body.decode()


def test_https_via_connect_with_farm_ca(replica):
    status, _, body = get(replica, "https://stat.gov.az/")
    assert status == 200
    assert b"mash-list-items" in body


def test_certificate_names_the_host(replica):
    # CONNECT by hand, then check the leaf certificate the SNI callback chose
    with socket.create_connection(("127.0.0.1", replica.port), timeout=30) as s:
        s.sendall(
            b"CONNECT www.migration.gov.az:443 HTTP/1.1\r\nHost: www.migration.gov.az\r\n\r\n"
        )
        assert s.recv(1024).startswith(b"HTTP/1.1 200")
        ctx = ssl.create_default_context(cafile=str(replica.ca))
        with ctx.wrap_socket(s, server_hostname="www.migration.gov.az") as tls:
            alt = dict(x for x in tls.getpeercert()["subjectAltName"])
            assert alt["DNS"] == "www.migration.gov.az"


def test_unknown_host_is_bad_gateway(replica):
    assert get(replica, "http://no-such-site.gov.az/")[0] == 502
    reply = raw(replica, b"CONNECT no-such-site.gov.az:443 HTTP/1.1\r\n\r\n")
    assert reply.startswith(b"HTTP/1.1 502")


def test_xankendi_is_unreachable(replica):
    assert get(replica, "http://xankendi-ih.gov.az/")[0] == 502


def test_head_has_length_but_no_body(replica):
    reply = raw(
        replica,
        b"HEAD http://baku-ih.gov.az/ HTTP/1.1\r\nHost: baku-ih.gov.az\r\n"
        b"Connection: close\r\n\r\n",
    )
    head, _, body = reply.partition(b"\r\n\r\n")
    assert b"200 OK" in head and b"Content-Length: " in head
    assert int(head.split(b"Content-Length: ")[1].split(b"\r\n")[0]) > 1000
    assert body == b""


def test_origin_form_uses_host_header(replica):
    reply = raw(
        replica,
        b"GET /robots.txt HTTP/1.1\r\nHost: www.agdash-ih.gov.az\r\nConnection: close\r\n\r\n",
    )
    assert reply.startswith(b"HTTP/1.1 200") and b"User-agent: *" in reply


def test_keep_alive_serves_two_requests_on_one_connection(replica):
    req = b"GET http://quba-ih.gov.az/robots.txt HTTP/1.1\r\nHost: quba-ih.gov.az\r\n\r\n"
    last = req.replace(b"\r\n\r\n", b"\r\nConnection: close\r\n\r\n")
    reply = raw(replica, req + last)
    assert reply.count(b"HTTP/1.1 200 OK") == 2


def test_client_that_hangs_up_does_not_kill_the_server(replica):
    for payload in (b"GET http://quba-ih.gov.az/ HTTP/1.1\r\n", b"\x16\x03\x01garbage\r\n\r\n"):
        s = socket.create_connection(("127.0.0.1", replica.port))
        s.sendall(payload)
        s.close()
    assert get(replica, "http://quba-ih.gov.az/")[0] == 200


def test_request_log_records_each_request(replica):
    get(replica, "http://lerik-ih.gov.az/news.html?page=2")
    rows = [r for r in replica.requests() if r.get("host") == "lerik-ih.gov.az"]
    assert rows[-1]["path"] == "/news.html?page=2"
    assert rows[-1]["status"] == 200 and rows[-1]["bytes"] > 0
    assert set(rows[-1]) >= {"ts", "client", "method", "host", "path", "status", "bytes"}
