"""Migrations: stepwise upgrade, downgrade to base, the alembic CLI, and models == migrations."""

from __future__ import annotations

import configparser
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from db_samples import query
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.exc import IntegrityError

from ogpcrawl import vocab
from ogpcrawl.db import migrate
from ogpcrawl.db.models import RUN_STATUSES, Base

ROOT = Path(__file__).resolve().parents[2]
TABLES = {"runs", "agencies", "snapshots", "news_months", "social_accounts", "failed_pages"}
VIEWS = {
    "v_latest_snapshot",
    "v_annex_rows",
    "v_annex1",
    "v_annex2",
    "v_news_monthly",
    "v_changes",
    "v_commitment_share",
}


def revisions() -> list[str]:
    script = ScriptDirectory.from_config(migrate.alembic_config())
    return [s.revision for s in reversed(list(script.walk_revisions()))]


def schema(engine) -> tuple[set[str], set[str]]:
    insp = inspect(engine)
    return set(insp.get_table_names()) - {"alembic_version"}, set(insp.get_view_names())


def analyst_can_select(engine) -> bool:
    with engine.connect() as c:
        role = c.execute(text("SELECT 1 FROM pg_roles WHERE rolname = 'ogp_analyst'")).scalar()
        if role is None or c.execute(text("SELECT to_regclass('runs')")).scalar() is None:
            return False
        return bool(
            c.execute(text("SELECT has_table_privilege('ogp_analyst', 'runs', 'SELECT')")).scalar()
        )


def test_revisions_in_one_line():
    script = ScriptDirectory.from_config(migrate.alembic_config())
    assert len(script.get_heads()) == 1
    assert len(revisions()) >= 4


def test_upgrade_one_revision_at_a_time(db_url):
    engine = create_engine(db_url)
    first, second, third, *later = revisions()
    with engine.begin() as c:
        migrate.upgrade(c, first)
    assert schema(engine) == (TABLES, set())
    with engine.begin() as c:
        migrate.upgrade(c, second)
    assert schema(engine) == (TABLES, VIEWS)
    for view in VIEWS:  # each view compiles and runs on an empty database
        assert query(db_url, f"SELECT COUNT(*) AS n FROM {view}")[0]["n"] == 0  # noqa: S608
    with engine.begin() as c:
        migrate.upgrade(c, third)
        assert MigrationContext.configure(c).get_current_heads() == (third,)
    if engine.dialect.name == "postgresql":
        # the role exists, but grants are made only where sql/analyst_role.sql asked for them
        assert not analyst_can_select(engine)
    for revision in later:
        with engine.begin() as c:
            migrate.upgrade(c, revision)
        assert schema(engine) == (TABLES, VIEWS)
        for view in VIEWS:
            assert query(db_url, f"SELECT COUNT(*) AS n FROM {view}")[0]["n"] == 0  # noqa: S608
    # the evidence archive's links (docs/evidence.md)
    assert {"archive", "source_run_id"} <= {c["name"] for c in inspect(engine).get_columns("runs")}
    assert {"home_record_id", "capture_ids"} <= {
        c["name"] for c in inspect(engine).get_columns("snapshots")
    }
    engine.dispose()


def test_search_works_is_filled_from_the_stored_snapshots(db_url):
    """Revision 9d2f4b6a8c13 adds snapshots.search_works and fills it from each row's data."""
    from db_samples import agency_rows, snapshot

    from ogpcrawl.db.store import Store

    store = Store(db_url)
    before = (
        ScriptDirectory.from_config(migrate.alembic_config())
        .get_revision("9d2f4b6a8c13")
        .down_revision
    )
    store.upgrade(before)
    with store.engine.begin() as c:  # a row as the code before the column wrote it
        c.execute(
            text(
                "INSERT INTO runs (run_id, spider, started_at, as_of, status, settings, "
                "summary) VALUES ('r', 'local_ih', '2018-08-16 10:00:00+00', "
                "'2018-08-16', 'finished', '{}', '{}')"
            )
        )
        row = agency_rows()[0]
        c.execute(
            text(
                "INSERT INTO agencies (agency_id, name, level, family, url, updated_at) "
                "VALUES (:a, :n, :l, :f, :u, '2018-08-16 10:00:00+00')"
            ),
            {
                "a": row["agency_id"],
                "n": row["name"],
                "l": row["level"],
                "f": row["family"],
                "u": row["url"],
            },
        )
        data = snapshot(row["agency_id"], "r", search_works=False)
        c.execute(
            text(
                "INSERT INTO snapshots (run_id, agency_id, crawled_at, as_of, reachable, "
                "pages_fetched, social_count, data) VALUES ('r', :a, "
                "'2018-08-16 10:00:00+00', '2018-08-16', TRUE, 1, 0, :d)"
            ),
            {"a": row["agency_id"], "d": json.dumps(data)},
        )
    store.upgrade()
    rows = query(db_url, "SELECT search_works FROM v_latest_snapshot")
    store.close()
    assert [r["search_works"] for r in rows] == [False]


