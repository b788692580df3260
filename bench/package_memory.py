"""What packaging a run's evidence archive adds to a process's memory, alone in a fresh process.

    python bench/package_memory.py ARCHIVE_DIR RUN_ID [--db DATABASE_URL] [--module ogpcrawl.archive.wacz]

Runs `package_run` (ogpcrawl/archive/wacz.py, or another module with the same function, e.g. an
older copy to compare) on an existing run folder, e.g. one bench/scale.py left in its workdir, and
prints the peak RSS over the RSS after imports, tracemalloc's peak (the Python objects alone;
a second pass, since tracing slows it) and the CPU seconds. It asserts nothing.
"""

from __future__ import annotations

import argparse
import importlib
import resource
import time
import tracemalloc


def rss_mb() -> float:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * resource.getpagesize() / 2**20


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("root")
    ap.add_argument("run_id")
    ap.add_argument("--db", default=None)
    ap.add_argument("--module", default="ogpcrawl.archive.wacz")
    ap.add_argument("--traced", action="store_true", help="tracemalloc's peak instead of RSS")
    args = ap.parse_args()
    mod = importlib.import_module(args.module)
    if args.db:
        import ogpcrawl.db.store  # noqa: F401  (imported before the baseline, as in a crawl)
    if args.traced:
        tracemalloc.start()
    base = rss_mb()
    cpu = time.process_time()
    path = mod.package_run(args.root, args.run_id, database_url=args.db)
    cpu = time.process_time() - cpu
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    line = f"{args.module}: {path.stat().st_size / 2**20:.0f} MB package, CPU {cpu:.1f} s, "
    if args.traced:
        line += f"traced peak {tracemalloc.get_traced_memory()[1] / 2**20:.1f} MB"
    else:
        line += f"RSS after imports {base:.0f} MB, peak {peak:.0f} MB (+{peak - base:.0f} MB)"
    print(line)


if __name__ == "__main__":
    main()
