"""The offline replay (`scrapy evidence serve`): loopback only, hostile pages sandboxed and
escaped, an archived response served as it was archived."""

from __future__ import annotations

import urllib.error
import urllib.request

import pytest

from ogpcrawl.archive import wacz
from ogpcrawl.archive.replay import SANDBOX_CSP, ReplayServer, replay_path
from ogpcrawl.archive.warc import WarcFile

XSS = "<script>alert(1)</script>"


@pytest.fixture()
def server(tmp_path):
    w = WarcFile(tmp_path / "r1" / "warc", "r1")
    cap = w.response(
        url="http://a-ih.gov.az/x",
        method="GET",
        request_headers=[],
        request_body=b"",
        status=200,
        reason="OK",
        protocol="HTTP/1.1",
        headers=[("Content-Type", "text/html; charset=utf-8"), ("Set-Cookie", "s=1")],
        body=f"<title>t</title><p>{XSS}</p>".encode(),
    )
    w.close()
    snaps = [
        {
            "agency_id": "a",
            "captures": {
                "pages": [
                    {
                        "role": "home",
                        "url": cap["url"],
                        "capture_url": cap["url"],
                        "title": XSS,
                        "record_id": cap["record_id"],
                        "captured_at": cap["captured_at"],
                    }
                ]
            },
        }
    ]
    archive = wacz.Wacz(wacz.package_run(tmp_path, "r1", snapshots=snaps))
    srv = ReplayServer(archive, "r1", port=0)
    srv.start()
    yield srv, cap
    srv.stop()
    archive.close()


def get(url):
    try:
        with urllib.request.urlopen(url, timeout=30) as r:
            return r.status, dict(r.headers), r.read()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read()


def test_index_escapes_scraped_titles(server):
    srv, _ = server
    status, headers, body = get(srv.url + "/")
    assert status == 200 and XSS.encode() not in body and b"&lt;script&gt;" in body


def test_an_archived_page_is_served_sandboxed_as_archived(server):
    srv, cap = server
    status, headers, body = get(srv.url + replay_path("r1", cap["captured_at"], cap["url"]))
    assert status == 200
    assert headers["Content-Security-Policy"] == SANDBOX_CSP  # its scripts never run
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    assert "Set-Cookie" not in headers  # only what describes the body is passed on
    assert headers["X-Archive-Record-Id"] == cap["record_id"]
    assert headers["Memento-Datetime"].endswith("GMT")
    assert XSS.encode() in body  # the bytes as archived: evidence is not rewritten


def test_unknown_pages_and_other_runs_are_not_found(server):
    srv, _ = server
    assert get(srv.url + "/r1/20260101000000/http://nowhere.az/")[0] == 404
    assert get(srv.url + "/r2/20260101000000/http://a-ih.gov.az/x")[0] == 404


def test_the_replay_serves_loopback_only(tmp_path):
    with pytest.raises(ValueError, match="loopback"):
        ReplayServer(None, "r1", host="0.0.0.0", port=0)
