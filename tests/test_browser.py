"""Every page of the built site in headless Chromium (Debian's, driven by Playwright).

The site is served on 127.0.0.1; every request to any other address is refused and recorded. Each
page is loaded once, in a fresh browser context, and everything the tests below assert about it is
collected in that one visit (requests, console, math, images, copy buttons, colour schemes,
axe-core), so the suite stays fast; the page list comes from the built site's sitemap.xml, so a new
page is covered without editing this file. Screenshots of every page in both colour schemes go
to test-artifacts/screenshots/.
"""

from __future__ import annotations

import re
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# Required test dependencies: a missing one must fail the run, not skip it.
import axe_playwright_python.sync_playwright as axe_module
import pytest

from scripts.site import PDF_NAME, ROOT
from scripts.site.browser import (
    NotDrawn,
    Traffic,
    page_file,
    page_slug,
    record_console,
    site_pages,
    source_pages,
    wait_for_images,
    wait_for_math,
    wait_until_drawn,
)

SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"

# Copy buttons of python blocks: Material puts the fence's language on the block's wrapper when
# pymdownx.highlight has pygments_lang_class; the button copies the <code> it targets.
# API signatures (mkdocstrings' .doc-signature) are declarations shown as python, not snippets.
PYTHON_BLOCKS = ", ".join(
    f".md-content div.language-{lang}.highlight:not(.doc-signature)" for lang in ("python", "py")
)
# Something a reader would not type: an interpreter prompt or a doctest continuation.
PROMPT = re.compile(r"^\s*(>>>|\.\.\.\s)", re.MULTILINE)
# An alt text that is only a file name ("figure.svg", "plot_1.png") says nothing.
FILE_NAME = re.compile(r"^[\w.-]+\.(svg|png|jpe?g|gif|webp)$", re.IGNORECASE)
SERIOUS = ("serious", "critical")
AXE = axe_module.Axe()
COLOUR_RULES = ("color-contrast", "link-in-text-block")


