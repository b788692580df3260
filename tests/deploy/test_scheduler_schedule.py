"""The schedule file: the shipped one loads, and every mistake is refused with its job named."""

from __future__ import annotations

from pathlib import Path

import pytest

from ogpcrawl.scheduler.schedule import ScheduleError, load_schedule, parse_schedule

ROOT = Path(__file__).resolve().parents[2]
ENV = {"OGP_HOME": "/app", "OGP_DATA": "/data"}


def job(**over):
    return {"name": "local", "spider": "local_ih", "cron": "0 2 1 * *", **over}


def test_shipped_schedule_runs_the_census_monthly_with_absolute_paths():
    schedule = load_schedule(ROOT / "deploy" / "schedule.toml", environ=ENV)
    assert schedule.project == "ogpcrawl"
    assert [j.spider for j in schedule.jobs] == ["census"]  # both families, one run
    for j in schedule.jobs:
        assert j.cron.split()[2:] == ["1", "*", "*"]  # day 1 of every month
        assert j.settings["AGENCIES_FILE"] == "/app/seeds/agencies.csv"
        assert j.settings["REPORT_DIR"] == "/data/output"
        assert "DATABASE_URL" not in j.settings  # the Scrapyd process's environment carries it


def test_job_settings_override_shared_ones_and_values_become_strings():
    s = parse_schedule(
        {
            "settings": {"OGP_PAGE_BUDGET": 25, "AS_OF": "2018-08-20"},
            "jobs": [
                job(
                    settings={"OGP_PAGE_BUDGET": 10, "ROBOTSTXT_OBEY": False},
                    args={"only": "baku,sumqayit"},
                )
            ],
        },
        environ={},
    )
    j = s.jobs[0]
    assert j.settings == {"OGP_PAGE_BUDGET": "10", "AS_OF": "2018-08-20", "ROBOTSTXT_OBEY": "False"}
    assert j.args == {"only": "baku,sumqayit"}


def test_environment_variables_expand_with_defaults():
    s = parse_schedule(
        {
            "settings": {
                "AGENCIES_FILE": "${OGP_HOME}/seeds/agencies.csv",
                "REPORT_DIR": "${OUT:-/srv/out}",
            },
            "jobs": [job()],
        },
        environ={"OGP_HOME": "/opt/ogp"},
    )
    assert s.jobs[0].settings == {
        "AGENCIES_FILE": "/opt/ogp/seeds/agencies.csv",
        "REPORT_DIR": "/srv/out",
    }


@pytest.mark.parametrize(
    "data, message",
    [
        ({"settings": {"AGENCIES_FILE": "${NOPE}/a.csv"}, "jobs": [job()]}, "NOPE is not set"),
        ({"jobs": [job(cron="61 2 1 * *")]}, "invalid cron"),
        ({"jobs": [job(), job()]}, "duplicate job name"),
        ({"jobs": [job(name="has space")]}, "name must match"),
        ({"jobs": [job(name="x" * 41)]}, "name must match"),
        ({"jobs": [job(spider="")]}, "spider is required"),
        ({"jobs": [job(args={"jobid": "x"})]}, "invalid name 'jobid'"),
        ({"jobs": [job(settings={"lower": "x"})]}, "invalid name 'lower'"),
        ({"jobs": [job(crontab="0 2 1 * *")]}, "unknown keys ['crontab']"),
        ({"jobs": [job(settings={"X": [1]})]}, "expected a string"),
        ({"jobs": []}, "no [[jobs]]"),
        ({"job": [job()]}, "unknown top-level keys"),
    ],
)
def test_mistakes_are_refused_naming_the_job(data, message):
    with pytest.raises(ScheduleError) as err:
        parse_schedule(data, source="s.toml", environ={})
    assert message in str(err.value)
    assert str(err.value).startswith("s.toml")


def test_unreadable_files_name_the_path(tmp_path):
    with pytest.raises(ScheduleError, match="cannot read"):
        load_schedule(tmp_path / "missing.toml")
    bad = tmp_path / "bad.toml"
    bad.write_text("[[jobs]\n")
    with pytest.raises(ScheduleError, match="not valid TOML"):
        load_schedule(bad)


def test_the_documented_example_is_a_valid_schedule():
    import re
    import tomllib

    doc = (ROOT / "docs" / "deployment.md").read_text(encoding="utf-8")
    block = re.search(r"## The schedule file\n\n```toml\n(.*?)```", doc, re.S).group(1)
    (j,) = parse_schedule(tomllib.loads(block), environ=ENV).jobs
    assert (j.spider, j.args, j.settings["OGP_PAGE_BUDGET"]) == (
        "local_ih",
        {"only": "binegedi,sabunchu"},
        "25",
    )
