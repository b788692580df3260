"""Annex cells from one snapshot: the 2018 report's wording, built from contract fields.

Each cell is a `Cell`: the verdict word ("Var", "Yoxdur", "İŞLƏMİR", "Naməlum"), the evidence URL
the word links to, and short details as text fragments (a fragment may carry a URL). HTML, CSV and
Markdown all print the same Cell, so the three formats cannot disagree. The rules are listed in
docs/report.md ("Cell rules").
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from ogpcrawl.report.safety import http_url, truncate

COLUMNS = ("2.4", "4.2.1", "4.2.2", "5.6")

# A site whose newest post is at least this many days older than as_of "stopped posting":
# the 2018 report observed mid-August and counted sites whose last item was in June or July.
STALE_DAYS = 14

NETWORK_NAMES = {
    "facebook": "Facebook",
    "instagram": "Instagram",
    "youtube": "YouTube",
    "twitter": "Twitter/X",
    "telegram": "Telegram",
    "linkedin": "LinkedIn",
    "flickr": "Flickr",
    "tiktok": "TikTok",
    "vk": "VK",
    "ok": "OK",
    "whatsapp": "WhatsApp",
    "other": "other",
}

FORMED_STATUSES = ("members", "active")


@dataclass(frozen=True)
class Fragment:
    text: str
    href: str | None = None  # set only for http(s) URLs (safety.http_url)
    after: str = ""  # punctuation printed after the text, outside the link


@dataclass(frozen=True)
class Cell:
    kind: str  # yes | no | unknown | down | note
    word: str
    href: str | None = None
    details: tuple[Fragment, ...] = ()

    def plain(self) -> str:
        """One line of text: the word and the details, URLs written out (CSV, Markdown)."""
        parts = [self.word] if self.word else []
        parts += [f.text + f.after for f in self.details if f.text]
        return " ".join(parts)


def url_fragment(url: object) -> Fragment:
    text = truncate(url)
    return Fragment(text, http_url(url))


def fmt_date(value: object, lang: str) -> str:
    """YYYY-MM-DD as the report writes it: DD.MM.YYYY in Azerbaijani, ISO in English."""
    if not isinstance(value, str):
        return ""
    try:
        d = date.fromisoformat(value[:10])
    except ValueError:
        return truncate(value, 20)
    return d.strftime("%d.%m.%Y") if lang == "az" else d.isoformat()


def _unknown(snapshot: Mapping, *findings: str) -> bool:
    unknown = snapshot.get("unknown") or ()
    return any(f in unknown for f in findings)


def _evidence(snapshot: Mapping, *findings: str) -> str | None:
    evidence = snapshot.get("evidence") or {}
    for f in findings:
        href = http_url(evidence.get(f))
        if href:
            return href
    return None


def _verdict(msg, kind: str, snapshot: Mapping, findings: tuple[str, ...], details=()) -> Cell:
    if kind == "yes":
        return Cell("yes", msg["yes"], _evidence(snapshot, *findings), tuple(details))
    if _unknown(snapshot, *findings):
        return Cell("unknown", msg["unknown"], None, (Fragment(f"({msg['unknown_detail']})"),))
    return Cell("no", msg["no"], None, tuple(details))


def cell_2_4(snapshot: Mapping, msg) -> Cell:
    """Mobile version and social-network accounts (the report: "Var FB, instaqramda var")."""
    mobile = snapshot.get("mobile") or {}
    has_mobile = bool(
        mobile.get("viewport") or mobile.get("mobile_url") or mobile.get("responsive")
    )
    social = [s for s in snapshot.get("social") or () if isinstance(s, Mapping)]
    if not has_mobile and not social:
        return _verdict(msg, "no", snapshot, ("mobile", "social"))
    details: list[Fragment] = []
    seen: set[str] = set()
    for account in social:
        network = account.get("network")
        name = NETWORK_NAMES.get(network, truncate(network, 30))
        if name in seen:
            continue
        seen.add(name)
        details.append(Fragment(name, http_url(account.get("url")), after=","))
    if details:  # the list reads "Facebook, Instagram" without a trailing comma
        details[-1] = Fragment(details[-1].text, details[-1].href)
    elif not _unknown(snapshot, "social"):
        details.append(Fragment(f"({msg['social_none']})"))
    if not has_mobile:
        details.append(Fragment(f"({msg['mobile_missing']})"))
    return _verdict(msg, "yes", snapshot, ("mobile", "social"), details)


def cell_4_2_1(snapshot: Mapping, msg, lang: str) -> Cell:
    """A formed council: its members are listed or its events are reported."""
    council = snapshot.get("council") or {}
    status = council.get("status")
    if status == "unknown":
        return Cell("unknown", msg["unknown"], None, (Fragment(f"({msg['unknown_detail']})"),))
    if status in FORMED_STATUSES:
        details = []
        if council.get("members"):
            details.append(Fragment(msg["members_n"].format(n=council["members"]) + "."))
        if council.get("events"):
            text = msg["events_n"].format(n=council["events"])
            if council.get("last_event"):
                text += ", " + msg["last_event"].format(date=fmt_date(council["last_event"], lang))
            details.append(Fragment(text + "."))
        return _verdict(msg, "yes", snapshot, ("council",), details)
    details = [Fragment(f"({msg['council_announcement']})")] if status == "announcement" else []
    return _verdict(msg, "no", snapshot, ("council",), details)


def cell_4_2_2(snapshot: Mapping, msg, lang: str) -> Cell:
    """The website's own "İctimai şura" section: where it is and what it holds."""
    council = snapshot.get("council") or {}
    if not council.get("section"):
        return _verdict(msg, "no", snapshot, ("council",))
    details = []
    if council.get("url"):
        details.append(url_fragment(council["url"]))
    status = council.get("status")
    if status and f"status_{status}" in msg:
        text = msg[f"status_{status}"]
        if status == "active" and council.get("events"):
            text += f" ({msg['events_n'].format(n=council['events'])})"
        details.append(Fragment(text + "."))
    return _verdict(msg, "yes", snapshot, ("council",), details)


