"""Routing, the digest's templates (az, en; HTML autoescaped), the status file and the badge."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from ogpcrawl.alerts.changes import Change
from ogpcrawl.alerts.digest import Digest, evidence_link
from ogpcrawl.alerts.notify import (
    NotifyConfigError,
    load_config,
    messages_for,
    parse_config,
    redact,
    render,
)
from ogpcrawl.alerts.status import badge_svg, read_status, write_status
from ogpcrawl.health import Health

NOW = datetime(2026, 12, 1, 4, 0, tzinfo=UTC)
HOSTILE = "<script>alert(1)</script>"


def digest(state="ok", changes=(), reasons=()):
    health = Health(
        state,
        tuple(reasons),
        ("x",) * len(reasons),
        run_id="r2",
        spider="local_ih",
        previous_run_id="r1",
        figures={"agencies": 80, "unreachable": 1, "finished_at": "2026-12-01T03:40:00+00:00"},
    )
    return Digest(
        "r2",
        "local_ih",
        health,
        {"run_id": "r2", "as_of": "2026-12-01"},
        {"run_id": "r1", "as_of": "2026-11-01"},
        tuple(changes),
        {"r2": "https://ogp.example.org/ev/r2/", "r1": "https://ogp.example.org/ev/r1/"},
    )


LOCAL = Change(
    "agdam",
    "Ağdam",
    "local",
    "appeared",
    "council",
    evidence_after="http://agdam-ih.gov.az/page/77.html",
)
CENTRAL = Change(
    "taxes",
    "Vergilər Nazirliyi",
    "central",
    "went_down",
    before=None,
    after="dns",
    evidence_before="http://www.taxes.gov.az/",
)
NASTY = Change(
    "x",
    HOSTILE,
    "local",
    "vanished",
    "procurement",
    note="recheck",
    evidence_before="javascript:alert(1)",
    evidence_after="http://x.gov.az/a?b=<i>",
)

CONFIG = """
lang = "az"
evidence_url = "https://ogp.example.org/ev/{run_id}/"

[[channels]]
name = "everyone"
url = "json://127.0.0.1:9/hook"

[[channels]]
name = "central-desk"
urls = ["mailto://127.0.0.1:25?to=desk@example.org&from=ogp@example.org"]
levels = ["central"]
lang = "en"
format = "text"

