"""Shared look for every figure the build draws.

The palette is Okabe and Ito's colour-blind-safe set. Figures keep a white background so that they
read the same in the site's light and dark modes.
"""

from __future__ import annotations

from typing import Any

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
from cycler import cycler
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.typing import RcKeyType

BLUE = "#0072B2"
ORANGE = "#E69F00"
GREEN = "#009E73"
VERMILION = "#D55E00"
SKY = "#56B4E9"
PURPLE = "#CC79A7"
YELLOW = "#F0E442"
BLACK = "#000000"
GREY = "#6B6B6B"

PALETTE = (BLUE, ORANGE, GREEN, VERMILION, SKY, PURPLE, YELLOW)

RC: dict[RcKeyType, Any] = {
    "figure.facecolor": "white",
    "axes.facecolor": "white",
    "savefig.facecolor": "white",
    "axes.edgecolor": "#333333",
    "axes.labelcolor": "#111111",
    "axes.titlesize": 12,
    "axes.labelsize": 11,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.color": "#dddddd",
    "grid.linewidth": 0.6,
    "xtick.color": "#333333",
    "ytick.color": "#333333",
    "font.size": 10.5,
    # Text stays text in the SVG (svg.fonttype none): lighter than glyph outlines, selectable,
    # and searchable in the PDF. Browsers without DejaVu Sans take the next family listed.
    "font.family": ["DejaVu Sans", "sans-serif"],
    "legend.frameon": False,
    "lines.linewidth": 2.0,
    "svg.fonttype": "none",
    "svg.hashsalt": "xent",
    "axes.prop_cycle": cycler(color=list(PALETTE)),
}


def new_figure(width: float = 6.4, height: float = 3.6) -> tuple[Figure, Axes]:
    """Return ``(fig, ax)``: one set of axes.

    The renderer (``scripts.figures.render``) calls every figure function inside
    ``plt.rc_context(RC)``, so the house style applies to everything drawn.
    """
    fig, ax = plt.subplots(figsize=(width, height), layout="constrained")
    return fig, ax


def new_grid(
    width: float, height: float, nrows: int = 1, ncols: int = 1, **subplot_kw: Any
) -> tuple[Figure, list[Axes]]:
    """Return ``(fig, axes)``: ``nrows`` by ``ncols`` axes, row by row, in the house style."""
    fig, axes = plt.subplots(
        nrows, ncols, figsize=(width, height), layout="constrained", squeeze=False, **subplot_kw
    )
    return fig, list(axes.flat)
