"""Derive the farm's ground truth from the report's data (run from the checkout root).

    python -m ogpcrawl.farm.build_truth   # rewrites ogpcrawl/farm/data/ground_truth.csv

Inputs: the project's copy of the report's annexes (data/reference/) and seeds/agencies.csv (hosts).
One row per agency says what the replica site must show. Where the report is silent the script
chooses deterministically (from the agency id) and says so in ``choices``; the report's own
contradictions are resolved as data/reference/README.md and docs/farm.md explain.
"""

from __future__ import annotations

import csv
import hashlib
import math
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlsplit

HERE = Path(__file__).parent
REF = HERE / "data" / "reference"
OUT = HERE / "data" / "ground_truth.csv"
SEEDS = HERE.parent.parent / "seeds" / "agencies.csv"

AS_OF = date(2018, 8, 20)
WINDOW_DAYS = 90  # vocab.NEWS_WINDOW_DAYS; repeated so the farm imports nothing of the crawler
DAYS_PER_MONTH = 30.44
HISTORY_DAYS = 150  # archives reach back this far before the last post (brief: at least 120)

# Low-confidence locals served ONLY at one of their alternate hosts: exercises address fallback
# (Füzuli at the Russian-style spelling the domain notes suggest for the unverified hosts).
ALT_ONLY = {
    "absheron": "abseron-ih.gov.az",
    "fuzuli": "fizuli-ih.gov.az",
    "kepez": "kapaz-ih.gov.az",
}

# Ministry designs (ogpcrawl/farm/sites/ministry.py). mct renders only in a browser.
DESIGNS = {
    "modul": ("taxes", "seferberlik", "refuges-idps-committee"),
    "protorel": ("stat", "emlak", "vxsida"),
    "viewquery": ("justice", "maliyye", "mlsp"),
    "tiles": ("customs", "mincom", "agro"),
    "azdate": ("fhn", "sehiyye", "eco"),
    "press": ("migration", "mys", "scfwca", "economy"),
    "isodate": ("mfa", "edu", "minenergy"),
    "spa": ("mct",),
}
DESIGN_OF = {a: d for d, ids in DESIGNS.items() for a in ids}

# How the section is titled on the site: the detectors must fold case and diacritics.
COUNCIL_TITLES = (
    "İctimai şura",
    "İCTİMAİ ŞURA",
    "Ictimai sura",
    "İctimai Şura",
    "İctimai Şura",
    "ictimai şura",
)
# Ministries with no search form (real 2018 pages had one almost everywhere).
MINISTRY_NO_SEARCH = {"seferberlik", "emlak", "vxsida", "agro"}

COLUMNS = [
    "agency_id",
    "level",
    "annex_no",
    "name",
    "family",
    "design",
    "render",
    "scheme",
    "primary_host",
    "hosts",
    "alt_only",
    "reachable",
    "viewport",
    "social_networks",
    "search_box",
    "search_word_only",
    "council_section",
    "council_status",
    "council_path",
    "council_title",
    "council_in_menu",
    "council_members",
    "council_events",
    "council_last_event",
    "council_info_paths",
    "procurement_section",
    "procurement_path",
    "procurement_items",
    "procurement_last_item",
    "procurement_info_path",
    "tender_portal_links",
    "e_services",
    "e_services_path",
    "e_services_count",
    "e_services_portal_links",
    "news_per_month_min",
    "news_per_month_max",
    "news_window_posts",
    "news_per_month",
    "news_last_date",
    "news_first_date",
    "news_placeholder_times",
    "robots_disallow",
    "crawl_delay",
    "choices",
    "conflicts",
]


def h(agency_id: str, salt: str = "") -> int:
    """A stable small integer from an id: every choice below is reproducible."""
    return int(hashlib.sha256(f"{agency_id}/{salt}".encode()).hexdigest()[:8], 16)


def path_of(url: str) -> str:
    """Path + query of a report URL, as the site serves it ('' when no URL)."""
    if not url:
        return ""
    parts = urlsplit(url)
    return (parts.path or "/") + (f"?{parts.query}" if parts.query else "")


def window_posts(rate: float) -> int:
    """Posts inside the 90-day window that make ``rate`` posts/month (30.44-day months)."""
    return max(1, round(rate * WINDOW_DAYS / DAYS_PER_MONTH))


