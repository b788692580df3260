"""All findings of one site: every detector run on the fetched pages, each isolated from the others.

A detector that raises does not sink the rest: its finding falls back to the empty default and
the error is recorded in evidence_detail with rule "<finding>.error" (GSA's runScan habit).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from ogpcrawl import vocab
from ogpcrawl.detect.activity import AccountReading, judge_account
from ogpcrawl.detect.council import CouncilFinding, detect_council
from ogpcrawl.detect.eservices import EServicesFinding, detect_eservices
from ogpcrawl.detect.mobile import MobileFinding, detect_mobile
from ogpcrawl.detect.navigation import discover_sections
from ogpcrawl.detect.news import NewsFinding, detect_news
from ogpcrawl.detect.page import Evidence, FailedPage, Page
from ogpcrawl.detect.procurement import ProcurementFinding, detect_procurement
from ogpcrawl.detect.search import (
    SearchFinding,
    SearchForm,
    SearchWorksFinding,
    detect_search,
    judge_search,
)
from ogpcrawl.detect.social import SocialFinding, detect_social
from ogpcrawl.detect.text import clean_space


@dataclass(frozen=True)
class SiteFindings:
    mobile: MobileFinding = MobileFinding()
    social: SocialFinding = SocialFinding()
    activity: tuple[AccountReading, ...] = ()  # parallel to social.accounts
    search: SearchFinding = SearchFinding(False)
    search_works: SearchWorksFinding = SearchWorksFinding()
    council: CouncilFinding = CouncilFinding()
    procurement: ProcurementFinding = ProcurementFinding()
    e_services: EServicesFinding = EServicesFinding()
    news: NewsFinding = NewsFinding()
    evidence: dict[str, str] = field(default_factory=dict)
    unknown: tuple[str, ...] = ()
    errors: tuple[Evidence, ...] = ()

    def evidence_detail(self) -> list[dict]:
        items: list[Evidence] = []
        for finding in (self.mobile, self.social, self.search, self.search_works, self.council,
                        self.procurement, self.e_services, self.news):  # fmt: skip
            items.extend(finding.evidence)
        for reading in self.activity:
            items.extend(reading.evidence)
        items.extend(self.errors)
        return [e.to_dict() for e in items]

    def social_contract(self) -> list[dict]:
        out = []
        for i, account in enumerate(self.social.accounts):
            act = (
                self.activity[i].activity.to_contract()
                if i < len(self.activity)
                else {"activity": "unknown", "last_post": None, "posts_90d": None}
            )
            out.append({**account.to_dict(), **act})
        return out

    def to_contract(self) -> dict:
        return {
            "mobile": self.mobile.to_contract(),
            "social": self.social_contract(),
            "search_box": self.search.search_box,
            "search_works": self.search_works.works,
            "council": self.council.to_contract(),
            "procurement": self.procurement.to_contract(),
            "e_services": self.e_services.to_contract(),
            "news": self.news.to_contract(),
            "evidence": dict(self.evidence),
            "unknown": list(self.unknown),
            "evidence_detail": self.evidence_detail(),
        }


def _page(p) -> Page | None:
    if isinstance(p, Page):
        return p
    if isinstance(p, Mapping) and p.get("url"):
        try:
            return Page.from_dict(p)
        except (TypeError, ValueError):
            return None
    return None


def _failed(f) -> FailedPage | None:
    if isinstance(f, FailedPage):
        return f
    if isinstance(f, Mapping) and f.get("url"):
        return FailedPage(
            str(f["url"]), str(f.get("error") or "other"), str(f.get("role") or "other")
        )
    return None


def _search_works(
    search: SearchFinding,
    check: Mapping | None,
    pages: Sequence[Page],
    failed: Sequence[FailedPage],
    home: Page | None,
) -> SearchWorksFinding:
    """search_works from the spider's record of what it sent (form, query) and the answers."""
    form = search.form
    if check and isinstance(check.get("form"), Mapping):
        f = check["form"]
        form = SearchForm(
            str(f.get("action") or ""),
            str(f.get("method") or "GET"),
            str(f.get("param") or "q"),
            tuple((str(k), str(v)) for k, v in (f.get("hidden") or ())),
        )
    query = (check or {}).get("query")

    def first(role: str) -> Page | None:
        return next((p for p in pages if p.role == role), None)

    return judge_search(
        first("search_check"),
        query=query,
        form=form,
        control=first("search_control"),
        home=home,
        failed=next((f for f in failed if f.role == "search_check"), None),
    )


