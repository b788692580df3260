"""Progress: the operator's view of a running crawl, where the operator is looking.

Agencies done of total, pages, errors and the time left, shown two ways:

- a plain line in the log every OGP_PROGRESS_INTERVAL seconds (0 turns all progress off), which
  is what a log file, `2> file` or Scrapyd shows; the last one, "final: ...", when the crawl ends;
- on stderr, as OGP_PROGRESS_BAR says: "auto" (the default) a bar redrawn in place when stderr is
  a terminal, nothing more otherwise; "bar" always the bar; "lines" the plain line on stderr as
  well (e.g. a script whose output is not a terminal while the log goes to LOG_FILE); "off".
"""

from __future__ import annotations

import logging
import sys
import time

from scrapy import signals
from scrapy.exceptions import NotConfigured
from twisted.internet import task

logger = logging.getLogger(__name__)

BAR_WIDTH = 24
BAR_REFRESH = 1.0  # seconds between redraws of the terminal bar
PROGRESS_MODES = ("auto", "bar", "lines", "off")


def eta_seconds(done: int, total: int, done_at_start: int, elapsed: float) -> float | None:
    """Seconds left at the rate of this process so far; None until there is a rate to go by."""
    made = done - done_at_start
    if total <= done:
        return 0.0
    if made <= 0 or elapsed <= 0:
        return None
    return (total - done) * elapsed / made


def fmt_duration(seconds: float | None) -> str:
    if seconds is None:
        return "?"
    seconds = int(round(seconds))
    h, rest = divmod(seconds, 3600)
    m, s = divmod(rest, 60)
    return f"{h}h{m:02d}m" if h else f"{m}m{s:02d}s" if m else f"{s}s"


class ProgressLog:
    def __init__(
        self,
        stats,
        interval: float,
        bar: bool,
        stream=None,
        clock=time.monotonic,
        lines: bool = False,
    ):
        self.stats, self.interval, self.bar, self.lines = stats, interval, bar, lines
        self.stream = stream if stream is not None else sys.stderr
        self.clock = clock
        self.tasks: list[task.LoopingCall] = []
        self.started = clock()
        self.done_at_start: int | None = None
        self.drawn = False

    @classmethod
    def from_crawler(cls, crawler):
        s = crawler.settings
        interval = s.getfloat("OGP_PROGRESS_INTERVAL", 30)
        if interval <= 0:
            raise NotConfigured
        mode = str(s.get("OGP_PROGRESS_BAR", "auto")).strip().lower()
        mode = {"true": "bar", "1": "bar", "false": "off", "0": "off"}.get(mode, mode)
        if mode not in PROGRESS_MODES:
            raise ValueError(f"OGP_PROGRESS_BAR={mode!r}: choose from {', '.join(PROGRESS_MODES)}")
        bar = mode == "bar" or (mode == "auto" and _is_terminal(sys.stderr))
        ext = cls(crawler.stats, interval, bar, lines=mode == "lines")
        crawler.signals.connect(ext.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

    # -- figures ----------------------------------------------------------------------------

    def figures(self) -> dict:
        s = self.stats
        done = int(s.get_value("ogp/agencies_done", 0) or 0)
        total = int(s.get_value("ogp/agencies_total", 0) or 0)
        if self.done_at_start is None and total:
            self.done_at_start = done  # a resumed run starts with some agencies done
        errors = {
            k.rsplit("/", 1)[1]: v
            for k, v in s.get_stats().items()
            if k.startswith("ogp/page_errors/")
        }
        return {
            "done": done,
            "total": total,
            "unreachable": int(s.get_value("ogp/unreachable", 0) or 0),
            "pages": int(s.get_value("ogp/pages", 0) or 0),
            "errors": errors,
            "eta": eta_seconds(done, total, self.done_at_start or 0, self.clock() - self.started),
        }

    def line(self) -> str:
        f = self.figures()
        errors = ", ".join(f"{kind} {n}" for kind, n in sorted(f["errors"].items())) or "0"
        return (
            f"agencies {f['done']}/{f['total']} done, {f['unreachable']} unreachable, "
            f"{f['pages']} pages, page errors {errors}, "
            f"time left {fmt_duration(f['eta'])}"
        )

    def bar_text(self) -> str:
        f = self.figures()
        share = f["done"] / f["total"] if f["total"] else 0.0
        filled = int(share * BAR_WIDTH)
        bar = "#" * filled + "-" * (BAR_WIDTH - filled)
        n_errors = sum(f["errors"].values())
        return (
            f"[{bar}] {f['done']}/{f['total']} agencies  {f['pages']} pages  "
            f"{f['unreachable']} unreachable  {n_errors} page errors  "
            f"ETA {fmt_duration(f['eta'])}"
        )

    # -- output -----------------------------------------------------------------------------

    def draw(self) -> None:
        # \r and "erase line": the bar rewrites itself; a log line printed meanwhile just
        # scrolls up and the next redraw puts the bar back under it.
        self.stream.write("\r\x1b[2K" + self.bar_text())
        self.stream.flush()
        self.drawn = True

    def tick(self) -> None:
        line = self.line()
        logger.info("progress: %s", line)
        if self.lines:
            self.stream.write(f"progress: {line}\n")
            self.stream.flush()

    def filter(self, record) -> bool:
        """A logging filter on the handlers writing to the bar's stream: the bar is wiped
        before a log line so the line never starts in the middle of it (redrawn within 1 s)."""
        if self.drawn:
            self.stream.write("\r\x1b[2K")
            self.drawn = False
        return True

    def _share_stream_with_log(self, attach: bool) -> None:
        for handler in logging.getLogger().handlers:
            if getattr(handler, "stream", None) is self.stream:
                (handler.addFilter if attach else handler.removeFilter)(self)

    def spider_opened(self, spider):
        self.started = self.clock()
        log = task.LoopingCall(self.tick)
        log.start(self.interval, now=False)
        self.tasks.append(log)
        if self.bar:
            self._share_stream_with_log(True)
            redraw = task.LoopingCall(self.draw)
            redraw.start(BAR_REFRESH, now=True)
            self.tasks.append(redraw)

    def spider_closed(self, spider, reason):
        for t in self.tasks:
            if t.running:
                t.stop()
        if self.bar:
            self._share_stream_with_log(False)
            self.draw()
            self.stream.write("\n")
            self.stream.flush()
            self.drawn = False
        logger.info("final: %s (close reason: %s)", self.line(), reason)


def _is_terminal(stream) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
