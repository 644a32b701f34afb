"""The PDF of the whole site (scripts/make_pdf.py), read back with pypdf.

The PDF is the ``built_pdf`` fixture's (tests/conftest.py): made from the built site when it is
missing or older than the site's print page. What it must hold is derived from the built site
itself: the page titles from every page in sitemap.xml, the figures and notebook outputs from the
print page, so a new page or figure is checked without editing this file.
"""

from __future__ import annotations

import html
import re
import shutil
import statistics
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

import pypdf
import pytest
from pypdf.generic import ContentStream, DictionaryObject

from scripts.site import ROOT
from scripts.site.browser import TEX_COMMANDS, page_file, print_page, site_pages
from scripts.site.pdf import MARGIN_MM, PAGE_MM

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


# A text run of the PDF where it is drawn: x and y in points from the page's lower left corner.
@dataclass
class Run:
    x: float
    y: float
    text: str
    font: str


@dataclass
class Pdf:
    reader: Any
    pages: list[str]  # text of each page
    runs: list[list[Run]]  # the text runs of each page, with their positions and fonts
    prose: str  # all text outside monospace fonts (code), whitespace removed
    print_html: str  # the print page the PDF was made from
    site: Path  # the built site the PDF was made from
    path: Path


@pytest.fixture(scope="module")
def pdf(built_site: Path, built_pdf: Path) -> Pdf:
    """The PDF read once: the text of every page, and every text run with where it is drawn."""
    reader = pypdf.PdfReader(built_pdf)
    prose: list[str] = []
    page_runs: list[Run] = []

    def visit(text: str, cm: Any, tm: Any, font: Any, size: Any) -> None:
        name = str((font or {}).get("/BaseFont", ""))
        if "Mono" not in name and "Courier" not in name:
            prose.append(text)
        if text.strip():
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            page_runs.append(Run(x, y, text, name))

    pages, runs = [], []
    for page in reader.pages:
        pages.append(page.extract_text(visitor_text=visit))
        runs.append(page_runs.copy())
        page_runs.clear()
    print_html = page_file(built_site, print_page(built_site)).read_text(encoding="utf-8")
    return Pdf(reader, pages, runs, squash("".join(prose)), print_html, built_site, built_pdf)


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
def test_page_count_is_plausible(pdf: Pdf, contents: list[Entry]) -> None:
    chapters = [entry for entry in contents if entry.level == 1]
    # A title page, the contents, then every chapter starting a page of its own ...
    assert len(pdf.pages) >= 2 + len(chapters)
    # ... and no more pages than the text fills: a page break before every block, or a blank
    # page after every section, would take the text per printed page well under 1000 characters
    # (it is about 1500).
    body = [len(squash(text)) for text in pdf.pages[2:]]
    assert sum(body) / len(body) >= 1000


def test_title_page_and_contents_come_first(pdf: Pdf) -> None:
    site_name = re.search(r"<title>(.*?)</title>", pdf.print_html, re.DOTALL)
    assert site_name
    name = squash(strip_tags(site_name.group(1)).split(" - ")[-1])
    assert name in squash(pdf.pages[0])
    # The footer is drawn first, then the page: "Contents" opens the page's own text.
    assert "Contents" in squash(pdf.pages[1])[:120]


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
    assert len(ids) == len(site_pages(pdf.site))


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
        r"<figure[^>]*>\s*(?:<p>)?\s*(?:<a[^>]*>)?\s*<img[^>]*src=\"([^\"]+\.svg)\"[^>]*>"
        r".*?<figcaption>(.*?)</figcaption>",
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


def test_internal_links_resolve(pdf: Pdf, contents: list[Entry]) -> None:
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
    # At least every entry of the table of contents is a link into the document.
    assert len(contents) >= len(site_pages(pdf.site)) and internal >= len(contents)