def test_account_changes_are_filled_for_snapshots_stored_before_the_column(db_url):
    """Revision 4e8a2c6f0b17 judges the accounts stored before social_accounts.change existed
    (verdicts.account_changes), so v_changes still shows an account that went quiet."""
    from db_samples import snapshot

    from ogpcrawl.db.store import Store

    fb = "https://www.facebook.com/sheki"
    store = Store(db_url)
    store.upgrade()
    for run_id, activity in (("q1", "active"), ("q2", "stopped"), ("q3", "stopped")):
        store.start_run(run_id, "local_ih", "2018-08-16", {})
        store.save_snapshots(
            run_id,
            [
                snapshot(
                    "sheki",
                    run_id,
                    social=[{"network": "facebook", "url": fb, "activity": activity}],
                )
            ],
        )
        store.finish_run(run_id, "finished", {})
    with store.engine.begin() as c:
        migrate.downgrade(c, "9d2f4b6a8c13")
        c.execute(text("UPDATE social_accounts SET change = NULL"))  # as stored before
    assert query(db_url, "SELECT quiet_account FROM v_changes") == []
    store.upgrade()
    rows = query(db_url, "SELECT run_id, quiet_account FROM v_changes ORDER BY run_id")
    store.close()
    assert [(r["run_id"], r["quiet_account"]) for r in rows] == [("q2", fb)]


def test_downgrade_to_base_and_up_again(db_url):
    engine = create_engine(db_url)
    with engine.begin() as c:
        migrate.upgrade(c)
    with engine.begin() as c:
        migrate.downgrade(c, "base")
    assert schema(engine) == (set(), set())
    if engine.dialect.name == "postgresql":
        assert not analyst_can_select(engine)
    with engine.begin() as c:
        migrate.upgrade(c)
    assert schema(engine) == (TABLES, VIEWS)
    engine.dispose()


def test_models_and_migrations_agree(db_url):
    """What `alembic check` says, and the raw autogenerate diff behind it, is empty."""
    engine = create_engine(db_url)
    with engine.begin() as c:
        migrate.upgrade(c)
    with engine.connect() as c:
        ctx = MigrationContext.configure(c, opts={"compare_type": True})
        assert compare_metadata(ctx, Base.metadata) == []
        migrate.check(c)  # raises AutogenerateDiffsDetected on drift
    engine.dispose()


def test_check_constraints_spell_out_the_vocabularies(store):
    """Migrations freeze the vocabularies; a value added to vocab.py needs a migration."""
    insp = inspect(store.engine)
    checks = {
        (table, ck["name"]): ck["sqltext"]
        for table in TABLES
        for ck in insp.get_check_constraints(table)
    }
    expected = {
        ("runs", "ck_runs_status"): RUN_STATUSES,
        ("agencies", "ck_agencies_level"): vocab.LEVELS,
        ("agencies", "ck_agencies_family"): vocab.FAMILIES,
        ("snapshots", "ck_snapshots_error"): vocab.ERRORS,
        ("snapshots", "ck_snapshots_council_status"): vocab.COUNCIL_STATUSES,
        ("snapshots", "ck_snapshots_news_cadence"): vocab.CADENCES,
        ("snapshots", "ck_snapshots_rating_5_6"): vocab.RATINGS,
        ("snapshots", "ck_snapshots_cell_4_2_1"): vocab.CELL_KINDS,
        ("social_accounts", "ck_social_accounts_network"): vocab.NETWORKS,
        ("social_accounts", "ck_social_accounts_activity"): vocab.ACTIVITIES,
        ("failed_pages", "ck_failed_pages_error"): vocab.ERRORS,
    }
    for key, values in expected.items():
        quoted = set(re.findall(r"'([^']*)'", checks[key]))
        assert quoted == set(values), key


