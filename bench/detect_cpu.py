"""Detection and rating CPU per page, offline, over the pages a crawl archived.

    python bench/detect_cpu.py WORKDIR [--repeat 3]

WORKDIR is a crawl's work directory as bench/scale.py leaves it (`bench.db` and
`archive/<run>/<run>.wacz`, e.g. /tmp/ogpbench-…/synthetic-1000/census). Every stored snapshot's
pages are rebuilt from the archive first (not timed, as `scrapy rejudge` does), then judged as
the crawl's pipelines judge them (pipelines.judge_pages, then ratings.rate), `--repeat` times:
process CPU time per page for the first pass (the process's memos cold, unlike in a crawl,
where the spider has read the same links before) and the best pass, and the number of snapshots
whose judged fields differ from the stored ones (0 when the detectors decide as they did when
the crawl ran: the figure to watch after an optimisation).

It prints figures and asserts nothing.
"""

from __future__ import annotations

import argparse
import gc
import sys
import time
from datetime import date
from pathlib import Path


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(
        prog="python bench/detect_cpu.py",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("workdir", type=Path)
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--max-text", type=int, default=2_000_000)
    a = p.parse_args(argv)

    from ogpcrawl.archive.rejudge import ArchiveReader, inputs, rejudge_snapshot
    from ogpcrawl.archive.wacz import Wacz
    from ogpcrawl.db.store import Store
    from ogpcrawl.detect.ratings import rate
    from ogpcrawl.pipelines import judge_pages

    wacz_paths = sorted(a.workdir.glob("archive/*/*.wacz"))
    if not wacz_paths:
        sys.exit(f"no archive/<run>/<run>.wacz under {a.workdir}")
    store = Store(f"sqlite:///{a.workdir / 'bench.db'}")
    work = []  # (snapshot, inputs, news window) of each reachable snapshot
    for wacz_path in wacz_paths:
        run = store.run(wacz_path.parent.name) or {}
        window = int((run.get("settings") or {}).get("OGP_NEWS_WINDOW_DAYS") or 90)
        with Wacz(wacz_path) as wacz:
            reader = ArchiveReader(wacz)
            for snap in store.snapshots(run=wacz_path.parent.name):
                if snap.get("reachable"):
                    work.append((snap, inputs(snap, reader, max_text=a.max_text), window))
    pages = sum(len(data["pages"]) for _, data, _ in work)
    if not pages:
        sys.exit("no pages to judge")

    passes = []
    for _ in range(max(1, a.repeat)):
        gc.collect()
        t = time.process_time()
        for snap, data, window in work:
            fields = judge_pages(
                data["pages"],
                as_of=date.fromisoformat(snap["as_of"]),
                failed=data["failed"],
                mobile_check=data["mobile_check"],
                search_check=data["search_check"],
                social_views=data["social_views"],
                found_via=data["found_via"],
                news_window_days=window,
            )
            rate({**snap, **fields})
        passes.append(time.process_time() - t)
    differing = compared = 0  # after the timed passes, which each start from the archive's dicts
    for wacz_path in wacz_paths:
        with Wacz(wacz_path) as wacz:
            reader = ArchiveReader(wacz)
            for snap, _, window in work:
                if snap["run_id"] != wacz_path.parent.name:
                    continue
                judged = rejudge_snapshot(
                    snap, reader, max_text=a.max_text, news_window_days=window, run_id="x"
                )
                differing += bool(judged.changed)
                compared += 1
    print(f"{a.workdir}: {len(work)} snapshots, {pages} pages")
    print(
        f"detect+rate CPU: first pass {passes[0] * 1000 / pages:.2f} ms/page, "
        f"best of {len(passes)} {min(passes) * 1000 / pages:.2f} ms/page "
        f"({min(passes):.2f} s)"
    )
    print(f"snapshots whose judged fields differ from the stored ones: {differing} of {compared}")


if __name__ == "__main__":
    main()
