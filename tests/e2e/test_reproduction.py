"""Reproduce the 2018 report: crawl the whole replica through the farm and compare each
snapshot with the ground truth field by field. The only allowed disagreements are listed in
known_disagreements.csv (the report's own contradictions)."""

from __future__ import annotations

import csv
import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from ogpcrawl.detect.activity import agency_activity as social_activity
from ogpcrawl.detect.verdicts import social_group
from ogpcrawl.farm.truth import load_truth

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).parent

pytestmark = pytest.mark.skipif(
    importlib.util.find_spec("ogpcrawl.detect.site") is None
    or importlib.util.find_spec("ogpcrawl.detect.ratings") is None,
    reason="the detection pipeline (detect.site, detect.ratings) is not in the tree yet",
)


def flag(v: str) -> bool:
    return v == "true"


def compare(t: dict, s: dict) -> dict[str, tuple]:
    """field -> (expected, got); only fields the report (ground truth) states."""
    out = {"reachable": (flag(t["reachable"]), s["reachable"])}
    if not flag(t["reachable"]):
        return out
    out["social"] = (
        sorted(filter(None, t["social_networks"].split(";"))),
        sorted({a["network"] for a in s["social"]}),
    )
    out["search_box"] = (flag(t["search_box"]), s["search_box"])
    out["council_section"] = (flag(t["council_section"]), s["council"]["section"])
    out["council_status"] = (t["council_status"], s["council"]["status"])
    out["procurement_section"] = (flag(t["procurement_section"]), s["procurement"]["section"])
    if t["procurement_items"]:
        out["procurement_items"] = (int(t["procurement_items"]), s["procurement"]["items"])
    out["e_services"] = (
        flag(t["e_services"]),
        bool(s["e_services"]["section"] or s["e_services"]["services"]),
    )
    if t["e_services_count"] and flag(t["e_services"]) and not t["e_services_external"]:
        out["e_services_count"] = (int(t["e_services_count"]), s["e_services"]["services"])
    if t["social_activity"]:
        # the agency's class is its most active account's; the ground truth's class is the
        # annex's wording where it has one (the 2.4 table's group, or a choice, where it has not)
        out["social_activity"] = (t["social_activity"], social_activity(s["social"]))
        posts = [a["last_post"] for a in s["social"] if a.get("last_post")]
        out["social_last_post"] = (t["social_last_post"], max(posts, default=None))
    if t["social_table_group"]:
        out["social_table_group"] = (t["social_table_group"], social_group(s))
    news = s["news"]
    out["news_last_date"] = (t["news_last_date"], news["last_date"])
    if t["news_per_month_min"] or t["news_per_month_max"]:
        lo = float(t["news_per_month_min"] or 0) - 0.5
        hi = float(t["news_per_month_max"] or t["news_per_month_min"]) + 0.5
        pm = news["per_month"]
        out["news_per_month"] = (
            "in range",
            "in range" if pm is not None and lo <= pm <= hi else pm,
        )
    return out


def first_in_line() -> None:
    """On a busy machine a starved crawler sends a request late, which shortens the gap to the
    next one as the host sees it: the farm and the crawler get the CPU first where the system
    allows it (root, CAP_SYS_NICE), so the politeness tests measure the crawler's pacing, not
    the neighbours' load."""
    try:
        os.setpriority(os.PRIO_PROCESS, 0, -10)
    except OSError:
        pass


