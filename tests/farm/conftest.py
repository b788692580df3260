"""A farm subprocess per scenario, started on port 0, with its CA and request log."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@dataclass
class Farm:
    url: str
    port: int
    ca: Path
    log: Path
    proc: subprocess.Popen

    def requests(self) -> list[dict]:
        return [json.loads(line) for line in self.log.read_text().splitlines() if line]


def start(tmp: Path, scenario: str, *extra: str) -> Farm:
    ca, log = tmp / "ca.pem", tmp / "requests.jsonl"
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "ogpcrawl.farm",
            "--port",
            "0",
            "--scenario",
            scenario,
            "--log",
            str(log),
            "--ca-cert-out",
            str(ca),
            *extra,
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    line = proc.stdout.readline().strip()
    assert line.startswith("READY http://127.0.0.1:"), line
    url = line.split()[1]
    return Farm(url, int(url.rsplit(":", 1)[1]), ca, log, proc)


def stop(farm: Farm) -> None:
    farm.proc.terminate()
    farm.proc.wait(10)


@pytest.fixture(scope="session")
def replica(tmp_path_factory):
    farm = start(tmp_path_factory.mktemp("replica"), "replica")
    yield farm
    stop(farm)
