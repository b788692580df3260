"""Official claims to compare with: a small text file, one "commitment: percent" a line.

    # comments and blank lines are ignored
    2.4: 86%
    4.2.2: 100

The percent sign is optional. A commitment outside vocab.COMMITMENTS, a value that is not a
number from 0 to 100, or a commitment given twice is an error that names the file and line.
"""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path

from ogpcrawl import vocab

_LINE = re.compile(r"^\s*(?P<c>[0-9.]+)\s*[:=]\s*(?P<v>[0-9]+(?:[.,][0-9]+)?)\s*%?\s*$")


class ClaimsError(ValueError):
    pass


def parse_claims(text: str, source: str = "<claims>") -> dict[str, float]:
    claims: dict[str, float] = {}
    for lineno, raw in enumerate(text.splitlines(), start=1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        m = _LINE.match(line)
        if not m:
            raise ClaimsError(f"{source}:{lineno}: expected 'commitment: percent', got {raw!r}")
        commitment, value = m["c"], float(m["v"].replace(",", "."))
        if commitment not in vocab.COMMITMENTS:
            raise ClaimsError(
                f"{source}:{lineno}: unknown commitment {commitment!r}; "
                f"known: {', '.join(vocab.COMMITMENTS)}"
            )
        if not 0 <= value <= 100:
            raise ClaimsError(f"{source}:{lineno}: {value} is not a percentage")
        if commitment in claims:
            raise ClaimsError(f"{source}:{lineno}: {commitment} is claimed twice")
        claims[commitment] = value
    return claims


def load_claims(path: str | Path) -> dict[str, float]:
    path = Path(path)
    return parse_claims(path.read_text(encoding="utf-8"), str(path))


def claims_2018() -> dict[str, float]:
    """The official figure the 2018 report quotes (Anti-Corruption Commission, 2017: 2.4 at 86%)."""
    text = resources.files("ogpcrawl.report").joinpath("data/claims_2018.txt").read_text("utf-8")
    return parse_claims(text, "claims_2018.txt")
