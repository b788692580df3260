"""Scenario name → Web. Each scenario module builds its sites lazily from the hostname."""

from __future__ import annotations

from .web import Web

SCENARIOS = ("replica", "faults", "synthetic", "shapes", "hostile")


def build_web(
    scenario: str = "replica", *, sites: int = 100, edits: list[str] | None = None
) -> Web:
    if scenario == "replica":
        from .replica import replica_web

        return replica_web(edits)
    if scenario == "faults":
        from .faults import faults_web

        return faults_web()
    if scenario == "hostile":
        from .hostile import hostile_web

        return hostile_web()
    if scenario == "synthetic":
        from .synthetic import synthetic_web

        return synthetic_web(sites)
    if scenario == "shapes":
        from .shapes import shapes_web

        return shapes_web()
    raise ValueError(f"unknown scenario {scenario!r}; choose from {', '.join(SCENARIOS)}")
