"""Notifications through Apprise: one digest per run and channel, routed by a TOML file.

    lang = "az"                                   # default message language: az or en
    evidence_url = "https://ogp.example.org/evidence/{run_id}/"   # optional: links to both runs

    [[channels]]
    name = "analysts"                             # unique, for logs and errors
    urls = ["mailtos://user:${SMTP_PASSWORD}@smtp.example.org?to=team@example.org"]
    lang = "en"                                   # this channel's language
    format = "html"                               # html (default) or text
    levels = ["central"]                          # only changes of agencies of these levels
    agencies = ["taxes", "stat"]                  # only changes of these agencies
    health = ["failed", "degraded"]               # run states sent even without changes (default)

A channel without `levels` and `agencies` is on the global list (every change). A digest is
sent to a channel when it holds changes for the channel, or when the run's health is in the
channel's `health` list — so a failed run notifies every channel by default. Values may name
environment variables as ${VAR} (secrets stay out of the file). URLs are Apprise URLs
(https://github.com/caronc/apprise/wiki): e-mail, Telegram, Slack, Matrix, webhooks and more.
"""

from __future__ import annotations

import json
import os
import pkgutil
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined

from ogpcrawl.alerts.changes import Change
from ogpcrawl.alerts.digest import Digest
from ogpcrawl.report.safety import http_url, truncate

LANGS = ("az", "en")
# health.SECTIONS column -> the change field naming the same section (messages what_<field>)
CHANGE_FIELD = {
    "council_section": "council",
    "procurement_section": "procurement",
    "eservices_section": "e_services",
}
FORMATS = ("html", "text")
HEALTH_DEFAULT = ("failed", "degraded")
STATES = ("running", "ok", "degraded", "failed")


class NotifyConfigError(ValueError):
    """The notification file is unusable; the message names the file and the channel."""


@dataclass(frozen=True)
class Channel:
    name: str
    urls: tuple[str, ...]
    lang: str = "az"
    format: str = "html"
    levels: tuple[str, ...] = ()
    agencies: tuple[str, ...] = ()
    health: tuple[str, ...] = HEALTH_DEFAULT


@dataclass(frozen=True)
class NotifyConfig:
    channels: tuple[Channel, ...] = ()
    lang: str = "az"
    evidence_url: str | None = None
    source: str = "<notify config>"


@dataclass
class Message:
    channel: str
    urls: tuple[str, ...]
    title: str
    body: str
    format: str
    changes: int
    sent: bool | None = None  # None: not tried (dry run)
    extra: dict = field(default_factory=dict)


def _expand(value: str, where: str, environ: Mapping[str, str]) -> str:
    from ogpcrawl.scheduler.schedule import ScheduleError, expand

    try:
        return expand(value, environ, where)
    except ScheduleError as exc:
        raise NotifyConfigError(str(exc)) from None


def _strings(raw: Any, where: str) -> tuple[str, ...]:
    if raw is None:
        return ()
    if isinstance(raw, str):
        raw = [raw]
    if not isinstance(raw, list) or not all(isinstance(v, str) and v for v in raw):
        raise NotifyConfigError(f"{where}: expected a list of strings")
    return tuple(raw)


def parse_config(
    data: Mapping[str, Any],
    *,
    source: str = "<notify config>",
    environ: Mapping[str, str] | None = None,
) -> NotifyConfig:
    from ogpcrawl import vocab

    env = os.environ if environ is None else environ
    unknown = set(data) - {"lang", "evidence_url", "channels"}
    if unknown:
        raise NotifyConfigError(f"{source}: unknown top-level keys {sorted(unknown)}")
    lang = data.get("lang", "az")
    if lang not in LANGS:
        raise NotifyConfigError(f"{source}: lang must be one of {LANGS}, not {lang!r}")
    evidence = data.get("evidence_url")
    if evidence is not None and not (
        isinstance(evidence, str) and http_url(evidence.replace("{run_id}", "x"))
    ):
        raise NotifyConfigError(f"{source}: evidence_url must be an http(s) URL")
    raw_channels = data.get("channels", [])
    if not isinstance(raw_channels, list):
        raise NotifyConfigError(f"{source}: channels must be [[channels]] tables")
    channels: list[Channel] = []
    for i, raw in enumerate(raw_channels, 1):
        if not isinstance(raw, dict):
            raise NotifyConfigError(f"{source}: channel #{i} is not a table")
        name = raw.get("name", f"#{i}")
        where = f"{source}: channel {name}"
        extra = set(raw) - {"name", "url", "urls", "lang", "format", "levels", "agencies", "health"}
        if extra:
            raise NotifyConfigError(f"{where}: unknown keys {sorted(extra)}")
        if any(c.name == name for c in channels):
            raise NotifyConfigError(f"{where}: duplicate channel name")
        urls = _strings(raw.get("urls"), f"{where}.urls") + _strings(raw.get("url"), f"{where}.url")
        if not urls:
            raise NotifyConfigError(f"{where}: needs url or urls")
        urls = tuple(_expand(u, f"{where}.urls", env) for u in urls)
        ch_lang = raw.get("lang", lang)
        if ch_lang not in LANGS:
            raise NotifyConfigError(f"{where}: lang must be one of {LANGS}, not {ch_lang!r}")
        fmt = raw.get("format", "html")
        if fmt not in FORMATS:
            raise NotifyConfigError(f"{where}: format must be one of {FORMATS}, not {fmt!r}")
        levels = _strings(raw.get("levels"), f"{where}.levels")
        bad = [lv for lv in levels if lv not in vocab.LEVELS]
        if bad:
            raise NotifyConfigError(f"{where}: unknown levels {bad} (known: {vocab.LEVELS})")
        health = _strings(raw.get("health", list(HEALTH_DEFAULT)), f"{where}.health")
        bad = [s for s in health if s not in STATES]
        if bad:
            raise NotifyConfigError(f"{where}: unknown health states {bad} (known: {STATES})")
        channels.append(
            Channel(
                name=str(name),
                urls=urls,
                lang=ch_lang,
                format=fmt,
                levels=levels,
                agencies=_strings(raw.get("agencies"), f"{where}.agencies"),
                health=health,
            )
        )
    return NotifyConfig(channels=tuple(channels), lang=lang, evidence_url=evidence, source=source)


