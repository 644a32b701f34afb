"""Figure for the negative log-likelihood page: cross-entropy and KL share a minimiser."""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from xent_ref import cross_entropy, entropy, kl_divergence

from ._style import BLUE, GREY, ORANGE, new_figure

# The page's coin: 7 heads in 10 flips.
P_HAT = np.array([0.3, 0.7])


def same_fit() -> Figure:
    fig, ax = new_figure(6.4, 3.6)
    theta = np.linspace(0.02, 0.98, 481)
    models = np.stack([1 - theta, theta], axis=1)
    targets = np.broadcast_to(P_HAT, models.shape)
    ce = np.asarray(cross_entropy(targets, models))
    kl = np.asarray(kl_divergence(targets, models))
    h = float(entropy(P_HAT))

    ax.plot(theta, ce, color=BLUE, label=r"cross-entropy $H(\hat P, Q_\theta)$ = average NLL")
    ax.plot(theta, kl, color=ORANGE, label=r"$\mathrm{KL}(\hat P\,\|\,Q_\theta)$")
    ax.axvline(0.7, color=GREY, linestyle=":", linewidth=1.2)
    ax.text(0.715, 1.1, "both lowest\nat $\\theta = 0.7$", color=GREY, fontsize=9.5)
    # The gap between the curves is the same everywhere: mark it at two places.
    for t in (0.25, 0.7):
        i = int(np.argmin(np.abs(theta - t)))
        ax.annotate(
            "",
            xy=(theta[i], ce[i]),
            xytext=(theta[i], kl[i]),
            arrowprops={
                "arrowstyle": "<->",
                "color": GREY,
                "linewidth": 1.2,
                "shrinkA": 0,
                "shrinkB": 0,
            },
        )
        ax.text(
            theta[i] + 0.012,
            (ce[i] + kl[i]) / 2,
            rf"$H(\hat P)$ = {h:.3f}",
            color=GREY,
            fontsize=9,
            va="center",
        )
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 2.0)
    ax.set_xlabel(r"model's probability of heads $\theta$")
    ax.set_ylabel("nats per flip")
    ax.legend(loc="upper center")
    return fig


FIGURES = {"nll-same-fit.svg": same_fit}
