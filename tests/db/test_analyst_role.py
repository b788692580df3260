"""The read-only analyst role (PostgreSQL only): it may SELECT tables and views, nothing more."""

from __future__ import annotations

from pathlib import Path

import pytest
from db_samples import fill_history
from sqlalchemy import text
from sqlalchemy.exc import ProgrammingError

from ogpcrawl.db.store import Store

pytestmark = pytest.mark.postgres
SQL_FILE = Path(__file__).resolve().parents[2] / "sql" / "analyst_role.sql"


def run_sql_file(store) -> None:
    """As a DBA would, with psql: the way to ask for analyst access in a database."""
    with store.engine.begin() as c:
        # as psql would run it: no parameters, so psycopg leaves format()'s %I alone
        c.connection.driver_connection.execute(SQL_FILE.read_text(encoding="utf-8"))


@pytest.fixture()
def pg_store(pg_url):
    store = Store(pg_url)
    store.upgrade()
    run_sql_file(store)  # analyst access is asked for in this database
    fill_history(store)
    yield store
    store.close()


def as_analyst(store, sql: str):
    with store.engine.connect() as c:
        c.execute(text("SET ROLE ogp_analyst"))
        try:
            return c.execute(text(sql)).all()
        finally:
            c.rollback()


@pytest.mark.parametrize(
    "relation",
    ["runs", "snapshots", "v_latest_snapshot", "v_annex1", "v_changes", "v_commitment_share"],
)
def test_analyst_can_select(pg_store, relation):
    rows = as_analyst(pg_store, f"SELECT COUNT(*) FROM {relation}")  # noqa: S608
    assert rows[0][0] > 0


@pytest.mark.parametrize(
    "statement",
    [
        "INSERT INTO runs (run_id, spider, started_at, as_of, status, settings, summary) "
        "VALUES ('x', 'local_ih', now(), current_date, 'running', '{}', '{}')",
        "UPDATE snapshots SET reachable = false",
        "DELETE FROM agencies",
        "CREATE TABLE mine (x int)",
    ],
)
def test_analyst_cannot_write(pg_store, statement):
    with pytest.raises(ProgrammingError, match="permission denied"):
        as_analyst(pg_store, statement)


def test_the_sql_file_is_idempotent_and_keeps_access_read_only(pg_store):
    for _ in range(2):
        run_sql_file(pg_store)
    assert as_analyst(pg_store, "SELECT COUNT(*) FROM v_annex2")[0][0] == 2
    with pytest.raises(ProgrammingError, match="permission denied"):
        as_analyst(pg_store, "DELETE FROM runs")


def test_tables_created_later_are_readable(pg_store):
    """Default privileges: what a future migration creates is readable without a new GRANT."""
    with pg_store.engine.begin() as c:
        c.execute(text("CREATE TABLE later_table (x int)"))
        c.execute(text("INSERT INTO later_table VALUES (1)"))
    assert as_analyst(pg_store, "SELECT x FROM later_table") == [(1,)]


def test_the_analyst_cannot_create_temporary_tables(pg_store):
    """Hardening (issue 18): TEMP is revoked from PUBLIC in an analyst database."""
    with pytest.raises(ProgrammingError, match="permission denied"):
        as_analyst(pg_store, "CREATE TEMP TABLE scratch (x int)")


def test_migrations_alone_grant_the_analyst_nothing(pg_url):
    """Issue 18: the migrations used to grant ogp_analyst SELECT in every database they
    migrated, even where sql/analyst_role.sql never ran. Access is given only where asked."""
    store = Store(pg_url)
    store.upgrade()
    fill_history(store)
    try:
        for relation in ("runs", "snapshots", "v_annex1"):
            with pytest.raises(ProgrammingError, match="permission denied"):
                as_analyst(store, f"SELECT COUNT(*) FROM {relation}")  # noqa: S608
    finally:
        store.close()


def test_a_database_migrated_the_old_way_loses_the_unasked_grants(pg_url):
    """A database migrated before the fix (grants made by revision db8078fef7b2) has them
    revoked by the next upgrade unless analyst access was asked for there."""
    store = Store(pg_url)
    from alembic.script import ScriptDirectory

    from ogpcrawl.db import migrate

    before = (
        ScriptDirectory.from_config(migrate.alembic_config())
        .get_revision("7a1d3c9e5f20")
        .down_revision
    )  # the revision that revokes them comes next
    store.upgrade(before)  # later revisions run after the grants, as on an old database
    with store.engine.begin() as c:  # what the old revision did
        c.execute(text("GRANT USAGE ON SCHEMA public TO ogp_analyst"))
        c.execute(text("GRANT SELECT ON ALL TABLES IN SCHEMA public TO ogp_analyst"))
    store.upgrade()
    try:
        with pytest.raises(ProgrammingError, match="permission denied"):
            as_analyst(store, "SELECT COUNT(*) FROM runs")
    finally:
        store.close()
