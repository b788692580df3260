"""Settings that several components resolve the same way."""

from __future__ import annotations

import os

DEFAULT_DATABASE_URL = "sqlite:///ogpcrawl.db"


def database_url(settings=None) -> str:
    """DATABASE_URL: the setting, else the environment variable, else SQLite in the working dir."""
    value = settings.get("DATABASE_URL") if settings is not None else None
    return value or os.environ.get("DATABASE_URL") or DEFAULT_DATABASE_URL


def redact_url(url: str) -> str:
    """The URL without its password, for messages and logs."""
    from sqlalchemy.engine import make_url

    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:
        return "<unparseable database URL>"
