"""Serve a built site on 127.0.0.1 and drive it with Debian's Chromium through Playwright.

Shared by ``pdf`` (the PDF export), ``scripts/measure_pages.py`` (page weight and timing) and the
browser and PDF tests. Nothing here knows the page list: it is read from the built
site's ``sitemap.xml``, so new pages are covered without edits.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import threading
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

# Debian's chromium; Playwright's own browser download cannot work on these machines.
CHROMIUM = os.environ.get("XENT_CHROMIUM", "/usr/bin/chromium")
# Without the networking flags Chromium calls Google's hosts at start-up (component updates,
# sync, QUIC probes); the tests must see only the requests the site itself makes.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    "--disable-dev-shm-usage",
]


# --------------------------------------------------------------------------------------------
# A static server for the built site
# --------------------------------------------------------------------------------------------
class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serve files without a log line per request, with the types a browser expects."""

    extensions_map = {  # noqa: RUF012 (the base class defines it as a plain class attribute)
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".js": "text/javascript",
        ".mjs": "text/javascript",
        ".css": "text/css",
        ".svg": "image/svg+xml",
        ".woff": "font/woff",
        ".woff2": "font/woff2",
        ".ttf": "font/ttf",
        ".json": "application/json",
        ".pdf": "application/pdf",
        ".ipynb": "application/x-ipynb+json",
    }

    def log_message(self, format: str, *args: Any) -> None:
        pass


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A browser that closes a keep-alive connection early is not an error of the site.
        pass


@contextlib.contextmanager
def serve(site: Path) -> Iterator[str]:
    """Serve ``site`` on 127.0.0.1 at an ephemeral port; yield the base URL (ending in /)."""
    site = Path(site).resolve()
    if not (site / "index.html").is_file():
        raise FileNotFoundError(f"{site} holds no index.html: build the site first")
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = _Server(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


# --------------------------------------------------------------------------------------------
# What the built site holds
# --------------------------------------------------------------------------------------------
def site_pages(site: Path) -> list[str]:
    """Every page of the built site, as paths relative to the site root ("" is the home page).

    Read from ``sitemap.xml``, which MkDocs writes for every page of the documentation (so every
    page of the nav); the print page is not in it.
    """
    tree = ET.parse(Path(site) / "sitemap.xml")
    locs = [el.text.strip() for el in tree.iter() if el.tag.endswith("loc") and el.text]
    if not locs:
        raise ValueError(f"{site}/sitemap.xml lists no pages")
    paths = [urlsplit(loc).path for loc in locs]
    # The home page has the shortest URL; every other page lies below its directory.
    home = min(paths, key=len)
    base = home if home.endswith("/") else home.rsplit("/", 1)[0] + "/"
    pages = []
    for path in paths:
        if not path.startswith(base):
            raise ValueError(f"sitemap.xml: {path} is not under the site root {base}")
        rel = path[len(base) :]
        pages.append("" if rel in ("", "index.html") else rel)
    return pages


def source_pages(docs: Path, excluded: tuple[str, ...] = ("includes",)) -> list[str]:
    """The pages ``docs`` makes, as ``site_pages`` names them, from the source files alone.

    Every Markdown file and notebook outside the ``excluded`` directories (``exclude_docs`` in
    mkdocs.yml) is a page; the site is built without directory URLs (the offline plugin).
    """
    pages = []
    for path in sorted([*docs.rglob("*.md"), *docs.rglob("*.ipynb")]):
        rel = path.relative_to(docs)
        if rel.parts[0] in excluded or ".ipynb_checkpoints" in rel.parts:
            continue
        html = rel.with_suffix(".html").as_posix()
        pages.append("" if html == "index.html" else html)
    return sorted(pages)


def page_file(site: Path, rel: str) -> Path:
    """The HTML file that serves the page at ``rel`` (with or without directory URLs)."""
    site = Path(site)
    if rel == "" or rel.endswith("/"):
        return site / rel / "index.html"
    return site / rel


def print_page(site: Path) -> str:
    """The combined page of mkdocs-print-site-plugin, relative to the site root."""
    for rel in ("print_page.html", "print_page/"):
        if page_file(site, rel).is_file():
            return rel
    raise FileNotFoundError(
        f"{site} has no print page (print_page.html or print_page/index.html): is the "
        "print-site plugin enabled in mkdocs.yml?"
    )


def page_slug(rel: str) -> str:
    """A file-name-safe name for a page, for screenshots and reports."""
    name = rel.removesuffix(".html").removesuffix("/index").strip("/")
    return (name or "index").replace("/", "__")


# --------------------------------------------------------------------------------------------
# The browser
# --------------------------------------------------------------------------------------------
def launch(playwright: Any) -> Any:
    """Start Debian's Chromium, headless, with the networking noise switched off."""
    if not Path(CHROMIUM).exists():
        raise FileNotFoundError(
            f"{CHROMIUM} not found: run `bash scripts/setup.sh --browser` (apt install chromium)"
        )
    return playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)


def is_local(url: str, base: str) -> bool:
    """True for requests the site may make: its own server, file:, data: and blob: URLs."""
    parts = urlsplit(url)
    if parts.scheme in ("data", "blob", "file", "about"):
        return True
    return url.startswith(base)


def record_console(page: Any, sink: list[str]) -> None:
    """Append the page's console errors and warnings, and its uncaught exceptions, to ``sink``."""

    def on_console(message: Any) -> None:
        if message.type in ("error", "warning"):
            sink.append(f"{message.type}: {message.text}")

    page.on("console", on_console)
    page.on("pageerror", lambda error: sink.append(f"uncaught: {error}"))


