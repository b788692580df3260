"""Sample SiteSnapshot dicts for database tests: every contract field, per SNAPSHOT_SCHEMA."""

from __future__ import annotations

import copy
from typing import Any

from sqlalchemy import create_engine, text

from ogpcrawl.items import CONTRACT_FIELDS, OUTPUT_FIELDS
from tests.samples import nothing_found

# agency_id -> (name, level, family, annex_no)
AGENCIES = {
    "binegedi": ("Binəqədi", "local", "local_ih", 67),
    "sheki": ("Şəki", "local", "local_ih", 5),
    "xankendi": ("Xankəndi", "local", "local_ih", 10),
    "stat": ("Dövlət Statistika Komitəsi", "central", "ministry", 3),
    "migration": ("Dövlət Miqrasiya Xidməti", "central", "ministry", 2),
}


def agency_rows() -> list[dict[str, Any]]:
    """Rows as the agencies file has them (strings, extras included)."""
    return [
        {
            "agency_id": aid,
            "name": name,
            "level": level,
            "family": family,
            "url": f"http://{aid}.example.az/",
            "annex_no": str(no),
            "local_type": "district" if level == "local" else "",
            "host_confidence": "high",
        }
        for aid, (name, level, family, no) in AGENCIES.items()
    ]


def snapshot(agency_id: str, run_id: str, *, as_of: str = "2018-08-16", **changes: Any) -> dict:
    """A reachable site's snapshot; `changes` replace top-level fields, or nested ones written
    as part__key (council__section=True)."""
    name, level, family, _no = AGENCIES[agency_id]
    url = f"http://{agency_id}.example.az/"
    snap: dict[str, Any] = {
        "agency_id": agency_id,
        "name": name,
        "level": level,
        "family": family,
        "run_id": run_id,
        "crawled_at": f"{as_of}T10:00:00+00:00",
        "as_of": as_of,
        "start_url": url,
        "final_url": url,
        "reachable": True,
        "error": None,
        "pages_fetched": 12,
        "failed_pages": [{"url": url + "page/9.html", "error": "http_5xx"}],
        **nothing_found(),  # no council section; the rest was found:
        "mobile": {"viewport": True, "mobile_url": None, "responsive": None},
        "social": [
            {
                "network": "facebook",
                "url": f"https://www.facebook.com/{agency_id}",
                "activity": "active",
                "last_post": "2018-08-10",
                "posts_90d": 30,
            },
            {
                "network": "youtube",
                "url": f"https://www.youtube.com/@{agency_id}",
                "activity": "unknown",
                "last_post": None,
                "posts_90d": None,
            },
        ],
        "search_box": True,
        "search_works": True,
        "procurement": {
            "section": True,
            "url": url + "page/40.html",
            "title": "Satınalmalar",
            "items": 4,
            "last_item": "2018-06-01",
            "portal_links": 1,
        },
        "e_services": {
            "section": True,
            "url": url + "page/29.html",
            "services": 5,
            "portal_links": 2,
        },
        "news": {
            "last_date": "2018-08-10",
            "per_month": 6.5,
            "days_since_last": 6,
            "monthly": {"2018-06": 7, "2018-07": 6, "2018-08": 3},
            "cadence": "weekly",
            "window_start": "2018-05-12",
            "window_end": "2018-08-10",
            "posts_seen": 16,
        },
        "ratings": {
            "2.4": "substantial",
            "4.2.1": "not_started",
            "4.2.2": "not_started",
            "5.6": "complete",
        },
        "evidence": {"search_box": url},
        "address": {"tried": [url], "answered": url},
        "rendering": {"browser": False, "reason": "static html sufficient"},
        "tls": {"https": False, "valid": None, "error": None},
        "evidence_detail": [
            {"finding": "search_box", "url": url, "rule": "search.form_action", "snippet": "<form>"}
        ],
    }
    for key, value in changes.items():
        part, _, sub = key.partition("__")
        if sub:
            snap[part] = {**snap[part], sub: value}
        else:
            snap[part] = value
    assert set(CONTRACT_FIELDS) <= set(snap) <= set(OUTPUT_FIELDS)
    return copy.deepcopy(snap)


def unreachable(
    agency_id: str, run_id: str, *, as_of: str = "2018-08-16", error: str = "timeout"
) -> dict:
    """A site that did not load: every finding empty, ratings at the bottom."""
    return snapshot(
        agency_id,
        run_id,
        as_of=as_of,
        final_url=None,
        reachable=False,
        error=error,
        pages_fetched=1,
        failed_pages=[],
        **nothing_found(),
        evidence_detail=[],
    )


