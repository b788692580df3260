"""One Playwright driver and one Chromium per crawler process (issue 18, item 5), though Scrapy
makes a download handler per scheme: a crawl rendering an http and an https site launches one
browser, so every limit (pages, contexts, memory) holds for the process, not per scheme."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.conftest import FAST_SETTINGS, ROOT, run_crawl

from .helpers import stats_from_log

pytestmark = [pytest.mark.browser, pytest.mark.e2e]


def test_http_and_https_sites_share_one_browser(farm, chromium, tmp_path):
    result = run_crawl(
        "ministries",
        tmp_path,
        env=farm.env,
        args={"only": "stat,maliyye"},
        settings={"AS_OF": "2018-08-20", "OGP_BROWSER": "always", "OGP_CHROMIUM": chromium},
    )
    assert result.returncode == 0, result.stderr[-3000:]
    snaps = result.by_id()
    assert snaps["stat"]["final_url"].startswith("https://")
    assert snaps["maliyye"]["final_url"].startswith("http://")
    assert all(s["rendering"]["browser"] for s in snaps.values())
    stats = stats_from_log(result.stderr)
    assert stats["ogp/browser/pages"] >= 4
    assert stats["playwright/browser_count"] == 1
    assert result.stderr.count("Starting download handler") == 1  # one Playwright driver


def test_a_census_of_both_families_shares_one_browser(farm, chromium, tmp_path):
    """`scrapy crawl census` runs one crawler per family in one process: still one browser."""
    settings = {
        **FAST_SETTINGS,
        "AS_OF": "2018-08-20",
        "OGP_BROWSER": "always",
        "OGP_CHROMIUM": chromium,
        "AGENCIES_FILE": str(ROOT / "seeds" / "agencies.csv"),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'ogp.db'}",
        "REPORT_DIR": str(tmp_path / "output"),
        "OGP_SPOOL_DIR": str(tmp_path / "spool"),
    }
    cmd = [
        sys.executable,
        "-m",
        "scrapy",
        "crawl",
        "census",
        "-a",
        "only=stat,nizami",
        "-O",
        str(tmp_path / "%(name)s.jsonl"),
    ]
    for k, v in settings.items():
        cmd += ["-s", f"{k}={v}"]
    env = dict(farm.env, SCRAPY_SETTINGS_MODULE="ogpcrawl.settings")
    env.setdefault("PYTHONPATH", str(ROOT))
    proc = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-3000:]
    for family, aid in (("ministries", "stat"), ("local_ih", "nizami")):
        [snap] = [json.loads(x) for x in (tmp_path / f"{family}.jsonl").read_text().splitlines()]
        assert snap["agency_id"] == aid and snap["rendering"]["browser"] is True
    assert proc.stderr.count("Starting download handler") == 1  # one Playwright driver
    assert proc.stderr.count("Launching browser") == 1  # one Chromium
    assert proc.stderr.count("Closing browser") == 1  # closed once, by the last to close