[[channels]]
name = "agdam-watch"
url = "json://127.0.0.1:9/${HOOK_PATH}"
agencies = ["agdam"]
health = []
"""


def config(tmp_path, text=CONFIG, **env):
    path = tmp_path / "notify.toml"
    path.write_text(text, encoding="utf-8")
    return load_config(path, environ={"HOOK_PATH": "agdam", **env})


def test_routing_global_level_and_agency(tmp_path):
    cfg = config(tmp_path)
    assert cfg.channels[2].urls == ("json://127.0.0.1:9/agdam",)  # ${VAR} expanded
    msgs = {m.channel: m for m in messages_for(digest(changes=[LOCAL, CENTRAL]), cfg)}
    assert set(msgs) == {"everyone", "central-desk", "agdam-watch"}
    assert msgs["everyone"].changes == 2
    assert msgs["central-desk"].changes == 1 and "Vergilər" in msgs["central-desk"].body
    assert "Ağdam" not in msgs["central-desk"].body
    assert msgs["agdam-watch"].changes == 1


def test_a_quiet_ok_run_sends_nothing_and_a_failed_run_reaches_every_default_channel(tmp_path):
    cfg = config(tmp_path)
    assert messages_for(digest(), cfg) == []
    failed = messages_for(digest("failed", reasons=["every site unreachable (80 of 80)"]), cfg)
    # agdam-watch asked for changes only (health = [])
    assert [m.channel for m in failed] == ["everyone", "central-desk"]
    assert all("every site unreachable" in m.body for m in failed)
    assert "UĞURSUZ" in failed[0].title and "FAILED" in failed[1].title


def test_digest_in_both_languages_with_links_to_both_runs():
    d = digest(changes=[LOCAL])
    title_az, body_az = render(d, lang="az", fmt="text")
    title_en, body_en = render(d, lang="en", fmt="text")
    assert "İctimai şura" in body_az and "bölmə yaranıb" in body_az
    assert "section appeared" in body_en and "Public council" in body_en
    for body in (body_az, body_en):
        assert "https://ogp.example.org/ev/r2/" in body and "https://ogp.example.org/ev/r1/" in body
        assert "http://agdam-ih.gov.az/page/77.html" in body
    _, html = render(d, lang="en", fmt="html")
    assert '<a href="https://ogp.example.org/ev/r1/">' in html


def test_html_bodies_escape_scraped_text_and_link_only_http():
    _, html = render(digest(changes=[NASTY]), lang="en", fmt="html")
    assert HOSTILE not in html and "&lt;script&gt;" in html
    assert "javascript:" not in html
    assert 'href="http://x.gov.az/a?b=&lt;i&gt;"' in html


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("[[channels]]\nname='a'\n", "needs url"),
        ("[[channels]]\nurl='json://x'\nlevels=['regional']\n", "unknown levels"),
        ("[[channels]]\nurl='json://x'\nformat='pdf'\n", "format"),
        ("[[channels]]\nurl='json://x'\nlang='ru'\n", "lang"),
        ("[[channels]]\nurl='json://x/${NOPE}'\n", "NOPE is not set"),
        ("colour = 'red'\n", "unknown top-level"),
        ("[[channels]\n", "line 1"),
    ],
)
def test_bad_config_names_the_file_and_the_problem(tmp_path, text, words):
    with pytest.raises(NotifyConfigError) as err:
        config(tmp_path, text)
    assert "notify.toml" in str(err.value) and words in str(err.value)


def test_redacted_urls_hide_credentials_and_tokens():
    assert redact("mailtos://user:secret@smtp.example.org?to=a@b") == "mailtos://smtp.example.org/…"
    assert redact("slack://T1/B2/C3/#general") == "slack://t1/…"
    assert "ABC" not in redact("tgram://123456:ABC/-100200")


def test_evidence_link_quotes_the_run_id():
    assert evidence_link("https://e/{run_id}/", "a b/../c") == "https://e/a%20b%2F..%2Fc/"
    assert evidence_link(None, "r") is None
    with pytest.raises(NotifyConfigError):
        parse_config({"evidence_url": "javascript:x"})


def test_status_file_and_badge(tmp_path):
    h = digest("failed", reasons=["no run row: the job died before its run started"]).health
    record = write_status(tmp_path, h, now=NOW, job_id="r2", job_state="finished")
    assert (
        json.loads((tmp_path / "local_ih.json").read_text())
        == record
        == read_status(tmp_path, "local_ih")
    )
    assert (record["state"], record["badge"], record["date"]) == ("failed", "failing", "2026-12-01")
    svg = (tmp_path / "local_ih.svg").read_text()
    assert "failing 2026-12-01" in svg and "#e05d44" in svg and svg.startswith("<svg")
    assert "running" in badge_svg("local_ih", "running", "2026-12-02")
    assert "<script" not in badge_svg("<script>", "ok", None)
    with pytest.raises(ValueError):
        write_status(tmp_path, Health("ok", spider="../etc"), now=NOW)


def test_the_documented_channel_examples_load_and_apprise_accepts_every_url():
    import re

    import apprise

    from tests.conftest import ROOT

    text = (ROOT / "docs" / "deployment.md").read_text(encoding="utf-8")
    block = next(b for b in re.findall(r"```toml\n(.*?)```", text, re.S) if "tgram://" in b)
    import tomllib

    env = {
        "SMTP_PASSWORD": "pw",
        "TELEGRAM_BOT_TOKEN": "123456789:ABCdefGhIJKlmnOPQrstUVwxyz0123",
        "SLACK_TOKEN_A": "T1JJ3T3L2",
        "SLACK_TOKEN_B": "A1BRTD4JD",
        "SLACK_TOKEN_C": "TIiajkdnlazkcOXrIdevi7FQ",
        "MATRIX_PASSWORD": "pw",
    }
    cfg = parse_config(tomllib.loads(block), environ=env)
    schemes = {c.urls[0].split("://")[0] for c in cfg.channels}
    assert schemes == {"mailtos", "tgram", "slack", "matrixs", "json"}
    for channel in cfg.channels:
        assert apprise.Apprise().add(channel.urls[0]), channel.name


def test_health_reasons_are_told_in_the_channels_language():
    from dataclasses import replace

    from ogpcrawl.health import classify

    run = {
        "run_id": "r2",
        "spider": "local_ih",
        "status": "failed",
        "as_of": "2026-12-01",
        "summary": {"agencies": 80, "reachable": 0, "unreachable": 80},
    }
    d = replace(digest(), health=classify(run))
    _, az = render(d, lang="az", fmt="text")
    _, en = render(d, lang="en", fmt="text")
    assert "yoxlama uğursuz: 80 saytdan 80 sayt işləmir" in az
    assert "bütün saytlar işləmir (80 saytdan 80)" in az and "unreachable" not in az.split("\n")[2]
    assert "run failed: 80 of 80 sites unreachable" in en
    prev = {
        **run,
        "run_id": "r1",
        "status": "finished",
        "summary": {"agencies": 80, "reachable": 80, "unreachable": 0},
    }
    ok_run = {
        **run,
        "status": "finished",
        "summary": {"agencies": 80, "reachable": 80, "unreachable": 0},
    }
    d = replace(
        digest(), health=classify(ok_run, previous=prev, vanished={"procurement_section": (30, 80)})
    )
    _, az = render(d, lang="az", fmt="html")
    assert "«Satınalmalar» bölməsi eyni anda 80 saytdan 30 saytda yoxa çıxıb" in az
