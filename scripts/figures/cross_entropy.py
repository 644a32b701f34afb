"""Figures for the cross-entropy page: the loss against the predicted distribution."""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure
from matplotlib.layout_engine import ConstrainedLayoutEngine

from xent_ref import cross_entropy

from ._style import BLUE, GREY, VERMILION, new_figure

TARGET = (0.0, 1.0)


def cross_entropy_vs_prediction() -> Figure:
    fig, ax = new_figure(6.8, 3.8)
    top = 3.4
    dense = np.linspace(1.0, 0.03, 400)
    ax.plot(
        dense,
        [cross_entropy(TARGET, [1 - p, p]) for p in dense],
        color=BLUE,
        alpha=0.35,
        linewidth=1.5,
    )
    steps = [k / 10 for k in range(10, -1, -1)]
    values = [float(cross_entropy(TARGET, [1 - p, p])) for p in steps]
    finite = [(p, v) for p, v in zip(steps, values, strict=True) if np.isfinite(v)]
    ax.plot(
        *zip(*finite, strict=True),
        "o",
        color=BLUE,
        markersize=6,
        label="prediction $[1 - p,\\ p]$, target $[0, 1]$",
    )
    # The exact opposite prediction (p = 0) costs infinitely many nats: an arrow leaves the top.
    ax.annotate(
        "",
        xy=(0.0, top + 0.4),
        xytext=(0.0, top - 0.02),
        annotation_clip=False,
        arrowprops={
            "arrowstyle": "-|>",
            "color": VERMILION,
            "linewidth": 2.2,
            "mutation_scale": 18,
        },
    )
    ax.text(
        0.085,
        top - 0.3,
        "p = 0, the exact opposite:\ninfinite (off the top)",
        color=VERMILION,
        fontsize=9.5,
        va="center",
        ha="right",
    )
    ax.set_xlim(1.02, -0.02)
    ax.set_ylim(0, top)
    ax.set_xlabel("probability $p$ given to the true class (moving right: a worse prediction)")
    ax.set_ylabel("cross-entropy in nats")
    ax.legend(loc="lower right")
    layout = fig.get_layout_engine()
    if not isinstance(layout, ConstrainedLayoutEngine):  # new_figure's layout="constrained"
        raise TypeError(f"expected the constrained layout, not {layout!r}")
    layout.set(rect=(0, 0, 1, 0.9))  # room above the axes for the arrow
    ax.text(0.62, 0.25, "$-\\ln p$", color=GREY, fontsize=11)
    return fig


FIGURES = {"cross-entropy-vs-prediction.svg": cross_entropy_vs_prediction}
