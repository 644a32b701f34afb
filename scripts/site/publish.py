"""MkDocs hooks: what makes one ``mkdocs build`` a complete site that a host can publish.

- The address: ``site_url`` comes from ``XENT_SITE_URL`` (mkdocs.yml, ``!ENV`` with the local
  default ``http://127.0.0.1:8000/``). When it is unset, a complete build (the PDF on) warns,
  which fails the strict build: a site to publish needs the address it is published at, for its
  canonical links and sitemap. Any other build (tests, previews) logs the same note at INFO.
- The PDF: with ``extra.pdf`` true (``XENT_PDF=1``), the build prints the whole site to
  ``xent.pdf`` after every plugin has written its files, and every page's footer links it
  (``overrides/partials/copyright.html``). Without it no page links a PDF. Under ``mkdocs serve``
  nothing is printed; the PDF last exported into ``site/`` is served and linked when it exists.
- The 404 page: hosts serve ``404.html`` for a missing address at any depth, so MkDocs writes it
  with links from the root of ``site_url``'s path, which break from file:// and under a sub-path
  that ``site_url`` does not name. Here it gets links relative to the site root instead, and
  ``overrides/404.html`` sets the document's base to that root when the page loads (on a server,
  the path of ``site_url``; from disk, the folder of ``404.html``).
- Links in notebooks: mkdocs-jupyter leaves a Markdown cell's link to ``page.md`` as it is, a
  broken link in the built site. Here each one becomes the link to that page, and a link to a
  file that is not in the site warns (the strict build fails), as MkDocs does for pages.
- Figures open full size on click or tap (mkdocs-glightbox wraps each image in a link to itself).
  A notebook's plots are ``data:`` images inline in the page; a link to one would copy it (up to
  a hundred kB a plot), so those are marked for GLightbox to open from the image itself.

Figures open in mkdocs-glightbox's GLightbox, whose script names a CDN for its video player
(Plyr). The site shows no video, so those addresses are removed from the served copy: nothing in
the built site names another host.

Not a hooks module itself: ``hooks.py``, the one hooks module, calls these functions.
"""

from __future__ import annotations

import logging
import os
import posixpath
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from mkdocs import utils
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from scripts.site import DEFAULT_SITE, PDF_NAME

log = logging.getLogger("mkdocs.hooks.xent.publish")

SITE_URL_VARIABLE = "XENT_SITE_URL"


def template_context(context: Any, template_name: str, config: MkDocsConfig) -> Any:
    """The 404 page's links from the site root (see ``error_page_context``)."""
    if utils.is_error_template(template_name):
        return error_page_context(context, config)
    return context


# Before mkdocs-glightbox (priority 0) wraps the images.
_DATA_IMAGE = re.compile(r'<img(?=[^>]*\ssrc="data:image/)([^>]*?)(/?)>')
_CLASS = re.compile(r'\sclass="([^"]*)"')


def _open_from_image(match: re.Match[str]) -> str:
    attributes = match[1]
    extra = "off-glb glightbox"  # off-glb: not wrapped; glightbox: GLightbox opens the img itself
    if _CLASS.search(attributes):
        attributes = _CLASS.sub(lambda m: f' class="{m[1]} {extra}"', attributes, count=1)
    else:
        attributes += f' class="{extra}"'
    return f'<img{attributes} data-type="image"{match[2]}>'


# A relative link to a Markdown page or a notebook (no scheme, so no colon), with its fragment.
_SOURCE_LINK = re.compile(r'(\shref=")([^":#?]+\.(?:md|ipynb))(#[^"]*)?(")')
# An anchor that downloads its target ("Download this notebook"): it means the file, not its page.
_DOWNLOAD_ANCHOR = re.compile(r"<a(?=\s)(?=[^>]*\sdownload[\s=>])[^>]*>")


def _resolve_source_links(html: str, page: Page, files: Files) -> str:
    downloads = [m.span() for m in _DOWNLOAD_ANCHOR.finditer(html)]

    def resolve(match: re.Match[str]) -> str:
        if any(start <= match.start() < end for start, end in downloads):
            return match[0]
        uri = posixpath.normpath(posixpath.join(posixpath.dirname(page.file.src_uri), match[2]))
        target = files.get_file_from_path(uri)
        if target is None or target.page is None:
            log.warning(f"{page.file.src_uri} links to {match[2]}, which is not a page of the site")
            return match[0]
        return match[1] + target.url_relative_to(page.file) + (match[3] or "") + match[4]

    return _SOURCE_LINK.sub(resolve, html)


