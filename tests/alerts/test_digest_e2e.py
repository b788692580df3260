"""Two crawls of the replica with changes made by the farm's edit mode, then `scrapy notify`:
real receivers on loopback (SMTP and an HTTP webhook) get one digest each.

Between the runs the farm is restarted with edits: Ağdam gains a council section (and its
Facebook page stops posting), Nizami's
procurement section leaves its menu, Sabunçu goes down, and Binəqədi's e-services page only fails
to load (503) — which must not read as "vanished". The farm of the second run stays up for the
notify step, whose re-check of Nizami's home page confirms the absence.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from receivers import SmtpReceiver, WebhookReceiver
from sqlalchemy import create_engine, text

from tests.conftest import ROOT, fresh_pg_database, run_crawl, start_farm

pytestmark = [pytest.mark.e2e, pytest.mark.postgres]

ONLY = "agdam,nizami,binegedi,sabunchu"
EDITS = [
    "agdam:council_section=true,council_status=members,council_path=/page/77.html,"
    "council_title=İctimai şura,council_in_menu=true,council_members=9,"
    "social_activity=stopped,social_last_post=2018-05-02",
    "nizami:procurement_section=false",
    "sabunchu:reachable=false",
    "binegedi:fail_paths=/page/29.html",
]
EVIDENCE = "https://ogp.example.org/evidence/{run_id}/"


@pytest.fixture(scope="module")
def runs(tmp_path_factory, pg_server_url):
    tmp = tmp_path_factory.mktemp("digest")
    with fresh_pg_database(pg_server_url, "ogp_digest") as url:
        settings = {"DATABASE_URL": url, "AS_OF": "2018-08-20", "REPORT_ON_CLOSE": "False"}
        (tmp / "farm0").mkdir()
        farm = start_farm(tmp / "farm0", "--scenario", "replica")
        try:
            first = run_crawl(
                "local_ih", tmp / "crawl0", env=farm.env, settings=settings, args={"only": ONLY}
            )
        finally:
            farm.stop()
        (tmp / "farm1").mkdir()
        edits = [a for e in EDITS for a in ("--edit", e)]
        farm = start_farm(tmp / "farm1", "--scenario", "replica", *edits)
        try:
            second = run_crawl(
                "local_ih", tmp / "crawl1", env=farm.env, settings=settings, args={"only": ONLY}
            )
            yield {"url": url, "farm": farm, "first": first, "second": second, "tmp": tmp}
        finally:
            farm.stop()


def scrapy(runs, *args):
    # The re-check reaches the monitored sites through the farm (http_proxy); the receivers are
    # on loopback, which no_proxy keeps direct, as an operator would configure a crawler host.
    env = {
        **runs["farm"].env,
        "no_proxy": "127.0.0.1,localhost",
        "NO_PROXY": "127.0.0.1,localhost",
        "PYTHONPATH": str(ROOT),
        "SCRAPY_SETTINGS_MODULE": "ogpcrawl.settings",
    }
    return subprocess.run(
        [sys.executable, "-m", "scrapy", *args, "-s", f"DATABASE_URL={runs['url']}"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def run_id(result):
    return result.snapshots[0]["run_id"]


def test_the_digest_reaches_smtp_and_webhook_receivers(runs, tmp_path):
    first, second = runs["first"], runs["second"]
    assert [first.returncode, second.returncode] == [0, 0], second.stderr[-2000:]
    snaps = second.by_id()
    # the premises: Sabunçu down, Binəqədi's e-services page failed and is judged unknown
    assert snaps["sabunchu"]["reachable"] is False
    assert "e_services" in snaps["binegedi"]["unknown"]
    assert snaps["binegedi"]["e_services"]["section"] is True
    assert snaps["nizami"]["procurement"]["section"] is False
    fb = next(a for a in snaps["agdam"]["social"] if a["network"] == "facebook")
    before = next(a for a in first.by_id()["agdam"]["social"] if a["network"] == "facebook")
    assert (before["activity"], fb["activity"]) == ("moderate", "stopped")

    smtp, hook = SmtpReceiver(), WebhookReceiver()
    try:
        config = tmp_path / "notify.toml"
        config.write_text(
            f"""
