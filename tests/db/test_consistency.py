"""The consistency test that cannot drift: for every fixture snapshot, stored and rendered, the
annex cells in HTML and CSV = the v_annex* cells = the judgement layer's verdicts = what the
ratings say (tests/consistency.py), on SQLite and on PostgreSQL."""

from __future__ import annotations

import sys
from pathlib import Path

from sqlalchemy import create_engine, text

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/ (consistency, report helpers)

from consistency import problems  # noqa: E402
from db_samples import AGENCIES  # noqa: E402
from db_samples import snapshot as db_snapshot  # noqa: E402
from detect.cases import case_dirs, load_case  # noqa: E402
from report.report_helpers import RUN, sample_run  # noqa: E402
from report.report_helpers import snapshot as report_snapshot  # noqa: E402

from ogpcrawl.detect.ratings import rate  # noqa: E402
from ogpcrawl.detect.site import detect_site  # noqa: E402
from ogpcrawl.report.render import render_annexes  # noqa: E402

RUN_ID = RUN["run_id"]


def fixture_snapshots() -> tuple[list[dict], dict[str, dict]]:
    """Every snapshot the test suite builds by hand or from saved HTML, in one run."""
    snaps, agencies = sample_run()
    # the two divergences of issue 13
    snaps.append(
        report_snapshot(
            "phone-misfit", "Phone misfit", mobile={"viewport": True, "responsive": False}
        )
    )
    snaps.append(
        report_snapshot(
            "council-announced",
            "Council announced",
            council={"section": True, "status": "announcement", "url": "http://x-ih.gov.az/p/1"},
        )
    )
    for aid in AGENCIES:
        s = db_snapshot(aid, RUN_ID, as_of=RUN["as_of"])
        s["agency_id"] = f"db-{aid}"
        snaps.append(s)
    for case in case_dirs("site"):
        pages, failed, as_of, _ = load_case(case)
        contract = detect_site(pages, as_of=as_of, failed=failed).to_contract()
        level = "central" if case.name.startswith(("ministry", "en-", "ru-")) else "local"
        snaps.append(report_snapshot(case.name[:60], case.name, level=level, **contract))
    for s in snaps:
        s["run_id"], s["as_of"] = RUN_ID, RUN["as_of"]
        s["ratings"] = rate(s)  # as the crawl's RatePipeline does
    numbered = dict(agencies)
    counters = {"local": 100, "central": 100}
    for s in snaps:
        if s["agency_id"] not in numbered:
            counters[s["level"]] += 1
            numbered[s["agency_id"]] = {"annex_no": str(counters[s["level"]])}
    return snaps, numbered


def test_every_fixture_snapshot_reads_the_same_everywhere(store, tmp_path):
    snaps, agencies = fixture_snapshots()
    assert len({s["agency_id"] for s in snaps}) == len(snaps) >= 25
    store.upsert_agencies(
        [
            {
                "agency_id": s["agency_id"],
                "name": s["name"],
                "level": s["level"],
                "family": s["family"],
                "url": s["start_url"],
                "annex_no": agencies[s["agency_id"]].get("annex_no"),
            }
            for s in snaps
        ]
    )
    store.start_run(RUN_ID, "local_ih", RUN["as_of"], {})
    store.save_snapshots(RUN_ID, snaps)
    store.finish_run(RUN_ID, "finished")
    out = tmp_path / "out"
    render_annexes(
        store.snapshots(RUN_ID),
        out,
        run=store.run(RUN_ID),
        agencies=agencies,
        formats=("html", "csv"),
    )
    url = store.engine.url.render_as_string(hide_password=False)
    found = problems(snaps, url, out)
    assert found == [], "\n".join(found)
    # and the divergences are pinned in the database too
    engine = create_engine(url)
    with engine.connect() as c:
        rows = {
            r.agency_id: r
            for r in c.execute(text("SELECT agency_id, col_2_4, col_4_2_1 FROM v_annex_rows"))
        }
    engine.dispose()
    assert rows["phone-misfit"].col_2_4 == "Yoxdur"
    assert rows["council-announced"].col_4_2_1 == "Yoxdur"


def test_the_check_catches_a_view_that_restates_a_rule(store, tmp_path):
    """The comparison is not vacuous: a view that says "Var" for an announced council (the old
    SQL rule) is reported."""
    snaps, agencies = fixture_snapshots()
    snaps = [s for s in snaps if s["agency_id"] == "council-announced"]
    store.start_run(RUN_ID, "local_ih", RUN["as_of"], {})
    store.save_snapshots(RUN_ID, snaps)
    store.finish_run(RUN_ID, "finished")
    out = tmp_path / "out"
    render_annexes(
        store.snapshots(RUN_ID),
        out,
        run=store.run(RUN_ID),
        agencies=agencies,
        formats=("html", "csv"),
    )
    url = store.engine.url.render_as_string(hide_password=False)
    engine = create_engine(url)
    with engine.begin() as c:
        c.execute(text("UPDATE snapshots SET cell_4_2_1 = 'yes'"))
    engine.dispose()
    found = problems(snaps, url, out)
    assert any("council-announced 4.2.1" in p and "view says 'Var'" in p for p in found), found
