"""The log-sum-exp of logits and the softmax distribution they define."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from ._special import Workspace, blockwise_sum
from ._validation import (
    FloatArray,
    Result,
    as_float_array,
    check_axis,
    check_class_axis,
    check_row_maxima,
)


def shifted_logits(z: FloatArray, name: str, axis: int) -> tuple[FloatArray, FloatArray, Result]:
    """Split ``logsumexp(z) = m + log1p(s)`` along `axis` without rounding `s` into 1 + s.

    Returns ``(x, m, s)``: `m` is the maximum along `axis` (kept as a length-1 axis), `x` is
    ``z - m`` (at most 0, and exactly 0 at the maximum), and `s` is the sum of ``exp(x)`` over
    every entry but the maximum itself. Leaving that entry's term (exactly 1) out of `s` lets
    ``log1p(s)`` keep its relative accuracy when the other classes are negligible: the loss of a
    confident correct prediction, 1e-20 or smaller, is not rounded to 0.
    """
    check_class_axis(z, name, axis)
    idx = np.argmax(z, axis=axis, keepdims=True)
    m = np.take_along_axis(z, idx, axis=axis)
    check_row_maxima(m, name, axis)
    # A logit more than the largest float below the maximum overflows z - m to -inf, whose
    # exponential is 0, the correctly rounded value.
    with np.errstate(over="ignore"):
        x = z - m
    np.put_along_axis(x, idx, -np.inf, axis=axis)
    s = blockwise_sum(_exp, x, axis=axis)
    np.put_along_axis(x, idx, 0.0, axis=axis)
    return x, m, s


def _exp(x: FloatArray, out: FloatArray, work: Workspace) -> None:
    np.exp(x, out=out)


def _prepare(z: npt.ArrayLike, axis: int) -> tuple[FloatArray, int]:
    # The logits are checked for NaN and +inf by shifted_logits, through their maxima.
    a = as_float_array(z, "z")
    ax = check_axis(a, "z", axis)
    return a, ax


def logsumexp(z: npt.ArrayLike, axis: int = -1) -> Result:
    r"""Log-sum-exp :math:`\log \sum_j e^{z_j}` along an axis, without overflow.

    Parameters
    ----------
    z : array_like
        Logits: any real numbers, or -inf (a class of probability 0); not +inf or NaN.
    axis : int, optional
        The axis to reduce (default -1, the last).

    Returns
    -------
    numpy.float64 or numpy.ndarray
        The log-sum-exp, with `axis` removed.

    See Also
    --------
    log_softmax : :math:`z_k - \operatorname{logsumexp}(z)`.
    softmax : :math:`e^{z_k} / \sum_j e^{z_j}`.

    Notes
    -----
    With :math:`m = \max_j z_j` reached at index :math:`k^*`,

    .. math::

        \operatorname{logsumexp}(z) = m + \log\Big(1 + \sum_{j \ne k^*} e^{z_j - m}\Big),

    evaluated with ``log1p``. Every exponent is at most 0, so nothing overflows, and leaving the
    maximum's own term out of the sum keeps the small remainder exact. A row whose logits are
    all -inf has no finite log-sum-exp and is refused.

    References
    ----------
    .. [1] P. Blanchard, D. J. Higham and N. J. Higham, "Accurately computing the log-sum-exp and
       softmax functions", *IMA Journal of Numerical Analysis* 41, 2021.

    Examples
    --------
    >>> import numpy as np
    >>> from xent_ref import logsumexp
    >>> print(f"{logsumexp([1e4, 1e4]):.6f}")  # 1e4 + log 2, no overflow
    10000.693147
    >>> print(f"{logsumexp([0.0, 0.0, -np.inf]):.6f}")
    0.693147
    """
    a, ax = _prepare(z, axis)
    _, m, s = shifted_logits(a, "z", ax)
    lse: Result = np.squeeze(m, axis=ax) + np.log1p(s)
    return lse


def log_softmax(z: npt.ArrayLike, axis: int = -1) -> FloatArray:
    r"""Log-softmax :math:`z_k - \log \sum_j e^{z_j}`: the log-probabilities the logits define.

    Parameters
    ----------
    z : array_like
        Logits: any real numbers, or -inf (probability 0); not +inf or NaN.
    axis : int, optional
        The class axis (default -1, the last).

    Returns
    -------
    numpy.ndarray
        Log-probabilities (in nats) with the shape of `z`; each is at most 0.

    See Also
    --------
    softmax : the probabilities themselves.
    logsumexp : the normaliser.

    Notes
    -----
    Computed as :math:`(z_k - m) - \log(1 + \sum_{j \ne k^*} e^{z_j - m})` with
    :math:`m = \max_j z_j`, so logits of :math:`\pm 10^4` and beyond neither overflow nor lose
    the log-probability of the most likely class when it is close to 0.

    Examples
    --------
    >>> import numpy as np
    >>> from xent_ref import log_softmax
    >>> print(log_softmax([0.0, 0.0]) == -np.log(2))
    [ True  True]
    >>> print(f"{-log_softmax([50.0, 0.0])[0]:.6e}")  # e^-50, not 0
    1.928750e-22
    """
    a, ax = _prepare(z, axis)
    x, _, s = shifted_logits(a, "z", ax)
    x -= np.expand_dims(np.log1p(s), ax)
    return x


def softmax(z: npt.ArrayLike, axis: int = -1) -> FloatArray:
    r"""Softmax :math:`e^{z_k} / \sum_j e^{z_j}`: the probabilities the logits define.

    Parameters
    ----------
    z : array_like
        Logits: any real numbers, or -inf (probability 0); not +inf or NaN.
    axis : int, optional
        The class axis (default -1, the last).

    Returns
    -------
    numpy.ndarray
        Probabilities with the shape of `z`, summing to 1 along `axis`.

    See Also
    --------
    log_softmax : their logarithms, which keep accuracy where the probabilities underflow.

    Notes
    -----
    Computed as :math:`e^{z_k - m} / (1 + \sum_{j \ne k^*} e^{z_j - m})` with
    :math:`m = \max_j z_j`; adding a constant to every logit leaves the result unchanged.

    Examples
    --------
    >>> from xent_ref import softmax
    >>> print(softmax([0.0, 0.0, 0.0, 0.0]))
    [0.25 0.25 0.25 0.25]
    >>> print(softmax([1e4, 0.0]))
    [1. 0.]
    """
    a, ax = _prepare(z, axis)
    check_class_axis(a, "z", ax)
    idx = np.argmax(a, axis=ax, keepdims=True)
    m = np.take_along_axis(a, idx, axis=ax)
    check_row_maxima(m, "z", ax)
    with np.errstate(over="ignore"):  # z - m below -1.8e308 is -inf, whose exp is 0
        e = a - m
    np.exp(e, out=e)
    # The maximum's own term, exactly 1, is added to the others' sum last.
    np.put_along_axis(e, idx, 0.0, axis=ax)
    total = e.sum(axis=ax, keepdims=True)
    total += 1.0
    np.put_along_axis(e, idx, 1.0, axis=ax)
    e /= total
    return e
