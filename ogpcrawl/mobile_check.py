"""Commitment 2.4's "mobile version", checked on a phone rather than inferred from a meta tag.

The spider (spiders/base.py, OGP_MOBILE_CHECK) loads the home page once more in the browser's
"mobile" context (ogpcrawl/browser.py: 390x844 CSS px, touch, a phone user agent), measures the
page there (MEASURE_JS), keeps a screenshot of the first screen as evidence, and `judge` turns
the measurements into `mobile.responsive`.

A page is responsive when both of these hold (thresholds below, each a documented rule):
- it fits the screen: no horizontal overflow beyond the phone's width. A page without a viewport
  tag is laid out ~980 px wide and shrunk, so it overflows here too, as it should: its text is
  unreadable without zooming;
- its text is legible: the body font, as the phone shows it (CSS px times the page's zoom-out), is
  at least 12 px (Lighthouse's legibility threshold).
Tap targets are measured and reported beside it (details.tap_ok), not folded into it: by WCAG 2.2
success criterion 2.5.8 (target size minimum: 24x24 CSS px, or spaced so a 24 px circle on each
touches no other target; a link inside running text, whose height the line sets, is exempt), a
plain list of default-styled links already fails, although such a page reflows and reads well on
a phone. "Responsive" is about the layout adapting; tap spacing is a usability finding of its own.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

import scrapy
from scrapy_playwright.page import PageMethod

from ogpcrawl.browser import PHONE_USER_AGENT

logger = logging.getLogger(__name__)

OVERFLOW_TOLERANCE_PX = 8  # scrollbar and rounding: a few pixels of overflow scroll nothing
MIN_FONT_PX = 12.0
TAP_TARGET_PX = 24
MAX_SMALL_TAP_SHARE = 0.25
MIN_TAP_TARGETS = 5  # fewer targets than this: the share says nothing
PRIORITY = -80  # after the pages that decide the other findings
SETTLE_MS = 5_000  # after "load", wait up to this for the network to go quiet (menus built by JS)

# Runs in the page; returns plain numbers. Widths are CSS px of the layout; `zoom` is how much the
# phone shrinks that layout to fit its screen (1 for a page with width=device-width).
MEASURE_JS = r"""() => {
  const doc = document.documentElement, body = document.body;
  const screenW = (window.screen && screen.width) || window.innerWidth;
  const layoutW = window.innerWidth;
  const scrollW = Math.max(doc.scrollWidth, body ? body.scrollWidth : 0);
  const zoom = Math.min(1, screenW / Math.max(layoutW, 1));
  const fontPx = body ? parseFloat(getComputedStyle(body).fontSize) || 0 : 0;
  const sel = 'a[href], button, input:not([type=hidden]), select, textarea, [role=button], [onclick]';
  const boxes = [];
  for (const el of Array.from(document.querySelectorAll(sel)).slice(0, 800)) {
    const r = el.getBoundingClientRect();
    const st = getComputedStyle(el);
    if (r.width <= 0 || r.height <= 0 || st.visibility === 'hidden' || st.display === 'none') continue;
    // WCAG 2.5.8 exempts an inline link whose size is set by the line-height of the text
    // around it (a link in a sentence, a title after its date): its parent has text of its own.
    const p = el.parentElement;
    const len = n => (n.textContent || '').replace(/\s+/g, '').length;
    const ownText = p ? len(p) - Array.from(p.querySelectorAll(sel)).reduce((s, t) => s + len(t), 0)
      : 0;
    const inline = el.tagName === 'A' && st.display === 'inline' && ownText >= 2;
    boxes.push({x: r.left + scrollX, y: r.top + scrollY, w: r.width, h: r.height, inline});
  }
  const T = __TAP_PX__, R = T / 2;
  const small = b => !b.inline && (b.w * zoom < T || b.h * zoom < T);
  const cx = b => b.x + b.w / 2, cy = b => b.y + b.h / 2;
  const distToBox = (x, y, b) => Math.hypot(Math.max(b.x - x, 0, x - b.x - b.w),
                                            Math.max(b.y - y, 0, y - b.y - b.h));
  let crowded = 0, counted = 0;
  boxes.forEach((b, i) => {
    if (b.inline) return;
    counted++;
    if (!small(b)) return;
    // A 24 px circle on the centre of an undersized target (screen px) must not touch another
    // target, nor the circle of another undersized one.
    const hit = boxes.some((o, j) => j !== i && (distToBox(cx(b), cy(b), o) * zoom < R
      || (small(o) && Math.hypot(cx(o) - cx(b), cy(o) - cy(b)) * zoom < T)));
    if (hit) crowded++;
  });
  return {scroll_width: scrollW, viewport_width: screenW, layout_width: layoutW,
          zoom: Math.round(zoom * 1000) / 1000, base_font_px: fontPx,
          effective_font_px: Math.round(fontPx * zoom * 10) / 10,
          tap_targets: counted, small_tap_targets: crowded,
          text_chars: body ? (body.innerText || '').trim().length : 0,
          has_viewport_tag: !!document.querySelector('meta[name=viewport]')};
}""".replace("__TAP_PX__", str(TAP_TARGET_PX))


def judge(metrics: dict) -> tuple[bool | None, list[str]]:
    """(responsive, reasons) from MEASURE_JS's numbers; None when the page showed nothing.

    The reasons also carry the tap-target finding (see tap_ok), which does not decide.
    """
    if not metrics or not metrics.get("text_chars"):
        return None, ["nothing to judge: the page showed no text at phone width"]
    reasons: list[str] = []
    ok = True
    overflow = metrics["scroll_width"] - metrics["viewport_width"]
    if overflow > OVERFLOW_TOLERANCE_PX:
        ok = False
        reasons.append(
            f"overflow: content {metrics['scroll_width']} px wide on a "
            f"{metrics['viewport_width']} px screen"
        )
    else:
        reasons.append("fits: no horizontal overflow")
    font = metrics.get("effective_font_px", metrics.get("base_font_px", 0))
    if font < MIN_FONT_PX:
        ok = False
        reasons.append(f"font: body text shows at {font} px (< {MIN_FONT_PX:g})")
    if tap_ok(metrics) is False:
        reasons.append(
            f"tap targets (not deciding): {metrics['small_tap_targets']} of "
            f"{metrics['tap_targets']} under {TAP_TARGET_PX} px and crowded"
        )
    return ok, reasons


def tap_ok(metrics: dict) -> bool | None:
    """At most MAX_SMALL_TAP_SHARE of the targets fail WCAG 2.5.8; None with too few targets."""
    targets, small = metrics.get("tap_targets", 0), metrics.get("small_tap_targets", 0)
    if targets < MIN_TAP_TARGETS:
        return None
    return small / targets <= MAX_SMALL_TAP_SHARE


def screenshot_path(screenshot_dir: str | Path, agency_id: str) -> Path:
    safe = re.sub(r"[^A-Za-z0-9_.-]", "_", agency_id) or "site"
    return Path(screenshot_dir) / f"{safe}-mobile.png"


async def measure(page, screenshot: str | None = None) -> dict:
    """PageMethod run in the loaded phone page: settle, measure, keep the first screen."""
    try:
        await page.wait_for_load_state("networkidle", timeout=SETTLE_MS)
    except Exception:  # a page that polls forever is measured as it stands
        pass
    metrics = await page.evaluate(MEASURE_JS)
    if screenshot:
        try:
            Path(screenshot).parent.mkdir(parents=True, exist_ok=True)
            await page.screenshot(path=screenshot, full_page=False)
            metrics["screenshot"] = screenshot
        except Exception as exc:  # evidence lost, measurement kept
            logger.warning("mobile screenshot of %s failed: %s", page.url, exc)
            metrics["screenshot"] = None
    return metrics


def mobile_request(
    url: str,
    *,
    callback,
    errback,
    meta: dict,
    screenshot_dir: str | None,
    agency_id: str,
    timeout_ms: int = 30_000,
) -> scrapy.Request:
    """The home page again, in the browser's phone context, measured before the page closes."""
    shot = str(screenshot_path(screenshot_dir, agency_id)) if screenshot_dir else None
    return scrapy.Request(
        url,
        callback=callback,
        errback=errback,
        dont_filter=True,
        priority=PRIORITY,
        # The phone's user agent on the request itself: scrapy-playwright sends Scrapy's headers,
        # and a server that sniffs the agent must see a phone.
        headers={"User-Agent": PHONE_USER_AGENT},
        meta={
            **meta,
            "playwright": True,
            "playwright_context": "mobile",
            "playwright_page_goto_kwargs": {"wait_until": "load", "timeout": timeout_ms},
            "playwright_page_methods": {"mobile": PageMethod(measure, screenshot=shot)},
        },
    )


