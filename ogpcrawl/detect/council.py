"""The public council ("İctimai şura") section and what it holds.

Input: the pages the spider fetched with role "council" (the section page and its sub-pages),
the home page (for the section link) and the failed fetches. Only the pages' own content counts
(content.main_node): the site menu's "İctimai şura" entry is on every page.

Status, first that holds:
  unknown           the section page failed to load (or was linked but never fetched)
  absent            no council page and no council link
  off_topic         the page is about an appeal council ("Apellyasiya Şurası"), or holds text
                    with no council vocabulary at all (other information filed under the heading)
  active            dated meetings/events (iclas, toplantı, tədbir, protokol ...) on or before
                    as_of; a block that announces (elan, seçki, sərəncam) is not an event
  members           names of members listed under a members context (üzvləri, tərkibi)
  announcement      a content block announcing the election or the head's order on the
                    election commission (elan, seçki, sərəncam, komissiya) without naming a law
  legislation_only  only blocks naming laws and normative acts (qanun, əsasnamə, qayda ...)
  empty             the section page has (almost) no content of its own, or only words about
                    the council with none of the above ("information will follow")
  off_topic         anything else (content with no council vocabulary at all)
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from ogpcrawl import specs
from ogpcrawl.detect.content import blocks, main_node, main_text, page_title
from ogpcrawl.detect.dates import find_dates, iso
from ogpcrawl.detect.links import is_news_item_url
from ogpcrawl.detect.page import Evidence, FailedPage, Link, Page
from ogpcrawl.detect.text import clean_space, fold, is_false_friend, names_section, phrase_pattern

# The council's words in each language: [council.words] of ogpcrawl/specs/languages/*.toml.
_WORDS = specs.active()["council"].words
EVENT_WORDS = phrase_pattern(_WORDS.get("event", ()))
ANNOUNCE_WORDS = phrase_pattern(_WORDS.get("announcement", ()))
LAW_WORDS = phrase_pattern(_WORDS.get("law", ()))
MEMBER_CONTEXT = phrase_pattern(_WORDS.get("member_context", ()))
COUNCIL_WORDS = phrase_pattern(_WORDS.get("council", ()))

# A person's name: an Azerbaijani/Russian patronymic, or capitalised words with a surname ending.
_PATRONYMIC = re.compile(r"\b(?:oğlu|qızı|oglu|qizi|[А-Я]\w+(?:ович|евич|овна|евна))\b")
_SURNAME = re.compile(
    r"\b[A-ZƏÖÜĞİŞÇА-Я][\wəöüğışç]+(?:ov|ova|yev|yeva|ev|eva|li|lı|lu|lü|zadə|zade|ski|skaya)\b"
)
_CAPWORD = re.compile(r"\b[A-ZƏÖÜĞİŞÇА-Я][\wəöüğışç]{1,}")
NAME_MAX_CHARS = 150
EMPTY_MAX_CHARS = 60  # content chars (beyond the heading) below which a section page is empty
MAX_EVENT_TEXT = 400


@dataclass(frozen=True)
class CouncilFinding:
    section: bool = False
    url: str | None = None
    title: str | None = None
    status: str = "absent"
    members: int | None = None
    events: int | None = None
    last_event: date | None = None
    evidence: tuple[Evidence, ...] = field(default_factory=tuple)

    def to_contract(self) -> dict:
        return {
            "section": self.section,
            "url": self.url,
            "title": self.title,
            "status": self.status,
            "members": self.members,
            "events": self.events,
            "last_event": iso(self.last_event),
        }


def is_person_line(text: str) -> bool:
    if not text or len(text) > NAME_MAX_CHARS:
        return False
    if _PATRONYMIC.search(text):
        return True
    return bool(_SURNAME.search(text)) and len(_CAPWORD.findall(text)) >= 2


def member_lines(node) -> list[str]:
    """Person-like lines (text nodes) under node, one per row or item: two members may share a
    name, so lines are counted, not distinct names."""
    lines: list[str] = []
    try:
        texts = node.xpath(".//text()")
    except Exception:
        return lines
    for t in texts[:5000]:
        line = " ".join(str(t).split())
        line = re.sub(r"^\d{1,3}[.)]\s*", "", line)
        if is_person_line(line):
            lines.append(clean_space(line, 120))
    return lines


def _events(node, as_of: date) -> dict[date, str]:
    """Dated event blocks: event word, no announcement word, a date on or before as_of."""
    found: dict[date, str] = {}
    for _el, text in blocks(node):
        key = fold(text[:MAX_EVENT_TEXT])
        if not EVENT_WORDS.search(key) or ANNOUNCE_WORDS.search(key):
            continue
        dates = find_dates(text[:MAX_EVENT_TEXT], as_of=as_of)
        if dates:
            found.setdefault(dates[0], clean_space(text, 200))
    return found


def detect_council(
    pages: Sequence[Page],
    *,
    as_of: date,
    failed: Sequence[FailedPage] = (),
    section_links: Sequence[Link] = (),
) -> CouncilFinding:
    """pages: the fetched pages with role "council" (section page first); section_links: council
    links found on the home page (navigation.discover_sections)."""
    council_pages = [p for p in pages if p.role == "council"]
    # a news item about the council (a site-search hit) is not the council's section
    news_items = [p for p in council_pages if is_news_item_url(p.base_url)]
    council_pages = [p for p in council_pages if p not in news_items]
    council_failed = [f for f in failed if f.role == "council"]
    if not council_pages:
        if council_failed:
            f = council_failed[0]
            ev = Evidence("council", f.url, "council.failed", f.error)
            return CouncilFinding(True, f.url, None, "unknown", None, None, None, (ev,))
        if section_links:
            link = section_links[0]
            ev = Evidence("council", link.url, "council.section_link", clean_space(link.text))
            return CouncilFinding(True, link.url, clean_space(link.text) or None, "unknown",
                                  evidence=(ev,))  # fmt: skip
        ignored = tuple(Evidence("council", p.url, "council.news_item", page_title(p))
                        for p in news_items[:3])  # fmt: skip
        return CouncilFinding(evidence=(Evidence("council", None, "council.absent"), *ignored))

    first = council_pages[0]
    title = page_title(first) or None
    evidence = [Evidence("council", first.url, "council.section_page", clean_space(title))]
    heading = fold(title or "")
    if is_false_friend("council", heading, folded=True) and not names_section("council", heading):
        evidence.append(Evidence("council", first.url, "council.false_friend", title or ""))
        return CouncilFinding(True, first.url, title, "off_topic", 0, 0, None, tuple(evidence))

    events: dict[date, str] = {}
    members = 0  # the longest member list on one page (a list is not split across pages)
    texts: list[str] = []
    announcing = legislating = 0
    for page in council_pages:
        node = main_node(page)
        text = main_text(page)
        texts.append(text)
        # a block naming a law is legislation even when it says "yaradılması" or "komissiya"
        for _el, block in blocks(node):
            key = fold(block[:MAX_EVENT_TEXT])
            if LAW_WORDS.search(key):
                legislating += 1
            elif ANNOUNCE_WORDS.search(key):
                announcing += 1
        for day, snippet in _events(node, as_of).items():
            if day not in events:
                events[day] = snippet
                evidence.append(Evidence("council", page.url, "council.event", snippet))
        folded = fold(text[:20_000])
        if MEMBER_CONTEXT.search(folded) or MEMBER_CONTEXT.search(fold(page_title(page))):
            lines = member_lines(node)
            if lines:
                evidence.append(
                    Evidence(
                        "council",
                        page.url,
                        "council.members",
                        clean_space(f"{len(lines)}: " + "; ".join(lines)),
                    )
                )
            members = max(members, len(lines))  # fmt: skip

    everything = fold(" ".join(texts)[:50_000])
    # the body without the page heading: an appeal council's laws filed under an
    # "İctimai şura" heading are off topic, though the heading names the council
    body = everything.replace(heading, " ", 1) if heading else everything
    own_chars = sum(len(t) for t in texts) - sum(len(page_title(p)) for p in council_pages)
    last = max(events) if events else None
    if events:
        status = "active"
    elif members:
        status = "members"
    elif is_false_friend("council", body, folded=True) and not names_section(
        "council", body, folded=True
    ):
        status = "off_topic"  # an appeal council's rules filed under the heading, however short
    elif own_chars <= EMPTY_MAX_CHARS:
        status = "empty"
    elif announcing:
        status = "announcement"
    elif legislating:
        status = "legislation_only"
    elif COUNCIL_WORDS.search(body):
        status = "empty"  # about the council, but nothing in it ("will be published soon")
    else:
        status = "off_topic"
    if status not in ("active", "members"):
        evidence.append(Evidence("council", first.url, f"council.{status}",
                                 clean_space(" ".join(texts), 200)))  # fmt: skip
    return CouncilFinding(
        section=True,
        url=first.url,
        title=title,
        status=status,
        members=members,
        events=len(events),
        last_event=last,
        evidence=tuple(evidence),
    )
