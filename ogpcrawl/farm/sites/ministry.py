"""Bespoke ministry sites: one base that knows *what* a ministry site holds and routes the
report's own URLs, and one subclass per design that decides *how* it looks — markup, menus, URL
schemes, date formats, encodings. Modelled on 2018 ministry home pages; no markup is copied.

Designs: modul (module routing, windows-1251 with numeric entities), protorel (protocol-relative
links, ISO dates in brackets), viewquery (?view=...&id=N routing), tiles (day + English month
abbreviation without year), azdate ("17 mart 2018-ci il"), press ("19 Mart 2018"), isodate
(YYYY-MM-DD), spa (menu and news exist only after JavaScript runs; see spa.py).
"""

from __future__ import annotations

import re
from datetime import date
from html import escape
from urllib.parse import parse_qsl, quote, unquote, urlsplit

from ..web import Request, Response, not_found, text
from .model import AZ_MONTHS, EN_ABBR, GIF, NewsItem, SiteModel, dmy, robots_txt

TENDER_PORTAL = "https://www.etender.gov.az/"
PER_PAGE = 12


def route_key(target: str) -> str:
    """Normalise path+query so the report's URLs and the crawler's requests meet: percent-decoding,
    no trailing slash, /index.php = /, query parameters sorted."""
    parts = urlsplit(target)
    path = unquote(parts.path) or "/"
    if path in ("/index.php", "/index.html"):
        path = "/"
    if len(path) > 1:
        path = path.rstrip("/")
    pairs = sorted(parse_qsl(parts.query, keep_blank_values=True))
    if not pairs:
        return path
    return path + "?" + "&".join(f"{k}={v}" if v else k for k, v in pairs)


