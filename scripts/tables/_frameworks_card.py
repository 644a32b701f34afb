# ruff: noqa: RUF001  (the table text is typeset on purpose: minus signs, Greek letters)
"""The translation card: equivalent calls for each quantity, in every compared library.

One list, ``CARD``, is both what the page shows (``translation-card.md``) and what
``tests/test_frameworks.py`` runs: every call in a row is evaluated on ``INPUTS`` and must agree
with the row's xent_ref call to the library's stated tolerance.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

# Shared inputs. Every call on the card uses these names; in the PyTorch column they are tensors
# of the same dtype (float64, and int64 for the labels).
INPUTS: dict[str, np.ndarray] = {
    # the sources' two distributions over three colours
    "p": np.array([0.10, 0.40, 0.50]),
    "q": np.array([0.80, 0.15, 0.05]),
    "logp": np.log([0.10, 0.40, 0.50]),
    "logq": np.log([0.80, 0.15, 0.05]),
    # the sources' ten-example binary problem, and logits for the same examples
    "y": np.array([1.0, 1, 1, 1, 1, 0, 0, 0, 0, 0]),
    "yhat": np.array([0.8, 0.9, 0.9, 0.6, 0.8, 0.1, 0.4, 0.2, 0.1, 0.3]),
    "ylogit": np.array([1.4, 2.2, 0.3, -0.5, 3.0, -2.0, 0.4, -1.1, -3.2, 0.9]),
    # a batch of four examples over three classes
    "labels": np.array([0, 1, 2, 2]),
    "Y": np.eye(3)[[0, 1, 2, 2]],
    "Z": np.array([[2.0, 1.0, 0.1], [0.5, 2.5, 0.3], [1.2, 0.2, 3.1], [0.3, 0.3, 0.3]]),
    "Q": np.array([[0.7, 0.2, 0.1], [0.1, 0.8, 0.1], [0.2, 0.2, 0.6], [0.3, 0.3, 0.4]]),
    "P": np.array([[0.6, 0.3, 0.1], [0.2, 0.7, 0.1], [0.1, 0.1, 0.8], [0.4, 0.4, 0.2]]),
    "w": np.array([1.0, 2.0, 3.0]),
    "labels_ign": np.array([0, -100, 2, 2]),
    "keep": np.array([True, False, True, True]),
    # a regression: targets, predicted means and standard deviations
    "t": np.array([1.0, 2.0, 0.5, -1.0]),
    "mu": np.array([0.8, 2.5, 0.0, -0.7]),
    "sigma": np.array([0.5, 1.0, 2.0, 0.3]),
}

# How closely each library must agree with xent_ref (relative, and absolute near zero). Keras'
# loss classes compute in float32 (``keras.config.floatx()``); the others get float64.
RTOL = {"NumPy": 1e-12, "SciPy": 1e-12, "scikit-learn": 1e-12, "PyTorch": 1e-12, "Keras": 1e-6}
ATOL = {"NumPy": 1e-15, "SciPy": 1e-15, "scikit-learn": 1e-15, "PyTorch": 1e-15, "Keras": 1e-7}


@dataclass(frozen=True)
class Row:
    """One quantity: a call per library (``None`` where the library has no way to say it)."""

    quantity: str
    xent_ref: str
    numpy: str | None
    scipy: str | None
    sklearn: str | None
    torch: str | None
    keras: str | None
    notes: tuple[str, ...] = field(default=())

    def calls(self) -> dict[str, str | None]:
        return {
            "xent_ref": self.xent_ref,
            "NumPy": self.numpy,
            "SciPy": self.scipy,
            "scikit-learn": self.sklearn,
            "PyTorch": self.torch,
            "Keras": self.keras,
        }


CARD: tuple[Row, ...] = (
    Row(
        "Entropy $H(P)$",
        "entropy(p)",
        "-np.sum(p * np.log(p))",
        "stats.entropy(p)",
        "log_loss([0, 1, 2], [p, p, p], sample_weight=p)",
        "torch.distributions.Categorical(probs=p).entropy()",
        "keras.losses.categorical_crossentropy(p, p)",
        (
            "scikit-learn and Keras have no entropy of a probability vector (scikit-learn's "
            "deprecated `metrics.cluster.entropy` takes labels): $H(P) = H(P, P)$, so a "
            "cross-entropy of $P$ against itself gives it.",
            "The NumPy formula returns nan as soon as `p` holds a zero (0 × −inf).",
        ),
    ),
    Row(
        "Cross-entropy $H(P, Q)$",
        "cross_entropy(p, q)",
        "-np.sum(p * np.log(q))",
        "-np.sum(special.xlogy(p, q))",
        "log_loss([0, 1, 2], [q, q, q], sample_weight=p)",
        "F.cross_entropy(torch.log(q), p)",
        "keras.losses.categorical_crossentropy(p, q)",
        (
            "SciPy has no cross-entropy; `xlogy` keeps 0 log 0 = 0.",
            "scikit-learn: one example per class, weighted by $p_k$, each predicting $Q$.",
            "PyTorch: `F.cross_entropy` takes logits; log-probabilities are valid logits, and a "
            "probability vector is a valid target.",
        ),
    ),
    Row(
        "KL divergence $\\mathrm{KL}(P \\,\\Vert\\, Q)$",
        "kl_divergence(p, q)",
        "np.sum(p * np.log(p / q))",
        "stats.entropy(p, q)",
        None,
        'F.kl_div(torch.log(q), p, reduction="sum")',
        "keras.losses.kl_divergence(p, q)",
        (
            "PyTorch reverses the order: the model's log-probabilities first, the target second.",
            "scikit-learn has no KL divergence.",
        ),
    ),
    Row(
        "KL divergence, both in log space",
        "kl_divergence(np.exp(logp), np.exp(logq))",
        "np.sum(np.exp(logp) * (logp - logq))",
        "np.sum(special.rel_entr(np.exp(logp), np.exp(logq)))",
        None,
        'F.kl_div(logq, logp, reduction="sum", log_target=True)',
        None,
        ("`log_target=True` says the target is log-probabilities too.",),
    ),
    Row(
        "KL divergence, mean over a batch",
        "np.mean(kl_divergence(P, Q))",
        "np.mean(np.sum(P * np.log(P / Q), axis=-1))",
        "np.mean(stats.entropy(P, Q, axis=-1))",
        None,
        'F.kl_div(torch.log(Q), P, reduction="batchmean")',
        "keras.losses.KLDivergence()(P, Q)",
        ('PyTorch\'s `reduction="mean"` divides by rows × classes; `"batchmean"` by rows.',),
    ),
    Row(
        "Binary cross-entropy (log loss), from probabilities",
        "binary_cross_entropy(y, yhat)",
        "-np.mean(y * np.log(yhat) + (1 - y) * np.log(1 - yhat))",
        "-np.mean(stats.bernoulli.logpmf(y, yhat))",
        "log_loss(y, yhat)",
        "F.binary_cross_entropy(yhat, y)",
        "keras.losses.BinaryCrossentropy()(y, yhat)",
        ("PyTorch takes the prediction first; the others take the label first.",),
    ),
    Row(
        "Binary cross-entropy, summed",
        'binary_cross_entropy(y, yhat, reduction="sum")',
        "-np.sum(y * np.log(yhat) + (1 - y) * np.log(1 - yhat))",
        "-np.sum(stats.bernoulli.logpmf(y, yhat))",
        "log_loss(y, yhat, normalize=False)",
        'F.binary_cross_entropy(yhat, y, reduction="sum")',
        'keras.losses.BinaryCrossentropy(reduction="sum")(y[:, None], yhat[:, None])',
        (
            "Keras averages over the last axis before it reduces: a flat `(10,)` batch is one "
            'example of ten outputs, so its `"sum"` is the mean. Give it shape `(10, 1)`.',
        ),
    ),
    Row(
        "Binary cross-entropy, from logits",
        "binary_cross_entropy(y, ylogit, from_logits=True)",
        "np.mean(np.logaddexp(0, ylogit) - y * ylogit)",
        "-np.mean(y * special.log_expit(ylogit) + (1 - y) * special.log_expit(-ylogit))",
        "log_loss(y, special.expit(ylogit))",
        "F.binary_cross_entropy_with_logits(ylogit, y)",
        "keras.losses.BinaryCrossentropy(from_logits=True)(y, ylogit)",
        ("scikit-learn takes probabilities only: apply the sigmoid (`expit`) first.",),
    ),
    Row(
        "Binary cross-entropy, label smoothing 0.1",
        "binary_cross_entropy(0.9 * y + 0.05, yhat)",
        "-np.mean((0.9 * y + 0.05) * np.log(yhat) + (0.95 - 0.9 * y) * np.log(1 - yhat))",
        "-np.mean(special.xlogy(0.9 * y + 0.05, yhat) + special.xlog1py(0.95 - 0.9 * y, -yhat))",
        None,
        "F.binary_cross_entropy(yhat, 0.9 * y + 0.05)",
        "keras.losses.BinaryCrossentropy(label_smoothing=0.1)(y, yhat)",
        ("Smoothing by $\\epsilon$ moves each label to $(1 - \\epsilon) y + \\epsilon / 2$.",),
    ),
    Row(
        "Categorical cross-entropy, from probabilities",
        "categorical_cross_entropy(Y, Q)",
        "-np.mean(np.sum(Y * np.log(Q), axis=-1))",
        "-np.mean(np.sum(special.xlogy(Y, Q), axis=-1))",
        "log_loss(labels, Q)",
        "F.nll_loss(torch.log(Q), labels)",
        "keras.losses.CategoricalCrossentropy()(Y, Q)",
        ("PyTorch's `F.nll_loss` takes log-probabilities and class indices.",),
    ),
    Row(
        "Categorical cross-entropy, from logits",
        "categorical_cross_entropy(Y, Z, from_logits=True)",
        "np.mean(np.log(np.sum(np.exp(Z), axis=-1)) - np.sum(Y * Z, axis=-1))",
        "-np.mean(np.sum(Y * special.log_softmax(Z, axis=-1), axis=-1))",
        "log_loss(labels, special.softmax(Z, axis=-1))",
        "F.cross_entropy(Z, Y)",
        "keras.losses.CategoricalCrossentropy(from_logits=True)(Y, Z)",
        (
            "The NumPy line overflows for logits above about 709; subtract the row maximum first.",
            "PyTorch's `F.cross_entropy` takes one-hot or soft targets as well as class indices.",
        ),
    ),
    Row(
        "Sparse categorical cross-entropy (integer labels), from logits",
        "sparse_categorical_cross_entropy(labels, Z, from_logits=True)",
        "np.mean(np.log(np.sum(np.exp(Z), axis=-1)) - Z[np.arange(4), labels])",
        "-np.mean(special.log_softmax(Z, axis=-1)[np.arange(4), labels])",
        "log_loss(labels, special.softmax(Z, axis=-1))",
        "F.cross_entropy(Z, labels)",
        "keras.losses.SparseCategoricalCrossentropy(from_logits=True)(labels, Z)",
    ),
    Row(
        "Categorical cross-entropy, label smoothing 0.1",
        "categorical_cross_entropy(Y, Z, from_logits=True, label_smoothing=0.1)",
        "-np.mean(np.sum((0.9 * Y + 0.1 / 3) * (Z - np.log(np.sum(np.exp(Z), axis=-1))[:, None]),"
        " axis=-1))",
        "-np.mean(np.sum((0.9 * Y + 0.1 / 3) * special.log_softmax(Z, axis=-1), axis=-1))",
        None,
        "F.cross_entropy(Z, labels, label_smoothing=0.1)",
        "keras.losses.CategoricalCrossentropy(from_logits=True, label_smoothing=0.1)(Y, Z)",
        (
            "Smoothing by $\\epsilon$ over $K$ classes moves the target to "
            "$(1 - \\epsilon) y + \\epsilon / K$ in both PyTorch and Keras.",
        ),
    ),
    Row(
        "Class weights (weighted mean)",
        "sparse_categorical_cross_entropy(labels, Z, from_logits=True, class_weights=w)",
        "np.average(np.log(np.sum(np.exp(Z), axis=-1)) - Z[np.arange(4), labels],"
        " weights=w[labels])",
        "np.average(-special.log_softmax(Z, axis=-1)[np.arange(4), labels], weights=w[labels])",
        "log_loss(labels, special.softmax(Z, axis=-1), sample_weight=w[labels])",
        "F.cross_entropy(Z, labels, weight=w)",
        "keras.losses.SparseCategoricalCrossentropy(from_logits=True,"
        ' reduction="mean_with_sample_weight")(labels, Z, sample_weight=w[labels])',
        (
            "xent_ref, PyTorch and scikit-learn divide the weighted sum by the sum of the "
            "weights. Keras' default reduction divides it by the batch size; "
            '`"mean_with_sample_weight"` divides by the sum of the weights.',
        ),
    ),
    Row(
        "Ignored labels (`-100`)",
        "sparse_categorical_cross_entropy(labels_ign[keep], Z[keep], from_logits=True)",
        "np.mean(np.log(np.sum(np.exp(Z[keep]), axis=-1))"
        " - Z[keep][np.arange(3), labels_ign[keep]])",
        "-np.mean(special.log_softmax(Z[keep], axis=-1)[np.arange(3), labels_ign[keep]])",
        "log_loss(labels_ign[keep], special.softmax(Z[keep], axis=-1), labels=[0, 1, 2])",
        "F.cross_entropy(Z, labels_ign, ignore_index=-100)",
        "keras.losses.SparseCategoricalCrossentropy(from_logits=True, ignore_class=-100)"
        "(labels_ign, Z)",
        (
            "PyTorch's default `ignore_index` is already −100; Keras' `ignore_class` is off by "
            "default. Both average over the labels kept.",
        ),
    ),
    Row(
        "Log-sum-exp",
        "logsumexp(Z)",
        "np.log(np.sum(np.exp(Z), axis=-1))",
        "special.logsumexp(Z, axis=-1)",
        None,
        "torch.logsumexp(Z, dim=-1)",
        "keras.ops.logsumexp(Z, axis=-1)",
    ),
    Row(
        "Log-softmax",
        "log_softmax(Z)",
        "Z - np.log(np.sum(np.exp(Z), axis=-1, keepdims=True))",
        "special.log_softmax(Z, axis=-1)",
        None,
        "F.log_softmax(Z, dim=-1)",
        "keras.ops.log_softmax(Z, axis=-1)",
    ),
    Row(
        "Softmax",
        "softmax(Z)",
        "np.exp(Z) / np.sum(np.exp(Z), axis=-1, keepdims=True)",
        "special.softmax(Z, axis=-1)",
        None,
        "F.softmax(Z, dim=-1)",
        "keras.ops.softmax(Z, axis=-1)",
    ),
    Row(
        "Gaussian negative log-likelihood",
        "gaussian_nll(t, mu, std=sigma)",
        "np.mean(0.5 * np.log(2 * np.pi * sigma**2) + (t - mu) ** 2 / (2 * sigma**2))",
        "-np.mean(stats.norm.logpdf(t, mu, sigma))",
        None,
        "F.gaussian_nll_loss(mu, t, sigma**2, full=True)",
        None,
        (
            "PyTorch takes the variance, not the standard deviation, and drops the constant "
            "$\\tfrac12 \\log 2\\pi$ unless `full=True`.",
        ),
    ),
    Row(
        "Mean squared error",
        "mean_squared_error(t, mu)",
        "np.mean((t - mu) ** 2)",
        None,
        "mean_squared_error(t, mu)",
        "F.mse_loss(mu, t)",
        "keras.losses.MeanSquaredError()(t, mu)",
    ),
)
