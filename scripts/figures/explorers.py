"""Static figures of the explorers' starting states (what print, the PDF and a reader without
JavaScript see in place of each live explorer; see docs/assets/javascripts/explorers/).

Each starting state is the worked example of the page the explorer sits on; every number drawn
is computed here with xent_ref. ``tests/test_explorers.py`` checks that the live explorers start
from the same states.
"""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from xent_ref import (
    binary_cross_entropy,
    cross_entropy,
    entropy,
    kl_divergence,
    softmax,
    sparse_categorical_cross_entropy,
)

from ..explorer_states import (
    FIT_MEAN,
    FIT_STD,
    LABEL,
    LOGITS,
    LOGLOSS_P,
    LOGLOSS_Y,
    TEMPERATURE,
    P,
    Q,
)
from ._style import BLUE, GREY, ORANGE, VERMILION, new_figure, new_grid

OUTCOMES = ("red", "green", "blue")


def belief() -> Figure:
    fig, (bars, stack) = new_grid(6.4, 4.2, nrows=2, gridspec_kw={"height_ratios": [3, 1]})
    x = np.arange(len(P))
    series = ((-0.2, P, BLUE, "P (truth)"), (0.2, Q, ORANGE, "Q (belief)"))
    for offset, values, colour, name in series:
        bars.bar(x + offset, values, width=0.38, color=colour, label=name)
        for xi, v in zip(x + offset, values, strict=True):
            bars.text(xi, v + 0.02, f"{v:.2f}", ha="center", fontsize=9)
    bars.set_xticks(x, OUTCOMES)
    bars.set_ylim(0, 1)
    bars.set_ylabel("probability")
    bars.legend(loc="upper left", ncols=2)
    h = float(entropy(P, base=2))
    kl = float(kl_divergence(P, Q, base=2))
    ce = float(cross_entropy(P, Q, base=2))
    stack.barh(0, h, color=BLUE, height=0.6)
    stack.barh(0, kl, left=h, color=ORANGE, height=0.6)
    stack.text(
        h / 2, 0, f"H(P) {h:.3f}", ha="center", va="center", color="white", fontweight="bold"
    )
    stack.text(h + kl / 2, 0, f"KL(P ‖ Q) {kl:.3f}", ha="center", va="center", fontweight="bold")
    stack.set_xlim(0, ce * 1.02)
    stack.set_yticks([])
    stack.set_xlabel(f"H(P, Q) = {ce:.3f} bits")
    stack.grid(visible=False)
    return fig


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return softmax(np.stack([np.zeros_like(z), z], axis=-1))[..., 1]


def logloss() -> Figure:
    fig, (loss_ax, grad_ax) = new_grid(7.2, 3.2, ncols=2)
    z = np.linspace(-10.0, 10.0, 401)
    y = LOGLOSS_Y
    s = _sigmoid(z)
    ce = binary_cross_entropy(np.full_like(z, y), z, from_logits=True, reduction="none")
    se = (s - y) ** 2
    z0 = float(np.log(LOGLOSS_P) - np.log1p(-LOGLOSS_P))
    s0 = float(_sigmoid(np.array(z0)))
    ce0 = float(binary_cross_entropy(y, z0, from_logits=True))
    points = (
        (loss_ax, ce, se, ce0, (s0 - y) ** 2),
        (grad_ax, s - y, 2 * (s - y) * s * (1 - s), s0 - y, 2 * (s0 - y) * s0 * (1 - s0)),
    )
    for ax, a, b, a0, b0 in points:
        ax.plot(z, a, color=BLUE, label="cross-entropy")
        ax.plot(z, b, color=VERMILION, linestyle="--", label="squared error")
        ax.plot([z0], [a0], "o", color=BLUE, markerfacecolor="white")
        ax.plot([z0], [b0], "o", color=VERMILION, markerfacecolor="white")
        ax.set_xlabel("logit z (true label 1)")
    loss_ax.set_ylim(0, 5)
    loss_ax.set_title(f"loss at z = {z0:.3f}: {ce0:.3f} nats", fontsize=10)
    grad_ax.set_ylim(-1.05, 0.1)
    grad_ax.set_title(rf"gradient at $\sigma(z)$ = {s0:.3f}: {s0 - y:.3f}", fontsize=10)
    loss_ax.legend(loc="upper right", fontsize=9)
    return fig


def softmax_temperature() -> Figure:
    fig, ax = new_figure(6.4, 3.0)
    z = np.array(LOGITS) / TEMPERATURE
    p = softmax(z)
    loss = float(sparse_categorical_cross_entropy([LABEL], [z], from_logits=True))
    colours = [ORANGE if k == LABEL else GREY for k in range(len(z))]
    ax.barh(np.arange(len(z)), p, color=colours, height=0.6)
    for k, pk in enumerate(p):
        ax.text(pk + 0.01, k, f"z = {LOGITS[k]:.0f}: p = {pk:.6f}", va="center", fontsize=9.5)
    ax.set_yticks(np.arange(len(z)), [f"class {k}" for k in range(len(z))])
    ax.invert_yaxis()
    ax.set_xlim(0, 1.25)
    ax.set_xlabel(f"softmax(z / T) at T = {TEMPERATURE:g}; true class {LABEL} (orange)")
    ax.set_title(f"cross-entropy for class {LABEL}: {loss:.6f} nats", fontsize=10)
    ax.grid(axis="y", visible=False)
    return fig


def fit_kl() -> Figure:
    from .kl import X, best_fits, grid_gaussian, target

    fig, ax = new_figure(7.2, 3.6)
    dx = X[1] - X[0]
    p = target()
    q = grid_gaussian(FIT_MEAN, FIT_STD)
    forward, reverse = best_fits()
    ax.fill_between(X, p / dx, color=GREY, alpha=0.25, linewidth=0)
    ax.plot(X, p / dx, color="#333333", linewidth=1.2, label="target P")
    ax.plot(X, grid_gaussian(*forward) / dx, color=BLUE, linestyle=":", label="forward minimiser")
    ax.plot(
        X, grid_gaussian(*reverse) / dx, color=VERMILION, linestyle="--", label="reverse minimiser"
    )
    ax.plot(X, q / dx, color="black", label=f"Q: mean {FIT_MEAN:.1f}, std {FIT_STD:.2f}")
    ax.set_xlim(-7, 7)
    ax.set_ylim(0, 0.8)
    ax.set_xlabel("x")
    ax.set_ylabel("density")
    ax.set_title(
        f"KL(P ‖ Q) = {kl_divergence(p, q):.3f} nats, KL(Q ‖ P) = {kl_divergence(q, p):.3f} nats",
        fontsize=10,
    )
    ax.legend(loc="upper right", fontsize=9)
    return fig


FIGURES = {
    "explorer-belief.svg": belief,
    "explorer-logloss.svg": logloss,
    "explorer-softmax.svg": softmax_temperature,
    "explorer-fitkl.svg": fit_kl,
}
