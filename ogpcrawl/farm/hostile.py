"""Scenario "hostile": sites that attack the crawler rather than merely fail.

    python -m ogpcrawl.farm --scenario hostile
    python -m ogpcrawl.farm.hostile --write-agencies /tmp/hostile-agencies.csv

Every host (``<name>.hostile.gov.az``) is an ordinary -ih site (the synthetic generator) with one
hostile trait; the agencies file sends the pages that need it through the browser:

| host | trait |
|---|---|
| offsite | the home page pulls scripts, images, fonts, frames and beacons from hosts that are not the agency's, and its "İctimai şura" link redirects off-site (render=browser: Chromium meets all of it) |
| away | the same page, crawled without a browser (render=static): the crawler meets the off-site redirect |
| memhog | the home page's script hoards memory outside V8's heap (typed arrays, ~200 MB/s, for ever): only the renderer watchdog stops it (render=browser) |
| heaphog | the home page's script hoards JavaScript objects (~100 MB/s, for ever): V8's heap cap stops it (render=browser) |
| hang | the home page answers; every other page (robots.txt aside) waits HANG_SECONDS before answering |
"""

from __future__ import annotations

import argparse
import csv
import sys

from .sites.ih import IhSite
from .sites.model import SiteModel
from .synthetic import synthetic_row
from .web import Request, Response, Web, html, redirect

DOMAIN = "hostile.gov.az"
# name -> the agencies file's render column for it
HOSTILE = {
    "offsite": "browser",
    "away": "static",
    "memhog": "browser",
    "heaphog": "browser",
    "hang": "static",
}
HANG_SECONDS = 120.0
# Hosts the offsite page reaches for; none is an agency's, so none may ever be requested.
OFFSITE_HOSTS = (
    "tracker.offsite-example.com",
    "ads.offsite-example.net",
    "collect.offsite-example.org",
    "partner.offsite-example.com",
    "fonts.googleapis.com",
    "www.google.com",
)
OFFSITE_HTML = """
<link rel="stylesheet" href="https://fonts.googleapis.com/css?family=Roboto">
<script src="https://tracker.offsite-example.com/t.js"></script>
<img src="http://ads.offsite-example.net/pixel.gif" alt="">
<iframe src="https://www.google.com/maps/embed?pb=1" width="10" height="10"></iframe>
<script>
  fetch("https://collect.offsite-example.org/beacon?x=1", {mode: "no-cors"}).catch(function () {});
  if (navigator.sendBeacon) navigator.sendBeacon("https://collect.offsite-example.org/b2", "x");
  new Image().src = "http://ads.offsite-example.net/pixel2.gif";
</script>
<p><a href="/partner/council">İctimai şura</a></p>
"""

# Paced (a busy wait per step) so the growth is steady rather than a spike the machine feels.
MEMHOG_JS = """<script>
  var keep = [];
  for (;;) {
    var b = new Uint8Array(8 * 1024 * 1024); b.fill(7); keep.push(b);
    var t = Date.now(); while (Date.now() - t < 40) {}
  }
</script>"""
HEAPHOG_JS = """<script>
  var keep = [];
  for (;;) {
    keep.push(new Array(1024 * 1024).fill(Math.random()));
    var t = Date.now(); while (Date.now() - t < 80) {}
  }
</script>"""
HOG_JS = {"memhog": MEMHOG_JS, "heaphog": HEAPHOG_JS}


class HostileSite:
    def __init__(self, name: str, host: str):
        self.name = name
        row = synthetic_row(list(HOSTILE).index(name) + 1, host)
        row.update(
            agency_id=f"hostile-{name}",
            name=f"Hücum {name}",
            council_status="absent",
            council_section="false",
            council_path="",
            council_in_menu="false",
        )
        self.site = IhSite(SiteModel(row))

    def handle(self, req: Request) -> Response:
        if self.name in ("offsite", "away"):
            if req.path == "/partner/council":
                return redirect("http://partner.offsite-example.com/council")
            resp = self.site.handle(req)
            if req.path == "/" and resp.status == 200:
                body = resp.body.decode("utf-8").replace("</body>", OFFSITE_HTML + "</body>", 1)
                return html(body)
            return resp
        resp = self.site.handle(req)
        if self.name == "hang" and req.path not in ("/", "/robots.txt"):
            resp.delay = HANG_SECONDS
        if self.name in HOG_JS and req.path == "/" and resp.status == 200:
            body = resp.body.decode("utf-8").replace("</head>", HOG_JS[self.name] + "</head>", 1)
            return html(body)
        return resp


def host_for(name: str) -> str:
    return f"{name}.{DOMAIN}"


def hostile_web() -> Web:
    def resolve(host: str):
        name = host.removeprefix("www.").removesuffix("." + DOMAIN)
        return HostileSite(name, host_for(name)) if name in HOSTILE else None

    return Web(resolve)


def write_agencies(path: str, names: tuple[str, ...] = tuple(HOSTILE)) -> None:
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["agency_id", "name", "level", "family", "url", "render"])
        for name in names:
            w.writerow(
                [
                    f"hostile-{name}",
                    f"Hostile {name}",
                    "local",
                    "local_ih",
                    f"http://{host_for(name)}/",
                    HOSTILE[name],
                ]
            )


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(prog="python -m ogpcrawl.farm.hostile")
    p.add_argument("--write-agencies", required=True, metavar="FILE")
    write_agencies(p.parse_args(argv).write_agencies)
    print(f"wrote {len(HOSTILE)} agencies", file=sys.stderr)


if __name__ == "__main__":
    main()
