"""Database layer: SQLAlchemy models, Alembic migrations, the Store and the spool."""
