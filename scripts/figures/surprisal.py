"""Figures for the surprisal page."""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from xent_ref import surprisal

from ._style import BLUE, GREY, ORANGE, new_grid

# The page's three examples: a fair coin, one face of a fair die, a one-in-1024 event.
# Each with where its label goes, in points from the marker.
_EXAMPLES = (
    (1 / 2, "coin", (-70, -18)),
    (1 / 6, "die face", (-60, 12)),
    (1 / 1024, "1 in 1024", (8, 4)),
)


def surprisal_curve() -> Figure:
    fig, (lin, log) = new_grid(8.0, 3.8, ncols=2)
    p = np.linspace(1 / 1024, 1.0, 2000)
    for ax, xs in ((lin, p), (log, np.geomspace(1 / 2048, 1.0, 400))):
        ax.plot(xs, surprisal(xs, base=2), color=BLUE, label="bits (log base 2)")
        ax.plot(xs, surprisal(xs), color=ORANGE, linestyle="--", label="nats (natural log)")
        ax.set_xlabel("probability $p(x)$")
        ax.set_ylim(0, 11.5)
    for prob, name, offset in _EXAMPLES:
        bits = float(surprisal(prob, base=2))
        if bits.is_integer():
            text = f"{bits:.0f} bit" + ("" if bits == 1 else "s")
        else:
            text = f"{bits:.3f} bits"
        for ax in (lin, log):
            ax.plot([prob], [bits], "o", color=BLUE, markersize=5)
        log.annotate(
            f"{name}: {text}",
            (prob, bits),
            xytext=offset,
            textcoords="offset points",
            fontsize=10.5,
            color=GREY,
            bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.85, "pad": 1},
        )
    lin.set_xlim(0, 1.0)
    lin.set_ylabel("surprisal $h(x) = -\\log p(x)$")
    lin.set_title("linear probability axis")
    lin.legend(loc="upper right")
    log.set_xscale("log", base=2)
    log.set_xlim(1 / 2048, 1.3)
    log.set_xticks(
        [2.0**-k for k in (10, 8, 6, 4, 2, 0)], ["1/1024", "1/256", "1/64", "1/16", "1/4", "1"]
    )
    log.set_title("log axis: halving $p$ adds one bit")
    return fig


FIGURES = {"surprisal.svg": surprisal_curve}
