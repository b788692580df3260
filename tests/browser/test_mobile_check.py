"""The phone-viewport check: pure judgement rules, then real pages in Chromium."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from ogpcrawl.mobile_check import (
    MAX_SMALL_TAP_SHARE,
    MIN_FONT_PX,
    OVERFLOW_TOLERANCE_PX,
    judge,
    screenshot_path,
    tap_ok,
)

from .helpers import PageServer, stats_from_log

ROOT = Path(__file__).resolve().parents[2]


def metrics(**over) -> dict:
    base = {
        "scroll_width": 390,
        "viewport_width": 390,
        "layout_width": 390,
        "zoom": 1,
        "base_font_px": 16,
        "effective_font_px": 16,
        "tap_targets": 20,
        "small_tap_targets": 0,
        "text_chars": 500,
    }
    return {**base, **over}


# -- judge: one rule per case, no browser ----------------------------------------------------
def test_fitting_legible_tappable_page_is_responsive():
    assert judge(metrics()) == (True, ["fits: no horizontal overflow"])


def test_overflow_beyond_tolerance_fails():
    ok, reasons = judge(metrics(scroll_width=390 + OVERFLOW_TOLERANCE_PX + 1))
    assert ok is False and reasons[0].startswith("overflow")


def test_overflow_within_tolerance_passes():
    assert judge(metrics(scroll_width=390 + OVERFLOW_TOLERANCE_PX))[0] is True


def test_text_shrunk_below_legibility_fails():
    ok, reasons = judge(metrics(effective_font_px=MIN_FONT_PX - 0.5))
    assert ok is False and any(r.startswith("font") for r in reasons)


def test_crowded_small_tap_targets_are_reported_not_deciding():
    small = int(20 * MAX_SMALL_TAP_SHARE) + 1
    assert tap_ok(metrics(small_tap_targets=small)) is False
    assert tap_ok(metrics(small_tap_targets=small - 1)) is True
    ok, reasons = judge(metrics(small_tap_targets=small))
    assert ok is True and any(r.startswith("tap targets") for r in reasons)


def test_few_targets_say_nothing_about_tapping():
    assert tap_ok(metrics(tap_targets=2, small_tap_targets=2)) is None


def test_page_without_text_is_not_judged():
    assert judge(metrics(text_chars=0))[0] is None
    assert judge({})[0] is None


def test_screenshot_name_is_agency_and_safe(tmp_path):
    assert screenshot_path(tmp_path, "mct") == tmp_path / "mct-mobile.png"
    assert screenshot_path(tmp_path, "../x y").name == ".._x_y-mobile.png"


# -- real pages in Chromium --------------------------------------------------------------------
LINKS = "".join(f'<li><a href="/p{i}">Bölmə {i}</a></li>' for i in range(8))
# Stacked news titles after their dates: inline links the text's line sizes (WCAG-exempt).
NEWS = "".join(
    f'<div><time>{d:02}.08.2018</time> <a href="/x/{d}">Xəbər {d}</a></div>' for d in range(1, 9)
)
TAG = '<meta name="viewport" content="width=device-width, initial-scale=1">'
# The 2018 design of many ministries: a 1000 px table layout.
FIXED = (
    f"<!DOCTYPE html><html><head>{TAG}</head><body style='margin:0'>"
    f"<div style='width:1000px'><ul>{LINKS}</ul><p>{'Xəbər mətni. ' * 40}</p></div>"
    "</body></html>"
)
FIXED_NO_TAG = FIXED.replace(TAG, "")
RESPONSIVE = (
    f"<!DOCTYPE html><html><head>{TAG}<style>body{{margin:0;font-size:16px}}"
    "main{max-width:1000px;margin:auto;padding:0 12px}"
    "nav a{display:block;padding:14px 8px}</style></head><body>"
    f"<nav><ul>{LINKS}</ul></nav><main><p>{'Xəbər mətni. ' * 40}</p>{NEWS}</main>"
    "</body></html>"
)
# Fits the width, but its pages are numbered with 10 px links packed together.
PAGER = "".join(f'<a href="/page/{i}">{i}</a> ' for i in range(1, 10))
TINY_LINKS = RESPONSIVE.replace("<main>", f"<main><div style='font-size:10px'>{PAGER}</div>")


@pytest.fixture(scope="module")
def probed(chromium, tmp_path_factory):
    """Runs the check through Scrapy and the project's browser handler on four pages."""
    work = tmp_path_factory.mktemp("mobile")
    pages = {
        "/fixed": FIXED,
        "/fixed-no-tag": FIXED_NO_TAG,
        "/responsive": RESPONSIVE,
        "/tiny-links": TINY_LINKS,
    }
    env = {
        k: v
        for k, v in os.environ.items()
        if k.lower() not in ("http_proxy", "https_proxy", "no_proxy", "all_proxy")
    }
    env["SCRAPY_SETTINGS_MODULE"] = "ogpcrawl.settings"
    with PageServer(pages) as server:
        arg = " ".join(f"{p.strip('/')}={server.url}{p}" for p in pages)
        out = work / "out.jsonl"
        proc = subprocess.run(
            [
                sys.executable,
                "-m",
                "scrapy",
                "runspider",
                str(Path(__file__).with_name("mobile_spider.py")),
                "-a",
                f"pages={arg}",
                "-a",
                f"shots={work / 'shots'}",
                "-s",
                f"OGP_CHROMIUM={chromium}",
                "-O",
                str(out),
                # One page at a time and a context recycled every 2 pages: the bound is exercised.
                "-s",
                "CONCURRENT_REQUESTS=1",
                "-s",
                "OGP_BROWSER_CONTEXT_PAGES=2",
            ],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
    assert proc.returncode == 0, proc.stderr[-3000:]
    results = {r["name"]: r for r in map(json.loads, out.read_text().splitlines())}
    return results, stats_from_log(proc.stderr), work


@pytest.mark.browser
def test_fixed_width_page_is_not_responsive(probed):
    results, _, _ = probed
    fixed = results["fixed"]
    assert fixed["responsive"] is False, fixed
    assert fixed["details"]["scroll_width"] >= 1000
    assert fixed["details"]["viewport_width"] == 390
    assert fixed["details"]["overflow_px"] >= 600
    assert fixed["reasons"][0].startswith("overflow")


@pytest.mark.browser
def test_page_without_viewport_tag_is_not_responsive(probed):
    results, _, _ = probed
    page = results["fixed-no-tag"]
    # Laid out wide and shrunk to fit: overflowing the phone's width, text too small to read.
    assert page["responsive"] is False, page
    assert page["details"]["has_viewport_tag"] is False
    assert page["details"]["effective_font_px"] < MIN_FONT_PX


@pytest.mark.browser
def test_responsive_page_is_responsive(probed):
    results, _, _ = probed
    page = results["responsive"]
    assert page["responsive"] is True, page
    assert page["details"]["overflow_px"] == 0
    assert page["details"]["base_font_px"] == 16
    assert page["details"]["small_tap_targets"] == 0
    assert page["details"]["tap_targets"] == 8  # the menu; the news titles are exempt
    assert page["details"]["tap_ok"] is True


@pytest.mark.browser
def test_packed_tiny_links_fail_the_tap_rule(probed):
    results, _, _ = probed
    page = results["tiny-links"]
    assert page["details"]["tap_ok"] is False, page
    assert page["details"]["overflow_px"] == 0
    assert page["details"]["small_tap_targets"] >= 9


@pytest.mark.browser
def test_screenshots_kept_and_pages_counted(probed):
    results, stats, work = probed
    for name, result in results.items():
        shot = Path(result["details"]["screenshot"])
        assert shot == work / "shots" / f"{name}-mobile.png"
        assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert stats["ogp/browser/pages/mobile"] == 4
    assert stats["playwright/browser_count"] == 1
    assert stats["ogp/browser/contexts_recycled"] == 2
    assert stats["playwright/context_count"] == 2  # the mobile context, recreated once
    assert 0 < stats["ogp/browser/peak_pss_mb"] <= stats["ogp/browser/peak_rss_mb"]
    assert stats["ogp/browser/seconds"] > 0
