"""What every process's start imports: Scrapy imports each command's module and every key of
EXTENSIONS whatever command runs, so neither may pull in the database layer, Alembic, the
report package or Scrapy's remote control (aiohttp) by themselves."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from tests.conftest import ROOT

PROBE = """
import json, sys
from scrapy.cmdline import _get_commands_dict
from scrapy.utils.project import get_project_settings
settings = get_project_settings()
commands = sorted(_get_commands_dict(settings, inproject=True))
extensions = list(settings.getwithbase("EXTENSIONS"))
heavy = ("sqlalchemy", "alembic", "aiohttp", "ogpcrawl.report", "scrapy_playwright")
print(json.dumps({
    "commands": commands,
    "extensions": extensions,
    "imported": sorted(m for m in heavy if m in sys.modules),
    "remote_control": settings.getbool("REMOTE_CONTROL_ENABLED"),
}))
"""


def test_command_discovery_and_extensions_import_nothing_heavy():
    env = {**os.environ, "SCRAPY_SETTINGS_MODULE": "ogpcrawl.settings", "PYTHONPATH": str(ROOT)}
    out = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr[-2000:]
    got = json.loads(out.stdout.strip().splitlines()[-1])
    assert {"census", "db", "report", "runs", "loadspool", "evidence"} <= set(got["commands"])
    assert "ogpcrawl.extensions.ProgressLog" in got["extensions"]
    assert "scrapy.extensions.logstats.LogStats" in got["extensions"]  # Scrapy's others stay
    assert not any("remote_control" in e for e in got["extensions"])
    assert got["remote_control"] is False
    assert got["imported"] == []
