"""Where templates come from, how they escape, and the message catalogues."""

from __future__ import annotations

from pathlib import Path

import pytest
from jinja2 import PackageLoader, UndefinedError
from report_helpers import RUN, sample_run

from ogpcrawl.report import render_annexes
from ogpcrawl.report.env import checkout_templates, make_env
from ogpcrawl.report.messages import AZ, EN, catalogue

ROOT = Path(__file__).resolve().parents[2]


def test_catalogues_have_the_same_keys():
    assert set(AZ) == set(EN)


def test_unknown_language_is_an_error():
    with pytest.raises(ValueError, match="fr"):
        catalogue("fr")


def test_top_level_templates_are_the_source_and_the_package_copy_points_at_them():
    assert checkout_templates() == ROOT / "templates"
    link = ROOT / "ogpcrawl" / "report" / "templates"
    assert link.is_symlink() and link.resolve() == (ROOT / "templates").resolve()
    # what an installed package (Scrapyd egg) uses when there is no checkout
    assert "report.html.j2" in PackageLoader("ogpcrawl.report", "templates").list_templates()


def test_autoescape_and_strict_undefined():
    env = make_env()
    assert env.from_string("{{ x }}").render(x="<b>") == "&lt;b&gt;"
    assert env.autoescape("annex.html.j2") is True and env.autoescape("other.txt") is True
    with pytest.raises(UndefinedError):
        env.from_string("{{ missing }}").render()


def test_a_templates_dir_overrides_single_templates(tmp_path):
    (tmp_path / "annex.html.j2").write_text("OVERRIDE {{ annex.title }}", encoding="utf-8")
    snaps, _ = sample_run()
    paths = render_annexes(
        snaps[:1], tmp_path / "out", run=RUN, formats=("html",), templates_dir=tmp_path
    )
    assert paths[0].read_text("utf-8").startswith("OVERRIDE Əlavə 1.")


def test_report_words_are_data_and_a_broken_word_file_names_itself(tmp_path):
    """The catalogues come from report/data/messages.<lang>.toml; a file that does not parse
    or lacks a key another language has stops with its path, never a blank cell."""
    from ogpcrawl.report import messages

    assert messages.AZ["yes"] == "Var" and messages.EN["yes"] == "Yes"
    for f in messages.DATA_DIR.iterdir():
        if f.name.startswith("messages."):
            (tmp_path / f.name).write_bytes(f.read_bytes())
    assert messages._load_all(tmp_path)["az"] == messages.AZ
    az = tmp_path / "messages.az.toml"
    az.write_text(az.read_text(encoding="utf-8").replace('yes = "Var"\n', ""), encoding="utf-8")
    with pytest.raises(messages.MessagesError, match=r"messages\.az\.toml: missing yes"):
        messages._load_all(tmp_path)
    az.write_text('yes = "Var\n', encoding="utf-8")
    with pytest.raises(messages.MessagesError, match=r"messages\.az\.toml: .*line 1"):
        messages._load_all(tmp_path)
