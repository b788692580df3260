"""Killing the database during a crawl loses no snapshot.

The crawl writes to a private PostgreSQL cluster made for this test (so stopping it disturbs
nobody). Midway the server is killed (`pg_ctlcluster stop -m immediate`); the crawl goes on,
spooling snapshots to disk. Either the server comes back during the crawl and the spool drains
into it, or it stays down until the crawl ends and `scrapy loadspool` loads the spool.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import uuid

import pytest
from sqlalchemy import create_engine, text

from ogpcrawl.agencies import load_agencies
from tests.conftest import FAST_SETTINGS, ROOT, missing_service

pytestmark = [pytest.mark.e2e, pytest.mark.postgres]

LOCAL_IDS = {
    a.agency_id for a in load_agencies(ROOT / "seeds" / "agencies.csv") if a.family == "local_ih"
}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Cluster:
    """A throwaway PostgreSQL cluster (Debian's postgresql-common tools)."""

    def __init__(self):
        if not shutil.which("pg_createcluster"):
            missing_service("pg_createcluster (Debian postgresql-common) to run a private cluster")
        import os

        self.version = sorted(os.listdir("/etc/postgresql"))[-1]
        self.name, self.port = f"ogp{uuid.uuid4().hex[:8]}", free_port()
        subprocess.run(
            [
                "pg_createcluster",
                self.version,
                self.name,
                "-p",
                str(self.port),
                "--",
                "--auth=trust",
            ],
            check=True,
            capture_output=True,
        )
        self.url = f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    def ctl(self, *args: str) -> None:
        subprocess.run(
            ["pg_ctlcluster", "--skip-systemctl-redirect", self.version, self.name, *args],
            check=True,
            capture_output=True,
        )

    def start(self) -> None:
        self.ctl("start")

    def kill(self) -> None:
        self.ctl("stop", "-m", "immediate")  # no shutdown checkpoint: as if the server died

    def drop(self) -> None:
        subprocess.run(["pg_dropcluster", "--stop", self.version, self.name], capture_output=True)


@pytest.fixture()
def cluster():
    c = Cluster()
    try:
        c.start()
        yield c
    finally:
        c.drop()


def stored_ids(url: str) -> list[str]:
    engine = create_engine(url)
    with engine.connect() as c:
        ids = [r.agency_id for r in c.execute(text("SELECT agency_id FROM snapshots"))]
        status = c.execute(text("SELECT status FROM runs")).scalars().all()
    engine.dispose()
    return ids, status


@pytest.mark.parametrize("outage", ["returns_midway", "down_until_the_end"])
def test_killing_the_database_mid_crawl_loses_no_snapshot(farm, cluster, tmp_path, outage):
    settings = {
        **FAST_SETTINGS,
        "CONCURRENT_REQUESTS": "8",
        "DOWNLOAD_DELAY": "0.02",
        "AGENCIES_FILE": str(ROOT / "seeds" / "agencies.csv"),
        "AS_OF": "2018-08-20",
        "DATABASE_URL": cluster.url,
        "OGP_DB_BATCH_SIZE": "4",
        "OGP_DB_RETRY_INTERVAL": "1",
        "OGP_SPOOL_DIR": str(tmp_path / "spool"),
        "OGP_ARCHIVE_DIR": str(tmp_path / "archive"),
        "REPORT_ON_CLOSE": "False",
    }
    cmd = [sys.executable, "-m", "scrapy", "crawl", "local_ih", "-O", str(tmp_path / "o.jsonl")]
    for k, v in settings.items():
        cmd += ["-s", f"{k}={v}"]
    env = {**farm.env, "SCRAPY_SETTINGS_MODULE": "ogpcrawl.settings"}
    start = len(farm.requests())
    proc = subprocess.Popen(
        cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    deadline = time.monotonic() + 300
    while len(farm.requests()) - start < 250:
        assert proc.poll() is None, proc.stderr.read()[-3000:]
        assert time.monotonic() < deadline
        time.sleep(0.1)
    cluster.kill()
    if outage == "returns_midway":
        time.sleep(3)  # the crawl goes on meanwhile, spooling
        cluster.start()
    _, err = proc.communicate(timeout=600)
    (tmp_path / "crawl.log").write_text(err)
    assert proc.returncode == 0, err[-3000:]
    assert "spooling snapshots" in err  # the outage was real and noticed

    if outage == "down_until_the_end":
        assert list((tmp_path / "spool").glob("*.jsonl")), "nothing was spooled"
        cluster.start()
        load = subprocess.run(
            [
                sys.executable,
                "-m",
                "scrapy",
                "loadspool",
                str(tmp_path / "spool"),
                "-s",
                f"DATABASE_URL={cluster.url}",
            ],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert load.returncode == 0, load.stderr[-3000:]

    ids, status = stored_ids(cluster.url)
    assert sorted(ids) == sorted(LOCAL_IDS)  # all 80, none twice
    assert status == ["finished"]
