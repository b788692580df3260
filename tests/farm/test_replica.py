"""The replica shows what the ground truth says, and the ground truth says what the report says."""

from __future__ import annotations

import csv
import io
import pkgutil
import re
import unicodedata
from datetime import date, timedelta

import pytest
from parsel import Selector

from ogpcrawl.farm.replica import replica_web
from ogpcrawl.farm.truth import load_truth, truth_by_id
from ogpcrawl.farm.web import Request

from .client import get


def ref(name: str) -> list[dict]:
    raw = pkgutil.get_data("ogpcrawl.farm", f"data/reference/{name}").decode("utf-8")
    return list(csv.DictReader(io.StringIO(raw)))


def fold(s: str) -> str:
    s = s.replace("İ", "i").replace("ı", "i").casefold()
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))


@pytest.fixture(scope="module")
def web():
    return replica_web()


def fetch(web, agency_id: str, target: str = "/"):
    row = truth_by_id()[agency_id]
    resp = web.handle(Request("GET", row["scheme"], row["primary_host"], target))
    assert resp is not None
    charset = (resp.content_type or "").split("charset=")[-1] or "utf-8"
    return resp, Selector(text=resp.body.decode(charset))


def locals_():
    return [r for r in load_truth() if r["level"] == "local" and r["reachable"] == "true"]


def test_ground_truth_has_all_103_agencies_and_three_alt_only_hosts():
    rows = load_truth()
    assert len(rows) == 103
    assert [r["agency_id"] for r in rows if r["reachable"] == "false"] == ["xankendi"]
    seeds = {r["agency_id"]: r for r in csv.DictReader(open("seeds/agencies.csv"))}
    alt = [r for r in rows if r["alt_only"] == "true"]
    assert len(alt) == 3
    for r in alt:
        assert r["hosts"] in seeds[r["agency_id"]]["alt_urls"]
        assert seeds[r["agency_id"]]["host_confidence"] == "low"


def test_every_reachable_agency_answers_at_host_and_www_twin(web):
    for r in load_truth():
        for host in r["hosts"].split(";") if r["hosts"] else []:
            resp = web.handle(Request("GET", r["scheme"], host, "/robots.txt"))
            assert resp is not None and resp.status == 200, host
    assert web.site("absheron-ih.gov.az") is None  # alt-only: the seed host is dead


def test_search_form_exactly_on_the_13_named_local_sites(web):
    named = next(c for c in ref("narrative_facts.csv") if c["claim_id"] == "N15")
    names = set(named["agencies"].split(";"))
    with_form = set()
    for r in locals_():
        _, sel = fetch(web, r["agency_id"])
        if sel.css("form input[type=text]"):
            with_form.add(r["name"])
    assert with_form == names and len(names) == 13


def test_the_word_axtaris_appears_on_some_sites_without_a_form(web):
    tricky = [r for r in locals_() if r["search_word_only"] == "true"]
    assert tricky
    for r in tricky:
        resp, sel = fetch(web, r["agency_id"])
        assert "axtarış" in resp.body.decode().lower() and not sel.css("form")


def test_council_sections_match_the_annex(web):
    annex = {r["no"]: r for r in ref("annex1_local_2018.csv")}
    for r in locals_():
        _, home = fetch(web, r["agency_id"])
        menu = [(a.attrib["href"], fold(a.css("::text").get(""))) for a in home.css("#menu a")]
        linked = [h for h, label in menu if "ictimai sura" in label]
        expected = annex[r["annex_no"]]["council_section"] == "true"
        in_menu = expected and r["agency_id"] != "sabunchu"
        assert bool(linked) == in_menu, r["agency_id"]
        if expected:
            resp, _ = fetch(web, r["agency_id"], r["council_path"])
            assert resp.status == 200


def test_council_titles_come_in_several_spellings():
    titles = {r["council_title"] for r in load_truth() if r["council_title"]}
    assert len(titles) >= 3 and len({fold(t) for t in titles}) == 1


