"""Scenario "shapes": sites of the shapes the 2018 replica lacks, each with its truth.

    python -m ogpcrawl.farm.shapes --write-agencies /tmp/shapes-agencies.csv
    python -m ogpcrawl.farm --scenario shapes --port 0

Every host (``<name>.shapes.gov.az``) is an ordinary -ih site (the 2018 CMS of sites/ih.py)
changed in one respect, and TRUTH says what a crawler must report for it:

| host | shape |
|---|---|
| search-get | a working GET search form |
| search-post | a POST search form that answers only with its hidden fields (token, do=search) |
| search-nothing | a search whose every answer is "nəticə tapılmadı", beside a latest-news block |
| search-echo | a search that only echoes the query and shows the latest news (no results, no message) |
| search-decor | a decoration form: action="/" shows the unchanged home page |
| search-js | the search form is built by an inline script (render=browser) and works |
| search-robots | a working search whose action robots.txt disallows: never sent (null) |
| council-structure | council linked only from the "Struktur" page, procurement only from the footer |
| council-about | council linked only from "Haqqımızda", procurement only from "Aparat" |
| sitemap-only | council and procurement pages linked from nowhere but sitemap.xml |
| eservices-messy | e-services with category headings, repeated links, a "popular" block, menu entries, "more" and portal links, text-only services |
| eservices-huge | an e-services page of 11 MB: the list, then inline base64 images |
| dateless-items | news listings show titles only; each item page carries its date |
| dateless-urls | news listings show titles only; the dates are in the item URLs |
| dateless-sitemap | news listings show titles only; sitemap.xml gives each item's lastmod |
"""

from __future__ import annotations

import argparse
import base64
import csv
import sys
from html import escape
from urllib.parse import unquote

from .sites.ih import IhSite
from .sites.model import SiteModel
from .synthetic import synthetic_row
from .web import Request, Response, Web, html, not_found

DOMAIN = "shapes.gov.az"
AS_OF = "2018-08-20"
LAST_NEWS = "2018-08-17"
HUGE_BYTES = 11 * 1024 * 1024
SEARCH_TOKEN = "f3a9c1"


def per_month(window_posts: int) -> float:
    """The news window's true rate: the model puts `window_posts` inside the 90 days ending at
    the last post (sites/model.py), so per_month = posts / (90 / 30.44)."""
    return round(window_posts / (90 / 30.44), 2)


