# ruff: noqa: RUF001  (the table text is typeset on purpose: minus signs, Greek letters)
"""The edge cases of the "Where they differ" page: fixed inputs, one call per library.

Each case names its inputs and, for every library that can express it, the call a user of that
library would write. The build runs them all (``frameworks.py``) and renders what they return;
nothing in the table is typed by hand. ``CATEGORIES`` orders the tables and titles them;
``tests/test_frameworks.py`` checks them against the tables the page includes.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

CATEGORIES: dict[str, str] = {
    "clipping": "A probability of exactly 0 or 1",
    "zero-log-zero": "0 log 0",
    "logits": "Large logits",
    "not-normalised": "Probabilities that do not sum to 1",
    "invalid": "Negative values, NaN and bad labels",
    "shapes": "Shapes that silently broadcast",
    "float32": "float32 against float64",
    "label-smoothing": "Label smoothing",
    "weights": "Class weights",
    "ignored": "Ignored labels",
    "kl": "KL divergence: order, log space, batch mean",
    "gaussian": "Gaussian negative log-likelihood",
}

# Derivation pages, relative to docs/frameworks/.
CE = "../cross-entropy.md"
ENT = "../entropy.md"
KL = "../kl-divergence.md"
NLL = "../nll.md"
MSE = "../mse.md"
PRACTICE = "../practice/index.md"
LOG0 = "../practice/log-zero-and-clipping.md"
LOGITS = "../nll.md#logits-softmax-and-the-log-sum-exp-trick"
SMOOTHING = "../practice/reductions-and-smoothing.md#label-smoothing"
REDUCTIONS = "../practice/reductions-and-smoothing.md#reductions"
KL_ZERO = "../kl-divergence.md#can-kl-divide-by-zero"
KL_ORDER = "../kl-divergence.md#not-symmetric-not-a-distance"
GAUSSIAN = "../mse.md#the-gaussian-model"
ONE_HOT = "../entropy.md#one-hot-labels-have-entropy-exactly-0"


@dataclass(frozen=True)
class Case:
    """One row: the inputs, the exact call, each library's call and why they differ."""

    category: str
    title: str
    inputs: dict[str, np.ndarray]
    exact: str
    calls: dict[str, str]
    why: str
    tags: tuple[str, ...] = field(default=())


def _a(*values: float) -> np.ndarray:
    return np.array(values, dtype=np.float64)


# The binary calls, as their users write them. ``yhat`` is the predicted probability of class 1.
BINARY = {
    "NumPy": "-np.mean(y * np.log(yhat) + (1 - y) * np.log(1 - yhat))",
    "SciPy": "-np.mean(stats.bernoulli.logpmf(y, yhat))",
    "scikit-learn": "log_loss(y, yhat, labels=[0, 1])",
    "PyTorch": "F.binary_cross_entropy(yhat, y)",
    "Keras": "keras.losses.BinaryCrossentropy()(y, yhat)",
}
BINARY_EXACT = "binary_cross_entropy(y, yhat)"

# From logits ``z``: NumPy as the formula is usually typed, through the sigmoid.
LOGIT = {
    "NumPy": "-np.mean(y * np.log(1 / (1 + np.exp(-z)))"
    " + (1 - y) * np.log(1 - 1 / (1 + np.exp(-z))))",
    "SciPy": "-np.mean(y * special.log_expit(z) + (1 - y) * special.log_expit(-z))",
    "scikit-learn": "log_loss(y, special.expit(z), labels=[0, 1])",
    "PyTorch": "F.binary_cross_entropy_with_logits(z, y)",
    "Keras": "keras.losses.BinaryCrossentropy(from_logits=True)(y, z)",
}
LOGIT_EXACT = "binary_cross_entropy(y, z, from_logits=True)"

# Integer labels against a batch of logits ``Z``.
SPARSE = {
    "NumPy": "np.mean(np.log(np.sum(np.exp(Z), axis=-1)) - Z[np.arange(len(labels)), labels])",
    "SciPy": "-np.mean(special.log_softmax(Z, axis=-1)[np.arange(len(labels)), labels])",
    "scikit-learn": "log_loss(labels, special.softmax(Z, axis=-1), labels=[0, 1, 2])",
    "PyTorch": "F.cross_entropy(Z, labels)",
    "Keras": "keras.losses.SparseCategoricalCrossentropy(from_logits=True)(labels, Z)",
}
SPARSE_EXACT = "sparse_categorical_cross_entropy(labels, Z, from_logits=True)"

