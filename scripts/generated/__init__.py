"""Markdown the build generates from code: tables and other snippets that pages include.

Each module ``scripts/generated/<name>.py`` exports ``SNIPPETS``, a dict from a Markdown file name
(``"differences-table.md"``) to a function that returns that file's Markdown text. The MkDocs hook
renders them all into a cache directory that is on pymdownx.snippets' ``base_path``, so a page
includes one with ``--8<-- "differences-table.md"``. ``python -m scripts.generated OUTDIR`` writes
them by hand.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from pathlib import Path

SnippetFunction = Callable[[], str]


def collect() -> dict[str, SnippetFunction]:
    """Return every registered snippet, by file name, across all snippet modules."""
    snippets: dict[str, SnippetFunction] = {}
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        for name, function in getattr(module, "SNIPPETS", {}).items():
            if name in snippets:
                raise ValueError(f"snippet {name!r} is defined twice (again in {info.name})")
            if not name.endswith(".md") or "/" in name:
                raise ValueError(f"snippet name {name!r} must be a bare file name ending in .md")
            snippets[name] = function
    return snippets


def render(function: SnippetFunction, path: Path) -> None:
    """Call one snippet function and write its Markdown, ending in exactly one newline."""
    text = function()
    if not isinstance(text, str):
        raise TypeError(
            f"{path.name}: the snippet function returned {type(text).__name__}, not str"
        )
    path.write_text(text.rstrip("\n") + "\n", encoding="utf-8")


def render_all(outdir: Path) -> list[Path]:
    """Render every snippet into ``outdir`` and return the written paths."""
    outdir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, function in collect().items():
        path = outdir / name
        render(function, path)
        written.append(path)
    return written
