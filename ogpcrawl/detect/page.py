"""The records detectors work on: a fetched page, a link, a failed fetch, a piece of evidence."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property

import lxml.html
from lxml import etree
from parsel import Selector


@dataclass(frozen=True)
class Page:
    """One fetched page, already decoded to text. Built by the spider; never a Scrapy Response.

    url: the URL requested; final_url: after HTTP redirects; role: one of vocab.PAGE_ROLES;
    headers: lower-case header names -> first value; rendered: came from a browser.
    """

    url: str
    text: str
    status: int = 200
    final_url: str | None = None
    headers: Mapping[str, str] = field(default_factory=dict)
    role: str = "other"
    encoding: str | None = None
    rendered: bool = False

    @property
    def base_url(self) -> str:
        return self.final_url or self.url

    @cached_property
    def sel(self) -> Selector:
        """Parsed HTML (parsel). Hostile or empty markup yields an empty document, never raises.

        Parsed here as parsel would (lxml's HTML parser, recovering, huge_tree) but with the
        parser kept, so `parse_incomplete` can tell when lxml gave up part of the page."""
        parser = lxml.html.HTMLParser(recover=True, encoding="utf-8", huge_tree=True)
        try:
            body = (self.text or "").strip().replace("\x00", "").encode("utf-8") or b"<html/>"
            root = etree.fromstring(body, parser=parser, base_url=self.base_url)
            if root is None:
                root = etree.fromstring(b"<html/>", parser=parser, base_url=self.base_url)
        except Exception:  # lxml can refuse pathological input; an empty page is the honest view
            self.__dict__["parse_incomplete"] = True
            return Selector(text="<html></html>", base_url=self.base_url)
        # lxml stops at a nesting depth (2048 with huge_tree) and drops the rest of the page:
        # what came after cannot be judged absent.
        self.__dict__["parse_incomplete"] = any(
            "Excessive depth" in e.message for e in parser.error_log
        )
        return Selector(root=root, type="html", base_url=self.base_url)

    @property
    def parse_incomplete(self) -> bool:
        """True when the parser gave up part of the page (findings it would decide: unknown)."""
        self.sel  # noqa: B018 - parsing sets it
        return self.__dict__.get("parse_incomplete", False)

    @cached_property
    def cache(self) -> dict:
        """What detectors derive from the page and share (main content, anchors, texts)."""
        return {}

    def to_dict(self) -> dict:
        return {
            "url": self.url,
            "text": self.text,
            "status": self.status,
            "final_url": self.final_url,
            "headers": dict(self.headers),
            "role": self.role,
            "encoding": self.encoding,
            "rendered": self.rendered,
        }

    @classmethod
    def from_dict(cls, d: Mapping) -> Page:
        return cls(
            url=d["url"],
            text=d.get("text") or "",
            status=int(d.get("status") or 200),
            final_url=d.get("final_url"),
            headers=dict(d.get("headers") or {}),
            role=d.get("role") or "other",
            encoding=d.get("encoding"),
            rendered=bool(d.get("rendered")),
        )


@dataclass(frozen=True)
class FailedPage:
    """A page of a reachable site that could not be fetched. error is one of vocab.ERRORS."""

    url: str
    error: str
    role: str = "other"


@dataclass(frozen=True)
class Link:
    """A link found on a page: absolute url, its visible text (or title/aria-label), the rule that chose it."""

    url: str
    text: str = ""
    rule: str = ""
    where: str = ""  # menu, footer or content: where on its page the link sits (nav links only)


@dataclass(frozen=True)
class Evidence:
    """Why a finding came out as it did: the page that decided it, the rule id, a short snippet."""

    finding: str
    url: str | None
    rule: str
    snippet: str = ""

    def to_dict(self) -> dict:
        return {
            "finding": self.finding,
            "url": self.url,
            "rule": self.rule,
            "snippet": (self.snippet or "")[:200],  # scraped text: capped, whoever built it
        }