def test_outline_lists_the_pages(pdf: Pdf) -> None:
    def titles(items: list[Any]) -> list[str]:
        out: list[str] = []
        for item in items:
            out.extend(titles(item) if isinstance(item, list) else [item.title])
        return out

    outline = {squash(t) for t in titles(pdf.reader.outline)}
    for rel, title in page_titles(pdf.site):
        assert any(squash(title) in entry for entry in outline), f"{rel} not in the outline"


def test_pages_that_link_a_pdf_link_this_one(pdf: Pdf) -> None:
    """A footer link to the PDF (a build with the PDF on) resolves to the file these tests read.

    Whether pages link the PDF at all is the build's choice (scripts/site/publish.py): either
    every page does or none does.
    """
    target = pdf.path.resolve()
    linking = {}
    for rel in site_pages(pdf.site):
        page = page_file(pdf.site, rel)
        hrefs = re.findall(r'href="([^"]*xent\.pdf)"', page.read_text(encoding="utf-8"))
        linking[rel or "index.html"] = bool(hrefs)
        assert all((page.parent / href).resolve() == target for href in hrefs), hrefs
    assert len(set(linking.values())) == 1, linking
    assert target.is_file()


# --------------------------------------------------------------------------------------------
# The book: contents with page numbers, one numbering, links, words for paper, full pages
# --------------------------------------------------------------------------------------------
@dataclass
class Entry:
    number: str  # "3", "3.2", or "" (front matter)
    title: str  # squashed
    page: int  # 1-based, as printed
    level: int  # 1 for a chapter, 2 for a section


def book_meta(print_html: str) -> dict[str, str]:
    """The metadata the cover template hands to the printer (data- attributes)."""
    cover = re.search(r'<div class="xent-cover"(.*?)>', print_html, re.DOTALL)
    assert cover, "no .xent-cover on the print page"
    return {k: html.unescape(v) for k, v in re.findall(r'data-(\w+)="([^"]*)"', cover.group(1))}


# A chapter or section number: 3, 3.2, or a chapter's letter (M, M.2).
NUMBER = re.compile(r"(?:\d+|[A-Z])(?:\.\d+)*")


def contents_links(pdf: Pdf, index: int) -> list[tuple[str, str, str]]:
    """(number, title, page) of each internal link of a page, from the text drawn inside it.

    A contents entry draws its number, its title and its page number as separate runs, in that
    order; an entry without a number (the front matter) draws two.
    """
    page, page_runs = pdf.reader.pages[index], pdf.runs[index]
    entries = []
    for ref in page.get("/Annots") or []:
        link = ref.get_object()
        if link.get("/Subtype") != "/Link" or "/Dest" not in link:
            continue
        x0, y0, x1, y1 = (float(v) for v in link["/Rect"])
        inside = [
            squash(r.text)
            for r in page_runs
            if x0 - 1 <= r.x <= x1 + 1 and y0 - 1 <= r.y <= y1 + 1 and squash(r.text)
        ]
        assert len(inside) >= 2, f"page {index + 1}: link with text {inside} is no contents entry"
        number = inside[0] if len(inside) >= 3 and NUMBER.fullmatch(inside[0]) else ""
        title = "".join(inside[1 if number else 0 : -1])
        entries.append((number, title, inside[-1]))
    return entries


def contents_pages(pdf: Pdf) -> range:
    """Indexes of the contents pages: from the second page to the one before the first entry."""
    first = contents_links(pdf, 1)
    assert first, "page 2 holds no links: it is not the contents"
    assert first[0][2].isdigit(), f"first contents entry {first[0]} has no page number"
    return range(1, int(first[0][2]) - 1)


@pytest.fixture(scope="module")
def contents(pdf: Pdf) -> list[Entry]:
    """The contents read back from the PDF: number, title and page number of every entry."""
    entries = []
    for index in contents_pages(pdf):
        for number, title, page in contents_links(pdf, index):
            assert page.isdigit(), f"contents, page {index + 1}: {number} {title} has no page"
            entries.append(Entry(number, title, int(page), number.count(".") + 1))
    assert len(entries) > 10, entries
    return entries


