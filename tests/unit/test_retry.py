"""Backoff between retries: doubles per attempt, capped, off at base 0."""

import pytest

from ogpcrawl.retry import backoff_seconds


@pytest.mark.parametrize("attempt, expected", [(1, 2.0), (2, 4.0), (3, 8.0), (5, 30.0), (9, 30.0)])
def test_backoff_doubles_and_is_capped(attempt, expected):
    assert backoff_seconds(attempt, base=2.0, cap=30.0) == expected


def test_backoff_off():
    assert backoff_seconds(3, base=0, cap=30.0) == 0.0
    assert backoff_seconds(0, base=2.0, cap=30.0) == 0.0


def test_a_dns_failure_is_retried_without_the_wait():
    """Behind a proxy a name that does not resolve is a 502 with Proxy-Status dns_error: retried
    at once; a 503 from the host itself waits (OGP_RETRY_BACKOFF_BASE)."""
    import asyncio

    from scrapy import Request, Spider
    from scrapy.http import Response
    from scrapy.utils.test import get_crawler

    from ogpcrawl.retry import BackoffRetryMiddleware

    crawler = get_crawler(Spider, settings_dict={"OGP_RETRY_BACKOFF_BASE": "0.01"})
    crawler.spider = Spider.from_crawler(crawler, "s")
    mw = BackoffRetryMiddleware.from_crawler(crawler)
    req = Request("http://dead.gov.az/")
    dns = Response(req.url, status=502, headers={"Proxy-Status": "farm; error=dns_error"})
    busy = Response(req.url, status=503)
    retried = asyncio.run(mw.process_response(req, dns))
    assert isinstance(retried, Request) and retried.meta["retry_times"] == 1
    assert crawler.stats.get_value("ogp/retry_backoff_seconds") is None
    retried = asyncio.run(mw.process_response(req, busy))
    assert isinstance(retried, Request)
    assert crawler.stats.get_value("ogp/retry_backoff_seconds") == 0.01