@pytest.fixture(scope="module")
def census(tmp_path_factory):
    """The whole replica as one census (`scrapy census`, both families in one process) at the
    project's default politeness: returns the snapshots by id, the farm's request log and the
    work directory (database ./db, report under ./output)."""
    tmp = tmp_path_factory.mktemp("e2e")
    farm = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "ogpcrawl.farm",
            "--port",
            "0",
            "--log",
            str(tmp / "requests.jsonl"),
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
        preexec_fn=first_in_line,
    )
    try:
        url = farm.stdout.readline().split()[1]
        env = {k: v for k, v in os.environ.items() if not k.lower().endswith("_proxy")}
        env.update(http_proxy=url, https_proxy=url)
        done = subprocess.run(
            [
                str(ROOT / ".venv/bin/scrapy"),
                "census",
                "-s",
                "AS_OF=2018-08-20",
                "-s",
                f"DATABASE_URL=sqlite:///{tmp / 'db'}",
                "-s",
                f"REPORT_DIR={tmp / 'output'}",
                "-s",
                f"OGP_SPOOL_DIR={tmp / 'spool'}",
                "-s",
                f"OGP_ARCHIVE_DIR={tmp / 'archive'}",
                "-O",
                str(tmp / "%(name)s.jsonl"),
                "-s",
                "LOG_LEVEL=INFO",
            ],
            cwd=ROOT,
            env=env,
            timeout=1800,
            capture_output=True,
            text=True,
            preexec_fn=first_in_line,
        )
        (tmp / "census.log").write_text(done.stderr)
        assert done.returncode == 0, done.stderr[-3000:]
        out = {}
        for spider in ("local_ih", "ministries"):
            for line in (tmp / f"{spider}.jsonl").read_text().splitlines():
                snap = json.loads(line)
                out[snap["agency_id"]] = snap
        return out, tmp / "requests.jsonl", tmp
    finally:
        farm.terminate()
        farm.wait(10)


@pytest.fixture(scope="module")
def snapshots(census):
    snaps, log, _ = census
    return snaps, log


def test_reproduces_the_report(snapshots):
    snaps, _ = snapshots
    allowed = {
        (r["agency_id"], r["field"])
        for r in csv.DictReader((HERE / "known_disagreements.csv").open())
    }
    truth = load_truth()
    assert set(snaps) == {r["agency_id"] for r in truth}
    table: dict[str, list[int]] = {}
    wrong = []
    for t in truth:
        for field, (exp, got) in compare(t, snaps[t["agency_id"]]).items():
            ok = exp == got
            table.setdefault(field, [0, 0])[0 if ok else 1] += 1
            if not ok and (t["agency_id"], field) not in allowed:
                wrong.append(f"{t['agency_id']}.{field}: expected {exp!r}, got {got!r}")
    print(f"\n{'field':22} agree disagree")
    for field, (a, d) in table.items():
        print(f"{field:22} {a:5} {d:8}")
    assert not wrong, "\n".join(wrong)


def test_robots_fetched_first_and_respected(snapshots):
    _, log = snapshots
    from urllib.robotparser import RobotFileParser

    from ogpcrawl.farm.sites.model import robots_txt
    from ogpcrawl.farm.sites.social import HOSTS as NETWORK_HOSTS
    from ogpcrawl.farm.sites.social import SocialNetworks
    from ogpcrawl.farm.truth import truth_by_host

    networks = SocialNetworks(truth_by_host())

    seen: dict[str, list[dict]] = {}
    for line in log.read_text().splitlines():
        r = json.loads(line)
        if r.get("method") in ("GET", "HEAD"):
            seen.setdefault(r["host"], []).append(r)
    by_host = {h: t for t in load_truth() for h in t["hosts"].split(";") if h}
    assert seen
    assert set(seen) & set(NETWORK_HOSTS), "no social network host was read"
    for host, reqs in seen.items():
        assert reqs[0]["path"] == "/robots.txt", host
        rules = (
            robots_txt(by_host[host])
            if host in by_host
            else networks.robots(NETWORK_HOSTS[host])
            if host in NETWORK_HOSTS
            else None
        )
        if rules is not None:
            rp = RobotFileParser()
            rp.parse(rules.splitlines())
            bad = [r["path"] for r in reqs if not rp.can_fetch("*", r["path"])]
            assert not bad, (host, bad)


