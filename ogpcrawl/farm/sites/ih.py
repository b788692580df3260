"""The 2018 ("old") form of the shared *-ih.gov.az CMS: numeric /page/N.html sections found via
the menu, /news.html with .news-list/.news-title/.news-date and ?page=N pagination,
/news/<id>.html items with share buttons, e-services at /page/29.html, footer icon links, the
hidden /az/cron beacon."""

from __future__ import annotations

from datetime import date
from html import escape
from urllib.parse import unquote

from ..web import Request, Response, html, not_found, text
from .model import GIF, SiteModel, az_date, dmy, robots_txt

PER_PAGE = 10
ESERVICES = "/page/29.html"
SHEKI_COUNCIL_INFO = "/page/58.html"
TENDER_PORTAL = "https://www.etender.gov.az/"
STATIC_PAGES = {  # id -> (menu label, body)
    2: ("İcra hakimiyyəti", "İcra hakimiyyətinin başçısı, müavinləri və aparatın strukturu."),
    3: ("Rayon haqqında", "Rayonun tarixi, coğrafi mövqeyi, əhalisi və iqtisadiyyatı haqqında."),
    5: ("Qanunvericilik", "Yerli icra hakimiyyətlərinin fəaliyyətini tənzimləyən sənədlər."),
    7: ("Vətəndaşların qəbulu", "Vətəndaşların qəbul qrafiki: hər həftənin cümə günü."),
    8: ("Əlaqə", "Ünvan, telefon və elektron poçt."),
}


