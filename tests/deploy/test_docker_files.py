"""docker/ kept honest without a Docker engine: the compose file parses, every command is a script
or module of this repository that the tests also run, and the environment wires the services."""

from __future__ import annotations

import importlib.util
import re
import shlex
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

from ogpcrawl.farm.__main__ import parse_args as farm_args
from ogpcrawl.scheduler.__main__ import parse_args as scheduler_args

ROOT = Path(__file__).resolve().parents[2]
DOCKER = ROOT / "docker"
# The scripts tests/deploy runs (scrapyd_helpers.py, test_scrapyd.py, test_scheduler_cli.py).
TESTED_SCRIPTS = {"deploy/run-scrapyd.sh", "deploy/run-scheduler.sh", "deploy/deploy.sh"}
COMPOSE_DEFAULT = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)-([^}]*)\}")


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load((DOCKER / "docker-compose.yml").read_text())


def env(service: dict) -> dict[str, str]:
    """The service's environment as Compose resolves it with nothing set on the host."""
    raw = service.get("environment", {})
    if isinstance(raw, list):
        raw = dict(item.split("=", 1) for item in raw)
    return {k: COMPOSE_DEFAULT.sub(lambda m: m.group(2), str(v)) for k, v in raw.items()}


def command(service: dict) -> list[str]:
    cmd = service["command"]
    return shlex.split(cmd) if isinstance(cmd, str) else list(cmd)


def test_compose_has_the_four_services_and_builds_the_repository_dockerfile(compose):
    services = compose["services"]
    assert set(services) == {"postgres", "scrapyd", "scheduler", "farm"}
    for name in ("scrapyd", "scheduler", "farm"):
        build = services[name]["build"]
        assert (DOCKER / build["context"] / build["dockerfile"]).resolve() == DOCKER / "Dockerfile"


def test_every_command_is_a_tested_script_or_a_module_whose_parser_accepts_it(compose):
    seen_scripts = set()
    for name, service in compose["services"].items():
        if "command" not in service:
            continue
        cmd = command(service)
        if cmd[0] == "bash":
            script = cmd[1]
            assert (ROOT / script).is_file(), f"{name}: {script} is not in the repository"
            assert script in TESTED_SCRIPTS, f"{name}: {script} is not run by tests/deploy"
            seen_scripts.add(script)
        else:
            assert cmd[:2] == ["python", "-m"], name
            assert importlib.util.find_spec(cmd[2]) is not None, f"{name}: no module {cmd[2]}"
            if cmd[2] == "ogpcrawl.farm":
                assert farm_args(cmd[3:]).port == 8899
            elif cmd[2] == "ogpcrawl.scheduler":
                scheduler_args(cmd[3:])  # exits on an unknown flag
    assert {"deploy/run-scrapyd.sh", "deploy/run-scheduler.sh"} <= seen_scripts
    # The tested scripts really are what the tests start.
    sources = "".join(p.read_text() for p in (ROOT / "tests" / "deploy").glob("*.py"))
    for script in TESTED_SCRIPTS:
        assert Path(script).name in sources, script


def test_scrapyd_env_reaches_postgres_and_the_farm(compose):
    services = compose["services"]
    scrapyd = env(services["scrapyd"])
    db = urlsplit(scrapyd["DATABASE_URL"])
    pg = env(services["postgres"])
    assert db.scheme == "postgresql+psycopg" and db.hostname == "postgres"
    assert (db.username, db.password, db.path) == (
        pg["POSTGRES_USER"],
        pg["POSTGRES_PASSWORD"],
        "/" + pg["POSTGRES_DB"],
    )
    farm_port = farm_args(command(services["farm"])[3:]).port
    assert scrapyd["http_proxy"] == scrapyd["https_proxy"] == f"http://farm:{farm_port}"
    assert "postgres" in scrapyd["no_proxy"].split(",")
    # Scrapyd listens inside the compose network, published on the host's loopback only.
    assert scrapyd["SCRAPYD_BIND_ADDRESS"] == "0.0.0.0"
    assert scrapyd["OGP_DEPLOY"] == "1"
    assert services["scrapyd"]["ports"] == [f"127.0.0.1:{scrapyd['SCRAPYD_HTTP_PORT']}:6800"]


def test_scheduler_calls_scrapyd_by_service_name_and_shares_its_data_volume(compose):
    services = compose["services"]
    scheduler = env(services["scheduler"])
    url = urlsplit(scheduler["SCRAPYD_URL"])
    assert (url.hostname, url.port) == (
        "scrapyd",
        int(env(services["scrapyd"])["SCRAPYD_HTTP_PORT"]),
    )
    assert "http_proxy" not in scheduler  # the proxy is for crawls, not for calls to Scrapyd
    assert services["scheduler"]["volumes"] == services["scrapyd"]["volumes"]
    assert services["scrapyd"]["volumes"][0].split(":")[0] in compose["volumes"]


def test_dockerfile_copies_existing_paths_installs_chromium_and_runs_a_tested_script():
    lines = [line.strip() for line in (DOCKER / "Dockerfile").read_text().splitlines()]
    copies = [shlex.split(line)[1:-1] for line in lines if line.startswith("COPY")]
    for sources in copies:
        for src in sources:
            if not src.startswith("--"):
                assert (ROOT / src).exists(), f"COPY {src}: not in the repository"
    text = "\n".join(lines)
    assert re.search(r"apt-get install[^\n]*\n?[^\n]*chromium", text)
    assert "pip install --no-deps -e ." in text  # deployed eggs must win over the image's copy
    cmd = next(line for line in lines if line.startswith("CMD"))
    assert "deploy/run-scrapyd.sh" in cmd and (ROOT / "deploy" / "run-scrapyd.sh").is_file()
    for line in lines:
        if line.startswith("ENV") or line.startswith("OGP_"):
            assert "DATABASE_URL" not in line  # credentials come from the compose file


def test_scheduler_runs_the_health_step_on_the_crawls_database(compose):
    services = compose["services"]
    scheduler, scrapyd = env(services["scheduler"]), env(services["scrapyd"])
    assert scheduler["OGP_HEALTH"] == "1"
    assert scheduler["DATABASE_URL"] == scrapyd["DATABASE_URL"]  # reads the runs the jobs write
    # the status files sit on the shared data volume, where an operator can read them
    mount = services["scheduler"]["volumes"][0].split(":")[1]
    assert scheduler["OGP_STATUS_DIR"].startswith(mount + "/")
    # the re-check of vanished sections reaches the sites the way the crawls do
    assert scheduler["OGP_RECHECK_PROXY"] == scrapyd["http_proxy"]
