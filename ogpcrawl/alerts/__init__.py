"""Knowing when something changed or broke, between reports.

- status.py: a JSON status file and an SVG badge per spider (running / ok / degraded / failing).
- changes.py: per-agency change alerts between a run and the previous run of its spider.
- notify.py: one digest per run through Apprise, routed by a TOML file (docs/deployment.md).
- watch.py: health after a job (Scrapyd's state + the run row) -> status files -> notification.

The health verdict itself is ogpcrawl/health.py.
"""
