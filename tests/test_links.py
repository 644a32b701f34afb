"""Every link the build writes resolves, the address comes from XENT_SITE_URL, and 404 works.

- linkchecker (PyPI) reads every HTML page of the built site (notebook pages and raw HTML
  included) and every stylesheet they load, and checks that each ``href`` and ``src`` inside the
  site names a file that exists; links to other hosts are not fetched (the build has no network).
  A site built with its PDF (``XENT_PDF=1``, as ``scripts/test.sh`` builds it) links it from every
  page, and the check covers that link; a site built without it links no PDF at all.
- A site built with ``XENT_SITE_URL`` naming a sub-path names it in its sitemap, canonical links
  and Open Graph addresses; its 404 page, served for a missing address several folders deep as
  static hosts do, is styled and links the real pages, at the root, under the sub-path and from
  file://.
"""

from __future__ import annotations

import csv
import io
import os
import re
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup

from scripts.site import PDF_NAME, ROOT
from scripts.site.browser import Traffic, launch


class _StaticHost(SimpleHTTPRequestHandler):
    """Files from ``directory``; a miss gets ``error_page`` with status 404, as Pages does."""

    error_page: Path

    def __init__(self, *args: Any, error_page: Path, **kwargs: Any) -> None:
        self.error_page = error_page
        super().__init__(*args, **kwargs)

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        if code != 404:
            super().send_error(code, message, explain)
            return
        body = self.error_page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        pass


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # a client that stops reading (linkchecker, a browser) is not a server error


@contextmanager
def static_host(directory: Path, error_page: Path) -> Iterator[str]:
    handler = partial(_StaticHost, directory=str(directory), error_page=error_page)
    server = _QuietServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def linkcheck(site: Path) -> tuple[list[dict[str, str]], set[str]]:
    """The broken links of ``site`` (one row each), served as a host serves it, and the paths
    checked. Served, not read from disk: the 404 page's base element names the root on the host,
    as it must for a page that is served at any depth."""
    pages = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))
    assert pages, f"no HTML in {site}"
    with static_host(site, site / "404.html") as origin:
        result = subprocess.run(
            [
                str(Path(sys.executable).with_name("linkchecker")),
                "--no-status",
                "--no-robots",
                "--verbose",
                "-o",
                "csv",
                *(f"{origin}/{page}" for page in pages),
            ],
            capture_output=True,
            text=True,
            check=False,
        )
    if result.returncode not in (0, 1):  # 1: broken links found; anything else: it failed
        pytest.fail(f"linkchecker failed ({result.returncode}):\n{result.stderr}")
    lines = [line for line in result.stdout.splitlines() if line and not line.startswith("#")]
    # A notebook's plot is a data: URL of up to a few hundred kB, past the csv module's default
    # field limit (128 kB).
    csv.field_size_limit(1 << 30)
    rows = list(csv.DictReader(io.StringIO("\n".join(lines)), delimiter=";"))
    broken = [r for r in rows if r["valid"] != "True"]
    checked = {urlsplit(r["url"]).path.lstrip("/") for r in rows if r["url"].startswith(origin)}
    return broken, checked


def _describe(broken: list[dict[str, str]]) -> str:
    return "\n".join(f"{r['parentname']}: {r['urlname']} -> {r['result']}" for r in broken)


def test_linkcheck_finds_broken_href_and_src(tmp_path: Path) -> None:
    (tmp_path / "ok.css").write_text("body { background: url(missing-in-css.png); }")
    (tmp_path / "real.html").write_text("<p>here</p>")
    (tmp_path / "index.html").write_text(
        '<link rel="stylesheet" href="ok.css"><link rel="icon" href="no-icon.png">'
        '<script src="no-script.js"></script><a href="real.html">ok</a>'
        '<a href="no-page.html">gone</a><img src="no-figure.svg" alt="x">'
        '<img src="data:image/png;base64,iVBORw0KGgo=" alt="inline">'
        '<a href="https://example.invalid/">outside: not fetched</a>'
    )
    broken, _ = linkcheck(tmp_path)
    assert sorted(r["urlname"] for r in broken) == [
        "missing-in-css.png",
        "no-figure.svg",
        "no-icon.png",
        "no-page.html",
        "no-script.js",
    ]


