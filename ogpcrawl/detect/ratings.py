"""Commitment ratings on the OGP scale from a snapshot's contract fields.

The verdicts they build on (mobile version, council formed, own sections) are the judgement
layer's (detect/verdicts.py), the same the annex cells and the database use.

An unreachable site rates not_started on every commitment. Otherwise (first rule that holds):

2.4  mobile versions, social-media pages opened and kept active
     mobile = responsive is true, or (responsive is not false and viewport), or a mobile_url
     activity = the agency's most active account's social[].activity (verdicts.social_activity)
     complete     mobile and activity intense or active (several posts a week); or mobile, an
                  account, no account readable (activity unknown) and news cadence daily or
                  weekly (the site's own posting stands in for pages that cannot be read)
     substantial  mobile and an account whose activity is moderate, weak or unknown
     limited      mobile or >= 1 own social account (every account stopped: opened, not kept
                  active)
     not_started  neither
4.2.1  public councils formed, their members public
     complete     council status active and members >= 1
     substantial  status active or members
     limited      status announcement (election announced / commission ordered)
     not_started  anything else (absent, empty, legislation_only, off_topic, unknown)
4.2.2  the council's work reported in a website section
     complete     section, status active, last_event within 180 days of as_of
     substantial  section and status active (older events) or members
     limited      section (any other status, unknown included)
     not_started  no section
5.6  procurement information published on the site
     complete     section, items >= 1, last_item within 365 days of as_of
     substantial  section and items >= 1
     limited      section without items, or portal_links >= 1
     not_started  none of these
"""

from __future__ import annotations

from collections.abc import Mapping

from ogpcrawl.detect import verdicts as v
from ogpcrawl.detect.verdicts import COUNCIL_FRESH_DAYS, PROCUREMENT_FRESH_DAYS

__all__ = ["COUNCIL_FRESH_DAYS", "PROCUREMENT_FRESH_DAYS", "RULES", "rate"]


def rate_24(snapshot: Mapping) -> str:
    is_mobile = v.mobile_version(snapshot)
    has_social = v.has_social(snapshot)
    activity = v.social_activity(snapshot)
    cadence = v.part(snapshot, "news").get("cadence")
    if is_mobile and activity in ("intense", "active"):
        return "complete"
    if is_mobile and activity == "unknown" and cadence in ("daily", "weekly"):
        return "complete"
    if is_mobile and has_social and activity != "stopped":
        return "substantial"
    if is_mobile or has_social:
        return "limited"
    return "not_started"


def rate_421(snapshot: Mapping) -> str:
    council = v.part(snapshot, "council")
    status = council.get("status")
    members = council.get("members") or 0
    if status == "active" and members >= 1:
        return "complete"
    if v.council_formed(snapshot):
        return "substantial"
    if status == "announcement":
        return "limited"
    return "not_started"


def rate_422(snapshot: Mapping) -> str:
    if not v.council_section(snapshot):
        return "not_started"
    council = v.part(snapshot, "council")
    age = v.days_since(council.get("last_event"), v.as_of(snapshot))
    if council.get("status") == "active" and age is not None and age <= COUNCIL_FRESH_DAYS:
        return "complete"
    if v.council_formed(snapshot):
        return "substantial"
    return "limited"


def rate_56(snapshot: Mapping) -> str:
    proc = v.part(snapshot, "procurement")
    section = v.procurement_section(snapshot)
    items = proc.get("items") or 0
    age = v.days_since(proc.get("last_item"), v.as_of(snapshot))
    if section and items >= 1 and age is not None and age <= PROCUREMENT_FRESH_DAYS:
        return "complete"
    if section and items >= 1:
        return "substantial"
    if section or (proc.get("portal_links") or 0) >= 1:
        return "limited"
    return "not_started"


RULES = {"2.4": rate_24, "4.2.1": rate_421, "4.2.2": rate_422, "5.6": rate_56}


def rate(snapshot: Mapping) -> dict:
    """{"2.4": rating, "4.2.1": ..., "4.2.2": ..., "5.6": ...}; never raises."""
    if not isinstance(snapshot, Mapping) or not v.reachable(snapshot):
        return {c: "not_started" for c in RULES}
    out = {}
    for commitment, rule in RULES.items():
        try:
            out[commitment] = rule(snapshot)
        except Exception:  # a malformed field rates as nothing shown, not a crash
            out[commitment] = "not_started"
    return out
