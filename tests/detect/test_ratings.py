from __future__ import annotations

import pytest

from ogpcrawl import vocab
from ogpcrawl.detect.ratings import rate


def snap(**over):
    base = {
        "reachable": True,
        "as_of": "2018-08-20",
        "mobile": {"viewport": False, "mobile_url": None, "responsive": None},
        "social": [],
        "council": {
            "section": False,
            "status": "absent",
            "members": None,
            "events": None,
            "last_event": None,
        },
        "procurement": {"section": False, "items": None, "last_item": None, "portal_links": 0},
        "news": {"cadence": "none"},
    }
    for key, value in over.items():
        base[key] = {**base[key], **value} if isinstance(base.get(key), dict) else value
    return base


FB = [{"network": "facebook", "url": "https://www.facebook.com/x"}]


@pytest.mark.parametrize(
    ("over", "expected"),
    [
        ({}, "not_started"),
        ({"social": FB}, "limited"),
        ({"mobile": {"viewport": True}}, "limited"),
        ({"mobile": {"mobile_url": "http://m.x.gov.az/"}}, "limited"),
        ({"mobile": {"viewport": True}, "social": FB}, "substantial"),
        (
            {"mobile": {"viewport": True}, "social": FB, "news": {"cadence": "monthly"}},
            "substantial",
        ),
        ({"mobile": {"viewport": True}, "social": FB, "news": {"cadence": "weekly"}}, "complete"),
        ({"mobile": {"viewport": True}, "social": FB, "news": {"cadence": "daily"}}, "complete"),
        (
            {
                "mobile": {"viewport": True, "responsive": False},
                "social": FB,
                "news": {"cadence": "daily"},
            },
            "limited",
        ),
        ({"mobile": {"responsive": True}, "social": FB, "news": {"cadence": "daily"}}, "complete"),
    ],
)
def test_24(over, expected):
    assert rate(snap(**over))["2.4"] == expected


@pytest.mark.parametrize(
    ("council", "r421", "r422"),
    [
        ({}, "not_started", "not_started"),
        ({"section": True, "status": "empty"}, "not_started", "limited"),
        ({"section": True, "status": "legislation_only"}, "not_started", "limited"),
        ({"section": True, "status": "off_topic"}, "not_started", "limited"),
        ({"section": True, "status": "unknown"}, "not_started", "limited"),
        ({"section": True, "status": "announcement"}, "limited", "limited"),
        ({"section": True, "status": "members", "members": 9}, "substantial", "substantial"),
        (
            {
                "section": True,
                "status": "active",
                "members": 0,
                "events": 2,
                "last_event": "2018-06-01",
            },
            "substantial",
            "complete",
        ),
        (
            {
                "section": True,
                "status": "active",
                "members": 15,
                "events": 7,
                "last_event": "2018-08-05",
            },
            "complete",
            "complete",
        ),
        (
            {
                "section": True,
                "status": "active",
                "members": 15,
                "events": 5,
                "last_event": "2017-11-20",
            },
            "complete",
            "substantial",
        ),
        ({"section": False, "status": "announcement"}, "limited", "not_started"),
    ],
)
def test_421_422(council, r421, r422):
    ratings = rate(snap(council=council))
    assert (ratings["4.2.1"], ratings["4.2.2"]) == (r421, r422)


@pytest.mark.parametrize(
    ("proc", "expected"),
    [
        ({}, "not_started"),
        ({"portal_links": 2}, "limited"),
        ({"section": True, "items": 0}, "limited"),
        ({"section": True, "items": None}, "limited"),
        ({"section": True, "items": 4, "last_item": "2018-05-05"}, "complete"),
        ({"section": True, "items": 4, "last_item": "2015-05-05"}, "substantial"),
        ({"section": True, "items": 4, "last_item": None}, "substantial"),
    ],
)
def test_56(proc, expected):
    assert rate(snap(procurement=proc))["5.6"] == expected


def test_unreachable_site_is_not_started_everywhere():
    full = snap(mobile={"viewport": True}, social=FB, procurement={"section": True, "items": 3})
    assert rate({**full, "reachable": False}) == {c: "not_started" for c in vocab.COMMITMENTS}


@pytest.mark.parametrize("garbage", [{}, {"mobile": "x", "council": 5, "social": "y"}, None, []])
def test_garbage_never_raises(garbage):
    ratings = rate(garbage)
    assert set(ratings) == set(vocab.COMMITMENTS)
    assert set(ratings.values()) <= set(vocab.RATINGS)
