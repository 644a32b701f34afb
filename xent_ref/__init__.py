"""xent_ref: cross-entropy, derived and executed.

A small numpy-only reference for the quantities of information theory that machine learning
uses as losses: surprisal, entropy, cross-entropy and KL divergence; the binary, categorical and
sparse categorical cross-entropy losses; log-sum-exp and softmax; and the Gaussian negative
log-likelihood with its closed-form entropy, cross-entropy and divergence. Every function is
exact by default (no clipping, no renormalising of inputs that are not distributions) and
strict about its input, and its docstring states its accuracy: a few ulp of the exact value,
except where a result near 0 is the difference of two larger parts (the Gaussian negative
log-likelihood and cross-entropy for a standard deviation below 1/sqrt(2 pi), the log-sum-exp
of log-probabilities), where the docstring bounds the error in absolute terms instead, and for
the Brier score, whose relative bound grows with the number of classes.

Examples
--------
>>> import xent_ref
>>> p, q = [0.10, 0.40, 0.50], [0.80, 0.15, 0.05]
>>> print(f"{xent_ref.cross_entropy(p, q, base=2):.3f} bits")
3.288 bits
"""

from ._divergences import diagonal_gaussian_kl, js_divergence
from ._gaussian import (
    gaussian_cross_entropy,
    gaussian_entropy,
    gaussian_kl_divergence,
    gaussian_nll,
    mean_squared_error,
)
from ._information import cross_entropy, entropy, kl_divergence, surprisal
from ._joint import conditional_entropy, joint_entropy, mutual_information
from ._losses import (
    binary_cross_entropy,
    categorical_cross_entropy,
    sparse_categorical_cross_entropy,
)
from ._scoring import brier_score
from ._softmax import log_softmax, logsumexp, softmax

__version__ = "0.1.0"

__all__ = [
    "__version__",
    "binary_cross_entropy",
    "brier_score",
    "categorical_cross_entropy",
    "conditional_entropy",
    "cross_entropy",
    "diagonal_gaussian_kl",
    "entropy",
    "gaussian_cross_entropy",
    "gaussian_entropy",
    "gaussian_kl_divergence",
    "gaussian_nll",
    "joint_entropy",
    "js_divergence",
    "kl_divergence",
    "log_softmax",
    "logsumexp",
    "mean_squared_error",
    "mutual_information",
    "softmax",
    "sparse_categorical_cross_entropy",
    "surprisal",
]
