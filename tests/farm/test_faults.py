"""Each fault mode is observable through the proxy."""

from __future__ import annotations

import csv
import socket
import subprocess
import sys

import pytest

from ogpcrawl.farm.faults import FAULTS, HUGE_BYTES, host_for

from .client import get, raw
from .conftest import ROOT, start, stop


@pytest.fixture(scope="module")
def farm(tmp_path_factory):
    f = start(tmp_path_factory.mktemp("faults"), "faults")
    yield f
    stop(f)


def test_slow_host_does_not_answer_within_a_short_timeout(farm):
    with socket.create_connection(("127.0.0.1", farm.port)) as s:
        s.settimeout(1.0)
        s.sendall(f"GET http://{host_for('slow')}/ HTTP/1.1\r\n\r\n".encode())
        with pytest.raises(TimeoutError):
            s.recv(1)


def test_5xx_on_a_section_path(farm):
    assert get(farm, f"http://{host_for('error5xx')}/")[0] == 200
    assert get(farm, f"http://{host_for('error5xx')}/page/29.html")[0] == 500
    assert get(farm, f"http://{host_for('error5xx')}/news.html")[0] == 503


def test_huge_page(farm):
    status, _, body = get(farm, f"http://{host_for('huge')}/")
    assert status == 200 and len(body) > 10 * 1024 * 1024 and len(body) >= HUGE_BYTES - 2048


def test_redirect_loop(farm):
    seen, path = [], "/"
    for _ in range(4):
        reply = raw(
            farm,
            f"GET http://{host_for('loop')}{path} HTTP/1.1\r\nConnection: close\r\n\r\n".encode(),
        )
        assert reply.startswith(b"HTTP/1.1 302")
        path = reply.split(b"Location: ")[1].split(b"\r\n")[0].decode()
        seen.append(path)
    assert seen[2] == "/" and seen[3] == seen[0]


def test_robots_disallows_sections(farm):
    status, _, body = get(farm, f"http://{host_for('robots')}/robots.txt")
    assert b"Disallow: /page/" in body
    assert b'href="/page/' in get(farm, f"http://{host_for('robots')}/")[2]


def test_connection_reset_mid_body(farm):
    reply = raw(farm, f"GET http://{host_for('reset')}/ HTTP/1.1\r\n\r\n".encode())
    head, _, body = reply.partition(b"\r\n\r\n")
    promised = int(head.split(b"Content-Length: ")[1].split(b"\r\n")[0])
    assert len(body) == 400 < promised


def test_wrong_and_missing_charset(farm):
    status, headers, body = get(farm, f"http://{host_for('wrongenc')}/")
    assert headers["Content-Type"].endswith("charset=utf-8")
    with pytest.raises(UnicodeDecodeError):
        body.decode("utf-8")
    status, headers, body = get(farm, f"http://{host_for('noenc')}/")
    assert "charset" not in headers["Content-Type"] and b"charset" not in body
    assert "Ana səhifə".replace("ə", "?") in body.decode("cp1254")


def test_meta_refresh_home(farm):
    body = get(farm, f"http://{host_for('refresh')}/")[2]
    assert b'http-equiv="refresh"' in body and b"url=/az/index.html" in body
    assert b"news-list" in get(farm, f"http://{host_for('refresh')}/az/index.html")[2]


def test_truncated_html(farm):
    body = get(farm, f"http://{host_for('truncated')}/")[2]
    assert b"</html>" not in body and body.endswith(b"<div cla")


def test_tls_only_host(farm):
    assert get(farm, f"http://{host_for('tlsonly')}/")[0] == 502
    assert get(farm, f"https://{host_for('tlsonly')}/")[0] == 200


def test_write_agencies(tmp_path):
    out = tmp_path / "faults.csv"
    subprocess.run(
        [sys.executable, "-m", "ogpcrawl.farm.faults", "--write-agencies", str(out)],
        cwd=ROOT,
        check=True,
    )
    rows = list(csv.DictReader(out.open()))
    assert len(rows) == len(FAULTS)
    assert {"agency_id", "name", "level", "family", "url"} <= set(rows[0])
