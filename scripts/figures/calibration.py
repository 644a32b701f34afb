"""Figure for the calibration page: reliability diagrams before and after temperature scaling.

The experiment is the page's: scikit-learn's digits, an almost unregularised logistic regression
trained on 40% of them, a temperature fitted on 30% and the diagrams drawn on the other 30%.
"""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure
from scipy.optimize import minimize_scalar
from sklearn.datasets import load_digits
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split

from xent_ref import softmax, sparse_categorical_cross_entropy

from ._style import BLUE, GREY, VERMILION, new_grid

N_BINS = 10


def experiment() -> tuple[np.ndarray, np.ndarray, float]:
    """Validation logits, validation labels and the temperature fitted on the calibration set."""
    x, y = load_digits(return_X_y=True)
    x = x / 16.0
    x_train, x_rest, y_train, y_rest = train_test_split(
        x, y, test_size=0.6, random_state=0, stratify=y
    )
    x_cal, x_val, y_cal, y_val = train_test_split(
        x_rest, y_rest, test_size=0.5, random_state=0, stratify=y_rest
    )
    model = LogisticRegression(C=1e4, max_iter=5000).fit(x_train, y_train)
    z_cal = model.decision_function(x_cal)

    def nll(log_t: float) -> float:
        return float(
            sparse_categorical_cross_entropy(y_cal, z_cal / np.exp(log_t), from_logits=True)
        )

    log_t = minimize_scalar(nll, bounds=(-3.0, 5.0), method="bounded").x
    return model.decision_function(x_val), y_val, float(np.exp(log_t))


def reliability(
    probs: np.ndarray, labels: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, float]:
    """Per confidence bin: the mean confidence, the accuracy and the count; and the ECE."""
    confidence = probs.max(axis=1)
    correct = probs.argmax(axis=1) == labels
    bins = np.minimum((confidence * N_BINS).astype(int), N_BINS - 1)
    count = np.bincount(bins, minlength=N_BINS)
    used = count > 0
    mean_conf = np.bincount(bins, weights=confidence, minlength=N_BINS)[used] / count[used]
    accuracy = np.bincount(bins, weights=correct, minlength=N_BINS)[used] / count[used]
    ece = np.sum(count[used] / len(labels) * np.abs(accuracy - mean_conf))
    return np.flatnonzero(used), mean_conf, accuracy, count[used], float(ece)


def reliability_diagrams() -> Figure:
    z, y, t = experiment()
    fig, axes = new_grid(7.6, 3.8, ncols=2, sharey=True)
    for ax, (title, probs) in zip(
        axes, (("before: T = 1", softmax(z)), (f"after: T = {t:.2f}", softmax(z / t))), strict=True
    ):
        bins, conf, acc, count, ece = reliability(probs, y)
        left = bins / N_BINS
        ax.bar(
            left,
            acc,
            width=1 / N_BINS,
            align="edge",
            color=BLUE,
            alpha=0.75,
            edgecolor="white",
            label="accuracy in the bin",
        )
        ax.plot(conf, acc, "o", color=VERMILION, markersize=5, label="(mean confidence, accuracy)")
        ax.plot([0, 1], [0, 1], linestyle="--", color=GREY, linewidth=1.2, label="calibrated")
        for b, a, n in zip(left, acc, count, strict=True):
            ax.text(b + 0.05, min(a + 0.02, 1.0), f"{n}", ha="center", fontsize=8, color="#333333")
        ax.set_xlim(0, 1)
        ax.set_ylim(0, 1.08)
        ax.set_xlabel("confidence (largest predicted probability)")
        ax.set_title(f"{title}, ECE = {ece:.4f}", fontsize=10.5)
    axes[0].set_ylabel("accuracy")
    axes[0].legend(loc="upper left", fontsize=8.5)
    return fig


FIGURES = {"reliability-diagrams.svg": reliability_diagrams}
