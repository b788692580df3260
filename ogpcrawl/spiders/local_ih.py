"""local_ih: the 80 local executive authorities on the shared *-ih.gov.az CMS."""

from __future__ import annotations

from urllib.parse import urljoin

from ogpcrawl.spiders.base import AgencySpider

# The CMS gives "Elektron xidmətlər" the same page id on every site of the 2018 generation
# (/page/29.html; the report links it for nine sites, and the newer generation still links it),
# and the news list lives at /news.html (old) or /az/news.html (new). Hints are used only when
# the menu does not name the section; each is (old generation, new generation).
IH_HINTS = {"eservices": ("/page/29.html", "/page/29.html"),
            "news": ("/news.html", "/az/news.html")}


class LocalIhSpider(AgencySpider):
    name = "local_ih"
    family = "local_ih"

    def add_hints(self, state, home, sections):
        # The newer generation of the CMS prefixes its pages with the language (/az/...).
        generation = 1 if home.sel.css('a[href*="/az/"]') else 0
        for section, paths in IH_HINTS.items():
            if not sections.get(section):
                self.enqueue(state, urljoin(home.base_url, paths[generation]), section, hint=True)