@dataclass
class Visit:
    """What one page did and showed, collected in one visit."""

    rel: str
    traffic: Traffic = field(default_factory=Traffic)
    console: list[str] = field(default_factory=list)
    math: dict[str, Any] = field(default_factory=dict)
    math_error: str = ""
    marked: int = 0  # blocks the build left to draw after the load (draw_later), at the load
    drawn_error: str = ""
    images: list[dict[str, Any]] = field(default_factory=list)
    copies: list[tuple[str, str]] = field(default_factory=list)  # (code shown, clipboard)
    schemes: list[str] = field(default_factory=list)
    axe: list[dict[str, Any]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    font_files: list[str] = field(default_factory=list)  # KaTeX font files the page fetched
    layout: dict[str, Any] = field(default_factory=dict)  # its own math fonts; its tables


# The page's own math fonts (scripts/site/hooks.py) and every table of the article: whether it sits
# in exactly one pair of Material's scrolling boxes, and how Material's table style lays it out.
LAYOUT_JS = """
() => ({
  ownFonts: document.querySelectorAll("script#xent-math-fonts").length,
  loadedFaces: Array.from(document.fonts).filter((f) => f.status === "loaded").length,
  formulas: document.querySelectorAll(".katex").length,
  tables: Array.from(document.querySelectorAll(".md-content table:not(.xent-table)")).map((t) => {
    const inner = t.parentElement, outer = inner && inner.parentElement;
    const rem = parseFloat(getComputedStyle(document.documentElement).fontSize);
    return {
      className: t.className,
      boxed: !!(inner && inner.matches(".md-typeset__table") && outer
        && outer.matches(".md-typeset__scrollwrap")
        && !(outer.parentElement && outer.parentElement.closest(".md-typeset__scrollwrap"))),
      // Material's table rules: a solid border and corners of .1rem.
      border: getComputedStyle(t).borderTopStyle,
      radius: parseFloat(getComputedStyle(t).borderTopLeftRadius) / rem,
      text: t.textContent.trim().slice(0, 60),
    };
  }),
})
"""


VISITS: dict[str, Visit] = {}


def _scheme(page: Any) -> str:
    return str(page.evaluate("document.body.getAttribute('data-md-color-scheme')"))


def _toggle_scheme(page: Any) -> str:
    """Click the visible palette toggle; return the scheme it switched to."""
    before = _scheme(page)
    page.locator("label.md-header__button[for^='__palette_']:visible").first.click()
    page.wait_for_function(
        f"document.body.getAttribute('data-md-color-scheme') !== {before!r}", timeout=5000
    )
    page.wait_for_timeout(300)  # Material fades colours over 250 ms
    return _scheme(page)


def _axe(page: Any, scheme: str) -> list[dict[str, Any]]:
    """axe-core's violations on the page as it is now shown, in short form.

    In light mode every rule runs; in dark mode only the rules whose outcome depends on colour
    (the markup, names, roles and landmarks are the same in both schemes, and axe's full run
    costs seconds per page on a long page of typeset math).
    """
    options: dict[str, Any] = {"resultTypes": ["violations"]}
    if scheme == "dark":
        options["runOnly"] = {"type": "rule", "values": list(COLOUR_RULES)}
    return [
        {
            "scheme": scheme,
            "id": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "nodes": [n["target"] for n in v["nodes"]][:5],
        }
        for v in AXE.run(page, options=options).response["violations"]
    ]


def _copy_python_blocks(page: Any) -> list[tuple[str, str]]:
    copies = []
    blocks = page.locator(PYTHON_BLOCKS)
    for index in range(blocks.count()):
        block = blocks.nth(index)
        # A block inside a closed content tab or collapsed details is not clickable: open it.
        block.evaluate(
            """(el) => {
              for (let d = el.closest('details'); d; d = d.parentElement.closest('details'))
                d.open = true;
              const tab = el.closest('.tabbed-block');
              if (tab) {
                const set = tab.closest('.tabbed-set');
                const i = Array.from(tab.parentElement.children).indexOf(tab);
                set.querySelectorAll(':scope > input')[i].click();
              }
            }"""
        )
        shown = block.locator("code").first.inner_text()
        # The theme adds a block's copy button when the block scrolls into view (content.lazy).
        block.scroll_into_view_if_needed()
        page.evaluate("navigator.clipboard.writeText('')")
        block.locator("button[data-md-type='copy'], button.md-clipboard").first.click()
        copies.append((shown, page.evaluate("navigator.clipboard.readText()")))
    return copies


def visit(browser: Any, base_url: str, rel: str) -> Visit:
    """Load ``rel`` once and collect everything the tests check; cached per page."""
    if rel in VISITS:
        return VISITS[rel]
    result = Visit(rel)
    VISITS[rel] = result
    context = browser.new_context(
        color_scheme="light", viewport={"width": 1280, "height": 900}, base_url=base_url
    )
    try:
        context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base_url)
        result.traffic.block_outside(context, base_url)
        page = context.new_page()
        record_console(page, result.console)
        page.on(
            "request",
            lambda req: (
                result.font_files.append(req.url) if "/vendor/katex/fonts/" in req.url else None
            ),
        )
        page.on(
            "requestfailed",
            lambda req: result.traffic.failed.append(f"{req.url} ({req.failure})"),
        )
        page.on(
            "response",
            lambda res: (
                result.traffic.failed.append(f"{res.url} (HTTP {res.status})")
                if res.status >= 400
                else None
            ),
        )
        page.goto(base_url + rel, wait_until="load")
        result.marked = page.evaluate("document.querySelectorAll('[data-xent-batch]').length")
        try:
            wait_until_drawn(page)
        except NotDrawn as error:
            result.drawn_error = str(error)
        try:
            result.math = wait_for_math(page, timeout_ms=10_000)
        except TimeoutError as error:
            result.math_error = str(error)
        result.images = wait_for_images(page)
        result.layout = page.evaluate(LAYOUT_JS)
        slug = page_slug(rel)
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        for name in ("light", "dark"):
            if name == "dark":
                result.schemes.append(_toggle_scheme(page))
            else:
                result.schemes.append(_scheme(page))
            result.axe += _axe(page, name)
            page.screenshot(path=SCREENSHOTS / f"{slug}.{name}.png", full_page=True)
        result.schemes.append(_toggle_scheme(page))
        result.copies = _copy_python_blocks(page)
    except Exception as error:  # recorded, and reported by test_page_visit_completes
        result.errors.append(f"{type(error).__name__}: {error}")
    finally:
        context.close()
    return result


