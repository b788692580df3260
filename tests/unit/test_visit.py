"""A site's Visit survives what JOBDIR disk queues and scrapy-redis do to request meta (pickle),
and the run id / torn-queue recovery of a JOBDIR (ogpcrawl.runinfo)."""

from __future__ import annotations

import pickle
import time

import pytest
from scrapy.utils.request import request_from_dict
from scrapy.utils.test import get_crawler

from ogpcrawl.detect.page import Page
from ogpcrawl.retry import _past_deadline
from ogpcrawl.runinfo import InvalidRunId, resolve_run_id, set_aside_unclean_queue
from ogpcrawl.spiders.local_ih import LocalIhSpider
from ogpcrawl.spiders.visit import Visit

HOME = """<html><body><ul class="menu"><li><a href="/page/5.html">Qanunvericilik</a></li>
<li><a href="/page/3.html">Xəbərlər</a></li></ul>
<form action="/search" method="get"><input name="q"></form></body></html>"""


def spider():
    crawler = get_crawler(LocalIhSpider, {"AS_OF": "2018-08-20"})
    return LocalIhSpider.from_crawler(crawler, only="agstafa")


def visited():
    """A visit past its home page: pages kept, a queue planned, a search check set up."""
    s = spider()
    request = s.first_request(s.agencies[0])
    visit = request.meta["ogp"]
    home = Page(url="http://agstafa-ih.gov.az/", text=HOME, role="home")
    visit.pages.append(home.to_dict())
    visit.fetched += 1
    visit.home = home.url
    s.plan_from_home(visit, home)
    visit.failed.append(
        {"url": "http://agstafa-ih.gov.az/x", "error": "http_404", "role": "news", "capture": None}
    )
    return s, request, visit


def test_a_populated_visit_survives_pickle():
    _, _, visit = visited()
    assert visit.queue and visit.pages and visit.search_check  # populated, not a blank visit
    back = pickle.loads(pickle.dumps(visit, protocol=4))
    assert isinstance(back, Visit) and back == visit and back is not visit
    assert back.queue == visit.queue and back.pages[0]["text"] == HOME
    assert back.agency_id == "agstafa"


def test_a_request_carrying_a_visit_round_trips_like_a_disk_queue_entry():
    s, _, visit = visited()
    request = s._next(visit)  # the next page of the chain, the Visit in its meta
    # what Scrapy's JOBDIR queue (and scrapy-redis's pickle serializer) stores and reads back
    stored = pickle.loads(pickle.dumps(request.to_dict(spider=s), protocol=4))
    back = request_from_dict(stored, spider=s)
    assert back.url == request.url and back.callback == s._on_page
    resumed = back.meta["ogp"]
    assert (
        isinstance(resumed, Visit) and resumed == visit and resumed.issued == 2
    )  # home + this page
    # the resumed visit carries on: the page it asked for is seen, the rest still planned
    assert request.url in resumed.seen
    assert [q["url"] for q in resumed.queue] == [q["url"] for q in visit.queue]


def test_the_budget_and_the_deadline_read_from_the_visit():
    visit = Visit(
        agency={"agency_id": "a"},
        addresses=["http://a.gov.az/"],
        rendering={"browser": False, "reason": "x"},
    )
    visit.issued = 3
    assert visit.remaining(10, robots=1) == 6
    assert visit.time_left() is None and not visit.past_deadline()
    visit.deadline_at = time.time() - 1
    assert visit.past_deadline()

    class Req:  # the retry middleware reads only request.meta
        meta = {"ogp": visit}

    assert _past_deadline(Req)
    visit.deadline_at = time.time() + 60
    assert not _past_deadline(Req)


def test_the_run_id_is_kept_in_the_jobdir(tmp_path):
    jobdir = tmp_path / "job"
    first = resolve_run_id(
        [(None, "-a run_id"), ("r-1", "OGP_RUN_ID")], jobdir=str(jobdir), new=lambda: "fresh"
    )
    assert first == "r-1" and (jobdir / "ogp_run_id").read_text() == "r-1"
    # resumed: the JOBDIR's id wins over a new one
    assert resolve_run_id([], jobdir=str(jobdir), new=lambda: "fresh") == "r-1"
    assert resolve_run_id([], jobdir=None, new=lambda: "fresh") == "fresh"
    with pytest.raises(InvalidRunId, match="OGP_RUN_ID"):
        resolve_run_id([("../x", "OGP_RUN_ID")], jobdir=None, new=lambda: "fresh")


def test_a_torn_request_queue_is_set_aside(tmp_path):
    queue = tmp_path / "requests.queue"
    queue.mkdir()
    (queue / "active.json").write_text("{")  # torn by a kill
    set_aside_unclean_queue(tmp_path)
    assert not queue.exists() and list(tmp_path.glob("requests.queue.unclean-*"))
    assert (tmp_path / "ogp_running").exists()
    # a clean queue after a clean close (no marker) stays
    (tmp_path / "ogp_running").unlink()
    queue.mkdir()
    (queue / "active.json").write_text("[]")
    set_aside_unclean_queue(tmp_path)
    assert queue.exists()