# name -> (ground-truth row changes, render column, the fields a crawler must report)
SHAPES: dict[str, tuple[dict, str, dict]] = {
    "search-get": ({"search_box": "true"}, "auto", {"search_box": True, "search_works": True}),
    "search-post": ({}, "auto", {"search_box": True, "search_works": True}),
    "search-nothing": ({"search_box": "true"}, "auto", {"search_box": True, "search_works": False}),
    "search-echo": ({"search_box": "true"}, "auto", {"search_box": True, "search_works": False}),
    "search-decor": ({}, "auto", {"search_box": True, "search_works": False}),
    "search-js": ({}, "browser", {"search_box": True, "search_works": True}),
    "search-robots": (
        {"search_box": "true", "robots_disallow": "/admin/;/search.html"},
        "auto",
        {"search_box": True, "search_works": None},
    ),
    "council-structure": (
        {
            "council_section": "true",
            "council_status": "active",
            "council_path": "/page/70.html",
            "council_members": "7",
            "council_events": "3",
            "council_last_event": "2018-07-20",
            "procurement_section": "true",
            "procurement_path": "/page/40.html",
            "procurement_items": "3",
            "procurement_last_item": "2018-08-01",
        },
        "auto",
        {
            "council.section": True,
            "council.status": "active",
            "council.members": 7,
            "council.events": 3,
            "council.last_event": "2018-07-20",
            "council.url": "http://council-structure.shapes.gov.az/page/70.html",
            "procurement.section": True,
            "procurement.items": 3,
            "procurement.last_item": "2018-08-01",
            "found.council": "found.structure_page",
            "found.procurement": "found.home_footer",
        },
    ),
    "council-about": (
        {
            "council_section": "true",
            "council_status": "members",
            "council_path": "/page/71.html",
            "council_members": "5",
            "procurement_section": "true",
            "procurement_path": "/page/41.html",
            "procurement_items": "2",
            "procurement_last_item": "2018-07-10",
        },
        "auto",
        {
            "council.section": True,
            "council.status": "members",
            "council.members": 5,
            "procurement.section": True,
            "procurement.items": 2,
            "procurement.last_item": "2018-07-10",
            "found.council": "found.structure_page",
            "found.procurement": "found.structure_page",
        },
    ),
    "sitemap-only": (
        {
            "council_section": "true",
            "council_status": "legislation_only",
            "procurement_section": "true",
            "procurement_items": "2",
            "procurement_last_item": "2018-06-15",
        },
        "auto",
        {
            "council.section": True,
            "council.status": "legislation_only",
            "council.url": "http://sitemap-only.shapes.gov.az/az/ictimai-sura.html",
            "procurement.section": True,
            "procurement.items": 2,
            "procurement.last_item": "2018-06-15",
            "found.council": "found.sitemap",
            "found.procurement": "found.sitemap",
        },
    ),
    "eservices-messy": ({}, "auto", {"e_services.section": True, "e_services.services": 9}),
    "eservices-huge": (
        {"e_services_count": "6"},
        "auto",
        {"e_services.section": True, "e_services.services": 6},
    ),
    "dateless-items": (
        {"news_window_posts": "40"},
        "auto",
        {"news.last_date": LAST_NEWS, "news.per_month": per_month(40)},
    ),
    "dateless-urls": (
        {"news_window_posts": "25"},
        "auto",
        {"news.last_date": LAST_NEWS, "news.per_month": per_month(25)},
    ),
    "dateless-sitemap": (
        {"news_window_posts": "30"},
        "auto",
        {"news.last_date": LAST_NEWS, "news.per_month": per_month(30)},
    ),
}
NAMES = tuple(SHAPES)


def host_for(name: str) -> str:
    return f"{name}.{DOMAIN}"


def agency_id(name: str) -> str:
    return "shape-" + name


def shape_row(name: str) -> dict:
    """A ground-truth-shaped row: a plain site (no council, procurement, e-services or search),
    then the shape's changes."""
    host = host_for(name)
    row = synthetic_row(NAMES.index(name) + 1, host)
    row.update(
        agency_id=agency_id(name),
        name=f"Forma {NAMES.index(name) + 1}",
        level="local",
        design="ih_old",
        social_networks="facebook",
        search_box="false",
        council_section="false",
        council_status="absent",
        council_path="",
        council_title="İctimai şura",
        council_in_menu="false",
        council_members="",
        council_events="",
        procurement_section="false",
        procurement_path="",
        procurement_items="",
        procurement_last_item="",
        tender_portal_links="0",
        e_services="false",
        e_services_count="0",
        e_services_external="",
        news_window_posts="20",
        news_last_date=LAST_NEWS,
        news_placeholder_times="false",
        robots_disallow="/admin/",
    )
    row.update(SHAPES[name][0])
    if name.startswith("eservices"):
        row["e_services"] = "true"
    return row


