"""MkDocs hooks: what the build adds to the site besides the pages under ``docs/``.

- Figures: every function registered in ``scripts/figures`` is rendered to SVG and added to the
  site as ``figures/<name>.svg``, so pages link them and strict link validation checks the links.
- Generated Markdown: every function registered in ``scripts/generated`` is rendered to a file
  that pages include with ``--8<-- "<name>.md"`` (the directory is put on pymdownx.snippets'
  ``base_path``).
- Web assets: the math renderer (KaTeX) and the offline-search shim (iframe-worker) are copied
  from ``node_modules/`` (installed by ``npm ci``) into ``assets/vendor/``; nothing is vendored
  under ``docs/`` and nothing is loaded from another host.
- Notebooks: mkdocs-jupyter's execution cache is keyed on the notebook text only, so it is moved
  to a directory keyed on ``xent_ref`` and the installed package versions as well; the MathJax 2
  and mermaid loaders its template writes into each notebook page (CDN URLs) are removed.
- ``mkdocs serve`` also watches ``scripts/`` and ``xent_ref/``.

Rendering runs in a subprocess (``python -m scripts.figures`` / ``python -m scripts.generated``)
so that a rebuild under ``mkdocs serve`` always runs the current code, and the results are cached
under ``.cache/`` by a hash of everything they depend on; a warm build renders nothing.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from importlib import metadata
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

log = logging.getLogger("mkdocs.hooks.xent")

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / ".cache"
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

# Packages whose version can change what a generated table or an executed notebook shows.
GENERATED_PACKAGES = ("numpy", "scipy", "scikit-learn", "torch", "keras", "xent-ref")
NOTEBOOK_PACKAGES = ("numpy", "matplotlib", "scipy", "scikit-learn", "xent-ref")


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "absent"


def _source_hash(globs: list[str], extra: list[str]) -> str:
    """Hash the files matching ``globs`` (relative to the repository) and the ``extra`` strings."""
    digest = hashlib.sha256()
    for pattern in globs:
        for path in sorted(ROOT.glob(pattern)):
            digest.update(str(path.relative_to(ROOT)).encode())
            digest.update(b"\0")
            digest.update(path.read_bytes())
            digest.update(b"\0")
    for item in extra:
        digest.update(item.encode())
        digest.update(b"\0")
    return digest.hexdigest()[:16]


def _prune(base: Path, keep: str) -> None:
    """Remove the cache entries in ``base`` other than ``keep`` that are over ten minutes old.

    Several people build this checkout at once; a younger entry may be another build's work.
    """
    cutoff = time.time() - 600
    for old in base.iterdir():
        if old.name != keep and old.stat().st_mtime < cutoff:
            shutil.rmtree(old, ignore_errors=True)


class _CachedRender:
    """``.cache/<kind>/<key>``, filled by ``python -m <module> DIR`` in the background on a miss.

    Figures and generated tables render in two subprocesses at once (the machine has two cores)
    while MkDocs reads the pages; ``wait()`` joins before anything needs the files. The
    subprocess writes no bytecode under ``scripts/`` (which ``mkdocs serve`` watches, so a new
    ``.pyc`` would trigger a second rebuild).
    """

    def __init__(self, kind: str, module: str, key: str) -> None:
        self.kind, self.module, self.key = kind, module, key
        self.base = CACHE / kind
        self.target = self.base / key
        self.process: subprocess.Popen[bytes] | None = None
        if (self.target / ".complete").is_file():
            return
        self.started = time.perf_counter()
        self.partial = self.base / f"{key}.partial-{os.getpid()}"
        shutil.rmtree(self.partial, ignore_errors=True)
        self.partial.mkdir(parents=True)
        self.errors = tempfile.TemporaryFile()
        env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1", MPLBACKEND="Agg")
        self.process = subprocess.Popen(
            [sys.executable, "-m", module, str(self.partial)],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=self.errors,
        )

    def wait(self) -> Path:
        if self.process is None:
            return self.target
        process, self.process = self.process, None
        if process.wait() != 0:
            self.errors.seek(0)
            message = self.errors.read().decode(errors="replace").strip()
            shutil.rmtree(self.partial, ignore_errors=True)
            raise PluginError(f"python -m {self.module} failed:\n{message}")
        (self.partial / ".complete").write_text(self.key + "\n")
        try:
            self.partial.rename(self.target)
        except OSError:  # another build finished the same key first; its result is the same
            shutil.rmtree(self.partial, ignore_errors=True)
        _prune(self.base, self.key)
        count = sum(1 for p in self.target.iterdir() if not p.name.startswith("."))
        elapsed = time.perf_counter() - self.started
        log.info(f"rendered {count} {self.kind} in {elapsed:.1f} s")
        return self.target


def _start_figures() -> _CachedRender:
    import matplotlib  # only its version is needed here; the drawing happens in the subprocess

    key = _source_hash(
        ["scripts/figures/*.py", "xent_ref/*.py"], [f"matplotlib={matplotlib.__version__}"]
    )
    return _CachedRender("figures", "scripts.figures", key)


def _start_generated() -> _CachedRender:
    key = _source_hash(
        ["scripts/generated/*.py", "xent_ref/*.py"],
        [f"{p}={_version(p)}" for p in GENERATED_PACKAGES],
    )
    return _CachedRender("generated", "scripts.generated", key)


_renders: dict[str, _CachedRender] = {}


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

    # Start rendering figures and generated snippets (cache misses only); on_files waits.
    _renders["figures"] = _start_figures()
    _renders["generated"] = _start_generated()

    # The generated snippets' directory goes on the snippets path after the configured ones,
    # which are made absolute so that the build works from any working directory.
    snippets = config.mdx_configs.setdefault("pymdownx.snippets", {})
    base = snippets.get("base_path", ["."])
    base = [base] if isinstance(base, str) else list(base)
    snippets["base_path"] = [str(ROOT / p) for p in base] + [str(_renders["generated"].target)]

    # mkdocs-jupyter loads nbconvert's configuration from the Jupyter config path: ours starts
    # the notebook kernels with log level ERROR, which drops ipykernel's start-up note that it
    # talks to the build over local TCP without encryption (a cell error still fails the build).
    jupyter_config = str(ROOT / "scripts" / "jupyter")
    search_path = os.environ.get("JUPYTER_CONFIG_PATH", "")
    if jupyter_config not in search_path.split(os.pathsep):
        os.environ["JUPYTER_CONFIG_PATH"] = os.pathsep.join(
            filter(None, [jupyter_config, search_path])
        )

    # mkdocs-jupyter caches executed notebooks keyed on their text alone; key the cache directory
    # on what they import too, so that a change to xent_ref re-executes them.
    jupyter = config.plugins.get("mkdocs-jupyter")
    if jupyter is not None:
        key = _source_hash(["xent_ref/*.py"], [f"{p}={_version(p)}" for p in NOTEBOOK_PACKAGES])
        base_dir = CACHE / "mkdocs-jupyter"
        jupyter.config["cache_dir"] = str(base_dir / key)
        if base_dir.is_dir():
            _prune(base_dir, key)
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    _renders["generated"].wait()
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
    return files


# The notebook template (nbconvert's, via mkdocs-jupyter) writes a MathJax 2 loader with a CDN URL
# (or an empty one), its MathJax 2 configuration, and a mermaid loader that imports from a CDN.
# The site renders notebook math with its own KaTeX set-up and has no mermaid diagrams.
_NOTEBOOK_CDN_BLOCKS = (
    re.compile(r"<!-- Load mathjax -->.*?<!-- End of mathjax configuration -->", re.S),
    re.compile(
        r'<script type="module">\s*document\.addEventListener\("DOMContentLoaded", async \(\) => '
        r"\{\s*const diagrams = document\.querySelectorAll\(\"\.jp-Mermaid.*?</script>",
        re.S,
    ),
)


# The same template inlines all of JupyterLab's CSS (about 570 kB) into every notebook page;
# a static notebook uses a fifth of it. Rules whose selectors name a class that the page does not
# use are dropped (classes inside :not(...) and other pseudo-class arguments do not count, so no
# rule that could match is lost). Results are cached on disk by the CSS and the classes used.
_STYLE_BLOCK = re.compile(r"(<style[^>]*>)(.*?)(</style>)", re.S)
_CLASS_ATTRIBUTE = re.compile(r"""\bclass=(?:"([^"]*)"|'([^']*)')""")
_SELECTOR_CLASS = re.compile(r"\.(-?[_a-zA-Z][\w-]*)")
_PSEUDO_ARGUMENT = re.compile(r"\([^()]*\)")
_LARGE_STYLE = 50_000


