"""Scenario "synthetic": N made-up agencies for benchmarks (100 / 1,000 / 5,000 sites).

Each site is built from its hostname alone, on first request, with the replica's generators
(about 20 pages each), so nothing is generated up front and every run serves the same bytes.

    python -m ogpcrawl.farm.synthetic --sites 1000 --write-agencies /tmp/agencies-1000.csv
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
from datetime import date, timedelta

from .sites.ih import IhSite
from .sites.ministry import DESIGN_CLASSES
from .sites.model import SiteModel, rng
from .sites.social import HOSTS as NETWORK_HOSTS
from .sites.social import SocialNetworks
from .web import Web

DOMAIN = "synthetic.gov.az"
_HOST = re.compile(r"(?:www\.)?s(\d{5})-(ih|min)\." + re.escape(DOMAIN))
DESIGNS = sorted(DESIGN_CLASSES)
STATUSES = ("absent", "absent", "absent", "legislation_only", "announcement", "active", "empty")


def host_for(i: int) -> str:
    # every fifth agency is a bespoke ministry site, the rest use the -ih CMS
    return f"s{i:05d}-{'min' if i % 5 == 0 else 'ih'}.{DOMAIN}"


def synthetic_row(i: int, host: str) -> dict:
    """A ground-truth-shaped row chosen from the index: the same index, the same site."""
    r = rng(host, "synthetic")
    central = i % 5 == 0
    status = r.choice(STATUSES)
    last = date(2018, 8, 20) - timedelta(days=r.randrange(1, 40))
    n = r.randrange(3, 9)  # few posts: the site stays around 20 pages
    return {
        "agency_id": f"s{i:05d}",
        "level": "central" if central else "local",
        "name": f"Sintetik {i}",
        "design": r.choice(DESIGNS) if central else "ih_old",
        "scheme": "http",
        "primary_host": host,
        "hosts": host,
        "reachable": "true",
        "social_networks": ";".join(
            n for n in ("facebook", "youtube", "twitter") if r.random() < 0.4
        ),
        "search_box": str(r.random() < 0.3).lower(),
        "search_word_only": "false",
        "council_section": str(status != "absent").lower(),
        "council_status": status,
        "council_path": "" if status == "absent" else f"/page/{40 + r.randrange(150)}.html",
        "council_title": "İctimai şura",
        "council_in_menu": str(status != "absent").lower(),
        "council_members": "5" if status == "active" else "",
        "council_events": "2" if status == "active" else "",
        "council_last_event": "2018-07-01",
        "procurement_section": "false",
        "procurement_path": "",
        "procurement_info_path": "",
        "tender_portal_links": str(int(r.random() < 0.3)),
        "e_services": "true",
        "e_services_path": "/page/29.html" if not central else "/e-xidmetler",
        "e_services_count": str(r.randrange(2, 8)),
        "news_window_posts": str(n),
        "news_last_date": last.isoformat(),
        "news_placeholder_times": "true",
        "robots_disallow": "/admin/",
        "crawl_delay": "",
        # the accounts' public views (farm/sites/social.py): a class and a newest post
        "social_activity": (act := r.choice(("intense", "active", "moderate", "weak", "stopped"))),
        # the newest post, within the class's limits (as build_truth's LAST_POST_AGO)
        "social_last_post": (
            date(2018, 8, 20)
            - timedelta(days={"stopped": 70, "weak": 20}.get(act, r.randrange(0, 3)))
        ).isoformat(),
        "social_traps": "",
    }


class SyntheticNetworks(SocialNetworks):
    """The networks' hosts for the synthetic agencies: accounts resolved from the name alone."""

    _SLUG = re.compile(r"s(\d{5})(ih|gov)")

    def __init__(self, sites: int):
        super().__init__({})
        self.sites = sites

    def _row(self, slug: str, network: str) -> dict | None:
        m = self._SLUG.fullmatch(slug)
        if not m or not 1 <= int(m.group(1)) <= self.sites:
            return None
        i = int(m.group(1))
        row = synthetic_row(i, host_for(i))
        return row if network in row["social_networks"].split(";") else None


def build(host: str, sites: int):
    m = _HOST.fullmatch(host)
    if not m:
        return None
    i = int(m.group(1))
    if not 1 <= i <= sites or host_for(i) != host.removeprefix("www."):
        return None
    row = synthetic_row(i, host_for(i))
    model = SiteModel(row)
    if row["design"] == "ih_old":
        return IhSite(model)
    return DESIGN_CLASSES[row["design"]](model)


def synthetic_web(sites: int) -> Web:
    networks = SyntheticNetworks(sites)
    return Web(lambda host: networks if host in NETWORK_HOSTS else build(host, sites))


def write_agencies(path: str, sites: int) -> None:
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["agency_id", "name", "level", "family", "url"])
        for i in range(1, sites + 1):
            central = i % 5 == 0
            w.writerow(
                [
                    f"s{i:05d}",
                    f"Sintetik {i}",
                    "central" if central else "local",
                    "ministry" if central else "local_ih",
                    f"http://{host_for(i)}/",
                ]
            )


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(prog="python -m ogpcrawl.farm.synthetic")
    p.add_argument("--sites", type=int, default=100)
    p.add_argument("--write-agencies", required=True, metavar="FILE")
    a = p.parse_args(argv)
    write_agencies(a.write_agencies, a.sites)
    print(f"wrote {a.sites} agencies to {a.write_agencies}", file=sys.stderr)


if __name__ == "__main__":
    main()
