"""From a v_changes row to the captures before and after (docs/queries.md, docs/evidence.md)."""

from __future__ import annotations

from db_samples import agency_rows, query, snapshot

# The query docs/queries.md gives analysts.
CAPTURES_OF_CHANGES = """
SELECT c.agency_id, c.council_change,
       b.home_record_id AS capture_before, rb.archive AS archive_before,
       a.home_record_id AS capture_after, ra.archive AS archive_after
FROM v_changes c
JOIN snapshots b ON b.run_id = c.prev_run_id AND b.agency_id = c.agency_id
JOIN snapshots a ON a.run_id = c.run_id AND a.agency_id = c.agency_id
JOIN runs rb ON rb.run_id = c.prev_run_id
JOIN runs ra ON ra.run_id = c.run_id
WHERE c.council_change IS NOT NULL
ORDER BY c.agency_id
"""


def captured(agency_id: str, run_id: str, rid: str, **changes) -> dict:
    snap = snapshot(agency_id, run_id, **changes)
    snap["captures"] = {
        "pages": [
            {
                "role": "home",
                "url": snap["final_url"],
                "record_id": f"<urn:uuid:{rid}-home>",
                "captured_at": "2018-08-16T10:00:00Z",
                "digest": "sha1:AAAA",
            },
            {
                "role": "council",
                "url": snap["final_url"] + "c",
                "record_id": f"<urn:uuid:{rid}-c>",
                "captured_at": "2018-08-16T10:00:01Z",
                "digest": "sha1:BBBB",
            },
        ]
    }
    return snap


def test_a_change_leads_to_the_capture_before_and_the_capture_after(store):
    store.upsert_agencies(agency_rows())
    for run_id, as_of, section in (("r1", "2018-08-16", False), ("r2", "2018-10-16", True)):
        store.start_run(run_id, "local_ih", as_of, {})
        store.save_snapshots(
            run_id, [captured("binegedi", run_id, run_id, as_of=as_of, council__section=section)]
        )
        store.finish_run(run_id, "finished", {})
        store.set_run_links(run_id, archive=f"/srv/archive/{run_id}/{run_id}.wacz")
    [row] = query(store.engine.url, CAPTURES_OF_CHANGES)
    assert row["council_change"] == "appeared"
    assert (row["capture_before"], row["archive_before"]) == (
        "<urn:uuid:r1-home>",
        "/srv/archive/r1/r1.wacz",
    )
    assert (row["capture_after"], row["archive_after"]) == (
        "<urn:uuid:r2-home>",
        "/srv/archive/r2/r2.wacz",
    )
    ids = query(store.engine.url, "SELECT capture_ids FROM snapshots WHERE run_id = 'r2'")
    value = ids[0]["capture_ids"]
    if isinstance(value, str):  # SQLite hands JSON back as text
        import json

        value = json.loads(value)
    assert value == ["<urn:uuid:r2-home>", "<urn:uuid:r2-c>"]
    assert store.run("r2")["archive"] == "/srv/archive/r2/r2.wacz"
