"""LatencyThrottle (ogpcrawl/politeness.py): a host's delay is its last answer's time, never
below DOWNLOAD_DELAY, and an error page never speeds a host up; and PoliteDownloader's
back-out leaves social accounts' reads out of a family's concurrency."""

from __future__ import annotations

from scrapy import Request, Spider
from scrapy.core.downloader import Slot
from scrapy.http import Response
from scrapy.utils.test import get_crawler

from ogpcrawl.politeness import LatencyThrottle, PoliteDownloader


def throttle(**settings) -> LatencyThrottle:
    crawler = get_crawler(Spider, {"AUTOTHROTTLE_ENABLED": True, "DOWNLOAD_DELAY": 1.0, **settings})
    t = LatencyThrottle.from_crawler(crawler)
    t.mindelay, t.maxdelay = 1.0, 30.0
    return t


def test_the_delay_follows_the_last_answer_within_the_floor():
    t, slot = throttle(), Slot(concurrency=1, delay=1.0, jitter=0)
    ok = Response("http://a.gov.az/", status=200)
    t._adjust_delay(slot, 7.5, ok)
    assert slot.delay == 7.5  # a slow answer: the host gets that long
    t._adjust_delay(slot, 0.5, ok)
    assert slot.delay == 1.0  # fast again: back to DOWNLOAD_DELAY, not 4.0 as Scrapy's average
    t._adjust_delay(slot, 45, ok)
    assert slot.delay == 30.0  # AUTOTHROTTLE_MAX_DELAY


def test_a_slots_own_delay_is_its_floor():
    """OGP_SOCIAL_DOWNLOAD_DELAY (a network's slot delay in DOWNLOAD_SLOTS) stays a floor."""
    t = throttle(DOWNLOAD_SLOTS={"social-facebook": {"concurrency": 1, "delay": 3.5}})
    slot = Slot(concurrency=1, delay=3.5, jitter=0)
    t._key = "social-facebook"
    t._adjust_delay(slot, 0.4, Response("https://www.facebook.com/x", status=200))
    assert slot.delay == 3.5
    t._key = "a.gov.az"
    t._adjust_delay(slot, 0.4, Response("http://a.gov.az/", status=200))
    assert slot.delay == 1.0


def test_an_error_page_never_speeds_a_host_up():
    t, slot = throttle(), Slot(concurrency=1, delay=6.0, jitter=0)
    t._adjust_delay(slot, 0.1, Response("http://a.gov.az/x", status=404))
    assert slot.delay == 6.0
    t._adjust_delay(slot, 9.0, Response("http://a.gov.az/x", status=503))
    assert slot.delay == 9.0


def test_reads_are_not_the_visits_concurrency():
    crawler = get_crawler(Spider, {"CONCURRENT_REQUESTS": 2})
    downloader = PoliteDownloader(crawler)
    reads = [Request(f"https://www.facebook.com/{i}", meta={"ogp_read": {}}) for i in range(5)]
    downloader.active.update(reads)
    assert not downloader.needs_backout()  # five reads in flight: the visits still have room
    downloader.active.update(Request(f"http://a.gov.az/{i}") for i in range(2))
    assert downloader.needs_backout()
