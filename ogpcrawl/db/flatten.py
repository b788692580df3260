"""A snapshot dict → the values of its database rows (pure; no session).

Scraped strings are capped and NUL-free before they reach the database: PostgreSQL rejects NUL
in text and JSONB, and one hostile page must not make a snapshot unwritable. Values outside the
closed vocabularies leave their indicator column NULL (the dict in `data` keeps them as emitted).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from datetime import UTC, date, datetime
from typing import Any

from ogpcrawl import vocab
from ogpcrawl.db.models import ID_LEN, NAME_LEN, URL_LEN
from ogpcrawl.detect import verdicts

logger = logging.getLogger(__name__)

# Longest string kept anywhere in `data` (evidence snippets are the long ones).
STRING_CAP = 8192
NOTES_CAP = 4000
_MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


def clean(value: Any, cap: int = STRING_CAP) -> Any:
    """A JSON-safe deep copy: strings NUL-free and capped, keys as strings, tuples as lists."""
    if isinstance(value, str):
        return value.replace("\x00", "")[:cap]
    if isinstance(value, Mapping):
        return {clean(str(k), cap): clean(v, cap) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [clean(v, cap) for v in value]
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def text(value: Any, cap: int) -> str | None:
    if value is None:
        return None
    return str(value).replace("\x00", "")[:cap]


def parse_date(value: Any) -> date | None:
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    try:
        return date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


def parse_datetime(value: Any) -> datetime | None:
    """ISO 8601 → aware UTC datetime (naive values are taken as UTC, as the contract says)."""
    if isinstance(value, datetime):
        parsed = value
    elif not value:
        return None
    else:
        try:
            parsed = datetime.fromisoformat(str(value))
        except ValueError:
            return None
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)


def integer(value: Any) -> int | None:
    # bool is an int in Python; a True where a count belongs is a bug, not 1.
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return int(value)


def number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def boolean(value: Any) -> bool | None:
    return value if isinstance(value, bool) else None


def closed(value: Any, allowed: tuple[str, ...], field: str, agency_id: str) -> str | None:
    if value is None or value in allowed:
        return value
    logger.warning(
        "snapshot %s: %s=%r is not in the vocabulary; column left NULL", agency_id, field, value
    )
    return None


def _part(snapshot: Mapping[str, Any], key: str) -> Mapping[str, Any]:
    part = snapshot.get(key)
    return part if isinstance(part, Mapping) else {}


def agency_row(snapshot: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "agency_id": text(snapshot["agency_id"], ID_LEN),
        "name": text(snapshot.get("name") or snapshot["agency_id"], NAME_LEN),
        "level": snapshot.get("level"),
        "family": snapshot.get("family"),
        "url": text(snapshot.get("start_url") or "", URL_LEN),
    }


def snapshot_row(snapshot: Mapping[str, Any]) -> dict[str, Any]:
    """Column values of the `snapshots` row, `data` included (run_id and agency_id excluded)."""
    aid = str(snapshot["agency_id"])
    mobile = _part(snapshot, "mobile")
    council = _part(snapshot, "council")
    procurement = _part(snapshot, "procurement")
    eservices = _part(snapshot, "e_services")
    news = _part(snapshot, "news")
    ratings = _part(snapshot, "ratings")
    accounts = social_accounts(snapshot)
    networks = sorted({a["network"] for a in accounts})
    crawled_at = parse_datetime(snapshot.get("crawled_at"))
    if crawled_at is None:
        logger.warning(
            "snapshot %s: crawled_at %r unreadable; using now", aid, snapshot.get("crawled_at")
        )
        crawled_at = datetime.now(UTC)

    def rating(commitment: str) -> str | None:
        return closed(ratings.get(commitment), vocab.RATINGS, f"ratings.{commitment}", aid)

    pages = (snapshot.get("captures") or {}).get("pages") or []
    capture_ids = [text(p.get("record_id"), 128) for p in pages if p.get("record_id")]
    home = next(
        (p.get("record_id") for p in pages if p.get("role") == "home" and p.get("record_id")), None
    )
    return {
        "home_record_id": text(home, 128),
        "capture_ids": capture_ids or None,
        "crawled_at": crawled_at,
        "as_of": parse_date(snapshot.get("as_of")),
        "reachable": bool(snapshot.get("reachable")),
        "error": closed(snapshot.get("error"), vocab.ERRORS, "error", aid),
        "final_url": text(snapshot.get("final_url"), URL_LEN),
        "pages_fetched": integer(snapshot.get("pages_fetched")) or 0,
        "viewport": boolean(mobile.get("viewport")),
        "mobile_url": text(mobile.get("mobile_url"), URL_LEN),
        "responsive": boolean(mobile.get("responsive")),
        "search_box": boolean(snapshot.get("search_box")),
        "search_works": boolean(snapshot.get("search_works")),
        "social_count": len(accounts),
        "social_networks": ";".join(networks) or None,
        "council_section": boolean(council.get("section")),
        "council_status": closed(
            council.get("status"), vocab.COUNCIL_STATUSES, "council.status", aid
        ),
        "council_members": integer(council.get("members")),
        "council_events": integer(council.get("events")),
        "council_last_event": parse_date(council.get("last_event")),
        "procurement_section": boolean(procurement.get("section")),
        "procurement_items": integer(procurement.get("items")),
        "procurement_last_item": parse_date(procurement.get("last_item")),
        "procurement_portal_links": integer(procurement.get("portal_links")),
        "eservices_section": boolean(eservices.get("section")),
        "eservices_count": integer(eservices.get("services")),
        "eservices_portal_links": integer(eservices.get("portal_links")),
        "news_last_date": parse_date(news.get("last_date")),
        "news_per_month": number(news.get("per_month")),
        "news_days_since_last": integer(news.get("days_since_last")),
        "news_cadence": closed(news.get("cadence"), vocab.CADENCES, "news.cadence", aid),
        "news_posts_seen": integer(news.get("posts_seen")),
        "rating_2_4": rating("2.4"),
        "rating_4_2_1": rating("4.2.1"),
        "rating_4_2_2": rating("4.2.2"),
        "rating_5_6": rating("5.6"),
        **verdict_columns(snapshot),
        "data": clean(dict(snapshot)),
    }


def verdict_columns(snapshot: Mapping[str, Any]) -> dict[str, Any]:
    """The judgement layer's verdicts (detect/verdicts.py) as snapshots columns: the four annex
    cells' kinds, the stored booleans and the Azerbaijani notes cell the annex prints. The
    analyst views read these; they never re-derive a rule in SQL."""
    kinds = verdicts.cell_kinds(snapshot)
    out: dict[str, Any] = {f"cell_{c.replace('.', '_')}": k for c, k in kinds.items()}
    out.update(verdicts.stored_verdicts(snapshot))
    out["annex_notes"] = text(annex_notes(snapshot), NOTES_CAP)
    return out


def annex_notes(snapshot: Mapping[str, Any]) -> str:
    """The annex's notes cell (Azerbaijani, plain text) exactly as report/cells.py words it."""
    # imported here: the report package is heavy (Jinja, charts) and the db layer is imported
    # by every crawl process
    from ogpcrawl.report.cells import annex_cells
    from ogpcrawl.report.messages import catalogue

    return annex_cells(snapshot, catalogue("az"), "az")["notes"].plain()


