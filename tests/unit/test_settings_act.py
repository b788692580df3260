"""Settings stored with a run change what they say they change (runinfo.RELEVANT_SETTINGS).

OGP_NEWS_WINDOW_DAYS used to move only how far back the spider paged the news, while posts a
month were counted over a constant 90 days; the run record stored the setting as if it applied.
"""

from __future__ import annotations

import asyncio
import inspect
from datetime import date, timedelta

from scrapy.utils.test import get_crawler

from ogpcrawl.detect.news import summarise
from ogpcrawl.detect.page import Page
from ogpcrawl.pipelines import DetectPipeline
from ogpcrawl.runinfo import RELEVANT_SETTINGS, run_settings
from ogpcrawl.spiders.ministries import MinistriesSpider

AS_OF = date(2018, 8, 20)
LAST = date(2018, 8, 18)
# a post every second day for the last 30 days, then one a week back to 150 days
DATES = [LAST - timedelta(days=d) for d in range(0, 30, 2)] + [
    LAST - timedelta(days=d) for d in range(35, 150, 7)
]


def news_page() -> dict:
    items = "".join(
        f'<li><a href="/az/news/{i}.html">Xəbər {i}</a> <span class="date">'
        f"{d.strftime('%d.%m.%Y')}</span></li>"
        for i, d in enumerate(DATES)
    )
    html = f"<html><body><main><h1>Xəbərlər</h1><ul>{items}</ul></main></body></html>"
    return Page(url="http://x-ih.gov.az/az/news.html", text=html, role="news").to_dict()


def detect(settings: dict) -> dict:
    crawler = get_crawler(MinistriesSpider, settings_dict=settings)
    pipeline = DetectPipeline.from_crawler(crawler)
    item = {"as_of": AS_OF.isoformat(), "pages": [news_page()], "failed_detail": []}
    result = pipeline.process_item(item)
    if inspect.isawaitable(result):  # detection may run in a worker thread
        result = asyncio.run(result)
    return result["news"]


def test_the_news_window_is_a_parameter_of_the_cadence():
    wide = summarise(DATES, as_of=AS_OF, window_days=90)
    narrow = summarise(DATES, as_of=AS_OF, window_days=30)
    assert wide.window_start == LAST - timedelta(days=90)
    assert narrow.window_start == LAST - timedelta(days=30)
    assert narrow.per_month > wide.per_month  # the last month was busier than the quarter


def test_the_run_setting_drives_the_cadence_window():
    default = detect({})
    narrow = detect({"OGP_NEWS_WINDOW_DAYS": 30})
    assert default["last_date"] == narrow["last_date"] == LAST.isoformat()
    assert default["window_start"] == (LAST - timedelta(days=90)).isoformat()
    assert narrow["window_start"] == (LAST - timedelta(days=30)).isoformat()
    assert narrow["per_month"] > default["per_month"]


def test_every_recorded_setting_is_read_by_the_crawler():
    """A setting stored with the run that nothing reads would claim an effect it does not have."""
    import pathlib

    root = pathlib.Path(__file__).resolve().parents[2] / "ogpcrawl"
    code = "\n".join(p.read_text("utf-8") for p in root.rglob("*.py") if p.name != "runinfo.py")
    scrapy_own = {"DOWNLOAD_DELAY", "DOWNLOAD_TIMEOUT", "CONCURRENT_REQUESTS_PER_DOMAIN",
                  "AUTOTHROTTLE_ENABLED", "ROBOTSTXT_OBEY", "USER_AGENT"}  # fmt: skip
    for name in RELEVANT_SETTINGS:
        if name in scrapy_own:
            continue
        assert f'"{name}"' in code, f"{name} is recorded with the run but never read"
    crawler = get_crawler(MinistriesSpider, settings_dict={"OGP_NEWS_WINDOW_DAYS": 30})
    assert run_settings(crawler.settings)["OGP_NEWS_WINDOW_DAYS"] in (30, "30")
