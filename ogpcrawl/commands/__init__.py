"""Project commands: scrapy crawl (clean errors), report, runs, loadspool, db."""

from __future__ import annotations

import argparse

from scrapy.commands import ScrapyHelpFormatter


class _HelpFormatter(argparse.RawDescriptionHelpFormatter, ScrapyHelpFormatter):
    """Scrapy's help layout, with the description's own line breaks kept (for the examples)."""


def described(purpose: str, *examples: str) -> str:
    """A command's --help text: its one-line purpose, then one example a line."""
    lines = [purpose.rstrip(".") + ".", "", "Examples:" if len(examples) > 1 else "Example:"]
    return "\n".join(lines + [f"  {e}" for e in examples])


class WithExamples:
    """Mix into a ScrapyCommand whose long_desc() is built by described()."""

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        super().add_options(parser)  # type: ignore[misc]
        parser.formatter_class = _HelpFormatter