class IhSite:
    def __init__(self, model: SiteModel):
        self.m = model
        self.t = model.t
        c = self.t.get("council_path", "")
        self.council_id = int(c.split("/")[-1].split(".")[0]) if c else None

    # ---- routing -------------------------------------------------------------------------
    def handle(self, req: Request) -> Response:
        path = unquote(req.path)
        if path in ("/", "/index.html", "/index.php"):
            return html(self.home())
        if path == "/robots.txt":
            return text(robots_txt(self.t))
        if path == "/news.html":
            return self.news_list(req.arg("page", "1"))
        if path.startswith("/news/") and path.endswith(".html"):
            item = self._int(path[6:-5])
            found = self.m.news_item(item) if item is not None else None
            return html(self.news_page(found)) if found else not_found()
        if path.startswith("/page/") and path.endswith(".html"):
            page_id = self._int(path[6:-5])
            body = self.static_page(page_id) if page_id is not None else None
            return html(body) if body else not_found()
        if path == "/search.html" and self.m.flag("search_box"):
            return html(self.search(req.arg("q")))
        if path in ("/en/", "/ru/", "/en", "/ru"):
            return html(self.lang_page(path.strip("/")))
        if path == "/az/cron" or path.startswith("/userfiles/"):
            return Response(200, GIF, "image/gif")
        if path.startswith("/admin"):
            return html(
                self.layout("Giriş", "<form method='post'><input name='login'></form>"), 403
            )
        if path.startswith("/xidmet/"):
            return html(self.layout("Xidmət", "<p>Xidmətdən istifadə qaydaları.</p>"))
        return not_found()

    @staticmethod
    def _int(s: str) -> int | None:
        return int(s) if s.isdigit() else None

    # ---- chrome ----------------------------------------------------------------------------
    def menu(self) -> str:
        t = self.t
        items = [
            ("/", "Ana səhifə"),
            ("/page/2.html", STATIC_PAGES[2][0]),
            ("/page/3.html", STATIC_PAGES[3][0]),
            ("/news.html", "Xəbərlər"),
            ("/page/5.html", STATIC_PAGES[5][0]),
        ]
        if self.m.flag("e_services"):
            ext = t.get("e_services_external", "")
            # Biləsuvar links the state portal straight from the menu
            target = ext if ext and "e-gov.az" in ext else ESERVICES
            items.append((target, "Elektron xidmətlər"))
        if self.m.flag("council_in_menu"):
            items.append((t["council_path"], t["council_title"]))
        if self.m.flag("procurement_section"):
            items.append((t["procurement_path"], "Satınalmalar"))
        items += [("/page/7.html", STATIC_PAGES[7][0]), ("/page/8.html", STATIC_PAGES[8][0])]
        lis = "".join(f'<li><a href="{escape(h)}">{escape(label)}</a></li>' for h, label in items)
        return f'<ul class="main-menu">{lis}</ul>'

    def layout(self, title: str, content: str, *, home: bool = False) -> str:
        t, m = self.t, self.m
        host = t["primary_host"]
        full = f"Azərbaycan Respublikası {t['name']} İcra Hakimiyyəti"
        search = ""
        if m.flag("search_box"):
            search = (
                '<form class="search-form" action="/search.html" method="get">'
                '<input type="text" name="q" placeholder="Axtarış...">'
                '<button type="submit">Axtar</button></form>'
            )
        word = ""
        if m.flag("search_word_only") and home:
            word = (
                '<div class="block"><h3>Sənədlərin axtarışı</h3><p>Qərar və sərəncamların '
                'axtarışı üçün "Qanunvericilik" bölməsinə müraciət edin.</p></div>'
            )
        portal = ""
        if t.get("tender_portal_links") == "1" and not m.flag("procurement_section"):
            portal = (
                f'<li><a href="{TENDER_PORTAL}" target="_blank">Dövlət satınalmaları '
                "portalı</a></li>"
            )
        social = "".join(f'<a class="{n}" href="{u}" target="_blank"></a>' for n, u in m.social)
        social_block = (
            f'<div class="social"><h4>Sosial şəbəkələr</h4>{social}</div>' if social else ""
        )
        return f"""<!DOCTYPE html>
<html lang="az">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(title)} | {escape(full)}</title>
<link rel="stylesheet" href="/css/style.css">
</head>
<body>
<div id="header">
 <div class="logo"><a href="/"><img src="/userfiles/gerb.png" alt=""></a>
  <span class="logo_title">{escape(full)}</span></div>
 <ul class="lang"><li><a href="/">AZ</a></li><li><a href="/en/">EN</a></li>
  <li><a href="/ru/">RU</a></li></ul>
 {search}
</div>
<div id="menu">{self.menu()}</div>
<div id="container">
 <div id="content">{content}</div>
 <div id="sidebar">{word}
  <div class="block links"><h3>Keçidlər</h3><ul>
   <li><a href="https://president.az/" target="_blank">Azərbaycan Respublikasının Prezidenti</a></li>
   <li><a href="https://azertag.az/" target="_blank">AZƏRTAC</a></li>{portal}</ul></div>
 </div>
</div>
<div id="footer">
 <span class="address">Ünvan: {escape(t["name"])} şəhəri, Heydər Əliyev prospekti</span>
 <a class="mail" href="mailto:mail@{host}">mail@{host}</a>
 {social_block}
 <div class="copyleft"><span>© 2018 Bütün hüquqlar qorunur</span></div>
 <img src="/az/cron" style="opacity: 0" alt="">
 <a href="/admin/" rel="nofollow" style="display:none">admin</a>
</div>
</body>
</html>"""

    # ---- pages -------------------------------------------------------------------------------
    def home(self) -> str:
        latest = self.m.news[:5]
        return self.layout(
            "Ana səhifə",
            "<h2>Son xəbərlər</h2>"
            + self._news_ul(latest)
            + '<p><a href="/news.html">Bütün xəbərlər</a></p>'
            + self._video(),
            home=True,
        )

    def _video(self) -> str:
        """A single video of the agency's channel, embedded and linked: not an account (trap)."""
        if "youtube" not in dict(self.m.social):
            return ""
        vid = f"v{self.m.id.replace('-', '')[:9]:0<9}x"
        return (
            f'<div class="video"><h3>Video</h3><iframe width="300" height="170" '
            f'src="https://www.youtube.com/embed/{vid}" allowfullscreen></iframe>'
            f'<p><a href="https://www.youtube.com/watch?v={vid}">Videonu YouTube-da izləyin</a>'
            f"</p></div>"
        )

    def _when(self, d: date, hhmm: str) -> str:
        return f"{az_date(d)} | {hhmm}"

    def _news_ul(self, items) -> str:
        lis = "".join(
            f'<li><a class="thumb" href="/news/{x.id}.html"><img class="news-thumb" '
            f'src="/userfiles/news/{x.id}.jpg" alt=""></a>'
            f'<div class="news-title"><a href="/news/{x.id}.html">{escape(x.title)}</a></div>'
            f'<div class="news-date">{self._when(x.day, x.time)}</div>'
            f'<div class="news-short-content">{escape(x.body[:90])}…</div></li>'
            for x in items
        )
        return f'<ul class="news-list">{lis}</ul>'

    def news_list(self, page_arg: str) -> Response:
        page = int(page_arg) if page_arg.isdigit() and int(page_arg) > 0 else 1
        news = self.m.news
        pages = max(1, -(-len(news) // PER_PAGE))
        if page > pages:
            return not_found()
        chunk = news[(page - 1) * PER_PAGE : page * PER_PAGE]
        nav = []
        if page > 1:
            nav.append(f'<a class="prev" href="/news.html?page={page - 1}">«</a>')
        for p in range(max(1, page - 3), min(pages, page + 3) + 1):
            cls = ' class="active"' if p == page else ""
            nav.append(f'<a{cls} href="/news.html?page={p}">{p}</a>')
        if page < pages:
            nav.append(f'<a class="next" rel="next" href="/news.html?page={page + 1}">»</a>')
        body = (
            "<h1>Xəbərlər</h1>"
            + self._news_ul(chunk)
            + f'<div class="pagination">{"".join(nav)}</div>'
        )
        return html(self.layout("Xəbərlər", body))

    def news_page(self, x) -> str:
        url = f"http://{self.t['primary_host']}/news/{x.id}.html"
        share = (
            f'<div class="share"><span>Paylaş:</span>'
            f'<a href="https://www.facebook.com/sharer/sharer.php?u={url}">Facebook</a>'
            f'<a href="https://twitter.com/intent/tweet?url={url}">Twitter</a>'
            f'<a href="https://api.whatsapp.com/send?text={url}">WhatsApp</a></div>'
        )
        body = (
            f'<div class="content_info"><h1>{escape(x.title)}</h1>'
            f'<div class="news-date">{self._when(x.day, x.time)}</div>'
            f"<p>{escape(x.body)}</p>{x.extra_html}</div>{share}"
        )
        return self.layout(x.title, body)

    def static_page(self, pid: int) -> str | None:
        t = self.t
        if pid in STATIC_PAGES:
            label, body = STATIC_PAGES[pid]
            return self.layout(label, f"<h1>{label}</h1><p>{body}</p>")
        if pid == 29 and self.m.flag("e_services"):
            return self.layout("Elektron xidmətlər", self.eservices())
        if self.m.flag("procurement_section") and f"/page/{pid}.html" == t["procurement_path"]:
            return self.layout("Satınalmalar", self.procurement())
        if pid == 58 and self.m.id == "sheki":
            return self.layout(
                "İctimai şuranın yaradılması",
                (
                    "<h1>İctimai şuranın yaradılması haqqında</h1><p>Şəki Şəhər İcra Hakimiyyəti "
                    "yanında İctimai şura yaradılmışdır. Şuranın tərkibi təsdiq olunmuşdur.</p>"
                ),
            )
        if self.council_id is not None:
            if pid == self.council_id:
                return self.layout(t["council_title"], self.council())
            sub = pid - self.council_id
            if 1 <= sub <= 4 and t["council_status"] == "active":
                return self.layout(t["council_title"], self.council_sub(sub))
        return None

    def eservices(self) -> str:
        ext = self.t.get("e_services_external", "")
        if ext:
            names = "".join(f"<li>{escape(s)}</li>" for s in self.m.services)
            return (
                f"<h1>Elektron xidmətlər</h1><p>Xidmətlər haqqında ətraflı: "
                f'<a href="{escape(ext)}">{escape(ext)}</a></p><ul class="services">{names}'
                "</ul>"
            )
        lis = []
        for i, s in enumerate(self.m.services, 1):
            extra = (
                f' <a href="/xidmet/{i}.html?form=1">Ərizə forması</a>' if i % 4 == 1 else ""
            )  # a second link to the same service: still one service
            lis.append(f'<li><a href="/xidmet/{i}.html">{escape(s)}</a>{extra}</li>')
        return f'<h1>Elektron xidmətlər</h1><ul class="services">{"".join(lis)}</ul>'

    def procurement(self) -> str:
        rows = "".join(
            f'<li><a href="/userfiles/tender/{pub:%Y%m%d}.pdf">{escape(title)}</a>'
            f'<span class="date">Dərc olunub: {dmy(pub)}</span>'
            f'<span class="deadline">Son müraciət tarixi: {dmy(dl)}</span></li>'
            for pub, dl, title in self.m.tenders
        )
        return f'<h1>Satınalmalar</h1><ul class="tender-list">{rows}</ul>'

    def council(self) -> str:
        t, status = self.t, self.t["council_status"]
        title = f"<h1>{escape(t['council_title'])}</h1>"
        law = (
            '<ul class="docs"><li><a href="/userfiles/docs/ictimai-istirakciliq.pdf">'
            "“İctimai iştirakçılıq haqqında” Azərbaycan Respublikasının Qanunu</a></li>"
            '<li><a href="/userfiles/docs/esasname.pdf">İctimai şuraların yaradılması '
            "qaydaları haqqında Əsasnamə</a></li></ul>"
        )
        if status == "empty":
            return title
        if status == "legislation_only":
            return title + "<h3>Normativ hüquqi baza</h3>" + law
        if status == "announcement":
            return (
                title
                + (
                    "<h3>ELAN</h3><p>İcra hakimiyyəti yanında İctimai şuranın yaradılması məqsədilə "
                    "təsis toplantısı keçiriləcəyi barədə elan. Namizədlərin qeydiyyatı davam edir."
                    "</p><h3>Sərəncam</h3><p>İctimai şuraya seçkiləri keçirmək üçün seçki "
                    "komissiyasının yaradılması haqqında İcra hakimiyyəti başçısının sərəncamı.</p>"
                )
                + law
            )
        if status == "off_topic":
            if self.m.id == "zaqatala":
                return title + (
                    '<ul class="docs"><li><a href="/userfiles/docs/apel.pdf">'
                    "Apellyasiya şurası haqqında Əsasnamə</a></li></ul>"
                )
            return title + (
                "<p>İnzibati xətalar üzrə komissiyanın iclaslarının qrafiki və "
                "digər məlumatlar.</p>"
            )
        if status == "members":  # (no local site had this in 2018; used by --edit demos)
            rows = "".join(
                f"<tr><td>{i}</td><td>{escape(n)}</td><td>{escape(r)}</td></tr>"
                for i, (n, r) in enumerate(self.m.members, 1)
            )
            return (
                title
                + (
                    '<h3>Şuranın üzvləri</h3><table class="members"><tr><th>№</th>'
                    f"<th>Soyadı, adı</th><th>Vəzifəsi</th></tr>{rows}</table>"
                )
                + law
            )
        if status == "active":
            names = self._sub_names()
            lis = "".join(
                f'<li><a href="/page/{self.council_id + i}.html">{n}</a></li>'
                for i, n in enumerate(names, 1)
            )
            return title + f'<ul class="submenu">{lis}</ul>'
        return title

    def _sub_names(self) -> tuple[str, ...]:
        last = "Pratokollar" if self.m.id == "qaradagh" else "Tədbirlər"
        return ("Şuranın üzvləri", "Elanlar", "Normativ hüquqi baza", last)

    def council_sub(self, sub: int) -> str:
        name = self._sub_names()[sub - 1]
        head = f"<h1>{name}</h1>"
        if sub == 1:
            if not self.m.members:
                return head + "<p></p>"
            rows = "".join(
                f"<tr><td>{i}</td><td>{escape(n)}</td><td>{r}</td></tr>"
                for i, (n, r) in enumerate(self.m.members, 1)
            )
            return head + f'<table class="members"><tbody>{rows}</tbody></table>'
        if sub == 2:
            return head + "<p>İctimai şuranın yaradılması haqqında elan.</p>"
        if sub == 3:
            return head + (
                '<ul class="docs"><li><a href="/userfiles/docs/qanun.pdf">'
                "“İctimai iştirakçılıq haqqında” Qanun</a></li></ul>"
            )
        lis = "".join(
            f'<li><span class="date">{dmy(e.day)}</span> {escape(e.title)}</li>'
            for e in self.m.council_events
        )
        return head + f'<ul class="events">{lis}</ul>'

    def search(self, q: str) -> str:
        qf = q.casefold().replace("i̇", "i")
        hits = []
        t = self.t
        if t.get("council_path") and ("şura" in qf or "sura" in qf):
            hits.append((t["council_path"], t["council_title"]))
        for x in self.m.news[:50]:
            if qf and qf in x.title.casefold():
                hits.append((f"/news/{x.id}.html", x.title))
        lis = "".join(f'<li><a href="{h}">{escape(title)}</a></li>' for h, title in hits)
        return self.layout(
            "Axtarış", f'<h1>Axtarış: {escape(q)}</h1><ul class="search-results">{lis}</ul>'
        )

    def lang_page(self, lang: str) -> str:
        label = {"en": "News", "ru": "Новости"}[lang]
        return self.layout(label, f'<h1>{label}</h1><p><a href="/news.html">{label}</a></p>')