def test_contents_entries_are_on_the_pages_they_name(pdf: Pdf, contents: list[Entry]) -> None:
    after = contents_pages(pdf).stop
    body = [squash(text) for text in pdf.pages]
    wrong = []
    for entry in contents:
        heading = entry.number + entry.title
        where = [i + 1 for i in range(after, len(body)) if heading in body[i]]
        if not where or where[0] != entry.page:
            wrong.append((heading, entry.page, where[:3]))
    assert wrong == []


def test_every_listed_heading_is_numbered(contents: list[Entry]) -> None:
    # Only the front matter (Home, the first entry) goes without a number.
    assert [e.title for e in contents[1:] if not e.number] == []
    chapters = [e.number for e in contents if e.level == 1 and e.number]
    # Chapters count 1, 2, 3, ...; a chapter the site labels with a letter takes no number.
    numbered = [int(n) for n in chapters if n.isdigit()]
    assert numbered == list(range(1, len(numbered) + 1))
    for entry in contents:
        if entry.level == 2:
            assert entry.number.split(".")[0] in chapters, entry


def test_contents_cover_every_page_of_the_site(pdf: Pdf, contents: list[Entry]) -> None:
    listed = {e.title for e in contents}
    missing = [(rel, t) for rel, t in page_titles(pdf.site) if squash(t) not in listed]
    assert missing == []


# An equation number: "(3.2)" drawn flush right, in KaTeX's font, alone at the end of its line.
EQUATION_TAG = re.compile(r"\((\w+)\.(\d+)\)")


def equation_tags(page_runs: list[Run], width: float) -> list[str]:
    lines: dict[int, list[Run]] = {}
    for run in page_runs:
        if "KaTeX" in run.font and run.x > 0.75 * width:
            lines.setdefault(round(run.y), []).append(run)
    tags = []
    for line in lines.values():
        text = squash("".join(r.text for r in sorted(line, key=lambda r: r.x)))
        match = re.search(EQUATION_TAG.pattern + "$", text)
        if match:
            tags.append(match.group(1) + "." + match.group(2))
    return tags


def test_chapter_number_is_the_equation_prefix(pdf: Pdf, contents: list[Entry]) -> None:
    """Chapter N holds the equations (N.1), (N.2), ...: no equation number names another."""
    starts = [(e.page, e.number) for e in contents if e.level == 1]
    width = float(pdf.reader.pages[0].mediabox.width)
    found: dict[str, list[str]] = {}
    ends = [start for start, _ in starts[1:]] + [len(pdf.pages) + 1]
    for (start, chapter), end in zip(starts, ends, strict=True):
        for index in range(start - 1, end - 1):
            for tag in equation_tags(pdf.runs[index], width):
                found.setdefault(chapter or "front matter", []).append(tag)
    assert sum(len(tags) for tags in found.values()) >= 20, "equation numbers not found"
    wrong = {
        chapter: tags
        for chapter, tags in found.items()
        if any(tag.split(".")[0] != chapter for tag in tags)
    }
    assert wrong == {}


LOCAL = re.compile(r"(?:https?://)?(?:127\.0\.0\.1|localhost|\[::1\]|0\.0\.0\.0)(?::\d+)?", re.I)


def test_no_link_or_address_points_at_this_machine(pdf: Pdf) -> None:
    uris = []
    for page in pdf.reader.pages:
        for ref in page.get("/Annots") or []:
            action = ref.get_object().get("/A")
            if action is not None and "/URI" in action.get_object():
                uris.append(str(action.get_object()["/URI"]))
    assert uris, "no web links at all: the link check would prove nothing"
    assert [u for u in uris if LOCAL.search(u)] == []
    text = "\n".join(pdf.pages)
    assert [m.group(0) for m in LOCAL.finditer(text)] == []


_AUTOREF = re.compile(r'<a class="autorefs autorefs-internal" title="\s*([^"]+)" href="([^"]+)"')