def test_no_broken_link_in_the_built_site(built_site: Path) -> None:
    broken, checked = linkcheck(built_site)
    assert not broken, f"{len(broken)} broken links:\n{_describe(broken)}"
    # Every page, figure and stylesheet was reached, and the files the stylesheets load.
    wanted = {
        p.relative_to(built_site).as_posix()
        for pattern in ("**/*.html", "figures/*.svg", "assets/stylesheets/*.css")
        for p in built_site.glob(pattern)
    }
    assert wanted <= checked, sorted(wanted - checked)[:10]
    assert any(path.endswith(".woff2") for path in checked), "no font reached from the CSS"


def test_pdf_link_only_where_the_pdf_is(built_site: Path) -> None:
    has_pdf = (built_site / PDF_NAME).is_file()
    pages = [p for p in built_site.rglob("*.html") if p.name != "print_page.html"]
    linked = [p for p in pages if f'{PDF_NAME}" type="application/pdf"' in p.read_text("utf-8")]
    if has_pdf:
        assert sorted(linked) == sorted(pages), "pages without the PDF link"
    else:
        assert not linked, f"pages that link a PDF the build did not write: {linked[:3]}"


# --------------------------------------------------------------------------------------------
# A site built for an address under a sub-path, served as a static host serves it
# --------------------------------------------------------------------------------------------
SUB_PATH = "/xent/"


@pytest.fixture(scope="module")
def sub_path_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    """The site built for ``http://127.0.0.1:PORT/xent/`` (no PDF) and served there."""
    host = tmp_path_factory.mktemp("host")
    site = host / SUB_PATH.strip("/")
    with static_host(host, site / "404.html") as origin:
        address = origin + SUB_PATH
        env = dict(os.environ, NO_MKDOCS_2_WARNING="1", XENT_SITE_URL=address)
        env.pop("XENT_PDF", None)
        started = time.perf_counter()
        result = subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "-d", str(site)],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 0, result.stdout + result.stderr
        print(f"sub-path site built in {time.perf_counter() - started:.1f} s")
        yield site, address


def test_site_url_from_the_environment(sub_path_site: tuple[Path, str]) -> None:
    site, address = sub_path_site
    locations = re.findall(r"<loc>([^<]+)</loc>", (site / "sitemap.xml").read_text("utf-8"))
    assert locations and all(loc.startswith(address) for loc in locations), locations[:3]
    assert address + "index.html" in locations
    for page in (site / "index.html", site / "examples" / "index.html"):
        soup = BeautifulSoup(page.read_text("utf-8"), "html.parser")
        rel = page.relative_to(site).as_posix()
        canonical = soup.find("link", rel="canonical")
        assert canonical is not None and canonical["href"] == address + rel
        og_url = soup.find("meta", property="og:url")
        assert og_url is not None and og_url["content"] == address + rel


def test_every_page_has_description_and_open_graph_tags(built_site: Path) -> None:
    for page in built_site.rglob("*.html"):
        soup = BeautifulSoup(page.read_text("utf-8"), "html.parser")
        for name, attribute in [
            ("description", "name"),
            ("og:title", "property"),
            ("og:description", "property"),
            ("og:site_name", "property"),
            ("og:type", "property"),
        ]:
            tag = soup.find("meta", attrs={attribute: name})
            assert tag is not None and str(tag.get("content") or "").strip(), f"{page}: no {name}"
        if page.name != "404.html":
            assert soup.find("meta", property="og:url") is not None, f"{page}: no og:url"


ERROR_PAGE_STATE_JS = """
() => ({
  header: getComputedStyle(document.querySelector(".md-header")).position,
  sheets: [...document.styleSheets].filter((s) => s.href).map((s) => {
    try { return [s.href, s.cssRules.length]; } catch (e) { return [s.href, -1]; }
  }),
  home: document.querySelector(".md-content a[href]").href,
  title: document.querySelector("h1").textContent,
  base: JSON.parse(document.getElementById("__config").textContent).base,
})
"""


