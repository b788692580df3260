"""One classifier from a failed download to the contract's error codes (vocab.ERRORS).

Failures arrive as Twisted Failures wrapping Twisted, OpenSSL or Scrapy exceptions; a proxy
in between reports upstream faults as 502/504 with an RFC 9209 Proxy-Status header, which is
read so a DNS failure behind a proxy still reads as `dns`, not `http_5xx`.
"""

from __future__ import annotations

import logging
import re

from scrapy import exceptions as scrapy_exc
from scrapy.exceptions import DownloadCancelledError, IgnoreRequest
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet import error as neterr
from twisted.internet.defer import CancelledError
from twisted.internet.defer import TimeoutError as DeferTimeoutError
from twisted.web._newclient import ResponseFailed, ResponseNeverReceived

# RFC 9209 error types -> contract codes
_PROXY_STATUS = {
    "dns_error": "dns",
    "dns_timeout": "dns",
    "destination_not_found": "dns",
    "destination_unavailable": "refused",
    "connection_refused": "refused",
    "connection_terminated": "other",
    "connection_timeout": "timeout",
    "connection_read_timeout": "timeout",
    "connection_write_timeout": "timeout",
    "tls_protocol_error": "tls",
    "tls_certificate_error": "tls",
    "tls_alert_received": "tls",
    "http_response_size_exceeded": "too_large",
}
_SCRAPY_NET_ERRORS = (
    ("CannotResolveHostError", "dns"),
    ("DownloadConnectionRefusedError", "refused"),
    ("DownloadTimeoutError", "timeout"),
)
_PS_ERROR = re.compile(r"error=([a-z_]+)")


def classify_status(status: int, headers: dict | None = None) -> str:
    """Error code for an HTTP status (and, for proxy errors, the Proxy-Status header)."""
    if headers:
        ps = headers.get("proxy-status") or ""
        m = _PS_ERROR.search(ps)
        if m and m.group(1) in _PROXY_STATUS:
            return _PROXY_STATUS[m.group(1)]
    if 400 <= status < 500:
        return "http_4xx"
    if 500 <= status < 600:
        return "http_5xx"
    return "other"


def _is_tls(exc: BaseException) -> bool:
    mod = type(exc).__module__ or ""
    return mod.startswith("OpenSSL") or "SSL" in type(exc).__name__ or "tls" in mod.lower()


def classify_exception(exc: BaseException, depth: int = 0) -> str:
    if isinstance(exc, HttpError):
        resp = exc.response
        hdrs = {
            k.decode("latin-1").lower(): v[0].decode("latin-1", "replace")
            for k, v in resp.headers.items()
            if v
        }
        return classify_status(resp.status, hdrs)
    if isinstance(exc, IgnoreRequest):
        msg = str(exc).lower()
        if "robots" in msg:
            return "robots"
        if "redirect" in msg:
            return "redirect_loop"
        if "size" in msg or "maxsize" in msg:
            return "too_large"
        return "other"
    if isinstance(exc, DownloadCancelledError):
        return "too_large"
    # Scrapy >= 2.14 wraps network errors in its own exception types.
    for name, code in _SCRAPY_NET_ERRORS:
        cls = getattr(scrapy_exc, name, None)
        if cls is not None and isinstance(exc, cls):
            return code
    if isinstance(exc, neterr.DNSLookupError):
        return "dns"
    if isinstance(exc, neterr.ConnectionRefusedError):
        return "refused"
    if isinstance(
        exc, (neterr.TimeoutError, neterr.TCPTimedOutError, DeferTimeoutError, TimeoutError)
    ):
        return "timeout"
    if isinstance(exc, (ResponseNeverReceived, ResponseFailed)):
        reasons = getattr(exc, "reasons", []) or []
        for r in reasons:
            inner = getattr(r, "value", r)
            if _is_tls(inner):
                return "tls"
            if isinstance(inner, neterr.TimeoutError):
                return "timeout"
            if isinstance(inner, CancelledError) and "size" in str(inner).lower():
                return "too_large"
        return "other"
    if _is_tls(exc):
        return "tls"
    cause = exc.__cause__ or exc.__context__
    if cause is not None and cause is not exc and depth < 5:
        return classify_exception(cause, depth + 1)
    if isinstance(exc, CancelledError):
        return "too_large" if "size" in str(exc).lower() else "timeout"
    return "other"


def classify_failure(failure) -> str:
    """Error code for a Twisted Failure (or a bare exception)."""
    exc = getattr(failure, "value", failure)
    return classify_exception(exc)


class OneLineNetworkErrors(logging.Filter):
    """A robots.txt that cannot be fetched because the host does not exist, refuses or times
    out is an ordinary fact about a monitored site (the snapshot records it), not a crash:
    Scrapy's RobotsTxtMiddleware logs it with a full traceback at ERROR. This filter keeps the
    one-line message at WARNING for the failures errors.py knows, and lets any other through."""

    def filter(self, record: logging.LogRecord) -> bool:
        exc = record.exc_info[1] if record.exc_info else None
        if exc is not None and classify_exception(exc) != "other":
            record.exc_info, record.exc_text = None, None
            record.levelno, record.levelname = logging.WARNING, "WARNING"
        return True


_ROBOTS_LOGGER = "scrapy.downloadermiddlewares.robotstxt"


def quiet_robots_errors() -> None:
    """Install OneLineNetworkErrors on the robots.txt middleware's logger (once)."""
    log = logging.getLogger(_ROBOTS_LOGGER)
    if not any(isinstance(f, OneLineNetworkErrors) for f in log.filters):
        log.addFilter(OneLineNetworkErrors())
