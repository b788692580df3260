"""What a run records about itself: the settings that matter and an end-of-run summary."""

from __future__ import annotations

# Settings that change what a run measures; stored with the run so results can be compared.
RELEVANT_SETTINGS = (
    "AS_OF",
    "AGENCIES_FILE",
    "OGP_PAGE_BUDGET",
    "OGP_NEWS_PAGES_MAX",
    "OGP_NEWS_WINDOW_DAYS",
    "OGP_TRY_ALTERNATES",
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


def run_summary(stats: dict, reason: str | None,
                done: int | None = None) -> tuple[str, dict]:
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
            "unreachable_by_error": {k.split("/", 2)[2]: v for k, v in stats.items()
                                     if k.startswith("ogp/unreachable/")},
            "pages": int(stats.get("ogp/pages", 0)),
            "page_errors": {k.split("/", 2)[2]: v for k, v in stats.items()
                            if k.startswith("ogp/page_errors/")},
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
