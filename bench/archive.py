"""What the evidence archive costs: archive size per agency and archiving CPU per page.

    python bench/archive.py [--out bench-archive.json]

Crawls the 2018 replica (the offline farm, both spiders, loopback politeness, the browser where
the agencies file or the automatic rule asks for it) twice: with the archive (the default) and
with OGP_ARCHIVE_ENABLED=False. It prints, per run:
- the WACZ's size and the loose WARC files' (both are kept: docs/evidence.md), and the archive's
  bytes per agency (each record's length, attributed by host through the agencies file);
- the CPU the archive middleware spent writing records (stats `ogp/archive/cpu_s`) per record
  and per page, the packaging's CPU at close (`ogp/archive/pack_cpu_s`), and the crawl
  process's total CPU with and without the archive;
- the disk a monthly census of the 103 agencies needs for a year at that size.

It asserts nothing; every crawl has CLOSESPIDER_TIMEOUT and a hard deadline.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from ogpcrawl.archive.wacz import Wacz  # noqa: E402

SPIDERS = ("local_ih", "ministries")
SETTINGS = {
    "DOWNLOAD_DELAY": "0",
    "AUTOTHROTTLE_ENABLED": "False",
    "RETRY_TIMES": "1",
    "DOWNLOAD_TIMEOUT": "30",
    "AS_OF": "2018-08-20",
    "LOG_LEVEL": "INFO",
    "OGP_PROGRESS_INTERVAL": "0",
    "CLOSESPIDER_TIMEOUT": "900",
    "EXTENSIONS": json.dumps(
        {"ogpcrawl.extensions.ProgressLog": 500, "bench.instrument.StatsFile": 900}
    ),
}
MB = 1024 * 1024


def log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def start_farm(tmp: Path) -> tuple[subprocess.Popen, str]:
    proc = subprocess.Popen(
        [sys.executable, "-m", "ogpcrawl.farm", "--port", "0", "--scenario", "replica"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=open(tmp / "farm.log", "w"),
        text=True,
    )
    line = proc.stdout.readline()
    if not line.startswith("READY "):
        proc.kill()
        raise SystemExit("the farm did not start: " + (tmp / "farm.log").read_text()[-2000:])
    return proc, line.split()[1]


def host_map() -> dict[str, str]:
    """host -> agency id (url, www. twin, alt_urls) from the agencies file."""
    out = {}
    with open(ROOT / "seeds" / "agencies.csv", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            for url in [row["url"], *(row.get("alt_urls") or "").split()]:
                host = (urlsplit(url).hostname or "").lower().removeprefix("www.")
                if host:
                    out[host] = row["agency_id"]
    return out


def crawl(spider: str, work: Path, proxy: str, archive: bool) -> dict:
    work.mkdir(parents=True, exist_ok=True)
    stats_file = work / f"{spider}.stats.json"
    settings = {
        **SETTINGS,
        "DATABASE_URL": f"sqlite:///{work / 'bench.db'}",
        "REPORT_DIR": str(work / "output"),
        "OGP_SPOOL_DIR": str(work / "spool"),
        "OGP_ARCHIVE_DIR": str(work / "archive"),
        "BENCH_STATS_FILE": str(stats_file),
        "OGP_ARCHIVE_ENABLED": str(archive),
    }
    cmd = [sys.executable, "-m", "scrapy", "crawl", spider, "-O", str(work / f"{spider}.jsonl")]
    for k, v in settings.items():
        cmd += ["-s", f"{k}={v}"]
    env = {k: v for k, v in os.environ.items() if not k.lower().endswith("_proxy")}
    env.update(
        http_proxy=proxy,
        https_proxy=proxy,
        SCRAPY_SETTINGS_MODULE="ogpcrawl.settings",
        PYTHONPATH=str(ROOT),
    )
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.monotonic()
    proc = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=1200)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    (work / f"{spider}.log").write_text(proc.stderr, encoding="utf-8")
    stats = json.loads(stats_file.read_text()) if stats_file.exists() else {}
    return {
        "returncode": proc.returncode,
        "wall_s": time.monotonic() - started,
        "cpu_s": (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime),
        "pages": int(stats.get("downloader/response_count", 0)),
        "records_cpu_s": float(stats.get("ogp/archive/cpu_s", 0.0)),
        "pack_cpu_s": float(stats.get("ogp/archive/pack_cpu_s", 0.0)),
        "agencies": int(stats.get("item_scraped_count", 0)),
        "run_id": next(
            (
                json.loads(line)["run_id"]
                for line in (work / f"{spider}.jsonl").read_text().splitlines()
                if line
            ),
            None,
        )
        if (work / f"{spider}.jsonl").exists()
        else None,
    }


def archive_sizes(work: Path, run_id: str, hosts: dict[str, str]) -> dict:
    folder = work / "archive" / run_id
    wacz_path = folder / f"{run_id}.wacz"
    warc_bytes = sum(p.stat().st_size for p in (folder / "warc").glob("*.warc.gz"))
    per_agency: dict[str, int] = defaultdict(int)
    records = 0
    with Wacz(wacz_path) as z:
        for _k, _ts, f in z.index:
            records += 1
            url = f.get("url") or ""
            if url.startswith("urn:"):
                url = url.split(":", 3)[-1]
            host = (urlsplit(url).hostname or "").lower().removeprefix("www.")
            per_agency[hosts.get(host, "(social networks and other hosts)")] += int(f["length"])
    return {
        "wacz_bytes": wacz_path.stat().st_size,
        "warc_bytes": warc_bytes,
        "indexed_records": records,
        "per_agency": dict(per_agency),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", default="bench-archive.json", help="where the figures go (JSON)")
    args = ap.parse_args()
    hosts = host_map()
    results: dict = {"with": {}, "without": {}}
    with tempfile.TemporaryDirectory(prefix="ogp-bench-archive-") as tmp:
        tmp = Path(tmp)
        farm, proxy = start_farm(tmp)
        try:
            for mode in ("with", "without"):
                for spider in SPIDERS:
                    log(f"{spider}, archive {mode}")
                    r = crawl(spider, tmp / mode, proxy, archive=(mode == "with"))
                    if mode == "with" and r["run_id"]:
                        r["archive"] = archive_sizes(tmp / mode, r["run_id"], hosts)
                    results[mode][spider] = r
        finally:
            farm.terminate()
            farm.wait(10)
    report(results)
    Path(args.out).write_text(json.dumps(results, indent=1), encoding="utf-8")
    log(f"figures in {args.out}")


def report(results: dict) -> None:
    sizes = []
    wacz = warc = pages = records_cpu = pack_cpu = 0.0
    for spider, r in results["with"].items():
        a = r.get("archive") or {}
        agencies = {k: v for k, v in (a.get("per_agency") or {}).items() if not k.startswith("(")}
        sizes += list(agencies.values())
        wacz += a.get("wacz_bytes", 0)
        warc += a.get("warc_bytes", 0)
        pages += r["pages"]
        records_cpu += r["records_cpu_s"]
        pack_cpu += r["pack_cpu_s"]
        off = results["without"].get(spider, {})
        print(
            f"{spider}: {r['agencies']} agencies, {r['pages']} responses; WACZ "
            f"{a.get('wacz_bytes', 0) / MB:.2f} MB, loose WARC {a.get('warc_bytes', 0) / MB:.2f} MB;"
            f" archiving {1000 * r['records_cpu_s'] / max(r['pages'], 1):.2f} ms CPU/response, "
            f"packaging {r['pack_cpu_s']:.2f} s CPU; crawl CPU {r['cpu_s']:.1f} s with the "
            f"archive, {off.get('cpu_s', 0):.1f} s without"
        )
    if sizes:
        print(
            f"archive per agency: mean {statistics.mean(sizes) / MB:.3f} MB, median "
            f"{statistics.median(sizes) / MB:.3f} MB, max {max(sizes) / MB:.3f} MB "
            f"({len(sizes)} agencies)"
        )
    yearly = 12 * (wacz + warc)
    print(
        f"one census: WACZ {wacz / MB:.1f} MB + loose WARC {warc / MB:.1f} MB; "
        f"a year of monthly censuses: {yearly / MB:.0f} MB "
        f"({12 * wacz / MB:.0f} MB keeping only the WACZ)"
    )
    print(
        f"archiving CPU: {1000 * records_cpu / max(pages, 1):.2f} ms per response, "
        f"packaging {pack_cpu:.1f} s per census"
    )


if __name__ == "__main__":
    main()
