"""Alembic, driven from code: the migrations ship inside the package (they travel in the egg).

The repository's alembic.ini repeats SCRIPT_LOCATION and FILE_TEMPLATE for the `alembic` command
line; tests/db/test_migrations.py keeps the two in agreement.
"""

from __future__ import annotations

import atexit
import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, inspect, text
from sqlalchemy.engine import URL

if TYPE_CHECKING:  # Alembic is imported when a migration runs, not by every crawl's start
    from alembic.config import Config

SCRIPT_LOCATION = "ogpcrawl.db:migrations"
# Date-prefixed revision files sort chronologically in versions/.
FILE_TEMPLATE = "%%(year)d_%%(month).2d_%%(day).2d_%%(hour).2d%%(minute).2d_%%(rev)s_%%(slug)s"

# Any constant; two crawls starting together on an empty PostgreSQL must not both create tables.
_PG_LOCK_KEY = 0x6F6770  # "ogp"


@cache
def script_location() -> str:
    """Where Alembic finds the migrations. From a checkout or a wheel they are plain files; in
    the zipped egg Scrapyd runs they are not, so they are copied out to a temporary directory."""
    tree = resources.files("ogpcrawl.db") / "migrations"
    if isinstance(tree, Path):
        return SCRIPT_LOCATION
    dest = Path(tempfile.mkdtemp(prefix="ogpcrawl-migrations-"))
    atexit.register(shutil.rmtree, dest, ignore_errors=True)

    def copy(src, dst: Path) -> None:
        dst.mkdir(exist_ok=True)
        for item in src.iterdir():
            if item.name == "__pycache__":
                continue
            if item.is_dir():
                copy(item, dst / item.name)
            else:
                (dst / item.name).write_bytes(item.read_bytes())

    copy(tree, dest)
    return str(dest)


_REVISION = re.compile(r"^revision(?:: [^=]+)? = ['\"]([0-9a-z_]+)['\"]", re.M)
_DOWN = re.compile(r"^down_revision(?:: [^=]+)? = (.*)$", re.M)


@cache
def head_revision() -> str | None:
    """The packaged migrations' one head, read from the revision files' text without importing
    Alembic (about 0.2 s of a crawl's start), so a database already there skips Alembic; None
    when the files do not give exactly one head (Alembic then decides). Kept equal to Alembic's
    own answer by tests/db/test_migrations.py."""
    revisions, downs = set(), set()
    for item in (resources.files("ogpcrawl.db") / "migrations" / "versions").iterdir():
        if not item.name.endswith(".py"):
            continue
        source = item.read_text(encoding="utf-8")
        rev, down = _REVISION.search(source), _DOWN.search(source)
        if rev is None or down is None:
            return None
        revisions.add(rev.group(1))
        downs.update(re.findall(r"['\"]([0-9a-z_]+)['\"]", down.group(1)))
    heads = revisions - downs
    return heads.pop() if len(heads) == 1 else None


def at_head(connection: Connection) -> bool:
    """Whether the database's schema is at the packaged head (False when unsure)."""
    head = head_revision()
    if head is None:
        return False
    if not inspect(connection).has_table("alembic_version"):
        return False  # a new database: Alembic creates the schema
    rows = connection.execute(text("SELECT version_num FROM alembic_version")).all()
    return [r[0] for r in rows] == [head]


def alembic_config(url: str | URL | None = None, connection: Connection | None = None) -> Config:
    """A Config for `alembic.command.*`; env.py reads the URL or connection from its attributes."""
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", script_location())
    cfg.set_main_option("file_template", FILE_TEMPLATE)
    if url is not None:
        cfg.attributes["url"] = url
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


@contextmanager
def sqlite_lock(url: URL) -> Iterator[None]:
    """Hold an exclusive lock on an SQLite database file while it is migrated: two crawls
    starting together on a fresh file would otherwise both create the tables (SQLite runs DDL
    outside the migration's transaction). flock() on the file itself: SQLite's own locks are
    fcntl() locks, which flock() does not touch on Linux. Other databases: nothing to do."""
    path = url.database if url.get_backend_name() == "sqlite" else None
    if not path or path == ":memory:" or path.startswith("file:") or os.name != "posix":
        yield
        return
    import fcntl

    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError:  # e.g. its directory is gone: the connection reports that, not the lock
        yield
        return
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # releases the lock


def upgrade(connection: Connection, revision: str = "head") -> None:
    """Upgrade inside the caller's transaction (one transaction on PostgreSQL: all or nothing)."""
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_LOCK_KEY})
    from alembic import command

    command.upgrade(alembic_config(connection=connection), revision)


def downgrade(connection: Connection, revision: str) -> None:
    from alembic import command

    command.downgrade(alembic_config(connection=connection), revision)


def check(connection: Connection) -> None:
    """`alembic check`: raises alembic.util.AutogenerateDiffsDetected if models and DB differ."""
    from alembic import command

    command.check(alembic_config(connection=connection))
