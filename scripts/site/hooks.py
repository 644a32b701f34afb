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
- ``mkdocs serve``: watches ``scripts/`` and ``xent_ref/`` too, skips the combined print page,
  and serves the PDF last exported into ``site/`` at ``xent.pdf`` (the footer links it).

Loaded by path from mkdocs.yml; the repository root is importable because ``scripts/setup.sh``
puts it on the virtual environment's path (a ``.pth`` file).
"""

from __future__ import annotations

import logging
import os

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from scripts.site import CACHE, DEFAULT_SITE, PDF_NAME, ROOT
from scripts.site.notebooks import clean_notebook_page
from scripts.site.render_cache import CachedRender, prune, source_hash

log = logging.getLogger("mkdocs.hooks.xent")

NODE_MODULES = ROOT / "node_modules"

# Third-party web assets: site directory -> (package directory under node_modules, file globs).
# Keep in step with package.json and with extra_javascript / extra_css / extra.polyfills in
# mkdocs.yml.
WEB_ASSETS: dict[str, tuple[str, tuple[str, ...]]] = {
    "assets/vendor/katex": (
        "katex/dist",
        ("katex.min.js", "katex.min.css", "contrib/auto-render.min.js", "fonts/*"),
    ),
    "assets/vendor/iframe-worker": ("iframe-worker/shim", ("index.js",)),
}

# What an executed notebook imports from this repository, and the packages that shape its output.
NOTEBOOK_SOURCES = ("xent_ref/*.py",)
NOTEBOOK_PACKAGES = ("numpy", "matplotlib", "scipy", "scikit-learn", "xent-ref")

_renders: dict[str, CachedRender] = {}
_command = "build"


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


# An output fence shows what the block above printed: Material gives it no copy button when an
# ancestor has the class no-copy (the copy button of the code block copies the code alone).
_OUTPUT_FENCE = '<div class="language-output highlight">'


# Before any plugin reads the page's HTML: mkdocs-print-site-plugin copies it into print_page.html.
@event_priority(100)
def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    html = html.replace(_OUTPUT_FENCE, '<div class="language-output highlight no-copy">')
    if page.file.src_uri.endswith(".ipynb"):
        html = clean_notebook_page(html, page.file.src_uri)
    return html


def on_serve(server: LiveReloadServer, config: MkDocsConfig, builder: object) -> LiveReloadServer:
    server.watch(str(ROOT / "scripts"))
    server.watch(str(ROOT / "xent_ref"))
    return server
