"""One run crawled from several processes or machines that share a Redis server.

Two things are shared, both keyed by the run id, so every process of a run must be given the
same one (`-s OGP_RUN_ID=...` or `-a run_id=...`; Scrapyd's `_job` differs per node):

- the agency frontier (RedisFrontier): an agency is visited by the process that first adds it
  to `ogp:{run}:claimed` (one atomic SADD), and is added to `ogp:{run}:done` only once its
  snapshot is durable (stored or spooled; see ogpcrawl/frontier.py). A process killed with
  snapshots still buffered leaves them claimed but not done, so a worker started with
  OGP_REDIS_RECLAIM=True visits them again; the database keeps one row per (run, agency).
- the request queue (RedisScheduler, scrapy-redis): a visit's requests carry their state in
  meta and their callbacks are spider methods, so any process can continue any visit.

Switched on by settings alone: `-s OGP_DISTRIBUTED=True` (the project's ADDONS lists the
add-on, off by default). docs/scale.md has the
whole recipe, Scrapyd on several nodes included.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

import redis
from scrapy.dupefilters import BaseDupeFilter
from scrapy.exceptions import NotConfigured
from scrapy.settings import SETTINGS_PRIORITIES
from scrapy.utils.misc import load_object
from scrapy_redis import defaults as redis_defaults
from scrapy_redis.scheduler import Scheduler as ScrapyRedisScheduler

logger = logging.getLogger(__name__)

DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/0"
# Keys live this long after their last write: a run's frontier outlives a pause or a crash
# (resume within the week) but a forgotten run does not stay in Redis for ever.
DEFAULT_KEY_TTL = 7 * 24 * 3600
QUEUE_KEY = "%(prefix)s:%(run_id)s:%(spider)s:requests"

# What the add-on sets (at "addon" priority, so -s on the command line still wins).
SETTINGS = {
    "SCHEDULER": "ogpcrawl.distributed.RedisScheduler",
    "OGP_FRONTIER": "ogpcrawl.distributed.RedisFrontier",
    # A process that finishes first must not delete the requests the others still need.
    "SCHEDULER_PERSIST": True,
    # Every chain request is dont_filter=True (a visit tracks its own pages), so a shared
    # fingerprint set would only cost a Redis write per request.
    "DUPEFILTER_CLASS": "scrapy.dupefilters.BaseDupeFilter",
    "SCHEDULER_QUEUE_CLASS": "scrapy_redis.queue.PriorityQueue",
    # Each process would render partial annexes when it stops; render once, after the last
    # worker stops: `scrapy report --run RUN_ID`.
    "REPORT_ON_CLOSE": False,
}


def redis_client(settings) -> redis.Redis:
    url = settings.get("REDIS_URL") or DEFAULT_REDIS_URL
    client = redis.Redis.from_url(url)
    try:
        client.ping()
    except redis.RedisError as exc:
        raise RuntimeError(
            f"distributed mode: Redis at {url} is unavailable ({exc}); start it or set REDIS_URL"
        ) from exc
    return client


def key_prefix(settings) -> str:
    return settings.get("OGP_REDIS_PREFIX") or "ogp"


class RedisFrontier:
    """The agency frontier of one run, shared by every process through Redis sets."""

    def __init__(
        self,
        server: redis.Redis,
        run_id: str,
        *,
        prefix: str = "ogp",
        ttl: int = DEFAULT_KEY_TTL,
        reclaim: bool = False,
    ):
        self.server, self.run_id, self.ttl = server, run_id, ttl
        self.claimed_key = f"{prefix}:{run_id}:claimed"
        self.done_key = f"{prefix}:{run_id}:done"
        self._emitted: set[str] = set()
        # After a crash, agencies claimed by a dead process are never started again unless
        # a restarted worker may take them over (a live one finishing too is dropped by finish).
        self.reclaim = reclaim

    @classmethod
    def from_settings(cls, settings, run_id: str):
        return cls(
            redis_client(settings),
            run_id,
            prefix=key_prefix(settings),
            ttl=settings.getint("OGP_REDIS_TTL", DEFAULT_KEY_TTL),
            reclaim=settings.getbool("OGP_REDIS_RECLAIM"),
        )

    def _add(self, key: str, agency_id: str) -> bool:
        pipe = self.server.pipeline()
        pipe.sadd(key, agency_id)
        pipe.expire(key, self.ttl)
        added, _ = pipe.execute()
        return added == 1

    def restore(self, done: Iterable[str]) -> None:
        """Agencies already stored or spooled for this run (an earlier attempt): done, and so
        claimed too, for every process of the run."""
        done = [a for a in done if a]
        if done:
            pipe = self.server.pipeline()
            for key in (self.claimed_key, self.done_key):
                pipe.sadd(key, *done)
                pipe.expire(key, self.ttl)
            pipe.execute()

    def done(self) -> set[str]:
        return {m.decode() for m in self.server.smembers(self.done_key)}

    def claim(self, agency_id: str) -> bool:
        """True for exactly one process of the run: the one that should start the visit."""
        if self._add(self.claimed_key, agency_id):
            return True
        return self.reclaim and not self.server.sismember(self.done_key, agency_id)

    def finish(self, agency_id: str) -> bool:
        """False drops a duplicate: the agency is durably done, or this process emitted it."""
        if agency_id in self._emitted or self.server.sismember(self.done_key, agency_id):
            return False
        self._emitted.add(agency_id)
        return True

    def mark_done(self, agency_ids: Iterable[str]) -> None:
        """These agencies' snapshots are durable (stored or spooled): done for every process."""
        ids = [a for a in agency_ids if a]
        if ids:
            pipe = self.server.pipeline()
            pipe.sadd(self.done_key, *ids)
            pipe.expire(self.done_key, self.ttl)
            pipe.execute()

    def clear(self) -> None:
        self.server.delete(self.claimed_key, self.done_key)


