"""One replica crawl with the mobile check, shared by the archive tests."""

from __future__ import annotations

import socket

import pytest

from tests.conftest import run_crawl

ONLY = "baku,absheron,xankendi,binegedi"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="package")
def replica_run(farm, chromium, tmp_path_factory):
    """(result, run id, WACZ path, replay port): local sites of the 2018 replica (one served
    only at an alternate spelling, one dead: 502), with the phone check's screenshots."""
    work = tmp_path_factory.mktemp("archive")
    port = free_port()
    result = run_crawl(
        "local_ih",
        work,
        env=farm.env,
        args={"only": ONLY},
        settings={
            "AS_OF": "2018-08-20",
            "OGP_MOBILE_CHECK": "True",
            "OGP_CHROMIUM": chromium,
            "OGP_SCREENSHOT_DIR": str(work / "shots"),
            "OGP_REPLAY_URL": f"http://127.0.0.1:{port}",
        },
    )
    assert result.returncode == 0, result.stderr[-3000:]
    run_id = result.snapshots[0]["run_id"]
    result.replay_port = port
    return result, run_id, work / "archive" / run_id / f"{run_id}.wacz"