def _open_error_page(url: str, origin: str | None) -> dict[str, Any]:
    from playwright.sync_api import sync_playwright

    traffic = Traffic()
    with sync_playwright() as playwright:
        browser = launch(playwright)
        try:
            context = browser.new_context()
            if origin is not None:
                traffic.block_outside(context, origin)
            page = context.new_page()
            failed: list[str] = []
            page.on("requestfailed", lambda request: failed.append(request.url))
            page.goto(url, wait_until="load")
            state: dict[str, Any] = page.evaluate(ERROR_PAGE_STATE_JS)
        finally:
            browser.close()
    state["failed"] = failed
    state["blocked"] = traffic.blocked
    return state


def _assert_styled(state: dict[str, Any], root: str) -> None:
    assert state["title"].startswith("404"), state
    assert state["header"] == "sticky", "Material's stylesheet did not apply"
    sheets = dict(state["sheets"])
    assert any("/assets/stylesheets/main." in href for href in sheets), sheets
    assert all(href.startswith(root) for href in sheets), sheets
    if not root.startswith("file:"):  # a file: page may not read its sheets' rules (-1)
        assert all(rules > 0 for rules in sheets.values()), sheets
    assert state["home"] == root + "index.html", state["home"]
    assert state["base"].rstrip("/") + "/" == root, state["base"]
    # From disk, Chromium's preload scanner first asks for the assets under the page's static
    # base (the root of the host's file system); those misses are outside the site's folder.
    failed = [url for url in state["failed"] if url.startswith(root)]
    assert not failed and not state["blocked"], state


@pytest.mark.parametrize("depth", ["no-such-page.html", "a/b/c/no-such-page.html"])
def test_404_page_under_a_sub_path(sub_path_site: tuple[Path, str], depth: str) -> None:
    _, address = sub_path_site
    state = _open_error_page(address + depth, origin=address.removesuffix(SUB_PATH))
    _assert_styled(state, address)


@pytest.mark.parametrize("depth", ["no-such-page.html", "a/b/no-such-page.html"])
def test_404_page_at_the_root(built_site: Path, depth: str) -> None:
    with static_host(built_site, built_site / "404.html") as origin:
        state = _open_error_page(f"{origin}/{depth}", origin=origin)
    _assert_styled(state, origin + "/")


def test_404_page_from_disk(built_site: Path) -> None:
    error_page = built_site / "404.html"
    state = _open_error_page(error_page.as_uri(), origin=None)
    _assert_styled(state, built_site.as_uri() + "/")


LIGHTBOX_JS = """
() => {
  const open = document.querySelector(".glightbox-container .gslide.current img");
  return open ? { src: open.src, width: open.naturalWidth } : null;
}
"""


@pytest.mark.parametrize(
    ("page_rel", "selector"),
    [("entropy.html", "a.glightbox"), ("examples/least-squares.html", "img.glightbox")],
    ids=["figure", "notebook-plot"],
)
def test_figure_opens_full_size(built_site: Path, page_rel: str, selector: str) -> None:
    from playwright.sync_api import sync_playwright

    traffic = Traffic()
    with static_host(built_site, built_site / "404.html") as origin, sync_playwright() as pw:
        browser = launch(pw)
        try:
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            traffic.block_outside(context, origin)
            page = context.new_page()
            page.goto(f"{origin}/{page_rel}", wait_until="load")
            target = page.locator(selector).first
            expected = target.evaluate("(e) => e.href || e.src")  # resolved, as GLightbox reads it
            target.scroll_into_view_if_needed()
            target.click()
            page.wait_for_selector(".glightbox-container .gslide.current img", timeout=5000)
            page.wait_for_function(f"({LIGHTBOX_JS})()?.width > 0", timeout=5000)
            opened = page.evaluate(LIGHTBOX_JS)
        finally:
            browser.close()
    assert expected and opened["src"] == expected, (expected[:80], opened)
    assert not traffic.blocked, traffic.blocked