def cell_5_6(snapshot: Mapping, msg, lang: str) -> Cell:
    """The site's own procurement section; links to the state portal alone are not one."""
    proc = snapshot.get("procurement") or {}
    if not proc.get("section"):
        details = []
        if proc.get("portal_links"):
            details.append(Fragment(f"({msg['portal_only'].format(n=proc['portal_links'])})"))
        return _verdict(msg, "no", snapshot, ("procurement",), details)
    details = []
    if proc.get("url"):
        details.append(url_fragment(proc["url"]))
    facts = []
    if proc.get("items") is not None:
        facts.append(msg["items_n"].format(n=proc["items"]))
    if proc.get("last_item"):
        facts.append(msg["last_item"].format(date=fmt_date(proc["last_item"], lang)))
    if facts:
        details.append(Fragment(", ".join(facts) + "."))
    return _verdict(msg, "yes", snapshot, ("procurement",), details)


def eservices_fragments(snapshot: Mapping, msg) -> list[Fragment]:
    es = snapshot.get("e_services") or {}
    if es.get("section") or es.get("services"):
        head = (
            msg["eservices_n"].format(n=es["services"])
            if es.get("services")
            else msg["eservices_section"]
        )
        out = [Fragment(head)]
        if es.get("url"):
            out.append(url_fragment(es["url"]))
        return out
    if _unknown(snapshot, "e_services"):
        return [Fragment(msg["eservices_unknown"])]
    if es.get("portal_links"):
        return [Fragment(msg["eservices_portal"].format(n=es["portal_links"]))]
    return [Fragment(msg["eservices_none"])]


def cadence_fragments(snapshot: Mapping, msg, lang: str) -> list[Fragment]:
    """The report's update-interval sentence: per month average, last item, and the stop."""
    news = snapshot.get("news") or {}
    if not news.get("last_date"):
        key = "cadence_unknown" if _unknown(snapshot, "news") else "cadence_none"
        return [Fragment(msg[key])]
    per_month = news.get("per_month")
    if per_month is None or per_month < 1:
        out = [Fragment(msg["cadence_rare"])]
    else:
        out = [Fragment(msg["cadence"].format(n=round(per_month)))]
    out.append(Fragment(msg["news_last"].format(date=fmt_date(news["last_date"], lang))))
    days = news.get("days_since_last")
    if isinstance(days, int) and days >= STALE_DAYS:
        out.append(Fragment(msg["news_stale"].format(as_of=fmt_date(snapshot.get("as_of"), lang))))
    return out


def notes_cell(snapshot: Mapping, msg, lang: str) -> Cell:
    return Cell(
        "note",
        "",
        None,
        tuple(eservices_fragments(snapshot, msg) + cadence_fragments(snapshot, msg, lang)),
    )


def down_notes(snapshot: Mapping, msg) -> Cell:
    error = snapshot.get("error") or "other"
    reason = msg.get(f"error_{error}", msg["error_other"])
    text = msg["down_note"].format(error=reason, url="").rstrip()
    return Cell("note", "", None, (Fragment(text), url_fragment(snapshot.get("start_url"))))


def annex_cells(snapshot: Mapping, msg, lang: str) -> dict[str, Cell]:
    """The four commitment cells and the notes, keyed "2.4" … "5.6", "notes"."""
    if not snapshot.get("reachable", True):
        down = Cell("down", msg["down"])
        return {**dict.fromkeys(COLUMNS, down), "notes": down_notes(snapshot, msg)}
    return {
        "2.4": cell_2_4(snapshot, msg),
        "4.2.1": cell_4_2_1(snapshot, msg, lang),
        "4.2.2": cell_4_2_2(snapshot, msg, lang),
        "5.6": cell_5_6(snapshot, msg, lang),
        "notes": notes_cell(snapshot, msg, lang),
    }
