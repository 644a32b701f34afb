"""Figures: each renders to valid, reproducible SVG; pages and registry agree; each is described.

The figure functions live in ``scripts/figures/<page>.py`` (CONTRIBUTING.md, "Figures"). Pages
refer to them as ``figures/<name>.svg``; the built pages are checked for alt text and captions.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from scripts.figures import collect, render
from scripts.site.render_cache import CachedRender

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
FIGURES = collect()
_REFERENCE = re.compile(r"figures/([A-Za-z0-9_.-]+\.svg)")


def referenced_figures() -> dict[str, list[str]]:
    """Figure file names referenced from docs/ (pages and notebooks) and from the generated tables
    the pages include (rendered through the build's cache), with where."""
    tables = sorted(CachedRender("tables").wait().glob("*.md"))
    found: dict[str, list[str]] = {}
    for path in sorted([*DOCS.rglob("*.md"), *DOCS.rglob("*.ipynb")]) + tables:
        where = path.relative_to(ROOT).as_posix() if path.is_relative_to(DOCS) else path.name
        for name in _REFERENCE.findall(path.read_text(encoding="utf-8")):
            found.setdefault(name, []).append(where)
    return found


def test_figures_are_registered() -> None:
    assert FIGURES, "scripts/figures registers no figure"


@pytest.mark.parametrize("name", sorted(FIGURES))
def test_figure_renders_to_valid_reproducible_svg(name: str, tmp_path: Path) -> None:
    first, second = tmp_path / "first.svg", tmp_path / "second.svg"
    render(FIGURES[name], first)
    render(FIGURES[name], second)
    root = ET.parse(first).getroot()
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert float(root.get("width", "0").rstrip("pt")) > 0
    assert first.read_bytes() == second.read_bytes(), "two renders differ: not reproducible"
    text = first.read_text(encoding="utf-8")
    assert "<dc:date>" not in text, "the SVG records a date"


def test_every_referenced_figure_is_registered() -> None:
    unknown = {n: where for n, where in referenced_figures().items() if n not in FIGURES}
    assert not unknown, f"pages refer to figures no function draws: {unknown}"


def test_every_registered_figure_is_used() -> None:
    unused = sorted(set(FIGURES) - set(referenced_figures()))
    assert not unused, f"figures drawn but used by no page: {unused}"


def test_every_figure_in_the_site_has_alt_text_and_a_caption(built_site: Path) -> None:
    problems = []
    for page in sorted(built_site.rglob("*.html")):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for img in soup.find_all("img"):
            src = str(img.get("src") or "")
            match = _REFERENCE.search(src)
            if match is None:
                continue
            where = f"{page.relative_to(built_site)}: {match[1]}"
            alt = str(img.get("alt") or "").strip()
            if len(alt.split()) < 3 or alt.lower().endswith(".svg"):
                problems.append(f"{where}: alt text {alt!r} does not say what to see")
            figure = img.find_parent("figure")
            caption = figure.find("figcaption") if figure is not None else None
            if caption is None or not caption.get_text(strip=True):
                problems.append(f"{where}: not in a <figure> with a non-empty <figcaption>")
    assert not problems, "\n".join(problems)
