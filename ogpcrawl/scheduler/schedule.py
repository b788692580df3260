"""The schedule file: which spiders run when, with which settings and spider arguments.

    project = "ogpcrawl"            # the Scrapyd project (default: ogpcrawl)

    [settings]                      # every job gets these; a job's own settings win
    AGENCIES_FILE = "${OGP_HOME}/seeds/agencies.csv"

    [[jobs]]
    name = "local-monthly"          # unique; with the fire time it becomes the Scrapyd job id
    spider = "local_ih"
    cron = "0 3 1 * *"              # standard 5-field cron, evaluated in UTC
    settings = { OGP_PAGE_BUDGET = 25 }
    args = { only = "binegedi,sabunchu" }

Values may name environment variables as ${VAR} or ${VAR:-default}, so one file serves a
checkout and the Docker image. An unset variable without a default is an error at load time,
never an empty path handed to a crawl.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from croniter import croniter

DEFAULT_PROJECT = "ogpcrawl"
# The job id is name + "-YYYYMMDDTHHMMZ" and becomes the run id (64 characters in the database).
NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$")
SETTING_RE = re.compile(r"^[A-Z][A-Z0-9_]*$")
ARG_RE = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")
# Form fields schedule.json gives a meaning of its own: a spider argument of that name would be
# swallowed by Scrapyd.
RESERVED_ARGS = {"project", "spider", "setting", "jobid", "priority", "_version", "_job"}
VAR_RE = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}")


class ScheduleError(ValueError):
    """The schedule file is unusable; the message names the file and the job."""


@dataclass(frozen=True)
class Job:
    name: str
    spider: str
    cron: str
    settings: Mapping[str, str] = field(default_factory=dict)
    args: Mapping[str, str] = field(default_factory=dict)
    enabled: bool = True


@dataclass(frozen=True)
class Schedule:
    jobs: tuple[Job, ...]
    project: str = DEFAULT_PROJECT

    def job(self, name: str) -> Job:
        for job in self.jobs:
            if job.name == name:
                return job
        raise KeyError(name)


def expand(value: str, environ: Mapping[str, str], where: str) -> str:
    def sub(m: re.Match) -> str:
        name, default = m.group(1), m.group(2)
        if name in environ and environ[name] != "":
            return environ[name]
        if default is not None:
            return default
        raise ScheduleError(f"{where}: environment variable {name} is not set")

    return VAR_RE.sub(sub, value)


def _scalar(value: object, where: str) -> str:
    # Scrapy reads settings from strings; booleans as True/False are what getbool() accepts.
    if isinstance(value, bool):
        return "True" if value else "False"
    if isinstance(value, (str, int, float)):
        return str(value)
    raise ScheduleError(
        f"{where}: expected a string, number or boolean, got {type(value).__name__}"
    )


def _table(
    raw: object,
    where: str,
    key_re: re.Pattern,
    environ: Mapping[str, str],
    reserved: set[str] = frozenset(),
) -> dict[str, str]:
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise ScheduleError(f"{where}: expected a table")
    out = {}
    for key, value in raw.items():
        if not key_re.match(key) or key in reserved:
            raise ScheduleError(f"{where}: invalid name {key!r}")
        out[key] = expand(_scalar(value, f"{where}.{key}"), environ, f"{where}.{key}")
    return out


def parse_schedule(
    data: Mapping, *, source: str = "<schedule>", environ: Mapping[str, str] | None = None
) -> Schedule:
    env = os.environ if environ is None else environ
    unknown = set(data) - {"project", "settings", "jobs"}
    if unknown:
        raise ScheduleError(f"{source}: unknown top-level keys {sorted(unknown)}")
    project = data.get("project", DEFAULT_PROJECT)
    if not isinstance(project, str) or not project:
        raise ScheduleError(f"{source}: project must be a non-empty string")
    shared = _table(data.get("settings"), f"{source}: settings", SETTING_RE, env)
    raw_jobs = data.get("jobs", [])
    if not isinstance(raw_jobs, list) or not raw_jobs:
        raise ScheduleError(f"{source}: no [[jobs]]")
    jobs: list[Job] = []
    for i, raw in enumerate(raw_jobs, 1):
        where = f"{source}: job {raw.get('name', f'#{i}')!s}" if isinstance(raw, dict) else source
        if not isinstance(raw, dict):
            raise ScheduleError(f"{where}: job #{i} is not a table")
        unknown = set(raw) - {"name", "spider", "cron", "settings", "args", "enabled"}
        if unknown:
            raise ScheduleError(f"{where}: unknown keys {sorted(unknown)}")
        name, spider, cron = raw.get("name"), raw.get("spider"), raw.get("cron")
        if not isinstance(name, str) or not NAME_RE.match(name):
            raise ScheduleError(f"{where}: name must match {NAME_RE.pattern}")
        if any(j.name == name for j in jobs):
            raise ScheduleError(f"{where}: duplicate job name")
        if not isinstance(spider, str) or not spider:
            raise ScheduleError(f"{where}: spider is required")
        if not isinstance(cron, str) or not croniter.is_valid(cron):
            raise ScheduleError(f"{where}: invalid cron expression {cron!r}")
        enabled = raw.get("enabled", True)
        if not isinstance(enabled, bool):
            raise ScheduleError(f"{where}: enabled must be true or false")
        settings = {**shared, **_table(raw.get("settings"), f"{where}.settings", SETTING_RE, env)}
        args = _table(raw.get("args"), f"{where}.args", ARG_RE, env, RESERVED_ARGS)
        jobs.append(
            Job(name=name, spider=spider, cron=cron, settings=settings, args=args, enabled=enabled)
        )
    return Schedule(jobs=tuple(jobs), project=project)


def load_schedule(path: str | Path, *, environ: Mapping[str, str] | None = None) -> Schedule:
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ScheduleError(f"{path}: cannot read: {exc.strerror}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ScheduleError(f"{path}: not valid TOML: {exc}") from exc
    return parse_schedule(data, source=str(path), environ=environ)