def news_plan(agency_id: str, lo: str, hi: str, last: str, level: str, choices: list[str]):
    lo_f = float(lo) if lo else None
    hi_f = float(hi) if hi else None
    if lo_f is None and hi_f is None:
        rate = (8, 12, 20, 30)[h(agency_id, "rate") % 4]
        choices.append(f"news rate {rate}/month (report gives none)")
    elif lo_f is None:
        rate = hi_f * 0.8
        choices.append(f"news rate {rate:g}/month (report: up to {hi_f:g})")
    else:
        rate = (lo_f + hi_f) / 2
    if len(last) == 10:
        last_d = date.fromisoformat(last)
    else:
        # report silent (or month only, Bakı "2018-08"): a day shortly before the observation
        last_d = date(2018, 8, 6) + timedelta(days=h(agency_id, "last") % 12)
        choices.append(f"last news {last_d} (report: {last or 'none'})")
    return rate, last_d


def social_for(row: dict) -> str:
    return row["social_networks"]


def build() -> list[dict]:
    seeds = {r["agency_id"]: r for r in csv.DictReader(SEEDS.open(encoding="utf-8"))}
    annex = {}
    for fname, level in (
        ("annex1_local_2018.csv", "local"),
        ("annex2_central_2018.csv", "central"),
    ):
        for r in csv.DictReader((REF / fname).open(encoding="utf-8")):
            annex[(level, r["no"])] = r
    rows = []
    for aid, seed in seeds.items():
        a = annex[(seed["level"], seed["annex_no"])]
        rows.append(derive(aid, seed, a))
    return rows


def derive(aid: str, seed: dict, a: dict) -> dict:
    choices: list[str] = []
    local = seed["level"] == "local"
    url = urlsplit(seed["url"])
    host = url.hostname
    t = dict.fromkeys(COLUMNS, "")
    t.update(
        agency_id=aid,
        level=seed["level"],
        annex_no=seed["annex_no"],
        name=seed["name"],
        family=seed["family"],
        scheme=url.scheme,
        conflicts=a.get("conflicts", ""),
    )
    t["design"] = "ih_old" if local else DESIGN_OF[aid]
    t["render"] = "browser" if t["design"] == "spa" else "static"
    if aid in ALT_ONLY:
        t["alt_only"] = "true"
        t["primary_host"] = ALT_ONLY[aid]
        t["hosts"] = ALT_ONLY[aid]
    else:
        t["alt_only"] = "false"
        t["primary_host"] = host
        twin = host[4:] if host.startswith("www.") else f"www.{host}"
        t["hosts"] = f"{host};{twin}"
    t["reachable"] = "false" if a["reachable"] == "false" else "true"
    if t["reachable"] == "false":
        t["hosts"] = ""  # Xankəndi: the farm answers 502 for it
        t["choices"] = "unreachable: no site served"
        return t

    t["viewport"] = "true"  # report 2.4: every site has a mobile version
    t["social_networks"] = social_for(a)
    social_activity(aid, local, a, t, choices)
    # Search: locals exactly as the narrative's list of 13; ministries from the 2018 pages.
    if local:
        t["search_box"] = a["site_search"] or "false"
    else:
        t["search_box"] = "false" if aid in MINISTRY_NO_SEARCH else "true"
    t["search_word_only"] = str(t["search_box"] == "false" and h(aid, "word") % 3 == 0).lower()

    council(aid, local, a, t, choices)
    procurement(aid, local, a, t, choices)
    eservices(aid, local, a, t, choices)

    t["news_per_month_min"], t["news_per_month_max"] = (
        a["news_per_month_min"],
        a["news_per_month_max"],
    )
    if aid == "baku":
        # "only two items since 2015": one in August 2018, one in 2015
        last_d = date(2018, 8, 9)
        t.update(
            news_window_posts="1",
            news_per_month=f"{1 / (WINDOW_DAYS / DAYS_PER_MONTH):.2f}",
            news_last_date=last_d.isoformat(),
            news_first_date="2015-06-12",
        )
        choices.append("news: two items (2015-06-12, 2018-08-09)")
    else:
        rate, last_d = news_plan(
            aid,
            a["news_per_month_min"],
            a["news_per_month_max"],
            a["news_last_date"],
            seed["level"],
            choices,
        )
        n = window_posts(rate)
        t["news_window_posts"] = str(n)
        t["news_per_month"] = f"{n / (WINDOW_DAYS / DAYS_PER_MONTH):.2f}"
        t["news_last_date"] = last_d.isoformat()
        t["news_first_date"] = (last_d - timedelta(days=HISTORY_DAYS)).isoformat()
    t["news_placeholder_times"] = str(h(aid, "times") % 2 == 0).lower()

    k = h(aid, "robots") % 6
    t["robots_disallow"] = {0: "/admin/;/az/cron", 1: "/admin/", 2: "/az/cron"}.get(k, "")
    t["crawl_delay"] = "1" if h(aid, "delay") % 17 == 0 else ""
    t["choices"] = "; ".join(choices)
    return t


