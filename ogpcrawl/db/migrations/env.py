"""Alembic environment: the URL comes from the application, never from a hard-coded ini value.

Where the URL comes from, first found wins: a connection passed in `config.attributes["connection"]`
(Store.upgrade), `config.attributes["url"]`, `alembic -x url=...`, the DATABASE_URL environment
variable, the embedded SQLite default.
"""

from __future__ import annotations

from alembic import context

from ogpcrawl.db.models import Base
from ogpcrawl.db.session import database_url, make_engine

config = context.config
target_metadata = Base.metadata


def _url() -> str:
    return str(
        config.attributes.get("url")
        or context.get_x_argument(as_dictionary=True).get("url")
        or database_url()
    )


def _configure(**kwargs) -> None:
    dialect = kwargs.pop("dialect_name")
    context.configure(
        target_metadata=target_metadata,
        # SQLite cannot ALTER most things; batch mode copies the table instead. Note for future
        # migrations: SQLite views that name a batch-altered table must be dropped and recreated.
        render_as_batch=dialect == "sqlite",
        compare_type=True,
        transaction_per_migration=True,
        **kwargs,
    )


def run_migrations_offline() -> None:
    url = _url()
    from sqlalchemy.engine import make_url

    _configure(
        url=url,
        dialect_name=make_url(url).get_backend_name(),
        literal_binds=True,
        dialect_opts={"paramstyle": "named"},
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _configure(connection=connection, dialect_name=connection.dialect.name)
        with context.begin_transaction():
            context.run_migrations()
        return
    engine = make_engine(_url())
    try:
        with engine.connect() as connection:
            _configure(connection=connection, dialect_name=connection.dialect.name)
            with context.begin_transaction():
                context.run_migrations()
    finally:
        engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
