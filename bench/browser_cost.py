"""What a browser page costs next to a plain download, on the offline replica. Prints; asserts nothing.

    python bench/browser_cost.py [--pages N] [--rounds R]

Starts the farm (python -m ogpcrawl.farm --port 0), then crawls the replica's ministry home pages
one at a time (CONCURRENT_REQUESTS=1) through the project's download handler, twice per mode:
with one page and with N pages. Per mode it prints
- the median download latency of a page (Scrapy's download_latency: request sent → body ready;
  for the browser: new page, navigation until the network is idle, DOM read, page closed);
- the marginal wall time and CPU per page, (run with N − run with 1) / (N − 1), so the fixed
  start-up cost (Python, the Playwright driver, Chromium's launch) is printed apart. CPU is the
  crawl process and every descendant it reaped (driver, Chromium), from wait4's rusage.
The browser runs as in a crawl: the "desktop" context, images/media/fonts aborted.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import scrapy

ROOT = Path(__file__).resolve().parents[1]


class CostProbe(scrapy.Spider):
    """Fetches the given URLs, one at a time, plain or in the browser (-a browser=1)."""

    name = "cost_probe"
    custom_settings = {
        "ITEM_PIPELINES": {},
        "EXTENSIONS": {},
        "ROBOTSTXT_OBEY": False,
        "CONCURRENT_REQUESTS": 1,
        "DOWNLOAD_DELAY": 0,
        "AUTOTHROTTLE_ENABLED": False,
        "LOG_LEVEL": "WARNING",
    }

    def __init__(self, urls: str = "", browser: str = "0", **kwargs):
        super().__init__(**kwargs)
        self.urls, self.browser = urls.split(), browser == "1"

    async def start(self):
        for url in self.urls:
            meta = {}
            if self.browser:
                meta = {
                    "playwright": True,
                    "playwright_context": "desktop",
                    "playwright_page_goto_kwargs": {"wait_until": "networkidle"},
                }
            yield scrapy.Request(url, meta=meta, dont_filter=True)

    def parse(self, response):
        yield {
            "url": response.url,
            "latency": response.meta.get("download_latency"),
            "bytes": len(response.body),
        }


def run(urls: list[str], browser: bool, env: dict, work: Path) -> dict:
    out = work / f"{'browser' if browser else 'plain'}-{len(urls)}.jsonl"
    cmd = [
        sys.executable,
        "-m",
        "scrapy",
        "runspider",
        __file__,
        "-O",
        str(out),
        "-a",
        "urls=" + " ".join(urls),
        "-a",
        f"browser={int(browser)}",
    ]
    started = time.monotonic()
    proc = subprocess.Popen(
        cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.monotonic() - started
    stderr = proc.stderr.read()
    proc.stderr.close()
    if status != 0:
        sys.exit(f"crawl failed ({status}):\n{stderr[-2000:]}")
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    return {
        "wall": wall,
        "cpu": usage.ru_utime + usage.ru_stime,
        "maxrss_mb": usage.ru_maxrss / 1024,
        "latencies": [r["latency"] for r in rows],
        "bytes": sum(r["bytes"] for r in rows),
    }


def ministry_urls(limit: int) -> list[str]:
    with open(ROOT / "seeds" / "agencies.csv", encoding="utf-8") as fh:
        urls = [r["url"] for r in csv.DictReader(fh) if r["family"] == "ministry"]
    return urls[:limit]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--pages", type=int, default=20)
    ap.add_argument("--rounds", type=int, default=1, help="repeat and keep the fastest round")
    args = ap.parse_args()
    urls = ministry_urls(args.pages)
    work = Path(tempfile.mkdtemp(prefix="ogp-bench-"))
    farm = subprocess.Popen(
        [sys.executable, "-m", "ogpcrawl.farm", "--port", "0"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        proxy = farm.stdout.readline().split()[1]
        env = {
            k: v
            for k, v in os.environ.items()
            if k.lower() not in ("http_proxy", "https_proxy", "no_proxy", "all_proxy")
        }
        env.update(http_proxy=proxy, https_proxy=proxy, SCRAPY_SETTINGS_MODULE="ogpcrawl.settings")
        print(
            f"replica at {proxy}; {len(urls)} ministry home pages, one at a time, "
            f"{os.cpu_count()} cores"
        )
        print(
            f"{'mode':8} {'median page':>12} {'wall/page':>10} {'cpu/page':>9} "
            f"{'start-up':>9} {'peak RSS':>9}"
        )
        figures = {}
        for browser in (False, True):
            best = None
            for _ in range(args.rounds):
                one, many = run(urls[:1], browser, env, work), run(urls, browser, env, work)
                if best is None or many["wall"] < best[1]["wall"]:
                    best = (one, many)
            one, many = best
            n = len(urls) - 1 or 1
            wall, cpu = (many["wall"] - one["wall"]) / n, (many["cpu"] - one["cpu"]) / n
            mode = "browser" if browser else "plain"
            figures[mode] = (statistics.median(many["latencies"]), wall, cpu)
            print(
                f"{mode:8} {figures[mode][0] * 1000:10.0f}ms {wall * 1000:8.0f}ms "
                f"{cpu * 1000:7.0f}ms {one['wall']:8.1f}s {many['maxrss_mb']:7.0f}MB"
            )
        (pl, pw, pc), (bl, bw, bc) = figures["plain"], figures["browser"]
        print(
            f"browser / plain: median page x{bl / pl:.0f}, wall x{bw / max(pw, 1e-3):.0f}, "
            f"cpu x{bc / max(pc, 1e-3):.0f}"
        )
        print(
            "peak RSS is the largest single process (wait4); the crawl's own stats "
            "(ogp/browser/peak_*_mb) sum the browser's processes"
        )
    finally:
        farm.terminate()
        farm.wait(10)


if __name__ == "__main__":
    main()