def council(aid, local, a, t, choices) -> None:
    status = a["council_section_content"] or "none"
    section = a["council_section"] == "true"
    if a["council_section"] == "" and local:
        choices.append("council: report silent (C12), modelled absent")
    t["council_section"] = str(section).lower()
    t["council_status"] = "absent" if not section else status
    t["council_in_menu"] = str(section and aid != "sabunchu").lower()  # Sabunçu: search only
    if section:
        p = path_of(a["council_section_url"])
        if not p:
            p = {"yasamal": "/page/88.html", "nizami": "/page/97.html"}[aid]
            choices.append(f"council page {p} (report gives no URL)")
        t["council_path"] = p
        t["council_title"] = COUNCIL_TITLES[h(aid, "title") % len(COUNCIL_TITLES)]
    t["council_members"] = {"binegedi": "15", "qaradagh": "0", "mys": "11", "scfwca": "9"}.get(
        aid, ""
    )
    if aid in ("mys", "scfwca"):
        choices.append(f"council members {t['council_members']} (report: listed, no number)")
    t["council_events"] = {"binegedi": "7", "qaradagh": "1", "eco": "3", "justice": "8"}.get(
        aid, a["council_events"]
    )
    t["council_last_event"] = {
        "qaradagh": "2017-12-15",
        "justice": "2017-11-28",
        "eco": "2018-06-14",
    }.get(aid, a["council_last_event"])
    if aid in ("qaradagh", "justice", "eco"):
        choices.append(
            f"council last event {t['council_last_event']} ({t['council_events']} "
            "events; report gives month or nothing)"
        )
    info = [path_of(u) for u in a["council_info_url"].split(";") if u]
    t["council_info_paths"] = ";".join(info)


def procurement(aid, local, a, t, choices) -> None:
    section = a["procurement_section"] == "true"
    t["procurement_section"] = str(section).lower()
    p = path_of(a["procurement_url"])
    if section:
        t["procurement_path"] = p
        items = {"nizami": "4", "stat": "6", "customs": "5", "mincom": "7"}[aid]
        t["procurement_items"] = items
        last = {
            "nizami": "2018-05-05",
            "stat": "2018-07-24",
            "customs": "2017-05-22",
            "mincom": "2018-06-29",
        }[aid]
        t["procurement_last_item"] = last
        if aid != "nizami":
            choices.append(f"procurement {items} notices, newest {last}")
    elif p:
        t["procurement_info_path"] = p  # one notice page or a search result, not a section
    portal = section or h(aid, "portal") % 3 == 0 or aid in ("edu", "economy", "agro")
    t["tender_portal_links"] = "1" if portal else "0"


def eservices(aid, local, a, t, choices) -> None:
    has = a["e_services"] == "true"
    if aid == "vxsida":  # notes empty: the agency *is* the ASAN service provider
        has = True
        choices.append("e-services: a list of 6 (report notes empty)")
    t["e_services"] = str(has).lower()
    if not has:
        t["e_services_count"] = "0"
        t["e_services_portal_links"] = "0"
        return
    u = a["e_services_url"]
    own = urlsplit(u).hostname or ""
    own = REPORT_HOST_TYPOS.get(own.removeprefix("www."), own)
    own_site = own.removeprefix("www.") in t["hosts"].replace("www.", "") if own else False
    if local:
        t["e_services_path"] = "/page/29.html"
    elif own_site:
        t["e_services_path"] = path_of(u)
    else:
        t["e_services_path"] = {"spa": "/xidmetler"}.get(t["design"], "/e-xidmetler")
    count = a["e_services_count"]
    if not count:
        count = str(3 + h(aid, "svc") % 10)
        choices.append(f"e-services count {count} (report: none)")
    if aid == "vxsida":
        count = "6"
    t["e_services_count"] = count
    # Links into the state portals (e-gov.az, dxr.az) and separate e-service domains
    external = bool(u) and not own_site
    t["e_services_portal_links"] = "1" if external else "0"
    if external:
        t["e_services_external"] = u


