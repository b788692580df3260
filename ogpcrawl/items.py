"""SiteSnapshot: one per agency per run, the contract in code (docs/snapshot-contract.md)."""

from __future__ import annotations

import scrapy

from ogpcrawl import vocab

# The contract's fields, in the contract's order. Nothing here may be renamed or dropped.
CONTRACT_FIELDS = (
    "agency_id",
    "name",
    "level",
    "family",
    "run_id",
    "crawled_at",
    "as_of",
    "start_url",
    "final_url",
    "reachable",
    "error",
    "pages_fetched",
    "failed_pages",
    "mobile",
    "social",
    "search_box",
    "council",
    "procurement",
    "e_services",
    "news",
    "ratings",
    "evidence",
    # the shared contract's December 2026 additions
    "search_works",
)

# Project additions (allowed by the contract: "Fields may be added"), documented in the
# project's copy of the contract under "Additions".
ADDED_FIELDS = (
    "address",  # {"tried": [url, ...], "answered": url or null}: which known address answered
    "rendering",  # {"browser": bool, "reason": str[, "failure": str]}: browser or not, and why
    "tls",  # {"https": bool, "valid": bool or null, "error": str or null}
    "unknown",  # findings that could not be judged because their page failed
    "evidence_detail",  # [{finding, url, rule, snippet, captured_at, record_id, digest}]
    "captures",  # {pages, failed, mobile}: the archived record of each page read (ogpcrawl/archive)
    "deadline_reached",  # bool: the visit was cut at OGP_SITE_DEADLINE and judged with what it had
    "mobile_check",  # {url, responsive, reasons, details} of the phone check, or null (not run)
)

# Working fields the spider hands to the pipelines; removed before the item leaves them.
INTERNAL_FIELDS = ("pages", "failed_detail", "search_check", "social_views", "found_via")

OUTPUT_FIELDS = CONTRACT_FIELDS + ADDED_FIELDS


class SiteSnapshot(scrapy.Item):
    agency_id = scrapy.Field()
    name = scrapy.Field()
    level = scrapy.Field()
    family = scrapy.Field()
    run_id = scrapy.Field()
    crawled_at = scrapy.Field()
    as_of = scrapy.Field()
    start_url = scrapy.Field()
    final_url = scrapy.Field()
    reachable = scrapy.Field()
    error = scrapy.Field()
    pages_fetched = scrapy.Field()
    failed_pages = scrapy.Field()
    mobile = scrapy.Field()
    social = scrapy.Field()
    search_box = scrapy.Field()
    council = scrapy.Field()
    procurement = scrapy.Field()
    e_services = scrapy.Field()
    news = scrapy.Field()
    ratings = scrapy.Field()
    evidence = scrapy.Field()
    search_works = scrapy.Field()
    # additions
    address = scrapy.Field()
    rendering = scrapy.Field()
    tls = scrapy.Field()
    unknown = scrapy.Field()
    evidence_detail = scrapy.Field()
    captures = scrapy.Field()
    deadline_reached = scrapy.Field()
    # internal
    pages = scrapy.Field()
    failed_detail = scrapy.Field()
    mobile_check = scrapy.Field()
    search_check = scrapy.Field()  # {form, query, control}: what the search_works check sent
    social_views = scrapy.Field()  # {account url: [{url, status, text, error}]} fetched views
    found_via = scrapy.Field()  # [{finding, url, rule, snippet}]: how each section page was found


_str = {"type": "string"}
_nstr = {"type": ["string", "null"]}
_nint = {"type": ["integer", "null"]}
_date = {"type": ["string", "null"], "pattern": r"^\d{4}-\d{2}-\d{2}$"}