def fill_history(store) -> None:
    """Three finished runs and one running, enough for every view to have something to say:

    local_ih  r-2018-08 (as of 2018-08-16)  binegedi: no council section, sheki: weekly news,
                                             xankendi: unreachable
    local_ih  r-2018-10 (as of 2018-10-16)  binegedi: council section appeared (4.2.1, 4.2.2 up),
                                             sheki: posting stopped, xankendi: came back
    ministries m-2018-10 (as of 2018-10-16)  stat, migration
    local_ih  r-2018-12 running              binegedi only (not in any "latest" view)
    """
    store.upsert_agencies(agency_rows())
    store.start_run("r-2018-08", "local_ih", "2018-08-16", {"OGP_MAX_PAGES": 40})
    store.save_snapshots(
        "r-2018-08",
        [
            snapshot("binegedi", "r-2018-08"),
            snapshot(
                "sheki",
                "r-2018-08",
                procurement__section=False,
                ratings={
                    "2.4": "substantial",
                    "4.2.1": "limited",
                    "4.2.2": "not_started",
                    "5.6": "not_started",
                },
            ),
            unreachable("xankendi", "r-2018-08", error="dns"),
        ],
    )
    store.finish_run("r-2018-08", "finished", {})
    store.start_run("r-2018-10", "local_ih", "2018-10-16", {"OGP_MAX_PAGES": 40})
    council = {
        "section": True,
        "url": "http://binegedi.example.az/page/58.html",
        "title": "İctimai şura",
        "status": "active",
        "members": 9,
        "events": 3,
        "last_event": "2018-09-20",
    }
    stopped_news = {
        "last_date": "2018-07-02",
        "per_month": 1.0,
        "days_since_last": 106,
        "monthly": {"2018-05": 2, "2018-06": 1, "2018-07": 1},
        "cadence": "monthly",
        "window_start": "2018-04-03",
        "window_end": "2018-07-02",
        "posts_seen": 4,
    }
    store.save_snapshots(
        "r-2018-10",
        [
            snapshot(
                "binegedi",
                "r-2018-10",
                as_of="2018-10-16",
                council=council,
                ratings={
                    "2.4": "substantial",
                    "4.2.1": "substantial",
                    "4.2.2": "complete",
                    "5.6": "complete",
                },
            ),
            snapshot(
                "sheki",
                "r-2018-10",
                as_of="2018-10-16",
                news=stopped_news,
                procurement__section=False,
                # its Facebook page went quiet too (v_changes.quiet_account)
                social=[
                    {
                        "network": "facebook",
                        "url": "https://www.facebook.com/sheki",
                        "activity": "stopped",
                        "last_post": "2018-07-02",
                        "posts_90d": 3,
                    },
                    {
                        "network": "youtube",
                        "url": "https://www.youtube.com/@sheki",
                        "activity": "unknown",
                        "last_post": None,
                        "posts_90d": None,
                    },
                ],
                ratings={
                    "2.4": "limited",
                    "4.2.1": "limited",
                    "4.2.2": "not_started",
                    "5.6": "not_started",
                },
            ),
            snapshot(
                "xankendi",
                "r-2018-10",
                as_of="2018-10-16",
                social=[],
                mobile={"viewport": False, "mobile_url": None, "responsive": None},
                ratings={
                    "2.4": "not_started",
                    "4.2.1": "not_started",
                    "4.2.2": "not_started",
                    "5.6": "complete",
                },
            ),
        ],
    )
    store.finish_run("r-2018-10", "finished", {})
    store.start_run("m-2018-10", "ministries", "2018-10-16", {"OGP_MAX_PAGES": 80})
    store.save_snapshots(
        "m-2018-10",
        [
            snapshot("stat", "m-2018-10", as_of="2018-10-16"),
            snapshot(
                "migration",
                "m-2018-10",
                as_of="2018-10-16",
                e_services={
                    "section": True,
                    "url": "http://az.e.migration.gov.az/",
                    "services": 12,
                    "portal_links": 0,
                },
                procurement__section=False,
                ratings={
                    "2.4": "complete",
                    "4.2.1": "limited",
                    "4.2.2": "not_started",
                    "5.6": "not_started",
                },
            ),
        ],
    )
    store.finish_run("m-2018-10", "finished", {})
    store.start_run("r-2018-12", "local_ih", "2018-12-16", {})
    store.save_snapshots(
        "r-2018-12", [snapshot("binegedi", "r-2018-12", as_of="2018-12-16", search_box=False)]
    )


def query(url: str, sql: str, **params: Any) -> list[dict[str, Any]]:
    """Rows as dicts from a short-lived connection: tests read behind the Store's back."""
    engine = create_engine(url)
    try:
        with engine.connect() as c:
            return [dict(r._mapping) for r in c.execute(text(sql), params)]
    finally:
        engine.dispose()


def count(url: str, table: str, **where: Any) -> int:
    sql = f"SELECT COUNT(*) AS n FROM {table}"  # noqa: S608 - table names are the tests' own
    if where:
        sql += " WHERE " + " AND ".join(f"{k} = :{k}" for k in where)
    return query(url, sql, **where)[0]["n"]
