"""The explorers' placeholders: each page includes one with ``--8<-- "explorer-NAME.md"``.

A placeholder holds the static figure of the explorer's starting state (``figures/explorer-*.svg``
from ``scripts/figures/explorers.py``) with that state's numbers in its caption, computed here
with xent_ref. The script of the same name (docs/assets/javascripts/explorers/) builds the live
explorer inside it; print, the PDF and a reader without JavaScript see the figure.
"""

from __future__ import annotations

import numpy as np

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

GRID = np.linspace(-8.0, 8.0, 1601)


def _placeholder(name: str, alt: str, caption: str) -> str:
    return (
        f'<div class="xent-explorer" data-explorer="{name}" markdown>\n'
        f'<figure class="xent-explorer__static" markdown="span">\n'
        f"  ![{alt}](figures/explorer-{name}.svg)\n"
        f"  <figcaption>{caption} On the web page with JavaScript on, this figure is an "
        f"explorer you can change.</figcaption>\n"
        f"</figure>\n"
        f"</div>\n"
    )


def _vector(v: tuple[float, ...]) -> str:
    return "[" + ", ".join(f"{x:.2f}" for x in v) + "]"


def belief() -> str:
    h = entropy(P, base=2)
    ce = cross_entropy(P, Q, base=2)
    kl = kl_divergence(P, Q, base=2)
    back = kl_divergence(Q, P, base=2)
    numbers = (
        f"H(P) = {h:.3f} bits, H(P, Q) = {ce:.3f} bits, KL(P ‖ Q) = {kl:.3f} bits and "
        f"KL(Q ‖ P) = {back:.3f} bits"
    )
    alt = (
        f"Bars of P = {_vector(P)} and Q = {_vector(Q)} over red, green and blue, and below them "
        f"one bar of H(P, Q) = {ce:.3f} bits split into H(P) = {h:.3f} and "
        f"KL(P ‖ Q) = {kl:.3f} bits."
    )
    caption = (
        f"Belief versus truth, at the worked example P = {_vector(P)}, Q = {_vector(Q)}: {numbers}."
    )
    return _placeholder("belief", alt, caption)


def logloss() -> str:
    z = float(np.log(LOGLOSS_P) - np.log1p(-LOGLOSS_P))
    s = float(softmax([0.0, z])[1])
    ce = binary_cross_entropy(LOGLOSS_Y, z, from_logits=True)
    err = s - LOGLOSS_Y
    se_grad = 2 * err * s * (1 - s)
    alt = (
        "Two panels against the logit z from -10 to 10 for true label 1: the cross-entropy loss "
        "falls from large values to 0 and its gradient from -1 to 0, while the squared error "
        "stays below 1 and its gradient is near 0 at both ends. A dot on each curve marks "
        f"&sigma;(z) = {s:.3f}."
    )
    caption = (
        f"One prediction's log loss, at &sigma;(z) = {s:.3f} (z = {z:.3f}) for true label "
        f"{LOGLOSS_Y}: cross-entropy {ce:.3f} nats with gradient &sigma;(z) &minus; y = {err:.3f}; "
        f"squared error {err**2:.3f} with gradient {se_grad:.3f}."
    )
    return _placeholder("logloss", alt, caption)


def softmax_temperature() -> str:
    z = np.array(LOGITS) / TEMPERATURE
    p = softmax(z)
    loss = sparse_categorical_cross_entropy([LABEL], [z], from_logits=True)
    probs = ", ".join(f"{x:.6f}" for x in p)
    logits = ", ".join(f"{x:.0f}" for x in LOGITS)
    alt = (
        f"Horizontal bars of the softmax probabilities {probs} of logits {logits}, the true "
        f"class {LABEL} highlighted, with its cross-entropy of {loss:.6f} nats."
    )
    caption = (
        f"Softmax and temperature, at the page's logits ({logits}), T = {TEMPERATURE:g} and "
        f"true class {LABEL}: probabilities ({probs}), cross-entropy {loss:.6f} nats."
    )
    return _placeholder("softmax", alt, caption)


def _grid_gaussian(mean: float, std: float) -> np.ndarray:
    w = np.exp(-0.5 * ((GRID - mean) / std) ** 2)
    return np.asarray(w / w.sum(), dtype=np.float64)


def fit_kl() -> str:
    p = 0.6 * _grid_gaussian(-2.0, 0.6) + 0.4 * _grid_gaussian(2.0, 0.6)
    q = _grid_gaussian(FIT_MEAN, FIT_STD)
    forward = kl_divergence(p, q)
    reverse = kl_divergence(q, p)
    alt = (
        "The two-peaked target density in grey, with a Gaussian Q sitting on its taller peak at "
        "-2, the broad forward-KL minimiser dotted in blue and the reverse-KL minimiser dashed "
        "in vermilion."
    )
    caption = (
        f"Forward versus reverse KL, with Q of mean {FIT_MEAN:.1f} and standard deviation "
        f"{FIT_STD:.2f}: KL(P ‖ Q) = {forward:.3f} nats, KL(Q ‖ P) = {reverse:.3f} nats."
    )
    return _placeholder("fitkl", alt, caption)


SNIPPETS = {
    "explorer-belief.md": belief,
    "explorer-logloss.md": logloss,
    "explorer-softmax.md": softmax_temperature,
    "explorer-fitkl.md": fit_kl,
}
