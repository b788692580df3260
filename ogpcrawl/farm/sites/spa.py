"""A ministry whose menu and news list exist only after JavaScript runs.

The static HTML is an empty shell (``<div id="app"></div>`` and a script); the script fetches
/api/menu.json and /api/news.json and builds the DOM. A crawler without a browser sees no menu
links and no news — the case the project's browser-rendering issue needs.
"""

from __future__ import annotations

import json
import re
from html import escape

from ..web import Request, Response, html, not_found, text
from .model import SiteModel, dmy, robots_txt

APP_JS = """(function () {
  var app = document.getElementById('app');
  function get(url, cb) {
    var x = new XMLHttpRequest();
    x.onload = function () { cb(JSON.parse(x.responseText)); };
    x.open('GET', url); x.send();
  }
  get('/api/menu.json', function (menu) {
    var nav = document.createElement('nav'); nav.className = 'main-nav';
    var ul = document.createElement('ul');
    menu.items.forEach(function (it) {
      var li = document.createElement('li'); var a = document.createElement('a');
      a.href = it.href; a.textContent = it.title; li.appendChild(a); ul.appendChild(li);
    });
    nav.appendChild(ul); app.insertBefore(nav, app.firstChild);
    var soc = document.createElement('div'); soc.className = 'social';
    menu.social.forEach(function (s) {
      var a = document.createElement('a'); a.href = s.url; a.className = 'icon-' + s.network;
      soc.appendChild(a);
    });
    app.appendChild(soc);
    if (menu.search) {
      var f = document.createElement('form'); f.className = 'search'; f.method = 'get';
      f.action = menu.search.action;
      var q = document.createElement('input'); q.type = 'search'; q.name = menu.search.param;
      q.placeholder = 'Axtarış'; f.appendChild(q); app.insertBefore(f, app.firstChild);
    }
  });
  get('/api/news.json', function (news) {
    var list = document.createElement('div'); list.className = 'news-feed';
    news.items.forEach(function (n) {
      var card = document.createElement('article');
      card.innerHTML = '<time datetime="' + n.date + '">' + n.date_text + '</time>' +
        '<a href="' + n.href + '"></a>';
      card.querySelector('a').textContent = n.title;
      list.appendChild(card);
    });
    app.appendChild(list);
  });
})();
"""


class SpaSite:
    design = "spa"

    def __init__(self, model: SiteModel):
        self.m = model
        self.t = model.t

    def handle(self, req: Request) -> Response:
        path = req.path.rstrip("/") or "/"
        if path == "/robots.txt":
            return text(robots_txt(self.t))
        if path in ("/", "/az"):
            return html(self.shell())
        if path == "/static/app.js":
            return Response(200, APP_JS.encode(), "application/javascript")
        if path == "/api/menu.json":
            return self._json(self.menu())
        if path == "/api/news.json":
            return self._json(self.news_json())
        if path == self.t["e_services_path"] and self.m.flag("e_services"):
            lis = "".join(f"<li>{escape(s)}</li>" for s in self.m.services)
            return html(self._static("Elektron xidmətlər", f'<ul class="services">{lis}</ul>'))
        if path == "/axtaris" and self.m.flag("search_box"):
            # the JS-built form's action answers like any search: the news titles holding q
            q = req.arg("q").casefold()
            hits = "".join(
                f'<li><a href="/xeber/{x.id}">{escape(x.title)}</a></li>'
                for x in self.m.news
                if q and q in x.title.casefold()
            )
            return html(self._static("Axtarış nəticələri", f'<ul class="results">{hits}</ul>'))
        m = re.fullmatch(r"/xeber/(\d+)", path)
        if m and (x := self.m.news_item(int(m.group(1)))):
            return html(self._static(x.title, f"<time>{dmy(x.day)}</time><p>{escape(x.body)}</p>"))
        return not_found()

    @staticmethod
    def _json(obj) -> Response:
        return Response(
            200, json.dumps(obj, ensure_ascii=False).encode(), "application/json; charset=utf-8"
        )

    def shell(self) -> str:
        return f"""<!DOCTYPE html>
<html lang="az"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(self.t["name"])}</title></head>
<body><noscript>Saytdan istifadə üçün JavaScript lazımdır.</noscript>
<div id="app"></div><script src="/static/app.js"></script></body></html>"""

    def _static(self, title: str, body: str) -> str:
        return (
            f'<!DOCTYPE html><html lang="az"><head><meta charset="utf-8"><meta name="viewport" '
            f'content="width=device-width, initial-scale=1"><title>{escape(title)}</title>'
            f"</head><body><h1>{escape(title)}</h1>{body}</body></html>"
        )

    def menu(self) -> dict:
        items = [
            {"title": "Ana səhifə", "href": "/"},
            {"title": "Nazirlik", "href": "/#/nazirlik"},
            {"title": "Xəbərlər", "href": "/#/xeberler"},
        ]
        if self.m.flag("e_services"):
            items.append({"title": "Elektron xidmətlər", "href": self.t["e_services_path"]})
        items.append({"title": "Əlaqə", "href": "/#/elaqe"})
        out = {"items": items, "social": [{"network": n, "url": u} for n, u in self.m.social]}
        if self.m.flag("search_box"):  # the search form, like everything else, is built by JS
            out["search"] = {"action": "/axtaris", "param": "q"}
        return out

    def news_json(self) -> dict:
        return {
            "items": [
                {
                    "id": x.id,
                    "title": x.title,
                    "date": x.day.isoformat(),
                    "date_text": dmy(x.day),
                    "href": f"/xeber/{x.id}",
                }
                for x in self.m.news
            ]
        }