@pytest.fixture
def page_visit(site_page: str, browser: Any, base_url: str) -> Visit:
    return visit(browser, base_url, site_page)


# --------------------------------------------------------------------------------------------
# Every page
# --------------------------------------------------------------------------------------------
def test_page_visit_completes(page_visit: Visit) -> None:
    assert page_visit.errors == []


def test_no_request_to_another_host(page_visit: Visit) -> None:
    assert page_visit.traffic.blocked == []


def test_no_failed_request(page_visit: Visit) -> None:
    failed = [
        url
        for url in page_visit.traffic.failed
        if url.split(" ")[0] not in page_visit.traffic.blocked
    ]
    assert failed == []


def test_no_console_error_or_warning(page_visit: Visit) -> None:
    assert page_visit.console == []


def test_every_formula_typeset(page_visit: Visit) -> None:
    assert page_visit.math_error == ""
    assert page_visit.math["pending"] == 0
    assert page_visit.math["raw"] == []


def test_blocks_left_for_later_are_all_drawn(page_visit: Visit, built_site: Path) -> None:
    """The blocks of a long page that the build leaves for later (draw_later) are in the page,
    and all drawn soon after it has loaded, before the checks that follow look at the page."""
    html = page_file(built_site, page_visit.rel).read_text(encoding="utf-8")
    assert page_visit.marked == html.count(' data-xent-batch="')
    assert page_visit.drawn_error == ""


def test_formulas_draw_with_the_page_s_own_fonts(page_visit: Visit) -> None:
    """A page with formulas holds its KaTeX faces (a fetched one would lay its text out twice),
    and they hold every glyph drawn, in both colour schemes: no font file is fetched."""
    if page_visit.layout["formulas"] == 0:
        assert page_visit.layout["ownFonts"] == 0
        pytest.skip("no formula on this page")
    assert page_visit.layout["ownFonts"] == 1
    assert page_visit.layout["loadedFaces"] >= 1
    assert page_visit.font_files == []


def test_tables_come_in_their_scrolling_boxes(page_visit: Visit) -> None:
    """The build wrote each table's boxes, so Material's script moved none (a table moved out of
    the page and back is styled and laid out again), and Material's table style still holds."""
    tables = page_visit.layout["tables"]
    if not tables:
        pytest.skip("no table on this page")
    for table in tables:
        assert table["className"] == "xent-md-table", table
        assert table["boxed"], table
        assert table["border"] == "solid", table
        assert table["radius"] == pytest.approx(0.1), table


def test_every_image_loads_with_meaningful_alt(page_visit: Visit) -> None:
    broken = [img["src"][:100] for img in page_visit.images if img["width"] == 0]
    assert broken == [], "images that did not load"
    for img in page_visit.images:
        if img["decorative"]:
            continue
        alt = (img["alt"] or "").strip()
        where = img["src"][:100]
        assert alt, f"{where}: no alt text"
        assert not FILE_NAME.match(alt), f"{where}: alt text is a file name ({alt!r})"
        assert len(alt.split()) >= 3, f"{where}: alt text too short to say anything ({alt!r})"


def test_color_scheme_toggle_flips(page_visit: Visit) -> None:
    assert page_visit.schemes == ["default", "slate", "default"]
    slug = page_slug(page_visit.rel)
    for scheme in ("light", "dark"):
        shot = SCREENSHOTS / f"{slug}.{scheme}.png"
        assert shot.is_file() and shot.stat().st_size > 10_000


