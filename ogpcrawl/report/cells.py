"""Annex cells from one snapshot: the 2018 report's wording, built from contract fields.

Each cell is a `Cell`: the verdict word ("Var", "Yoxdur", "İŞLƏMİR", "Naməlum"), the evidence URL
the word links to, and short details as text fragments (a fragment may carry a URL). HTML, CSV and
Markdown all print the same Cell, so the three formats cannot disagree. Which word a cell shows
is the judgement layer's verdict (detect/verdicts.py `cell_kind`, the one the database stores);
this module only words it. The rules are listed in docs/report.md ("Cell rules").
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from ogpcrawl.detect import verdicts
from ogpcrawl.detect.verdicts import COLUMNS, FORMED_STATUSES, STALE_DAYS
from ogpcrawl.report.safety import http_url, truncate

__all__ = ["COLUMNS", "FORMED_STATUSES", "STALE_DAYS", "Cell", "Fragment", "annex_cells"]

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


@dataclass(frozen=True)
class Fragment:
    text: str
    href: str | None = None  # set only for http(s) URLs (safety.http_url)
    after: str = ""  # punctuation printed after the text, outside the link
    before: str = ""  # e.g. an opening bracket, outside the link


@dataclass(frozen=True)
class Cell:
    kind: str  # yes | no | unknown | down | note
    word: str
    href: str | None = None
    details: tuple[Fragment, ...] = ()

    def plain(self) -> str:
        """One line of text: the word and the details, URLs written out (CSV, Markdown)."""
        parts = [self.word] if self.word else []
        parts += [f.before + f.text + f.after for f in self.details if f.text]
        return " ".join(parts)


def url_fragment(url: object, before: str = "", after: str = "") -> Fragment:
    text = truncate(url)
    return Fragment(text, http_url(url), after=after, before=before)


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
    return verdicts.unknown(snapshot, *findings)


def _evidence(snapshot: Mapping, *findings: str) -> str | None:
    evidence = snapshot.get("evidence") or {}
    for f in findings:
        href = http_url(evidence.get(f))
        if href:
            return href
    return None


def _cell(msg, kind: str, snapshot: Mapping, findings: tuple[str, ...], details=()) -> Cell:
    """The cell for a verdict kind (verdicts.cell_kind), with the details a yes or no carries."""
    if kind == "yes":
        return Cell("yes", msg["yes"], _evidence(snapshot, *findings), tuple(details))
    if kind == "unknown":
        return Cell("unknown", msg["unknown"], None, (Fragment(f"({msg['unknown_detail']})"),))
    return Cell("no", msg["no"], None, tuple(details))


def activity_text(account: Mapping, msg, lang: str) -> str:
    """How active one account is, as the 2018 annex says it ("paylaşımlar aktivdir, son paylaşım
    19.08.2018", "paylaşımlar may ayından dayanıb")."""
    act = account.get("activity")
    last = account.get("last_post")
    if act not in ("intense", "active", "moderate", "weak", "stopped"):
        return msg["activity_unknown"]
    if act == "stopped":
        if not last:
            return msg["activity_never"]
        try:
            month = msg["month_names"].split()[date.fromisoformat(str(last)[:10]).month - 1]
        except ValueError:
            return msg["activity_unknown"]
        return msg["activity_stopped"].format(month=month)
    text = msg[f"activity_{act}"]
    if last:
        text += ", " + msg["last_post"].format(date=fmt_date(last, lang))
    return text


def cell_2_4(snapshot: Mapping, msg, lang: str = "az") -> Cell:
    """Mobile version and social-network accounts (the report: "Var FB, instaqramda var")."""
    kind = verdicts.cell_kind(snapshot, "2.4")
    if kind != "yes":
        return _cell(msg, kind, snapshot, ("mobile", "social"))
    details: list[Fragment] = []
    seen: set[str] = set()
    for account in verdicts.social_accounts(snapshot):
        network = account.get("network")
        name = NETWORK_NAMES.get(network, truncate(network, 30))
        if (name, account.get("url")) in seen:
            continue
        seen.add((name, account.get("url")))
        if "activity" not in account:  # a snapshot from before activity was judged
            details.append(Fragment(name, http_url(account.get("url")), after=","))
            continue
        details.append(Fragment(name, http_url(account.get("url")), after=":"))
        details.append(Fragment(activity_text(account, msg, lang), after=";"))
    if details:  # "Facebook, Instagram" / "Facebook: ...; YouTube: ..." without a trailing mark
        last = details[-1]
        details[-1] = Fragment(last.text, last.href, after="." if last.after == ";" else "")
    elif not _unknown(snapshot, "social"):
        details.append(Fragment(f"({msg['social_none']})"))
    if not verdicts.mobile_version(snapshot):
        details.append(Fragment(f"({msg['mobile_missing']})"))
    return _cell(msg, "yes", snapshot, ("mobile", "social"), details)


def cell_4_2_1(snapshot: Mapping, msg, lang: str) -> Cell:
    """A formed council: its members are listed or its events are reported."""
    council = snapshot.get("council") or {}
    kind = verdicts.cell_kind(snapshot, "4.2.1")
    if kind == "yes":
        details = []
        if council.get("members"):
            details.append(Fragment(msg["members_n"].format(n=council["members"]) + "."))
        if council.get("events"):
            text = msg["council_events"].format(n=council["events"])
            if council.get("last_event"):
                text += ", " + msg["last_event"].format(date=fmt_date(council["last_event"], lang))
            details.append(Fragment(text + "."))
        return _cell(msg, kind, snapshot, ("council",), details)
    announced = council.get("status") == "announcement"
    details = [Fragment(f"({msg['council_announcement']})")] if announced else []
    return _cell(msg, kind, snapshot, ("council",), details)


def cell_4_2_2(snapshot: Mapping, msg, lang: str) -> Cell:
    """The website's own "İctimai şura" section: where it is and what it holds."""
    council = snapshot.get("council") or {}
    kind = verdicts.cell_kind(snapshot, "4.2.2")
    if kind != "yes":
        return _cell(msg, kind, snapshot, ("council",))
    details = []
    if council.get("url"):
        details.append(url_fragment(council["url"]))
    status = council.get("status")
    if status and f"status_{status}" in msg:
        text = msg[f"status_{status}"]
        if status == "active" and council.get("events"):
            text += f" ({msg['events_n'].format(n=council['events'])})"
        details.append(Fragment(text + "."))
    return _cell(msg, kind, snapshot, ("council",), details)


def cell_5_6(snapshot: Mapping, msg, lang: str) -> Cell:
    """The site's own procurement section; links to the state portal alone are not one."""
    proc = snapshot.get("procurement") or {}
    kind = verdicts.cell_kind(snapshot, "5.6")
    if kind != "yes":
        details = []
        if proc.get("portal_links"):
            details.append(Fragment(f"({msg['portal_only'].format(n=proc['portal_links'])})"))
        return _cell(msg, kind, snapshot, ("procurement",), details)
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
    return _cell(msg, kind, snapshot, ("procurement",), details)


def eservices_fragments(snapshot: Mapping, msg) -> list[Fragment]:
    es = snapshot.get("e_services") or {}
    if verdicts.eservices_present(snapshot):
        head = (
            msg["eservices_n"].format(n=es["services"])
            if es.get("services")
            else msg["eservices_section"]
        )
        if es.get("url"):  # "... göstərilir (http://...)."
            return [Fragment(head), url_fragment(es["url"], before="(", after=").")]
        return [Fragment(head + ".")]
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
    if verdicts.news_stale(snapshot):
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
    text = msg["down_note"].format(error=reason)
    return Cell(
        "note", "", None, (Fragment(text), url_fragment(snapshot.get("start_url"), after="."))
    )


def annex_cells(snapshot: Mapping, msg, lang: str) -> dict[str, Cell]:
    """The four commitment cells and the notes, keyed "2.4" … "5.6", "notes"."""
    if not verdicts.reachable(snapshot):
        down = Cell("down", msg["down"])
        return {**dict.fromkeys(COLUMNS, down), "notes": down_notes(snapshot, msg)}
    return {
        "2.4": cell_2_4(snapshot, msg, lang),
        "4.2.1": cell_4_2_1(snapshot, msg, lang),
        "4.2.2": cell_4_2_2(snapshot, msg, lang),
        "5.6": cell_5_6(snapshot, msg, lang),
        "notes": notes_cell(snapshot, msg, lang),
    }
