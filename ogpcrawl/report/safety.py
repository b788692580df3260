"""Making scraped strings safe to show: links, truncation, CSV and Markdown cells.

Every string in a snapshot came from a website we do not control. HTML escaping is Jinja's
autoescape; what autoescape cannot judge (is this URL safe to click? will Excel run this cell as a
formula? does this text break a Markdown table?) is decided here, once, for every output format.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

DISPLAY_MAX = 300  # characters shown of any scraped string
# A whole CSV/Markdown cell: its fragments are capped at DISPLAY_MAX each already, and a notes
# cell of several sentences is longer than one; the HTML prints it in full, so must the CSV.
CELL_MAX = 2000
HREF_MAX = 2048  # longer URLs are shown as text, never linked

_CONTROL = re.compile(r"[\x00-\x1f\x7f\s]")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def http_url(url: object) -> str | None:
    """The URL itself when it is a plain http(s) URL fit for an href, else None.

    javascript:, data:, vbscript:, relative and protocol-relative URLs are never linked, and
    neither is anything with whitespace or control characters (browsers strip those, which is how
    "java\\tscript:" tricks work).
    """
    if not isinstance(url, str) or not url or len(url) > HREF_MAX:
        return None
    if _CONTROL.search(url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return url


def truncate(text: object, limit: int = DISPLAY_MAX) -> str:
    """At most `limit` characters, with an ellipsis when cut. None becomes ""."""
    if text is None:
        return ""
    s = str(text)
    return s if len(s) <= limit else s[: limit - 1] + "…"


def csv_cell(value: object) -> str:
    """A CSV cell that a spreadsheet shows as text: formula-looking cells get a leading quote."""
    s = truncate(value, CELL_MAX) if not isinstance(value, int | float) else str(value)
    if isinstance(value, str) and s.startswith(_FORMULA_START):
        return "'" + s
    return s


def md_cell(value: object) -> str:
    """A Markdown table cell: pipes, backslashes, HTML brackets and line breaks neutralised."""
    s = truncate(value, CELL_MAX)
    s = s.replace("\\", "\\\\").replace("|", "\\|")
    s = s.replace("<", "&lt;").replace(">", "&gt;")
    s = s.replace("`", "\\`").replace("[", "\\[").replace("]", "\\]")
    return " ".join(s.split())