async def read_result(response) -> dict:
    """The check's result for the snapshot: {responsive, url, details, reasons}."""
    method = (response.meta.get("playwright_page_methods") or {}).get("mobile")
    return result_from_metrics(response.url, getattr(method, "result", None))


def result_from_metrics(url: str, metrics) -> dict:
    """{responsive, url, details, reasons} from MEASURE_JS's numbers: the crawl's check and
    `scrapy rejudge` (the numbers are archived beside the screenshot) judge them alike."""
    if not isinstance(metrics, dict):
        return {
            "responsive": None,
            "url": url,
            "details": {},
            "reasons": ["the phone page was not measured"],
        }
    responsive, reasons = judge(metrics)
    keys = (
        "overflow_px",
        "scroll_width",
        "viewport_width",
        "base_font_px",
        "effective_font_px",
        "small_tap_targets",
        "tap_targets",
        "tap_ok",
        "screenshot",
        "layout_width",
        "zoom",
        "has_viewport_tag",
    )
    details = {
        **metrics,
        "tap_ok": tap_ok(metrics),
        "overflow_px": max(0, metrics["scroll_width"] - metrics["viewport_width"]),
    }
    return {
        "responsive": responsive,
        "url": url,
        "reasons": reasons,
        "details": {k: details.get(k) for k in keys},
    }
