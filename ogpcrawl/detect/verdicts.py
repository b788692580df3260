"""The judgement layer: every verdict drawn from a snapshot's contract fields, written once.

The ratings (detect/ratings.py), the annex cells (report/cells.py), the summary's counts
(report/summary.py), the progress report (through the ratings) and the database (the verdict
columns the snapshot writer fills, which the analyst views read) all ask these functions, so the
published annex and the analysts' database cannot say different things about one site. The
rules are stated in docs/detection.md ("Verdicts"); thresholds come from the indicator specs
(ogpcrawl/specs/indicators/*.toml).

Pure: a snapshot mapping in, a bool / str out; no settings, no clock (as_of is in the snapshot).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from ogpcrawl import specs, vocab

_SPECS = specs.active()
# 4.2.2 complete: the latest council event at most this many days before as_of.
COUNCIL_FRESH_DAYS = int(_SPECS["council"].threshold("fresh_days"))
# 5.6 complete: the newest procurement item at most this many days before as_of.
PROCUREMENT_FRESH_DAYS = int(_SPECS["procurement"].threshold("fresh_days"))
# A site whose newest post is at least this many days older than as_of "stopped posting".
STALE_DAYS = int(_SPECS["news"].threshold("stale_days"))
# The summary's "good publishing frequency" (about daily).
FREQUENT_PER_MONTH = _SPECS["news"].threshold("frequent_per_month")

# Council statuses that mean the council exists: members are listed or its work is reported.
# "announcement" (an election announced, a commission ordered) is not a formed council.
FORMED_STATUSES = ("members", "active")

# The annex's four commitment columns and the verdict kinds a cell can show.
COLUMNS = vocab.COMMITMENTS
CELL_KINDS = vocab.CELL_KINDS


def part(snapshot: Mapping, key: str) -> Mapping:
    value = snapshot.get(key) if isinstance(snapshot, Mapping) else None
    return value if isinstance(value, Mapping) else {}


def unknown(snapshot: Mapping, *findings: str) -> bool:
    """A finding could not be judged (its page failed): the contract's `unknown` list."""
    listed = snapshot.get("unknown") or ()
    return any(f in listed for f in findings)


def days_since(value, as_of: date | None) -> int | None:
    if not value or as_of is None:
        return None
    try:
        return (as_of - date.fromisoformat(str(value)[:10])).days
    except ValueError:
        return None


def as_of(snapshot: Mapping) -> date | None:
    try:
        return date.fromisoformat(str(snapshot.get("as_of"))[:10])
    except ValueError:
        return None


# --- verdicts ----------------------------------------------------------------------------------


def reachable(snapshot: Mapping) -> bool:
    """The site loaded (a snapshot without the field is taken as reachable)."""
    return bool(snapshot.get("reachable", True))


def mobile_version(snapshot: Mapping) -> bool:
    """A mobile version: the phone check passed, or it did not fail and the viewport is right,
    or the site links a mobile site. A viewport whose page does not fit a phone is not one."""
    mobile = part(snapshot, "mobile")
    responsive = mobile.get("responsive")
    return (
        responsive is True
        or (responsive is not False and bool(mobile.get("viewport")))
        or bool(mobile.get("mobile_url"))
    )


def social_accounts(snapshot: Mapping) -> list[Mapping]:
    """The agency's own social-network accounts (well-formed entries only)."""
    social = snapshot.get("social")
    if not isinstance(social, list):
        return []
    return [a for a in social if isinstance(a, Mapping)]


def has_social(snapshot: Mapping) -> bool:
    return bool(social_accounts(snapshot))


def networks(snapshot: Mapping) -> set[str]:
    return {a.get("network") for a in social_accounts(snapshot)}


# The report's 2.4 table: "aktiv istifadə edən (həftədə bir neçə xəbər)" is the contract's
# intense or active (>= 2 posts a week); "orta aktivlikdə (ayda bir neçə xəbər)" is moderate.
SOCIAL_GROUPS = {"intense": "active", "active": "active", "moderate": "medium"}


def social_activity(snapshot: Mapping) -> str | None:
    """The agency's activity on social networks: its most active account's (social[].activity,
    judged by detect/activity.py); `unknown` when no account could be read, None without one."""
    from ogpcrawl.detect.activity import agency_activity

    return agency_activity(social_accounts(snapshot))


def social_group(snapshot: Mapping) -> str | None:
    """The report's 2.4 table group: "active" (several posts a week), "medium" (several a
    month), or None (weaker, stopped, unknown, no account)."""
    return SOCIAL_GROUPS.get(social_activity(snapshot) or "")


# social[].activity from most to least active ("unknown" is not on the scale: no judgement).
ACTIVITY_SCALE = tuple(a for a in vocab.ACTIVITIES if a != "unknown")
# An account whose activity is one of these does not post any more ("went quiet" into it).
QUIET_ACTIVITIES = ("stopped",)
ACCOUNT_CHANGES = vocab.ACCOUNT_CHANGES


