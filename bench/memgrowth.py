"""What a census keeps per site: tracemalloc snapshots at N and 2N agencies done, compared.

    python bench/memgrowth.py --sites 1500 --at 300 450 650 [--frames 6] [--workdir /tmp/memgrowth]

Starts the synthetic farm, runs `scrapy census` over it (loopback politeness, browser off, as
bench/scale.py does) with the TracemallocSnapshots extension below: tracing starts when the
process has scraped the first `--at` count of agencies (both families together; tracing from the
start would slow the whole crawl several times over), a snapshot is dumped at each later count,
and the allocations that grew between the first and the last snapshot are printed, grouped by
traceback, largest first, with the traced total and RSS at each point. Objects of the visits
open at either snapshot roughly cancel out; what stays is what the run keeps per site. The
figures are bytes still allocated, so they do not depend on speed. It asserts nothing.
"""

from __future__ import annotations

import argparse
import gc
import json
import linecache
import os
import resource
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

from scrapy import signals

ROOT = Path(__file__).resolve().parents[1]

# Shared by the census's crawlers (one per family), which each build this extension.
_done = {"items": 0, "taken": set()}


class TracemallocSnapshots:
    """EXTENSIONS entry: snapshot at BENCH_TRACEMALLOC_AT agencies scraped (whole process)."""

    def __init__(self, crawler):
        s = crawler.settings
        self.at = sorted(int(x) for x in str(s.get("BENCH_TRACEMALLOC_AT", "")).split(",") if x)
        self.out = Path(s.get("BENCH_TRACEMALLOC_DIR", "."))
        self.frames = s.getint("BENCH_TRACEMALLOC_FRAMES", 6)
        crawler.signals.connect(self.item_scraped, signal=signals.item_scraped)

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def item_scraped(self, item, spider):
        _done["items"] += 1
        n = _done["items"]
        if n in self.at and n not in _done["taken"]:
            _done["taken"].add(n)
            if not tracemalloc.is_tracing():
                tracemalloc.start(self.frames)
                return
            gc.collect()
            tracemalloc.take_snapshot().dump(str(self.out / f"snap-{n}.pickle"))
            rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            with open(self.out / f"snap-{n}.json", "w") as fh:
                cur = _rss_mb()
                json.dump(
                    {
                        "items": n,
                        "traced_mb": tracemalloc.get_traced_memory()[0] / 2**20,
                        "rss_mb": cur,
                        "peak_rss_mb": rss,
                    },
                    fh,
                )


def _rss_mb() -> float:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def compare(first: Path, last: Path, top: int, per_item: int) -> None:
    a = tracemalloc.Snapshot.load(str(first))
    b = tracemalloc.Snapshot.load(str(last))
    filters = [tracemalloc.Filter(False, tracemalloc.__file__)]
    a, b = a.filter_traces(filters), b.filter_traces(filters)
    stats = b.compare_to(a, "traceback")
    total = sum(s.size_diff for s in stats)
    print(f"growth {first.name} -> {last.name}: {total / 2**20:.1f} MB traced")
    print(f"per agency: {total / per_item / 1024:.1f} KB\n")
    grown = sorted((s for s in stats if s.size_diff > 0), key=lambda s: -s.size_diff)
    for s in grown[:top]:
        print(
            f"+{s.size_diff / 1024:.0f} KB ({s.size_diff / per_item:.0f} B/agency), "
            f"+{s.count_diff} blocks"
        )
        for frame in s.traceback.format(limit=8, most_recent_first=True):
            print("    " + frame.strip().replace("\n", " "))
        print()
    # The same by file (innermost frame outside the standard library's allocators).
    by_file = b.compare_to(a, "filename")
    print("by file:")
    for s in sorted(by_file, key=lambda s: -s.size_diff)[:25]:
        print(f"  +{s.size_diff / 1024:8.0f} KB  {s.traceback[0].filename}")
    linecache.clearcache()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sites", type=int, default=1500)
    ap.add_argument("--at", type=int, nargs="+", default=[300, 450, 650])
    ap.add_argument("--frames", type=int, default=6)
    ap.add_argument("--top", type=int, default=30)
    ap.add_argument("--workdir", default="/tmp/memgrowth")
    ap.add_argument("--compare-only", action="store_true")
    ap.add_argument("-s", dest="settings", action="append", default=[])
    args = ap.parse_args()
    work = Path(args.workdir)
    work.mkdir(parents=True, exist_ok=True)
    if not args.compare_only:
        sys.path.insert(0, str(ROOT))
        import scale  # bench/scale.py: the farm and the census's settings

        agencies = work / "agencies.csv"
        subprocess.run(
            [sys.executable, "-m", "ogpcrawl.farm.synthetic", "--sites", str(args.sites)]
            + ["--write-agencies", str(agencies)],
            cwd=ROOT,
            check=True,
            capture_output=True,
        )
        farm = scale.Farm("synthetic", args.sites, work)
        try:
            settings = {
                **scale.COMMON,
                **scale.LOOPBACK,
                "EXTENSIONS": json.dumps(
                    {
                        **json.loads(scale.COMMON["EXTENSIONS"]),
                        "bench.memgrowth.TracemallocSnapshots": 0,
                    }
                ),
                "BENCH_TRACEMALLOC_AT": ",".join(map(str, args.at)),
                "BENCH_TRACEMALLOC_DIR": str(work),
                "BENCH_TRACEMALLOC_FRAMES": str(args.frames),
                "BENCH_STATS_FILE": str(work / "{spider}.stats.json"),
                "AGENCIES_FILE": str(agencies),
                "DATABASE_URL": f"sqlite:///{work / 'bench.db'}",
                "REPORT_DIR": str(work / "output"),
                "OGP_SPOOL_DIR": str(work / "spool"),
                "OGP_ARCHIVE_DIR": str(work / "archive"),
            }
            for kv in args.settings:
                k, _, v = kv.partition("=")
                settings[k] = v
            cmd = [sys.executable, "-m", "scrapy", "census"]
            for k, v in settings.items():
                cmd += ["-s", f"{k}={v}"]
            t = time.monotonic()
            with open(work / "census.log", "w") as err:
                rc = subprocess.call(cmd, cwd=ROOT, env=farm.env(), stderr=err)
            print(f"census exit {rc} in {time.monotonic() - t:.0f} s", file=sys.stderr)
        finally:
            farm.stop()
    snaps = args.at[1:]
    for n in snaps:
        p = work / f"snap-{n}.json"
        if p.exists():
            print(p.read_text())
    first, last = work / f"snap-{snaps[0]}.pickle", work / f"snap-{snaps[-1]}.pickle"
    if first.exists() and last.exists():
        compare(first, last, args.top, snaps[-1] - snaps[0])


if __name__ == "__main__":
    main()
