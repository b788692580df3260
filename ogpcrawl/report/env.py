"""The Jinja environment: where templates come from, autoescape, and the report's filters.

Template location (one source of truth): the project's top-level `templates/` directory.
`ogpcrawl/report/templates` is a symlink to it, so setuptools copies the same files into the
wheel/egg as package data and a Scrapyd job renders with them. Lookup order:

1. `templates_dir` when given (the REPORT_TEMPLATES_DIR setting): a directory of overrides; any
   template it lacks falls through to the next entries;
2. the checkout's `templates/` (found relative to this package, only inside a project checkout);
3. the package copy (`PackageLoader("ogpcrawl.report", "templates")`).
"""

from __future__ import annotations

from pathlib import Path

from jinja2 import (
    ChoiceLoader,
    Environment,
    FileSystemLoader,
    PackageLoader,
    StrictUndefined,
    pass_context,
    select_autoescape,
)
from jinja2.runtime import Context

from ogpcrawl.report.cells import fmt_date
from ogpcrawl.report.safety import http_url, truncate


def checkout_templates() -> Path | None:
    """The top-level templates/ of a project checkout, or None when running from an install."""
    root = Path(__file__).resolve().parents[2]
    candidate = root / "templates"
    if (root / "scrapy.cfg").is_file() and (candidate / "report.html.j2").is_file():
        return candidate
    return None


def make_loader(templates_dir: str | Path | None = None) -> ChoiceLoader:
    loaders = []
    if templates_dir:
        loaders.append(FileSystemLoader(str(templates_dir)))
    checkout = checkout_templates()
    if checkout is not None:
        loaders.append(FileSystemLoader(str(checkout)))
    loaders.append(PackageLoader("ogpcrawl.report", "templates"))
    return ChoiceLoader(loaders)


def pct(value: float | None, decimal: str = ".") -> str:
    """42.9 -> "42.9%"; with decimal="," (the language's msg["decimal_sep"]) "42,9%"."""
    return "—" if value is None else f"{value:g}".replace(".", decimal) + "%"


def signed(value: float | None, decimal: str = ".") -> str:
    return "—" if value is None else f"{value:+g}".replace(".", decimal)


def decimal_sep(ctx: Context) -> str:
    # Every report template gets the language's catalogue as `msg` (render._context).
    msg = ctx.get("msg")
    return msg["decimal_sep"] if msg is not None else "."


@pass_context
def _pct_filter(ctx: Context, value: float | None) -> str:
    return pct(value, decimal_sep(ctx))


@pass_context
def _signed_filter(ctx: Context, value: float | None) -> str:
    return signed(value, decimal_sep(ctx))


def make_env(templates_dir: str | Path | None = None) -> Environment:
    env = Environment(
        loader=make_loader(templates_dir),
        # Every template is HTML; scraped text is escaped wherever it is printed.
        autoescape=select_autoescape(
            enabled_extensions=("html", "htm", "j2"), default_for_string=True, default=True
        ),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    from ogpcrawl.report.evidence import evidence_href

    env.filters.update(
        http_url=http_url,
        trunc=truncate,
        pct=_pct_filter,
        signed=_signed_filter,
        date=fmt_date,
        evidence_href=evidence_href,
    )
    return env