def account_change(before: str | None, after: str | None) -> str | None:
    """One account (the same URL) between two runs: "went_quiet" when it posted before (an
    activity on the scale above QUIET_ACTIVITIES) and is quiet now, "resumed" the reverse,
    None otherwise (an unknown or missing activity on either side decides nothing)."""
    if before not in ACTIVITY_SCALE or after not in ACTIVITY_SCALE:
        return None
    was_quiet, is_quiet = before in QUIET_ACTIVITIES, after in QUIET_ACTIVITIES
    if is_quiet and not was_quiet:
        return "went_quiet"
    if was_quiet and not is_quiet:
        return "resumed"
    return None


def account_changes(previous: Mapping | None, snapshot: Mapping) -> dict[str, str]:
    """{account url: account_change} for the accounts of `snapshot` that changed since
    `previous` (the same agency's snapshot in the run before). The alerts (alerts/changes.py)
    and the database (social_accounts.change, which v_changes reads) both take it from here."""
    if not previous:
        return {}
    before = {a.get("url"): a.get("activity") for a in social_accounts(previous) if a.get("url")}
    out = {}
    for account in social_accounts(snapshot):
        url = account.get("url")
        if url in before:
            change = account_change(before[url], account.get("activity"))
            if change:
                out[str(url)] = change
    return out


def council_formed(snapshot: Mapping) -> bool:
    """The public council exists: its members are listed or its work is reported."""
    return part(snapshot, "council").get("status") in FORMED_STATUSES


def council_section(snapshot: Mapping) -> bool:
    """The site has its own public-council section."""
    return bool(part(snapshot, "council").get("section"))


def procurement_section(snapshot: Mapping) -> bool:
    """The site has its own procurement section (portal links alone are not one)."""
    return bool(part(snapshot, "procurement").get("section"))


def eservices_present(snapshot: Mapping) -> bool:
    es = part(snapshot, "e_services")
    return bool(es.get("section")) or bool(es.get("services"))


def news_days(snapshot: Mapping) -> int | None:
    d = part(snapshot, "news").get("days_since_last")
    return d if isinstance(d, int) and not isinstance(d, bool) else None


def news_stale(snapshot: Mapping) -> bool:
    """The newest post is at least STALE_DAYS older than as_of (the site stopped posting)."""
    d = news_days(snapshot)
    return d is not None and d >= STALE_DAYS


def news_frequent(snapshot: Mapping) -> bool:
    """About daily posting (FREQUENT_PER_MONTH a month or more), and not stopped."""
    news = part(snapshot, "news")
    return (
        (news.get("per_month") or 0) >= FREQUENT_PER_MONTH
        and (news_days(snapshot) or 0) < STALE_DAYS
        and bool(news.get("last_date"))
    )


def news_found(snapshot: Mapping) -> bool:
    return bool(part(snapshot, "news").get("last_date"))


# --- the annex cells' verdicts -----------------------------------------------------------------


def _yes_no(snapshot: Mapping, yes: bool, *findings: str) -> str:
    if yes:
        return "yes"
    return "unknown" if unknown(snapshot, *findings) else "no"


def cell_kind(snapshot: Mapping, column: str) -> str:
    """The verdict an annex cell shows: yes ("Var"), no ("Yoxdur"), unknown ("Naməlum"), down.

    2.4    yes: a mobile version or at least one own social account
    4.2.1  yes: the council is formed; unknown: its status could not be judged
    4.2.2  yes: the site has its own council section
    5.6    yes: the site has its own procurement section
    A "no" becomes "unknown" when the finding's page failed to load (the contract's `unknown`).
    """
    if not reachable(snapshot):
        return "down"
    if column == "2.4":
        return _yes_no(
            snapshot, mobile_version(snapshot) or has_social(snapshot), "mobile", "social"
        )
    if column == "4.2.1":
        if part(snapshot, "council").get("status") == "unknown":
            return "unknown"
        return _yes_no(snapshot, council_formed(snapshot), "council")
    if column == "4.2.2":
        return _yes_no(snapshot, council_section(snapshot), "council")
    if column == "5.6":
        return _yes_no(snapshot, procurement_section(snapshot), "procurement")
    raise KeyError(f"no annex column {column!r} (columns: {', '.join(COLUMNS)})")


def cell_kinds(snapshot: Mapping) -> dict[str, str]:
    return {c: cell_kind(snapshot, c) for c in COLUMNS}


# Verdicts the database stores beside the cells (snapshots columns of the same names), so the
# analyst views read them instead of re-deriving a rule in SQL.
STORED = {
    "mobile_version": mobile_version,
    "council_formed": council_formed,
    "news_stale": news_stale,
    "eservices_present": eservices_present,
}


def stored_verdicts(snapshot: Mapping) -> dict[str, bool | None]:
    """{column: verdict} for the snapshots row; None for a site that did not load."""
    if not reachable(snapshot):
        return dict.fromkeys(STORED)
    return {name: bool(fn(snapshot)) for name, fn in STORED.items()}
