"""Social reads beside the visit (ogpcrawl/spiders/social.py): a real spider's callbacks fed
real Scrapy responses, and the run-wide bookkeeping's memory bound."""

from __future__ import annotations

import pickle

from scrapy.http import HtmlResponse
from scrapy.utils.test import get_crawler

from ogpcrawl.items import SiteSnapshot
from ogpcrawl.spiders.local_ih import LocalIhSpider
from ogpcrawl.spiders.social import SocialReads

FB = "https://www.facebook.com/agstafaih"
HOME = f"""<html><body><ul class="menu"><li><a href="/page/3.html">Xəbərlər</a></li></ul>
<footer><a class="facebook" href="{FB}">Facebook</a></footer></body></html>"""
PLUGIN = """<html id="facebook"><body class="plugin"><div data-testid="page-plugin">
<div id="timeline"><div class="_5pcr userContentWrapper"><a class="_5pcq" href="#">
<abbr data-utime="1534500000" class="_5ptz">Aug 17</abbr></a></div></div></div></body></html>"""


def spider(**settings):
    crawler = get_crawler(LocalIhSpider, {"AS_OF": "2018-08-20", **settings})
    return LocalIhSpider.from_crawler(crawler, only="agstafa,agdam")


def home(s, agency):
    request = s.first_request(agency)
    response = HtmlResponse(request.url, body=HOME.encode(), encoding="utf-8", request=request)
    return request.meta["ogp"], s._on_home(response)


def chains(out):
    return [r for r in out if hasattr(r, "meta") and "ogp_read" in r.meta]


def test_the_read_starts_with_the_home_page_and_the_parked_visit_gets_its_views():
    s = spider()
    visit, out = home(s, s.agencies[0])
    started = chains(out)
    assert [r.meta["ogp_account"] for r in started] == [FB]
    chain = started[0]
    assert "ogp" not in chain.meta  # the chain carries plain data, not the visit
    assert chain.meta["download_slot"] == "social-facebook" and chain.meta["dont_retry"]
    # the chain's request survives what a JOBDIR disk queue does to it
    assert pickle.loads(pickle.dumps(chain.to_dict(spider=s)))["meta"]["ogp_read"]["url"] == FB
    assert any(getattr(r, "callback", None) == s._on_page for r in out)  # the site goes on

    visit.queue = []  # the site's own pages are done; the read is not
    assert s._next(visit) == [] and s._social.parked() == 1

    response = HtmlResponse(chain.url, body=PLUGIN.encode(), encoding="utf-8", request=chain)
    out = s._on_social(response)
    snaps = [x for x in out if isinstance(x, SiteSnapshot)]
    assert [x["agency_id"] for x in snaps] == [visit.agency_id] and s._social.parked() == 0
    views = snaps[0]["social_views"][FB]
    assert [v["status"] for v in views] == [200] and "1534500000" in views[0]["text"]
    assert s.crawler.stats.get_value("ogp/social_requests/facebook") == 1

    # another agency linking the same account: no request, the same views
    other, out = home(s, s.agencies[1])
    assert chains(out) == []
    other.queue = []
    snap = s._next(other)[0]
    assert snap["social_views"][FB] == views
    assert s.crawler.stats.get_value("ogp/social_requests/facebook") == 1


def test_no_reads_when_social_activity_is_off():
    s = spider(OGP_SOCIAL_ACTIVITY=False)
    visit, out = home(s, s.agencies[0])
    assert chains(out) == []
    visit.queue = []
    snap = s._next(visit)[0]
    assert snap["social_views"] == {}


def test_a_read_is_kept_while_wanted_then_only_in_the_small_lru():
    reads = SocialReads(windows={"facebook": 1}, keep=2)
    items = [{"network": "facebook", "url": f"a{i}", "next": f"v{i}"} for i in range(4)]
    reads.want("a0")
    for item in items:
        reads.add(item)
    assert [i["url"] for i in reads.dispatch()] == ["a0"]  # the window: one at a time
    reads.park("x", object(), ["a2"])  # a visit waits for a2: it goes next
    assert reads.finish("a0", ["v0"]) == []
    assert [i["url"] for i in reads.dispatch()] == ["a2"]
    assert len(reads.finish("a2", ["v2"])) == 1 and reads.parked() == 0
    for url in ("a1", "a3"):
        reads.dispatch()
        reads.finish(url, [url])
    # a0 is wanted: kept outside the LRU, which holds the last two of the others
    assert reads.views("a0") == ["v0"] and reads.held() == 3
    assert reads.views("a2") is None and reads.views("a3") == ["a3"]
    reads.release("a0")
    assert reads.held() == 2 and reads.views("a0") == ["v0"] and reads.views("a1") is None


def test_a_distributed_run_reads_inside_the_visit():
    """One request queue shared by processes: no chain of its own (another process could take
    it), the visit reads its accounts after its pages, carrying itself in the request."""
    s = spider(OGP_DISTRIBUTED=True)
    visit, out = home(s, s.agencies[0])
    assert chains(out) == []
    visit.queue = []
    [read] = s._next(visit)
    assert read.meta["ogp"] is visit and read.meta["ogp_account"] == FB
    response = HtmlResponse(read.url, body=PLUGIN.encode(), encoding="utf-8", request=read)
    [snap] = s._on_social(response)
    assert isinstance(snap, SiteSnapshot) and [v["status"] for v in snap["social_views"][FB]] == [
        200
    ]
