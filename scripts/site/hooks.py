"""MkDocs hooks: what the build adds to the site besides the pages under ``docs/``.

- Figures: every function registered in ``scripts/figures`` is rendered to SVG and added to the
  site as ``figures/<name>.svg``, so pages link them and strict link validation checks the links.
- Tables: every function registered in ``scripts/tables`` is rendered to a Markdown file that
  pages include with ``--8<-- "<name>.md"`` (the directory is put on pymdownx.snippets'
  ``base_path``). Both renders are cached (``render_cache``).
- Web assets: the math renderer (KaTeX) and the offline-search shim (iframe-worker) are copied
  from ``node_modules/`` (installed by ``npm ci``) into ``assets/vendor/``; nothing is vendored
  under ``docs/`` and nothing is loaded from another host.
- Notebooks: mkdocs-jupyter's execution cache is keyed on the notebook text only, so it is moved
  to a directory keyed on ``xent_ref`` and the installed package versions as well; the CDN
  loaders its template writes into each notebook page are removed (``notebooks``).
- Output fences get Material's ``no-copy`` class.
- Math is typeset at build time with KaTeX (``typeset``): pages carry KaTeX's HTML and MathML and
  load its stylesheet, no math JavaScript. KaTeX's faces are cut to the characters the whole
  site draws; a script in each page's head hands the browser those its formulas use
  (``page_font_faces``), and the stylesheet names them too (for the print page, and as the
  fallback), besides KaTeX's complete faces, woff2 only. The search index is built from the
  page without formulas and outputs, and every SVG ``<img>`` gets its width and height.
- Search: pages fetch the search index only when the reader turns to search (``lazy_search.js``,
  inlined into each page's head). ``color_scheme.js``, inlined there too, sets the page's
  color-scheme before the body is styled.
- Publishing (``publish``): ``site_url`` checked, the PDF printed by the build when ``XENT_PDF``
  is set, the 404 page's links from the site root, notebook links resolved, figures opened full
  size by GLightbox; each page loads only the explorer scripts, GLightbox and stylesheets it uses.
- ``mkdocs serve``: watches ``scripts/`` and ``xent_ref/`` too, skips the combined print page,
  and serves the PDF last exported into ``site/`` at ``xent.pdf`` (the footer links it).

Loaded by path from mkdocs.yml; the repository root is importable because ``scripts/setup.sh``
puts it on the virtual environment's path (a ``.pth`` file).
"""

from __future__ import annotations

import json
import logging
import os
import posixpath
import re
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import CombinedEvent, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from scripts.site import CACHE, DEFAULT_SITE, PDF_NAME, ROOT, publish
from scripts.site.notebooks import clean_notebook_page
from scripts.site.render_cache import CachedRender, prune, source_hash
from scripts.site.typeset import (
    Typesetter,
    add_image_sizes,
    cut_faces,
    font_css,
    font_usage,
    page_font_faces,
    search_view,
    typeset_page,
)

log = logging.getLogger("mkdocs.hooks.xent")

NODE_MODULES = ROOT / "node_modules"

# Third-party web assets: site directory -> (package directory under node_modules, file globs).
# Keep in step with package.json and with extra_javascript / extra_css / extra.polyfills in
# mkdocs.yml.
WEB_ASSETS: dict[str, tuple[str, tuple[str, ...]]] = {
    # The stylesheet is added by on_files with its woff and ttf fallbacks removed: every browser
    # the site supports takes woff2, and the older formats would triple what the folder holds.
    "assets/vendor/katex": ("katex/dist", ("fonts/*.woff2",)),
    "assets/vendor/iframe-worker": ("iframe-worker/shim", ("index.js",)),
}

# The site's own stylesheets, served as one file (fewer requests before the first paint); the
# parts stay separate under docs/ and are not served by themselves.
SITE_CSS = "assets/stylesheets/site.css"
SITE_CSS_PARTS = ("extra.css", "a11y.css", "print.css")

# What an executed notebook imports from this repository, and the packages that shape its output.
NOTEBOOK_SOURCES = ("xent_ref/*.py",)
NOTEBOOK_PACKAGES = ("numpy", "matplotlib", "scipy", "scikit-learn", "xent-ref")

_renders: dict[str, CachedRender] = {}
_command = "build"
_typesetter: Typesetter | None = None
_formulas: dict[str, list[str]] = {}  # page -> its typeset formulas, for the search view
_page_files: dict[str, str] = {}  # page -> the HTML file it is written to
_search_stash: dict[str, str] = {}


