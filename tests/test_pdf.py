"""The PDF of the whole site (scripts/make_pdf.py), read back with pypdf.

The PDF is the ``built_pdf`` fixture's (tests/conftest.py): made from the built site when it is
missing or older than the site's print page. What it must hold is derived from the built site
itself: the page titles from every page in sitemap.xml, the figures and notebook outputs from the
print page, so a new page or figure is checked without editing this file.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pypdf
import pytest
from pypdf.generic import ContentStream

from scripts.site.browser import TEX_COMMANDS, page_file, print_page, site_pages

# Path-construction operators: a vector figure (matplotlib draws even its text as paths) is
# hundreds of them; a page of text, formulas, tables and admonition boxes has far fewer.
PATH_OPERATORS = {b"m", b"l", b"c", b"v", b"y", b"re"}
FIGURE_PATH_OPERATORS = 300
# TeX that must not survive into the text a reader sees (code, in a monospace font, may hold it).
RAW_TEX = re.compile(
    r"\\\(|\\\)|\\\[|\\\]|\$\$|:math:|\\(?:" + "|".join(TEX_COMMANDS) + r")(?![A-Za-z])"
)


def squash(text: str) -> str:
    """Text without whitespace: pypdf's spacing inside formulas and around glyphs varies."""
    return re.sub(r"\s+", "", text)