def page_content(html: str, page: Page, files: Files) -> str:
    """Notebook links resolved; inline notebook plots opened by GLightbox from the image."""
    if page.file.src_uri.endswith(".ipynb"):
        html = _resolve_source_links(html, page, files)
    return _DATA_IMAGE.sub(_open_from_image, html)


# --------------------------------------------------------------------------------------------
# Tables come in their scrolling boxes
# --------------------------------------------------------------------------------------------
# Material's script puts each table without a class attribute into two boxes (the outer one
# scrolls sideways) once the page has loaded. Moving a table out of the document and back in
# makes the browser style and lay it out again from nothing, formulas and all: on the notation
# page that is a task of a quarter of a second on a phone. The build writes the boxes instead,
# around a table with the class TABLE_CLASS, which the script leaves alone; Material's table
# style, written for tables without a class, is widened to that class (material_assets). The
# combined print page keeps its tables as they are: there the theme's script boxes none (it has
# no content component), and the boxes' negative margins would run past the printed column.
TABLE_CLASS = "xent-md-table"
_PLAIN_TABLE = re.compile(r"<table>(.*?)</table>", re.S)
_MATERIAL_TABLE = "table:not([class])"


def wrap_tables(html: str) -> str:
    """Every ``<table>`` (as Markdown writes it) of a page inside the boxes Material's script
    would add (on the page as written, after print-site has copied its content)."""
    return _PLAIN_TABLE.sub(
        r'<div class="md-typeset__scrollwrap"><div class="md-typeset__table">'
        rf'<table class="{TABLE_CLASS}">\1</table></div></div>',
        html,
    )


# --------------------------------------------------------------------------------------------
# Long pages are drawn in steps
# --------------------------------------------------------------------------------------------
# A long page (the NLL page holds about eleven thousand elements, half of them its formulas'
# KaTeX markup) was styled and laid out whole as it loaded, in tasks that blocked a phone's main
# thread for over half a second. Here the blocks of a page's article after its first DRAWN_FIRST
# elements get the class LATER_CLASS, which sets content-visibility: auto (extra.css): the
# browser skips their style and layout until they come near the screen. Each such block also gets
# a batch number, about LATER_BATCH elements a batch, in the attribute LATER_ATTR;
# docs/assets/javascripts/render-later.js takes the class off one batch per frame once the page
# has loaded, so that the whole page is drawn soon after, a small task at a time. Headings stay
# drawn (the table of contents reads their places), and so do explorers (their script measures
# their width). The combined print page is not marked: it is printed, not read on a screen.
# DRAWN_FIRST: the first style and layout, which the theme's script forces as it starts, then
# covers about 600 article elements however long the page (with 1500, pages of 1,100 to 2,100
# elements were styled whole or nearly whole in that one task, and scored as low as 93). A marked
# block that is on the screen at the load is drawn in the first frame all the same; with 600,
# none is (measured: the first marked block starts 915 px or more down the page at 1280 x 800,
# and 1,230 px or more at 390 x 844).
LATER_CLASS = "xent-later"
LATER_ATTR = "data-xent-batch"
DRAWN_FIRST = 600
LATER_BATCH = 150
_VOID = frozenset("area base br col embed hr img input link meta param source track wbr".split())
_HEADINGS = frozenset(("h1", "h2", "h3", "h4", "h5", "h6"))
_CLASS_ATTR = re.compile(r"""\sclass=(["'])""")


class _Node:
    """An element of the page's article: where its start tag is, the tag's text, the elements in
    it (itself included), and whether it holds a heading or an explorer."""

    __slots__ = ("children", "classes", "elements", "explorer", "heading", "pos", "tag", "text")

    def __init__(self, tag: str, pos: tuple[int, int], text: str, classes: list[str]) -> None:
        self.tag, self.pos, self.text, self.classes = tag, pos, text, classes
        self.children: list[_Node] = []
        self.elements = 1
        self.heading = tag in _HEADINGS
        self.explorer = False


