"""Checks an output snapshot against the contract's schema (items.SNAPSHOT_SCHEMA)."""

from __future__ import annotations

from functools import cache

from ogpcrawl.items import SNAPSHOT_SCHEMA


@cache
def _validator():
    import jsonschema

    return jsonschema.Draft202012Validator(SNAPSHOT_SCHEMA)


def validate_snapshot(snapshot: dict) -> list[str]:
    """Human-readable contract violations; empty when the snapshot is valid."""
    return [
        f"{'/'.join(str(p) for p in err.absolute_path) or '<root>'}: {err.message}"
        for err in _validator().iter_errors(snapshot)
    ]
