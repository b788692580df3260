"""Each social network read is one download slot with its own concurrency and delay."""

from __future__ import annotations

from scrapy.settings import Settings

from ogpcrawl.spiders.local_ih import LocalIhSpider


def slots(**overrides) -> dict:
    s = Settings({"DOWNLOAD_SLOTS": {"example.gov.az": {"concurrency": 3}}, **overrides})
    LocalIhSpider.update_settings(s)
    return s.getdict("DOWNLOAD_SLOTS")


def test_one_slot_per_network_with_a_view():
    got = slots()
    assert {k for k in got if k.startswith("social-")} == {
        "social-youtube",
        "social-telegram",
        "social-facebook",
        "social-vk",
    }
    assert got["social-facebook"] == {"concurrency": 1}  # the data file's figure; delay: default
    assert got["example.gov.az"] == {"concurrency": 3}  # the operator's own slots are kept


def test_concurrency_and_delay_settings():
    got = slots(OGP_SOCIAL_CONCURRENCY_PER_NETWORK=2, OGP_SOCIAL_DOWNLOAD_DELAY="3.5")
    assert got["social-youtube"] == {"concurrency": 2, "delay": 3.5}