def test_api_links_of_the_print_page_lead_to_their_entries(pdf: Pdf) -> None:
    """Each cross-reference to an API entry in the print page leads to that entry's heading, as
    it does on the page it comes from (print-site's own matching sent some to other chapters)."""
    own: dict[str, set[str]] = {}  # the link's text -> the entries the pages link it to
    for rel in site_pages(pdf.site):
        page_html = page_file(pdf.site, rel).read_text(encoding="utf-8")
        for text, href in _AUTOREF.findall(page_html):
            own.setdefault(text, set()).add(href.rsplit("#", 1)[-1])
    assert own, "no cross-reference on any page: the check would prove nothing"
    ids = {m[1] for m in re.finditer(r'<\w+[^>]*\sid="([^"]+)"', pdf.print_html)}
    wrong = []
    checked = 0
    for text, href in _AUTOREF.findall(pdf.print_html):
        if text not in own or not href.startswith("#"):
            continue
        checked += 1
        target = href[1:]
        if target not in ids or not any(target == e or target.endswith(f"-{e}") for e in own[text]):
            wrong.append(f"{text} -> {href}")
    assert checked > 20
    assert wrong == []


# What only a screen can do. Each is hidden in print or replaced by words for paper.
WEB_ONLY = re.compile(
    r"\bclick|\bhover|\bon tap\b|\btap (?:on|a|the)\b|pick a library|choosing \W?Fixed"
    r"|\bscroll|switch(?:es)? to dark|drag the|use the slider",
    re.I,
)


def test_no_instructions_for_a_screen(pdf: Pdf) -> None:
    text = " ".join(" ".join(t.split()) for t in pdf.pages)
    found = [text[max(0, m.start() - 50) : m.end() + 30] for m in WEB_ONLY.finditer(text)]
    assert found == []


def test_messages_shortened_on_screen_are_printed_whole(pdf: Pdf) -> None:
    """A table cell that shows the start of a message (the rest in a tooltip) prints all of it."""
    titles = re.findall(r'<td><span title="([^"]+)">', pdf.print_html)
    titles += re.findall(r'<small title="([^"]+)">', pdf.print_html)
    assert titles, "no shortened messages on the print page: the check would prove nothing"
    text = squash("".join(pdf.pages))
    missing = [t for t in titles if squash(strip_tags(html.unescape(t)))[-60:] not in text]
    assert missing == []


def test_metadata(pdf: Pdf) -> None:
    meta = book_meta(pdf.print_html)
    info = pdf.reader.metadata
    assert info.title == meta["title"] == "xent: cross-entropy, derived and executed"
    assert info.author == meta["author"] and info.author
    assert info.subject == meta["subject"] and info.subject
    root = pdf.reader.trailer["/Root"]
    assert bool(root["/ViewerPreferences"]["/DisplayDocTitle"])  # viewers show the title
    # Still tagged: a structure tree, and the document marked as tagged.
    assert root["/MarkInfo"]["/Marked"]
    assert "/StructTreeRoot" in root


def ink_extent(path: Path, pages: int) -> list[float]:
    """How far down its printable area each page is drawn on (0 empty, 1 to the bottom margin).

    The pages are rendered at 20 dpi in grey by poppler's pdftoppm; a row is drawn on when a
    pixel in it is darker than light grey. The footer, in the bottom margin, is not counted.
    """
    from PIL import Image

    pdftoppm = shutil.which("pdftoppm")
    assert pdftoppm, "pdftoppm not found: bash scripts/setup.sh --browser installs poppler-utils"
    extents = []
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([pdftoppm, "-r", "20", "-gray", str(path), f"{tmp}/p"], check=True)
        files = sorted(Path(tmp).glob("p-*.pgm"))
        assert len(files) == pages
        for file in files:
            image = Image.open(file)
            width, height = image.size
            top = round(height * MARGIN_MM["top"] / PAGE_MM[1])
            bottom = round(height * (PAGE_MM[1] - MARGIN_MM["bottom"]) / PAGE_MM[1])
            pixels = image.load()
            assert pixels is not None, f"{file}: no pixel data"
            rows = [y for y in range(top, bottom) if any(pixels[x, y] < 200 for x in range(width))]
            extents.append((rows[-1] - top + 1) / (bottom - top) if rows else 0.0)
    return extents