# One-hot (or soft) targets ``Y`` against predicted probabilities ``Q``.
CATEGORICAL = {
    "NumPy": "-np.mean(np.sum(Y * np.log(Q), axis=-1))",
    "SciPy": "-np.mean(np.sum(special.xlogy(Y, Q), axis=-1))",
    "scikit-learn": "log_loss(np.argmax(Y, axis=-1), Q, labels=[0, 1, 2])",
    "PyTorch": "F.nll_loss(torch.log(Q), torch.argmax(Y, dim=-1))",
    "Keras": "keras.losses.CategoricalCrossentropy()(Y, Q)",
}
CATEGORICAL_EXACT = "categorical_cross_entropy(Y, Q)"

# Two distributions ``p`` and ``q``; every call meant as KL(p || q).
KL_CALLS = {
    "NumPy": "np.sum(p * np.log(p / q))",
    "SciPy": "stats.entropy(p, q)",
    "PyTorch": 'F.kl_div(torch.log(q), p, reduction="sum")',
    "Keras": "keras.losses.kl_divergence(p, q)",
}
KL_EXACT = "kl_divergence(p, q)"

GAUSS_EXACT = "gaussian_nll(t, mu, std=sigma)"

Z3 = np.array([[2.0, 1.0, 0.1], [0.5, 2.5, 0.3], [1.2, 0.2, 3.1], [0.3, 0.3, 0.3]])


def _logit_cases() -> list[Case]:
    cases = []
    for z in (1000.0, -1000.0, 30.0, -30.0):
        for y in (1.0, 0.0):
            agree = (z > 0) == (y == 1.0)
            if abs(z) == 1000.0:
                why = (
                    "σ(z) rounds to exactly 0 or 1, so its log is −inf or clipped; "
                    "from the logit, the [softplus](#large-logits) keeps every digit."
                )
            elif agree and z > 0:
                why = (
                    "A tiny loss: the routes through σ(z) take the log of a rounded number near 1 "
                    f"and lose digits; [log1p(e<sup>−|z|</sup>)]({LOGITS}) keeps them."
                )
            elif agree:
                why = (
                    "A tiny loss, and a logit route is not enough: PyTorch's (1 − y) z − log σ(z) "
                    "subtracts two numbers near 30 and is 1.3% off; Keras calls it in float32 and "
                    f"gets 0. [log1p(e<sup>−|z|</sup>)]({LOGITS}) keeps every digit."
                )
            elif z > 0:
                why = (
                    "About |z| nats; the routes through σ(z) round 1 − σ(z) "
                    f"and [lose digits]({LOGITS})."
                )
            else:
                why = (
                    "About |z| nats; σ(z) is tiny but computed to full relative precision, "
                    f"so every route [agrees]({LOGITS})."
                )
            sign = "+" if z > 0 else "−"
            cases.append(
                Case(
                    "logits",
                    f"logit {sign}{abs(z):g}, label y = {y:g}",
                    {"y": _a(y), "z": _a(z)},
                    LOGIT_EXACT,
                    LOGIT,
                    why,
                )
            )
    cases.append(
        Case(
            "logits",
            "logits [1000, 0, −1000], true class 2",
            {"labels": np.array([2]), "Z": np.array([[1000.0, 0.0, -1000.0]])},
            SPARSE_EXACT,
            SPARSE,
            "The unshifted log-sum-exp overflows: exp(1000) is inf, and so is its log; "
            "log-softmax shifted by the maximum is "
            f"exact ([log-sum-exp]({LOGITS})); through probabilities, 0 is clipped.",
        )
    )
    return cases


