"""local_ih: the 80 local executive authorities on the shared *-ih.gov.az CMS."""

from __future__ import annotations

from urllib.parse import urljoin

from ogpcrawl import specs
from ogpcrawl.spiders.base import AgencySpider

# The CMS puts some sections at the same path on every site (e.g. "Elektron xidmətlər" at
# /page/29.html, the news list at /news.html or /az/news.html): the local_ih_hint of
# ogpcrawl/specs/indicators/<section>.toml. Hints are used only when the menu does not name the
# section; each is (old generation, new generation).
IH_HINTS = {
    s: specs.active()[s].local_ih_hint
    for s in specs.active().sections
    if specs.active()[s].local_ih_hint
}


class LocalIhSpider(AgencySpider):
    name = "local_ih"
    family = "local_ih"

    def add_hints(self, state, home, sections):
        # The newer generation of the CMS prefixes its pages with the language (/az/...).
        generation = 1 if home.sel.css('a[href*="/az/"]') else 0
        for section, paths in IH_HINTS.items():
            if not sections.get(section):
                self.enqueue(state, urljoin(home.base_url, paths[generation]), section, hint=True)
