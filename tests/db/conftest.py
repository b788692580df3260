"""Database fixtures: every test here runs on SQLite and on a fresh PostgreSQL database.

PostgreSQL comes from the common fixtures in tests/conftest.py (pg_url: a new database per test,
dropped after; a missing server fails in CI and is skipped loudly elsewhere).
"""

from __future__ import annotations

import pytest

from ogpcrawl.db.store import Store


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request, tmp_path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path}/ogp.db"
    return request.getfixturevalue("pg_url")


@pytest.fixture()
def store(db_url):
    """A Store on an empty database migrated to head."""
    s = Store(db_url)
    s.upgrade()
    yield s
    s.close()
