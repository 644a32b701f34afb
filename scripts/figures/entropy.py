"""Figures for the entropy page: the worked example's P and Q, and the binary entropy curve."""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from xent_ref import entropy

from ._style import BLUE, GREY, ORANGE, new_figure, new_grid

COLOURS = ("red", "green", "blue")
P = (0.10, 0.40, 0.50)
Q = (0.80, 0.15, 0.05)


def worked_example_bars() -> Figure:
    fig, axes = new_grid(8.0, 3.3, ncols=2, sharey=True)
    for ax, dist, name, colour in ((axes[0], P, "P", BLUE), (axes[1], Q, "Q", ORANGE)):
        bars = ax.bar(COLOURS, dist, color=colour, width=0.6)
        ax.bar_label(bars, labels=[f"{v:.2f}" for v in dist], padding=3)
        ax.set_title(f"{name}:  H({name}) = {entropy(dist, base=2):.3f} bits")
        ax.set_xlabel("event (colour)")
        ax.grid(axis="x", visible=False)
    axes[0].set_ylabel("probability")
    axes[0].set_ylim(0, 1.0)
    return fig


def binary_entropy() -> Figure:
    fig, ax = new_figure(6.4, 3.6)
    p = np.linspace(0.0, 1.0, 501)
    h = entropy(np.stack([p, 1 - p], axis=-1), base=2)
    ax.plot(p, h, color=BLUE)
    for x in (0.1, 0.5):
        y = float(entropy([x, 1 - x], base=2))
        ax.plot([x], [y], "o", color=BLUE, markersize=5)
        ax.annotate(
            f"p = {x}: {y:.3f} bits",
            (x, y),
            xytext=(0, -14) if x == 0.5 else (8, 6),
            textcoords="offset points",
            fontsize=9.5,
            color=GREY,
            ha="center" if x == 0.5 else "left",
            va="top" if x == 0.5 else "bottom",
        )
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1.1)
    ax.set_xlabel("probability of heads, $p$")
    ax.set_ylabel(r"$H_\mathrm{b}(p)$ in bits")
    ax.set_title("zero for a certain outcome, one bit for a fair coin")
    return fig


FIGURES = {"worked-example-bars.svg": worked_example_bars, "binary-entropy.svg": binary_entropy}
