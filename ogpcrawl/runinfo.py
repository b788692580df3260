"""What a run records about itself: the settings that matter and an end-of-run summary."""

from __future__ import annotations

import json
import logging
import os
import re
import secrets
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from pathlib import Path

logger = logging.getLogger(__name__)

# A run id names files and directories (REPORT_DIR/<run id>/, the spool, archives), so it is
# checked wherever one enters: spider argument, Scrapyd job, OGP_RUN_ID, spool lines, database
# rows. Letters, digits, '.', '_', '-'; a letter or digit first (no '..', no hidden names); at
# most 64 characters (the database column).
RUN_ID_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")


class InvalidRunId(ValueError):
    """A run id that cannot safely name a file; the message says where it came from."""


def validate_run_id(value, source: str = "run id") -> str:
    """`value` if it is a safe run id, else InvalidRunId naming `source` (e.g. "-a run_id")."""
    if not isinstance(value, str) or not RUN_ID_PATTERN.fullmatch(value):
        raise InvalidRunId(
            f"{source}: {value!r} is not a valid run id (1-64 of A-Z a-z 0-9 . _ -, "
            "starting with a letter or digit)"
        )
    return value


def path_inside(base: str | os.PathLike, *parts: str) -> Path:
    """base/parts..., refused (ValueError) unless it resolves inside `base`: a name taken from
    a run id or from scraped data never writes elsewhere, whatever it holds."""
    root = Path(base).resolve()
    target = root.joinpath(*parts).resolve()
    if target == root or not target.is_relative_to(root):
        raise ValueError(f"{'/'.join(parts)!r} would write outside {base}")
    return Path(base).joinpath(*parts)


def new_run_id(spider_name: str) -> str:
    return f"{datetime.now(UTC):%Y%m%dT%H%M%SZ}-{spider_name}-{secrets.token_hex(3)}"


def resolve_run_id(
    candidates: Iterable[tuple[str | None, str]], *, jobdir: str | None, new: Callable[[], str]
) -> str:
    """The run id of a crawl: the first given of `candidates` ((value, source) pairs, in order
    of precedence), else `new()`. With a JOBDIR the id is kept in JOBDIR/ogp_run_id, so a
    resumed crawl keeps its run id and completes the same run. The run id names output
    directories: every way in is checked (validate_run_id)."""
    explicit = None
    for value, source in candidates:
        if value:
            explicit = validate_run_id(value, source)
            break
    if jobdir:
        f = Path(jobdir) / "ogp_run_id"
        if f.exists():
            return validate_run_id(f.read_text().strip(), str(f))
        f.parent.mkdir(parents=True, exist_ok=True)
        rid = explicit or new()
        f.write_text(rid)
        return rid
    return explicit or new()


def set_aside_unclean_queue(jobdir: Path) -> None:
    """A crawl that was killed leaves a request queue Scrapy cannot trust (torn files, no
    active.json). Set it aside: the run's stored snapshots say which agencies are done, and
    the others restart from their home page, so nothing is lost or done twice. The marker
    JOBDIR/ogp_running exists from start to a clean close (the spider's `closed` removes it)."""
    queue = jobdir / "requests.queue"
    marker = jobdir / "ogp_running"
    unclean = marker.exists()
    try:
        json.loads((queue / "active.json").read_text())
    except (OSError, ValueError):
        unclean = True
    marker.write_text(str(os.getpid()))
    if not queue.exists() or not unclean:
        return
    aside = jobdir / f"requests.queue.unclean-{datetime.now(UTC):%Y%m%dT%H%M%S}"
    queue.rename(aside)
    logger.warning(
        "the previous crawl in %s did not stop cleanly; its request queue was "
        "moved to %s and unfinished agencies restart",
        jobdir,
        aside,
    )


# Settings that change what a run measures; stored with the run so results can be compared.
RELEVANT_SETTINGS = (
    "AS_OF",
    "AGENCIES_FILE",
    "OGP_PAGE_BUDGET",
    "OGP_NEWS_PAGES_MAX",
    "OGP_NEWS_WINDOW_DAYS",
    "OGP_TRY_ALTERNATES",
    "OGP_SITE_DEADLINE",
    "OGP_SOCIAL_ACTIVITY",
    "OGP_SOCIAL_MAX_REQUESTS_PER_ACCOUNT",
    "DOWNLOAD_DELAY",
    "DOWNLOAD_TIMEOUT",
    "CONCURRENT_REQUESTS_PER_DOMAIN",
    "AUTOTHROTTLE_ENABLED",
    "ROBOTSTXT_OBEY",
    "USER_AGENT",
    "OGP_BROWSER",
)

