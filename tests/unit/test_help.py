"""Every command's --help has a one-line purpose and an example; every option says what it does."""

from __future__ import annotations

import argparse
import importlib
import pkgutil

import pytest
from scrapy.commands import ScrapyCommand, ScrapyHelpFormatter
from scrapy.settings import Settings

import ogpcrawl.commands
from ogpcrawl.farm.__main__ import build_parser, parse_args

COMMANDS = sorted(m.name for m in pkgutil.iter_modules(ogpcrawl.commands.__path__))


def _help(name: str) -> tuple[str, argparse.ArgumentParser]:
    cmd = importlib.import_module(f"ogpcrawl.commands.{name}").Command()
    assert isinstance(cmd, ScrapyCommand)
    cmd.settings = Settings()
    parser = argparse.ArgumentParser(
        formatter_class=ScrapyHelpFormatter,
        usage=f"scrapy {name} {cmd.syntax()}",
        conflict_handler="resolve",
        description=cmd.long_desc(),
    )
    cmd.add_options(parser)
    return parser.format_help(), parser


def test_the_project_commands_are_all_checked():
    assert {"crawl", "db", "loadspool", "report", "runs"} <= set(COMMANDS)


@pytest.mark.parametrize("name", COMMANDS)
def test_a_command_help_has_a_purpose_line_and_an_example(name):
    text, _ = _help(name)
    body = text.split("\n\n", 1)[1]  # after the usage block
    purpose = body.splitlines()[0]
    assert purpose.endswith(".") and 20 < len(purpose) < 160, purpose
    example = text.split("Example", 1)[1].split("\n\n")[0]
    assert f"scrapy {name}" in example, text


def _options_without_help(parser: argparse.ArgumentParser) -> list[str]:
    return [a.option_strings[0] for a in parser._actions if a.option_strings and not a.help]


@pytest.mark.parametrize("name", COMMANDS)
def test_every_project_option_says_what_it_does(name):
    assert _options_without_help(_help(name)[1]) == []


def test_the_farm_help_is_plain_text_with_help_for_every_option(capsys):
    with pytest.raises(SystemExit):
        parse_args(["--help"])
    text = capsys.readouterr().out
    assert "``" not in text and "`" not in text
    assert "Run the offline replica" in text and "python -m ogpcrawl.farm --port 8899" in text
    assert _options_without_help(build_parser()) == []
