"""Markdown the build generates from code: the tables (and other snippets) that pages include.

Each module ``scripts/tables/<name>.py`` exports ``SNIPPETS``, a dict from a Markdown file name
(``"differences-table.md"``) to a function that returns that file's Markdown text. The MkDocs hook
renders them all into a cache directory that is on pymdownx.snippets' ``base_path``, so a page
includes one with ``--8<-- "differences-table.md"``. ``python -m scripts.tables OUTDIR`` writes
them by hand.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ..site import registry

SnippetFunction = Callable[[], str]


def collect() -> dict[str, SnippetFunction]:
    """Return every registered snippet, by file name, across all snippet modules."""
    snippets: dict[str, SnippetFunction] = registry.collect(
        __name__, __path__, "SNIPPETS", "snippet"
    )
    for name in snippets:
        if not name.endswith(".md") or "/" in name:
            raise ValueError(f"snippet name {name!r} must be a bare file name ending in .md")
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
    return registry.write_all(collect(), render, outdir)
