"""Figures for the KL divergence page: H(P) + KL(P || Q) = H(P, Q), and forward vs reverse KL."""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from xent_ref import cross_entropy, entropy, kl_divergence

from ._style import BLUE, GREY, ORANGE, VERMILION, new_figure

P = (0.10, 0.40, 0.50)
Q = (0.80, 0.15, 0.05)


def decomposition() -> Figure:
    fig, ax = new_figure(6.4, 3.6)
    rows = (("P, scored by Q", P, Q, "P", "Q"), ("Q, scored by P", Q, P, "Q", "P"))
    for i, (_, a, b, na, nb) in enumerate(rows):
        h = float(entropy(a, base=2))
        kl = float(kl_divergence(a, b, base=2))
        ce = float(cross_entropy(a, b, base=2))
        ax.barh(i, h, color=BLUE, height=0.5, label="entropy" if i == 0 else None)
        ax.barh(i, kl, left=h, color=ORANGE, height=0.5, label="KL divergence" if i == 0 else None)
        ax.text(
            h / 2,
            i,
            f"H({na})\n{h:.3f}",
            ha="center",
            va="center",
            color="white",
            fontsize=10,
            fontweight="bold",
        )
        ax.text(
            h + kl / 2,
            i,
            f"KL({na} ‖ {nb})\n{kl:.3f}",
            ha="center",
            va="center",
            color="black",
            fontsize=10,
            fontweight="bold",
        )
        ax.text(
            ce + 0.06, i, f"= H({na}, {nb})\n= {ce:.3f} bits", ha="left", va="center", fontsize=10
        )
    ax.set_yticks([0, 1], [r[0] for r in rows])
    ax.invert_yaxis()
    ax.set_xlim(0, 4.3)
    ax.set_xlabel("bits per event")
    ax.grid(axis="y", visible=False)
    ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncols=2)
    return fig


# Forward versus reverse KL: fit one Gaussian to a two-peaked target on a grid.
X = np.linspace(-8.0, 8.0, 1601)
MEANS = np.arange(-4.0, 4.0001, 0.1)
STDS = np.arange(0.3, 3.0001, 0.05)


def grid_gaussian(mean: float, std: float) -> np.ndarray:
    """A Gaussian density on the grid X, as a probability vector (sums to 1)."""
    w = np.exp(-0.5 * ((X - mean) / std) ** 2)
    return np.asarray(w / w.sum(), dtype=np.float64)


def target() -> np.ndarray:
    return 0.6 * grid_gaussian(-2.0, 0.6) + 0.4 * grid_gaussian(2.0, 0.6)


def best_fits() -> tuple[tuple[float, float], tuple[float, float]]:
    """Grid search over (mean, std): the forward-KL fit and the reverse-KL fit."""
    p = target()
    candidates = [(m, s) for m in MEANS for s in STDS]
    forward = min(candidates, key=lambda c: kl_divergence(p, grid_gaussian(*c)))
    reverse = min(candidates, key=lambda c: kl_divergence(grid_gaussian(*c), p))
    return forward, reverse


def forward_reverse() -> Figure:
    fig, ax = new_figure(7.2, 3.8)
    dx = X[1] - X[0]
    forward, reverse = best_fits()
    ax.fill_between(X, target() / dx, color=GREY, alpha=0.25, linewidth=0)
    ax.plot(X, target() / dx, color="#333333", linewidth=1.5, label="target $P$ (two peaks)")
    ax.plot(
        X,
        grid_gaussian(*forward) / dx,
        color=BLUE,
        label=f"forward: min KL(P ‖ Q), mean {forward[0]:.1f}, std {forward[1]:.2f}",
    )
    ax.plot(
        X,
        grid_gaussian(*reverse) / dx,
        color=VERMILION,
        linestyle="--",
        label=f"reverse: min KL(Q ‖ P), mean {reverse[0]:.1f}, std {reverse[1]:.2f}",
    )
    ax.set_xlim(-7, 7)
    ax.set_ylim(0, 0.8)
    ax.set_xlabel("$x$")
    ax.set_ylabel("density")
    ax.legend(loc="upper right", fontsize=9.5)
    ax.text(
        -6.8,
        0.62,
        "forward covers both peaks\nreverse locks onto one",
        color="#333333",
        fontsize=10,
        va="top",
    )
    return fig


FIGURES = {"kl-decomposition.svg": decomposition, "forward-reverse-kl.svg": forward_reverse}
