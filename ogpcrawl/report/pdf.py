"""PDF by printing the rendered HTML with headless Chromium (the browser the crawler uses).

The page size and margins come from the HTML's own @page rule (A4 landscape), so what is printed
is what the print preview shows. Chromium gets a throwaway profile and no network-facing extras.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from ogpcrawl.reach import NOTHING_PAC, pac_url

DEFAULT_CHROMIUM = "/usr/bin/chromium"
PRINT_TIMEOUT = 180  # seconds; a big report on a loaded 2-core box takes a while


class PdfError(RuntimeError):
    pass


def find_chromium(path: str | None = None) -> str:
    for candidate in (
        path,
        DEFAULT_CHROMIUM,
        shutil.which("chromium"),
        shutil.which("chromium-browser"),
        shutil.which("google-chrome"),
    ):
        if candidate and Path(candidate).exists():
            return candidate
    raise PdfError(
        "Chromium not found (looked for /usr/bin/chromium and on PATH); "
        "install it or leave 'pdf' out of the report formats"
    )


def chromium_args(chromium: str, html: Path, pdf: Path, profile: str) -> list[str]:
    return [
        chromium,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        # The report needs no network: every connection Chromium would make (its updater,
        # accounts, time queries) goes to a dead address (ogpcrawl/reach.py).
        "--proxy-pac-url=" + pac_url(NOTHING_PAC),
        f"--user-data-dir={profile}",
        f"--print-to-pdf={pdf}",
        "--no-pdf-header-footer",
        html.resolve().as_uri(),
    ]


def html_to_pdf(html: Path, pdf: Path, chromium: str | None = None) -> Path:
    exe = find_chromium(chromium)
    pdf = pdf.resolve()
    pdf.unlink(missing_ok=True)
    with tempfile.TemporaryDirectory(prefix="ogp-chromium-") as profile:
        try:
            proc = subprocess.run(
                chromium_args(exe, html, pdf, profile),
                capture_output=True,
                text=True,
                timeout=PRINT_TIMEOUT,
                check=False,
            )
        except subprocess.TimeoutExpired as e:
            raise PdfError(f"Chromium did not print {html} within {PRINT_TIMEOUT}s") from e
    if not pdf.is_file() or pdf.stat().st_size == 0:
        tail = (proc.stderr or "").strip().splitlines()[-5:]
        raise PdfError(
            f"Chromium printed no PDF for {html} (exit {proc.returncode}): " + " | ".join(tail)
        )
    return pdf
