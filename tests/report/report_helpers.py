"""Snapshot dicts in the contract's shape for report tests, built from a few overrides.

`snapshot("binegedi", "Binəqədi", council={"status": "active"})` gives a complete contract
snapshot with everything "absent" except what the test says; nested dicts are merged, not replaced.
"""

from __future__ import annotations

import copy

from tests.samples import nothing_found

AS_OF = "2018-08-20"
RUN = {
    "run_id": "run-2018-08-20",
    "spider": "local_ih",
    "as_of": AS_OF,
    "started_at": "2018-08-20T06:00:00Z",
    "finished_at": "2018-08-20T07:00:00Z",
    "status": "finished",
    "summary": {},
}

BASE = {
    "family": "local_ih",
    "run_id": RUN["run_id"],
    "crawled_at": "2018-08-20T06:30:00Z",
    "as_of": AS_OF,
    "final_url": None,
    "reachable": True,
    "error": None,
    "pages_fetched": 10,
    "failed_pages": [],
    **nothing_found(),
}


def snapshot(agency_id: str, name: str, level: str = "local", **overrides) -> dict:
    s = copy.deepcopy(BASE)
    s.update(
        agency_id=agency_id, name=name, level=level, start_url=f"http://{agency_id}-ih.gov.az/"
    )
    if level == "central":
        s["family"] = "ministry"
    for key, value in overrides.items():
        if isinstance(value, dict) and isinstance(s.get(key), dict):
            s[key] = {**s[key], **value}
        else:
            s[key] = value
    return s


def news(last_date: str, per_month: float, days: int, monthly: dict | None = None) -> dict:
    return {
        "last_date": last_date,
        "per_month": per_month,
        "days_since_last": days,
        "monthly": monthly or {},
        "cadence": "weekly",
        "posts_seen": 12,
    }


def sample_run() -> tuple[list[dict], dict]:
    """Five locals and two centrals covering every annex cell kind; with their agencies mapping."""
    snaps = [
        snapshot(
            "binegedi",
            "Binəqədi",
            mobile={"viewport": True},
            social=[
                {"network": "facebook", "url": "https://www.facebook.com/binegedi"},
                {"network": "instagram", "url": "https://instagram.com/binegedi"},
            ],
            search_box=True,
            council={
                "section": True,
                "url": "http://www.binegedi-ih.gov.az/page/144.html",
                "status": "active",
                "members": 15,
                "events": 7,
                "last_event": "2018-08-05",
            },
            e_services={
                "section": True,
                "url": "http://www.binegedi-ih.gov.az/page/29.html",
                "services": 3,
            },
            news=news("2018-08-18", 21.3, 2, {"2018-06": 20, "2018-07": 22, "2018-08": 12}),
            ratings={
                "2.4": "complete",
                "4.2.1": "substantial",
                "4.2.2": "substantial",
                "5.6": "not_started",
            },
            evidence={
                "social": "https://www.facebook.com/binegedi",
                "council": "http://www.binegedi-ih.gov.az/page/144.html",
            },
        ),
        snapshot(
            "ganja",
            "Gəncə",
            mobile={"viewport": True},
            news=news("2018-07-02", 15.2, 49, {"2018-05": 15, "2018-06": 16, "2018-07": 1}),
            ratings={
                "2.4": "limited",
                "4.2.1": "not_started",
                "4.2.2": "not_started",
                "5.6": "not_started",
            },
        ),
        snapshot("xankendi", "Xankəndi", reachable=False, error="dns", pages_fetched=1),
        snapshot(
            "nizami",
            "Nizami",
            mobile={"viewport": True},
            social=[{"network": "facebook", "url": "https://facebook.com/nizami"}],
            council={
                "section": True,
                "url": "http://www.nizami-ih.gov.az/page/70.html",
                "status": "legislation_only",
            },
            procurement={
                "section": True,
                "url": "http://www.nizami-ih.gov.az/page/99.html",
                "items": 4,
                "last_item": "2018-05-05",
                "portal_links": 1,
            },
            news=news("2018-08-17", 11.0, 3),
            ratings={
                "2.4": "substantial",
                "4.2.1": "not_started",
                "4.2.2": "limited",
                "5.6": "substantial",
            },
            evidence={"procurement": "http://www.nizami-ih.gov.az/page/99.html"},
        ),
        snapshot(
            "dashkesen",
            "Daşkəsən",
            mobile={"viewport": True},
            unknown=["council", "procurement", "e_services"],
            failed_pages=[{"url": "http://dashkesen-ih.gov.az/page/60.html", "error": "timeout"}],
            news=news("2018-08-10", 4.4, 10),
        ),
        snapshot(
            "taxes",
            "Vergilər Nazirliyi",
            level="central",
            mobile={"viewport": True},
            social=[
                {"network": "youtube", "url": "https://www.youtube.com/c/taxes"},
                {"network": "facebook", "url": "https://facebook.com/taxes"},
            ],
            search_box=True,
            e_services={"section": True, "url": "https://www.e-taxes.gov.az/", "services": 12},
            news=news("2018-08-19", 30.0, 1),
            ratings={
                "2.4": "complete",
                "4.2.1": "not_started",
                "4.2.2": "not_started",
                "5.6": "not_started",
            },
        ),
        snapshot(
            "justice",
            "Ədliyyə Nazirliyi",
            level="central",
            mobile={"viewport": True},
            council={
                "section": True,
                "url": "https://www.justice.gov.az/council",
                "status": "members",
                "members": 9,
            },
            procurement={"section": False, "portal_links": 2},
            news=news("2018-08-01", 8.0, 19),
            ratings={
                "2.4": "limited",
                "4.2.1": "substantial",
                "4.2.2": "substantial",
                "5.6": "limited",
            },
        ),
    ]
    agencies = {
        "binegedi": {
            "annex_no": "67",
            "name": "Binəqədi",
            "local_type": "city_district",
            "name_en": "Binagadi",
        },
        "ganja": {"annex_no": "2", "name": "Gəncə", "local_type": "city", "name_en": "Ganja"},
        "xankendi": {"annex_no": "10", "name": "Xankəndi", "local_type": "city"},
        "nizami": {"annex_no": "70", "name": "Nizami", "local_type": "city_district"},
        "dashkesen": {"annex_no": "24", "name": "Daşkəsən", "local_type": "district"},
        "taxes": {"annex_no": "19", "name": "Vergilər Nazirliyi"},
        "justice": {"annex_no": "14", "name": "Ədliyyə Nazirliyi"},
    }
    return snaps, agencies