def test_no_page_is_mostly_empty(pdf: Pdf, contents: list[Entry]) -> None:
    """Only the title page and the last page of a chapter may be drawn on less than 20% down."""
    extents = ink_extent(pdf.path, len(pdf.pages))
    chapter_starts = {e.page for e in contents if e.level == 1}
    allowed = {1, len(pdf.pages)} | {start - 1 for start in chapter_starts}
    empty = [
        (number, round(extent, 2))
        for number, extent in enumerate(extents, start=1)
        if extent < 0.2 and number not in allowed
    ]
    assert empty == []


def structure_elements(pdf: Pdf) -> list[Any]:
    tree = pdf.reader.trailer["/Root"]["/StructTreeRoot"]
    elements, stack = [], [tree.raw_get("/K")]
    while stack:
        item = stack.pop()
        obj = item.get_object() if hasattr(item, "get_object") else item
        if isinstance(obj, list):
            stack.extend(obj)
        elif isinstance(obj, dict) and "/S" in obj and obj.get("/Type") != "/MCR":
            elements.append(obj)
            if "/K" in obj:
                stack.append(cast(DictionaryObject, obj).raw_get("/K"))
    return elements


def test_formulas_are_tagged_with_their_tex(pdf: Pdf) -> None:
    """Every formula of the book is a tagged figure whose alternative text is its TeX source."""
    sources = [
        " ".join(html.unescape(t).split())
        for t in re.findall(
            r'<annotation encoding="application/x-tex">(.*?)</annotation>', pdf.print_html, re.S
        )
    ]
    assert len(sources) > 100, "no formulas on the print page: the check would prove nothing"
    alts = {
        " ".join(str(e["/Alt"]).split())
        for e in structure_elements(pdf)
        if e.get("/S") == "/Figure" and "/Alt" in e
    }
    untagged = [tex for tex in sources if tex not in alts]
    assert untagged == []


def test_structure_tree_has_no_empty_wrappers(pdf: Pdf) -> None:
    """Tagged, with the meaningless one-per-text-run NonStruct wrappers folded away."""
    kinds = [str(e["/S"]) for e in structure_elements(pdf)]
    assert {"/Document", "/H1", "/H2", "/P", "/Table", "/Code", "/Figure", "/Link"} <= set(kinds)
    assert kinds.count("/NonStruct") <= len(kinds) // 20, kinds.count("/NonStruct")


def test_printed_at_the_size_the_stylesheet_sets(pdf: Pdf) -> None:
    """Chromium shrinks the whole book when anything is wider than the printed column; the prose
    must come out at print.css's size. A word's box (poppler's pdftotext -bbox) is the font's
    ascent plus descent, a little over one em, so the typical word of the text pages is at least
    that size tall, and not much more."""
    css = (ROOT / "docs" / "assets" / "stylesheets" / "print.css").read_text(encoding="utf-8")
    match = re.search(r"\.md-typeset \{\s*font-size: ([\d.]+)pt;", css)
    assert match, "print.css sets no pt size for the text"
    size = float(match[1])
    pdftotext = shutil.which("pdftotext")
    assert pdftotext, "pdftotext not found: bash scripts/setup.sh --browser installs poppler-utils"
    boxes = subprocess.run(
        [pdftotext, "-bbox", "-f", "7", "-l", "30", str(pdf.path), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    heights = [
        float(y_max) - float(y_min)
        for y_min, y_max in re.findall(r'yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)"', boxes)
    ]
    assert len(heights) > 1000
    typical = statistics.median(heights)
    assert size <= typical <= 1.3 * size, f"words {typical:.2f} pt tall for {size} pt text"