@dataclass
class Traffic:
    """What one page asked for, beyond its own server."""

    blocked: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)

    def block_outside(self, context: Any, base: str) -> None:
        """Abort (and record) every request of ``context`` that leaves ``base``."""

        def handle(route: Any) -> None:
            url = route.request.url
            if is_local(url, base):
                route.continue_()
            else:
                self.blocked.append(url)
                route.abort("blockedbyclient")

        context.route("**/*", handle)


# Typeset state of the page's math (KaTeX, in the browser or at build time).
# Text nodes inside code, scripts, styles and the renderers' hidden MathML/TeX annotations are
# skipped; anything else that still reads like TeX (delimiters, commands, $...$, or a numpydoc
# :math: role that mkdocstrings leaves as written) is reported as raw.
# TeX commands that never appear in prose; after a backslash, outside code, they mean raw TeX.
TEX_COMMANDS = (
    "frac dfrac sum prod log ln exp mathrm mathbb mathcal operatorname left right sqrt cdot "
    "infty int partial sigma mu pi theta geq ge leq le neq approx qquad quad text textbf begin "
    "end tag hat bar tilde mid lVert Vert Big big lvert rvert ldots cdots in top"
).split()
RAW_TEX = "|".join(
    [
        r"\\\(|\\\)|\\\[|\\\]|\$\$",  # \( \) \[ \] $$
        r"\\(?:" + "|".join(TEX_COMMANDS) + r")(?![A-Za-z])",  # \frac, \sum, ...
        r"\$[^$\s][^$\n]{0,200}?\$",  # $...$ left by a renderer that never ran
        r":math:",  # a numpydoc role that mkdocstrings shows as written
    ]
)

MATH_STATE_JS = r"""
() => {
  const SKIP = "pre, code, script, style, textarea, annotation, .katex-mathml, "
             + ".md-search, .md-search-result, .clipboard-copy-txt";
  const RAW = new RegExp(String.raw`__RAW__`);
  const renderer = window.katex ? "katex" : "none";
  const formulas = document.querySelectorAll(".arithmatex");
  let pending = 0;
  formulas.forEach((el) => {
    if (!el.querySelector(".katex")) pending += 1;
  });
  const raw = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    if (!parent || parent.closest(SKIP)) continue;
    const match = RAW.exec(node.nodeValue);
    if (match) {
      const text = node.nodeValue;
      const at = Math.max(0, match.index - 30);
      raw.push(text.slice(at, match.index + 50).replace(/\s+/g, " ").trim());
      if (raw.length >= 10) break;
    }
  }
  let signalled = true;
  if (renderer === "katex" && formulas.length) {
    // The site's math.js marks the body when it has typeset the page.
    signalled = document.body.hasAttribute("data-math-typeset");
  }
  const typesetAt = document.body.getAttribute("data-math-typeset");
  return {
    renderer, formulas: formulas.length, pending, raw, signalled,
    typesetAt: typesetAt === null ? null : Number(typesetAt),
    done: pending === 0 && raw.length === 0 && signalled,
    now: performance.now(),
  };
}
""".replace("__RAW__", RAW_TEX)

IMAGES_STATE_JS = """
async () => {
  const images = Array.from(document.images);
  await Promise.all(images.map((img) => img.complete ? null : new Promise((resolve) => {
    img.addEventListener("load", resolve, { once: true });
    img.addEventListener("error", resolve, { once: true });
  })));
  await document.fonts.ready;
  return images.map((img) => ({
    src: img.getAttribute("src") || "",
    alt: img.getAttribute("alt"),
    width: img.naturalWidth,
    decorative: img.getAttribute("role") === "presentation"
      || img.closest("[aria-hidden=true]") !== null,
  }));
}
"""


class MathNotTypeset(TimeoutError):
    """Formulas left untypeset, or TeX left as text, once the renderer has finished."""


def wait_for_math(page: Any, timeout_ms: float = 15_000) -> dict[str, Any]:
    """Wait until the renderer has typeset every formula on ``page``; return the final state.

    Raises ``MathNotTypeset`` naming what is still raw when the renderer does not finish in time
    or leaves TeX behind (a formula it never saw: a figure caption, a heading in a notebook's
    table of contents, a docstring's :math: role).
    """
    try:
        page.wait_for_function(
            f"(() => {{ const s = ({MATH_STATE_JS})(); return s.signalled && !s.pending; }})()",
            timeout=timeout_ms,
            polling=100,
        )
    except Exception as error:  # playwright's TimeoutError
        unfinished = page.evaluate(MATH_STATE_JS)
        raise MathNotTypeset(f"math not typeset on {page.url}: {unfinished}") from error
    state: dict[str, Any] = page.evaluate(MATH_STATE_JS)
    if not state["done"]:
        raise MathNotTypeset(f"raw TeX left on {page.url}: {state['raw']}")
    return state


class NotDrawn(AssertionError):
    """Blocks of a long page that render-later.js left undrawn."""


def wait_until_drawn(page: Any, timeout_ms: float = 10_000) -> None:
    """Wait until every block the build left for later (class ``xent-later``, see draw_later in
    ``scripts/site/publish.py``) has been drawn; at once on a page with none."""
    try:
        page.wait_for_function(
            "!document.querySelector('.xent-later')", timeout=timeout_ms, polling=50
        )
    except Exception as error:  # playwright's TimeoutError
        left = page.evaluate("document.querySelectorAll('.xent-later').length")
        raise NotDrawn(f"{left} blocks left undrawn on {page.url}") from error


def wait_for_images(page: Any) -> list[dict[str, Any]]:
    """Wait until every image has loaded or failed; return src, alt and natural width of each."""
    return page.evaluate(IMAGES_STATE_JS)  # type: ignore[no-any-return]
