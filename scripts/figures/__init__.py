"""Every figure of the site, drawn from code.

Each module ``scripts/figures/<page>.py`` exports ``FIGURES``, a dict from an SVG file name to a
function that returns a matplotlib ``Figure``. ``render_all`` writes them all; the MkDocs hook and
``python -m scripts.figures OUTDIR`` both call it.
"""

from __future__ import annotations

import io
import re
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


# Matplotlib writes path coordinates with six decimals; a hundredth of a point is finer than any
# screen or printer shows, and the densest curves weigh a third less gzipped with two.
_PATH_DATA = re.compile(r'(\sd=")([^"]*)(")')
_NUMBER = re.compile(r"-?\d+\.\d{3,}")


def _round(match: re.Match[str]) -> str:
    text = f"{float(match[0]):.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def render(function: FigureFunction, path: Path) -> None:
    """Draw one figure and save it as a byte-reproducible SVG."""
    with plt.rc_context(RC):
        fig = function()
        buffer = io.StringIO()
        fig.savefig(buffer, format="svg", metadata={"Date": None})
        plt.close(fig)
    svg = _PATH_DATA.sub(lambda m: m[1] + _NUMBER.sub(_round, m[2]) + m[3], buffer.getvalue())
    path.write_text(svg, encoding="utf-8")


def render_all(outdir: Path) -> list[Path]:
    """Render every figure into ``outdir`` and return the written paths."""
    return registry.write_all(collect(), render, outdir)
