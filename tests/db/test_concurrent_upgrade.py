"""Concurrent first start on a fresh SQLite file (issue 18, item 7): migrations are serialised
(a file lock, as PostgreSQL's advisory lock does there), so none fails with "table already
exists"."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from sqlalchemy import create_engine, text

from ogpcrawl.db.store import Store

ROOT = Path(__file__).resolve().parents[2]


def test_four_concurrent_db_upgrades_on_a_fresh_sqlite_file_all_succeed(tmp_path):
    for attempt in range(3):  # the race is narrow: several fresh files make it bite before the fix
        db = tmp_path / f"fresh{attempt}.db"
        env = {**os.environ, "PYTHONPATH": str(ROOT), "DATABASE_URL": f"sqlite:///{db}"}
        procs = [
            subprocess.Popen(
                [sys.executable, "-m", "scrapy", "db", "upgrade"],
                cwd=ROOT,
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for _ in range(4)
        ]
        results = [(p.wait(300), p.stderr.read()) for p in procs]
        for p in procs:
            p.stdout.close()
            p.stderr.close()
        assert [rc for rc, _ in results] == [0, 0, 0, 0], [err[-1500:] for _, err in results]
        engine = create_engine(f"sqlite:///{db}")
        with engine.connect() as c:
            assert len(c.execute(text("SELECT version_num FROM alembic_version")).all()) == 1
        engine.dispose()


def test_an_in_memory_database_needs_no_lock():
    store = Store("sqlite://")
    store.upgrade()
    store.close()
