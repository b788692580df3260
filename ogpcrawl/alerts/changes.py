"""Per-agency change alerts between a run and the previous finished run of its spider.

Kinds (Change.kind):

    went_down / came_back   the home page stopped / started loading (reachable)
    appeared                a section (council, procurement, e_services) is there now, was not
    vanished                a section was there and is now judged absent — see below
    unconfirmed             judged absent, but the absence could not be confirmed yet
    rating                  a commitment's rating changed (both runs loaded the site)
    quiet                   one of the agency's social accounts went quiet: posted before and
                            is `stopped` now (verdicts.account_change decides, the same rule the
                            database stores for v_changes; a snapshot without social[].activity
                            yields no such alert)

No false "vanished" (the classic false alarm of change detectors is a page that merely failed to
load read as a page that disappeared). A section counts as vanished only when:

1. both runs loaded the site (a site that went down is `went_down`, nothing else);
2. the new snapshot judged the section absent: `section` false AND the finding is not in the
   snapshot's `unknown` list (a section page that failed to load keeps `section` true and is
   listed in `unknown`; a failed home page lists mobile/social/search_box, so nothing on that
   site is judged);
3. the absence is confirmed, by the first of:
   a. a re-check within the run: right after the run the alert step fetches the home page again
      and finds no link to the section (the same rule the crawl uses,
      detect.navigation.discover_sections), and the page where the previous run found the
      section is gone or no longer that section (recheck.py). The outcome is kept with the run
      (runs.summary "alerts"), so every later digest of the run says the same;
   b. the next run: when the re-check could not decide (the home page did not load again, or
      the site is rendered by a browser), the change is `unconfirmed` in this run's digest and
      becomes `vanished` in the next run's digest if that run judges the section absent again.
   A re-check that finds the section linked again reports nothing (a transient absence).
4. digest.py holds back every "vanished" of a run whose health says a section vanished on many
   sites at once (a crawler fault's signature): they read "unconfirmed"; the next run decides.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass
from typing import Any

from ogpcrawl.detect import verdicts
from ogpcrawl.vocab import COMMITMENTS

# Snapshot field -> the name discover_sections uses for it.
SECTIONS = {"council": "council", "procurement": "procurement", "e_services": "eservices"}
# Re-check outcomes: the section's link is there again / still absent / could not be told.
PRESENT, ABSENT, UNDECIDED = "present", "absent", "undecided"
KINDS = ("went_down", "came_back", "appeared", "vanished", "unconfirmed", "rating", "quiet")


@dataclass(frozen=True)
class Change:
    agency_id: str
    name: str
    level: str
    kind: str  # one of KINDS
    what: str = ""  # the section, commitment or account URL; "" for reachability
    before: str | None = None
    after: str | None = None
    evidence_before: str | None = None  # URL that decided the earlier finding
    evidence_after: str | None = None
    note: str = ""  # e.g. "confirmed by a re-check", "confirmed by the next run"

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _section(snap: Mapping[str, Any], field: str) -> bool | None:
    # None: the snapshot has no such part (no change can be told), unlike verdicts' False
    return verdicts.part(snap, field).get("section")


def judged_absent(snap: Mapping[str, Any], field: str) -> bool:
    """The snapshot looked and found no such section (not: could not look): the judgement
    layer's "unknown" (verdicts.unknown), and "mobile" listed means the home page failed."""
    return (
        bool(snap.get("reachable"))
        and _section(snap, field) is False
        and not verdicts.unknown(snap, field, "mobile")
    )


def _evidence(snap: Mapping[str, Any], field: str) -> str | None:
    part = snap.get(field)
    url = part.get("url") if isinstance(part, Mapping) else None
    return url or (snap.get("evidence") or {}).get(field) or snap.get("final_url")


def vanish_candidates(prev: Mapping[str, Any], cur: Mapping[str, Any]) -> list[str]:
    """Sections present in `prev` and judged absent in `cur` (both loaded)."""
    if not (prev.get("reachable") and cur.get("reachable")):
        return []
    return [f for f in SECTIONS if _section(prev, f) is True and judged_absent(cur, f)]


