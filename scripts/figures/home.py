"""Figures for the home page: the concept map of the site."""

from __future__ import annotations

from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

from ._style import BLUE, GREEN, GREY, ORANGE, VERMILION, new_figure

# Each box: centre (x, y) in axis units, width, title, second line, edge colour.
_H = 1.2
_BOXES = {
    "surprisal": (1.45, 4.6, 2.7, "Surprisal", r"$h(x) = -\log p(x)$", BLUE),
    "entropy": (5.05, 4.6, 2.7, "Entropy", r"$H(P)$", BLUE),
    "cross": (8.65, 4.6, 2.7, "Cross-entropy", r"$H(P, Q)$", VERMILION),
    "kl": (12.25, 4.6, 2.7, "KL divergence", r"$\mathrm{KL}(P \,\|\, Q)$", BLUE),
    "nll": (8.65, 2.35, 4.1, "Negative log-likelihood", r"mean of $-\log q(y_i)$", GREEN),
    "logloss": (4.6, 0.65, 3.5, "Log loss", "binary and categorical", ORANGE),
    "mse": (11.95, 0.65, 3.45, "Mean squared error", r"mean of $(y_i - \hat{y}_i)^2$", ORANGE),
}


def _box(ax: Axes, key: str) -> None:
    x, y, w, title, second, colour = _BOXES[key]
    ax.add_patch(
        FancyBboxPatch(
            (x - w / 2, y - _H / 2),
            w,
            _H,
            boxstyle="round,pad=0.02,rounding_size=0.15",
            facecolor="white",
            edgecolor=colour,
            linewidth=2.2,
        )
    )
    ax.text(x, y + 0.22, title, ha="center", va="center", fontsize=13.5, fontweight="bold")
    ax.text(x, y - 0.25, second, ha="center", va="center", fontsize=12, color="#222222")


def _side(key: str, where: str, shift: float = 0.0) -> tuple[float, float]:
    """A point on the edge of a box: 'left', 'right', 'top' or 'bottom' (shifted along it)."""
    x, y, w = _BOXES[key][:3]
    return {
        "left": (x - w / 2, y + shift),
        "right": (x + w / 2, y + shift),
        "top": (x + shift, y + _H / 2),
        "bottom": (x + shift, y - _H / 2),
    }[where]


def _arrow(ax: Axes, start: tuple[float, float], end: tuple[float, float]) -> None:
    ax.add_patch(
        FancyArrowPatch(
            start,
            end,
            arrowstyle="-|>",
            mutation_scale=16,
            linewidth=1.6,
            color="#333333",
            shrinkA=0,
            shrinkB=0,
        )
    )


def _label(ax: Axes, x: float, y: float, text: str) -> None:
    ax.text(x, y, text, ha="center", va="center", fontsize=11, color=GREY, linespacing=1.15)


def concept_map() -> Figure:
    fig, ax = new_figure(9.6, 4.4)
    ax.set_xlim(-0.05, 13.75)
    ax.set_ylim(-0.05, 5.75)
    ax.axis("off")
    for key in _BOXES:
        _box(ax, key)
    for left, right in (("surprisal", "entropy"), ("entropy", "cross"), ("cross", "kl")):
        _arrow(ax, _side(left, "right"), _side(right, "left"))
    _label(ax, 3.25, 5.38, "average under P")
    _label(ax, 6.85, 5.38, r"average $-\log q$ under P")
    _label(ax, 10.45, 5.38, r"subtract $H(P)$")
    _arrow(ax, _side("cross", "bottom"), _side("nll", "top"))
    _label(ax, 10.85, 3.45, "P = the data's\nempirical distribution")
    _arrow(ax, _side("nll", "bottom", -0.9), _side("logloss", "top", 0.6))
    _arrow(ax, _side("nll", "bottom", 0.9), _side("mse", "top", -0.6))
    _label(ax, 5.0, 1.75, "Q = Bernoulli or\ncategorical model")
    _label(ax, 12.35, 1.75, "Q = Gaussian model\n(fixed variance)")
    return fig


FIGURES = {"concept-map.svg": concept_map}