class MinistrySite:
    design = "base"
    charset = "utf-8"
    news_list_path = "/news"  # ?page=N appended
    about_path = "/about"
    contact_path = "/contact"
    search_action = "/search"
    search_param = "q"
    search_method = "get"

    def __init__(self, model: SiteModel):
        self.m = model
        self.t = model.t
        self.routes: dict[str, callable] = {}
        t = self.t
        self._add("/", self.home)
        self._add(
            self.about_path,
            lambda r: self.page(
                "Haqqımızda", "<p>Nazirliyin əsasnaməsi, strukturu və rəhbərliyi.</p>"
            ),
        )
        self._add(self.contact_path, lambda r: self.page("Əlaqə", "<p>Ünvan, telefon, faks.</p>"))
        if self.m.flag("e_services"):
            self._add(
                t["e_services_path"], lambda r: self.page("Elektron xidmətlər", self.eservices())
            )
        if self.m.flag("council_section"):
            self._add(t["council_path"], lambda r: self.page(t["council_title"], self.council()))
        for p in t.get("council_info_paths", "").split(";"):
            # a reported search URL is answered by the search itself, not a canned page
            searching = route_key(p).split("?")[0] == route_key(self.search_action)
            if p and not p.endswith(".pdf") and not searching:
                self._add(p, self.council_info)
        if t.get("procurement_path"):
            self._add(
                t["procurement_path"], lambda r: self.page("Satınalmalar", self.procurement())
            )
        if t.get("procurement_info_path"):
            self._add(t["procurement_info_path"], lambda r: self.page("Bildiriş", self.notice()))

    def _add(self, target: str, fn) -> None:
        self.routes[route_key(target)] = fn

    # ---- hooks a design overrides ------------------------------------------------------------
    def fmt_date(self, d: date, hhmm: str = "") -> str:
        return dmy(d)

    def item_path(self, item_id: int) -> str:
        return f"/news/{item_id}"

    def match_item(self, key: str) -> int | None:
        m = re.fullmatch(r"/news/(\d+)", key)
        return int(m.group(1)) if m else None

    def href(self, path: str) -> str:
        return path

    def layout(self, title: str, content: str, home: bool = False) -> str:
        raise NotImplementedError

    def news_block(self, items: list[NewsItem]) -> str:
        raise NotImplementedError

    def encode(self, page: str) -> bytes:
        return page.encode(self.charset)

    # ---- shared --------------------------------------------------------------------------------
    def handle(self, req: Request) -> Response:
        key = route_key(req.target)
        if key == "/robots.txt":
            return text(robots_txt(self.t))
        if key.startswith("/upload/") or key.startswith("/static/img"):
            if key.endswith(".pdf"):
                return Response(200, b"%PDF-1.4\n% farm placeholder\n%%EOF\n", "application/pdf")
            return Response(200, GIF, "image/gif")
        fn = self.routes.get(key)
        if fn is not None:
            return self._out(fn(req))
        item = self.match_item(key)
        if item is not None:
            x = self.m.news_item(item)
            return self._out(self.item_page(x)) if x else not_found()
        if self._is_list(key):
            return self._list(req)
        if self.m.flag("search_box") and key.split("?")[0] == route_key(self.search_action):
            return self._out(self.search(req.arg(self.search_param)))
        return not_found()

    def _is_list(self, key: str) -> bool:
        base = route_key(self.news_list_path)
        return key == base or key.startswith(base + "?") or key.startswith(base + "&")

    def _out(self, body) -> Response:
        if isinstance(body, Response):
            return body
        return Response(200, self.encode(body), f"text/html; charset={self.charset}")

    def page(self, title: str, content: str) -> str:
        return self.layout(title, f"<h1>{escape(title)}</h1>{content}")

    def home(self, req) -> str:
        return self.layout(self.t["name"], self.news_block(self.m.news[:8]), home=True)

    def list_url(self, page: int) -> str:
        sep = "&" if "?" in self.news_list_path else "?"
        return f"{self.news_list_path}{sep}page={page}"

    def _list(self, req) -> Response:
        p = req.arg("page", "1")
        page = int(p) if p.isdigit() and int(p) > 0 else 1
        news = self.m.news
        pages = max(1, -(-len(news) // PER_PAGE))
        if page > pages:
            return not_found()
        chunk = news[(page - 1) * PER_PAGE : page * PER_PAGE]
        nav = ""
        if page > 1:
            nav += f'<a href="{escape(self.href(self.list_url(page - 1)))}">Əvvəlki</a> '
        if page < pages:
            nav += (
                f'<a class="next" href="{escape(self.href(self.list_url(page + 1)))}">Növbəti</a>'
            )
        return self._out(
            self.layout(
                "Xəbərlər",
                "<h1>Xəbərlər</h1>" + self.news_block(chunk) + f'<div class="pager">{nav}</div>',
            )
        )

    def item_page(self, x: NewsItem) -> str:
        url = quote(f"http://{self.t['primary_host']}{self.item_path(x.id)}", safe=":/")
        share = (
            f'<div class="share-buttons"><a href="https://www.facebook.com/sharer.php?u={url}"'
            f' title="Facebook"></a><a href="https://twitter.com/share?url={url}" '
            f'title="Twitter"></a></div>'
        )
        return self.layout(
            x.title,
            f"<h1>{escape(x.title)}</h1><p class='when'>"
            f"{self.fmt_date(x.day, x.time)}</p><p>{escape(x.body)}</p>"
            f"{x.extra_html}{share}",
        )

    def social_links(self) -> str:
        like_box = "like_box:facebook" in (self.t.get("social_traps") or "")
        out = []
        for n, u in self.m.social:
            if n == "facebook" and like_box:
                # only the page plugin ("like box") names the Facebook page: no link to it
                out.append(
                    '<iframe class="fb-like-box" src="https://www.facebook.com/plugins/'
                    f"page.php?href={quote(u, safe='')}&amp;tabs=timeline&amp;width=300"
                    '&amp;height=400" width="300" height="400" scrolling="no" '
                    'frameborder="0"></iframe>'
                )
                continue
            out.append(
                f'<a href="{u}" class="soc-{n}" target="_blank" title="{n}">'
                f'<img src="/static/img/{n}.png" alt="{n}"></a>'
            )
        return "".join(out)

    def menu_items(self) -> list[tuple[str, str]]:
        t = self.t
        items = [
            ("/", "Əsas səhifə"),
            (self.about_path, "Haqqımızda"),
            (self.list_url(1), "Xəbərlər"),
        ]
        if self.m.flag("e_services"):
            items.append((t["e_services_path"], "Elektron xidmətlər"))
        if self.m.flag("council_section"):
            items.append((t["council_path"], t["council_title"]))
        if self.m.flag("procurement_section"):
            items.append((t["procurement_path"], "Satınalmalar"))
        items.append((self.contact_path, "Əlaqə"))
        return items

    def portal_link(self) -> str:
        if self.t.get("tender_portal_links") == "1" and not self.m.flag("procurement_section"):
            return f'<a href="{TENDER_PORTAL}" target="_blank">Dövlət satınalmaları portalı</a>'
        return ""

    def search_form(self) -> str:
        if not self.m.flag("search_box"):
            return ""
        return (
            f'<form action="{self.href(self.search_action)}" method="{self.search_method}" '
            f'class="search"><input type="text" name="{self.search_param}" '
            'placeholder="Axtarış"><input type="submit" value="Axtar"></form>'
        )

    def eservices(self) -> str:
        ext = self.t.get("e_services_external", "")
        if ext:
            lis = "".join(f"<li>{escape(s)}</li>" for s in self.m.services)
            return (
                f'<ul class="e-services">{lis}</ul><p>Xidmətlərdən istifadə: '
                f'<a href="{escape(ext)}">{escape(ext)}</a></p>'
            )
        lis = "".join(
            f'<li><a href="{self.href(self.t["e_services_path"].split("?")[0])}#s{i}">'
            f"{escape(s)}</a>"
            + (
                f' <a href="{self.href(self.t["e_services_path"].split("?")[0])}#f{i}">(forma)</a>'
                if i % 3 == 0
                else ""
            )
            + "</li>"
            for i, s in enumerate(self.m.services, 1)
        )
        return f'<ul class="e-services">{lis}</ul>'

    def council(self) -> str:
        t, m = self.t, self.m
        if t["council_status"] == "members":
            rows = "".join(f"<tr><td>{escape(n)}</td><td>{r}</td></tr>" for n, r in m.members)
            return (
                "<p>İctimai şuranın tərkibi:</p>"
                f'<table class="council-members"><tbody>{rows}</tbody></table>'
            )
        if t["council_status"] == "active":
            lis = "".join(
                f'<li><span class="ev-date">{self.fmt_date(e.day)}</span> {escape(e.title)}</li>'
                for e in m.council_events
            )
            return f'<p>Şuranın tədbirləri:</p><ul class="council-events">{lis}</ul>'
        return ""

    def council_info(self, req) -> str:
        """A page that mentions the council without being its section (news, an article)."""
        return self.page(
            "İctimai şura ilə bağlı məlumat",
            "<p>İctimai şuranın növbəti iclası keçirilib. İclasda şura üzvləri "
            "nazirliyin fəaliyyəti ilə bağlı təkliflərini bildiriblər.</p>",
        )

    def procurement(self) -> str:
        lis = "".join(
            f'<li><a href="/upload/tender/{pub:%Y%m%d}.pdf">{escape(title)}</a> '
            f'<span class="pub">{self.fmt_date(pub)}</span> '
            f'<span class="deadline">Son tarix: {dmy(dl)}</span></li>'
            for pub, dl, title in self.m.tenders
        )
        return f'<ul class="procurement">{lis}</ul>'

    def notice(self) -> str:
        year = 2015 if self.m.id == "agro" else 2018
        return (
            f"<p class='when'>{self.fmt_date(date(year, 3, 30))}</p><p>Təkliflər sorğusu "
            "üsulu ilə satınalma barədə bildiriş. Ətraflı məlumat dövlət satınalmaları "
            f'portalındadır: <a href="{TENDER_PORTAL}">{TENDER_PORTAL}</a></p>'
        )

    def search(self, q: str) -> str:
        qf = q.casefold()
        hits = []
        if "şura" in qf or "sura" in qf:
            if self.m.flag("council_section"):
                hits.append((self.t["council_path"], self.t["council_title"]))
            hits += [(self.item_path(x.id), x.title) for x in self.m.news if "şura" in x.title]
        elif qf:
            hits += [
                (self.item_path(x.id), x.title)
                for x in self.m.news[:60]
                if qf in x.title.casefold()
            ]
        lis = "".join(f'<li><a href="{self.href(h)}">{escape(t)}</a></li>' for h, t in hits)
        return self.page(f"Axtarış nəticələri: {q}", f'<ul class="results">{lis}</ul>')


# ---- designs ------------------------------------------------------------------------------------
class Modul(MinistrySite):
    """Module routing (modul.php?name=...), XHTML, windows-1251 with Azerbaijani letters as
    numeric entities, table layout, plain DD.MM.YYYY dates followed by <br />."""

    design = "modul"
    charset = "windows-1251"
    news_list_path = "/modul.php?name=metbuat"
    about_path = "/modul.php?name=haqqinda&cat=1"
    contact_path = "/modul.php?name=elaqe"
    search_action = "/modul.php"
    search_param = "q"

    def item_path(self, item_id):
        return f"/modul.php?name=metbuat&news={item_id}"

    def match_item(self, key):
        m = re.fullmatch(r"/modul\.php\?name=metbuat&news=(\d+)", key)
        return int(m.group(1)) if m else None

    def handle(self, req):
        if (
            route_key(req.target).startswith("/modul.php?")
            and req.arg("q")
            and self.m.flag("search_box")
        ):
            return self._out(self.search(req.arg("q")))
        return super().handle(req)

    def encode(self, page):
        # Characters outside cp1251 (ə, ş, ç, ğ, ı, ö, ü, İ) become &#NNN; as on the real site
        return page.encode("cp1251", "xmlcharrefreplace")

    def news_block(self, items):
        rows = "".join(
            f'<tr><td class="date">{dmy(x.day)}<br /></td><td><a href="'
            f'{escape(self.item_path(x.id))}">{escape(x.title)}</a></td></tr>'
            for x in items
        )
        return f'<table class="xeberler" width="100%">{rows}</table>'

    def layout(self, title, content, home=False):
        lis = "".join(
            f'<li class="dir"><a href="{escape(h)}">{escape(lbl)}</a></li>'
            for h, lbl in self.menu_items()
        )
        return f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=WINDOWS-1251" />
<meta name="viewport" content="width=device-width, initial-scale=1.0" />
<title>{escape(title)}</title>
</head>
<body>
<table id="wrap" cellpadding="0" cellspacing="0"><tr><td>
<div id="top"><a href="/">{escape(self.t["name"])}</a> <span class="langs"><a href="/">az</a>|<a href="/modul.php?lang=ru">рус</a>|<a href="/modul.php?lang=en">eng</a></span>
{self.search_form()}</div>
<ul id="nav" class="dropdown">{lis}</ul>
</td></tr><tr><td id="main">{content}</td></tr>
<tr><td id="bottom"><div class="float_social">{self.social_links()}</div>
<p>{self.portal_link()}</p><p>&copy; 2018. Bütün hüquqlar qorunur.</p></td></tr></table>
</body>
</html>"""


class ProtoRel(MinistrySite):
    """Every link protocol-relative (//www.host/...), /menu/N/ sections, dates as (YYYY-MM-DD)."""

    design = "protorel"
    news_list_path = "/news/"
    about_path = "/menu/2/"
    contact_path = "/menu/9/"
    search_action = "/search"

    def href(self, path):
        host = self.t["primary_host"]
        host = host if host.startswith("www.") else f"www.{host}"
        return f"//{host}{path}" if path.startswith("/") else path

    def item_path(self, item_id):
        return f"/news/index.php?id={item_id}"

    def match_item(self, key):
        m = re.fullmatch(r"/news/index\.php\?id=(\d+)", key)
        return int(m.group(1)) if m else None

    def fmt_date(self, d, hhmm=""):
        return d.isoformat()

    def news_block(self, items):
        lis = "".join(
            f'<li><strong>({x.day.isoformat()})</strong> <a href="'
            f'{escape(self.href(self.item_path(x.id)))}">{escape(x.title)}</a></li>'
            for x in items
        )
        return f'<ul class="news-items">{lis}</ul>'

    def layout(self, title, content, home=False):
        lis = "".join(
            f'<li class="mash-item"><a href="{escape(self.href(h))}">{escape(lbl)}</a></li>'
            for h, lbl in self.menu_items()
        )
        return f"""<!doctype html>
<html lang="az"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(title)} - {escape(self.t["name"])}</title>
<link rel="stylesheet" href="{self.href("/css/main.css")}"></head>
<body><header class="top"><a class="brand" href="{self.href("/")}">{escape(self.t["name"])}</a>
<a href="{self.href("/lang.php?lang=az")}">AZ</a> <a href="{self.href("/lang.php?lang=en")}">EN</a>
{self.search_form()}</header>
<nav class="mash-menu"><ul class="mash-list-items">{lis}</ul></nav>
<main>{content}</main>
<footer><div class="soc">{self.social_links()}</div><a href="{self.href("/rss")}">RSS</a>
{self.portal_link()}<small>© 2002-2018</small></footer></body></html>"""


class ViewQuery(MinistrySite):
    """Query routing: ?view=cat&id=N lists, ?view=posts&id=N items, ?view=search."""

    design = "viewquery"
    news_list_path = "/?view=cat&id=58"
    about_path = "/?view=menu&id=1"
    contact_path = "/?view=menu&id=9"
    search_action = "/"
    search_param = "search"

    def item_path(self, item_id):
        return f"/?view=posts&id={item_id}"

    def match_item(self, key):
        m = re.fullmatch(r"/\?id=(\d+)&view=posts", key)
        return int(m.group(1)) if m else None

    def handle(self, req):
        if req.arg("view") == "search" and self.m.flag("search_box"):
            return self._out(self.search(req.arg("search")))
        return super().handle(req)

    def _is_list(self, key):
        return re.fullmatch(r"/\?id=58(&page=\d+)?&view=cat", key) is not None

    def search_form(self):
        if not self.m.flag("search_box"):
            return ""
        return (
            '<form action="?view=search" method="get"><input type="hidden" name="view" '
            'value="search"><input type="text" name="search"><button>Axtar</button></form>'
        )

    def news_block(self, items):
        cards = "".join(
            f'<div class="post"><span class="font-lato bold">{dmy(x.day)}</span>'
            f'<h4><a href="{escape(self.item_path(x.id))}">{escape(x.title)}</a></h4>'
            "</div>"
            for x in items
        )
        return f'<div class="posts">{cards}</div>'

    def layout(self, title, content, home=False):
        top = "".join(
            f'<li><a href="{escape(h)}">{escape(lbl)}</a></li>' for h, lbl in self.menu_items()
        )
        return f"""<!DOCTYPE html>
<html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>{escape(title)}</title></head>
<body><div id="header"><ul id="topMain" class="nav">{top}</ul>{self.search_form()}</div>
<div class="row"><aside class="side-nav"><ul class="list-group">
<li class="list-group-item"><a href="?view=cat&amp;id=59">Tədbirlər</a></li>
<li class="list-group-item"><a href="?view=cat&amp;id=67">Elanlar</a></li></ul></aside>
<section class="col-md-9">{content}</section></div>
<footer><ul class="social-icons">{self.social_links()}</ul><p>{self.portal_link()}</p></footer>
</body></html>"""


class Tiles(MinistrySite):
    """/az/ slugs, tiles with the day in <strong> and an English month abbreviation, no year."""

    design = "tiles"
    news_list_path = "/az/media/news"
    about_path = "/az/about"
    contact_path = "/az/contact"
    search_action = "/az/axtaris"
    search_param = "query"

    def item_path(self, item_id):
        return f"/az/media/news/{item_id}"

    def match_item(self, key):
        m = re.fullmatch(r"/az/media/news/(\d+)", key)
        return int(m.group(1)) if m else None

    def fmt_date(self, d, hhmm=""):
        return f"{d.day} {EN_ABBR[d.month - 1]} {d.year}"

    def news_block(self, items):
        tiles = "".join(
            f'<div class="tile"><div class="date"><strong>{x.day.day}</strong>'
            f'{EN_ABBR[x.day.month - 1]}</div><a href="{self.item_path(x.id)}">'
            f"{escape(x.title)}</a></div>"
            for x in items
        )
        return f'<div class="tiles">{tiles}</div>'

    def layout(self, title, content, home=False):
        lis = "".join(
            f'<li><a href="{escape(h)}"><span>{escape(lbl).upper()}</span></a></li>'
            for h, lbl in self.menu_items()
        )
        return f"""<!DOCTYPE html><html lang="az"><head><meta charset="UTF-8">
<meta name="viewport" content="width=device-width,initial-scale=1"><title>{escape(title)}</title></head>
<body><div class="navbar"><div class="logo"><a href="/az/">{escape(self.t["name"])}</a></div>
<ul class="menu">{lis}</ul>{self.search_form().replace('class="search"', 'id="livesearch"')}</div>
<div class="content">{content}</div>
<div class="footer"><div class="follow">{self.social_links()}</div>{self.portal_link()}
<span>© 2018</span></div></body></html>"""


class AzDate(MinistrySite):
    """Azerbaijani long dates ("17 mart 2018-ci il"), /aze/ paths, POST search."""

    design = "azdate"
    news_list_path = "/aze/xeberler"
    about_path = "/aze/haqqimizda"
    contact_path = "/aze/elaqe"
    search_action = "/aze/search/all"
    search_param = "query"
    search_method = "post"

    def item_path(self, item_id):
        return f"/aze/xeber/{item_id}.html"

    def match_item(self, key):
        m = re.fullmatch(r"/aze/xeber/(\d+)\.html", key)
        return int(m.group(1)) if m else None

    def fmt_date(self, d, hhmm=""):
        return f"{d.day} {AZ_MONTHS[d.month - 1]} {d.year}-ci il"

    def news_block(self, items):
        return "".join(
            f'<div class="media"><a href="{self.item_path(x.id)}"><h5>'
            f'{escape(x.title)}</h5></a><small class="block">{self.fmt_date(x.day)}'
            "</small></div>"
            for x in items
        )

    def layout(self, title, content, home=False):
        lis = " | ".join(f'<a href="{escape(h)}">{escape(lbl)}</a>' for h, lbl in self.menu_items())
        return f"""<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>{escape(title)}</title></head>
<body><div id="hdr"><h2>{escape(self.t["name"])}</h2>{self.search_form()}</div>
<div id="topnav">{lis}</div><div id="body">{content}</div>
<div id="ftr">{self.social_links()} {self.portal_link()} © 2011-2018</div></body></html>"""


class Press(MinistrySite):
    """/press/news_content/<id> items, "19 Mart 2018" dates, search?data=."""

    design = "press"
    news_list_path = "/press/news"
    about_path = "/about"
    contact_path = "/contact"
    search_action = "/search"
    search_param = "data"

    def item_path(self, item_id):
        return f"/press/news_content/{item_id}"

    def match_item(self, key):
        m = re.fullmatch(r"/press/news_content/(\d+)", key)
        return int(m.group(1)) if m else None

    def fmt_date(self, d, hhmm=""):
        return f"{d.day} {AZ_MONTHS[d.month - 1].capitalize()} {d.year}"

    def news_block(self, items):
        return "".join(
            f'<div class="news-item"><a href="{self.item_path(x.id)}">'
            f'{escape(x.title)}</a><span class="info-links pull-right">'
            f"{self.fmt_date(x.day)}</span></div>"
            for x in items
        )

    def layout(self, title, content, home=False):
        lis = "".join(
            f'<li class="dropdown"><a href="{escape(h)}">{escape(lbl)}</a></li>'
            for h, lbl in self.menu_items()
        )
        return f"""<!DOCTYPE html><html><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title></title></head>
<body><nav class="navbar navbar-default"><ul class="nav navbar-nav">{lis}</ul>
{self.search_form()}</nav><div class="container"><h3 class="site-name">{escape(self.t["name"])}</h3>
{content}</div><footer class="footer"><div class="social">{self.social_links()}</div>
{self.portal_link()}<p>© 2018</p></footer></body></html>"""


class IsoDate(MinistrySite):
    """/content/<id> items, YYYY-MM-DD dates in span.news_index_block_date, POST search."""

    design = "isodate"
    news_list_path = "/news/list"
    about_path = "/content/1"
    contact_path = "/content/2"
    search_action = "/search"
    search_method = "post"

    def item_path(self, item_id):
        return f"/content/{item_id}"

    def match_item(self, key):
        m = re.fullmatch(r"/content/(\d+)", key)
        return int(m.group(1)) if m and int(m.group(1)) > 2 else None

    def fmt_date(self, d, hhmm=""):
        return d.isoformat()

    def news_block(self, items):
        return "".join(
            f'<div class="news_index_block"><span class="news_index_block_date">'
            f'{x.day.isoformat()}</span><a href="{self.item_path(x.id)}">'
            f"{escape(x.title)}</a></div>"
            for x in items
        )

    def layout(self, title, content, home=False):
        lis = "".join(
            f'<td><a href="{escape(h)}">{escape(lbl)}</a></td>' for h, lbl in self.menu_items()
        )
        return f"""<!DOCTYPE html><html lang="az"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width"><title>{escape(title)}</title></head>
<body><table class="menu_top"><tr>{lis}</tr></table>{self.search_form()}
<div id="content_main">{content}</div>
<div id="footer_links">{self.social_links()}<a href="/rss">RSS</a> {self.portal_link()}
© 2008-2018</div></body></html>"""


DESIGN_CLASSES = {c.design: c for c in (Modul, ProtoRel, ViewQuery, Tiles, AzDate, Press, IsoDate)}
