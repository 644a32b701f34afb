"""Every page on a phone (360 and 390 px wide) and on a desktop, measured by bounding boxes.

Each page is loaded once per width in headless Chromium (fonts loaded, so that the typeset math
has its final size), and one script collects:

- elements that reach past the viewport's edges without a scroll container around them (a
  container is an ancestor whose overflow is not visible and which itself fits the viewport);
- equation numbers (KaTeX's ``.katex-tag``) whose box meets a box of their formula;
- content tabs whose labels do not all fit their bar (a label cut off or scrolled out of sight);
- display formulas and tables that scroll sideways without the scroll shadows of extra.css;
- output fences stuck to the code block above them (less than 4 px between the two boxes).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from scripts.site.browser import Traffic, wait_until_drawn

WIDTHS = (360, 390, 1280)
MIN_OUTPUT_GAP_PX = 4.0

LAYOUT_JS = r"""
() => {
  const vw = document.documentElement.clientWidth;
  const slack = 1;  // sub-pixel rounding
  const shown = (el) => {
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && getComputedStyle(el).visibility !== "hidden";
  };
  const name = (el) => {
    let text = el.tagName.toLowerCase();
    if (el.id) text += "#" + el.id;
    if (el.classList.length) text += "." + Array.from(el.classList).slice(0, 2).join(".");
    return text;
  };
  const path = (el) => {
    const parts = [];
    for (let e = el; e && e !== document.body && parts.length < 4; e = e.parentElement) {
      parts.unshift(name(e));
    }
    return parts.join(" > ");
  };
  // Some ancestor that clips or scrolls horizontally and itself fits the viewport.
  const fits = (r) => r.right <= vw + slack && r.left >= -slack;
  const contained = (el) => {
    for (let e = el.parentElement; e && e !== document.documentElement; e = e.parentElement) {
      if (getComputedStyle(e).overflowX !== "visible" && fits(e.getBoundingClientRect())) {
        return true;
      }
    }
    return false;
  };
  // Material's drawer and search sit off-screen until opened; they are not part of the page.
  const offCanvas = (el) =>
    el.closest(".md-sidebar--primary, .md-search, .md-skip, .md-tooltip, .md-tooltip2");

  const wide = [];
  for (const el of document.body.querySelectorAll("*")) {
    if (offCanvas(el) || !shown(el)) continue;
    const r = el.getBoundingClientRect();
    if (fits(r) || contained(el)) continue;
    // Report the outermost offender only: its descendants overflow with it.
    if (wide.length && wide[wide.length - 1].el.contains(el)) continue;
    wide.push({ el, text: `${path(el)}: ${Math.round(r.left)}..${Math.round(r.right)} px` });
  }
  const pageWidth = document.documentElement.scrollWidth;

  const overlaps = [];
  document.querySelectorAll(".katex-display .katex-tag").forEach((tag) => {
    const t = tag.getBoundingClientRect();
    const html = tag.closest(".katex-html");
    html.querySelectorAll(":scope > .katex-base").forEach((base) => {
      const b = base.getBoundingClientRect();
      const w = Math.min(t.right, b.right) - Math.max(t.left, b.left);
      const h = Math.min(t.bottom, b.bottom) - Math.max(t.top, b.top);
      if (w > 0.5 && h > 0.5) {
        const size = `${w.toFixed(1)} x ${h.toFixed(1)} px`;
        overlaps.push(`${tag.textContent.trim()} meets its formula by ${size}`);
      }
    });
  });
  const tags = document.querySelectorAll(".katex-display .katex-tag").length;

  const tabs = [];
  let tabSets = 0;
  document.querySelectorAll(".tabbed-set > .tabbed-labels").forEach((bar) => {
    if (!shown(bar)) return;
    tabSets += 1;
    const b = bar.getBoundingClientRect();
    const cut = Array.from(bar.children).filter((label) => {
      const r = label.getBoundingClientRect();
      return r.left < Math.max(b.left, 0) - slack || r.right > Math.min(b.right, vw) + slack
        || r.width === 0;
    });
    if (cut.length || bar.scrollWidth > bar.clientWidth + slack) {
      tabs.push(`${path(bar)}: ${cut.map((l) => l.textContent.trim()).join(", ") || "scrolls"}`);
    }
  });

  const stuck = [];
  let outputs = 0;
  document.querySelectorAll(".language-output").forEach((out) => {
    const code = out.previousElementSibling;
    if (!code || !code.classList.contains("highlight") || !shown(out) || !shown(code)) return;
    outputs += 1;
    const gap = out.getBoundingClientRect().top - code.getBoundingClientRect().bottom;
    if (gap < __MIN_GAP__) {
      stuck.push(`${path(out)}: ${gap.toFixed(1)} px below its code`);
    }
  });

  // A display formula or table that scrolls shows it: the shadows of extra.css.
  const silent = [];
  let scrolling = 0;
  document.querySelectorAll(".katex-display, .md-typeset__scrollwrap").forEach((box) => {
    if (!shown(box) || box.scrollWidth <= box.clientWidth + slack) return;
    scrolling += 1;
    if (!getComputedStyle(box).backgroundImage.includes("radial-gradient")) {
      silent.push(`${path(box)}: scrolls ${box.scrollWidth - box.clientWidth} px with no cue`);
    }
  });

  return {
    silent, scrolling,
    viewport: vw, pageWidth, wide: wide.map((w) => w.text), overlaps, tags, tabs, tabSets,
    stuck, outputs,
  };
}
""".replace("__MIN_GAP__", str(MIN_OUTPUT_GAP_PX))

LAYOUTS: dict[tuple[str, int], dict[str, Any]] = {}


def measure(browser: Any, base_url: str, rel: str, width: int) -> dict[str, Any]:
    """The layout of page ``rel`` at ``width`` px (measured once per run)."""
    key = (rel, width)
    if key not in LAYOUTS:
        phone = width < 600
        context = browser.new_context(
            viewport={"width": width, "height": 800},
            is_mobile=phone,
            has_touch=phone,
            device_scale_factor=2 if phone else 1,
        )
        try:
            Traffic().block_outside(context, base_url)
            page = context.new_page()
            page.goto(base_url + rel, wait_until="load")
            wait_until_drawn(page)
            page.evaluate("document.fonts.ready.then(() => true)")
            page.wait_for_timeout(100)
            LAYOUTS[key] = page.evaluate(LAYOUT_JS)
        finally:
            context.close()
    return LAYOUTS[key]


@pytest.fixture(params=WIDTHS, ids=[f"{w}px" for w in WIDTHS])
def layout(request: pytest.FixtureRequest, site_page: str, browser: Any, base_url: str) -> Any:
    return measure(browser, base_url, site_page, request.param)


def test_nothing_wider_than_the_viewport_outside_a_scroll_container(layout: Any) -> None:
    assert layout["wide"] == [], f"viewport {layout['viewport']} px"
    assert layout["pageWidth"] <= layout["viewport"], "the page itself scrolls sideways"


def test_no_equation_number_overlaps_its_formula(layout: Any) -> None:
    assert layout["overlaps"] == []


def test_what_scrolls_shows_that_it_scrolls(layout: Any) -> None:
    assert layout["silent"] == []


def test_every_tab_label_in_sight(layout: Any) -> None:
    assert layout["tabs"] == []


def test_output_fences_stand_apart_from_their_code(layout: Any) -> None:
    assert layout["stuck"] == []


@pytest.mark.parametrize(
    ("marker", "counted"),
    [("katex-tag", "tags"), ("tabbed-set", "tabSets"), ("language-output", "outputs")],
)
def test_the_checks_see_what_they_check(
    marker: str, counted: str, built_site: Path, browser: Any, base_url: str
) -> None:
    """On a page whose HTML holds numbered equations (tabs, outputs), the script counts some.

    Guards against a selector that stopped matching (a KaTeX upgrade renaming .katex-tag, say),
    which would let every test above pass on nothing.
    """
    pages = [
        path.relative_to(built_site).as_posix()
        for path in sorted(built_site.rglob("*.html"))
        if path.name != "print_page.html" and f'class="{marker}' in path.read_text("utf-8")
    ]
    assert pages, f"no page of the built site has an element of class {marker}"
    assert measure(browser, base_url, pages[0], 390)[counted] > 0, pages[0]
