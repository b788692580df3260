"""The census's bookkeeping: concurrency shares, merged figures, `only=` per family, and when
the last family has closed."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from scrapy import signals
from scrapy.utils.test import get_crawler

from ogpcrawl.agencies import AgenciesFileError, Agency
from ogpcrawl.census import CensusRound, merge_stats, share_concurrency
from ogpcrawl.commands.census import _only_per_family


def test_concurrency_is_shared_in_proportion_and_adds_up():
    assert share_concurrency(32, {"local_ih": 80, "ministries": 23}) == {
        "local_ih": 25,
        "ministries": 7,
    }
    assert share_concurrency(2, {"local_ih": 4000, "ministries": 1}) == {
        "local_ih": 1,
        "ministries": 1,
    }
    assert share_concurrency(16, {"local_ih": 0, "ministries": 5}) == {"ministries": 16}
    assert share_concurrency(16, {"local_ih": 0, "ministries": 0}) == {}


def test_figures_add_up_and_times_span_the_round():
    t1, t2 = datetime(2026, 1, 1, tzinfo=UTC), datetime(2026, 1, 2, tzinfo=UTC)
    merged = merge_stats(
        [
            {
                "ogp/agencies_total": 80,
                "ogp/pages": 700,
                "start_time": t2,
                "finish_time": t1,
                "memusage/max": 100,
                "finish_reason": "finished",
            },
            {
                "ogp/agencies_total": 23,
                "ogp/page_errors/dns": 2,
                "start_time": t1,
                "finish_time": t2,
                "memusage/max": 90,
                "finish_reason": "shutdown",
            },
        ]
    )
    assert merged["ogp/agencies_total"] == 103
    assert merged["ogp/pages"] == 700 and merged["ogp/page_errors/dns"] == 2
    assert (merged["start_time"], merged["finish_time"]) == (t1, t2)
    assert merged["memusage/max"] == 100


def agency(aid: str, family: str) -> Agency:
    return Agency(
        agency_id=aid,
        name=aid,
        level="local" if family == "local_ih" else "central",
        family=family,
        url=f"http://{aid}.gov.az/",
    )


def test_only_is_split_by_family_and_unknown_ids_are_refused():
    agencies = [agency("baku", "local_ih"), agency("quba", "local_ih"), agency("taxes", "ministry")]
    assert _only_per_family(agencies, None) == {"local_ih": None, "ministries": None}
    assert _only_per_family(agencies, "taxes, quba") == {
        "local_ih": ["quba"],
        "ministries": ["taxes"],
    }
    assert _only_per_family(agencies, "quba") == {"local_ih": ["quba"], "ministries": []}
    with pytest.raises(AgenciesFileError, match="nope"):
        _only_per_family(agencies, "quba,nope")


def test_the_round_is_complete_when_every_family_has_closed():
    a, b = get_crawler(), get_crawler()
    census = CensusRound("r1")
    census.join(a)
    census.join(b)
    assert a.ogp_round is census and not census.complete
    a.signals.send_catch_log(signals.spider_closed, spider=None, reason="finished")
    assert not census.complete
    b.signals.send_catch_log(signals.spider_closed, spider=None, reason="closespider_timeout")
    assert census.complete
    assert census.reason() == "closespider_timeout"


def test_a_family_that_never_started_still_lets_the_round_end():
    a, b = get_crawler(), get_crawler()
    census = CensusRound("r1")
    census.join(a)
    census.join(b)
    census.abandon(b)
    a.signals.send_catch_log(signals.spider_closed, spider=None, reason="finished")
    assert census.complete and census.reason() == "bootstrap_failed"