def on_startup(command: str, dirty: bool) -> None:
    # Defining on_startup also keeps this module alive across the rebuilds of `mkdocs serve`.
    global _command
    _command = command


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    # Under `mkdocs serve` the combined print page (mkdocs-print-site-plugin, only used to export
    # the PDF from a real build) is skipped: it costs a few seconds on every rebuild, and the
    # target for a page edit to show under serve is 3 s. XENT_PRINT_SITE=1 keeps it.
    print_site = config.plugins.get("print-site")
    if _command == "serve" and print_site is not None and os.environ.get("XENT_PRINT_SITE") != "1":
        print_site.config["enabled"] = False

    global _typesetter
    _typesetter = Typesetter()
    _formulas.clear()

    # Start rendering figures and tables (cache misses only); on_files waits.
    _renders["figures"] = CachedRender("figures")
    _renders["tables"] = CachedRender("tables")

    # The tables' directory goes on the snippets path after the configured ones, which are made
    # absolute so that the build works from any working directory.
    snippets = config.mdx_configs.setdefault("pymdownx.snippets", {})
    base = snippets.get("base_path", ["."])
    base = [base] if isinstance(base, str) else list(base)
    snippets["base_path"] = [str(ROOT / p) for p in base] + [str(_renders["tables"].target)]

    # mkdocs-jupyter loads nbconvert's configuration from the Jupyter config path: ours starts
    # the notebook kernels with log level ERROR, which drops ipykernel's start-up note that it
    # talks to the build over local TCP without encryption (a cell error still fails the build).
    jupyter_config = str(ROOT / "scripts" / "site" / "jupyter")
    search_path = os.environ.get("JUPYTER_CONFIG_PATH", "")
    if jupyter_config not in search_path.split(os.pathsep):
        os.environ["JUPYTER_CONFIG_PATH"] = os.pathsep.join(
            filter(None, [jupyter_config, search_path])
        )

    # mkdocs-jupyter caches executed notebooks keyed on their text alone; key the cache directory
    # on what they import too, so that a change to xent_ref re-executes them.
    jupyter = config.plugins.get("mkdocs-jupyter")
    if jupyter is not None:
        key = source_hash(NOTEBOOK_SOURCES, NOTEBOOK_PACKAGES)
        base_dir = CACHE / "mkdocs-jupyter"
        jupyter.config["cache_dir"] = str(base_dir / key)
        if base_dir.is_dir():
            prune(base_dir, key)
    publish.configure(config, _command)
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    _renders["tables"].wait()
    for svg in sorted(_renders["figures"].wait().glob("*.svg")):
        files.append(File.generated(config, f"figures/{svg.name}", abs_src_path=str(svg)))

    for dest, (package, patterns) in WEB_ASSETS.items():
        source = NODE_MODULES / package
        if not source.is_dir():
            raise PluginError(
                f"{source} is missing: install the web assets with `npm ci` (scripts/setup.sh)"
            )
        for pattern in patterns:
            matched = sorted(p for p in source.glob(pattern) if p.is_file())
            if not matched:
                raise PluginError(f"no file in {source} matches {pattern!r}")
            for path in matched:
                uri = f"{dest}/{path.relative_to(source).as_posix()}"
                files.append(File.generated(config, uri, abs_src_path=str(path)))
    katex_css = (NODE_MODULES / "katex" / "dist" / "katex.min.css").read_text(encoding="utf-8")
    files.append(
        File.generated(config, "assets/vendor/katex/katex.min.css", content=_woff2_only(katex_css))
    )

    css = []
    for name in SITE_CSS_PARTS:
        part = files.get_file_from_path(posixpath.join(posixpath.dirname(SITE_CSS), name))
        if part is None or part.abs_src_path is None:
            raise PluginError(f"{name}, a part of {SITE_CSS}, is not under docs/")
        css.append(f"/* {name} */\n{Path(part.abs_src_path).read_text(encoding='utf-8')}\n")
        files.remove(part)
    files.append(File.generated(config, SITE_CSS, content="".join(css)))

    # `mkdocs serve` builds into a temporary directory; serve the PDF last exported into site/
    # (scripts/serve.sh exports it before serving) so that the footer link is not a 404. A plain
    # build is left alone: its PDF is made from the finished build, never copied from an older one.
    if _command == "serve":
        exported = DEFAULT_SITE / PDF_NAME
        if exported.is_file():
            files.append(File.generated(config, PDF_NAME, abs_src_path=str(exported)))
        else:
            log.info("no %s yet: run scripts/make_pdf.py after a build to serve it", exported)
    return files