class _Article(HTMLParser):
    """The element tree of the page's <article class="md-content__inner">."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.root: _Node | None = None
        self._open: list[_Node] = []  # the article, then the elements open inside it

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = (dict(attrs).get("class") or "").split()
        if not self._open:
            if self.root is None and tag == "article" and "md-content__inner" in classes:
                self.root = _Node(tag, self.getpos(), self.get_starttag_text() or "", classes)
                self._open.append(self.root)
            return
        node = _Node(tag, self.getpos(), self.get_starttag_text() or "", classes)
        node.explorer = "xent-explorer" in classes
        self._open[-1].children.append(node)
        if tag not in _VOID:
            self._open.append(node)
        else:
            self._close(node)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self._open:
            self._open[-1].elements += 1

    def handle_endtag(self, tag: str) -> None:
        if self._open and tag not in _VOID:
            self._close(self._open.pop())

    def _close(self, node: _Node) -> None:
        if self._open:
            parent = self._open[-1]
            parent.elements += node.elements
            parent.heading = parent.heading or node.heading
            parent.explorer = parent.explorer or node.explorer


# A container whose own blocks can be drawn later one by one: a list, a list item, a derivation
# (<details>), a block that holds a heading, and a <div> of two blocks or more other than those
# laid out as one piece (code, formulas, tables, tabs). A list item, a derivation's summary and
# a heading are never marked themselves: a list item drawn later would have its number (drawn
# outside its box) cut off until it is drawn.
_WHOLE = frozenset(
    ("highlight", "arithmatex", "md-typeset__scrollwrap", "tabbed-set", "tabbed-content")
)
_CONTAINERS = frozenset(("ol", "ul", "li", "details"))
_NEVER_MARKED = frozenset(("li", "summary", "style", "script")) | _HEADINGS  # (no box)
_SPLIT_OVER = 4 * LATER_BATCH


def _splits(node: _Node) -> bool:
    if node.tag in _HEADINGS or not node.children:
        return False
    if node.heading or node.tag in _CONTAINERS:
        return True
    return node.tag == "div" and len(node.children) > 1 and not _WHOLE.intersection(node.classes)


def _markable(node: _Node) -> bool:
    return node.tag not in _NEVER_MARKED and not node.heading and not node.explorer


def draw_later(html: str) -> str:
    """Mark the blocks of a long page's article, after its first DRAWN_FIRST elements, to be
    drawn after the page has loaded (see above). A block that holds a heading is not marked
    itself: its own blocks are. A short page is returned as it is."""
    parser = _Article()
    parser.feed(html)
    parser.close()
    if parser.root is None or parser.root.elements <= DRAWN_FIRST:
        return html
    marked: list[_Node] = []
    seen = 0

    def walk(children: list[_Node]) -> None:
        nonlocal seen
        for node in children:
            # A heading's block, the block where the first DRAWN_FIRST elements end, a block of
            # several batches and a list item: their own blocks are marked, where they can be.
            later = seen >= DRAWN_FIRST
            if _splits(node) and (
                node.heading
                or seen < DRAWN_FIRST < seen + node.elements
                or node.elements > _SPLIT_OVER
                or (later and not _markable(node))
            ):
                seen += 1
                walk(node.children)
                continue
            if later and _markable(node):
                marked.append(node)
            seen += node.elements

    walk(parser.root.children)
    lines = [0]  # the offset in ``html`` where each line starts (the parser gives lines, columns)
    for text in html.splitlines(keepends=True):
        lines.append(lines[-1] + len(text))
    edits: list[tuple[int, str, str]] = []
    batch = in_batch = 0
    for node in marked:
        if in_batch >= LATER_BATCH:
            batch, in_batch = batch + 1, 0
        in_batch += node.elements
        old = node.text
        if _CLASS_ATTR.search(old):
            new = _CLASS_ATTR.sub(rf" class=\1{LATER_CLASS} ", old, count=1)
        else:
            new = f'{old[: len(node.tag) + 1]} class="{LATER_CLASS}"{old[len(node.tag) + 1 :]}'
        new = f'{new[: len(node.tag) + 1]} {LATER_ATTR}="{batch}"{new[len(node.tag) + 1 :]}'
        line, column = node.pos
        edits.append((lines[line - 1] + column, old, new))
    for offset, old, new in reversed(edits):
        if html[offset : offset + len(old)] != old:
            raise PluginError(f"draw_later: the start tag {old[:60]!r} is not where it was read")
        html = html[:offset] + new + html[offset + len(old) :]
    return html


# The theme's palette turns transitions off while it switches colours, with a rule for every
# element under its attribute data-md-color-switching, which it also sets and removes at every
# page load: two restyles of the whole page. The rule is moved to the class PALETTE_SWITCHING,
# which docs/assets/javascripts/palette-switch.js sets only when the reader switches.
PALETTE_SWITCHING = "xent-palette-switching"
_MATERIAL_SWITCHING = "[data-md-color-switching]"


# The theme's palette script adds a color-scheme meta element once the page has loaded and then
# sets it: each step restyles every element of the page. The build takes both out of the script;
# scripts/site/color_scheme.js sets that meta element in the head instead, before anything is
# styled, and palette-switch.js when the reader switches.
_MATERIAL_COLOR_SCHEME = (
    (
        'let o=x("meta",{name:"color-scheme"});document.head.appendChild(o);',
        "let o={}/*xent: color_scheme.js*/;",
    ),
    ("return o.content=a.colorScheme,", "return/*xent: color_scheme.js*/ "),
)


def _rewrite(directory: Path, pattern: str, edits: Any) -> None:
    """Apply ``edits`` ((old, new) pairs) to the one file matching ``pattern``; fail loudly when
    one of them matches nothing (a new theme version), unless it was applied already."""
    files = sorted(directory.glob(pattern))
    if len(files) != 1:
        raise PluginError(f"expected one Material {pattern} in the site, found {files}")
    text = files[0].read_text(encoding="utf-8")
    for old, new in edits:
        if old in text:
            text = text.replace(old, new)
        elif new not in text:
            raise PluginError(f"{files[0].name}: no {old!r}; update scripts/site/publish.py")
    files[0].write_text(text, encoding="utf-8")


def material_assets(config: MkDocsConfig) -> None:
    """Material's files in the site: the table rules widened to TABLE_CLASS, the palette's
    switching rule moved to PALETTE_SWITCHING, and no color-scheme meta element from its script."""
    assets = Path(config.site_dir) / "assets"
    table = f"table:is(:not([class]),.{TABLE_CLASS})"
    _rewrite(assets / "stylesheets", "main.*.min.css", [(_MATERIAL_TABLE, table)])
    switching = f"body.{PALETTE_SWITCHING}"
    _rewrite(assets / "stylesheets", "palette.*.min.css", [(_MATERIAL_SWITCHING, switching)])
    _rewrite(assets / "javascripts", "bundle.*.min.js", _MATERIAL_COLOR_SCHEME)


# --------------------------------------------------------------------------------------------
# Each page loads the scripts and stylesheets it uses
# --------------------------------------------------------------------------------------------
# mkdocs.yml lists every stylesheet and script the site has (the combined print page, written by
# print-site after the build without this step, keeps them all); a page drops those that nothing
# on it uses. Each entry: the asset's path from the site root, and a test on the page's HTML.
_EXPLORER = re.compile(r'\sdata-explorer="([\w-]+)"')
_EXPLORER_SCRIPT = "assets/javascripts/explorers/"
_PAGE_ASSETS: dict[str, Any] = {
    # Styles and scripts of the combined print page only (ids and classes under #print-site-page,
    # its @page margins, its contents builder); print.css sets the margins for every page.
    "css/print-site.css": lambda html: False,
    "css/print-site-material.css": lambda html: False,
    "js/print-site.js": lambda html: False,
    # mkdocstrings' API entries (class "doc doc-object ..."): the API pages.
    "assets/_mkdocstrings.css": lambda html: 'class="doc doc-' in html,
    # The explorers: their stylesheet, the formulas and the shared helpers where one is placed.
    "assets/stylesheets/explorers.css": lambda html: bool(_EXPLORER.search(html)),
    f"{_EXPLORER_SCRIPT}formulas.js": lambda html: bool(_EXPLORER.search(html)),
    f"{_EXPLORER_SCRIPT}common.js": lambda html: bool(_EXPLORER.search(html)),
    # Long pages drawn in steps (draw_later): only those with blocks marked.
    "assets/javascripts/render-later.js": lambda html: f' {LATER_ATTR}="' in html,
}
_ASSET_TAG = re.compile(
    r'[ \t]*(?:<link rel="stylesheet" href="(?P<css>[^"]+)">'
    r'|<script src="(?P<js>[^"]+)"></script>)\n?'
)


def page_assets(output: str, page: Page, config: MkDocsConfig) -> str:
    """``output`` without the stylesheets and scripts of mkdocs.yml that nothing on it uses.

    An explorer's own script (``explorers/NAME.js``, which registers the explorer NAME) stays
    where a placeholder ``data-explorer="NAME"`` is. The page's GLightbox script and stylesheet
    (mkdocs-glightbox puts them in the head) move to the end of the body, before the script that
    starts GLightbox: they do not hold up the first paint.
    """
    body = output.split("<body", 1)[-1]
    explorers = set(_EXPLORER.findall(body))
    listed = {str(p) for p in config.extra_css} | {str(s) for s in config.extra_javascript}
    base = posixpath.dirname(page.file.dest_uri)

    def keep(match: re.Match[str]) -> str:
        href = match["css"] or match["js"]
        if re.match(r"^[a-z][a-z0-9+.-]*:|^/", href, re.I):
            return match[0]
        path = posixpath.normpath(posixpath.join(base, href))
        if path not in listed:
            return match[0]
        test = _PAGE_ASSETS.get(path)
        if test is not None:
            return match[0] if test(body) else ""
        if path.startswith(_EXPLORER_SCRIPT):
            return match[0] if posixpath.basename(path)[: -len(".js")] in explorers else ""
        return match[0]

    output = _ASSET_TAG.sub(keep, output)
    missing = [p for p in _PAGE_ASSETS if p not in listed]
    if missing:
        raise PluginError(f"publish.py decides where {missing} load, but mkdocs.yml lists none")
    return _glightbox_last(output, page)


_GLIGHTBOX_TAGS = re.compile(
    r'<link href="[^"]*glightbox\.min\.css" rel="stylesheet">'
    r'|<script src="[^"]*glightbox\.min\.js"></script>'
)
_GLIGHTBOX_START = '<script id="init-glightbox">'


def _glightbox_last(output: str, page: Page) -> str:
    if _GLIGHTBOX_START not in output:
        return output
    head, rest = output.split("</head>", 1)
    tags = _GLIGHTBOX_TAGS.findall(head)
    if len(tags) != 2:
        raise PluginError(
            f"{page.file.src_uri}: mkdocs-glightbox's tags changed (found {tags}); "
            "update _GLIGHTBOX_TAGS in scripts/site/publish.py"
        )
    head = _GLIGHTBOX_TAGS.sub("", head)
    return head + "</head>" + rest.replace(_GLIGHTBOX_START, "".join(tags) + _GLIGHTBOX_START, 1)


_GLIGHTBOX_CLASS = re.compile(r'\sclass="(?:[^"]*\s)?glightbox[\s"]')


# mkdocs-glightbox parses a page's content as a whole document and writes it back as one: the
# content came back inside <html><head>...</head><body>, tags that then stood in the middle of
# the page's <article> (and of every chapter of the print page). A notebook's content starts with
# scripts and styles, which the parser moved into that <head>: they go back in front.
_DOCUMENT_WRAP = re.compile(r"\A\s*<html><head>(.*?)</head><body>(.*)</body></html>\s*\Z", re.S)


def unwrap_document(html: str) -> str:
    """A page's content without the document tags mkdocs-glightbox may have put around it."""
    match = _DOCUMENT_WRAP.match(html)
    return match.group(1) + match.group(2) if match else html