# A run where more than this share of sites was unreachable says more about our network than
# about the agencies: it is marked failed so it never reads as agencies doing nothing.
FAILED_RUN_UNREACHABLE_SHARE = 0.5


def run_settings(settings) -> dict:
    out = {}
    for name in RELEVANT_SETTINGS:
        value = settings.get(name)
        out[name] = value if isinstance(value, (str, int, float, bool, type(None))) else str(value)
    return out


def run_summary(stats: dict, reason: str | None, done: int | None = None) -> tuple[str, dict]:
    """(status, summary) from this process's stats and close reason.

    `done`: agencies of the run stored or spooled by every process (several crawler processes
    can share a run); without it, this process's own count. The database adds the run-wide
    counts (agencies, reachable, unreachable, pages, errors) when it records the summary, so
    the figures under "process" are this process's share only.
    """
    total = int(stats.get("ogp/agencies_total", 0))
    mine = int(stats.get("ogp/agencies_done", 0))
    done = mine if done is None else done
    unreachable = int(stats.get("ogp/unreachable", 0))
    summary = {
        "agencies_total": total,
        "agencies_done": done,
        "close_reason": reason,
        "process": {
            "agencies_done": mine,
            "unreachable": unreachable,
            "unreachable_by_error": {
                k.split("/", 2)[2]: v for k, v in stats.items() if k.startswith("ogp/unreachable/")
            },
            "pages": int(stats.get("ogp/pages", 0)),
            "page_errors": {
                k.split("/", 2)[2]: v for k, v in stats.items() if k.startswith("ogp/page_errors/")
            },
            "browser_pages": int(stats.get("playwright/page_count", 0) or 0),
        },
    }
    if reason not in (None, "finished"):
        status = "interrupted"
    elif mine and unreachable / mine > FAILED_RUN_UNREACHABLE_SHARE:
        status = "failed"
    elif done < total:
        status = "interrupted"
    else:
        status = "finished"
    return status, summary


# --- the end-of-crawl verdict ------------------------------------------------------------------
# `scrapy crawl` exits with these codes (2 stays "the crawl could not start"); the run's health
# itself is decided by ogpcrawl.health.classify, never here.
EXIT_CODES = {"ok": 0, "running": 0, "failed": 3, "degraded": 4}


def process_health(
    run_id: str,
    spider: str,
    status: str,
    summary: dict,
    *,
    distributed: bool = False,
    thresholds=None,
):
    """The run's health from this process's own figures: used when the database cannot tell
    (lost, or its row not yet closed). A distributed process that finished its share while
    others still crawl sees the run as running, not as interrupted."""
    from ogpcrawl import health

    proc = summary.get("process") or {}
    if distributed and status == "interrupted" and summary.get("close_reason") == "finished":
        return health.Health(
            "running",
            ("other processes are still crawling this run",),
            ("shared_run",),
            run_id=run_id,
            spider=spider,
        )
    run = {
        "run_id": run_id,
        "spider": spider,
        "status": status,
        "summary": {
            "agencies": int(summary.get("agencies_done") or 0),
            "unreachable": int(proc.get("unreachable") or 0),
            "agencies_total": summary.get("agencies_total"),
        },
    }
    return health.classify(run, thresholds=health.thresholds_from(thresholds))


def verdict_line(run_id: str, state: str, reasons, figures: dict, annexes: str) -> str:
    """The one line `scrapy crawl` prints on stdout when it ends, e.g.
    `ogpcrawl: run local_ih-20181020 FAILED: every site unreachable (80 of 80); annexes not
    written (not publishable)`."""
    word = {"ok": "OK", "running": "SHARE DONE"}.get(state, state.upper())
    if reasons:
        why = "; ".join(reasons)
    else:
        why = (
            f"{figures.get('agencies', 0)} agencies, {figures.get('unreachable', 0)} "
            f"unreachable, {figures.get('pages', 0)} pages"
        )
    return f"ogpcrawl: run {run_id} {word}: {why}" + (f"; {annexes}" if annexes else "")
