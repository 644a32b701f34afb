"""Every figure of the site, drawn from code.

Each module ``scripts/figures/<page>.py`` exports ``FIGURES``, a dict from an SVG file name to a
function that returns a matplotlib ``Figure``. ``render_all`` writes them all; the MkDocs hook and
``python -m scripts.figures OUTDIR`` both call it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import matplotlib.pyplot as plt
from matplotlib.figure import Figure

from ..site import registry
from ._style import RC

FigureFunction = Callable[[], Figure]


def collect() -> dict[str, FigureFunction]:
    """Return every registered figure, by file name, across all figure modules."""
    return registry.collect(__name__, __path__, "FIGURES", "figure")


def render(function: FigureFunction, path: Path) -> None:
    """Draw one figure and save it as a byte-reproducible SVG."""
    with plt.rc_context(RC):
        fig = function()
        fig.savefig(path, format="svg", metadata={"Date": None})
        plt.close(fig)


def render_all(outdir: Path) -> list[Path]:
    """Render every figure into ``outdir`` and return the written paths."""
    return registry.write_all(collect(), render, outdir)
