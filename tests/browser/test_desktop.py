"""The desktop context: the DOM after JavaScript, without the heavy resources."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from .helpers import PageServer, stats_from_log

ROOT = Path(__file__).resolve().parents[2]
PAGE = (
    "<html><body><img src='/logo.png'><div id='app'></div>"
    "<script>document.getElementById('app').innerHTML = '<a href=\"/x\">Xəbərlər</a>'"
    "</script></body></html>"
)


@pytest.mark.browser
def test_desktop_page_is_rendered_with_images_aborted(chromium, tmp_path):
    env = {
        k: v
        for k, v in os.environ.items()
        if k.lower() not in ("http_proxy", "https_proxy", "no_proxy", "all_proxy")
    }
    env["SCRAPY_SETTINGS_MODULE"] = "ogpcrawl.settings"
    out = tmp_path / "out.jsonl"
    with PageServer({"/": PAGE, "/logo.png": "not really a png"}) as server:
        proc = subprocess.run(
            [
                sys.executable,
                "-m",
                "scrapy",
                "runspider",
                str(Path(__file__).with_name("desktop_spider.py")),
                "-a",
                f"urls={server.url}/",
                "-O",
                str(out),
                "-s",
                f"OGP_CHROMIUM={chromium}",
            ],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
    assert proc.returncode == 0, proc.stderr[-3000:]
    page = json.loads(out.read_text().splitlines()[0])
    assert page["rendered"] and '<a href="/x">Xəbərlər</a>' in page["text"]
    stats = stats_from_log(proc.stderr)
    assert stats["playwright/request_count/resource_type/image"] == 1
    assert stats["playwright/request_count/aborted"] == 1
    assert stats["playwright/page_count"] == stats["playwright/page_count/closed"] == 1
