"""Language packs and indicator specs are the seam: a Russian ministry is judged like its
Azerbaijani twin because of the Russian pack, and an indicator added as a spec in a directory of
its own is found by the unchanged detector code (the steps of docs/extending.md)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from ogpcrawl import specs
from ogpcrawl.detect.ratings import rate
from ogpcrawl.detect.site import detect_site
from ogpcrawl.detect.verdicts import cell_kinds

from .cases import FIXTURES, dig, load_case

ROOT = Path(__file__).resolve().parents[2]
TWINS = ("ministry-twin-az", "ministry-twin-ru")


def judged(case: str) -> dict:
    pages, failed, as_of, expected = load_case(FIXTURES / "site" / case)
    contract = detect_site(pages, as_of=as_of, failed=failed).to_contract()
    snapshot = {**contract, "reachable": True, "as_of": as_of.isoformat()}
    contract["ratings"] = rate(snapshot)
    contract["cells"] = cell_kinds(snapshot)
    return {"contract": contract, "fields": list(expected)}


def test_the_russian_ministry_is_judged_like_its_azerbaijani_twin():
    az, ru = judged(TWINS[0]), judged(TWINS[1])
    assert az["fields"] == ru["fields"] and len(az["fields"]) >= 15
    for field in az["fields"]:
        assert dig(ru["contract"], field) == dig(az["contract"], field), field
    assert (
        ru["contract"]["cells"]
        == az["contract"]["cells"]
        == dict.fromkeys(("2.4", "4.2.1", "4.2.2", "5.6"), "yes")
    )
    # the Russian site's own words were the evidence, not a shared slug or layout
    assert ru["contract"]["council"]["title"] == "Общественный совет"
    assert ru["contract"]["procurement"]["title"] == "Закупки"


def _copy_specs(target: Path) -> Path:
    shutil.copytree(specs.DEFAULT_DIR, target, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    return target


def _run(spec_dir: Path, code: str) -> dict:
    env = {**os.environ, "PYTHONPATH": str(ROOT), specs.ENV_DIR: str(spec_dir)}
    proc = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    return json.loads(proc.stdout.strip().splitlines()[-1])


JUDGE_RU = f"""
import json, sys
sys.path.insert(0, {str(ROOT / "tests")!r})
from detect.cases import FIXTURES, load_case
from ogpcrawl.detect.site import detect_site
pages, failed, as_of, _ = load_case(FIXTURES / "site" / "ministry-twin-ru")
c = detect_site(pages, as_of=as_of, failed=failed).to_contract()
print(json.dumps({{"council": c["council"]["status"], "members": c["council"]["members"],
                  "procurement_items": c["procurement"]["items"]}}))
"""


def test_without_the_russian_pack_the_russian_twin_is_not_understood(tmp_path):
    """The Russian words are the pack's, not the code's: drop the pack and the council's
    members and meetings are no longer recognised."""
    with_pack = _run(_copy_specs(tmp_path / "with"), JUDGE_RU)
    spec_dir = _copy_specs(tmp_path / "without")
    (spec_dir / "languages" / "ru.toml").unlink()
    index = spec_dir / "index.toml"
    index.write_text(index.read_text("utf-8").replace('"az", "ru", "en"', '"az", "en"'), "utf-8")
    without = _run(spec_dir, JUDGE_RU)
    assert with_pack == {"council": "active", "members": 3, "procurement_items": 2}
    assert without["council"] != "active" and not without["members"]


TOY_PAGE = """<html><body><nav><ul>
<li><a href="/az/">Ana səhifə</a></li>
<li><a href="/az/xeberler/">Xəbərlər</a></li>
<li><a href="/az/budce-hesabati/">Büdcə hesabatları</a></li>
</ul></nav><main><p>Salam</p></main></body></html>"""

FIND_TOY = f"""
import json
from ogpcrawl import specs
from ogpcrawl.detect.navigation import discover_sections
from ogpcrawl.detect.page import Page
from ogpcrawl.spiders.base import TAKE
page = Page(url="http://x-ih.gov.az/az/", text={TOY_PAGE!r}, role="home")
found = discover_sections(page)
print(json.dumps({{"sections": list(specs.active().sections),
                  "budget": [(link.url, link.rule) for link in found.get("budget", [])],
                  "news": [link.url for link in found["news"]], "take": TAKE.get("budget"),
                  "fresh": specs.active()["budget"].threshold("fresh_days")}}))
"""


def test_a_toy_indicator_added_as_a_spec_is_found(tmp_path):
    """docs/extending.md, "Add an indicator", steps 1-3, in a directory of its own."""
    spec_dir = _copy_specs(tmp_path / "specs")
    # 1. the indicator's spec
    (spec_dir / "indicators" / "budget.toml").write_text(
        'id = "budget"\nsection = true\ncommitments = []\nslugs = ["budce", "budget"]\n'
        "portal_hosts = []\n\n[thresholds]\nfresh_days = 400\n\n[crawl]\ntake = 1\nsubpages = 0\n",
        "utf-8",
    )
    # 2. listed in the index
    index = spec_dir / "index.toml"
    index.write_text(index.read_text("utf-8").replace('"social"]', '"social", "budget"]'), "utf-8")
    # 3. its words in a language pack
    pack = spec_dir / "languages" / "az.toml"
    pack.write_text(
        pack.read_text("utf-8")
        + '\n[budget]\nnames = ["Büdcə*"]\nfalse_friends = []\nsubpage_words = []\n',
        "utf-8",
    )
    out = _run(spec_dir, FIND_TOY)
    assert "budget" in out["sections"]
    assert out["budget"] == [["http://x-ih.gov.az/az/budce-hesabati/", "nav.text"]]
    assert out["news"] == ["http://x-ih.gov.az/az/xeberler/"]  # the others are unchanged
    assert (out["take"], out["fresh"]) == (1, 400)