def test_sabunchu_council_only_through_search(web):
    _, sel = fetch(web, "sabunchu", "/search.html?q=ictimai+%C5%9Fura")
    assert "/page/105.html" in sel.css(".search-results a::attr(href)").getall()


def test_binegedi_council_is_active_with_members_and_events(web):
    _, sec = fetch(web, "binegedi", "/page/144.html")
    subs = sec.css(".submenu a::text").getall()
    assert subs == ["Şuranın üzvləri", "Elanlar", "Normativ hüquqi baza", "Tədbirlər"]
    _, members = fetch(web, "binegedi", "/page/145.html")
    assert len(members.css("table.members tr")) == 15
    _, events = fetch(web, "binegedi", "/page/148.html")
    dates = events.css(".events .date::text").getall()
    assert len(dates) == 7 and dates[0] == "05.08.2018"


def test_qaradagh_has_protocols_and_empty_members(web):
    _, sec = fetch(web, "qaradagh", "/page/75.html")
    assert "Pratokollar" in sec.css(".submenu a::text").getall()
    _, members = fetch(web, "qaradagh", "/page/76.html")
    assert not members.css("table.members tr")
    _, protocols = fetch(web, "qaradagh", "/page/79.html")
    assert len(protocols.css(".events li")) == 1


def test_nizami_procurement_has_four_tenders_newest_5_may(web):
    _, sel = fetch(web, "nizami", "/page/99.html")
    assert len(sel.css(".tender-list li")) == 4
    pubs = [d.split(": ")[1] for d in sel.css(".tender-list .date::text").getall()]
    assert pubs[0] == "05.05.2018"


def test_tender_portal_links_without_own_section(web):
    linked = [
        r
        for r in load_truth()
        if r["tender_portal_links"] == "1"
        and r["procurement_section"] == "false"
        and r["reachable"] == "true"
    ]
    assert len(linked) >= 5
    for r in linked[:5]:
        resp, _ = fetch(web, r["agency_id"])
        assert b"etender.gov.az" in resp.body


def test_e_services_counts_as_reported(web):
    for aid, n in {"dashkesen": 76, "xocavend": 13, "qebele": 16}.items():
        _, sel = fetch(web, aid, "/page/29.html")
        assert len(sel.css("ul.services > li")) == n
    _, taxes = fetch(web, "taxes", "/modul.php?name=e-xidmetler")
    assert len(taxes.css("ul.e-services > li")) == 64


def test_news_archive_gives_reported_posts_per_month(web):
    month = 30.44
    for r in locals_():
        if not r["news_per_month_min"] or r["agency_id"] == "baku":
            continue
        dates, page = [], 1
        while True:
            resp, sel = fetch(web, r["agency_id"], f"/news.html?page={page}")
            if resp.status != 200:
                break
            for s in sel.css(".news-date::text").getall():
                d, mon, y = s.split(" | ")[0].split()
                dates.append(date(int(y), MONTHS.index(mon) + 1, int(d)))
            page += 1
        last = max(dates)
        assert last.isoformat() == r["news_last_date"]
        assert min(dates) <= last - timedelta(days=120)
        per_month = sum(d > last - timedelta(days=90) for d in dates) / (90 / month)
        lo, hi = float(r["news_per_month_min"]), float(r["news_per_month_max"])
        assert lo - 0.5 <= per_month <= hi + 0.5, (r["agency_id"], per_month)


MONTHS = [
    "yanvar",
    "fevral",
    "mart",
    "aprel",
    "may",
    "iyun",
    "iyul",
    "avqust",
    "sentyabr",
    "oktyabr",
    "noyabr",
    "dekabr",
]


def test_news_items_have_share_buttons_and_footer_has_icon_only_accounts(web):
    _, news = fetch(web, "sabunchu", "/news.html")
    item = news.css(".news-title a::attr(href)").get()
    _, sel = fetch(web, "sabunchu", item)
    assert sel.css(".share a[href*='sharer']")
    icons = sel.css("#footer .social a")
    assert len(icons) == 4 and all(not a.css("::text").get() for a in icons)


