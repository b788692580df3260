"""The one allow-list of hosts (ogpcrawl/reach.py): agencies' hosts, their registrable domains,
the social networks being read; the PAC script Chromium gets from it; the crawler's middleware."""

from __future__ import annotations

import pytest
from scrapy import Request
from scrapy.exceptions import IgnoreRequest
from scrapy.statscollectors import MemoryStatsCollector
from scrapy.utils.test import get_crawler

from ogpcrawl.agencies import Agency
from ogpcrawl.browser import launch_options
from ogpcrawl.reach import BLACKHOLE, OffsiteBlockMiddleware, Reach, pac_url, registrable_domain

AGENCIES = [
    Agency("baku", "Bakı", "local", "local_ih", "http://baku-ih.gov.az/"),
    Agency(
        "ganja",
        "Gəncə",
        "local",
        "local_ih",
        "http://ganja-ih.gov.az/",
        alt_urls=("http://gence-ih.gov.az/",),
    ),
]
REACH = Reach.from_agencies(AGENCIES, ["www.facebook.com"])


@pytest.mark.parametrize(
    "url",
    [
        "http://baku-ih.gov.az/",
        "https://www.baku-ih.gov.az/page/1.html",
        "http://m.baku-ih.gov.az",
        "http://www.gence-ih.gov.az/",
        "https://www.facebook.com/plugins/page.php",
        "BAKU-IH.GOV.AZ",
    ],
)
def test_agencies_their_domains_and_networks_being_read_are_allowed(url):
    assert REACH.allows(url)


@pytest.mark.parametrize(
    "url",
    [
        "https://accounts.google.com/ListAccounts",
        "http://update.googleapis.com/service/update2",
        "http://gov.az/",
        "http://evil-baku-ih.gov.az/",
        "http://stat.gov.az/",
        "http://baku-ih.gov.az.evil.com/",
        "https://facebook.com.evil.net/",
        "http://127.0.0.1:8080/",
        "",
        "not a url",
    ],
)
def test_everything_else_is_refused(url):
    assert not REACH.allows(url)


def test_gov_az_is_a_public_suffix_so_agencies_never_admit_each_other():
    assert registrable_domain("www.baku-ih.gov.az") == "baku-ih.gov.az"
    assert registrable_domain("gov.az") == ""


def test_pac_script_sends_allowed_hosts_through_the_proxy_and_the_rest_nowhere():
    script = REACH.pac_script("127.0.0.1:8899", ["localhost"])
    assert f"PROXY {BLACKHOLE}" in script and "'PROXY 127.0.0.1:8899'" in script
    assert '"baku-ih.gov.az"' in script and '"www.facebook.com"' in script
    assert "'DIRECT'" in REACH.pac_script(None)


def test_the_browser_gets_the_pac_script_instead_of_a_proxy_server():
    opts = launch_options({"https_proxy": "http://127.0.0.1:8899"}, reach=REACH)
    assert "proxy" not in opts
    [pac] = [a for a in opts["args"] if a.startswith("--proxy-pac-url=")]
    assert pac == "--proxy-pac-url=" + pac_url(REACH.pac_script("127.0.0.1:8899", [""]))


def test_a_proxy_with_a_password_keeps_playwrights_proxy_option():
    opts = launch_options({"https_proxy": "http://u:p@127.0.0.1:8899"}, reach=REACH)
    assert opts["proxy"]["username"] == "u"


def test_the_middleware_drops_off_site_requests_and_counts_them():
    stats = MemoryStatsCollector(get_crawler())
    mw = OffsiteBlockMiddleware(REACH, stats)
    assert mw.process_request(Request("http://www.baku-ih.gov.az/robots.txt")) is None
    with pytest.raises(IgnoreRequest, match="off-site host accounts.google.com"):
        mw.process_request(Request("https://accounts.google.com/x"))
    assert stats.get_value("ogp/offsite_blocked") == 1
