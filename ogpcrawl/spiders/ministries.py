"""ministries: the central executive authorities, each with a bespoke site."""

from __future__ import annotations

from ogpcrawl.spiders.base import AgencySpider


class MinistriesSpider(AgencySpider):
    name = "ministries"
    family = "ministry"
    # Bespoke designs share no URL scheme: everything comes from each site's own menus.
