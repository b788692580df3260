"""local_ih: the 80 local executive authorities on the shared *-ih.gov.az CMS."""

from __future__ import annotations

from urllib.parse import urljoin

from ogpcrawl.spiders.base import AgencySpider

# The CMS gives "Elektron xidmətlər" the same page id on every site of the 2018 generation
# (/page/29.html; the report links it for nine sites), and the news list lives at /news.html
# (old) or /az/news.html (new). Used only when the menu does not name them.
IH_HINTS = {"eservices": ("/page/29.html",), "news": ("/news.html", "/az/news.html")}


class LocalIhSpider(AgencySpider):
    name = "local_ih"
    family = "local_ih"

    def add_hints(self, state, home, sections):
        for section, paths in IH_HINTS.items():
            if not sections.get(section):
                for path in paths[:1]:
                    self.enqueue(state, urljoin(home.base_url, path), section, hint=True)
