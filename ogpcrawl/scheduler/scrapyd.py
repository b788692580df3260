"""The Scrapyd calls the scheduler makes, behind a small interface the tests can replace.

Scrapyd's API: listjobs.json (pending, running, finished jobs of a project) and schedule.json
(project, spider, `setting=NAME=value` fields for Scrapy settings, every other field a spider
argument, `jobid` for the job id, which the spiders take as the run id).

Scrapyd is addressed directly, never through http_proxy: on the crawler's host those variables
point the crawls at a proxy (the offline farm in the demo), not the scheduler's calls.
"""

from __future__ import annotations

import base64
import json
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Protocol


class ScrapydError(Exception):
    """Scrapyd could not be reached or refused the request; the message says which."""


@dataclass(frozen=True)
class ActiveJob:
    id: str
    spider: str
    state: str  # pending or running


@dataclass(frozen=True)
class JobInfo:
    id: str
    spider: str
    state: str  # pending, running or finished
    end_time: str = ""


class Scrapyd(Protocol):
    def active_jobs(self, project: str) -> list[ActiveJob]: ...

    def jobs(self, project: str) -> list[JobInfo]: ...

    def schedule(
        self,
        project: str,
        spider: str,
        *,
        job_id: str,
        settings: Mapping[str, str],
        args: Mapping[str, str],
    ) -> str: ...


def schedule_form(
    project: str, spider: str, *, job_id: str, settings: Mapping[str, str], args: Mapping[str, str]
) -> list[tuple[str, str]]:
    """The schedule.json form fields (a list: `setting` repeats)."""
    fields = [("project", project), ("spider", spider), ("jobid", job_id)]
    fields += [("setting", f"{name}={value}") for name, value in settings.items()]
    fields += list(args.items())
    return fields


class HttpScrapyd:
    def __init__(
        self,
        base_url: str,
        *,
        timeout: float = 30,
        username: str | None = None,
        password: str | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/") + "/"
        self.timeout = timeout
        self._auth = None
        self._opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        if username:
            token = base64.b64encode(f"{username}:{password or ''}".encode()).decode()
            self._auth = f"Basic {token}"

    def _call(
        self,
        endpoint: str,
        *,
        query: Mapping[str, str] | None = None,
        form: list[tuple[str, str]] | None = None,
    ) -> dict:
        url = urllib.parse.urljoin(self.base_url, endpoint)
        if query:
            url += "?" + urllib.parse.urlencode(query)
        data = urllib.parse.urlencode(form).encode() if form is not None else None
        request = urllib.request.Request(url, data=data)
        if self._auth:
            request.add_header("Authorization", self._auth)
        try:
            with self._opener.open(request, timeout=self.timeout) as response:
                body = response.read()
        except urllib.error.HTTPError as exc:
            raise ScrapydError(f"{endpoint}: HTTP {exc.code} {_message(exc.read())}") from exc
        except (urllib.error.URLError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise ScrapydError(f"{endpoint}: cannot reach {self.base_url}: {reason}") from exc
        try:
            payload = json.loads(body)
        except ValueError as exc:
            raise ScrapydError(f"{endpoint}: not JSON: {body[:200]!r}") from exc
        if payload.get("status") != "ok":
            raise ScrapydError(f"{endpoint}: {payload.get('message') or payload}")
        return payload

    def active_jobs(self, project: str) -> list[ActiveJob]:
        payload = self._call("listjobs.json", query={"project": project})
        return [
            ActiveJob(id=j["id"], spider=j["spider"], state=state)
            for state in ("pending", "running")
            for j in payload.get(state, [])
        ]

    def jobs(self, project: str) -> list[JobInfo]:
        """Every job Scrapyd knows of the project: pending, running and finished (Scrapyd keeps
        the last finished ones in memory; it does not say how they ended)."""
        payload = self._call("listjobs.json", query={"project": project})
        return [
            JobInfo(
                id=j["id"], spider=j["spider"], state=state, end_time=str(j.get("end_time") or "")
            )
            for state in ("pending", "running", "finished")
            for j in payload.get(state, [])
        ]

    def schedule(
        self,
        project: str,
        spider: str,
        *,
        job_id: str,
        settings: Mapping[str, str],
        args: Mapping[str, str],
    ) -> str:
        form = schedule_form(project, spider, job_id=job_id, settings=settings, args=args)
        return self._call("schedule.json", form=form)["jobid"]


def _message(body: bytes) -> str:
    try:
        return str(json.loads(body).get("message", ""))[:300]
    except ValueError:
        return body[:200].decode("utf-8", "replace")
