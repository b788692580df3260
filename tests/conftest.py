"""Shared fixtures: services (PostgreSQL, Redis, Chromium), the offline farm, and crawl runs.

A test that needs a service this machine lacks is skipped LOUDLY on a developer machine and
FAILS in CI: scripts/test.sh sets OGP_REQUIRE_SERVICES=1 after starting the services, and CI
sets CI=true, so in CI a missing service can never pass as a skip.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PG_URL = os.environ.get("OGP_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
REDIS_URL = os.environ.get("OGP_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
CHROMIUM = os.environ.get("OGP_CHROMIUM", "/usr/bin/chromium")


def services_required() -> bool:
    return os.environ.get("OGP_REQUIRE_SERVICES") == "1" or os.environ.get("CI") == "true"


def missing_service(what: str) -> None:
    """Fail in CI, skip loudly elsewhere."""
    msg = f"REQUIRED SERVICE MISSING: {what}"
    if services_required():
        pytest.fail(msg + " (CI must run this test; scripts/setup.sh --services starts it)")
    sys.stderr.write(f"\n*** {msg}: test skipped on this machine ***\n")
    pytest.skip(msg)


def _port_open(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=2):
            return True
    except OSError:
        return False


@pytest.fixture(scope="session")
def pg_server_url() -> str:
    """URL of the PostgreSQL server's maintenance database (tests create their own databases)."""
    from sqlalchemy.engine import make_url

    u = make_url(PG_URL)
    if not _port_open(u.host or "127.0.0.1", u.port or 5432):
        missing_service(f"PostgreSQL at {u.host}:{u.port or 5432}")
    return PG_URL


@contextlib.contextmanager
def fresh_pg_database(server_url: str, prefix: str = "ogp_test"):
    """A new, empty PostgreSQL database on the server; dropped on exit. Yields its URL."""
    import uuid

    from sqlalchemy import create_engine, text

    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield server_url.rsplit("/", 1)[0] + "/" + name
    finally:
        with admin.connect() as c:
            c.execute(
                text(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE datname = :n AND pid <> pg_backend_pid()"
                ),
                {"n": name},
            )
            c.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        admin.dispose()


@pytest.fixture()
def pg_url(pg_server_url) -> str:
    """A fresh, empty PostgreSQL database for one test, dropped afterwards."""
    with fresh_pg_database(pg_server_url) as url:
        yield url


@pytest.fixture(scope="session")
def redis_url() -> str:
    from urllib.parse import urlsplit

    u = urlsplit(REDIS_URL)
    if not _port_open(u.hostname or "127.0.0.1", u.port or 6379):
        missing_service(f"Redis at {u.hostname}:{u.port or 6379}")
    return REDIS_URL


@pytest.fixture(scope="session")
def chromium() -> str:
    if not (os.path.exists(CHROMIUM) or shutil.which("chromium")):
        missing_service(f"Chromium at {CHROMIUM}")
    return CHROMIUM if os.path.exists(CHROMIUM) else shutil.which("chromium")