def test_cron_beacon_and_robots_disallow(web):
    resp, sel = fetch(web, "quba")
    assert sel.css("img[src='/az/cron']")
    disallowing = [r for r in load_truth() if "/az/cron" in r["robots_disallow"]]
    assert disallowing
    robots, _ = fetch(web, disallowing[0]["agency_id"], "/robots.txt")
    assert b"Disallow: /az/cron" in robots.body


def test_at_least_six_ministry_designs_with_distinct_markup(web):
    centrals = [r for r in load_truth() if r["level"] == "central"]
    designs = {r["design"] for r in centrals}
    assert len(designs) >= 6
    skeletons = set()
    for d in designs:
        aid = next(r["agency_id"] for r in centrals if r["design"] == d)
        resp, sel = fetch(web, aid)
        skeletons.add(tuple(sorted({e.root.tag for e in sel.css("body *")})))
    assert len(skeletons) == len(designs)


def test_windows_1251_page_with_numeric_entities(web):
    resp, sel = fetch(web, "taxes")
    assert resp.content_type.endswith("windows-1251")
    assert b"&#601;" in resp.body  # ə
    assert "Vergilər" in sel.css("title::text").get()


def test_protocol_relative_links(web):
    _, sel = fetch(web, "stat")
    hrefs = sel.css(".mash-list-items a::attr(href)").getall()
    assert hrefs and all(h.startswith("//www.stat.gov.az/") for h in hrefs)


def test_date_formats_differ_between_designs(web):
    patterns = {
        "customs": r"<strong>\d+</strong>[A-Z][a-z]{2}<",
        "fhn": r"\d+ [a-z]+ 2018-ci il",
        "migration": r"\d+ [A-Z][a-z]+ 2018",
        "mfa": r">2018-\d\d-\d\d<",
        "justice": r">\d\d\.\d\d\.2018<",
    }
    for aid, pat in patterns.items():
        resp, _ = fetch(web, aid)
        assert re.search(pat, resp.body.decode()), aid


def test_js_ministry_static_html_has_no_menu(web):
    r = next(r for r in load_truth() if r["render"] == "browser")
    resp, sel = fetch(web, r["agency_id"])
    assert sel.css("#app") and not sel.css("a")
    api, _ = fetch(web, r["agency_id"], "/api/menu.json")
    assert b"Elektron xidm" in api.body


def test_central_councils(web):
    _, mys = fetch(web, "mys", "/gncrlr-siyasti/ictimai-sura")
    assert len(mys.css(".council-members tr")) == 11
    _, justice = fetch(web, "justice", "/?view=ictimai&id=3")
    dates = justice.css(".ev-date::text").getall()
    assert sum(d.endswith(".11.2017") for d in dates) == 5
    _, migration = fetch(web, "migration", "/search?data=ictimai+%C5%9Fura")
    assert migration.css(".results a[href='/press/news_content/12498']")


def test_through_the_proxy_too(replica):
    status, _, body = get(replica, "http://www.nizami-ih.gov.az/page/99.html")
    assert status == 200 and body.count(b'class="deadline"') == 4


def test_farm_serves_the_real_hosts_of_the_seeds():
    """The farm's hosts come from seeds/agencies.csv: the hosts confirmed later are served under
    their real names, and a Russian-style alternate is exercised by serving only it."""
    truth = truth_by_id()
    assert truth["cebrayil"]["hosts"].split(";")[0] == "cabrail-ih.gov.az"
    assert truth["refuges-idps-committee"]["primary_host"] == "refugees-idps-committee.gov.az"
    assert (truth["fuzuli"]["hosts"], truth["fuzuli"]["alt_only"]) == ("fizuli-ih.gov.az", "true")
    web = replica_web()
    for host in ("cabrail-ih.gov.az", "refugees-idps-committee.gov.az", "fizuli-ih.gov.az"):
        resp = web.handle(Request("GET", "http", host, "/"))
        assert resp is not None and resp.status == 200, host
    assert web.handle(Request("GET", "http", "cebrayil-ih.gov.az", "/")) is None
