"""Figure for the mean squared error page: Gaussian NLL against the residual."""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from xent_ref import gaussian_nll

from ._style import BLACK, BLUE, GREEN, ORANGE, new_figure

SIGMAS = ((0.3, BLUE), (1.0, ORANGE), (2.0, GREEN))


def nll_vs_residual() -> Figure:
    fig, ax = new_figure(6.4, 3.8)
    r = np.linspace(-3.0, 3.0, 601)
    for sigma, colour in SIGMAS:
        nll = gaussian_nll(r, np.zeros_like(r), std=sigma, reduction="none")
        ax.plot(r, nll, color=colour, label=rf"Gaussian NLL, $\sigma = {sigma:g}$")
    ax.plot(
        r,
        0.5 * r**2,
        color=BLACK,
        linestyle="--",
        linewidth=1.5,
        label=r"$r^2/2$: half the squared error",
    )
    ax.axhline(0.0, color="#333333", linewidth=0.8)
    ax.set_xlim(-3, 3)
    ax.set_ylim(-0.6, 4.5)
    ax.set_xlabel(r"residual $r = y - \mu$")
    ax.set_ylabel("surprisal of one observation (nats)")
    ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncols=2, fontsize=9)
    return fig


FIGURES = {"gaussian-nll-vs-residual.svg": nll_vs_residual}
