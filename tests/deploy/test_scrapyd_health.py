"""Run health against a real Scrapyd (deploy/run-scrapyd.sh) and the scheduler's health step:
a job that cannot start (unreadable agencies file) and a run whose every site is down both end
up `failed` in the status file, the badge and a notification (real SMTP and webhook receivers)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from scrapyd_helpers import ROOT, ScrapydProcess, deploy, direct_env, project_copy, wait_finished

from tests.alerts.receivers import SmtpReceiver, WebhookReceiver
from tests.conftest import FAST_SETTINGS

pytestmark = [pytest.mark.e2e, pytest.mark.postgres]

DEAD_AGENCIES = """agency_id,name,level,family,url
gone1,Yox Nazirliyi,central,ministry,http://gone1.nowhere.gov.az/
gone2,Heç Komitəsi,central,ministry,http://gone2.nowhere.gov.az/
"""


def schedule_file(tmp_path: Path, dead: Path) -> Path:
    common = {
        **FAST_SETTINGS,
        "AS_OF": "2018-08-20",
        "REPORT_ON_CLOSE": "False",
        "OGP_SPOOL_DIR": str(tmp_path / "spool"),
    }
    jobs = [
        ("bad", "local_ih", str(tmp_path / "no-such-dir" / "agencies.csv")),
        ("down", "ministries", str(dead)),
    ]
    lines = ['project = "ogpcrawl"']
    for name, spider, agencies in jobs:
        lines += [
            "[[jobs]]",
            f'name = "{name}"',
            f'spider = "{spider}"',
            'cron = "0 2 1 * *"',
            "[jobs.settings]",
        ]
        lines += [
            f"{k} = {json.dumps(v)}" for k, v in {**common, "AGENCIES_FILE": agencies}.items()
        ]
    path = tmp_path / "schedule.toml"
    path.write_text("\n".join(lines) + "\n")
    return path


def scheduler(schedule: Path, data: Path, scrapyd_url: str, env: dict, *args: str):
    done = subprocess.run(
        ["bash", str(ROOT / "deploy" / "run-scheduler.sh"), *args],
        env=direct_env(
            OGP_SCHEDULE=str(schedule), OGP_DATA=str(data), SCRAPYD_URL=scrapyd_url, **env
        ),
        capture_output=True,
        text=True,
        timeout=300,
    )
    return done, [json.loads(line) for line in done.stdout.splitlines() if line.strip()]


def test_a_job_that_cannot_start_and_a_run_with_every_site_down_are_failed(tmp_path, farm, pg_url):
    project = project_copy(tmp_path / "checkout")
    data = tmp_path / "data"
    data.mkdir()
    (data / "scheduler-state.json").write_text(
        json.dumps({"bad": "2018-08-01T02:00:00+00:00", "down": "2018-08-01T02:00:00+00:00"})
    )
    dead = tmp_path / "dead.csv"
    dead.write_text(DEAD_AGENCIES, encoding="utf-8")
    schedule = schedule_file(tmp_path, dead)
    status_dir = tmp_path / "status"
    smtp, hook = SmtpReceiver(), WebhookReceiver()
    notify = tmp_path / "notify.toml"
    notify.write_text(
        f"""lang = "en"
[[channels]]
name = "mail"
url = "{smtp.url()}"
lang = "az"
[[channels]]
name = "hook"
url = "{hook.url()}"
format = "text"
""",
        encoding="utf-8",
    )
    health_env = {
        "DATABASE_URL": pg_url,
        "OGP_HEALTH": "1",
        "OGP_STATUS_DIR": str(status_dir),
        "OGP_NOTIFY_CONFIG": str(notify),
    }
    try:
        with ScrapydProcess(data, {**farm.env, "DATABASE_URL": pg_url}) as scrapyd:
            done = deploy(project, scrapyd.url)
            assert done.returncode == 0, done.stderr
            ran, events = scheduler(schedule, data, scrapyd.url, health_env, "--once")
            assert ran.returncode == 0, ran.stderr + ran.stdout
            submitted = {e["job"]: e["job_id"] for e in events if e["event"] == "submitted"}
            assert set(submitted) == {"bad", "down"}, events
            # right after submission the badges say running
            assert {e["spider"]: e["state"] for e in events if e["event"] == "health"} == {}
            for spider in ("local_ih", "ministries"):
                assert json.loads((status_dir / f"{spider}.json").read_text())["state"] == "running"
            for job_id in submitted.values():
                wait_finished(scrapyd.url, job_id, timeout=300)
            # Both crawls exited non-zero, which Scrapyd shows in its own log.
            log = scrapyd.log.read_text()
            for job_id in submitted.values():
                assert any(
                    "Process died: exitstatus=" in line and job_id in line
                    for line in log.splitlines()
                ), (job_id, log[-3000:])

            ran, events = scheduler(schedule, data, scrapyd.url, health_env, "--once")
            assert ran.returncode == 0, ran.stderr + ran.stdout
    finally:
        smtp.stop()
        hook.stop()

    health = {e["spider"]: e for e in events if e["event"] == "health"}
    assert {s: e["state"] for s, e in health.items()} == {
        "local_ih": "failed",
        "ministries": "failed",
    }
    bad = json.loads((status_dir / "local_ih.json").read_text())
    assert (bad["state"], bad["codes"], bad["job_id"]) == (
        "failed",
        ["no_run_row"],
        submitted["bad"],
    )
    down = json.loads((status_dir / "ministries.json").read_text())
    assert down["state"] == "failed" and "all_unreachable" in down["codes"], down
    assert down["figures"]["unreachable"] == 2
    for spider in ("local_ih", "ministries"):
        svg = (status_dir / f"{spider}.svg").read_text()
        assert "failing" in svg and "#e05d44" in svg

    # one notification per failed run and channel
    assert sorted(e["channel"] for e in events if e["event"] == "notified") == [
        "hook",
        "hook",
        "mail",
        "mail",
    ]
    titles = [p["json"]["title"] for p in hook.posts]
    assert sorted(titles) == sorted(
        [
            f"ogpcrawl local_ih: run {submitted['bad']} FAILED",
            f"ogpcrawl ministries: run {submitted['down']} FAILED",
        ]
    )
    messages = " ".join(p["json"]["message"] for p in hook.posts)
    assert "no run row" in messages and "every site unreachable (2 of 2)" in messages
    assert len(smtp.messages) == 2
    assert all("UĞURSUZ" in m["Subject"] for m in smtp.messages)
