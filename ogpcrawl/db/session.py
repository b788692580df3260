"""Engines and sessions from a database URL; the one place that knows dialect quirks.

Callers own transactions: `with session_factory.begin() as session: ...` (short, one batch each).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import NullPool

from ogpcrawl.config import DEFAULT_DATABASE_URL, database_url

# The one rule for DATABASE_URL (setting, else environment, else an SQLite file in the working
# directory: the embedded default, no server to set up) lives in ogpcrawl.config.
DEFAULT_URL = DEFAULT_DATABASE_URL
__all__ = ["DEFAULT_URL", "database_url", "make_engine", "make_session_factory", "safe_url"]


def safe_url(url: str | URL) -> str:
    """The URL for messages and logs: the password hidden."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # an unparsable URL must still produce a message, not a new error
        return "<unparsable database URL>"


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    # SQLite leaves foreign keys off per connection unless asked; ON DELETE CASCADE needs them.
    cursor.execute("PRAGMA foreign_keys=ON")
    # WAL lets an analyst read while the crawl writes; busy_timeout waits out the other writer.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def make_engine(url: str | URL, **kwargs: Any) -> Engine:
    url = make_url(url)
    if url.get_backend_name() == "sqlite":
        if url.database not in (None, "", ":memory:"):
            # A fresh connection per use: if the file's directory vanishes the next write fails
            # (and is spooled) instead of going to an unlinked inode through a pooled handle.
            kwargs.setdefault("poolclass", NullPool)
        engine = create_engine(url, **kwargs)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    if url.get_backend_name() == "postgresql":
        if not url.database:
            # libpq would pick the OS user's database and the migrations would land there.
            from ogpcrawl.db.errors import DatabaseUrlError

            raise DatabaseUrlError(
                url.render_as_string(hide_password=True),
                "it names no database (postgresql+psycopg://user@host/DBNAME)",
            )
        # pre_ping: after a server restart, stale pooled connections are replaced, not reused.
        kwargs.setdefault("pool_pre_ping", True)
        connect_args = {"connect_timeout": 10, "application_name": "ogpcrawl"}
        connect_args.update(kwargs.pop("connect_args", {}))
        return create_engine(url, connect_args=connect_args, **kwargs)
    return create_engine(url, **kwargs)


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    # expire_on_commit=False: stores return plain values read inside the transaction.
    return sessionmaker(engine, expire_on_commit=False)