_FONT_FALLBACKS = re.compile(r',url\([^)]*\.(?:woff|ttf)\) format\("(?:woff|truetype)"\)')


def _woff2_only(css: str) -> str:
    """KaTeX's stylesheet with each @font-face source list cut to its woff2 file."""
    trimmed, count = _FONT_FALLBACKS.subn("", css)
    if count == 0 or ".woff)" in trimmed or ".ttf)" in trimmed:
        raise PluginError(
            "katex.min.css: its @font-face rules changed; update _FONT_FALLBACKS in "
            "scripts/site/hooks.py"
        )
    return trimmed


# An output fence shows what the block above printed: Material gives it no copy button when an
# ancestor has the class no-copy (the copy button of the code block copies the code alone).
_OUTPUT_FENCE = '<div class="language-output highlight">'


# Before any plugin reads the page's HTML: mkdocs-print-site-plugin copies it into print_page.html.
@event_priority(100)
def _page_content_first(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    html = html.replace(_OUTPUT_FENCE, '<div class="language-output highlight no-copy">')
    if page.file.src_uri.endswith(".ipynb"):
        html = clean_notebook_page(html, page.file.src_uri)
    assert _typesetter is not None
    html, _formulas[page.file.src_uri] = typeset_page(html, _typesetter, page.file.src_uri)
    _page_files[page.file.src_uri] = page.file.dest_uri
    return add_image_sizes(html, _image_resolver(page, files))


# Before mkdocs-glightbox (priority 0) wraps the images.
@event_priority(50)
def _page_content_publish(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    return publish.page_content(html, page, files)


# After mkdocs-glightbox wrapped the images: pages without one load no GLightbox.
@event_priority(-50)
def _page_content_last(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    unwrapped = publish.unwrap_document(html)
    if getattr(page, "html", None) == html:
        # mkdocs-print-site-plugin kept the page's content for the print page (its page.html).
        page.html = publish.print_anchors(unwrapped)  # type: ignore[attr-defined]
    publish.glightbox_where_used(unwrapped, page)
    return unwrapped


on_page_content = CombinedEvent(_page_content_first, _page_content_publish, _page_content_last)


def on_template_context(context: Any, template_name: str, config: MkDocsConfig) -> Any:
    return publish.template_context(context, template_name, config)


def _image_resolver(page: Page, files: Files) -> Any:
    """Map an image's ``src`` on ``page`` to the file the site serves there (or None)."""
    by_dest = {file.dest_uri: file for file in files}
    base = posixpath.dirname(page.file.dest_uri)

    def resolve(src: str) -> Path | None:
        if re.match(r"^[a-z][a-z0-9+.-]*:|^/", src, re.I):
            return None  # another host, a data: URL or a root-relative path
        file = by_dest.get(posixpath.normpath(posixpath.join(base, src.split("#")[0])))
        return Path(file.abs_src_path) if file is not None and file.abs_src_path else None

    return resolve


# Material's search plugin indexes page.content in its on_page_context: just before it, the page
# is swapped for its search view (no typeset formulas, outputs or excluded blocks); just after,
# the page is put back, without the data-search-* attributes (as the search plugin would leave it).
@event_priority(100)
def _search_view_in(context: Any, page: Page, config: MkDocsConfig, nav: Navigation) -> Any:
    if page.content is not None:
        _search_stash[page.file.src_uri] = page.content
        page.content = search_view(page.content, _formulas.get(page.file.src_uri, []))
    return context


@event_priority(-100)
def _search_view_out(context: Any, page: Page, config: MkDocsConfig, nav: Navigation) -> Any:
    original = _search_stash.pop(page.file.src_uri, None)
    if original is not None:
        page.content = re.sub(r'\s?data-search-\w+(?:="[^"]*")?', "", original)
    return context


on_page_context = CombinedEvent(_search_view_in, _search_view_out)


def _inline_script(name: str) -> str:
    text = (Path(__file__).with_name(name)).read_text(encoding="utf-8")
    return "\n".join(line for line in text.splitlines() if not line.startswith("//"))


_LAZY_SEARCH = _inline_script("lazy_search.js")
_COLOR_SCHEME = _inline_script("color_scheme.js")


# After mkdocs-glightbox added its tags (priority 0): the page keeps the assets it uses.
@event_priority(-50)
def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    # Before Material's own script runs: the search index is fetched when the reader searches.
    if "</head>" not in output:
        raise PluginError(f"{page.file.src_uri}: no </head> to put the search loader before")
    output = output.replace(
        "</head>", f"<script>{_LAZY_SEARCH}</script><script>{_COLOR_SCHEME}</script></head>", 1
    )
    # The blocks are marked before the assets are chosen: render-later.js loads where they are.
    return publish.page_assets(publish.draw_later(publish.wrap_tables(output)), page, config)


def _post_build_fonts(config: MkDocsConfig) -> None:
    publish.drop_video_player_cdn(config)
    publish.material_assets(config)
    if _typesetter is not None:
        _typesetter.close()
        log.info(f"typeset {_typesetter.formulas} formulas with KaTeX")
    # KaTeX's stylesheet gains one cut-down face per face the formulas use (typeset.font_css).
    katex = NODE_MODULES / "katex" / "dist"
    usage = font_usage(f for formulas in _formulas.values() for f in set(formulas))
    katex_css = _woff2_only((katex / "katex.min.css").read_text("utf-8"))
    faces = cut_faces(katex_css, usage, katex / "fonts")
    css, fonts = font_css(katex_css, faces)
    target = Path(config.site_dir) / "assets" / "vendor" / "katex"
    (target / "katex.min.css").write_text(css, encoding="utf-8")
    for name, data in fonts.items():
        (target / "fonts" / name).write_bytes(data)
    _page_fonts(config, page_font_faces(faces))


# Last of all: after print-site wrote the combined page and the offline plugin inlined the index.
@event_priority(-200)
def _post_build_pdf(config: MkDocsConfig) -> None:
    if _command != "serve" and publish.pdf_enabled(config):
        publish.print_pdf(config)


on_post_build = CombinedEvent(_post_build_fonts, _post_build_pdf)


# A page's own math fonts (typeset.page_font_faces), added to the document's fonts as the parser
# reaches the head. A browser without the Font Loading API, or without scripts, draws the formulas
# with the stylesheet's faces instead.
_PAGE_FONTS_JS = (
    '<script id="xent-math-fonts">(function(){var F=%s;'
    "if(!window.FontFace||!document.fonts)return;"
    # The browser's own base64 decoder where it has one (Chromium 140 and later): a loop over
    # the characters took about 25 ms of the head's script on the NLL page.
    "var D=Uint8Array.fromBase64?function(t){return Uint8Array.fromBase64(t)}:function(t){"
    "var s=atob(t),b=new Uint8Array(s.length);for(var j=0;j<s.length;j++)b[j]=s.charCodeAt(j);"
    "return b};"
    "for(var i=0;i<F.length;i++)document.fonts.add(new FontFace(F[i][0],D(F[i][2]),F[i][1]))"
    "})()</script>"
)


def _page_fonts(config: MkDocsConfig, faces: dict[str, Any]) -> None:
    """Give each page with formulas, in its <head>, the cut KaTeX faces its formulas use.

    ``faces`` are cut to the characters of the whole site, as the stylesheet's are: the same
    faces on every page that uses them, and a page never fetches a face to draw a glyph that the
    bookkeeping of its own formulas missed. The stylesheet's faces stay, for the combined print
    page and for a browser without scripts.
    """
    for src_uri, formulas in _formulas.items():
        dest = _page_files.get(src_uri)
        if not formulas or dest is None:
            continue
        path = Path(config.site_dir) / dest
        if not path.is_file():
            continue
        used = font_usage(set(formulas))
        own = [face for name, face in faces.items() if used.get(name)]
        if not own:
            continue
        html = path.read_text(encoding="utf-8")
        if "</head>" not in html:
            raise PluginError(f"{dest}: no </head> to put the page's math fonts before")
        script = _PAGE_FONTS_JS % json.dumps(own, separators=(",", ":"))
        path.write_text(html.replace("</head>", script + "</head>", 1), encoding="utf-8")


def on_build_error(error: Exception) -> None:
    if _typesetter is not None:
        _typesetter.close()


def on_serve(server: LiveReloadServer, config: MkDocsConfig, builder: object) -> LiveReloadServer:
    server.watch(str(ROOT / "scripts"))
    server.watch(str(ROOT / "xent_ref"))
    return server
