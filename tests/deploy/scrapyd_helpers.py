"""A real Scrapyd started with deploy/run-scrapyd.sh, and a copy of the project to deploy."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PROXY_VARS = (
    "http_proxy",
    "https_proxy",
    "HTTP_PROXY",
    "HTTPS_PROXY",
    "no_proxy",
    "NO_PROXY",
    "all_proxy",
    "ALL_PROXY",
)


def direct_env(**extra: str) -> dict:
    """This process's environment without proxies, with the venv's tools first on PATH."""
    env = {k: v for k, v in os.environ.items() if k not in PROXY_VARS}
    env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
    env["PYTHON"] = sys.executable
    env.update(extra)
    return env


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def project_copy(dest: Path) -> Path:
    """What a user's checkout holds for a deploy, copied so that the egg build (which writes
    setup.py, build/ and *.egg-info next to scrapy.cfg) never touches the working tree."""
    dest.mkdir(parents=True)
    for name in ("scrapy.cfg", "pyproject.toml", "README.md", "setup.py"):
        if (ROOT / name).exists():
            shutil.copy2(ROOT / name, dest / name)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    # symlinks=False: report/templates links to the top-level templates/, as in a checkout.
    shutil.copytree(ROOT / "ogpcrawl", dest / "ogpcrawl", symlinks=False, ignore=ignore)
    shutil.copytree(ROOT / "deploy", dest / "deploy", ignore=ignore)
    return dest


def api(base: str, endpoint: str, **params: str) -> dict:
    url = base.rstrip("/") + "/" + endpoint
    if params:
        url += "?" + urllib.parse.urlencode(params)
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    with opener.open(url, timeout=10) as response:
        return json.loads(response.read())


class ScrapydProcess:
    def __init__(self, data_dir: Path, env: dict, *, checkout: Path = ROOT) -> None:
        self.data_dir = data_dir
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        self.log = data_dir.parent / f"scrapyd-{self.port}.log"
        env = {
            **env,
            "OGP_DATA": str(data_dir),
            "SCRAPYD_HTTP_PORT": str(self.port),
            "PYTHON": sys.executable,
        }
        self.proc = subprocess.Popen(
            ["bash", str(checkout / "deploy" / "run-scrapyd.sh")],
            cwd=checkout,
            env=env,
            stdout=open(self.log, "w"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def wait_ready(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError("Scrapyd exited:\n" + self.log.read_text()[-3000:])
            try:
                if api(self.url, "daemonstatus.json")["status"] == "ok":
                    return
            except OSError:
                time.sleep(0.5)
        raise RuntimeError("Scrapyd did not answer:\n" + self.log.read_text()[-3000:])

    def stop(self) -> None:
        # Its own session: the crawls it launched go with it.
        try:
            os.killpg(self.proc.pid, signal.SIGTERM)
            self.proc.wait(20)
        except ProcessLookupError:
            pass
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(10)

    def __enter__(self) -> ScrapydProcess:
        try:
            self.wait_ready()
        except Exception:
            self.stop()
            raise
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


def deploy(project: Path, scrapyd_url: str) -> subprocess.CompletedProcess:
    """The user's command: deploy/deploy.sh (scrapyd-deploy with the [deploy] target)."""
    return subprocess.run(
        ["bash", str(project / "deploy" / "deploy.sh")],
        cwd=project,
        env=direct_env(SCRAPYD_URL=scrapyd_url),
        capture_output=True,
        text=True,
        timeout=300,
    )


def wait_for(check, what: str, timeout: float):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = check()
        if result:
            return result
        time.sleep(1)
    raise AssertionError(f"{what}: not after {timeout}s")


def wait_finished(base: str, job_id: str, timeout: float) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        jobs = api(base, "listjobs.json", project="ogpcrawl")
        for job in jobs["finished"]:
            if job["id"] == job_id:
                return job
        time.sleep(2)
    raise AssertionError(f"job {job_id} not finished after {timeout}s: {jobs}")