def test_summary_counts_match_the_narrative(snapshots):
    """The report's narrative counts (how many locals use social networks, have a site search,
    an İctimai şura section, ...) computed from the crawl, against the 2018 figures. The only
    allowed differences are the narrative's own contradictions, listed with their reason."""
    from ogpcrawl.report.messages import catalogue
    from ogpcrawl.report.stored_run import agencies_metadata
    from ogpcrawl.report.summary import summarise

    snaps, _ = snapshots
    allowed = {
        r["claim_id"]: r["reason"]
        for r in csv.DictReader((HERE / "known_summary_disagreements.csv").open())
    }
    summary = summarise(
        snaps.values(),
        catalogue("az"),
        "az",
        agencies=agencies_metadata(str(ROOT / "seeds" / "agencies.csv")),
    )
    rows, wrong, checked = [], [], 0
    for level in summary["levels"]:
        for m in level.metrics:
            ref = m.reference
            if ref is None or ref.quantity is None:
                continue
            checked += 1
            ok = m.count == ref.quantity
            rows.append(
                f"{ref.claim_id:5} {level.level:8} {m.key:22} {ref.quantity:4} {m.count:4}"
                f" {'ok' if ok else allowed.get(ref.claim_id, 'DIFFERENT')}"
            )
            if not ok and ref.claim_id not in allowed:
                wrong.append(
                    f"{ref.claim_id} {level.level} {m.key}: narrative "
                    f"{ref.quantity}, crawl {m.count} ({', '.join(m.names[:40])})"
                )
    print("\nclaim level    metric                 2018 crawl")
    print("\n".join(rows))
    assert checked >= 15
    assert not wrong, "\n".join(wrong)


def _problems(snaps, db_url, out_dir):
    sys.path.insert(0, str(ROOT / "tests"))
    from consistency import problems

    return problems(snaps, db_url, out_dir)


def test_registry_numbers_every_local_row(snapshots):
    """Every crawl writes the agencies file's registry, so the views number like the annex."""
    from sqlalchemy import create_engine, text

    _, log = snapshots
    engine = create_engine(f"sqlite:///{log.parent / 'db'}")
    with engine.connect() as c:
        assert tuple(c.execute(text("SELECT count(*), count(no) FROM v_annex1")).one()) == (80, 80)
        assert tuple(c.execute(text("SELECT count(*), count(no) FROM v_annex2")).one()) == (23, 23)
        row = c.execute(
            text(
                "SELECT annex_no, local_type, host_confidence, alt_urls FROM agencies "
                "WHERE agency_id = 'ganja'"
            )
        ).one()
    engine.dispose()
    assert row.annex_no == 2 and row.local_type == "city" and row.host_confidence
    assert row.alt_urls


def test_replica_reads_the_same_everywhere_sqlite(snapshots):
    """The crawl's own database and the annexes it rendered at close: every cell of all 103 rows
    is the judgement layer's verdict in the HTML, the CSV and the views."""
    snaps, log = snapshots
    assert _problems(snaps.values(), f"sqlite:///{log.parent / 'db'}", log.parent / "output") == []


def test_replica_reads_the_same_everywhere_postgresql(snapshots, pg_url, tmp_path):
    from ogpcrawl.agencies import load_agencies
    from ogpcrawl.db.store import Store
    from ogpcrawl.report.stored_run import render_stored_run

    snaps, _ = snapshots
    seeds = ROOT / "seeds" / "agencies.csv"
    store = Store(pg_url)
    store.upgrade()
    store.upsert_agencies([a.as_dict() for a in load_agencies(seeds)])
    runs: dict[str, list[dict]] = {}
    for s in snaps.values():
        runs.setdefault(s["run_id"], []).append(s)
    for run_id, batch in runs.items():
        spider = "local_ih" if batch[0]["family"] == "local_ih" else "ministries"
        store.start_run(run_id, spider, batch[0]["as_of"], {})
        store.save_snapshots(run_id, batch)
        store.finish_run(run_id, "finished")
        render_stored_run(
            pg_url, run_id, out_dir=tmp_path, formats=["html", "csv"], agencies_file=str(seeds)
        )
    store.close()
    assert _problems(snaps.values(), pg_url, tmp_path) == []


