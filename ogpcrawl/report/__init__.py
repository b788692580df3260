"""The report: annexes in the 2018 report's form, a summary, progress between runs, pictures.

    from ogpcrawl.report import render_annexes, render_report

See docs/report.md for what is rendered and how each cell and count is computed.
"""

from ogpcrawl.report.render import render_annexes, render_report

__all__ = ["render_annexes", "render_report"]