class Farm:
    """A running offline farm (python -m ogpcrawl.farm) and its request log."""

    def __init__(self, proc: subprocess.Popen, url: str, log_path: Path):
        self.proc, self.url, self.log_path = proc, url, log_path

    @property
    def env(self) -> dict:
        """Environment for a crawler process: every download goes through the farm."""
        env = {
            k: v
            for k, v in os.environ.items()
            if k.lower() not in ("http_proxy", "https_proxy", "no_proxy", "all_proxy")
        }
        env.update(
            http_proxy=self.url,
            https_proxy=self.url,
            HTTP_PROXY=self.url,
            HTTPS_PROXY=self.url,
            no_proxy="",
            NO_PROXY="",
        )
        return env

    def requests(self) -> list[dict]:
        if not self.log_path.exists():
            return []
        out = []
        for line in self.log_path.read_text(encoding="utf-8").splitlines():
            try:
                out.append(json.loads(line))
            except ValueError:
                continue
        return out

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def start_farm(tmp_dir: Path, *args: str) -> Farm:
    log_path = tmp_dir / "farm-requests.jsonl"
    proc = subprocess.Popen(
        [sys.executable, "-m", "ogpcrawl.farm", "--port", "0", "--log", str(log_path), *args],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=open(tmp_dir / "farm-stderr.log", "w"),
        text=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if line.startswith("READY "):
            return Farm(proc, line.split()[1].strip(), log_path)
        if not line and proc.poll() is not None:
            break
    proc.kill()
    raise RuntimeError(
        "the farm did not start: " + (tmp_dir / "farm-stderr.log").read_text()[-2000:]
    )


@pytest.fixture(scope="session")
def farm(tmp_path_factory) -> Farm:
    """The 2018 replica, shared by the tests of a session."""
    f = start_farm(tmp_path_factory.mktemp("farm"), "--scenario", "replica")
    yield f
    f.stop()


# Politeness is for real hosts; the farm is on loopback, so tests lower it by settings only.
FAST_SETTINGS = {
    "DOWNLOAD_DELAY": "0",
    "AUTOTHROTTLE_ENABLED": "False",
    "CONCURRENT_REQUESTS": "64",
    "CONCURRENT_REQUESTS_PER_DOMAIN": "2",
    "RETRY_TIMES": "1",
    "OGP_RETRY_BACKOFF_BASE": "0.2",
    "DOWNLOAD_TIMEOUT": "20",
    "OGP_PROGRESS_INTERVAL": "0",
    "OGP_STRICT_SCHEMA": "True",
    "LOG_LEVEL": "INFO",
}


class CrawlResult:
    def __init__(self, proc: subprocess.CompletedProcess, out: Path, workdir: Path):
        self.returncode, self.stdout, self.stderr = proc.returncode, proc.stdout, proc.stderr
        self.out, self.workdir = out, workdir

    @property
    def snapshots(self) -> list[dict]:
        if not self.out.exists():
            return []
        return [
            json.loads(line)
            for line in self.out.read_text(encoding="utf-8").splitlines()
            if line.strip()
        ]

    def by_id(self) -> dict[str, dict]:
        return {s["agency_id"]: s for s in self.snapshots}


def run_crawl(
    spider: str,
    workdir: Path,
    *,
    env: dict | None = None,
    settings: dict | None = None,
    args: dict | None = None,
    timeout: float = 900,
) -> CrawlResult:
    """`scrapy crawl SPIDER` in a subprocess (a real crawl; Twisted's reactor cannot restart)."""
    workdir.mkdir(parents=True, exist_ok=True)
    out = workdir / f"{spider}.jsonl"
    merged = {
        **FAST_SETTINGS,
        "AGENCIES_FILE": str(ROOT / "seeds" / "agencies.csv"),
        "DATABASE_URL": f"sqlite:///{workdir / 'ogpcrawl.db'}",
        "REPORT_DIR": str(workdir / "output"),
        "OGP_SPOOL_DIR": str(workdir / "spool"),
        "OGP_ARCHIVE_DIR": str(workdir / "archive"),
        **(settings or {}),
    }
    cmd = [sys.executable, "-m", "scrapy", "crawl", spider, "-O", str(out)]
    for k, v in merged.items():
        cmd += ["-s", f"{k}={v}"]
    for k, v in (args or {}).items():
        cmd += ["-a", f"{k}={v}"]
    e = dict(env if env is not None else os.environ)
    e["SCRAPY_SETTINGS_MODULE"] = "ogpcrawl.settings"
    e.setdefault("PYTHONPATH", str(ROOT))
    proc = subprocess.run(cmd, cwd=ROOT, env=e, capture_output=True, text=True, timeout=timeout)
    (workdir / f"{spider}.log").write_text(proc.stderr, encoding="utf-8")
    return CrawlResult(proc, out, workdir)


@pytest.fixture()
def crawl():
    return run_crawl
