"""One Playwright driver and one Chromium per crawler process (issue 18, item 5), though Scrapy
makes a download handler per scheme: a crawl rendering an http and an https site launches one
browser, so every limit (pages, contexts, memory) holds for the process, not per scheme."""

from __future__ import annotations

import pytest

from tests.conftest import run_crawl

from .helpers import stats_from_log

pytestmark = [pytest.mark.browser, pytest.mark.e2e]


def test_http_and_https_sites_share_one_browser(farm, chromium, tmp_path):
    result = run_crawl("ministries", tmp_path, env=farm.env, args={"only": "stat,maliyye"},
                       settings={"AS_OF": "2018-08-20", "OGP_BROWSER": "always",
                                 "OGP_CHROMIUM": chromium})
    assert result.returncode == 0, result.stderr[-3000:]
    snaps = result.by_id()
    assert snaps["stat"]["final_url"].startswith("https://")
    assert snaps["maliyye"]["final_url"].startswith("http://")
    assert all(s["rendering"]["browser"] for s in snaps.values())
    stats = stats_from_log(result.stderr)
    assert stats["ogp/browser/pages"] >= 4
    assert stats["playwright/browser_count"] == 1
    assert result.stderr.count("Starting download handler") == 1  # one Playwright driver