def compare(
    prev: Mapping[str, Any],
    cur: Mapping[str, Any],
    *,
    rechecks: Mapping[str, str] | None = None,
    before_prev: Mapping[str, Any] | None = None,
    prev_rechecks: Mapping[str, str] | None = None,
) -> list[Change]:
    """The changes of one agency from `prev` to `cur` (snapshot dicts).

    rechecks: section field -> PRESENT/ABSENT/UNDECIDED, this run's re-check of its candidates.
    before_prev, prev_rechecks: the snapshot before `prev` and `prev`'s re-checks, so an absence
    left unconfirmed by the previous digest is confirmed (or not) by this run.
    """
    base = {
        "agency_id": cur["agency_id"],
        "name": cur.get("name") or cur["agency_id"],
        "level": cur.get("level") or "",
    }
    out: list[Change] = []
    was, now = bool(prev.get("reachable")), bool(cur.get("reachable"))
    if was != now:
        out.append(
            Change(
                **base,
                kind="came_back" if now else "went_down",
                before=prev.get("error"),
                after=cur.get("error"),
                evidence_before=prev.get("final_url") or prev.get("start_url"),
                evidence_after=cur.get("final_url") or cur.get("start_url"),
            )
        )
    if not (was and now):
        return out
    rechecks = rechecks or {}
    for field in SECTIONS:
        before, after = _section(prev, field), _section(cur, field)
        ev = {"evidence_before": _evidence(prev, field), "evidence_after": _evidence(cur, field)}
        if before is False and after is True:
            # prev's absence may itself have been unconfirmed: then nothing vanished, nothing
            # appeared; a section that came back after an unconfirmed absence is no news.
            if not (
                before_prev is not None
                and _section(before_prev, field) is True
                and (prev_rechecks or {}).get(field) != ABSENT
            ):
                out.append(Change(**base, kind="appeared", what=field, **ev))
        elif before is True and judged_absent(cur, field):
            verdict = rechecks.get(field, UNDECIDED)
            if verdict == ABSENT:
                out.append(Change(**base, kind="vanished", what=field, note="recheck", **ev))
            elif verdict == UNDECIDED:
                out.append(Change(**base, kind="unconfirmed", what=field, **ev))
        elif (
            before_prev is not None
            and _section(before_prev, field) is True
            and judged_absent(prev, field)
            and judged_absent(cur, field)
            and (prev_rechecks or {}).get(field, UNDECIDED) == UNDECIDED
        ):
            # Left unconfirmed by the previous digest; absent again now: confirmed.
            out.append(
                Change(
                    **base,
                    kind="vanished",
                    what=field,
                    note="next_run",
                    evidence_before=_evidence(before_prev, field),
                    evidence_after=_evidence(cur, field),
                )
            )
    prev_r, cur_r = prev.get("ratings") or {}, cur.get("ratings") or {}
    for c in COMMITMENTS:
        if prev_r.get(c) != cur_r.get(c):
            out.append(
                Change(**base, kind="rating", what=c, before=prev_r.get(c), after=cur_r.get(c))
            )
    out += went_quiet(prev, cur, base)
    return out


def went_quiet(
    prev: Mapping[str, Any], cur: Mapping[str, Any], base: Mapping[str, str]
) -> list[Change]:
    """Accounts (matched by URL) that went quiet from `prev` to `cur`: the judgement layer's
    verdicts.account_changes decides, the same answer the database stores for v_changes."""
    before = {str(a.get("url")): a for a in verdicts.social_accounts(prev)}
    after = {str(a.get("url")): a for a in verdicts.social_accounts(cur)}
    out = []
    for url, change in sorted(verdicts.account_changes(prev, cur).items()):
        if change != "went_quiet":
            continue
        acc = after[url]
        out.append(
            Change(
                **base,
                kind="quiet",
                what=url,
                before=before[url].get("activity"),
                after=acc.get("activity"),
                evidence_before=url,
                evidence_after=url,
                note=f"last post {acc.get('last_post')}" if acc.get("last_post") else "",
            )
        )
    return out


def run_changes(
    prev_snaps: list[Mapping[str, Any]],
    cur_snaps: list[Mapping[str, Any]],
    *,
    rechecks: Mapping[str, Mapping[str, str]] | None = None,
    before_prev_snaps: list[Mapping[str, Any]] | None = None,
    prev_rechecks: Mapping[str, Mapping[str, str]] | None = None,
) -> list[Change]:
    """Every change between two runs, agency by agency in `cur_snaps` order. Agencies in only
    one of the runs are not compared (a new or dropped agency is not a change of its site)."""
    prev = {s["agency_id"]: s for s in prev_snaps}
    older = {s["agency_id"]: s for s in before_prev_snaps or ()}
    out: list[Change] = []
    for snap in cur_snaps:
        aid = snap["agency_id"]
        if aid in prev:
            out += compare(
                prev[aid],
                snap,
                rechecks=(rechecks or {}).get(aid),
                before_prev=older.get(aid),
                prev_rechecks=(prev_rechecks or {}).get(aid),
            )
    return out


# recheck(current snapshot, [section fields], previous snapshot) -> {field: PRESENT/ABSENT/...}
Recheck = Callable[[Mapping[str, Any], list[str], Mapping[str, Any]], Mapping[str, str]]


def recheck_candidates(prev_snaps, cur_snaps, recheck: Recheck) -> dict[str, dict[str, str]]:
    """Run `recheck(snapshot, [section fields], previous)` for every agency with vanish
    candidates (recheck.HomeRecheck)."""
    prev = {s["agency_id"]: s for s in prev_snaps}
    out: dict[str, dict[str, str]] = {}
    for snap in cur_snaps:
        fields = (
            vanish_candidates(prev[snap["agency_id"]], snap) if snap["agency_id"] in prev else []
        )
        if fields:
            found = recheck(snap, fields, prev[snap["agency_id"]])
            out[snap["agency_id"]] = {f: found.get(f, UNDECIDED) for f in fields}
    return out