def social_accounts(
    snapshot: Mapping[str, Any], previous: Mapping[str, Any] | None = None
) -> list[dict[str, Any]]:
    """The social_accounts rows; `previous` (the agency's snapshot in the run before) gives each
    account's change since, as the judgement layer decides it (verdicts.account_changes)."""
    out = []
    aid = str(snapshot.get("agency_id"))
    changes = verdicts.account_changes(previous, snapshot)
    for account in snapshot.get("social") or ():
        if isinstance(account, Mapping) and account.get("url"):
            network = account.get("network")
            out.append(
                {
                    # the child table's CHECK must not reject the snapshot; `data` keeps the original
                    "network": network if network in vocab.NETWORKS else "other",
                    "url": text(account["url"], URL_LEN),
                    "activity": closed(
                        account.get("activity"), vocab.ACTIVITIES, "social.activity", aid
                    ),
                    "last_post": parse_date(account.get("last_post")),
                    "posts_90d": integer(account.get("posts_90d")),
                    "change": changes.get(str(account["url"])),
                }
            )
    return out


def news_months(snapshot: Mapping[str, Any]) -> list[dict[str, Any]]:
    monthly = _part(_part(snapshot, "news"), "monthly")
    return [
        {"month": month, "posts": integer(posts)}
        for month, posts in sorted(monthly.items())
        if isinstance(month, str) and _MONTH.match(month) and integer(posts) is not None
    ]


def failed_pages(snapshot: Mapping[str, Any]) -> list[dict[str, str]]:
    out = []
    for page in snapshot.get("failed_pages") or ():
        if isinstance(page, Mapping) and page.get("url"):
            error = page.get("error")
            out.append(
                {
                    "url": text(page["url"], URL_LEN),
                    "error": error if error in vocab.ERRORS else "other",
                }
            )
    return out
