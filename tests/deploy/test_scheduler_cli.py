"""deploy/run-scheduler.sh and python -m ogpcrawl.scheduler as an operator runs them (no Scrapyd
needed: an unreachable one is part of what they must report)."""

from __future__ import annotations

import json
import signal
import subprocess
import sys

from scrapyd_helpers import ROOT, direct_env, free_port

SCHEDULE = """
[[jobs]]
name = "local"
spider = "local_ih"
cron = "0 2 1 * *"
[jobs.settings]
AGENCIES_FILE = "${OGP_HOME}/seeds/agencies.csv"
"""


def run(tmp_path, *args, schedule=SCHEDULE, state=None):
    path = tmp_path / "schedule.toml"
    path.write_text(schedule)
    data = tmp_path / "data"
    data.mkdir(exist_ok=True)
    if state is not None:
        (data / "scheduler-state.json").write_text(json.dumps(state))
    env = direct_env(
        OGP_SCHEDULE=str(path), OGP_DATA=str(data), SCRAPYD_URL=f"http://127.0.0.1:{free_port()}"
    )  # nothing listens there
    done = subprocess.run(
        ["bash", str(ROOT / "deploy" / "run-scheduler.sh"), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    events = [json.loads(line) for line in done.stdout.splitlines() if line.strip()]
    return done, events, data / "scheduler-state.json"


def test_unreachable_scrapyd_fails_the_run_and_keeps_the_fire_time_due(tmp_path):
    state = {"local": "2025-08-01T02:00:00+00:00"}
    done, events, state_file = run(tmp_path, "--once", state=state)
    assert done.returncode == 1
    failed = [e for e in events if e["event"] == "failed"]
    assert [e["job"] for e in failed] == ["local"]
    assert "cannot reach" in failed[0]["reason"]
    assert json.loads(state_file.read_text()) == state  # retried next time, not lost
    assert events[-1]["event"] == "stopped"


def test_dry_run_shows_the_expanded_submission_and_contacts_no_scrapyd_for_idle_jobs(tmp_path):
    done, events, state_file = run(tmp_path, "--once", "--dry-run")
    assert done.returncode == 0, done.stderr
    assert [e["event"] for e in events] == ["started", "next_run", "stopped"]
    assert events[0]["dry_run"] is True
    assert events[1]["job"] == "local" and events[1]["at"].endswith("T02:00:00+00:00")
    assert not state_file.exists()


def test_first_start_records_jobs_and_submits_nothing(tmp_path):
    done, events, state_file = run(tmp_path, "--once")
    assert done.returncode == 0, done.stderr
    assert not [e for e in events if e["event"] in ("submitted", "failed")]
    assert set(json.loads(state_file.read_text())) == {"local"}


def test_unusable_schedule_exits_2_naming_the_problem(tmp_path):
    done, events, _ = run(tmp_path, "--once", schedule=SCHEDULE.replace("0 2 1 * *", "0 2 32 * *"))
    assert done.returncode == 2
    assert "invalid cron expression '0 2 32 * *'" in done.stderr
    assert events == []


def test_sigterm_stops_the_service_cleanly_with_its_stopped_line(tmp_path):
    """docker stop sends SIGTERM: the service must end as on Ctrl-C, with its `stopped` line."""
    path = tmp_path / "schedule.toml"
    path.write_text(SCHEDULE)
    env = direct_env(OGP_HOME=str(ROOT))
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "ogpcrawl.scheduler",
            "--schedule",
            str(path),
            "--scrapyd",
            f"http://127.0.0.1:{free_port()}",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        first = json.loads(proc.stdout.readline())  # the service is up and sleeping
        assert first["event"] == "started"
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0, err
    events = [json.loads(line) for line in out.splitlines() if line.strip()]
    assert events[-1]["event"] == "stopped"


def test_health_options_are_checked_before_anything_is_submitted(tmp_path):
    bad = tmp_path / "notify.toml"
    bad.write_text("[[channels]]\nname = 'x'\n")  # no url
    done, events, _ = run(tmp_path, "--once", "--health", "--notify", str(bad))
    assert done.returncode == 2 and events == []
    assert "notify.toml: channel x: needs url or urls" in done.stderr
    path = tmp_path / "schedule.toml"
    env = direct_env(OGP_HOME=str(ROOT), OGP_HEALTH_THRESHOLDS='{"unreachable_jump": 1}')
    done = subprocess.run(
        [sys.executable, "-m", "ogpcrawl.scheduler", "--schedule", str(path), "--once", "--health"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2 and "unknown threshold 'unreachable_jump'" in done.stderr