# The print page's links to API entries. mkdocs-print-site-plugin gives each page's headings the
# page's key as a prefix (xent_ref.entropy becomes api-information-xent_ref.entropy) and then maps
# each cross-reference to an anchor of the print page: the identifier itself when an element has
# it as its id, or else the first anchor, in the order of a Python set, whose id holds the
# reference's or is held by it. That picked "entropy" (the Entropy chapter) for a link to
# xent_ref.entropy, xent_ref.cross_entropy, xent_ref.joint_entropy and six more, and it picked a
# different anchor from one build to the next. In the print page's copy of each page, an empty
# element with the identifier as its id now sits inside each API heading (print-site prefixes
# the ids of headings, not of spans), so every reference finds its own entry.
_API_HEADING = re.compile(r'<h[1-6] id="([^"]+)" class="doc doc-heading">')


def print_anchors(html: str) -> str:
    """``html`` with an anchor named by its identifier inside each API entry's heading."""
    return _API_HEADING.sub(lambda m: f'{m[0]}<span id="{m[1]}"></span>', html)


def glightbox_where_used(html: str, page: Page) -> None:
    """Turn mkdocs-glightbox off (its page meta) on a page with no image for it to open."""
    if not _GLIGHTBOX_CLASS.search(html):
        page.meta["glightbox"] = False


