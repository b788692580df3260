"""The report's words, per language. Azerbaijani is the report's own language and the default.

The words are data: `report/data/messages.<lang>.toml`, one file per language, editable without
touching code. Templates and row builders only ever say `msg["key"]`; a file that does not parse,
holds a non-text value or misses a key another language has stops the program with a message
naming the file (tests/report/test_environment.py checks the same), never a blank cell.
"""

from __future__ import annotations

import tomllib
from importlib import resources
from importlib.resources.abc import Traversable
from types import MappingProxyType

# Read through importlib.resources, so the words load from a zipped Scrapyd egg too.
DATA_DIR = resources.files("ogpcrawl.report").joinpath("data")


class MessagesError(ValueError):
    """A report word file that cannot be used (its path is in the message)."""


def load_catalogue(path: Traversable) -> dict[str, str]:
    try:
        with path.open("rb") as f:
            words = tomllib.load(f)
    except tomllib.TOMLDecodeError as exc:  # its message names the line and column
        raise MessagesError(f"{path}: {exc}") from None
    bad = [k for k, v in words.items() if not isinstance(v, str)]
    if bad:
        raise MessagesError(f"{path}: not text: {', '.join(bad)}")
    return words


def _load_all(data_dir: Traversable) -> dict[str, dict[str, str]]:
    files = sorted(
        (
            f
            for f in data_dir.iterdir()
            if f.name.startswith("messages.") and f.name.endswith(".toml")
        ),
        key=lambda f: f.name,
    )
    catalogues = {f.name.split(".")[1]: load_catalogue(f) for f in files}
    keys = set().union(*(c.keys() for c in catalogues.values()))
    for lang, words in catalogues.items():
        missing = sorted(keys - words.keys())
        if missing:
            raise MessagesError(
                f"{data_dir / f'messages.{lang}.toml'}: missing {', '.join(missing)}"
            )
    return catalogues


_LOADED = _load_all(DATA_DIR)
AZ = _LOADED["az"]
EN = _LOADED["en"]

CATALOGUES = {lang: MappingProxyType(words) for lang, words in _LOADED.items()}
LANGS = tuple(CATALOGUES)


def catalogue(lang: str):
    """The message dict for `lang`; an unknown language is an error, not a silent fallback."""
    try:
        return CATALOGUES[lang]
    except KeyError:
        raise ValueError(f"unknown report language {lang!r}; choose one of {LANGS}") from None
