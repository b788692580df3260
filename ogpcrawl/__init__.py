"""ogpcrawl: monitoring of government websites for Open Government commitments."""

__version__ = "0.1.0"
