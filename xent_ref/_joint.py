"""Joint entropy, conditional entropy and mutual information of a joint probability table.

Every function takes one table ``pxy`` whose last two axes hold the joint distribution of a pair
of discrete variables: ``pxy[..., i, j]`` is :math:`P(X = x_i, Y = y_j)`, so X runs down the
rows (axis -2) and Y along the columns (axis -1). Leading axes, if any, are a batch of tables.
For the other order, pass ``np.swapaxes(pxy, -1, -2)``.

The marginals are sums of many entries, and mutual information is small exactly when the table
is close to the product of its marginals, where rounded marginals would decide the answer. So
the marginals are carried in double-double arithmetic (a float64 pair whose sum holds about 106
bits), and the product of the marginals, and its difference from the table, keep enough digits
for the divergence series to work on.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from ._information import entropy
from ._series import V_MAX, atanh_tail, two_product_error
from ._validation import (
    SUM_TOLERANCE,
    FloatArray,
    Result,
    check_probabilities,
    in_base,
    log_of_base,
)


def check_joint_table(pxy: npt.ArrayLike) -> FloatArray:
    """Return `pxy` as float64, checking that its last two axes are a joint distribution."""
    a = check_probabilities(pxy, "pxy")
    if a.ndim < 2:
        raise ValueError(
            "`pxy` must be a joint probability table with X along axis -2 and Y along axis -1 "
            f"(got shape {a.shape})"
        )
    if a.shape[-2] == 0 or a.shape[-1] == 0:
        raise ValueError(f"`pxy` must have at least one row and one column (got shape {a.shape})")
    s = a.sum(axis=(-2, -1))
    dev = np.abs(s - 1.0)
    if dev.size:
        i = int(np.argmax(dev))
        if not float(np.ravel(dev)[i]) <= SUM_TOLERANCE:
            got = float(np.ravel(s)[i])
            raise ValueError(f"`pxy` must sum to 1 over its last two axes (got {got!r})")
    return a


def _scalar_or_array(x: FloatArray) -> Result:
    return np.float64(x) if x.ndim == 0 else x


def _double_double_sum(a: FloatArray, axis: int) -> tuple[FloatArray, FloatArray]:
    """Sum `a` along `axis` as a pair (hi, lo) whose sum carries about 106 bits.

    Knuth's TwoSum keeps the rounding error of every addition; the loop runs over the summed
    axis, each step vectorised over all the other sums.
    """
    moved = np.moveaxis(a, axis, 0)
    s = np.zeros(moved.shape[1:])
    c = np.zeros(moved.shape[1:])
    for x in moved:
        t = s + x
        bp = t - s
        c += (s - (t - bp)) + (x - bp)
        s = t
    hi = s + c
    lo = c - (hi - s)
    return hi, lo


def joint_entropy(pxy: npt.ArrayLike, *, base: float | None = None) -> Result:
    r"""Joint entropy :math:`H(X, Y) = -\sum_{x, y} p(x, y) \log p(x, y)`.

    Parameters
    ----------
    pxy : array_like, shape (..., n_x, n_y)
        Joint probability table: ``pxy[..., i, j]`` is :math:`P(X = x_i, Y = y_j)`, entries in
        [0, 1] that sum to 1 (within 1e-6) over the last two axes. Leading axes are a batch.
    base : float, optional
        Base of the logarithm: None (the default) for nats, 2 for bits.

    Returns
    -------
    numpy.float64 or numpy.ndarray
        The joint entropy of each table: a scalar for one table, an array of the batch shape
        for a batch.

    See Also
    --------
    entropy : the same sum over one axis; ``joint_entropy(pxy)`` is the entropy of the
        flattened table.
    conditional_entropy : :math:`H(Y \mid X) = H(X, Y) - H(X)`.
    mutual_information : :math:`I(X; Y) = H(X) + H(Y) - H(X, Y)`.
    cross_entropy : :math:`H(P, Q)`, a different quantity despite the similar notation.

    Notes
    -----
    The entropy of the pair (X, Y) seen as one variable: the uncertainty of both together. It
    takes one distribution, of two variables; the cross-entropy :math:`H(P, Q)` takes two
    distributions of one variable. By the convention :math:`0 \log 0 = 0`, impossible pairs
    contribute nothing. :math:`\max(H(X), H(Y)) \le H(X, Y) \le H(X) + H(Y)`, with equality on
    the right exactly when X and Y are independent. It is the :func:`entropy` of the flattened
    table, so the result is within 4 ulp of the exact value.

    References
    ----------
    .. [1] T. M. Cover and J. A. Thomas, *Elements of Information Theory*, 2nd ed., Wiley, 2006,
       sec. 2.2.

    Examples
    --------
    >>> import numpy as np
    >>> from xent_ref import entropy, joint_entropy
    >>> p, q = np.array([0.10, 0.40, 0.50]), np.array([0.80, 0.15, 0.05])
    >>> h = joint_entropy(np.outer(p, q), base=2)  # X ~ p and Y ~ q, independent
    >>> print(f"{h:.3f} bits = {entropy(p, base=2) + entropy(q, base=2):.3f} bits")
    2.245 bits = 2.245 bits
    >>> print(f"{joint_entropy([[0.5, 0.0], [0.0, 0.5]], base=2):.3f} bits")  # Y = X
    1.000 bits
    """
    a = check_joint_table(pxy)
    log_of_base(base)  # checked here, so that a bad base names this function's argument
    flat = a.reshape((*a.shape[:-2], -1))
    h: Result = entropy(flat, base=base)
    return h


def conditional_entropy(pxy: npt.ArrayLike, *, base: float | None = None) -> Result:
    r"""Conditional entropy :math:`H(Y \mid X) = \sum_x p(x)\, H(Y \mid X = x)`.

    Equivalently :math:`H(Y \mid X) = -\sum_{x, y} p(x, y) \log p(y \mid x)`, the entropy of Y
    left on average once X is known.

    Parameters
    ----------
    pxy : array_like, shape (..., n_x, n_y)
        Joint probability table: ``pxy[..., i, j]`` is :math:`P(X = x_i, Y = y_j)`, entries in
        [0, 1] that sum to 1 (within 1e-6) over the last two axes. X, the variable conditioned
        on, runs along axis -2; for :math:`H(X \mid Y)` pass ``np.swapaxes(pxy, -1, -2)``.
    base : float, optional
        Base of the logarithm: None (the default) for nats, 2 for bits.

    Returns
    -------
    numpy.float64 or numpy.ndarray
        :math:`H(Y \mid X) \ge 0` for each table: a scalar for one table, an array of the batch
        shape for a batch.

    See Also
    --------
    joint_entropy : the chain rule :math:`H(X, Y) = H(X) + H(Y \mid X)`.
    mutual_information : :math:`I(X; Y) = H(Y) - H(Y \mid X)`.
    cross_entropy : a classifier's expected loss, :math:`\sum_x p(x) H(p(\cdot \mid x),
        q(\cdot \mid x))`, which is at least :math:`H(Y \mid X)`.

    Notes
    -----
    Each term is :math:`p(x, y) \log(p(x) / p(x, y)) \ge 0`, so the sum cancels nothing. Where
    :math:`p(x, y)` is most of its row, :math:`\log(p(x) / p(x, y))` is computed as
    :math:`\operatorname{log1p}(r / p(x, y))` with :math:`r = p(x) - p(x, y)`, the rest of the
    row, from a row sum in double-double arithmetic (each number a pair of floats whose sum
    carries about twice the precision of one): a row that is almost one-hot keeps the relative
    accuracy of its small conditional entropy, and the result is within 4 ulp of the exact
    value. Rows with :math:`p(x) = 0` contribute nothing. The table is used as given (not
    renormalised), so :math:`H(X, Y) = H(X) + H(Y \mid X)` holds for a table that sums to 1
    only within rounding too, with ``H(X) = entropy(pxy.sum(axis=-1))``.

    References
    ----------
    .. [1] T. M. Cover and J. A. Thomas, *Elements of Information Theory*, 2nd ed., Wiley, 2006,
       sec. 2.2.

    Examples
    --------
    >>> import numpy as np
    >>> from xent_ref import conditional_entropy, entropy, joint_entropy
    >>> pxy = np.array([[0.4, 0.1], [0.1, 0.4]])  # rows: x; columns: y
    >>> print(f"H(Y | X) = {conditional_entropy(pxy, base=2):.3f} bits")
    H(Y | X) = 0.722 bits
    >>> chain = entropy(pxy.sum(axis=1)) + conditional_entropy(pxy)
    >>> bool(np.isclose(chain, joint_entropy(pxy), rtol=1e-15))
    True
    >>> print(conditional_entropy([[0.5, 0.0], [0.0, 0.5]]))  # Y is a function of X
    0.0
    """
    a = check_joint_table(pxy)
    log_base = log_of_base(base)
    px_hi, px_lo = _double_double_sum(a, -1)
    px_hi, px_lo = px_hi[..., None], px_lo[..., None]
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        # The rest of the row: exact subtraction where p(x, y) is close to p(x) (Sterbenz).
        rest = np.maximum((px_hi - a) + px_lo, 0.0)
        close = rest <= a
        ratio = px_hi / a  # inf where a = 0 (those terms are dropped) or a is far below p(x)
        log_ratio = np.where(
            close,
            np.log1p(rest / a),
            np.where(np.isfinite(ratio), np.log(ratio), np.log(px_hi) - np.log(a)),
        )
        terms = np.where(a > 0.0, a * log_ratio, 0.0)
    h = _scalar_or_array(terms.sum(axis=(-2, -1)))
    return in_base(h, log_base)


def mutual_information(pxy: npt.ArrayLike, *, base: float | None = None) -> Result:
    r"""Mutual information :math:`I(X; Y) = \mathrm{KL}(P_{XY} \,\|\, P_X \otimes P_Y)`.

    That is :math:`\sum_{x, y} p(x, y) \log \frac{p(x, y)}{p(x)\, p(y)}`, which equals
    :math:`H(Y) - H(Y \mid X) = H(X) - H(X \mid Y) = H(X) + H(Y) - H(X, Y)`.

    Parameters
    ----------
    pxy : array_like, shape (..., n_x, n_y)
        Joint probability table: ``pxy[..., i, j]`` is :math:`P(X = x_i, Y = y_j)`, entries in
        [0, 1] that sum to 1 (within 1e-6) over the last two axes. Leading axes are a batch.
        Mutual information is symmetric, so the order of X and Y does not matter.
    base : float, optional
        Base of the logarithm: None (the default) for nats, 2 for bits.

    Returns
    -------
    numpy.float64 or numpy.ndarray
        :math:`I(X; Y) \ge 0` for each table, and exactly 0 for a table that equals the product
        of its marginals: a scalar for one table, an array of the batch shape for a batch.

    See Also
    --------
    kl_divergence : the divergence this is an instance of.
    conditional_entropy : :math:`H(Y \mid X)`, the entropy left after X is known.
    joint_entropy : :math:`H(X, Y)`.

    Notes
    -----
    Computed directly as a divergence, never as a difference of entropies, which loses every
    digit when X and Y are nearly independent: a mutual information of 1e-20 nats sits below
    the rounding error of entropies of order 1. With :math:`q = p(x) p(y)`, each term is the
    generalised divergence term :math:`p \log(p / q) - p + q \ge 0`, and the terms sum to the
    mutual information because the :math:`-p + q` parts add up to 0. Where :math:`p / q` lies
    in [1/3, 3] the term is evaluated by the same atanh series as `kl_divergence`, from
    :math:`d = p - q`; the marginals and :math:`q` are carried in double-double precision (as
    pairs of floats, like the row sums above), so that :math:`d` keeps its relative accuracy
    when it is tiny. Within a term the series cancels at most a tenth of its first part and
    the direct form at most a factor of about 2.5, as in `kl_divergence`; the terms are
    non-negative, so their sum cancels nothing. The result is never negative and is within
    4 ulp of the exact value.

    A table that sums to 1 only within rounding (up to 1e-6) stands for the normalised table
    :math:`p / S`, :math:`S = \sum_{x, y} p(x, y)`, whose mutual information is returned:
    :math:`\frac{1}{S} \sum p \log \frac{S\, p}{p(x) p(y)}`. Without the normalisation, a
    product table off by :math:`\delta` in its sum would get about :math:`-\delta` from the
    textbook sum. So ``mutual_information`` differs from ``entropy(py) -
    conditional_entropy(pxy)``, which do not renormalise, by :math:`(1 - S) I + S \log S`
    when S is not 1.

    References
    ----------
    .. [1] C. E. Shannon, "A mathematical theory of communication", *Bell System Technical
       Journal* 27, 1948.
    .. [2] T. M. Cover and J. A. Thomas, *Elements of Information Theory*, 2nd ed., Wiley, 2006,
       sec. 2.4.

    Examples
    --------
    >>> import numpy as np
    >>> from xent_ref import conditional_entropy, entropy, mutual_information
    >>> pxy = np.array([[0.4, 0.1], [0.1, 0.4]])
    >>> i = mutual_information(pxy, base=2)
    >>> h_y, h_y_given_x = entropy(pxy.sum(axis=0), base=2), conditional_entropy(pxy, base=2)
    >>> print(f"I = {i:.3f} bits = {h_y:.3f} - {h_y_given_x:.3f} bits")
    I = 0.278 bits = 1.000 - 0.722 bits
    >>> print(mutual_information(np.outer([0.25, 0.75], [0.5, 0.5])))  # independent
    0.0
    >>> eps = 1e-10  # nearly independent: I is about 8 eps^2 nats
    >>> print(f"{mutual_information([[0.25 + eps, 0.25 - eps], [0.25 - eps, 0.25 + eps]]):.4e}")
    8.0000e-20
    """
    a = check_joint_table(pxy)
    log_base = log_of_base(base)
    px_hi, px_lo = _double_double_sum(a, -1)
    py_hi, py_lo = _double_double_sum(a, -2)
    # S in double-double too: an error of delta in S scales every q by 1 + delta, which the
    # generalised terms cancel to first order only, leaving about delta^2 / 2 nats.
    s_hi, s_lo = _double_double_sum(np.concatenate([px_hi, px_lo], axis=-1), -1)
    s_hi, s_lo = s_hi[..., None, None], s_lo[..., None, None]
    px_hi, px_lo = px_hi[..., :, None], px_lo[..., :, None]
    py_hi, py_lo = py_hi[..., None, :], py_lo[..., None, :]
    # r = p(x) p(y), then q = r / S for the normalised table, both in double-double. The
    # products' errors are exact for the factors met here (in [0, 1], products above about
    # 1e-290); below that the split halves underflow and the error, far below any result, with
    # them.
    r_hi = px_hi * py_hi
    r_lo = two_product_error(px_hi, py_hi) + (px_hi * py_lo + px_lo * py_hi)
    q_hi = r_hi / s_hi
    residual = (r_hi - q_hi * s_hi) - two_product_error(q_hi, s_hi)  # exact: r_hi - q_hi s_hi
    q_lo = (residual + r_lo - q_hi * s_lo) / s_hi
    d = (a - q_hi) - q_lo  # the first subtraction is exact where a and q_hi are close
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        u = d / (a + q_hi)
        v = u * u
        close = v <= V_MAX  # False for the NaN of p = q = 0
        # Direct form where p / q is far from 1; p log(p/q) is 0 where p = 0 (then d = -q).
        log_pq = np.log(a / q_hi)
        underflow = (q_hi == 0.0) & (a > 0.0)  # p(x) p(y) below the smallest float
        if underflow.any():
            log_pq = np.where(
                underflow, np.log(a) - np.log(px_hi) - np.log(py_hi) + np.log(s_hi), log_pq
            )
        terms = np.where(a > 0.0, a * log_pq, 0.0) - d
        if close.any():
            series = np.empty_like(v)
            atanh_tail(np.where(close, v, 0.0), series, scale=2.0)
            series = u * (d + a * v * series)
            terms = np.where(close, series, terms)
    i = _scalar_or_array(terms.sum(axis=(-2, -1)) / s_hi[..., 0, 0])
    return in_base(i, log_base)
