"""Load and validate the agencies file (docs/snapshot-contract.md, "Agencies file").

A bad file stops the crawl before any request, with a message naming the file and the line.
"""

from __future__ import annotations

import csv
import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from ogpcrawl import vocab

REQUIRED_COLUMNS = ("agency_id", "name", "level", "family", "url")
_ID = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
_HOST = re.compile(
    r"^(?=.{1,253}$)[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$"
)
MAX_FIELD_CHARS = 2000


class AgenciesFileError(ValueError):
    """The agencies file cannot be used; the message names the file and line."""


@dataclass(frozen=True)
class Agency:
    agency_id: str
    name: str
    level: str
    family: str
    url: str
    alt_urls: tuple[str, ...] = ()
    render: str = "auto"
    extra: dict = field(default_factory=dict, hash=False, compare=False)

    @property
    def annex_no(self) -> int | None:
        v = self.extra.get("annex_no", "")
        return int(v) if str(v).isdigit() else None

    def addresses(self, try_alternates: bool = True) -> list[str]:
        """Every known address, in the order to try: url, its www. twin, then alt_urls (and twins)."""
        out: list[str] = []
        for u in (self.url, *self.alt_urls) if try_alternates else (self.url,):
            for cand in (u, _www_twin(u)) if try_alternates else (u,):
                if cand and cand not in out:
                    out.append(cand)
        return out

    def as_dict(self) -> dict:
        return {
            "agency_id": self.agency_id,
            "name": self.name,
            "level": self.level,
            "family": self.family,
            "url": self.url,
            "alt_urls": list(self.alt_urls),
            "render": self.render,
            **{k: v for k, v in self.extra.items() if k not in REQUIRED_COLUMNS},
        }


def _www_twin(url: str) -> str | None:
    parts = urlsplit(url)
    host = parts.hostname or ""
    if not host or re.fullmatch(r"[\d.]+", host):
        return None
    twin = host[4:] if host.startswith("www.") else "www." + host
    netloc = twin + (f":{parts.port}" if parts.port else "")
    return parts._replace(netloc=netloc).geturl()


def _check_url(value: str, where: str, column: str) -> str:
    try:
        parts = urlsplit(value.strip())
    except ValueError as exc:  # e.g. "http://[::1/": an unclosed IPv6 bracket
        raise AgenciesFileError(
            f"{where}: column {column!r}: malformed URL {value!r} ({exc})"
        ) from exc
    host = (parts.hostname or "").lower()
    if parts.scheme not in ("http", "https") or not host or not _HOST.match(host):
        raise AgenciesFileError(
            f"{where}: column {column!r}: malformed URL {value!r} "
            "(need http:// or https:// and a host name)"
        )
    try:
        parts.port  # noqa: B018 - raises on a bad port
    except ValueError as exc:
        raise AgenciesFileError(f"{where}: column {column!r}: malformed URL {value!r}") from exc
    return value.strip()


def load_agencies(path: str | Path) -> list[Agency]:
    """Read and validate the whole file; raise AgenciesFileError naming file and line."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise AgenciesFileError(
            f"{path}: cannot read agencies file: {exc.strerror or exc}"
        ) from exc
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise AgenciesFileError(f"{path}:{line}: not UTF-8 ({exc.reason})") from exc

    reader = csv.DictReader(text.splitlines(keepends=True), strict=True)
    header = reader.fieldnames or []
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        raise AgenciesFileError(
            f"{path}:1: missing column(s) {', '.join(missing)}; "
            f"the header must include {','.join(REQUIRED_COLUMNS)}"
        )
    agencies: list[Agency] = []
    seen: dict[str, int] = {}
    try:
        for row in reader:
            line = reader.line_num
            where = f"{path}:{line}"
            if None in row or any(v is None for v in row.values()):
                raise AgenciesFileError(f"{where}: wrong number of fields (expected {len(header)})")
            row = {k: (v or "").strip() for k, v in row.items()}
            if not any(row.values()):
                continue
            for k, v in row.items():
                if len(v) > MAX_FIELD_CHARS:
                    raise AgenciesFileError(f"{where}: column {k!r} is too long")
            aid = row["agency_id"]
            if not _ID.match(aid):
                raise AgenciesFileError(
                    f"{where}: agency_id {aid!r} is not a slug "
                    "(lower-case letters, digits, - and _)"
                )
            if aid in seen:
                raise AgenciesFileError(
                    f"{where}: duplicate agency_id {aid!r} (first on line {seen[aid]})"
                )
            seen[aid] = line
            if not row["name"]:
                raise AgenciesFileError(f"{where}: empty name")
            if row["level"] not in vocab.LEVELS:
                raise AgenciesFileError(
                    f"{where}: unknown level {row['level']!r} (one of {', '.join(vocab.LEVELS)})"
                )
            if row["family"] not in vocab.FAMILIES:
                raise AgenciesFileError(
                    f"{where}: unknown family {row['family']!r} "
                    f"(one of {', '.join(vocab.FAMILIES)})"
                )
            url = _check_url(row["url"], where, "url")
            alts = tuple(
                _check_url(u, where, "alt_urls")
                for u in re.split(r"[\s;]+", row.get("alt_urls", ""))
                if u
            )
            render = row.get("render") or "auto"
            if render not in vocab.RENDER_MODES:
                raise AgenciesFileError(
                    f"{where}: unknown render {render!r} (one of {', '.join(vocab.RENDER_MODES)})"
                )
            extra = {
                k: v
                for k, v in row.items()
                if k not in (*REQUIRED_COLUMNS, "alt_urls", "render") and k
            }
            agencies.append(
                Agency(aid, row["name"], row["level"], row["family"], url, alts, render, extra)
            )
    except csv.Error as exc:
        raise AgenciesFileError(f"{path}:{reader.line_num}: CSV error: {exc}") from exc
    if not agencies:
        raise AgenciesFileError(f"{path}: no agencies in the file")
    return agencies


def _valid_ids(chosen: list[Agency], unknown: list[str]) -> str:
    """The ids a user may give: near spellings first, then every id of the spider."""
    ids = sorted(a.agency_id for a in chosen)
    near = list(
        dict.fromkeys(
            m for u in unknown for m in difflib.get_close_matches(u, ids, n=3, cutoff=0.6)
        )
    )
    hint = f"did you mean {', '.join(near)}? " if near else ""
    return f"{hint}valid ids ({len(ids)}): {', '.join(ids)}"


def select(
    agencies: list[Agency], *, family: str | None = None, only: str | list[str] | None = None
) -> list[Agency]:
    """The agencies of one family, narrowed by `-a only=id1,id2` (unknown ids are an error)."""
    chosen = [a for a in agencies if family is None or a.family == family]
    if only:
        ids = [i.strip() for i in (only.split(",") if isinstance(only, str) else only) if i.strip()]
        known = {a.agency_id for a in chosen}
        unknown = [i for i in ids if i not in known]
        if unknown:
            raise AgenciesFileError(
                f"only=: unknown agency id(s) for this spider: "
                f"{', '.join(unknown)}; {_valid_ids(chosen, unknown)}"
            )
        chosen = [a for a in chosen if a.agency_id in set(ids)]
    return chosen