# Hosts the report misspells in its own links (domains_notes.md): the link is the agency's site.
REPORT_HOST_TYPOS = {"refuges-idps-committee.gov.az": "refugees-idps-committee.gov.az"}

COLUMNS.append("e_services_external")
COLUMNS += ["social_activity", "social_last_post", "social_table_group", "social_traps"]

# The report's 2.4 table (N19/N20) puts an agency in "active" (several posts a week) or "medium"
# (several a month); where the annex has no activity word that decides the class shown.
TABLE_CLASS = {"active": "active", "medium": "moderate"}
# How far before AS_OF each class's newest post is (days), chosen inside the class's limits.
LAST_POST_AGO = {"intense": (0, 3), "active": (0, 5), "moderate": (2, 10), "weak": (15, 40)}
# Traps on the networks' public views (ogpcrawl/farm/sites/social.py): where and which.
SOCIAL_TRAPS = {
    "kurdemir": "login_wall:facebook",  # its YouTube channel still shows it is intense
    "yasamal": "never_posted:youtube",  # a channel that exists and never posted
    "xocavend": "rate_limited:youtube",  # YouTube answers 429 for this feed
    "sabail": "robots:youtube",  # youtube.com/robots.txt disallows this channel's feed
    # the site names its Facebook page only through a like-box iframe (no link)
    "migration": "like_box:facebook",
    "economy": "like_box:facebook",
}


def social_activity(aid: str, local: bool, a: dict, t: dict, choices: list[str]) -> None:
    """The activity every readable account of the agency shows, and its newest post."""
    if not t["social_networks"]:
        return
    act = a["social_activity"] or "unknown"
    t["social_table_group"] = a.get("social_table_group", "")
    month = a.get("social_last_post", "")
    if act == "unknown" and t["social_table_group"]:
        act = TABLE_CLASS[t["social_table_group"]]
        choices.append(f"social activity {act} from the 2.4 table (annex: no activity word)")
    elif act == "unknown" and month:
        act = "stopped" if (AS_OF - date.fromisoformat(f"{month}-28")).days >= 60 else "weak"
        choices.append(f"social activity {act}: last post in {month} (annex: no activity word)")
    elif act == "unknown":
        act = ("active", "moderate")[h(aid, "social") % 2]
        choices.append(f"social activity {act} (report silent)")
    if month:
        # the report gives the month: a day in it that keeps the class (within 60 days or not)
        year, mon = map(int, month.split("-"))
        last = date(year, mon, 27 if act != "stopped" else 18)
    elif act == "stopped":
        last = AS_OF - timedelta(days=75 + h(aid, "quiet") % 30)
        choices.append(f"social last post {last} (report: stopped, no date)")
    else:
        lo, hi = LAST_POST_AGO[act]
        last = AS_OF - timedelta(days=lo + h(aid, "lastpost") % (hi - lo + 1))
    t["social_activity"] = act
    t["social_last_post"] = last.isoformat()
    traps = [SOCIAL_TRAPS[aid]] if aid in SOCIAL_TRAPS else []
    if "facebook" in t["social_networks"]:
        if h(aid, "pin") % 4 == 0:
            traps.append("pinned:facebook")  # an old pinned post above the recent ones
        style = ("utime", "az_text", "en_text")[h(aid, "datefmt") % 3]
        if style != "utime":
            traps.append(f"{style}:facebook")  # dates only as words, not unix times
    t["social_traps"] = ";".join(traps)


def write(rows: list[dict]) -> None:
    with OUT.open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, COLUMNS, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)


if __name__ == "__main__":
    rows = build()
    write(rows)
    assert len(rows) == 103, len(rows)
    assert math.isclose(sum(r["search_box"] == "true" for r in rows if r["level"] == "local"), 13)
    print(f"wrote {OUT} ({len(rows)} rows)")
