"""Against a real Scrapyd started by deploy/run-scrapyd.sh: deploy with scrapyd-deploy, schedule
through the scheduler service, crawl the offline farm, find the snapshots in PostgreSQL."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from scrapyd_helpers import (
    ROOT,
    ScrapydProcess,
    api,
    deploy,
    direct_env,
    project_copy,
    wait_finished,
    wait_for,
)

from ogpcrawl.scheduler.scrapyd import HttpScrapyd, ScrapydError
from tests.conftest import FAST_SETTINGS

ONLY_LOCAL = ["baku", "sumqayit", "lenkeran"]
ONLY = [*ONLY_LOCAL, "taxes"]  # the scheduled job is a census: both families


def test_scrapyd_deploy_puts_both_spiders_on_scrapyd(tmp_path):
    project = project_copy(tmp_path / "checkout")
    with ScrapydProcess(tmp_path / "data", direct_env()) as scrapyd:
        done = deploy(project, scrapyd.url)
        assert done.returncode == 0, done.stderr
        assert json.loads(done.stdout)["spiders"] == 3
        assert api(scrapyd.url, "listspiders.json", project="ogpcrawl")["spiders"] == [
            "census",
            "local_ih",
            "ministries",
        ]
        client = HttpScrapyd(scrapyd.url)
        assert client.active_jobs("ogpcrawl") == []
        with pytest.raises(ScrapydError, match="nope"):
            client.schedule("ogpcrawl", "nope", job_id="x", settings={}, args={})
    # deploy/scrapyd.conf put Scrapyd's storage under the data directory.
    eggs = list((tmp_path / "data" / "eggs" / "ogpcrawl").glob("*.egg"))
    assert len(eggs) == 1


def test_run_scrapyd_with_ogp_deploy_deploys_its_own_checkout(tmp_path):
    # The Docker service's command: Scrapyd comes up with the image's project already deployed.
    project = project_copy(tmp_path / "checkout")
    env = direct_env(OGP_DEPLOY="1")
    with ScrapydProcess(tmp_path / "data", env, checkout=project) as scrapyd:
        wait_for(
            lambda: "ogpcrawl" in api(scrapyd.url, "listprojects.json")["projects"],
            "the project deployed",
            timeout=180,
        )
        assert api(scrapyd.url, "listspiders.json", project="ogpcrawl")["spiders"] == [
            "census",
            "local_ih",
            "ministries",
        ]


def write_e2e_schedule(tmp_path: Path) -> Path:
    settings = {
        **FAST_SETTINGS,
        "AS_OF": "2018-08-20",
        "AGENCIES_FILE": "${OGP_HOME}/seeds/agencies.csv",
        "REPORT_DIR": str(tmp_path / "output"),
        "OGP_SPOOL_DIR": str(tmp_path / "spool"),
        "OGP_ARCHIVE_DIR": str(tmp_path / "archive"),
    }
    lines = [
        'project = "ogpcrawl"',
        "[[jobs]]",
        'name = "e2e-local"',
        'spider = "census"',
        'cron = "0 2 1 * *"',
        "[jobs.settings]",
    ]
    lines += [f"{k} = {json.dumps(v)}" for k, v in settings.items()]
    lines += ["[jobs.args]", f"only = {json.dumps(','.join(ONLY))}"]
    path = tmp_path / "schedule.toml"
    path.write_text("\n".join(lines) + "\n")
    return path


def run_scheduler(schedule: Path, data: Path, scrapyd_url: str, *args: str):
    done = subprocess.run(
        ["bash", str(ROOT / "deploy" / "run-scheduler.sh"), *args],
        env=direct_env(OGP_SCHEDULE=str(schedule), OGP_DATA=str(data), SCRAPYD_URL=scrapyd_url),
        capture_output=True,
        text=True,
        timeout=120,
    )
    return done, [json.loads(line) for line in done.stdout.splitlines() if line.strip()]


@pytest.mark.e2e
@pytest.mark.postgres
def test_scheduled_crawl_on_scrapyd_stores_snapshots_in_postgres(tmp_path, farm, pg_url):
    from sqlalchemy import create_engine, text

    project = project_copy(tmp_path / "checkout")
    data = tmp_path / "data"
    data.mkdir()
    # The scheduler last handled a fire time in 2018: the latest monthly one is due now.
    (data / "scheduler-state.json").write_text(
        json.dumps({"e2e-local": "2018-08-01T02:00:00+00:00"})
    )
    schedule = write_e2e_schedule(tmp_path)
    env = {**farm.env, "DATABASE_URL": pg_url}  # the Scrapyd way: its jobs inherit both
    with ScrapydProcess(data, env) as scrapyd:
        done = deploy(project, scrapyd.url)
        assert done.returncode == 0, done.stderr

        ran, events = run_scheduler(schedule, data, scrapyd.url, "--once")
        assert ran.returncode == 0, ran.stderr + ran.stdout
        submitted = [e for e in events if e["event"] == "submitted"]
        assert len(submitted) == 1, events
        job_id = submitted[0]["job_id"]
        assert job_id.startswith("e2e-local-")

        job = wait_finished(scrapyd.url, job_id, timeout=600)
        log = (data / "logs" / "ogpcrawl" / "census" / f"{job_id}.log").read_text()
        assert "Traceback" not in log, log[-3000:]

        # The same fire time is handled: a second --once submits nothing.
        _, again = run_scheduler(schedule, data, scrapyd.url, "--once")
        assert not [e for e in again if e["event"] == "submitted"]
        jobs = api(scrapyd.url, "listjobs.json", project="ogpcrawl")
        assert [j["id"] for j in jobs["finished"]] == [job["id"]]

    engine = create_engine(pg_url)
    with engine.connect() as c:
        rows = c.execute(text("SELECT run_id, agency_id FROM snapshots")).all()
        runs = c.execute(text("SELECT run_id, spider, status FROM runs")).all()
    engine.dispose()
    assert [tuple(r) for r in runs] == [(job_id, "census", "finished")]  # one run, both families
    assert sorted(r.agency_id for r in rows) == sorted(ONLY)
    assert {r.run_id for r in rows} == {job_id}  # the Scrapyd job id is the run id
    # The job's downloads went through the farm: Scrapyd's environment reached the crawl.
    hosts = {(r.get("host") or "").split(":")[0] for r in farm.requests()}
    assert {f"{a}-ih.gov.az" for a in ONLY_LOCAL} | {"taxes.gov.az"} <= hosts, sorted(hosts)
