"""Contract-shaped parts of sample SiteSnapshot dicts, shared by the database and report tests."""

from __future__ import annotations

from typing import Any

from ogpcrawl.vocab import COMMITMENTS


def nothing_found() -> dict[str, Any]:
    """The findings of a site where nothing was found: every indicator absent, every commitment
    not started. A fresh copy on each call, so a test may change it."""
    return {
        "mobile": {"viewport": False, "mobile_url": None, "responsive": None},
        "social": [],
        "search_box": False,
        "council": {
            "section": False,
            "url": None,
            "title": None,
            "status": "absent",
            "members": None,
            "events": None,
            "last_event": None,
        },
        "procurement": {
            "section": False,
            "url": None,
            "title": None,
            "items": None,
            "last_item": None,
            "portal_links": 0,
        },
        "e_services": {"section": False, "url": None, "services": None, "portal_links": 0},
        "news": {
            "last_date": None,
            "per_month": None,
            "days_since_last": None,
            "monthly": {},
            "cadence": "none",
            "window_start": None,
            "window_end": None,
            "posts_seen": 0,
        },
        "ratings": dict.fromkeys(COMMITMENTS, "not_started"),
        "evidence": {},
        "unknown": [],
    }
