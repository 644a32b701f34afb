"""Print the whole built site to one PDF, a book, with Debian's Chromium.

Command: ``scripts/make_pdf.py [SITE_DIR] [-o OUTPUT]``; from a hook or a test, ``make_pdf(site,
output)``. SITE_DIR is a site built by ``mkdocs build`` (default: ``site``); the PDF goes to
``SITE_DIR/xent.pdf`` unless ``-o`` says otherwise, which is where the footer link of every page
points.

The site is served on 127.0.0.1 (an ephemeral port; requests to any other host are refused) and
the combined page of mkdocs-print-site-plugin is opened. ``pdf_book.js`` then turns it into a
book: Home is front matter and every other top-level entry of the nav a numbered chapter (so
chapter N holds the equations (N.x)), headings are numbered to three levels, the contents lists
chapters and sections with a slot for the page number, links into the site that the book does
not hold are made absolute to the published site (``site_url``) or dropped, table cells that
shorten a message on screen print it whole, and only short blocks are kept from breaking across
pages. Chromium prints it twice: the first PDF tells on which page each contents entry lands
(its named destinations), those numbers are written into the contents, and the second PDF is the
book (checked to put every entry on the same page). pypdf then writes the title, author and
subject, and folds the structure tree's meaningless wrappers (``pdf_tags``). No PDF is written
if a formula stays raw or an image does not load (``allow_raw_math`` writes it anyway and names
the raw TeX).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

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
from .pdf_tags import drop_unreachable, fold_nonstruct

BOOK_JS = (Path(__file__).with_name("pdf_book.js")).read_text(encoding="utf-8")

# The page: A4 with the margins print.css sets with @page (Chromium is told to use them, so a
# reader printing a page from the browser gets the same geometry). In CSS pixels (96 per inch).
PAGE_MM = (210.0, 297.0)
MARGIN_MM = {"top": 16.0, "right": 15.0, "bottom": 18.0, "left": 15.0}
PX_PER_MM = 96 / 25.4
CONTENT_WIDTH_PX = round((PAGE_MM[0] - MARGIN_MM["left"] - MARGIN_MM["right"]) * PX_PER_MM)
CONTENT_HEIGHT_PX = round((PAGE_MM[1] - MARGIN_MM["top"] - MARGIN_MM["bottom"]) * PX_PER_MM)
# A block shorter than this share of a page is kept whole (moved to the next page when it does
# not fit); a longer one may break, so that no page is left mostly empty in front of it.
KEEP_WHOLE_SHARE = 0.3
MAX_PASSES = 3

# The footer of every page but the title page: the book's title and the page number. Chromium
# draws @page margin boxes; the page counter starts at 1 on the title page, so the number printed
# on a page, the number in the contents and the PDF viewer's page number are the same.
FOOTER_CSS = """
@page {
  @bottom-left { content: %(title)s; font: 8pt sans-serif; color: #555; }
  @bottom-right { content: counter(page); font: 8pt sans-serif; color: #555; }
}
@page :first {
  @bottom-left { content: none; }
  @bottom-right { content: none; }
}
"""


FILL_PAGES_JS = """(pages) => document.querySelectorAll(".xent-contents__page").forEach((el) => {
  el.textContent = String(pages[el.dataset.target]);
})"""


def _css_string(text: str) -> str:
    return json.dumps(text)  # a JSON string is a valid CSS string for plain text


# Hosts that only the machine that built the site can reach: a link there is no use on paper.
LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1", "0.0.0.0", ""}


def published_url(site_url: str) -> str:
    """``site_url`` when it names a published site (http or https, not this machine), else ""."""
    parts = urlsplit(site_url or "")
    if parts.scheme not in ("http", "https"):
        return ""
    host = (parts.hostname or "").lower()
    if host in LOCAL_HOSTS or host.endswith(".localhost"):
        return ""
    return site_url if site_url.endswith("/") else site_url + "/"


def destination_pages(reader: Any) -> dict[str, int]:
    """The 1-based page of every named destination of a PDF Chromium wrote (keyed by HTML id)."""
    pages = {}
    for name, dest in reader.named_destinations.items():
        pages[str(name).lstrip("/")] = reader.get_destination_page_number(dest) + 1
    return pages


def _print(page: Any, path: Path) -> None:
    page.pdf(
        path=path,
        prefer_css_page_size=True,
        print_background=True,
        display_header_footer=False,
        outline=True,
        tagged=True,
    )


def finish(path: Path, meta: dict[str, str]) -> dict[str, int]:
    """Rewrite the PDF Chromium wrote: metadata, and a structure tree without empty wrappers.

    Chromium writes only the title; the author and subject are added, and viewers are asked to
    show the title rather than the file name (PDF/UA asks for this). The tags keep every element
    that means something (``pdf_tags.fold_nonstruct``). Returns the structure element counts.
    """
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import BooleanObject, DictionaryObject, NameObject

    writer = PdfWriter(clone_from=PdfReader(path))
    writer.add_metadata(
        {
            "/Title": meta["title"],
            "/Author": meta["author"],
            "/Subject": meta["subject"],
            "/Creator": "scripts/make_pdf.py (mkdocs-print-site-plugin, Chromium)",
        }
    )
    root = writer.root_object
    prefs = root.get("/ViewerPreferences")
    prefs = prefs.get_object() if prefs is not None else DictionaryObject()
    prefs[NameObject("/DisplayDocTitle")] = BooleanObject(True)
    root[NameObject("/ViewerPreferences")] = prefs
    tags = fold_nonstruct(writer)
    drop_unreachable(writer)
    tmp = path.with_suffix(".finish.part")
    with tmp.open("wb") as out:
        writer.write(out)
    tmp.replace(path)
    return tags


def make_pdf(
    site: Path, output: Path, *, timeout_s: float = 60.0, allow_raw_math: bool = False
) -> dict[str, Any]:
    """Print ``site``'s combined page to ``output`` as a book; return what was measured."""
    from playwright.sync_api import sync_playwright
    from pypdf import PdfReader

    start = time.perf_counter()
    site = Path(site)
    output = Path(output)
    page_rel = print_page(site)
    traffic = Traffic()
    console: list[str] = []
    with serve(site) as base, sync_playwright() as playwright:
        browser = launch(playwright)
        try:
            # The window is as wide as the printed column, so that the heights measured to
            # decide which blocks may break are the printed ones.
            context = browser.new_context(
                color_scheme="light",
                viewport={"width": CONTENT_WIDTH_PX, "height": CONTENT_HEIGHT_PX},
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
            page.evaluate(
                "() => document.querySelectorAll('details').forEach((d) => { d.open = true; })"
            )
            try:
                math = wait_for_math(page, timeout_ms=timeout_s * 1000)
            except MathNotTypeset as error:
                if not allow_raw_math:
                    raise
                print(f"make_pdf: warning: {error}", file=sys.stderr)
                math = page.evaluate(MATH_STATE_JS)
            page.emulate_media(media="print")
            meta = page.evaluate(
                """() => {
                  const cover = document.querySelector(".xent-cover");
                  if (!cover) throw new Error("no .xent-cover: the cover template is not ours");
                  return Object.assign({}, cover.dataset);
                }"""
            )
            missing = [k for k in ("title", "author", "subject", "site") if k not in meta]
            if missing:
                raise RuntimeError(f"the cover page lacks data-{missing[0]} (cover_page.tpl)")
            site_url = published_url(meta["site"])
            report = page.evaluate(
                BOOK_JS,
                {
                    "site": site_url,
                    "title": meta["title"],
                    "avoidBreakPx": KEEP_WHOLE_SHARE * CONTENT_HEIGHT_PX,
                },
            )
            page.add_style_tag(content=FOOTER_CSS % {"title": _css_string(meta["title"])})
            images = wait_for_images(page)
            broken = [img["src"][:120] for img in images if img["width"] == 0]
            if broken:
                raise RuntimeError(f"images that did not load on the print page: {broken}")
            output.parent.mkdir(parents=True, exist_ok=True)
            tmp = output.with_suffix(".pdf.part")
            ids = [entry["id"] for entry in report["contents"]]
            placed: dict[str, int] = {}
            passes = 0
            while True:
                passes += 1
                _print(page, tmp)
                found = destination_pages(PdfReader(tmp))
                lost = [i for i in ids if i not in found]
                if lost:
                    raise RuntimeError(f"contents entries with no destination in the PDF: {lost}")
                now = {i: found[i] for i in ids}
                if now == placed:
                    break
                if passes == MAX_PASSES:
                    moved = {i: (placed[i], now[i]) for i in ids if placed[i] != now[i]}
                    raise RuntimeError(f"contents page numbers do not settle: {moved}")
                placed = now
                page.evaluate(FILL_PAGES_JS, placed)
        finally:
            browser.close()
    tags = finish(
        tmp,
        {
            "title": meta["title"],
            "author": meta["author"],
            "subject": meta["subject"],
        },
    )
    tmp.replace(output)
    pages = len(PdfReader(output).pages)
    return {
        "pdf": output,
        "pages": pages,
        "bytes": output.stat().st_size,
        "seconds": time.perf_counter() - start,
        "passes": passes,
        "chapters": len(report["chapters"]),
        "contents": len(ids),
        "links": report["links"],
        "tags": tags,
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
        for item in result[label]:
            print(f"make_pdf: warning: {label}: {item}", file=sys.stderr)
    links = result["links"]
    print(
        f"make_pdf: wrote {result['pdf']}: {result['pages']} pages, "
        f"{result['bytes'] / 1e6:.2f} MB, {result['chapters']} chapters, "
        f"{result['contents']} contents entries ({result['passes']} passes), "
        f"{result['formulas']} formulas ({result['renderer']}), {result['images']} images, "
        f"{result['tags']['kept']} structure elements ({result['tags']['folded']} folded), "
        f"links into the site {links['absolute']} made absolute and {links['dropped']} dropped, "
        f"{result['seconds']:.1f} s"
    )
    return 0
