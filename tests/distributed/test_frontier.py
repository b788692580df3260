"""RedisFrontier and the add-on, without a crawl."""

from __future__ import annotations

import pytest
import redis
from scrapy.settings import Settings

from ogpcrawl import settings as project_settings
from ogpcrawl.distributed import DistributedAddon, RedisFrontier
from ogpcrawl.frontier import make_frontier


def frontier(redis_url, prefix, run_id="r1", **kw) -> RedisFrontier:
    return RedisFrontier(redis.Redis.from_url(redis_url), run_id, prefix=prefix, **kw)


@pytest.mark.redis
def test_two_frontiers_of_one_run_claim_and_finish_each_agency_once(redis_url, redis_prefix):
    a, b = frontier(redis_url, redis_prefix), frontier(redis_url, redis_prefix)
    assert a.claim("x") is True
    assert b.claim("x") is False  # the other process visits it
    assert b.claim("y") is True
    assert b.finish("x") is True  # whoever ends the visit reports it...
    assert b.finish("x") is False  # ...once per process
    assert a.done() == set()  # emitted is not done: the snapshot is not durable yet
    b.mark_done(["x"])  # the persist pipeline wrote it
    assert a.finish("x") is False  # durably done: any other copy is a duplicate
    assert a.done() == b.done() == {"x"}


@pytest.mark.redis
def test_runs_do_not_share_a_frontier(redis_url, redis_prefix):
    assert frontier(redis_url, redis_prefix, "r1").claim("x") is True
    assert frontier(redis_url, redis_prefix, "r2").claim("x") is True


@pytest.mark.redis
def test_reclaim_takes_over_claimed_but_unfinished_agencies(redis_url, redis_prefix):
    dead = frontier(redis_url, redis_prefix)
    dead.claim("x")
    dead.claim("y")
    dead.claim("z")
    dead.finish("y")
    dead.mark_done(["y"])
    dead.finish("z")  # emitted, still in the write buffer when the process was killed
    restarted = frontier(redis_url, redis_prefix, reclaim=True)
    assert restarted.claim("x") is True
    assert restarted.claim("y") is False
    assert restarted.claim("z") is True  # its snapshot never became durable: visit it again
    assert restarted.finish("z") is True


@pytest.mark.redis
def test_restore_marks_stored_agencies_done_and_claimed_for_every_process(redis_url, redis_prefix):
    frontier(redis_url, redis_prefix).restore(["x", ""])
    other = frontier(redis_url, redis_prefix)
    assert other.done() == {"x"}
    assert other.claim("x") is False
    assert other.finish("x") is False


@pytest.mark.redis
def test_keys_expire(redis_url, redis_prefix):
    f = frontier(redis_url, redis_prefix, ttl=1000)
    f.claim("x")
    f.mark_done(["x"])
    assert 0 < f.server.ttl(f.claimed_key) <= 1000
    assert 0 < f.server.ttl(f.done_key) <= 1000


@pytest.mark.redis
def test_make_frontier_builds_the_redis_frontier_from_settings(redis_url, redis_prefix):
    s = Settings(
        {
            "OGP_FRONTIER": "ogpcrawl.distributed.RedisFrontier",
            "REDIS_URL": redis_url,
            "OGP_REDIS_PREFIX": redis_prefix,
        }
    )
    f = make_frontier(s, "r9")
    assert isinstance(f, RedisFrontier)
    assert f.done_key == f"{redis_prefix}:r9:done"


def test_addon_switches_distributed_mode_on_over_the_project_settings():
    s = Settings()
    s.setmodule(project_settings, priority="project")
    s.set("OGP_DISTRIBUTED", True, priority="cmdline")  # settings.py lists the add-on, off
    s.set("REPORT_DIR", "elsewhere", priority="cmdline")
    s.set("SCHEDULER_PERSIST", False, priority="cmdline")  # the operator's word wins
    DistributedAddon.update_pre_crawler_settings(s)
    assert s["SCHEDULER"] == "ogpcrawl.distributed.RedisScheduler"
    assert s["OGP_FRONTIER"] == "ogpcrawl.distributed.RedisFrontier"
    assert s.getbool("REPORT_ON_CLOSE") is False  # set to True in settings.py
    assert s.getbool("SCHEDULER_PERSIST") is False
    assert s["REDIS_URL"] == "redis://127.0.0.1:6379/0"


def test_addon_stays_off_when_ogp_distributed_is_false():
    s = Settings({"OGP_DISTRIBUTED": False})
    DistributedAddon.update_pre_crawler_settings(s)
    assert not s.get("OGP_FRONTIER")
