"""A JSON status file and an SVG badge per spider, for an operator or a web page to read.

    <OGP_STATUS_DIR>/<spider>.json   the last health verdict: state, reasons, run, job, times
    <OGP_STATUS_DIR>/<spider>.svg    a shields-style badge: "<spider> | failing 2026-12-01"

Both are replaced atomically (a reader never sees half a file). The spider name becomes a file
name only after it matches SPIDER_RE. The badge comes from templates/badge.svg.j2 (autoescaped).
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Mapping
from datetime import date, datetime
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from ogpcrawl.health import Health

SPIDER_RE = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_-]{0,63}$")

# Health state -> (badge word, colour). "failing" reads better on a badge than "failed".
BADGE = {
    "running": ("running", "#007ec6"),
    "ok": ("ok", "#4c1"),
    "degraded": ("degraded", "#dfb317"),
    "failed": ("failing", "#e05d44"),
}

_env = Environment(
    loader=PackageLoader("ogpcrawl.alerts", "templates"),
    autoescape=select_autoescape(default=True, default_for_string=True),
    undefined=StrictUndefined,
)


def status_path(status_dir: str | Path, spider: str, suffix: str) -> Path:
    if not SPIDER_RE.match(spider or ""):
        raise ValueError(f"spider name {spider!r} cannot name a status file")
    return Path(status_dir) / f"{spider}{suffix}"


def _text_width(text: str) -> int:
    # Verdana 11px averages ~6.5px a character; shields.io measures, a badge needs no more.
    return int(len(text) * 6.5) + 10


def badge_svg(spider: str, state: str, day: date | str | None) -> str:
    word, color = BADGE[state]
    message = f"{word} {day}" if day else word
    label = f"ogpcrawl {spider}"
    left, right = _text_width(label), _text_width(message)
    return _env.get_template("badge.svg.j2").render(
        label=label, message=message, color=color, left=left, right=right, width=left + right
    )


def _day(health: Health, now: datetime) -> str:
    finished = health.figures.get("finished_at") if health.state != "running" else None
    if isinstance(finished, str) and len(finished) >= 10:
        return finished[:10]
    return now.date().isoformat()


def status_record(
    health: Health, *, now: datetime, job_id: str | None = None, job_state: str | None = None
) -> dict[str, Any]:
    return {
        "spider": health.spider,
        "state": health.state,
        "badge": BADGE[health.state][0],
        "date": _day(health, now),
        "reasons": list(health.reasons),
        "codes": list(health.codes),
        "run_id": health.run_id,
        "previous_run_id": health.previous_run_id,
        "job_id": job_id,
        "job_state": job_state,
        "checked_at": now.isoformat(timespec="seconds"),
        "figures": dict(health.figures),
    }


def _replace(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def write_status(
    status_dir: str | Path,
    health: Health,
    *,
    now: datetime,
    job_id: str | None = None,
    job_state: str | None = None,
) -> dict[str, Any]:
    """Write <spider>.json and <spider>.svg; returns the record written."""
    if not health.spider:
        raise ValueError(f"run {health.run_id!r}: no spider known, no status file to write")
    json_path = status_path(status_dir, health.spider, ".json")
    json_path.parent.mkdir(parents=True, exist_ok=True)
    record = status_record(health, now=now, job_id=job_id, job_state=job_state)
    _replace(json_path, json.dumps(record, ensure_ascii=False, indent=1, default=str) + "\n")
    _replace(
        status_path(status_dir, health.spider, ".svg"),
        badge_svg(health.spider, health.state, record["date"]),
    )
    return record


def read_status(status_dir: str | Path, spider: str) -> Mapping[str, Any] | None:
    """The last record written for `spider`, or None (none yet, or unreadable)."""
    try:
        return json.loads(status_path(status_dir, spider, ".json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
