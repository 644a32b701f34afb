"""Every figure of the site, drawn from code.

Each module ``scripts/figures/<page>.py`` exports ``FIGURES``, a dict from an SVG file name to a
function that returns a matplotlib ``Figure``. ``render_all`` writes them all; the MkDocs hook and
``python -m scripts.figures OUTDIR`` both call it.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from pathlib import Path

import matplotlib.pyplot as plt
from matplotlib.figure import Figure

from ._style import RC

FigureFunction = Callable[[], Figure]


def collect() -> dict[str, FigureFunction]:
    """Return every registered figure, by file name, across all figure modules."""
    figures: dict[str, FigureFunction] = {}
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        for name, function in getattr(module, "FIGURES", {}).items():
            if name in figures:
                raise ValueError(f"figure {name!r} is defined twice (again in {info.name})")
            figures[name] = function
    return figures


def render(function: FigureFunction, path: Path) -> None:
    """Draw one figure and save it as a byte-reproducible SVG."""
    with plt.rc_context(RC):
        fig = function()
        fig.savefig(path, format="svg", metadata={"Date": None})
        plt.close(fig)


def render_all(outdir: Path) -> list[Path]:
    """Render every figure into ``outdir`` and return the written paths."""
    outdir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, function in collect().items():
        path = outdir / name
        render(function, path)
        written.append(path)
    return written