class ShapeSite(IhSite):
    """An -ih site with one shape (`shape`, a key of SHAPES)."""

    def __init__(self, name: str):
        self.shape = name
        super().__init__(SiteModel(shape_row(name)))
        self._huge: bytes | None = None

    # ---- routing ---------------------------------------------------------------------------
    def handle(self, req: Request) -> Response:
        s, path = self.shape, unquote(req.path)
        if path == "/sitemap.xml":
            return self.sitemap()
        if s == "search-post" and path == "/axtar.php":
            q = req.query
            if req.method != "POST":
                return html(self.layout("Xəta", "<h1>405</h1>"), 405)
            if q.get("token") != [SEARCH_TOKEN] or q.get("do") != ["search"]:
                return html(self.layout("Xəta", "<h1>Sorğu qəbul edilmədi</h1>"), 400)
            return html(self.search(req.arg("story")))
        if s in ("search-nothing", "search-echo") and path == "/search.html":
            return html(self.dead_search(req.arg("q")))
        if s == "search-js" and path == "/search.html":
            return html(self.search(req.arg("q")))
        if s == "sitemap-only" and path == "/az/ictimai-sura.html":
            return html(self.layout("İctimai şura", self.council()))
        if s == "sitemap-only" and path == "/az/satinalmalar.html":
            return html(self.layout("Satınalmalar", self.procurement()))
        if s == "eservices-huge" and path == "/page/29.html":
            return self.huge_eservices()
        if s == "dateless-urls" and path.startswith("/news/") and path.count("/") == 5:
            item = self._int(path.rsplit("/", 1)[-1].removesuffix(".html"))
            found = self.m.news_item(item) if item is not None else None
            if found is None or path != self.item_href(found):
                return not_found()
            return html(self.news_page(found))
        if s == "dateless-urls" and path.startswith("/news/"):
            return not_found()
        return super().handle(req)

    # ---- chrome ----------------------------------------------------------------------------
    def menu(self) -> str:
        items = [
            ("/", "Ana səhifə"),
            ("/page/2.html", self.label(2)),
            ("/page/3.html", self.label(3)),
            ("/news.html", "Xəbərlər"),
            ("/page/5.html", "Qanunvericilik"),
        ]
        if self.m.flag("e_services"):
            items.append(("/page/29.html", "Elektron xidmətlər"))
        items += [("/page/7.html", "Vətəndaşların qəbulu"), ("/page/8.html", "Əlaqə")]
        lis = "".join(f'<li><a href="{escape(h)}">{escape(label)}</a></li>' for h, label in items)
        return f'<ul class="main-menu">{lis}</ul>'

    def label(self, pid: int) -> str:
        labels = {
            "council-structure": {2: "Struktur"},
            "council-about": {2: "Aparat", 3: "Haqqımızda"},
        }
        default = {2: "İcra hakimiyyəti", 3: "Rayon haqqında"}
        return labels.get(self.shape, {}).get(pid, default[pid])

    def layout(self, title: str, content: str, *, home: bool = False) -> str:
        page = super().layout(title, content, home=home)
        extra = {
            "search-post": (
                '<form class="search" method="post" action="/axtar.php">'
                '<input type="hidden" name="do" value="search">'
                f'<input type="hidden" name="token" value="{SEARCH_TOKEN}">'
                '<input type="text" name="story" placeholder="Axtarış"></form>'
            ),
            "search-decor": (
                '<form class="search-form" action="/" method="get">'
                '<input type="text" name="q" placeholder="Axtarış..."></form>'
            ),
            "search-js": (
                '<div id="search-box"></div><script>(function(){'
                "var f=document.createElement('form');f.action='/search.html';"
                "f.method='get';f.className='search-form';"
                "var i=document.createElement('input');i.type='text';i.name='q';"
                "i.placeholder='Axtarış...';f.appendChild(i);"
                "document.getElementById('search-box').appendChild(f);})();</script>"
            ),
        }.get(self.shape, "")
        if extra:
            page = page.replace('<div id="menu">', extra + '<div id="menu">', 1)
        if self.shape == "council-structure":  # procurement: a footer link only
            page = page.replace(
                '<div class="copyleft">',
                '<ul class="footer-links"><li><a href='
                '"/page/40.html">Satınalmalar</a></li><li><a href="/page/8.html">'
                'Əlaqə</a></li></ul><div class="copyleft">',
                1,
            )
        return page

    # ---- pages -----------------------------------------------------------------------------
    def static_page(self, pid: int) -> str | None:
        s = self.shape
        if pid in (2, 3) and (s, pid) in (
            ("council-structure", 2),
            ("council-about", 2),
            ("council-about", 3),
        ):
            return self.layout(self.label(pid), self.structure_page(pid))
        if s == "eservices-messy" and pid == 29:
            return self.layout("Elektron xidmətlər", self.messy_eservices())
        return super().static_page(pid)

    def structure_page(self, pid: int) -> str:
        s = self.shape
        units = ["Aparatın rəhbəri", "Ümumi şöbə", "Təşkilat şöbəsi", "Maliyyə şöbəsi"]
        links = "".join(f"<li>{u}</li>" for u in units)
        if (s, pid) in (("council-structure", 2), ("council-about", 3)):
            links += f'<li><a href="{self.t["council_path"]}">İctimai şura</a></li>'
        if (s, pid) == ("council-about", 2):
            links += f'<li><a href="{self.t["procurement_path"]}">Dövlət satınalmaları</a></li>'
        return f"<h1>{self.label(pid)}</h1><p>İcra aparatının strukturu:</p><ul>{links}</ul>"

    def dead_search(self, q: str) -> str:
        latest = "".join(
            f'<li><a href="/news/{x.id}.html">{escape(x.title)}</a></li>' for x in self.m.news[:3]
        )
        said = (
            "<p>Axtarışınıza uyğun nəticə tapılmadı.</p>" if self.shape == "search-nothing" else ""
        )
        return self.layout(
            "Axtarış",
            (
                f'<h1>Axtarış: {escape(q)}</h1><form action="/search.html"><input name="q" '
                f'value="{escape(q)}"></form>{said}<ul class="search-results"></ul>'
                f'<div class="latest"><h3>Son xəbərlər</h3><ul>{latest}</ul></div>'
            ),
        )

    def messy_eservices(self) -> str:
        """9 distinct services: 6 linked (one with a form link, two repeated in a "popular" block
        under other labels, one also reached by an "Ətraflı" link), 3 as plain paragraphs; plus
        category headings (one a link), a sub-menu of site pages, "Bütün xidmətlər" and a
        portal link — none of which is a service."""
        linked = [
            "Ünvan arayışının verilməsi",
            "Yaşayış yeri üzrə qeydiyyat",
            "Ailə tərkibi haqqında arayış",
            "Torpaq sahəsi barədə məlumat",
            "Sosial müavinətin təyin edilməsi",
            "Onlayn növbə",
        ]
        lis = "".join(
            f'<li><a href="/xidmet/{i}.html">{escape(n)}</a>'
            + (f' <a href="/xidmet/{i}.html?form=1">Ərizə forması</a>' if i == 1 else "")
            + (f' <a href="/xidmet/{i}.html">Ətraflı</a>' if i == 4 else "")
            + "</li>"
            for i, n in enumerate(linked, 1)
        )
        return (
            '<div class="row"><div class="col-left"><ul class="links">'
            '<li><a href="/page/7.html">Vətəndaşların qəbulu</a></li>'
            '<li><a href="/page/8.html">Əlaqə</a></li></ul></div><div class="col-main">'
            "<h1>Elektron xidmətlər</h1>"
            "<p>Bu bölmədə icra hakimiyyətinin göstərdiyi xidmətlər toplanıb.</p>"
            '<h3><a href="/page/29.html#vetendas">Vətəndaşlar üçün xidmətlər</a></h3>'
            f'<ul class="services">{lis}</ul>'
            '<h3>Populyar xidmətlər</h3><ul class="popular">'
            '<li><a href="/xidmet/1.html">Ünvan arayışı</a></li>'
            '<li><a href="/xidmet/6.html">Növbəyə yazılış</a></li></ul>'
            "<h3>Digər xidmətlər</h3>"
            "<p>Arxiv arayışlarının verilməsi</p><p>Torpaq sənədlərinin surətinin verilməsi</p>"
            "<p>Mülkiyyət hüququ barədə arayış</p>"
            '<p><a href="/page/29.html?all=1">Bütün xidmətlər</a></p>'
            '<p>Dövlət xidmətləri portalı: <a href="https://www.e-gov.az/">www.e-gov.az</a></p>'
            "</div></div>"
        )

    def huge_eservices(self) -> Response:
        if self._huge is None:
            lis = "".join(
                f'<li><a href="/xidmet/{i}.html">{escape(n)}</a></li>'
                for i, n in enumerate(self.m.services, 1)
            )
            head = (
                f'<h1>Elektron xidmətlər</h1><ul class="services">{lis}</ul><h3>Fotoqalereya</h3>'
            )
            pixel = base64.b64encode(bytes(range(256)) * 4096).decode()  # ~1.4 MB each
            img = f'<p><img alt="" src="data:image/png;base64,{pixel}"></p>\n'
            body = head + img * (HUGE_BYTES // len(img) + 1)
            self._huge = self.layout("Elektron xidmətlər", body).encode("utf-8")
        return Response(200, self._huge, "text/html; charset=utf-8")

    # ---- news ------------------------------------------------------------------------------
    def item_href(self, x) -> str:
        if self.shape == "dateless-urls":
            return f"/news/{x.day:%Y/%m/%d}/{x.id}.html"
        return f"/news/{x.id}.html"

    def _news_ul(self, items) -> str:
        if not self.shape.startswith("dateless"):
            return super()._news_ul(items)
        lis = "".join(
            f'<li><div class="news-title"><a href="{self.item_href(x)}">'
            f"{escape(x.title)}</a></div></li>"
            for x in items
        )
        return f'<ul class="news-list">{lis}</ul>'

    def news_page(self, x) -> str:
        page = super().news_page(x)
        if self.shape in ("dateless-urls", "dateless-sitemap"):  # the item is dateless too
            when = self._when(x.day, x.time)
            page = page.replace(f'<div class="news-date">{when}</div>', "", 1)
        return page

    def sitemap(self) -> Response:
        host = f"http://{self.t['primary_host']}"
        urls = [(f"{host}/", None), (f"{host}/news.html", None)]
        if self.shape == "sitemap-only":
            urls += [(f"{host}/az/ictimai-sura.html", None), (f"{host}/az/satinalmalar.html", None)]
        elif self.shape == "dateless-sitemap":
            urls += [(f"{host}{self.item_href(x)}", x.day) for x in self.m.news]
        else:
            return not_found()
        body = "".join(
            f"<url><loc>{u}</loc>" + (f"<lastmod>{d.isoformat()}</lastmod>" if d else "") + "</url>"
            for u, d in urls
        )
        return Response(
            200,
            (
                '<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.'
                f'sitemaps.org/schemas/sitemap/0.9">{body}</urlset>'
            ).encode(),
            "application/xml",
        )


def shapes_web() -> Web:
    sites = {host_for(n): n for n in NAMES}

    def resolve(host: str):
        name = sites.get(host.removeprefix("www."))
        return ShapeSite(name) if name else None

    return Web(resolve)


def write_agencies(path: str) -> None:
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["agency_id", "name", "level", "family", "url", "render"])
        for i, name in enumerate(NAMES, 1):
            w.writerow(
                [
                    agency_id(name),
                    f"Forma {i}",
                    "local",
                    "local_ih",
                    f"http://{host_for(name)}/",
                    SHAPES[name][1],
                ]
            )


def truth() -> dict[str, dict]:
    """agency_id -> {dotted field: value} a crawler must report (AS_OF 2018-08-20)."""
    return {agency_id(n): dict(SHAPES[n][2]) for n in NAMES}


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(
        prog="python -m ogpcrawl.farm.shapes",
        description="Write the agencies file of the shapes scenario.",
    )
    p.add_argument(
        "--write-agencies",
        required=True,
        metavar="FILE",
        help="the CSV to write, e.g. /tmp/shapes-agencies.csv",
    )
    write_agencies(p.parse_args(argv).write_agencies)
    print(f"wrote {len(NAMES)} agencies", file=sys.stderr)


if __name__ == "__main__":
    main()
