"""High-precision reference values (mpmath, 120 significant digits) for the accuracy tests.

Each reference takes the float64 inputs exactly as given (every float64 is an exact rational)
and evaluates the defining formula in 120-digit arithmetic, in a form that cancels nothing
where it can (log1p of the sum of the other classes' exponentials for a log-softmax, say). Where
a cancellation is unavoidable (a Gaussian negative log-likelihood near 0, a log-sum-exp of
log-probabilities) it costs at most about 40 of the 120 digits for any float input, which
leaves the reference's own error far below one float64 ulp.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import SupportsFloat

import mpmath as mp
import numpy as np
import numpy.typing as npt

DIGITS = 120

# A vector of float64 inputs: a list, or an array.
Floats = Sequence[float] | npt.NDArray[np.float64]


def mpf(x: float) -> mp.mpf:
    return mp.mpf(float(x))


def ulps(got: SupportsFloat, ref: mp.mpf) -> float:
    """Distance from `got` to the exact value `ref`, in units of the last place of `ref`.

    Exact zeros and infinities must be matched exactly (distance 0 or inf).
    """
    value = float(got)
    if mp.isinf(ref) or ref == 0:
        return 0.0 if value == float(ref) else np.inf
    with mp.workdps(DIGITS):
        ulp = mpf(np.spacing(abs(float(ref))))
        return float(abs(mpf(value) - ref) / ulp)


def entropy(p: Iterable[float], counts: Iterable[int] | None = None) -> mp.mpf:
    """-sum p log p, optionally with each p repeated counts times."""
    p = list(p)
    counts = [1] * len(p) if counts is None else list(counts)
    with mp.workdps(DIGITS):
        pairs = zip(p, counts, strict=True)
        return -mp.fsum(n * mpf(x) * mp.log(mpf(x)) for x, n in pairs if x > 0)


def cross_entropy(p: Floats, q: Floats) -> mp.mpf:
    with mp.workdps(DIGITS):
        terms = []
        for a, b in zip(p, q, strict=True):
            if a == 0:
                continue
            if b == 0:
                return mp.inf
            terms.append(-mpf(a) * mp.log(mpf(b)))
        return mp.fsum(terms)


def kl(p: Floats, q: Floats) -> mp.mpf:
    """sum p log(p / q), the textbook form."""
    with mp.workdps(DIGITS):
        terms = []
        for a, b in zip(p, q, strict=True):
            if a == 0:
                continue
            if b == 0:
                return mp.inf
            terms.append(mpf(a) * mp.log(mpf(a) / mpf(b)))
        return mp.fsum(terms)


def generalised_kl(p: Floats, q: Floats) -> mp.mpf:
    """sum p log(p / q) - p + q: equal to `kl` when p and q sum to the same value."""
    with mp.workdps(DIGITS):
        return kl(p, q) + mp.fsum(mpf(b) for b in q) - mp.fsum(mpf(a) for a in p)


def softplus(x: float) -> mp.mpf:
    """log(1 + e^x), with log1p so that e^x far below 1 keeps all its digits."""
    with mp.workdps(DIGITS):
        return mp.log1p(mp.exp(mpf(x)))


def binary_logits(y: float, z: float) -> mp.mpf:
    with mp.workdps(DIGITS):
        terms = []
        if y != 0:
            terms.append(mpf(y) * softplus(-z))
        if y != 1:
            terms.append((1 - mpf(y)) * softplus(z))
        return mp.fsum(terms)


def binary_probabilities(y: float, p: float) -> mp.mpf:
    with mp.workdps(DIGITS):
        terms = []
        if y != 0:
            terms.append(-mpf(y) * mp.log(mpf(p)) if p > 0 else mp.inf)
        if y != 1:
            terms.append(-(1 - mpf(y)) * mp.log1p(-mpf(p)) if p < 1 else mp.inf)
        return mp.fsum(terms)


def neg_log_softmax(z: Floats, k: int) -> mp.mpf:
    """logsumexp(z) - z_k = log1p(sum_{j != k} e^(z_j - z_k)): no cancellation at any size."""
    if z[k] == -np.inf:
        return mp.inf  # a class of probability 0
    with mp.workdps(DIGITS):
        zk = mpf(z[k])
        return mp.log1p(mp.fsum(mp.exp(mpf(x) - zk) for j, x in enumerate(z) if j != k))


def logsumexp(z: Floats) -> mp.mpf:
    with mp.workdps(DIGITS):
        k = int(np.argmax(z))
        return mpf(z[k]) + neg_log_softmax(z, k)


def softmax(z: Floats, k: int) -> mp.mpf:
    with mp.workdps(DIGITS):
        return mp.exp(-neg_log_softmax(z, k))


def gaussian_kl(mp_: float, sp: float, mq: float, sq: float) -> mp.mpf:
    with mp.workdps(DIGITS):
        r2 = (mpf(sp) / mpf(sq)) ** 2
        d2 = ((mpf(mp_) - mpf(mq)) / mpf(sq)) ** 2
        # (r2 - 1 - log r2) / 2 + d2 / 2: the cancellation of r2 - 1 - log r2 costs at most
        # 2 log10(1 / |r2 - 1|) digits, under 70 for any two floats that differ.
        return (r2 - 1 - mp.log(r2)) / 2 + d2 / 2


def log_sqrt_2pi_times(s: float) -> mp.mpf:
    """log(s sqrt(2 pi)), the log part of a Gaussian negative log-likelihood."""
    with mp.workdps(DIGITS):
        return mp.log(mpf(s)) + mp.log(2 * mp.pi) / 2


def gaussian_nll(y: float, mu: float, s: float) -> mp.mpf:
    with mp.workdps(DIGITS):
        t = (mpf(y) - mpf(mu)) / mpf(s)
        return log_sqrt_2pi_times(s) + t * t / 2


def gaussian_entropy(s: float) -> mp.mpf:
    with mp.workdps(DIGITS):
        return mp.log(mpf(s)) + mp.log(2 * mp.pi * mp.e) / 2


def gaussian_cross_entropy(mp_: float, sp: float, mq: float, sq: float) -> mp.mpf:
    with mp.workdps(DIGITS):
        r = mpf(sp) / mpf(sq)
        d = (mpf(mp_) - mpf(mq)) / mpf(sq)
        return log_sqrt_2pi_times(sq) + (r * r + d * d) / 2


def squared_error_mean(a: Floats, b: Floats) -> mp.mpf:
    with mp.workdps(DIGITS):
        return mp.fsum((mpf(x) - mpf(y)) ** 2 for x, y in zip(a, b, strict=True)) / len(a)


def categorical_logits(y: Floats, z: Floats, e: float = 0.0) -> mp.mpf:
    """sum_k t_k (-log softmax(z)_k) with the target t = (1 - e) y + e / K taken exactly."""
    with mp.workdps(DIGITS):
        k = len(z)
        terms = []
        for i, yi in enumerate(y):
            t = (1 - mpf(e)) * mpf(yi) + mpf(e) / k
            if t != 0:
                terms.append(t * neg_log_softmax(z, i))
        return mp.fsum(terms)


def categorical_probabilities(y: Floats, q: Floats, e: float = 0.0) -> mp.mpf:
    """sum_k t_k (-log q_k) with the target t = (1 - e) y + e / K taken exactly."""
    with mp.workdps(DIGITS):
        k = len(q)
        t = [(1 - mpf(e)) * mpf(yi) + mpf(e) / k for yi in y]
        return cross_entropy(t, q)
