"""Scenario "replica": the 103 monitored sites as the report describes them in August 2018.

Hosts come from the ground truth: every agency at its seed host and the www. twin, three
low-confidence locals only at an alternate spelling, Xankəndi nowhere (the proxy answers 502).
"""

from __future__ import annotations

from datetime import date

from .sites.ih import SHEKI_COUNCIL_INFO, IhSite
from .sites.ministry import DESIGN_CLASSES
from .sites.model import NewsItem, SiteModel
from .sites.social import HOSTS as NETWORK_HOSTS
from .sites.social import SocialNetworks
from .sites.spa import SpaSite
from .truth import truth_by_host
from .web import Request, Response, Web, html

# News items the report mentions that tie into the council findings. Dated before each site's
# 90-day window, so they leave the posts-per-month figures of the ground truth unchanged.
EXTRA_NEWS = {
    "sheki": NewsItem(
        201,
        date(2018, 3, 1),
        "11:00",
        "Şəhər İcra Hakimiyyəti yanında İctimai şura yaradılıb",
        "İctimai şuranın yaradılması haqqında məlumat.",
        f'<p><a href="{SHEKI_COUNCIL_INFO}">Ətraflı</a></p>',
    ),
    "migration": NewsItem(
        12498,
        date(2018, 3, 15),
        "10:00",
        "DMX yanında İctimai şuranın iclası keçirilib",
        "İctimai şuranın növbəti iclası keçirilib.",
    ),
    "minenergy": NewsItem(
        9001,
        date(2018, 4, 20),
        "12:00",
        "İctimai şuranın yaradılması təxirə salınıb",
        "Nazirlik yanında İctimai şuranın yaradılması ilə bağlı "
        "prosesin təxirə salınması barədə elan.",
        '<p><a href="/upload/files/İctimai_Shura/Ictimai_shura_texire_salma_elan'
        '.pdf">Elan (PDF)</a></p>',
    ),
}


class FailingPaths:
    """A site whose listed paths answer 503 (edit field fail_paths): a page that fails to load."""

    def __init__(self, site, paths: set[str]) -> None:
        self.site, self.paths = site, paths

    def handle(self, req: Request) -> Response:
        if req.path in self.paths:
            return html("<html><body><h1>503 Service Unavailable</h1></body></html>", 503)
        return self.site.handle(req)


def build_site(row: dict):
    extra = [EXTRA_NEWS[row["agency_id"]]] if row["agency_id"] in EXTRA_NEWS else []
    model = SiteModel(row, extra_news=extra)
    if row["design"] == "ih_old":
        site = IhSite(model)
    elif row["design"] == "spa":
        site = SpaSite(model)
    else:
        site = DESIGN_CLASSES[row["design"]](model)
    fail = {p for p in (row.get("fail_paths") or "").split(";") if p}
    return FailingPaths(site, fail) if fail else site


def replica_web(edits: list[str] | None = None) -> Web:
    rows = truth_by_host(edits)
    built: dict[str, object] = {}
    networks = SocialNetworks(rows)  # the agencies' accounts on the networks' hosts

    def resolve(host: str):
        if host in NETWORK_HOSTS:
            return networks
        row = rows.get(host)
        if row is None:
            return None
        aid = row["agency_id"]
        if aid not in built:  # host and www. twin share one site object
            built[aid] = build_site(row)
        return built[aid]

    return Web(resolve)