CASES: tuple[Case, ...] = (
    # -- clipping -----------------------------------------------------------------------------
    Case(
        "clipping",
        "binary, y = 1, predicted p̂ = 0",
        {"y": _a(1), "yhat": _a(0)},
        BINARY_EXACT,
        BINARY,
        "A certain wrong prediction costs −log 0 = ∞ nats. scikit-learn clips to its dtype's "
        "eps, PyTorch clamps each log at −100, Keras clips to [1e-7, 1 − 1e-7] "
        f"([log of zero]({LOG0})).",
    ),
    Case(
        "clipping",
        "binary, y = 1, predicted p̂ = 1",
        {"y": _a(1), "yhat": _a(1)},
        BINARY_EXACT,
        BINARY,
        "A certain right prediction costs exactly 0; the clipped libraries charge −log(1 − eps) "
        f"instead ([log of zero]({LOG0})).",
    ),
    Case(
        "clipping",
        "binary, y = 1, predicted p̂ = 1e-300",
        {"y": _a(1), "yhat": _a(1e-300)},
        BINARY_EXACT,
        BINARY,
        "A legitimate, tiny probability: only the libraries that clip it or clamp its log "
        "change it "
        f"([log of zero]({LOG0})).",
    ),
    Case(
        "clipping",
        "categorical, true class 0 predicted with probability 0, q = [0, 0.5, 0.5]",
        {"Y": np.array([[1.0, 0, 0]]), "Q": np.array([[0.0, 0.5, 0.5]])},
        CATEGORICAL_EXACT,
        CATEGORICAL,
        f"The same infinity with one-hot targets ([log of zero]({LOG0})).",
    ),
    # -- 0 log 0 --------------------------------------------------------------------------------
    Case(
        "zero-log-zero",
        "entropy of a one-hot distribution p = [1, 0, 0]",
        {"p": _a(1, 0, 0)},
        "entropy(p)",
        {
            "NumPy": "-np.sum(p * np.log(p))",
            "SciPy": "stats.entropy(p)",
            "scikit-learn": "log_loss([0, 1, 2], [p, p, p], sample_weight=p)",
            "PyTorch": "torch.distributions.Categorical(probs=p).entropy()",
            "Keras": "keras.losses.categorical_crossentropy(p, p)",
        },
        "With 0 log 0 = 0 a certain outcome has entropy 0; the plain formula computes "
        "0 × (−inf) = nan, the clipping routes a small positive number "
        f"([one-hot labels]({ONE_HOT})).",
    ),
    Case(
        "zero-log-zero",
        "cross-entropy with a shared zero, p = q = [0.5, 0.5, 0]",
        {"p": _a(0.5, 0.5, 0), "q": _a(0.5, 0.5, 0)},
        "cross_entropy(p, q)",
        {
            "NumPy": "-np.sum(p * np.log(q))",
            "SciPy": "-np.sum(special.xlogy(p, q))",
            "scikit-learn": "log_loss([0, 1, 2], [q, q, q], sample_weight=p)",
            "PyTorch": "F.cross_entropy(torch.log(q), p)",
            "Keras": "keras.losses.categorical_crossentropy(p, q)",
        },
        "An event that P never produces contributes nothing, whatever Q says about it "
        f"([cross-entropy]({CE})).",
    ),
    Case(
        "zero-log-zero",
        "KL divergence with a shared zero, p = [0.5, 0.5, 0], q = [0.25, 0.75, 0]",
        {"p": _a(0.5, 0.5, 0), "q": _a(0.25, 0.75, 0)},
        KL_EXACT,
        KL_CALLS,
        f"Terms with p = 0 vanish even where q = 0 ([can KL divide by zero?]({KL_ZERO})).",
    ),
    # -- logits -----------------------------------------------------------------------------
    *_logit_cases(),
    # -- not normalised -------------------------------------------------------------------------
    Case(
        "not-normalised",
        "one-hot target, predictions q = [0.5, 0.3, 0.1] (sum 0.9)",
        {"Y": np.array([[1.0, 0, 0]]), "Q": np.array([[0.5, 0.3, 0.1]])},
        CATEGORICAL_EXACT,
        CATEGORICAL,
        "Not a distribution, so there is no right answer. scikit-learn warns and goes on, "
        f"Keras silently divides by the sum, PyTorch never looks ([cross-entropy]({CE})).",
    ),
    Case(
        "not-normalised",
        "KL divergence, p = [0.1, 0.4, 0.5], q = [0.7, 0.15, 0.05] (sum 0.9)",
        {"p": _a(0.1, 0.4, 0.5), "q": _a(0.7, 0.15, 0.05)},
        KL_EXACT,
        KL_CALLS,
        "`scipy.stats.entropy` renormalises both arguments; the others compute the sum as "
        f"given ([KL divergence]({KL})).",
    ),
    # -- invalid ---------------------------------------------------------------------------------
    Case(
        "invalid",
        "binary, y = 1, predicted p̂ = −0.1",
        {"y": _a(1), "yhat": _a(-0.1)},
        BINARY_EXACT,
        BINARY,
        f"Not a probability. Keras clips it into range and returns a number ([log loss]({CE})).",
    ),
    Case(
        "invalid",
        "binary, y = 1, predicted p̂ = 1.2",
        {"y": _a(1), "yhat": _a(1.2)},
        BINARY_EXACT,
        BINARY,
        f"Above 1: Keras clips it to 1 − 1e-7 and reports a near-perfect loss ([log loss]({CE})).",
    ),
    Case(
        "invalid",
        "binary, y = 1, predicted p̂ = NaN",
        {"y": _a(1), "yhat": _a(np.nan)},
        BINARY_EXACT,
        BINARY,
        "A NaN from upstream: some libraries raise, the formulas pass it on "
        f"([practice]({PRACTICE})).",
    ),
    Case(
        "invalid",
        "class label 3 with three classes (logits)",
        {"labels": np.array([0, 3]), "Z": Z3[:2]},
        SPARSE_EXACT,
        SPARSE,
        f"Out of range: an error everywhere, of different types ([cross-entropy]({CE})).",
    ),
    Case(
        "invalid",
        "class label −100 with each library's defaults, labels [0, −100, 2, 2]",
        {"labels": np.array([0, -100, 2, 2]), "Z": Z3},
        SPARSE_EXACT,
        SPARSE,
        "PyTorch ignores −100 by default; Keras on the torch backend inherits that but still "
        "counts the example in the mean; scikit-learn refuses it only because the call names "
        f"the classes (without `labels=` it takes −100 for a class) ([practice]({PRACTICE})).",
    ),
    # -- shapes ----------------------------------------------------------------------------------
    Case(
        "shapes",
        "binary, y of shape (3,), p̂ of shape (3, 1)",
        {"y": _a(1, 0, 1), "yhat": np.array([[0.9], [0.2], [0.7]])},
        BINARY_EXACT,
        BINARY,
        "NumPy broadcasts to a 3 × 3 table of every label against every prediction; "
        f"scikit-learn and Keras flatten the column first ([log loss]({CE})).",
    ),
    Case(
        "shapes",
        "squared error, y of shape (3,), prediction of shape (3, 1)",
        {"t": _a(1, 2, 3), "mu": np.array([[1.5], [2.5], [2.0]])},
        "mean_squared_error(t, mu)",
        {
            "NumPy": "np.mean((t - mu) ** 2)",
            "scikit-learn": "mean_squared_error(t, mu)",
            "PyTorch": "F.mse_loss(mu, t)",
            "Keras": "keras.losses.MeanSquaredError()(t, mu)",
        },
        f"PyTorch warns and broadcasts, like NumPy ([mean squared error]({MSE})).",
    ),
    Case(
        "shapes",
        'binary, `reduction="sum"` over a flat batch of ten (the sources\' example)',
        {
            "y": _a(1, 1, 1, 1, 1, 0, 0, 0, 0, 0),
            "yhat": _a(0.8, 0.9, 0.9, 0.6, 0.8, 0.1, 0.4, 0.2, 0.1, 0.3),
        },
        'binary_cross_entropy(y, yhat, reduction="sum")',
        {
            "NumPy": "-np.sum(y * np.log(yhat) + (1 - y) * np.log(1 - yhat))",
            "SciPy": "-np.sum(stats.bernoulli.logpmf(y, yhat))",
            "scikit-learn": "log_loss(y, yhat, normalize=False)",
            "PyTorch": 'F.binary_cross_entropy(yhat, y, reduction="sum")',
            "Keras": 'keras.losses.BinaryCrossentropy(reduction="sum")(y, yhat)',
        },
        "Keras first averages over the last axis, so shape (10,) is one example with ten "
        f"outputs and its sum is the mean; pass shape (10, 1) ([log loss]({CE})).",
    ),
    # -- float32 -------------------------------------------------------------------------------
    Case(
        "float32",
        "confident and right: logits [20, 0, 0], class 0, float64",
        {"labels": np.array([0]), "Z": np.array([[20.0, 0.0, 0.0]])},
        SPARSE_EXACT,
        SPARSE,
        "The loss is log(1 + 2·e<sup>−20</sup>) ≈ 4.12 × 10<sup>−9</sup>, which float64 holds "
        f"([log-sum-exp]({LOGITS})); Keras' loss class computes in float32 whatever it is given, "
        "so it returns 0 here too.",
    ),
    Case(
        "float32",
        "the same logits as float32",
        {"labels": np.array([0]), "Z": np.array([[20.0, 0.0, 0.0]], dtype=np.float32)},
        SPARSE_EXACT,
        SPARSE,
        "In float32, 20 + log(1 + 2·e<sup>−20</sup>) rounds to 20 and the loss to 0 (or −0); "
        f"xent_ref computes in float64 whatever it is given ([practice]({PRACTICE})).",
    ),
    Case(
        "float32",
        "binary, y = 1, p̂ = 0, float32",
        {"y": np.array([1.0], dtype=np.float32), "yhat": np.array([0.0], dtype=np.float32)},
        BINARY_EXACT,
        BINARY,
        "scikit-learn's clip is the eps of the input's dtype, so its answer depends on the "
        f"dtype ([log of zero]({LOG0})).",
    ),
    Case(
        "float32",
        "binary, y = 1, p̂ = 1 − 1e-8, float32",
        {"y": np.array([1.0], dtype=np.float32), "yhat": np.array([1 - 1e-8], dtype=np.float32)},
        BINARY_EXACT,
        BINARY,
        "float32 cannot hold 1 − 1e-8: it is 1 before any library sees it, so the exact loss "
        f"of that input is 0 ([log of zero]({LOG0})).",
    ),
    # -- label smoothing ---------------------------------------------------------------------------
    Case(
        "label-smoothing",
        "categorical from logits, ε = 0.1, K = 3",
        {"labels": np.array([0, 1, 2, 2]), "Y": np.eye(3)[[0, 1, 2, 2]], "Z": Z3},
        "categorical_cross_entropy(Y, Z, from_logits=True, label_smoothing=0.1)",
        {
            "SciPy": "-np.mean(np.sum((0.9 * Y + 0.1 / 3) * special.log_softmax(Z, axis=-1), "
            "axis=-1))",
            "PyTorch": "F.cross_entropy(Z, labels, label_smoothing=0.1)",
            "Keras": "keras.losses.CategoricalCrossentropy(from_logits=True, "
            "label_smoothing=0.1)(Y, Z)",
        },
        f"Both frameworks smooth the target to (1 − ε) y + ε / K ([label smoothing]({SMOOTHING})).",
    ),
    Case(
        "label-smoothing",
        "integer labels, ε = 0.1, K = 3",
        {"labels": np.array([0, 1, 2, 2]), "Y": np.eye(3)[[0, 1, 2, 2]], "Z": Z3},
        "categorical_cross_entropy(Y, Z, from_logits=True, label_smoothing=0.1)",
        {
            "PyTorch": "F.cross_entropy(Z, labels, label_smoothing=0.1)",
            "Keras": "keras.losses.SparseCategoricalCrossentropy(from_logits=True, "
            "label_smoothing=0.1)(labels, Z)",
        },
        "Keras' sparse loss has no smoothing; one-hot encode the labels and use the "
        f"categorical loss ([label smoothing]({SMOOTHING})).",
    ),
    Case(
        "label-smoothing",
        "binary, ε = 0.1, the sources' ten examples",
        {
            "y": _a(1, 1, 1, 1, 1, 0, 0, 0, 0, 0),
            "yhat": _a(0.8, 0.9, 0.9, 0.6, 0.8, 0.1, 0.4, 0.2, 0.1, 0.3),
        },
        "binary_cross_entropy(0.9 * y + 0.05, yhat)",
        {
            "PyTorch": "F.binary_cross_entropy(yhat, 0.9 * y + 0.05)",
            "Keras": "keras.losses.BinaryCrossentropy(label_smoothing=0.1)(y, yhat)",
        },
        "Keras moves each label to (1 − ε) y + ε / 2, the categorical rule with K = 2; "
        f"PyTorch has no option, so smooth the target yourself ([label smoothing]({SMOOTHING})).",
    ),
    # -- weights ---------------------------------------------------------------------------------
    Case(
        "weights",
        "class weights w = [1, 2, 3], labels [0, 1, 2, 2], mean",
        {"labels": np.array([0, 1, 2, 2]), "Z": Z3, "w": _a(1, 2, 3)},
        "sparse_categorical_cross_entropy(labels, Z, from_logits=True, class_weights=w)",
        {
            "NumPy": "np.average(np.log(np.sum(np.exp(Z), axis=-1)) - Z[np.arange(4), labels], "
            "weights=w[labels])",
            "scikit-learn": "log_loss(labels, special.softmax(Z, axis=-1), "
            "sample_weight=w[labels])",
            "PyTorch": "F.cross_entropy(Z, labels, weight=w)",
            "Keras": "keras.losses.SparseCategoricalCrossentropy(from_logits=True)"
            "(labels, Z, sample_weight=w[labels])",
        },
        "A weighted mean divides by the sum of the weights (xent_ref, PyTorch, scikit-learn); "
        "Keras' default divides the weighted sum by the batch size, unless given "
        f'`reduction="mean_with_sample_weight"` ([reductions]({REDUCTIONS})).',
    ),
    # -- ignored --------------------------------------------------------------------------------
    Case(
        "ignored",
        "labels [0, −100, 2, 2], −100 ignored",
        {"labels": np.array([0, -100, 2, 2]), "keep": np.array([True, False, True, True]), "Z": Z3},
        "sparse_categorical_cross_entropy(labels[keep], Z[keep], from_logits=True)",
        {
            "PyTorch": "F.cross_entropy(Z, labels, ignore_index=-100)",
            "Keras": "keras.losses.SparseCategoricalCrossentropy(from_logits=True, "
            "ignore_class=-100)(labels, Z)",
        },
        "Both average over the three labels kept; with xent_ref, drop them first "
        f"([practice]({PRACTICE})).",
    ),
    Case(
        "ignored",
        "every label ignored, labels [−100, −100, −100, −100]",
        {"labels": np.array([-100, -100, -100, -100]), "keep": np.zeros(4, dtype=bool), "Z": Z3},
        "sparse_categorical_cross_entropy(labels[keep], Z[keep], from_logits=True)",
        {
            "PyTorch": "F.cross_entropy(Z, labels, ignore_index=-100)",
            "Keras": "keras.losses.SparseCategoricalCrossentropy(from_logits=True, "
            "ignore_class=-100)(labels, Z)",
        },
        "The mean of no losses is 0 / 0: PyTorch returns nan (its gradient is exactly 0), "
        f"Keras 0; xent_ref refuses ([reductions]({REDUCTIONS})).",
    ),
    # -- KL ---------------------------------------------------------------------------------
    Case(
        "kl",
        "KL(P ‖ Q), P = [0.1, 0.4, 0.5], Q = [0.8, 0.15, 0.05], called as f(P, Q)",
        {"p": _a(0.1, 0.4, 0.5), "q": _a(0.8, 0.15, 0.05)},
        KL_EXACT,
        {
            "NumPy": "np.sum(p * np.log(p / q))",
            "SciPy": "stats.entropy(p, q)",
            "PyTorch": 'F.kl_div(p, q, reduction="sum")',
            "Keras": "keras.losses.kl_divergence(p, q)",
        },
        "PyTorch's `F.kl_div(input, target)` wants the model's log-probabilities first and "
        "computes KL(target ‖ exp(input)); given (P, Q) it returns a negative number "
        f"([KL]({KL_ORDER})).",
    ),
    Case(
        "kl",
        "the same, with PyTorch called as documented: F.kl_div(log Q, P)",
        {"p": _a(0.1, 0.4, 0.5), "q": _a(0.8, 0.15, 0.05)},
        KL_EXACT,
        {"PyTorch": 'F.kl_div(torch.log(q), p, reduction="sum")'},
        f"Log-probabilities of the model first, the target distribution second ([KL]({KL_ORDER})).",
    ),
    Case(
        "kl",
        "target in log space with a zero: log P = [log 0.5, log 0.5, −inf], Q = [0.5, 0.25, 0.25]",
        {
            "p": _a(0.5, 0.5, 0),
            "logp": _a(np.log(0.5), np.log(0.5), -np.inf),
            "q": _a(0.5, 0.25, 0.25),
        },
        KL_EXACT,
        {
            "NumPy": "np.sum(np.exp(logp) * (logp - np.log(q)))",
            "SciPy": "np.sum(special.rel_entr(np.exp(logp), q))",
            "PyTorch": 'F.kl_div(torch.log(q), logp, reduction="sum", log_target=True)',
        },
        "`log_target=True` computes exp(log p) · (log p − log q) and 0 · (−inf) is nan; "
        "with probabilities, PyTorch takes 0 log 0 = 0 only in the target's p log p term, "
        "so a zero that Q shares still gives 0 · (−inf) = nan "
        f"([KL]({KL_ZERO})).",
    ),
    Case(
        "kl",
        "a batch of two rows, the default (mean) reduction",
        {
            "p": np.array([[0.1, 0.4, 0.5], [0.3, 0.3, 0.4]]),
            "q": np.array([[0.8, 0.15, 0.05], [0.2, 0.5, 0.3]]),
        },
        "np.mean(kl_divergence(p, q))",
        {
            "NumPy": "np.mean(np.sum(p * np.log(p / q), axis=-1))",
            "SciPy": "np.mean(stats.entropy(p, q, axis=-1))",
            "PyTorch": "F.kl_div(torch.log(q), p)",
            "Keras": "keras.losses.KLDivergence()(p, q)",
        },
        'PyTorch\'s `"mean"` divides by rows × classes (and warns); the mean KL per example '
        f'is `reduction="batchmean"` ([reductions]({REDUCTIONS})).',
    ),
    Case(
        "kl",
        'the same batch, PyTorch with `reduction="batchmean"`',
        {
            "p": np.array([[0.1, 0.4, 0.5], [0.3, 0.3, 0.4]]),
            "q": np.array([[0.8, 0.15, 0.05], [0.2, 0.5, 0.3]]),
        },
        "np.mean(kl_divergence(p, q))",
        {"PyTorch": 'F.kl_div(torch.log(q), p, reduction="batchmean")'},
        "Divides by the number of rows: the mean KL divergence per example "
        f"([reductions]({REDUCTIONS})).",
    ),
    Case(
        "kl",
        "q = 0 where p > 0: p = [0.5, 0.5, 0], q = [0.5, 0, 0.5]",
        {"p": _a(0.5, 0.5, 0), "q": _a(0.5, 0, 0.5)},
        KL_EXACT,
        KL_CALLS,
        "Q calls an event impossible that P produces: the divergence is infinite; Keras "
        f"clips both arguments at 1e-7 and returns a finite number ([KL]({KL_ZERO})).",
    ),
    # -- Gaussian --------------------------------------------------------------------------------
    Case(
        "gaussian",
        "y = [1, 2], mean = [0.5, 2.5], σ = 2, PyTorch's default (full=False)",
        {"t": _a(1, 2), "mu": _a(0.5, 2.5), "sigma": _a(2, 2)},
        GAUSS_EXACT,
        {
            "NumPy": "np.mean(0.5 * np.log(2 * np.pi * sigma**2) + (t - mu) ** 2 / (2 * sigma**2))",
            "SciPy": "-np.mean(stats.norm.logpdf(t, mu, sigma))",
            "PyTorch": "F.gaussian_nll_loss(mu, t, sigma**2)",
        },
        "PyTorch drops the constant ½ log 2π, which changes the value but not the gradient "
        f"([Gaussian NLL]({GAUSSIAN})).",
    ),
    Case(
        "gaussian",
        "the same, full=True",
        {"t": _a(1, 2), "mu": _a(0.5, 2.5), "sigma": _a(2, 2)},
        GAUSS_EXACT,
        {"PyTorch": "F.gaussian_nll_loss(mu, t, sigma**2, full=True)"},
        f"With the constant: the negative log-density, averaged ([Gaussian NLL]({GAUSSIAN})).",
    ),
    Case(
        "gaussian",
        "the same, σ passed where PyTorch expects the variance",
        {"t": _a(1, 2), "mu": _a(0.5, 2.5), "sigma": _a(2, 2)},
        GAUSS_EXACT,
        {"PyTorch": "F.gaussian_nll_loss(mu, t, sigma, full=True)"},
        "The third argument of `gaussian_nll_loss` is σ², not σ; nothing checks "
        f"([Gaussian NLL]({GAUSSIAN})).",
    ),
    Case(
        "gaussian",
        "a very small σ = 1e-4: y = [1e-4], mean = [0]",
        {"t": _a(1e-4), "mu": _a(0), "sigma": _a(1e-4)},
        GAUSS_EXACT,
        {
            "SciPy": "-np.mean(stats.norm.logpdf(t, mu, sigma))",
            "PyTorch": "F.gaussian_nll_loss(mu, t, sigma**2, full=True)",
        },
        "PyTorch clamps the variance at eps = 1e-6 for stability, which here changes the "
        f"answer ([Gaussian NLL]({GAUSSIAN})).",
    ),
)