def test_copy_button_copies_runnable_code(page_visit: Visit) -> None:
    if not page_visit.copies:
        pytest.skip("no python code block on this page")
    for shown, copied in page_visit.copies:
        assert copied.strip() == shown.strip(), "the copy differs from the code shown"
        assert not PROMPT.search(copied), f"prompt in copied code:\n{copied}"
        compile(copied, f"<copied from {page_visit.rel}>", "exec")


def test_no_serious_accessibility_violation(page_visit: Visit) -> None:
    serious = [v for v in page_visit.axe if v["impact"] in SERIOUS]
    assert serious == [], "\n".join(
        f"{v['scheme']}: {v['impact']} {v['id']} ({v['help']}): {v['nodes']}" for v in serious
    )


# --------------------------------------------------------------------------------------------
# The site as a whole
# --------------------------------------------------------------------------------------------
def _nav_pages() -> list[str]:
    """The files the nav of mkdocs.yml lists (its last section), as ``site_pages`` names them."""
    nav = (ROOT / "mkdocs.yml").read_text(encoding="utf-8").split("\nnav:\n", 1)[1]
    files = re.findall(r"^\s*-\s+(?:.*?:\s+)?([\w./-]+\.(?:md|ipynb))\s*$", nav, re.MULTILINE)
    html = [str(Path(f).with_suffix(".html").as_posix()) for f in files]
    return ["" if h == "index.html" else h for h in html]


def test_sitemap_lists_the_nav_and_every_page_file(built_site: Path) -> None:
    nav = _nav_pages()
    assert len(nav) == len(set(nav)) >= 20, nav
    assert sorted(nav) == source_pages(ROOT / "docs"), "the nav and the files under docs/ differ"
    listed = site_pages(built_site)
    assert sorted(listed) == sorted(nav), "sitemap.xml and the nav list different pages"
    missing = [rel for rel in listed if not page_file(built_site, rel).is_file()]
    assert missing == []


def test_python_blocks_carry_their_language(built_site: Path) -> None:
    """The copy test above finds python blocks by language class; it must not find nothing."""
    language = re.compile(r'class="language-py(?:thon)? highlight"')
    marked = sum(
        len(language.findall(page_file(built_site, rel).read_text()))
        for rel in site_pages(built_site)
    )
    fenced = sum(
        len(re.findall(r"^\s*```\s*(?:\{\s*\.)?python", path.read_text(), re.MULTILINE))
        for path in (ROOT / "docs").rglob("*.md")
    )
    assert fenced == 0 or marked > 0, (
        f"{fenced} python fences under docs/ but no block marked language-python in the site: "
        "set pygments_lang_class: true under pymdownx.highlight in mkdocs.yml"
    )


def test_every_page_links_to_the_pdf(built_site: Path) -> None:
    # Only a complete build (XENT_PDF=1, as scripts/test.sh builds it) writes and links the PDF;
    # tests/test_links.py checks that a build without it links none.
    if not (built_site / PDF_NAME).is_file():
        pytest.skip("a site built without XENT_PDF=1 has no PDF to link")
    for rel in site_pages(built_site):
        html = page_file(built_site, rel).read_text()
        assert re.search(r'href="(?:\.\./)*\.?/?xent\.pdf"', html), rel


