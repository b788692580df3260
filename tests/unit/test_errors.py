"""Each failure kind maps to one contract error code."""

import pytest
from scrapy.exceptions import IgnoreRequest
from scrapy.http import HtmlResponse, Request
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet import error as neterr

from ogpcrawl.errors import classify_exception, classify_status


def http_error(status, headers=None):
    resp = HtmlResponse(
        "http://x.gov.az/",
        status=status,
        headers=headers or {},
        request=Request("http://x.gov.az/"),
    )
    return HttpError(resp)


@pytest.mark.parametrize(
    "exc, code",
    [
        (neterr.DNSLookupError("x"), "dns"),
        (neterr.ConnectionRefusedError(), "refused"),
        (neterr.TimeoutError(), "timeout"),
        (neterr.TCPTimedOutError(), "timeout"),
        (IgnoreRequest("Forbidden by robots.txt"), "robots"),
        (IgnoreRequest("max redirections reached"), "redirect_loop"),
        (ValueError("something else"), "other"),
    ],
)
def test_exceptions(exc, code):
    assert classify_exception(exc) == code


@pytest.mark.parametrize(
    "status, code", [(404, "http_4xx"), (403, "http_4xx"), (500, "http_5xx"), (503, "http_5xx")]
)
def test_http_errors(status, code):
    assert classify_exception(http_error(status)) == code


@pytest.mark.parametrize(
    "ps, code",
    [
        ("farm; error=dns_error", "dns"),
        ("squid; error=connection_refused", "refused"),
        ("x; error=connection_timeout", "timeout"),
        ("x; error=tls_protocol_error", "tls"),
    ],
)
def test_proxy_status_header_names_the_upstream_fault(ps, code):
    assert classify_exception(http_error(502, {"Proxy-Status": ps})) == code
    assert classify_status(502, {"proxy-status": ps}) == code


def test_bare_502_without_proxy_status_is_http_5xx():
    assert classify_status(502, {}) == "http_5xx"


def test_tls_handshake_failures_are_tls():
    from OpenSSL import SSL
    from twisted.python.failure import Failure
    from twisted.web._newclient import ResponseNeverReceived

    assert classify_exception(SSL.Error([("SSL routines", "", "wrong version number")])) == "tls"
    wrapped = ResponseNeverReceived([Failure(SSL.Error([("SSL routines", "", "alert")]))])
    assert classify_exception(wrapped) == "tls"