def judge_accounts(
    social: SocialFinding, views: Mapping, *, as_of: date
) -> tuple[AccountReading, ...]:
    """Each account's activity from the public views the spider fetched for it (keyed by the
    account's url; an account with no entry was not read)."""
    return tuple(
        judge_account(a.network, a.url, list(views.get(a.url) or ()), as_of=as_of)
        for a in social.accounts
    )


def detect_site(
    pages: Sequence[Page | Mapping],
    *,
    as_of: date,
    failed: Sequence[FailedPage | Mapping] = (),
    search_check: Mapping | None = None,
    social_views: Mapping | None = None,
    news_window_days: int = vocab.NEWS_WINDOW_DAYS,
) -> SiteFindings:
    """Findings of one site from its fetched pages (Page records or Page.to_dict() dicts).

    search_check: what the spider sent for search_works ({form, query, control}), if anything.
    social_views: the public views of its social accounts ({account url: [{url, status, text,
    error}]}), as the spider fetched them.
    news_window_days: the days before the last post that posts a month are counted over (the
    run's OGP_NEWS_WINDOW_DAYS, the same window the spider pages the news back through)."""
    pages = [p for p in (_page(x) for x in (pages or ())) if p is not None]
    failed = [f for f in (_failed(x) for x in (failed or ())) if f is not None]
    home = next((p for p in pages if p.role == "home"), None)
    others = [p for p in pages if p is not home]
    errors: list[Evidence] = []

    def run(name: str, default, detector, *args, **kwargs):
        try:
            return detector(*args, **kwargs)
        except Exception as exc:  # isolate: one broken detector must not sink the snapshot
            snippet = clean_space(f"{type(exc).__name__}: {exc}", 200)
            errors.append(Evidence(name, None, f"{name}.error", snippet))
            return default

    sections = run("navigation", {}, discover_sections, home) if home else {}
    home_first = [home, *others] if home else others
    mobile = run("mobile", MobileFinding(), detect_mobile, home)
    social = run("social", SocialFinding(), detect_social, home_first)
    activity = run("social_activity", (), judge_accounts, social, social_views or {}, as_of=as_of)
    search = run("search_box", SearchFinding(False), detect_search, home)
    search_works = run(
        "search_works",
        SearchWorksFinding(),
        _search_works,
        search,
        search_check,
        pages,
        failed,
        home,
    )
    council = run("council", CouncilFinding(), detect_council, pages, as_of=as_of, failed=failed,
                  section_links=sections.get("council", []))  # fmt: skip
    procurement = run("procurement", ProcurementFinding(), detect_procurement, home_first,
                      as_of=as_of, failed=failed,
                      section_links=sections.get("procurement", []))  # fmt: skip
    e_services = run("e_services", EServicesFinding(), detect_eservices, home_first, failed=failed,
                     section_links=sections.get("eservices", []))  # fmt: skip
    news = run("news", NewsFinding(), detect_news, pages, as_of=as_of, window_days=news_window_days)

    home_url = home.url if home else None
    evidence = {
        "mobile": home_url,
        "social": next((e.url for e in social.evidence if e.rule != "social.rejected"), home_url),
        "search_box": home_url,
        "search_works": search_works.url,
        "council": council.url,
        "procurement": procurement.url,
        "e_services": e_services.url,
        "news": news.url,
    }
    unknown = []
    home_failed = home is None and any(f.role == "home" for f in failed)
    if home_failed:
        unknown += ["mobile", "social", "search_box"]
    elif home is not None and home.parse_incomplete:
        # The parser gave up part of the home page (nesting deeper than it allows): what the
        # lost part would show cannot be judged absent. Findings read as absent become unknown.
        lost = {
            "social": not social.accounts,
            "search_box": not search.search_box,
            "council": not council.section,
            "procurement": not procurement.section,
            "e_services": not e_services.section,
        }
        unknown += [name for name, absent in lost.items() if absent]
        errors.append(
            Evidence(
                "navigation",
                home.url,
                "page.parse_incomplete",
                "the HTML parser gave up part of the home page (nesting too deep)",
            )
        )
    if council.status == "unknown":
        unknown.append("council")
    roles_failed = {f.role for f in failed}
    if procurement.section and procurement.items is None and "procurement" in roles_failed:
        unknown.append("procurement")
    if e_services.section and e_services.services is None and "eservices" in roles_failed:
        unknown.append("e_services")
    if news.posts_seen == 0 and roles_failed & {"news", "news_item"}:
        unknown.append("news")
    return SiteFindings(
        mobile=mobile,
        social=social,
        activity=activity,
        search=search,
        search_works=search_works,
        council=council,
        procurement=procurement,
        e_services=e_services,
        news=news,
        evidence={k: v for k, v in evidence.items() if v},
        unknown=tuple(unknown),
        errors=tuple(errors),
    )