# JSON schema of an output snapshot. Tests validate every emitted snapshot against it.
SNAPSHOT_SCHEMA = {
    "type": "object",
    "required": list(CONTRACT_FIELDS),
    "additionalProperties": False,
    "properties": {
        "agency_id": _str,
        "name": _str,
        "level": {"enum": list(vocab.LEVELS)},
        "family": {"enum": list(vocab.FAMILIES)},
        "run_id": _str,
        "crawled_at": _str,
        "as_of": {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$"},
        "start_url": _str,
        "final_url": _nstr,
        "reachable": {"type": "boolean"},
        "error": {"enum": [*vocab.ERRORS, None]},
        "pages_fetched": {"type": "integer", "minimum": 0},
        "failed_pages": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["url", "error"],
                "properties": {"url": _str, "error": {"enum": list(vocab.ERRORS)}},
            },
        },
        "mobile": {
            "type": "object",
            "required": ["viewport", "mobile_url", "responsive"],
            "properties": {
                "viewport": {"type": "boolean"},
                "mobile_url": _nstr,
                "responsive": {"type": ["boolean", "null"]},
            },
        },
        "social": {
            "type": "array",
            "items": {
                "type": "object",
                # activity, last_post, posts_90d: the shared contract's December 2026 additions
                "required": ["network", "url", "activity", "last_post", "posts_90d"],
                "properties": {
                    "network": {"enum": list(vocab.NETWORKS)},
                    "url": _str,
                    "activity": {"enum": list(vocab.ACTIVITIES)},
                    "last_post": _date,
                    "posts_90d": {"type": ["integer", "null"], "minimum": 0},
                },
            },
        },
        "search_box": {"type": "boolean"},
        "council": {
            "type": "object",
            "required": ["section", "url", "title", "status", "members", "events", "last_event"],
            "properties": {
                "section": {"type": "boolean"},
                "url": _nstr,
                "title": _nstr,
                "status": {"enum": list(vocab.COUNCIL_STATUSES)},
                "members": _nint,
                "events": _nint,
                "last_event": _date,
            },
        },
        "procurement": {
            "type": "object",
            "required": ["section", "url", "title", "items", "last_item", "portal_links"],
            "properties": {
                "section": {"type": "boolean"},
                "url": _nstr,
                "title": _nstr,
                "items": _nint,
                "last_item": _date,
                "portal_links": {"type": "integer", "minimum": 0},
            },
        },
        "e_services": {
            "type": "object",
            "required": ["section", "url", "services", "portal_links"],
            "properties": {
                "section": {"type": "boolean"},
                "url": _nstr,
                "services": _nint,
                "portal_links": {"type": "integer", "minimum": 0},
            },
        },
        "news": {
            "type": "object",
            "required": [
                "last_date",
                "per_month",
                "days_since_last",
                "monthly",
                "cadence",
                "window_start",
                "window_end",
                "posts_seen",
            ],
            "properties": {
                "last_date": _date,
                "per_month": {"type": ["number", "null"]},
                "days_since_last": _nint,
                "monthly": {"type": "object"},
                "cadence": {"enum": list(vocab.CADENCES)},
                "window_start": _date,
                "window_end": _date,
                "posts_seen": {"type": "integer", "minimum": 0},
            },
        },
        "ratings": {
            "type": "object",
            "required": list(vocab.COMMITMENTS),
            "properties": {c: {"enum": list(vocab.RATINGS)} for c in vocab.COMMITMENTS},
        },
        "evidence": {"type": "object"},
        "search_works": {"type": ["boolean", "null"]},
        "address": {"type": "object"},
        "rendering": {"type": "object"},
        "tls": {"type": "object"},
        "unknown": {"type": "array", "items": _str},
        "evidence_detail": {"type": "array"},
        "captures": {"type": ["object", "null"]},
        "deadline_reached": {"type": ["boolean", "null"]},
        "mobile_check": {
            "type": ["object", "null"],
            "required": ["url", "responsive", "reasons", "details"],
            "properties": {
                "url": _nstr,
                "responsive": {"type": ["boolean", "null"]},
                "reasons": {"type": "array", "items": _str},
                "details": {"type": "object"},
                "error": _nstr,
            },
            "additionalProperties": False,
        },
    },
}
