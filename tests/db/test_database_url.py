"""DATABASE_URL=postgresql+psycopg:// naming no database is refused (issue 18, item 8): libpq
would otherwise connect to the OS user's database and migrate it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from ogpcrawl.db.errors import DatabaseUnavailable
from ogpcrawl.db.store import Store

ROOT = Path(__file__).resolve().parents[2]


def test_a_postgresql_url_without_a_database_is_refused():
    with pytest.raises(DatabaseUnavailable, match="names no database"):
        Store("postgresql+psycopg://")
    # (a user that does not exist: were the check gone, nothing would be migrated anywhere)
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "DATABASE_URL": "postgresql+psycopg://ogp_nobody@127.0.0.1:5432",
    }
    proc = subprocess.run(
        [sys.executable, "-m", "scrapy", "db", "upgrade"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode != 0
    assert "names no database" in proc.stdout + proc.stderr
    assert "Traceback" not in proc.stderr
