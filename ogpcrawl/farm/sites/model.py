"""What a site says, independent of its markup: news, council, procurement, services, accounts.

Everything is derived deterministically from one ground-truth row (or a synthetic one), so a site
can be rebuilt from its hostname at any time and two runs serve identical bytes.
"""

from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cached_property

WINDOW_DAYS = 90
HISTORY_DAYS = 150

AZ_MONTHS = (
    "yanvar",
    "fevral",
    "mart",
    "aprel",
    "may",
    "iyun",
    "iyul",
    "avqust",
    "sentyabr",
    "oktyabr",
    "noyabr",
    "dekabr",
)
EN_ABBR = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

_SUBJECTS = (
    "İcra hakimiyyətinin başçısı",
    "Başçının müavini",
    "Rayon rəhbərliyi",
    "İcra aparatının əməkdaşları",
    "Gənclər və idman idarəsi",
    "Təhsil şöbəsi",
)
_MINISTRY_SUBJECTS = (
    "Nazir",
    "Nazirin müavini",
    "Nazirliyin nümayəndə heyəti",
    "Kollegiya",
    "Mətbuat xidməti",
)
_EVENTS = (
    "vətəndaşları qəbul edib",
    "yeni məktəb binasının açılışında iştirak edib",
    "ağacəkmə aksiyası keçirilib",
    "əlillərlə görüş keçirib",
    "Milli Qurtuluş Günü münasibətilə tədbir keçirilib",
    "şəhid ailələrini ziyarət edib",
    "kənd təsərrüfatı yarmarkası təşkil olunub",
    "yol tikintisi işləri ilə tanış olub",
    "ictimaiyyət nümayəndələri ilə görüşüb",
    "səyyar qəbul keçirib",
    "gənclərlə görüş keçirilib",
    "sərgi açılıb",
)

NETWORK_URLS = {
    "facebook": "https://www.facebook.com/{slug}",
    "instagram": "https://www.instagram.com/{slug}/",
    "youtube": "https://www.youtube.com/channel/UC{slug}",
    "twitter": "https://twitter.com/{slug}",
    "flickr": "https://www.flickr.com/photos/{slug}/",
}


def rng(key: str, salt: str = "") -> random.Random:
    return random.Random(int(hashlib.sha256(f"{key}|{salt}".encode()).hexdigest()[:16], 16))


@dataclass(frozen=True)
class NewsItem:
    id: int
    day: date
    time: str
    title: str
    body: str
    extra_html: str = ""  # a link to a page the item is about (Şəki's council page)


@dataclass(frozen=True)
class Event:
    day: date
    title: str


