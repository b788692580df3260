"""What an interrupted-then-resumed crawl's archive must look like (used by tests/e2e/test_resume)."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from ogpcrawl.archive import wacz


def assert_archive_once(archive_dir: Path, run_id: str, agencies: set[str]) -> None:
    """One valid WACZ holding each process's WARC; pages.jsonl names every reachable agency and
    each page of its visit once. (A visit cut by a graceful stop continues in the resumed
    process, so its pages may sit in both files; one cut by SIGKILL restarts from its home page,
    and the killed attempt's records stay in the archive but not in pages.jsonl.)"""
    path = archive_dir / run_id / f"{run_id}.wacz"
    problems, _ = wacz.verify(path)
    assert problems == [], problems
    with wacz.Wacz(path) as z:
        warcs = [n for n in z.names() if n.startswith("archive/")]
        assert len(warcs) == 2, warcs  # the killed process's file and the resumed one's
        pages = z.pages()
        files = {}
        for _k, _ts, f in z.index:
            files[f["recordid"]] = f["filename"]
    seen: set[tuple] = set()
    ids: set[str] = set()
    by_agency: dict[str, int] = defaultdict(int)
    for p in pages:
        key = (p["agency"], p["role"], p["page_url"])
        assert key not in seen, f"captured twice: {key}"
        assert p["id"] not in ids and p["id"] in files
        seen.add(key)
        ids.add(p["id"])
        by_agency[p["agency"]] += 1
    assert set(by_agency) <= agencies and len(by_agency) >= len(agencies) - 3
