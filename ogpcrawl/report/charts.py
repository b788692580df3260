"""Numbers for the report's pictures. The templates draw the SVG; this module only does geometry.

Every value handed to a template here is a number or a fixed vocabulary word, never scraped
text, so the SVG markup cannot be broken by a website.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from ogpcrawl import vocab

SPARK_MONTHS = 12


def month_keys(as_of: date, n: int = SPARK_MONTHS) -> list[str]:
    """The n "YYYY-MM" keys ending with as_of's month, oldest first."""
    y, m = as_of.year, as_of.month
    keys = []
    for _ in range(n):
        keys.append(f"{y:04d}-{m:02d}")
        y, m = (y, m - 1) if m > 1 else (y - 1, 12)
    return keys[::-1]


def sparkline(monthly: Mapping | None, as_of: date, width: int = 120, height: int = 24) -> dict:
    """Polyline points for monthly news counts; months with no entry count as 0."""
    keys = month_keys(as_of)
    values = []
    for k in keys:
        v = (monthly or {}).get(k, 0)
        values.append(v if isinstance(v, int | float) and v >= 0 else 0)
    top = max(values) or 1
    step = width / (len(values) - 1)
    pad = 2  # keep the stroke inside the box
    points = [
        (round(i * step, 1), round(pad + (height - 2 * pad) * (1 - v / top), 1))
        for i, v in enumerate(values)
    ]
    return {
        "width": width,
        "height": height,
        "points": " ".join(f"{x},{y}" for x, y in points),
        "last": points[-1],
        "counts": values,
        "max": max(values),
        "total": sum(values),
        "first_month": keys[0],
        "last_month": keys[-1],
    }


def stacked_bar(dist: Mapping[str, int], width: int = 300) -> list[dict]:
    """Segments of a 100% bar, one per OGP level in scale order (zero-width ones dropped)."""
    n = sum(dist.get(r, 0) for r in vocab.RATINGS)
    segments, x = [], 0.0
    for r in vocab.RATINGS:
        count = dist.get(r, 0)
        if not n or not count:
            continue
        w = width * count / n
        segments.append({"rating": r, "x": round(x, 1), "w": round(w, 1), "count": count})
        x += w
    return segments


def share_bars(before: float | None, after: float | None, width: int = 300) -> dict:
    """Two bars on a 0–100% scale for the run-over-run chart."""

    def w(v):
        return round(width * (v or 0) / 100, 1)

    return {"before": before, "after": after, "w_before": w(before), "w_after": w(after)}