class RedisScheduler(ScrapyRedisScheduler):
    """scrapy-redis's scheduler, fitted to Scrapy 2.13+ and to ogpcrawl runs.

    - the queue key names the run (QUEUE_KEY), so runs and spiders never share a queue;
    - stats are counted without the `spider=` argument Scrapy 2.13 deprecated;
    - the duplicate filter is built here (from_crawler), not through from_settings/from_spider.
    """

    @classmethod
    def from_crawler(cls, crawler):
        s = crawler.settings
        serializer = s.get("SCHEDULER_SERIALIZER")
        if isinstance(serializer, str):
            import importlib

            serializer = importlib.import_module(serializer)
        df_cls = load_object(s.get("DUPEFILTER_CLASS") or "scrapy.dupefilters.BaseDupeFilter")
        df = df_cls.from_crawler(crawler) if hasattr(df_cls, "from_crawler") else df_cls()
        scheduler = cls(
            server=redis_client(s),
            persist=s.getbool("SCHEDULER_PERSIST", True),
            flush_on_start=s.getbool("SCHEDULER_FLUSH_ON_START"),
            queue_key=s.get("OGP_SCHEDULER_QUEUE_KEY") or QUEUE_KEY,
            queue_cls=s.get("SCHEDULER_QUEUE_CLASS") or redis_defaults.SCHEDULER_QUEUE_CLASS,
            dupefilter=df,
            idle_before_close=s.getint("SCHEDULER_IDLE_BEFORE_CLOSE"),
            serializer=serializer,
        )
        scheduler.stats = crawler.stats
        scheduler.prefix = key_prefix(s)
        scheduler.ttl = s.getint("OGP_REDIS_TTL", DEFAULT_KEY_TTL)
        return scheduler

    def open(self, spider):
        run_id = getattr(spider, "run_id", None) or "norun"
        if not (getattr(spider, "_run_id_arg", None) or spider.settings.get("OGP_RUN_ID")):
            logger.warning(
                "distributed mode without a shared run id: this process crawls run "
                "%s alone. Give every worker the same -s OGP_RUN_ID=...",
                run_id,
            )
        # scrapy-redis formats the key again with %(spider)s only: fill ours in first.
        self.queue_key = self.queue_key % {
            "prefix": self.prefix,
            "run_id": run_id,
            "spider": spider.name,
        }
        if isinstance(self.df, BaseDupeFilter) and hasattr(self.df, "open"):
            self.df.open()
        super().open(spider)
        logger.info("distributed: run %s, request queue %s", run_id, self.queue_key)

    def flush(self):
        self.queue.clear()  # our duplicate filter keeps nothing

    def close(self, reason):
        super().close(reason)
        if self.persist:
            # Only an empty queue is deleted by Redis; keep a paused run's for a while, not for ever.
            self.server.expire(self.queue_key, self.ttl)

    def enqueue_request(self, request):
        if not request.dont_filter and self.df.request_seen(request):
            self.df.log(request, self.spider)
            return False
        self.stats.inc_value("scheduler/enqueued/redis")
        self.queue.push(request)
        return True

    def next_request(self):
        request = self.queue.pop(self.idle_before_close)
        if request is not None:
            self.stats.inc_value("scheduler/dequeued/redis")
        return request


class DistributedAddon:
    """Scrapy add-on: the settings of distributed mode in one switch.

    Enable with ADDONS = {"ogpcrawl.distributed.DistributedAddon": 0}. When the project lists
    it permanently, OGP_DISTRIBUTED=False (the default there) keeps it off.
    """

    @classmethod
    def update_pre_crawler_settings(cls, settings) -> None:
        # The spider reads OGP_FRONTIER when it is built, which is before update_settings runs;
        # this hook runs before the crawler (and the spider) exist.
        if settings.getbool("OGP_DISTRIBUTED", True):
            cls.apply(settings)

    def update_settings(self, settings) -> None:
        if not settings.getbool("OGP_DISTRIBUTED", True):
            raise NotConfigured
        self.apply(settings)

    @staticmethod
    def apply(settings) -> None:
        for name, value in {"REDIS_URL": DEFAULT_REDIS_URL, **SETTINGS}.items():
            if name == "REDIS_URL" and settings.get(name):
                continue
            # Beat the project's settings.py (REPORT_ON_CLOSE is set there), never the command line.
            current = settings.getpriority(name) or 0
            priority = max(
                SETTINGS_PRIORITIES["addon"], min(current, SETTINGS_PRIORITIES["project"])
            )
            settings.set(name, value, priority=priority)
