"""Weigh and time every page of the built site in headless Chromium, each with a cold cache.

    .venv/bin/python scripts/measure_pages.py [SITE_DIR] [--repeat N] [--check]

For every page in the site's sitemap (every page of the nav), in a fresh browser context (an empty
cache) on a local server: the bytes transferred (response bodies and headers of every request,
fonts and scripts included, until the network is idle), the number of requests, and, from
navigation start, DOMContentLoaded, load, and the moment every formula is typeset (the site's
math.js stamps it on <body>; otherwise the first poll that finds nothing left to typeset). Times
are the median of N loads. --check exits 1 when a target is missed: the heaviest page under
1.5 MB, math typeset within 1 s of load.
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path
from typing import Any

from scripts.site import DEFAULT_SITE
from scripts.site.browser import (
    MATH_STATE_JS,
    Traffic,
    launch,
    serve,
    site_pages,
    wait_for_math,
)

MAX_BYTES = 1_500_000
MAX_MATH_AFTER_LOAD_MS = 1000.0

TIMING_JS = """
() => {
  const nav = performance.getEntriesByType("navigation")[0];
  return { dcl: nav.domContentLoadedEventEnd, load: nav.loadEventEnd };
}
"""


def measure(browser: Any, base: str, rel: str) -> dict[str, Any]:
    """One cold load of ``rel``."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    traffic = Traffic()
    traffic.block_outside(context, base)
    sizes: list[int] = []

    def finished(request: Any) -> None:
        size = request.sizes()
        sizes.append(size["responseBodySize"] + size["responseHeadersSize"])

    try:
        page = context.new_page()
        page.on("requestfinished", finished)
        page.goto(base + rel, wait_until="load")
        try:
            math = wait_for_math(page, timeout_ms=15_000)
            untypeset = 0
        except TimeoutError:
            # Reported in the table; the browser tests say which text stayed raw.
            math = page.evaluate(MATH_STATE_JS)
            untypeset = 1
        page.wait_for_load_state("networkidle")
        timing = page.evaluate(TIMING_JS)
        math_at = math["typesetAt"] if math["typesetAt"] is not None else math["now"]
        return {
            "bytes": sum(sizes),
            "requests": len(sizes),
            "blocked": len(traffic.blocked),
            "dcl": timing["dcl"],
            "load": timing["load"],
            "math": math_at,
            "formulas": math["formulas"],
            "untypeset": untypeset,
        }
    finally:
        context.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", nargs="?", type=Path, default=DEFAULT_SITE, help="built site")
    parser.add_argument("--repeat", type=int, default=3, help="loads per page (median times)")
    parser.add_argument("--check", action="store_true", help="exit 1 if a target is missed")
    args = parser.parse_args(argv)

    from playwright.sync_api import sync_playwright

    site = args.site.resolve()
    pages = site_pages(site)
    rows = []
    with serve(site) as base, sync_playwright() as playwright:
        browser = launch(playwright)
        try:
            for rel in pages:
                runs = [measure(browser, base, rel) for _ in range(args.repeat)]
                row = {key: statistics.median(run[key] for run in runs) for key in runs[0]}
                row["page"] = rel or "index.html"
                rows.append(row)
        finally:
            browser.close()

    header = (
        f"{'page':<34} {'KB':>7} {'req':>4} {'DCL ms':>7} {'load ms':>8} {'math ms':>8} "
        f"{'math-load':>9} {'formulas':>8}"
    )
    print(header)
    print("-" * len(header))
    for row in rows:
        print(
            f"{row['page']:<34} {row['bytes'] / 1000:>7.0f} {row['requests']:>4.0f} "
            f"{row['dcl']:>7.0f} {row['load']:>8.0f} {row['math']:>8.0f} "
            f"{row['math'] - row['load']:>9.0f} {row['formulas']:>8.0f}"
            + ("  raw TeX left on the page" if row["untypeset"] else "")
        )
    heaviest = max(rows, key=lambda r: r["bytes"])
    slowest = max(rows, key=lambda r: r["math"] - r["load"])
    blocked = sum(row["blocked"] for row in rows)
    print("-" * len(header))
    print(
        f"heaviest: {heaviest['page']} {heaviest['bytes'] / 1e6:.2f} MB "
        f"(target < {MAX_BYTES / 1e6:.1f} MB); math latest after load: {slowest['page']} "
        f"{slowest['math'] - slowest['load']:.0f} ms (target < {MAX_MATH_AFTER_LOAD_MS:.0f} ms); "
        f"requests to other hosts refused: {blocked:.0f}; {args.repeat} cold loads per page"
    )
    missed = (
        heaviest["bytes"] >= MAX_BYTES
        or slowest["math"] - slowest["load"] >= MAX_MATH_AFTER_LOAD_MS
        or blocked > 0
    )
    return 1 if args.check and missed else 0


if __name__ == "__main__":
    sys.exit(main())