lang = "az"
evidence_url = "{EVIDENCE}"

[[channels]]
name = "mail"
url = "{smtp.url()}"

[[channels]]
name = "hook"
url = "{hook.url()}"
lang = "en"
format = "text"
""",
            encoding="utf-8",
        )
        r1, r2 = run_id(first), run_id(second)

        dry = scrapy(runs, "notify", "--run", r2, "--config", str(config), "--dry-run")
        assert dry.returncode == 0, dry.stderr[-2000:]
        assert "would send to mail (mailto://127.0.0.1/…)" in dry.stdout
        assert "would send to hook" in dry.stdout and "section vanished" in dry.stdout
        assert smtp.messages == [] and hook.posts == []  # a dry run sends nothing
        engine = create_engine(runs["url"])

        def summary():
            with engine.connect() as c:
                return c.execute(
                    text("SELECT summary FROM runs WHERE run_id = :r"), {"r": r2}
                ).scalar_one()

        assert "alerts" not in summary()  # ... and records nothing

        sent = scrapy(runs, "notify", "--run", r2, "--config", str(config))
        assert sent.returncode == 0, sent.stdout + sent.stderr[-2000:]
        assert "mail: sent" in sent.stdout and "hook: sent" in sent.stdout
        # the re-check's outcome is kept with the run: only Nizami was a candidate
        assert summary()["alerts"]["rechecks"] == {"nizami": {"procurement": "absent"}}
        engine.dispose()
    finally:
        smtp.stop()
        hook.stop()

    # one digest per run and channel
    assert len(smtp.messages) == 1 and len(hook.posts) == 1
    assert smtp.envelopes[0][1] == ["team@example.org"]
    mail = smtp.bodies()[0]
    assert r2 in smtp.messages[0]["Subject"]
    assert "UĞURSUZ" not in smtp.messages[0]["Subject"]
    for words in (
        "Ağdam",
        "İctimai şura",
        "bölmə yaranıb",
        "Nizami",
        "Satınalmalar",
        "bölmə yoxa çıxıb",
        "Sabunçu",
        "İŞLƏMİR",
        "sosial şəbəkə hesabı susub",
        fb["url"],
        "orta (ayda bir neçə) → dayanıb",
        EVIDENCE.format(run_id=r1),
        EVIDENCE.format(run_id=r2),
    ):
        assert words in mail, words
    assert "Binəqədi" not in mail  # a page that only failed to load: no alert at all
    assert mail.count("yoxa çıxıb") == 1

    message = hook.posts[0]["json"]["message"]
    assert "Ağdam — section appeared: Public council" in message
    assert "Nizami — section vanished: Procurement" in message
    assert "Sabunçu — site went down" in message
    assert f"Ağdam — social account went quiet: {fb['url']} (moderate → stopped)" in message
    assert "Binəqədi" not in message
    assert "confirmed by a re-check" in message


def test_health_of_the_pair_is_ok_and_written_as_status_and_badge(runs, tmp_path):
    r2 = run_id(runs["second"])
    done = scrapy(
        runs,
        "health",
        "--run",
        r2,
        "--job-state",
        "finished",
        "--status-dir",
        str(tmp_path),
        "--json",
    )
    assert done.returncode == 0, done.stderr[-2000:]
    verdict = json.loads(done.stdout)
    assert (verdict["state"], verdict["previous_run_id"]) == ("ok", run_id(runs["first"]))
    status = json.loads((tmp_path / "local_ih.json").read_text())
    assert status["state"] == "ok" and status["run_id"] == r2
    assert ">ok " in (tmp_path / "local_ih.svg").read_text()
