"""Figure for the practice page: gradient with respect to the logit, cross-entropy versus MSE."""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from xent_ref import softmax

from ._style import BLUE, GREY, VERMILION, new_figure


def sigmoid_gradients() -> Figure:
    fig, ax = new_figure(6.4, 3.6)
    z = np.linspace(-10.0, 10.0, 801)
    # sigma(z) as the class-1 entry of a two-class softmax over logits (0, z).
    s = softmax(np.stack([np.zeros_like(z), z], axis=1))[:, 1]
    y = 1.0
    ce = np.abs(s - y)
    mse = np.abs(2 * (s - y) * s * (1 - s))
    ax.plot(z, ce, color=BLUE, label=r"cross-entropy: $|\sigma(z) - 1|$")
    ax.plot(
        z,
        mse,
        color=VERMILION,
        label=r"squared error: $|2(\sigma(z) - 1)\,\sigma(z)(1 - \sigma(z))|$",
    )
    ax.axvline(0.0, color=GREY, linestyle=":", linewidth=1.2)
    ax.text(-9.6, 0.55, "wrong side:\npredicts class 0", color=GREY, fontsize=9.5)
    ax.text(5.0, 0.55, "right side:\npredicts class 1", color=GREY, fontsize=9.5)
    ax.set_xlim(-10, 10)
    ax.set_ylim(0, 1.05)
    ax.set_xlabel(r"logit $z$ (true label 1)")
    ax.set_ylabel(r"gradient magnitude $|\partial \ell / \partial z|$")
    ax.legend(loc="upper right", fontsize=9)
    return fig


FIGURES = {"sigmoid-gradients.svg": sigmoid_gradients}
