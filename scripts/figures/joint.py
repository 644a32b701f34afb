"""Figures for the mutual information page: the two-variable diagram, and why three mislead."""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure
from matplotlib.patches import Circle

from xent_ref import conditional_entropy, entropy, mutual_information

from ._style import BLUE, ORANGE, VERMILION, new_grid

# The page's example: X = a cloudy morning, Y = rain in the afternoon.
WEATHER = np.array([[0.4, 0.1], [0.1, 0.4]])


def _xor_regions() -> dict[str, float]:
    """The seven regions of the three-circle diagram for X, Y fair and independent, Z = X xor Y.

    Each region is computed from the package: the conditional mutual informations from the
    tables of (X, Y) given each value of Z, and the centre as I(X; Y) - I(X; Y | Z).
    """
    pxyz = np.zeros((2, 2, 2))  # axes: x, y, z
    for x in (0, 1):
        for y in (0, 1):
            pxyz[x, y, x ^ y] = 0.25
    pz = pxyz.sum(axis=(0, 1))
    given_z = np.moveaxis(pxyz, 2, 0) / pz[:, None, None]  # p(x, y | z), one table per z
    i_xy_given_z = float(pz @ mutual_information(given_z, base=2))
    i_xy = float(mutual_information(pxyz.sum(axis=2), base=2))
    # H(X | Y, Z): X given the pair (Y, Z), with (Y, Z) flattened into the conditioning axis.
    pyz_x = np.moveaxis(pxyz, 0, -1).reshape(4, 2)
    h_x_given_yz = float(conditional_entropy(pyz_x, base=2))
    return {"single": h_x_given_yz, "pair": i_xy_given_z, "centre": i_xy - i_xy_given_z}


def venn() -> Figure:
    fig, (left, right) = new_grid(7.6, 3.7, ncols=2)
    h_y_given_x = float(conditional_entropy(WEATHER, base=2))
    h_x_given_y = float(conditional_entropy(WEATHER.T, base=2))
    i = float(mutual_information(WEATHER, base=2))
    h_x = float(entropy(WEATHER.sum(axis=1), base=2))
    h_y = float(entropy(WEATHER.sum(axis=0), base=2))

    for ax in (left, right):
        ax.set_aspect("equal")
        ax.axis("off")

    left.add_patch(Circle((-0.55, 0), 1.0, facecolor=BLUE, alpha=0.30, edgecolor=BLUE, lw=2))
    left.add_patch(Circle((0.55, 0), 1.0, facecolor=ORANGE, alpha=0.30, edgecolor=ORANGE, lw=2))
    left.text(-1.05, 0, f"H(X | Y)\n{h_x_given_y:.3f}", ha="center", va="center", fontsize=10)
    left.text(0, 0, f"I(X; Y)\n{i:.3f}", ha="center", va="center", fontsize=10, weight="bold")
    left.text(1.05, 0, f"H(Y | X)\n{h_y_given_x:.3f}", ha="center", va="center", fontsize=10)
    left.text(-0.55, 1.12, f"H(X) = {h_x:.3f}", ha="center", va="bottom", color=BLUE)
    left.text(0.55, -1.12, f"H(Y) = {h_y:.3f}", ha="center", va="top", color="#8a5a00")
    left.set_xlim(-1.7, 1.7)
    left.set_ylim(-1.6, 1.6)
    left.set_title("two variables: every region ≥ 0 (bits)", fontsize=10.5)

    r = _xor_regions()
    centres = {"X": (0.0, 0.55), "Y": (-0.55, -0.4), "Z": (0.55, -0.4)}
    colours = {"X": BLUE, "Y": ORANGE, "Z": "#009E73"}
    for name, (cx, cy) in centres.items():
        c = colours[name]
        right.add_patch(Circle((cx, cy), 0.85, facecolor=c, alpha=0.22, edgecolor=c, lw=2))
    right.text(0.0, 1.55, "X", ha="center", fontsize=11, color=BLUE, weight="bold")
    right.text(-1.6, -1.05, "Y", ha="center", fontsize=11, color="#8a5a00", weight="bold")
    right.text(1.6, -1.05, "Z", ha="center", fontsize=11, color="#007a5a", weight="bold")
    for x, y in ((0.0, 0.95), (-0.95, -0.65), (0.95, -0.65)):
        right.text(x, y, f"{r['single']:.0f}", ha="center", va="center", fontsize=10)
    for x, y in ((-0.55, 0.25), (0.55, 0.25), (0.0, -0.75)):
        right.text(x, y, f"+{r['pair']:.0f}", ha="center", va="center", fontsize=10)
    right.text(
        0.0,
        -0.1,
        f"{r['centre']:+.0f}",
        ha="center",
        va="center",
        fontsize=12,
        weight="bold",
        color=VERMILION,
    )
    right.set_xlim(-1.8, 1.8)
    right.set_ylim(-1.6, 1.7)
    right.set_title("X, Y fair coins, Z = X xor Y: centre < 0", fontsize=10.5)
    return fig


FIGURES = {"mutual-information-venn.svg": venn}
