"""Errors of the database layer, and which driver errors mean "the database is not there"."""

from __future__ import annotations


class DatabaseUnavailable(Exception):
    """The database cannot be reached or written now; retrying later may succeed.

    The message names the URL (password hidden) and the driver's reason, for the operator.
    """

    def __init__(self, url: str, cause: BaseException | str) -> None:
        self.url = url
        self.cause = cause if isinstance(cause, str) else describe(cause)
        super().__init__(f"database unavailable at {url}: {self.cause}")


class DatabaseUrlError(DatabaseUnavailable):
    """DATABASE_URL itself cannot be used (e.g. it names no database); retrying will not help."""

    def __init__(self, url: str, reason: str) -> None:
        super().__init__(url, reason)
        self.args = (f"DATABASE_URL {url} cannot be used: {reason}",)

    def __str__(self) -> str:
        return self.args[0]


def describe(exc: BaseException) -> str:
    """The driver's own first line, without SQLAlchemy's statement and background link."""
    inner = getattr(exc, "orig", None) or exc
    text = str(inner).strip().splitlines()
    return text[0] if text else type(inner).__name__


def is_unavailable(exc: BaseException) -> bool:
    """Connection-level trouble (refused, gone, locked, unopenable file) as opposed to bad data."""
    # SQLAlchemy imported here: this module is imported by every command's start (crawl.py)
    from sqlalchemy import exc as sa_exc

    if isinstance(exc, DatabaseUnavailable | sa_exc.TimeoutError):
        return True
    if isinstance(exc, sa_exc.DBAPIError):
        return exc.connection_invalidated or isinstance(
            exc, sa_exc.OperationalError | sa_exc.InterfaceError
        )
    return False