def _search(browser: Any, url: str, blocked: list[str]) -> list[str]:
    """Type a query into Material's search box at ``url``; return the result titles."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        # Any http(s) request from a file:// page leaves the machine: refuse and record it.
        def refuse(route: Any) -> None:
            request_url = route.request.url
            if request_url.startswith(("file:", "data:", "blob:")) or "127.0.0.1" in request_url:
                route.continue_()
            else:
                blocked.append(request_url)
                route.abort("blockedbyclient")

        context.route("**/*", refuse)
        page = context.new_page()
        page.goto(url, wait_until="load")
        box = page.locator("input.md-search__input")
        box.click(timeout=5000)
        box.press_sequentially("entropy", delay=30)
        items = page.locator(".md-search-result__item")
        items.first.wait_for(state="visible", timeout=10_000)
        return [t.strip() for t in items.all_inner_texts()]
    finally:
        context.close()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_search_works_from_python_http_server(browser: Any, built_site: Path) -> None:
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1"],
        cwd=built_site,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.1).close()
                break
            except OSError:
                time.sleep(0.05)
        blocked: list[str] = []
        results = _search(browser, f"http://127.0.0.1:{port}/", blocked)
        assert results, "no search results"
        assert blocked == []
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_search_works_from_file_url(browser: Any, built_site: Path) -> None:
    blocked: list[str] = []
    results = _search(browser, (built_site / "index.html").as_uri(), blocked)
    assert results, "no search results"
    assert blocked == []


# --------------------------------------------------------------------------------------------
# Scrolling boxes and the keyboard (scroll-focus.js)
# --------------------------------------------------------------------------------------------
BOXES_JS = r"""
() => Array.from(document.querySelectorAll(".md-typeset .katex-display, .md-typeset pre > code"))
  .map((box) => ({
    text: box.textContent.slice(0, 40),
    formula: box.classList.contains("katex-display"),
    folded: box.closest("details:not([open])") !== null,
    hidden: !box.checkVisibility(),
    scrolls: box.scrollWidth > box.clientWidth + 1,
    focusable: box.getAttribute("tabindex") === "0",
  }))
