"""Run ids name directories: one validator (runinfo.validate_run_id) and one path guard."""

from __future__ import annotations

import pytest

from ogpcrawl.runinfo import InvalidRunId, path_inside, validate_run_id


@pytest.mark.parametrize(
    "good",
    [
        "r1",
        "local_ih-monthly-20250901T0200Z",
        "20261202T101010Z-local_ih-a1b2c3",
        "a" * 64,
        "0b3c1f6e9d2a4b5c8e7f6a5b4c3d2e1f",
    ],
)
def test_ordinary_run_ids_pass(good):
    assert validate_run_id(good) == good


@pytest.mark.parametrize(
    "bad",
    [
        "../../escaped_run",
        "/tmp/abs",
        "..",
        ".",
        ".hidden",
        "a/b",
        "a\\b",
        "",
        "a" * 65,
        "run id",
        "r1\n",
        "x\x00y",
        None,
        7,
    ],
)
def test_path_tricks_are_refused_naming_the_source(bad):
    with pytest.raises(InvalidRunId, match="-a run_id"):
        validate_run_id(bad, "-a run_id")


def test_path_inside_keeps_names_under_the_base(tmp_path):
    assert path_inside(tmp_path, "r1") == tmp_path / "r1"
    for name in ("../x", "/etc", "..", "a/../../b", ""):
        with pytest.raises(ValueError, match="outside"):
            path_inside(tmp_path, name)


def test_path_inside_follows_symlinks(tmp_path):
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "link").symlink_to(tmp_path)
    with pytest.raises(ValueError):
        path_inside(tmp_path / "out", "link")
