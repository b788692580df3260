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


@pytest.fixture()
def pg_store(pg_url):
    store = Store(pg_url)
    store.upgrade()
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
    sql = SQL_FILE.read_text(encoding="utf-8")
    for _ in range(2):
        with pg_store.engine.begin() as c:
            # as psql would run it: no parameters, so psycopg leaves format()'s %I alone
            c.connection.driver_connection.execute(sql)
    assert as_analyst(pg_store, "SELECT COUNT(*) FROM v_annex2")[0][0] == 2
    with pytest.raises(ProgrammingError, match="permission denied"):
        as_analyst(pg_store, "DELETE FROM runs")


def test_tables_created_later_are_readable(pg_store):
    """Default privileges: what a future migration creates is readable without a new GRANT."""
    with pg_store.engine.begin() as c:
        c.execute(text("CREATE TABLE later_table (x int)"))
        c.execute(text("INSERT INTO later_table VALUES (1)"))
    assert as_analyst(pg_store, "SELECT x FROM later_table") == [(1,)]
