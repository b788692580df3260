"""Scenario "faults": one host per failure a crawler must survive.

    python -m ogpcrawl.farm.faults --write-agencies /tmp/fault-agencies.csv

Every host is an ordinary -ih site (the synthetic generator) with one fault added:

| host (``<name>.faults.gov.az``) | fault |
|---|---|
| slow       | every response waits SLOW_SECONDS (20 s) — longer than any sane download timeout |
| error5xx   | the e-services page /page/29.html answers 500, the news list 503 |
| huge       | the home page is 11 MB (> a 10 MB download limit) |
| loop       | / → /a.html → /b.html → / (redirect loop) |
| robots     | robots.txt disallows /page/ (the sections) |
| reset      | the home page's connection is cut after 400 bytes of the promised body |
| wrongenc   | windows-1254 body declared utf-8 (header and meta) |
| noenc      | windows-1254 body, no charset anywhere |
| refresh    | the home page is only a meta refresh to /az/index.html |
| truncated  | the home page's HTML stops mid-tag (HTTP itself is well-formed) |
| tlsonly    | https only: plain http gets 502 |
"""

from __future__ import annotations

import argparse
import csv
import sys

from .sites.ih import IhSite
from .sites.model import SiteModel
from .synthetic import synthetic_row
from .web import Request, Response, Web, html, redirect, text

DOMAIN = "faults.gov.az"
SLOW_SECONDS = 20.0
HUGE_BYTES = 11 * 1024 * 1024
RESET_AFTER = 400
FAULTS = (
    "slow",
    "error5xx",
    "huge",
    "loop",
    "robots",
    "reset",
    "wrongenc",
    "noenc",
    "refresh",
    "truncated",
    "tlsonly",
)


class FaultSite:
    def __init__(self, fault: str, host: str):
        self.fault = fault
        row = synthetic_row(FAULTS.index(fault) + 1, host)
        row.update(
            agency_id=f"fault-{fault}",
            name=f"Sınaq {FAULTS.index(fault) + 1}",
            council_status="absent",
            council_section="false",
            council_path="",
            council_in_menu="false",
        )
        self.site = IhSite(SiteModel(row))
        self._huge: bytes | None = None

    def handle(self, req: Request) -> Response:
        f, path = self.fault, req.path
        if f == "robots" and path == "/robots.txt":
            return text("User-agent: *\nDisallow: /page/\n")
        if f == "loop" and path in ("/", "/a.html", "/b.html"):
            return redirect({"/": "/a.html", "/a.html": "/b.html", "/b.html": "/"}[path])
        if f == "refresh" and path == "/":
            return html(
                '<html><head><meta http-equiv="refresh" content="0; url=/az/index.html">'
                "</head><body></body></html>"
            )
        if f == "refresh" and path == "/az/index.html":
            return self.site.handle(Request(req.method, req.scheme, req.host, "/"))
        resp = self.site.handle(req)
        if f == "slow":
            resp.delay = SLOW_SECONDS
        elif f == "error5xx" and path in ("/page/29.html", "/news.html"):
            return html("<h1>Internal Server Error</h1>", 500 if path == "/page/29.html" else 503)
        elif path == "/" and f == "huge":
            if self._huge is None:
                pad = b"<p>" + b"x" * 1020 + b"</p>\n"
                self._huge = resp.body.replace(
                    b"</body>", pad * (HUGE_BYTES // len(pad)) + b"</body>"
                )
            return Response(200, self._huge, resp.content_type)
        elif path == "/" and f == "reset":
            resp.reset_after = RESET_AFTER
        elif path == "/" and f in ("wrongenc", "noenc"):
            body = resp.body.decode("utf-8").replace(
                '<meta charset="utf-8">', "" if f == "noenc" else '<meta charset="utf-8">'
            )
            data = body.encode("cp1254", "replace")  # ə is not in cp1254: '?' as real sites show
            ctype = "text/html; charset=utf-8" if f == "wrongenc" else "text/html"
            return Response(200, data, ctype)
        elif path == "/" and f == "truncated":
            resp.body = resp.body[: len(resp.body) * 2 // 3].rsplit(b"<", 1)[0] + b"<div cla"
        return resp


def host_for(fault: str) -> str:
    return f"{fault}.{DOMAIN}"


def faults_web() -> Web:
    sites = {host_for(f): f for f in FAULTS}

    def resolve(host: str):
        fault = sites.get(host.removeprefix("www."))
        return FaultSite(fault, host_for(fault)) if fault else None

    return Web(resolve, tls_only={host_for("tlsonly"), f"www.{host_for('tlsonly')}"})


def write_agencies(path: str) -> None:
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["agency_id", "name", "level", "family", "url"])
        for fault in FAULTS:
            scheme = "https" if fault == "tlsonly" else "http"
            w.writerow(
                [
                    f"fault-{fault}",
                    f"Fault {fault}",
                    "local",
                    "local_ih",
                    f"{scheme}://{host_for(fault)}/",
                ]
            )


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(prog="python -m ogpcrawl.farm.faults")
    p.add_argument("--write-agencies", required=True, metavar="FILE")
    write_agencies(p.parse_args(argv).write_agencies)
    print(f"wrote {len(FAULTS)} agencies", file=sys.stderr)


if __name__ == "__main__":
    main()