"""


def test_scrolling_boxes_are_in_the_tab_order_folded_ones_too(browser: Any, base_url: str) -> None:
    """On the NLL page at 390 px, a formula is in the tab order exactly when it scrolls sideways,
    and a code block at least then; a box in a folded derivation, which cannot be measured, is in
    it until the derivation opens, and then it is measured like the others."""
    context = browser.new_context(viewport={"width": 390, "height": 800})
    try:
        page = context.new_page()
        page.goto(base_url + "nll.html", wait_until="load")
        # Most of the page's boxes are in blocks drawn after the load (draw_later): each is
        # measured once its batch is drawn.
        assert page.evaluate("document.querySelectorAll('.xent-later pre > code').length") > 5
        wait_until_drawn(page)
        page.wait_for_timeout(300)

        def wrong(boxes: list[dict[str, Any]]) -> list[str]:
            return [
                box["text"]
                for box in boxes
                if not box["hidden"]
                and (
                    (box["formula"] and box["focusable"] != box["scrolls"])
                    or (box["scrolls"] and not box["focusable"])
                )
            ]

        boxes = page.evaluate(BOXES_JS)
        folded = [box for box in boxes if box["folded"]]
        assert len(folded) > 5, "no folded derivation with a formula: the check sees nothing"
        assert any(box["scrolls"] for box in boxes), "nothing scrolls at 390 px: no check"
        assert [box["text"] for box in folded if not box["focusable"]] == []
        assert wrong(boxes) == []
        page.evaluate("document.querySelectorAll('details').forEach((d) => { d.open = true; })")
        page.wait_for_timeout(400)
        boxes = page.evaluate(BOXES_JS)
        assert not any(box["folded"] for box in boxes)
        assert not all(box["focusable"] for box in boxes), "opened boxes were never measured"
        assert wrong(boxes) == []
    finally:
        context.close()


# --------------------------------------------------------------------------------------------
# Long pages drawn in steps (draw_later, render-later.js)
# --------------------------------------------------------------------------------------------
def test_a_link_into_a_long_page_lands_on_its_heading(browser: Any, base_url: str) -> None:
    """A link to a heading far down the NLL page, in the part left for later, shows that heading
    at the top of the window once the page is drawn whole, at a phone's width and a desktop's:
    the blocks drawn above it, larger than the places they held, do not push it away."""
    heading = "could-kl-divergence-be-the-training-loss"
    for width, height in ((390, 800), (1280, 900)):
        context = browser.new_context(viewport={"width": width, "height": height})
        try:
            page = context.new_page()
            page.goto(f"{base_url}nll.html#{heading}", wait_until="load")
            assert page.evaluate("document.querySelectorAll('.xent-later').length") > 20
            wait_until_drawn(page)
            page.wait_for_timeout(300)
            top, header = page.evaluate(
                f"[document.getElementById('{heading}').getBoundingClientRect().top,"
                " document.querySelector('.md-header').getBoundingClientRect().bottom]"
            )
        finally:
            context.close()
        assert header - 2 <= top <= header + 60, (width, top, header)


# --------------------------------------------------------------------------------------------
# Switching palettes (palette-switch.js)
# --------------------------------------------------------------------------------------------
# Right after the toggle is clicked, and again once the switch is over: the body's classes and
# Material's transition on a link of the article (color 125 ms).
SWITCH_JS = """
async () => {
  const link = document.querySelector(".md-content .md-typeset a[href]");
  const state = () => ({
    switching: document.body.classList.contains("xent-palette-switching"),
    attribute: document.body.hasAttribute("data-md-color-switching"),
    duration: getComputedStyle(link).transitionDuration,
    scheme: document.body.getAttribute("data-md-color-scheme"),
    meta: Array.from(document.querySelectorAll("meta[name=color-scheme]")).map((m) => m.content),
  });
  const loaded = state();
  document.querySelector("label.md-header__button[for^='__palette_']:not([hidden])").click();
  const during = state();
  await new Promise((resolve) => setTimeout(resolve, 300));
  return { loaded, during, after: state() };
}
"""


def test_palette_switch_turns_transitions_off_only_while_switching(
    browser: Any, base_url: str, built_site: Path
) -> None:
    """Every colour changes at once when the reader switches palettes, as the theme intends; but
    the rule that turns transitions off no longer hangs on the attribute the theme sets at every
    page load (adding and removing it restyled the whole page twice)."""
    palettes = list((built_site / "assets" / "stylesheets").glob("palette.*.min.css"))
    assert len(palettes) == 1
    css = palettes[0].read_text(encoding="utf-8")
    assert "[data-md-color-switching]" not in css
    assert "body.xent-palette-switching *" in css
    context = browser.new_context(color_scheme="light", viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        page.goto(base_url + "entropy.html", wait_until="load")
        page.wait_for_timeout(300)
        state = page.evaluate(SWITCH_JS)
    finally:
        context.close()
    loaded, during, after = state["loaded"], state["during"], state["after"]
    assert not loaded["switching"] and not loaded["attribute"]
    assert "0.125s" in loaded["duration"].split(", ")  # Material's colour transition, at rest
    assert during["switching"] and during["scheme"] == "slate"
    assert set(during["duration"].split(", ")) == {"0s"}
    assert not after["switching"] and not after["attribute"] and after["scheme"] == "slate"
    assert after["duration"] == loaded["duration"]
    # One color-scheme meta element, from the head, following the palette.
    assert loaded["meta"] == ["normal"] and after["meta"] == ["dark"]


def test_color_scheme_meta_follows_the_system_preference(browser: Any, base_url: str) -> None:
    """With no palette chosen yet, the palette and the page's color-scheme follow the system's
    preference from the first style on (the head sets the meta element, the theme never adds
    one)."""
    for preference, scheme, meta in (("dark", "slate", "dark"), ("light", "default", "normal")):
        context = browser.new_context(color_scheme=preference)
        try:
            page = context.new_page()
            page.goto(base_url + "entropy.html", wait_until="load")
            state = page.evaluate(
                "() => [document.body.getAttribute('data-md-color-scheme'), Array.from("
                "document.querySelectorAll('meta[name=color-scheme]')).map((m) => m.content)]"
            )
        finally:
            context.close()
        assert state == [scheme, [meta]], preference