def test_census_is_one_run_with_one_report(census):
    from sqlalchemy import create_engine, text

    snaps, _, tmp = census
    assert len(snaps) == 103
    engine = create_engine(f"sqlite:///{tmp / 'db'}")
    with engine.connect() as c:
        runs = c.execute(text("SELECT run_id, spider, status FROM runs")).all()
        stored = c.execute(text("SELECT count(*), count(DISTINCT run_id) FROM snapshots")).one()
    engine.dispose()
    assert len(runs) == 1, runs
    run_id, spider, status = runs[0]
    assert (spider, status) == ("census", "finished")
    assert tuple(stored) == (103, 1)
    assert {s["run_id"] for s in snaps.values()} == {run_id}
    folders = [p.name for p in (tmp / "output").iterdir() if p.is_dir()]
    assert folders == [run_id]
    written = {p.name for p in (tmp / "output" / run_id).iterdir()}
    assert {
        "annex1_local.html",
        "annex1_local.csv",
        "annex2_central.html",
        "annex2_central.csv",
    } <= written


# Politeness at the project's settings on the whole census, read from the farm's log: a request
# starts when the farm's kernel received it (proxy.arrived). The crawler paces a host's requests
# where the download starts (ogpcrawl/politeness.py); the bytes leave on a later turn of its
# event loop, so a crawler busy with 100 other sites can send one late and the next on time: on
# this 2-core machine under a load of 8 to 14 the shortest gaps were 0.45-0.7 s at 1 s. So this
# check is coarse: no two requests to a host within 0.4 s (two crawlers of the census pacing a
# shared host apart gave 0.015 s), and most gaps at the delay. The strict check, on a few sites
# where the crawler is not busy, is test_politeness.py.
DELAY_S = 1.0  # settings.DOWNLOAD_DELAY
PER_HOST = 2  # settings.CONCURRENT_REQUESTS_PER_DOMAIN
SLACK_S = 0.6
FEW = 0.05


def host_requests(log: Path) -> dict[str, list[dict]]:
    by_host: dict[str, list[dict]] = {}
    for line in log.read_text().splitlines():
        r = json.loads(line)
        # Pages (the crawler's requests, a browser's navigation too) ask for text/html. What a
        # browser then loads for the page (scripts, data) comes at once, as from any browser.
        if (
            r.get("method") in ("GET", "HEAD", "POST")
            and "start" in r
            and r.get("accept", "").startswith("text/html")
        ):
            by_host.setdefault(r["host"], []).append(r)
    return {h: sorted(rs, key=lambda r: r["start"]) for h, rs in by_host.items()}


def test_no_host_got_requests_closer_than_download_delay(census):
    from ogpcrawl import settings

    assert (settings.DOWNLOAD_DELAY, settings.DOWNLOAD_DELAY_JITTER) == (DELAY_S, 0)
    by_host = host_requests(census[1])
    assert sum(len(rs) for rs in by_host.values()) > 900
    gaps = sorted(
        (b["start"] - a["start"], f"{host}: {a['path']} -> {b['path']}")
        for host, rs in by_host.items()
        for a, b in zip(rs, rs[1:], strict=False)
    )
    print(f"\nper-host gaps: {len(gaps)}, shortest: {[round(g, 3) for g, _ in gaps[:5]]}")
    too_close = [f"{what}: {gap:.3f} s apart" for gap, what in gaps if gap < DELAY_S - SLACK_S]
    assert not too_close, "\n".join(too_close[:20])
    short = [g for g, _ in gaps if g < DELAY_S - 0.1]
    assert len(short) <= FEW * len(gaps), f"{len(short)} of {len(gaps)} gaps under 0.9 s"


def test_no_host_had_more_requests_at_once_than_allowed(census):
    from ogpcrawl import settings

    assert settings.CONCURRENT_REQUESTS_PER_DOMAIN == PER_HOST
    worst = {}
    for host, rs in host_requests(census[1]).items():
        events = sorted([(r["start"], 1) for r in rs] + [(r["end"], -1) for r in rs])
        now = peak = 0
        for _, step in events:  # an end at the same instant as a start is counted first
            now += step
            peak = max(peak, now)
        worst[host] = peak
    assert max(worst.values()) <= PER_HOST, {h: n for h, n in worst.items() if n > PER_HOST}
