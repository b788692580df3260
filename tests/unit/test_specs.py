"""Indicator specs and language packs (ogpcrawl/specs): loading, validation, and start-up failure."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from ogpcrawl import specs
from ogpcrawl.detect import navigation, text

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def spec_dir(tmp_path):
    """A writable copy of the shipped spec directory."""
    target = tmp_path / "specs"
    shutil.copytree(specs.DEFAULT_DIR, target, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    return target


def _line_of(path: Path, needle: str) -> int:
    for n, line in enumerate(path.read_text("utf-8").splitlines(), start=1):
        if needle in line:
            return n
    raise AssertionError(f"{needle!r} not in {path}")


def test_shipped_specs_load_and_feed_the_detector_tables():
    s = specs.load()
    assert s.languages == ("az", "ru", "en")
    assert s.sections == ("council", "procurement", "eservices", "news")
    # the tables the detectors match are the spec's, language order kept (az strongest)
    assert text.SECTION_NAMES["council"][0] == "İctimai şura*"
    assert "Общественный совет*" in text.SECTION_NAMES["council"]
    assert text.SECTION_SLUGS["procurement"] == s["procurement"].slugs
    assert navigation.SECTIONS == s.sections
    assert "ireli" in navigation.NEXT_WORDS and "dalee" in navigation.NEXT_WORDS
    assert s["council"].threshold("fresh_days") == 180
    assert s["news"].threshold("stale_days") == 14
    assert len(s.months) == 12 and "avqust" in s.months[7]


def test_every_pack_names_every_section():
    s = specs.load()
    for section in s.sections:
        assert s[section].names, section


def test_bad_toml_names_file_and_line(spec_dir):
    pack = spec_dir / "languages" / "az.toml"
    lines = pack.read_text("utf-8").splitlines()
    n = _line_of(pack, 'search_query = "İctimai şura"')
    lines[n - 1] = 'search_query = "İctimai şura'  # unterminated string
    pack.write_text("\n".join(lines) + "\n", "utf-8")
    with pytest.raises(specs.SpecError, match=rf"az\.toml:{n}: not valid TOML"):
        specs.load(spec_dir)


def test_unknown_key_names_file_and_line(spec_dir):
    pack = spec_dir / "languages" / "ru.toml"
    body = pack.read_text("utf-8").replace('names = ["Закупк*"', 'nmaes = ["Закупк*"')
    pack.write_text(body, "utf-8")
    n = _line_of(pack, "nmaes = ")
    with pytest.raises(specs.SpecError, match=rf"ru\.toml:{n}: procurement\.nmaes: unknown key"):
        specs.load(spec_dir)


def test_words_for_an_unknown_indicator_are_refused(spec_dir):
    pack = spec_dir / "languages" / "en.toml"
    pack.write_text(pack.read_text("utf-8") + '\n[budjet]\nnames = ["Budget"]\n', "utf-8")
    n = _line_of(pack, "[budjet]")
    with pytest.raises(specs.SpecError, match=rf"en\.toml:{n}: budjet: no such indicator"):
        specs.load(spec_dir)


def test_bad_threshold_and_bad_word_are_refused(spec_dir):
    ind = spec_dir / "indicators" / "council.toml"
    ind.write_text(ind.read_text("utf-8").replace("fresh_days = 180", 'fresh_days = "soon"'))
    n = _line_of(ind, "fresh_days = ")
    with pytest.raises(specs.SpecError, match=rf"council\.toml:{n}: thresholds\.fresh_days"):
        specs.load(spec_dir)
    ind.write_text(ind.read_text("utf-8").replace('fresh_days = "soon"', "fresh_days = 180"))
    pack = spec_dir / "languages" / "az.toml"
    pack.write_text(pack.read_text("utf-8").replace('"Tender*",', '"Ten*der",', 1))
    with pytest.raises(specs.SpecError, match=r"az\.toml:\d+: procurement\.names: .*'\*'"):
        specs.load(spec_dir)


def test_missing_pack_and_renamed_id_are_refused(spec_dir):
    (spec_dir / "languages" / "ru.toml").unlink()
    with pytest.raises(specs.SpecError, match=r"ru\.toml: spec file missing"):
        specs.load(spec_dir)
    shutil.copy(specs.DEFAULT_DIR / "languages" / "ru.toml", spec_dir / "languages" / "ru.toml")
    ind = spec_dir / "indicators" / "news.toml"
    ind.write_text(ind.read_text("utf-8").replace('id = "news"', 'id = "xeber"'))
    with pytest.raises(specs.SpecError, match=r"news\.toml:\d+: id: must be 'news'"):
        specs.load(spec_dir)


def test_a_bad_spec_stops_the_crawl_before_it_starts(spec_dir, tmp_path):
    """The crawl command imports the detectors, which load the active specs: a bad one stops
    `scrapy crawl` with a message naming the file and line, and no request is made."""
    pack = spec_dir / "languages" / "az.toml"
    pack.write_text(pack.read_text("utf-8").replace('"Satınalma*",', "Satınalma*,", 1))
    n = _line_of(pack, "Satınalma*,")
    env = {**os.environ, "PYTHONPATH": str(ROOT), specs.ENV_DIR: str(spec_dir)}
    proc = subprocess.run(
        [sys.executable, "-m", "scrapy", "crawl", "ministries", "-s", "LOG_LEVEL=ERROR"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode != 0
    assert re.search(rf"az\.toml:{n}: not valid TOML", proc.stderr), proc.stderr[-2000:]


def test_a_threshold_a_verdict_needs_is_named_with_file_and_line(spec_dir):
    ind = spec_dir / "indicators" / "news.toml"
    ind.write_text(ind.read_text("utf-8").replace("stale_days = 14\n", ""), "utf-8")
    loaded = specs.load(spec_dir)
    n = _line_of(ind, "[thresholds]")
    with pytest.raises(specs.SpecError, match=rf"news\.toml:{n}: thresholds\.stale_days: missing"):
        loaded["news"].threshold("stale_days")