# GLightbox's defaults for its video player: a CDN stylesheet and script, fetched only for a
# video slide. The site has none; the served copy names no other host.
_PLYR_DEFAULTS = re.compile(r'(plyr:\{css:)"https://[^"]*"(,js:)"https://[^"]*"')


def drop_video_player_cdn(config: MkDocsConfig) -> None:
    """Remove the video player's CDN addresses from the served GLightbox script."""
    script = Path(config.site_dir) / "assets" / "javascripts" / "glightbox.min.js"
    if not script.is_file():
        return
    text = script.read_text(encoding="utf-8")
    text, count = _PLYR_DEFAULTS.subn(r'\1""\2""', text)
    if count != 1 and "cdn.plyr.io" in text:
        raise PluginError(f"{script}: GLightbox's video-player defaults changed; update publish.py")
    script.write_text(text, encoding="utf-8")


def pdf_enabled(config: MkDocsConfig) -> bool:
    return bool(config.extra.get("pdf"))


def configure(config: MkDocsConfig, command: str) -> None:
    """Check the address and decide whether pages link (and the build prints) the PDF."""
    if command == "serve":
        config.extra["pdf"] = (DEFAULT_SITE / PDF_NAME).is_file()
    elif pdf_enabled(config):
        print_site = config.plugins.get("print-site")
        if print_site is None or not print_site.config.get("enabled"):
            raise PluginError("extra.pdf (XENT_PDF) needs the print-site plugin enabled")
    if not os.environ.get(SITE_URL_VARIABLE) and command != "serve":
        message = (
            f"{SITE_URL_VARIABLE} is not set: canonical links and the sitemap use the local "
            f"default {config.site_url}; set it to the address the site is published at"
        )
        if pdf_enabled(config) or command == "gh-deploy":
            log.warning(message)
        else:
            log.info(message)