def strip_tags(fragment: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", fragment))


@dataclass
class Pdf:
    reader: Any
    pages: list[str]  # text of each page
    prose: str  # all text outside monospace fonts (code), whitespace removed
    print_html: str  # the print page the PDF was made from
    site: Path  # the built site the PDF was made from
    path: Path


@pytest.fixture(scope="module")
def pdf(built_site: Path, built_pdf: Path) -> Pdf:
    reader = pypdf.PdfReader(built_pdf)
    prose: list[str] = []

    def visit(text: str, cm: Any, tm: Any, font: Any, size: Any) -> None:
        name = str((font or {}).get("/BaseFont", ""))
        if "Mono" not in name and "Courier" not in name:
            prose.append(text)

    pages = [page.extract_text(visitor_text=visit) for page in reader.pages]
    print_html = page_file(built_site, print_page(built_site)).read_text(encoding="utf-8")
    return Pdf(reader, pages, squash("".join(prose)), print_html, built_site, built_pdf)


def page_titles(site: Path) -> list[tuple[str, str]]:
    """(page, title) for every page of the site: the first <h1> of its article."""
    titles = []
    for rel in site_pages(site):
        text = page_file(site, rel).read_text(encoding="utf-8")
        article = text[text.find("<article") :]
        match = re.search(r"<h1[^>]*>(.*?)</h1>", article, re.DOTALL)
        assert match, f"{rel or 'index.html'} has no <h1>"
        title = strip_tags(match.group(1)).replace("¶", "").strip()
        titles.append((rel or "index.html", title))
    return titles


def path_operators(reader: Any, page: Any) -> int:
    """How many path-construction operators a page draws, Form XObjects included."""
    seen: set[int] = set()

    def count(contents: Any, resources: Any) -> int:
        total = 0
        xobjects = (resources or {}).get("/XObject") or {}
        for operands, operator in ContentStream(contents, reader).operations:
            if operator in PATH_OPERATORS:
                total += 1
            elif operator == b"Do":
                xobject = xobjects[operands[0]].get_object()
                if xobject.get("/Subtype") == "/Form" and id(xobject) not in seen:
                    seen.add(id(xobject))
                    total += count(xobject, xobject.get("/Resources"))
        return total

    contents = page.get_contents()
    return 0 if contents is None else count(contents, page.get("/Resources"))


# --------------------------------------------------------------------------------------------
def test_page_count_is_plausible(pdf: Pdf) -> None:
    pages = len(site_pages(pdf.site))
    sections = pdf.print_html.count("class='print-page md-section'")
    # A title page, a table of contents, a title page per nav section, then each page of the
    # nav starting on a page of its own; no page of the site runs to 30 printed pages.
    low = 2 + sections + pages
    high = 2 + sections + 30 * pages
    assert low <= len(pdf.pages) <= high


def test_title_page_and_contents_come_first(pdf: Pdf) -> None:
    site_name = re.search(r"<title>(.*?)</title>", pdf.print_html, re.DOTALL)
    assert site_name
    name = squash(strip_tags(site_name.group(1)).split(" - ")[-1])
    assert name in squash(pdf.pages[0])
    assert squash(pdf.pages[1]).startswith("Contents")


def test_every_page_title_present(pdf: Pdf) -> None:
    text = squash("".join(pdf.pages[2:]))  # after the title page and the contents
    missing = [(rel, title) for rel, title in page_titles(pdf.site) if squash(title) not in text]
    assert missing == []


def test_pages_follow_the_nav_order(pdf: Pdf) -> None:
    """The print page lays out the nav in order; each page's title opens a later PDF page."""
    chunks = pdf.print_html.split('<section class="print-page" id=')[1:]
    sections = [m.group(1) for c in chunks if (m := re.search(r"<h1[^>]*>(.*?)</h1>", c, re.S))]
    assert len(sections) == len(site_pages(pdf.site))
    body = [squash(text) for text in pdf.pages]
    previous = 2
    for heading in sections:
        title = squash(strip_tags(heading).replace("¶", ""))
        where = [i for i in range(previous, len(body)) if title in body[i]]
        assert where, f"{title!r} not found at or after PDF page {previous + 1}"
        previous = where[0]


def test_every_nav_page_is_in_the_print_page(pdf: Pdf) -> None:
    ids = set(re.findall(r"<section class=\"print-page\" id=\"([^\"]+)\"", pdf.print_html))
    assert len(ids) >= len(site_pages(pdf.site))


@pytest.mark.parametrize(
    "formula",
    [
        r"H\(P,Q\)=\u2212",  # the definition of cross-entropy: H(P, Q) = -...
        r"H\(P,Q\)=H\(P\)\+D?(?:KL|\(KL\))?\(?P[∥‖]Q\)",  # H(P, Q) = H(P) + KL(P || Q)
        r"KL\(P[∥‖]Q\)",
        r"H\(P\)",
    ],
)
def test_key_formula_present(pdf: Pdf, formula: str) -> None:
    assert re.search(formula, pdf.prose), formula


@pytest.mark.parametrize("number", ["1.361", "0.884", "3.288", "2.906", "1.927", "0.247"])
def test_worked_example_numbers_present(pdf: Pdf, number: str) -> None:
    assert number in "".join(pdf.pages)


def test_no_raw_tex_in_the_text(pdf: Pdf) -> None:
    found = [pdf.prose[max(0, m.start() - 40) : m.end() + 40] for m in RAW_TEX.finditer(pdf.prose)]
    assert found == []


def test_figures_are_present_as_vector_drawings(pdf: Pdf) -> None:
    figures = re.findall(
        r"<figure[^>]*>\s*(?:<p>)?\s*<img[^>]*src=\"([^\"]+\.svg)\"[^>]*>.*?<figcaption>(.*?)</figcaption>",
        pdf.print_html,
        re.DOTALL,
    )
    assert figures, "no SVG figure with a caption in the print page"
    texts = [squash(text) for text in pdf.pages]
    for src, caption in figures:
        start = squash(strip_tags(caption))[:40]
        where = [i for i, text in enumerate(texts) if start in text]
        assert where, f"caption of {src} not found in the PDF"
        # The caption follows its figure: the drawing is on the caption's page or the one before.
        counts = [path_operators(pdf.reader, pdf.reader.pages[i]) for i in (where[0] - 1, where[0])]
        assert max(counts) >= FIGURE_PATH_OPERATORS, f"{src}: no vector drawing near its caption"


def test_svg_figures_are_not_rasterised(pdf: Pdf) -> None:
    raster_sources = len(re.findall(r"<img[^>]*src=\"(?![^\"]*\.svg\")", pdf.print_html))
    raster_sources += len(re.findall(r"data-mime-type=\"image/(?:png|jpeg)\"", pdf.print_html))
    images = set()
    for page in pdf.reader.pages:
        xobjects = (page.get("/Resources") or {}).get("/XObject") or {}
        for ref in xobjects.values():
            obj = ref.get_object()
            if obj.get("/Subtype") == "/Image":
                images.add(id(obj))
    assert len(images) <= raster_sources


def test_notebook_outputs_present(pdf: Pdf) -> None:
    outputs = re.findall(
        r"data-mime-type=\"text/plain\"[^>]*>\s*<pre>(.*?)</pre>", pdf.print_html, re.DOTALL
    )
    assert outputs, "no text output of any notebook in the print page"
    text = squash("".join(pdf.pages))
    missing = []
    for output in outputs:
        first_line = next((ln for ln in strip_tags(output).splitlines() if ln.strip()), "")
        if squash(first_line)[:60] not in text:
            missing.append(first_line)
    assert missing == []


def test_internal_links_resolve(pdf: Pdf) -> None:
    names = set(pdf.reader.named_destinations)
    internal = 0
    for page in pdf.reader.pages:
        for ref in page.get("/Annots") or []:
            annot = ref.get_object()
            if annot.get("/Subtype") != "/Link" or "/Dest" not in annot:
                continue
            dest = annot["/Dest"]
            if isinstance(dest, str):
                assert dest in names, f"link to a missing destination {dest}"
            internal += 1
    # At least the table of contents links every page of the site.
    assert internal >= len(site_pages(pdf.site))


def test_outline_lists_the_pages(pdf: Pdf) -> None:
    def titles(items: list[Any]) -> list[str]:
        out: list[str] = []
        for item in items:
            out.extend(titles(item) if isinstance(item, list) else [item.title])
        return out

    outline = {squash(t) for t in titles(pdf.reader.outline)}
    for rel, title in page_titles(pdf.site):
        assert any(squash(title) in entry for entry in outline), f"{rel} not in the outline"


def test_every_page_links_to_this_pdf(pdf: Pdf) -> None:
    """The footer link of every page resolves to the PDF file these tests read."""
    target = pdf.path.resolve()
    for rel in site_pages(pdf.site):
        page = page_file(pdf.site, rel)
        hrefs = re.findall(r'href="([^"]*xent\.pdf)"', page.read_text(encoding="utf-8"))
        assert hrefs, f"{rel or 'index.html'} has no link to the PDF"
        assert all((page.parent / href).resolve() == target for href in hrefs), hrefs
    assert target.is_file()
