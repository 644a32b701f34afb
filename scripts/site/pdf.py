"""Print the whole built site to one PDF with Debian's Chromium (command: ``scripts/make_pdf.py``).

SITE_DIR is a site built by ``mkdocs build`` (default: ``site``); the PDF goes to
``SITE_DIR/xent.pdf`` unless ``-o`` says otherwise, which is where the footer link of every page
points. The site is served on 127.0.0.1 (an ephemeral port, requests to any other host are
refused); the combined page of mkdocs-print-site-plugin (title page, table of contents, every page
of the nav in order) is opened, every collapsed block opened, and once every formula is typeset
and every image has loaded it is printed to A4 pages with page numbers in the footer. No PDF is
written if a formula stays raw or an image does not load (--allow-raw-math writes it anyway and
names the raw TeX).
"""

from __future__ import annotations

import argparse
import html
import sys
import time
from pathlib import Path

from . import DEFAULT_SITE, PDF_NAME
from .browser import (
    MATH_STATE_JS,
    MathNotTypeset,
    Traffic,
    launch,
    print_page,
    serve,
    wait_for_images,
    wait_for_math,
)

# A4 with room at the bottom for the footer Chromium draws into the margin. print.css sets the
# same margins with @page, so printing from a browser by hand gives the same pages.
MARGIN = {"top": "16mm", "bottom": "18mm", "left": "15mm", "right": "15mm"}

FOOTER = """
<div style="width: 100%; padding: 0 15mm; font-family: sans-serif; font-size: 8px; color: #555;
            display: flex; justify-content: space-between;">
  <span>{title}</span>
  <span>page <span class="pageNumber"></span> of <span class="totalPages"></span></span>
</div>
"""

PREPARE_JS = """
() => {
  // Derivations and other collapsed blocks belong in the PDF.
  document.querySelectorAll("details").forEach((d) => { d.open = true; });
  // Images lazy-load only when scrolled to; the PDF needs all of them now.
  document.querySelectorAll("img[loading]").forEach((img) => { img.loading = "eager"; });
  const name = document.querySelector(".md-header__topic .md-ellipsis");
  return name ? name.textContent.trim() : document.title;
}
"""


def make_pdf(
    site: Path, output: Path, *, timeout_s: float = 60.0, allow_raw_math: bool = False
) -> dict[str, object]:
    """Print ``site``'s combined page to ``output``; return what was measured."""
    from playwright.sync_api import sync_playwright

    start = time.perf_counter()
    page_rel = print_page(site)
    traffic = Traffic()
    console: list[str] = []
    with serve(site) as base, sync_playwright() as playwright:
        browser = launch(playwright)
        try:
            context = browser.new_context(
                color_scheme="light", viewport={"width": 1000, "height": 1400}
            )
            traffic.block_outside(context, base)
            page = context.new_page()
            page.on(
                "console",
                lambda msg: (
                    console.append(f"{msg.type}: {msg.text}")
                    if msg.type in ("error", "warning")
                    else None
                ),
            )
            page.on("requestfailed", lambda req: traffic.failed.append(req.url))
            page.goto(base + page_rel, wait_until="load", timeout=timeout_s * 1000)
            title = page.evaluate(PREPARE_JS)
            try:
                math = wait_for_math(page, timeout_ms=timeout_s * 1000)
            except MathNotTypeset as error:
                if not allow_raw_math:
                    raise
                print(f"make_pdf: warning: {error}", file=sys.stderr)
                math = page.evaluate(MATH_STATE_JS)
            images = wait_for_images(page)
            broken = [img["src"][:120] for img in images if img["width"] == 0]
            if broken:
                raise RuntimeError(f"images that did not load on the print page: {broken}")
            output.parent.mkdir(parents=True, exist_ok=True)
            tmp = output.with_suffix(".pdf.part")
            page.pdf(
                path=tmp,
                format="A4",
                margin=MARGIN,
                print_background=True,
                display_header_footer=True,
                header_template="<span></span>",
                footer_template=FOOTER.format(title=html.escape(title)),
                outline=True,
                tagged=True,
            )
            tmp.replace(output)
        finally:
            browser.close()
    from pypdf import PdfReader

    pages = len(PdfReader(output).pages)
    return {
        "pdf": output,
        "pages": pages,
        "bytes": output.stat().st_size,
        "seconds": time.perf_counter() - start,
        "formulas": math["formulas"],
        "renderer": math["renderer"],
        "images": len(images),
        "blocked": traffic.blocked,
        "failed": [url for url in traffic.failed if url not in traffic.blocked],
        "console": console,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="scripts/make_pdf.py", description="Print the built site to one PDF."
    )
    parser.add_argument("site", nargs="?", type=Path, default=DEFAULT_SITE, help="built site")
    parser.add_argument("-o", "--output", type=Path, help=f"PDF path (default SITE/{PDF_NAME})")
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds to wait for the page")
    parser.add_argument(
        "--allow-raw-math",
        action="store_true",
        help="write the PDF even if some TeX is left as text (a warning names it)",
    )
    args = parser.parse_args(argv)
    site = args.site.resolve()
    output = (args.output or site / PDF_NAME).resolve()
    try:
        result = make_pdf(site, output, timeout_s=args.timeout, allow_raw_math=args.allow_raw_math)
    except (FileNotFoundError, RuntimeError, TimeoutError) as error:
        print(f"make_pdf: {error}", file=sys.stderr)
        return 1
    for label in ("blocked", "failed", "console"):
        for item in result[label]:  # type: ignore[attr-defined]
            print(f"make_pdf: warning: {label}: {item}", file=sys.stderr)
    print(
        f"make_pdf: wrote {result['pdf']}: {result['pages']} pages, "
        f"{result['bytes'] / 1e6:.2f} MB, {result['formulas']} formulas ({result['renderer']}), "
        f"{result['images']} images, {result['seconds']:.1f} s"
    )
    return 0