def test_a_check_constraint_rejects_an_unknown_value(store):
    with pytest.raises(IntegrityError), store.engine.begin() as c:
        c.execute(
            text(
                "INSERT INTO agencies (agency_id, name, level, family, url, updated_at) "
                "VALUES ('x', 'X', 'regional', 'local_ih', 'http://x/', CURRENT_TIMESTAMP)"
            )
        )


def test_alembic_ini_repeats_the_package_config():
    ini = configparser.RawConfigParser()
    ini.read(ROOT / "alembic.ini")
    assert ini["alembic"]["script_location"] == migrate.SCRIPT_LOCATION
    assert ini["alembic"]["file_template"] == migrate.FILE_TEMPLATE


def test_revision_files_are_date_prefixed():
    versions = ROOT / "ogpcrawl" / "db" / "migrations" / "versions"
    names = sorted(p.name for p in versions.glob("*.py"))
    assert len(names) == len(revisions())
    for name in names:
        assert re.fullmatch(r"\d{4}_\d{2}_\d{2}_\d{4}_[0-9a-f]{12}_[a-z0-9_]+\.py", name), name


def test_alembic_command_line_upgrades_and_checks(db_url):
    alembic = [
        sys.executable,
        "-m",
        "alembic",
        "-c",
        str(ROOT / "alembic.ini"),
        "-x",
        f"url={db_url}",
    ]
    for args in (["upgrade", "head"], ["check"], ["current"]):
        done = subprocess.run(alembic + args, cwd=ROOT, capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
    assert "(head)" in done.stdout
    engine = create_engine(db_url)
    assert schema(engine) == (TABLES, VIEWS)
    engine.dispose()


def test_scrapy_db_command(tmp_path):
    url = f"sqlite:///{tmp_path}/ogp.db"

    def scrapy_db(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "scrapy", "db", *args, "-s", f"DATABASE_URL={url}"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=120,
        )

    assert "empty (no migrations applied)" in scrapy_db("current").stdout
    head = revisions()[-1]
    assert f"at revision {head}" in scrapy_db("upgrade").stdout
    checked = scrapy_db("check")
    assert checked.returncode == 0 and f"at revision {head}" in checked.stdout
    assert f"at revision {revisions()[-2]}" in scrapy_db("downgrade", "-1").stdout


def test_head_read_from_the_files_is_alembics():
    """Store.upgrade's fast path reads the head from the revision files without Alembic."""
    script = ScriptDirectory.from_config(migrate.alembic_config())
    assert migrate.head_revision() == script.get_current_head()


# A fresh process: whether Alembic was imported is the upgrade's doing alone.
UPGRADE_PROBE = """
import json, sys
from sqlalchemy import text
from ogpcrawl.db.store import Store
with Store(sys.argv[1]) as store:
    store.upgrade()
    with store.engine.connect() as c:
        version = c.execute(text("SELECT version_num FROM alembic_version")).scalar()
print(json.dumps({"alembic_imported": "alembic" in sys.modules, "version": version}))
"""


def upgrade_in_fresh_process(db_url: str) -> dict:
    out = subprocess.run(
        [sys.executable, "-c", UPGRADE_PROBE, db_url],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr[-2000:]
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_a_database_at_head_is_left_alone_and_an_older_one_upgraded(db_url):
    head = migrate.head_revision()
    first = upgrade_in_fresh_process(db_url)  # a new database: Alembic creates the schema
    assert first == {"alembic_imported": True, "version": head}
    assert upgrade_in_fresh_process(db_url) == {"alembic_imported": False, "version": head}
    engine = create_engine(db_url)
    with engine.begin() as c:
        migrate.downgrade(c, "-1")
    engine.dispose()
    assert upgrade_in_fresh_process(db_url) == {"alembic_imported": True, "version": head}