def load_config(path: str | Path, *, environ: Mapping[str, str] | None = None) -> NotifyConfig:
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise NotifyConfigError(f"{path}: cannot read: {exc.strerror}") from exc
    except tomllib.TOMLDecodeError as exc:  # the message carries "(at line N, column M)"
        raise NotifyConfigError(f"{path}: not valid TOML: {exc}") from exc
    return parse_config(data, source=str(path), environ=environ)


# -- rendering ---------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def messages() -> dict[str, dict[str, str]]:
    return json.loads(pkgutil.get_data("ogpcrawl.alerts", "messages.json").decode("utf-8"))


def _env(autoescape: bool) -> Environment:
    env = Environment(
        loader=PackageLoader("ogpcrawl.alerts", "templates"),
        autoescape=autoescape,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(http_url=http_url, trunc=truncate)
    return env


_ENVS = {"html": _env(True), "text": _env(False)}


def render(digest: Digest, *, lang: str = "az", fmt: str = "html") -> tuple[str, str]:
    """(title, body) of the digest in `lang`; HTML bodies are autoescaped."""
    t = messages()[lang]
    health = digest.health
    state = t[f"state_{health.state}"]
    title = t["title"].format(spider=digest.spider or "?", run_id=digest.run_id, state=state)

    def kind(c: Change) -> str:
        return t[f"kind_{c.kind}"]

    def what(c: Change) -> str:
        return t.get(f"what_{c.what}", c.what)

    def note(c: Change) -> str:
        return t.get(f"note_{c.note}", c.note)

    def rating(value: str | None) -> str:
        return t.get(f"rating_{value}", value) if value else t["rating_none"]

    def reasons() -> list[str]:
        """The health reasons in `lang` (messages.json reason_<code>), else as health says."""
        out = []
        for i, text in enumerate(health.reasons):
            code = health.codes[i] if i < len(health.codes) else ""
            params = dict(health.details[i]) if i < len(health.details) else {}
            params["reason_paren"] = f" ({params['reason']})" if params.get("reason") else ""
            section = CHANGE_FIELD.get(params.get("section", ""), "")
            params["section_word"] = t.get(f"what_{section}", params.get("section", ""))
            try:
                out.append(t[f"reason_{code}"].format(**params))
            except (KeyError, IndexError, ValueError):
                out.append(text)
        return out

    def activity(value: str | None) -> str:
        return t.get(f"activity_{value}", value) if value else t["rating_none"]

    template = _ENVS[fmt].get_template(f"digest.{'html' if fmt == 'html' else 'txt'}.j2")
    body = template.render(
        t=t,
        lang=lang,
        title=title,
        digest=digest,
        health=health,
        state=state,
        figures={"agencies": None, "unreachable": None, **dict(health.figures)},
        run=digest.run,
        previous=digest.previous,
        changes=digest.changes,
        evidence_run=digest.evidence.get(digest.run_id),
        evidence_prev=digest.evidence.get((digest.previous or {}).get("run_id", "")),
        kind=kind,
        what=what,
        note=note,
        rating=rating,
        activity=activity,
        reasons=reasons(),
    )
    return title, body


def messages_for(digest: Digest, config: NotifyConfig) -> list[Message]:
    """One message per channel that should hear about this run (routing, see the module doc)."""
    out = []
    for ch in config.channels:
        mine = digest.only(levels=ch.levels or None, agencies=ch.agencies or None)
        if not mine.changes and digest.health.state not in ch.health:
            continue
        title, body = render(mine, lang=ch.lang, fmt=ch.format)
        out.append(Message(ch.name, ch.urls, title, body, ch.format, len(mine.changes)))
    return out


def send(message_list: list[Message]) -> list[Message]:
    """Send each message through Apprise; `sent` tells whether every URL of it succeeded."""
    import apprise

    for m in message_list:
        ap = apprise.Apprise()
        for url in m.urls:
            if not ap.add(url):
                m.sent = False
                m.extra["error"] = f"channel {m.channel}: Apprise does not accept one of its URLs"
                break
        else:
            m.sent = bool(
                ap.notify(
                    title=m.title,
                    body=m.body,
                    body_format=apprise.NotifyFormat.HTML
                    if m.format == "html"
                    else apprise.NotifyFormat.TEXT,
                )
            )
    return message_list


def redact(url: str) -> str:
    """An Apprise URL for printing: the scheme and host only (credentials and tokens sit in the
    user part, the path or the query)."""
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
    except ValueError:
        return "***"
    return f"{parts.scheme}://{host}/…" if parts.scheme else "***"