@dataclass
class SiteModel:
    t: dict  # a ground-truth row
    name: str = ""
    extra_news: list[NewsItem] = field(default_factory=list)

    @property
    def id(self) -> str:
        return self.t["agency_id"]

    def flag(self, column: str) -> bool:
        return self.t.get(column) == "true"

    def num(self, column: str, default: int = 0) -> int:
        v = self.t.get(column, "")
        return int(v) if v else default

    @cached_property
    def news(self) -> list[NewsItem]:
        """Newest first. n posts inside the 90-day window ending at the last date, at offsets
        strictly below 90 days; older posts skip day 90 so no post sits on the window's edge."""
        t = self.t
        last = date.fromisoformat(t["news_last_date"])
        n = int(t["news_window_posts"])
        offsets = [k * WINDOW_DAYS // n for k in range(n)]
        if t.get("news_first_date") and self.id == "baku":
            offsets.append((last - date.fromisoformat(t["news_first_date"])).days)
        else:
            j = 0
            while (off := WINDOW_DAYS + 1 + j * WINDOW_DAYS // n) <= HISTORY_DAYS:
                offsets.append(off)
                j += 1
        r = rng(self.id, "news")
        placeholder = self.flag("news_placeholder_times")
        items = []
        central = t.get("level") == "central"
        subjects = _MINISTRY_SUBJECTS if central else _SUBJECTS
        # ministries' ids start high so they never meet the report's own item/page ids
        base = (5000 if central else 300) + r.randrange(900)
        total = len(offsets)
        for i, off in enumerate(offsets):
            if placeholder:
                hhmm = "11:00" if i % 3 else "16:00"
            else:
                hhmm = f"{r.randrange(9, 19):02d}:{r.randrange(60):02d}"
            title = f"{r.choice(subjects)} {r.choice(_EVENTS)}"
            body = (
                f"{title}. Tədbirdə yerli ictimaiyyətin nümayəndələri, idarə və təşkilatların "
                f"rəhbərləri iştirak ediblər. Qeyd olunub ki, görülən işlər davam etdiriləcək."
            )
            items.append(NewsItem(base + total - i, last - timedelta(days=off), hhmm, title, body))
        return sorted(items + self.extra_news, key=lambda x: (x.day, x.id), reverse=True)

    def news_item(self, item_id: int) -> NewsItem | None:
        return next((x for x in self.news if x.id == item_id), None)

    @cached_property
    def social(self) -> list[tuple[str, str]]:
        slug = self.id.replace("-", "") + ("ih" if self.t["level"] == "local" else "gov")
        nets = [n for n in self.t.get("social_networks", "").split(";") if n]
        return [(n, NETWORK_URLS[n].format(slug=slug)) for n in nets]

    @cached_property
    def services(self) -> list[str]:
        names = (
            "Arayışın verilməsi",
            "Vətəndaşların müraciətlərinin qəbulu",
            "Torpaq sahəsi barədə məlumat",
            "Ünvan arayışı",
            "Yaşayış yeri üzrə qeydiyyat",
            "Ailə tərkibi haqqında arayış",
            "Sosial müavinətin təyin edilməsi",
            "İcazə sənədlərinin verilməsi",
            "Lisenziya üçün müraciət",
            "Vəsiqənin dəyişdirilməsi",
            "Sənədlərin apostillə təsdiqi",
            "Onlayn növbə",
            "Məlumat sorğusu",
        )
        n = self.num("e_services_count")
        return [
            f"{names[i % len(names)]}" + (f" ({i // len(names) + 1})" if i >= len(names) else "")
            for i in range(n)
        ]

    @cached_property
    def council_events(self) -> list[Event]:
        n = self.num("council_events")
        if not n:
            return []
        last = date.fromisoformat(self.t["council_last_event"])
        if self.id == "justice":
            # "Sonuncu beş tədbir 2017-ci ilin noyabrında": five in November 2017
            days = [last - timedelta(days=5 * k) for k in range(5)]
            days += [date(2017, 6, 20) - timedelta(days=40 * k) for k in range(n - 5)]
        else:
            days = [last - timedelta(days=26 * k) for k in range(n)]
        kinds = (
            "İctimai şuranın növbəti iclası keçirilib",
            "Şura üzvləri ilə görüş",
            "İctimai dinləmə keçirilib",
            "İctimai şuranın iclası",
        )
        return [Event(d, kinds[i % len(kinds)]) for i, d in enumerate(days)]

    @cached_property
    def members(self) -> list[tuple[str, str]]:
        first = (
            "Elçin",
            "Aynur",
            "Rəşad",
            "Günel",
            "Tural",
            "Səbinə",
            "Vüqar",
            "Leyla",
            "Orxan",
            "Nərmin",
            "Kamran",
            "Ülviyyə",
            "Fuad",
            "Zərifə",
            "İlham",
            "Şəbnəm",
        )
        last = (
            "Məmmədov",
            "Əliyeva",
            "Hüseynov",
            "Quliyeva",
            "İsmayılov",
            "Həsənova",
            "Abbasov",
            "Rzayeva",
            "Nəsirov",
            "Cəfərova",
        )
        r = rng(self.id, "members")
        roles = ["Sədr", "Sədr müavini", "Katib"]
        out = []
        for i in range(self.num("council_members")):
            who = f"{r.choice(first)} {r.choice(last)}"
            out.append((who, roles[i] if i < len(roles) else "Üzv"))
        return out

    @cached_property
    def tenders(self) -> list[tuple[date, date, str]]:
        """(published, deadline, title) newest first; the deadline is later than publication,
        so a detector that takes the largest date on the page picks the wrong one."""
        n = self.num("procurement_items")
        if not n:
            return []
        last = date.fromisoformat(self.t["procurement_last_item"])
        subjects = (
            "dəftərxana ləvazimatlarının satın alınması",
            "yanacaq məhsullarının alınması",
            "binanın təmiri işləri",
            "kompüter avadanlığının alınması",
            "mebel dəstlərinin alınması",
            "nəqliyyat xidmətlərinin satın alınması",
            "təmizlik xidmətləri",
        )
        out = []
        for i in range(n):
            pub = last - timedelta(days=23 * i + (i % 2) * 5)
            out.append(
                (
                    pub,
                    pub + timedelta(days=21),
                    subjects[i % len(subjects)].capitalize() + " üzrə tender elanı",
                )
            )
        return out


def az_date(d: date) -> str:
    return f"{d.day:02d} {AZ_MONTHS[d.month - 1]} {d.year}"


def dmy(d: date) -> str:
    return d.strftime("%d.%m.%Y")


def robots_txt(t: dict) -> str:
    lines = ["User-agent: *"]
    disallow = [p for p in t.get("robots_disallow", "").split(";") if p]
    lines += [f"Disallow: {p}" for p in disallow] or ["Disallow:"]
    if t.get("crawl_delay"):
        lines.append(f"Crawl-delay: {t['crawl_delay']}")
    return "\n".join(lines) + "\n"


GIF = (
    b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00"
    b",\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"
)