def _selector_may_match(selector: str, used: set[str]) -> bool:
    while _PSEUDO_ARGUMENT.search(selector):
        selector = _PSEUDO_ARGUMENT.sub("", selector)
    return all(c in used or c.startswith("md-") for c in _SELECTOR_CLASS.findall(selector))


def _prune_css(css: str, used: set[str]) -> str:
    import tinycss2

    key = hashlib.sha256(css.encode() + "\0".join(sorted(used)).encode()).hexdigest()[:16]
    cached = CACHE / "notebook-css" / f"{key}.css"
    if cached.is_file():
        return cached.read_text(encoding="utf-8")
    kept = []
    for rule in tinycss2.parse_stylesheet(css, skip_whitespace=True, skip_comments=True):
        if rule.type == "qualified-rule":
            selectors = tinycss2.serialize(rule.prelude).split(",")
            if not any(_selector_may_match(s, used) for s in selectors):
                continue
        kept.append(tinycss2.serialize([rule]))
    pruned = "".join(kept)
    cached.parent.mkdir(parents=True, exist_ok=True)
    cached.write_text(pruned, encoding="utf-8")
    return pruned


def _prune_notebook_styles(html: str) -> str:
    used = {
        name
        for match in _CLASS_ATTRIBUTE.finditer(html)
        for name in (match[1] or match[2] or "").split()
    }

    def prune(match: re.Match[str]) -> str:
        if len(match[2]) < _LARGE_STYLE:
            return match[0]
        return match[1] + _prune_css(match[2], used) + match[3]

    return _STYLE_BLOCK.sub(prune, html)


# An output fence shows what the block above printed: Material gives it no copy button when an
# ancestor has the class no-copy (the copy button of the code block copies the code alone).
_OUTPUT_FENCE = re.compile(r'<div class="language-output highlight">')


# Before any plugin reads the page's HTML: mkdocs-print-site-plugin copies it into print_page.html.
@event_priority(100)
def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    html = _OUTPUT_FENCE.sub('<div class="language-output highlight no-copy">', html)
    if page.file.src_uri.endswith(".ipynb"):
        for pattern in _NOTEBOOK_CDN_BLOCKS:
            html, count = pattern.subn("", html)
            if count == 0:
                raise PluginError(
                    f"{page.file.src_uri}: the notebook template changed; update the patterns "
                    "in scripts/mkdocs_hooks.py that remove its CDN loaders"
                )
        html = _prune_notebook_styles(html)
    return html


def on_serve(server: LiveReloadServer, config: MkDocsConfig, builder: object) -> LiveReloadServer:
    server.watch(str(ROOT / "scripts"))
    server.watch(str(ROOT / "xent_ref"))
    return server