def site_root_path(config: MkDocsConfig) -> str:
    """The path of the site's root on its host (``/`` or ``/project/``), from ``site_url``."""
    path = urlsplit(config.site_url or "/").path or "/"
    return path if path.endswith("/") else path + "/"


def error_page_context(context: Any, config: MkDocsConfig) -> Any:
    """Links of 404.html relative to the site root; the page sets its base to that root."""
    context["base_url"] = "."
    context["extra_css"] = [utils.normalize_url(path, None, ".") for path in config.extra_css]
    context["extra_javascript"] = [
        utils.normalize_url(str(script), None, ".") for script in config.extra_javascript
    ]
    context["xent_site_root"] = site_root_path(config)
    return context


def print_pdf(config: MkDocsConfig) -> None:
    """Print the finished site to ``SITE_DIR/xent.pdf``; a failure fails the build."""
    from scripts.site.pdf import make_pdf

    site = Path(config.site_dir)
    try:
        result = make_pdf(site, site / PDF_NAME)
    except Exception as error:
        raise PluginError(f"printing {PDF_NAME} failed: {error}") from error
    # The printed page asked for something outside the site, or something failed to load, or the
    # page logged an error: each is a defect of the site, so a warning (the strict build fails).
    for label in ("blocked", "failed", "console"):
        for item in result[label]:
            log.warning(f"while printing {PDF_NAME}: {label}: {item}")
    log.info(
        f"printed {PDF_NAME}: {result['pages']} pages, {int(result['bytes']) / 1e6:.1f} MB "
        f"in {float(result['seconds']):.0f} s"
    )
