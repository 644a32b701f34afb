"""The log-sum-exp of logits and the softmax distribution they define.

Every function here shifts the logits by their maximum m, so that no exponential overflows.
The shift z - m is rounded, and ``exp`` turns an absolute rounding error of ulp(z - m) / 2 into
a relative one of the same size: about 256 ulp for a spread of 2000. So the difference is
taken exactly, as x + r with x = fl(z - m) and r its rounding error (Knuth's TwoSum), and r is
folded back in: exp(z - m) = exp(x) (1 + r) to within an ulp, and z - m = x + r exactly in the
log-probabilities and losses. The results are then within a few ulp of the exact values for
the float logits given, however large and far apart they are.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from ._blocks import BLOCK, rows_view, tiles
from ._series import dd_exp
from ._validation import (
    FloatArray,
    IntArray,
    Result,
    as_float_array,
    check_axis,
    check_classes,
    check_row_maxima,
    shown_axis,
)


@dataclass
class LogitRows:
    """Validated logits viewed as rows (one row per distribution), with each row's maximum."""

    z: FloatArray  # (rows, K)
    idx: IntArray  # (rows,): where each row's maximum is
    m: FloatArray  # (rows,): each row's maximum, finite
    #: Whether some z - m is -inf (a logit of -inf, or a difference that overflows), where the
    #: TwoSum residual is NaN and must be set to 0.
    risky: bool
    shape: tuple[int, ...]  # of the logits as given
    axis: int

    @property
    def reduced_shape(self) -> tuple[int, ...]:
        return self.shape[: self.axis] + self.shape[self.axis + 1 :]


def logit_rows(z: npt.ArrayLike, name: str, axis: object) -> LogitRows:
    """Validate logits along `axis` and find each row's maximum.

    Logits are any real numbers or -inf (a class of probability 0), never +inf or NaN, and each
    row needs one finite logit. They are checked through their maxima, which ``argmax`` finds
    anyway: it stops at a NaN, so a row's maximum is NaN if the row has one.
    """
    a = as_float_array(z, name)
    ax = check_axis(axis, a, name)
    check_classes(a, name, ax, shown_axis(axis))
    rows = rows_view(a, ax)
    idx = np.argmax(rows, axis=1)
    m = rows[np.arange(rows.shape[0]), idx]
    check_row_maxima(m, name, shown_axis(axis))
    risky = bool(rows.size) and not float(rows.min()) - float(m.max()) > -math.inf
    return LogitRows(rows, idx, m, risky, a.shape, ax)


def _shift(zt: FloatArray, mt: FloatArray, x: FloatArray, r: FloatArray, t: FloatArray) -> None:
    """x + r = zt - mt exactly, with x = fl(zt - mt) (Knuth's TwoSum); `t` is scratch."""
    with np.errstate(over="ignore", invalid="ignore"):  # fixed below where x is -inf
        np.subtract(zt, mt, out=x)
        np.subtract(x, zt, out=r)  # the part of x that came from -m
        np.subtract(x, r, out=t)
        np.subtract(zt, t, out=t)  # the error on the z side
        np.add(mt, r, out=r)
        np.subtract(t, r, out=r)  # plus the error on the m side


def _fix_infinite(x: FloatArray, r: FloatArray) -> None:
    # Where x is -inf (a logit of -inf, or z - m below -1.8e308) exp(x) is 0 and r is NaN.
    np.copyto(r, 0.0, where=np.isneginf(x))


class _Tiles:
    """Work arrays for the tiles of a `LogitRows` and the loop over them."""

    def __init__(self, rows: LogitRows, n: int) -> None:
        nrows, cols = rows.z.shape
        size = min(BLOCK, nrows * cols) if cols <= BLOCK else BLOCK
        self.rows = rows
        self.buffers = [np.empty(size) for _ in range(n)]

    def __iter__(self):  # type: ignore[no-untyped-def]
        rows = self.rows
        for r0, r1, c0, c1 in tiles(*rows.z.shape):
            nr, nc = r1 - r0, c1 - c0
            work = [b[: nr * nc].reshape(nr, nc) for b in self.buffers]
            zt = rows.z[r0:r1, c0:c1]
            mt = rows.m[r0:r1, np.newaxis]
            yield r0, r1, c0, c1, zt, mt, work


def _own_entries(rows: LogitRows, r0: int, r1: int, c0: int, c1: int) -> tuple[IntArray, IntArray]:
    """(row, column) indices, within a tile, of the rows' maxima that the tile holds."""
    cols = rows.idx[r0:r1] - c0
    inside = (cols >= 0) & (cols < c1 - c0)
    return np.flatnonzero(inside), cols[inside]


@dataclass
class ExpSums:
    """Row sums from one pass over the logits."""

    s: FloatArray  # sum over j != k* of exp(z_j - m): logsumexp = m + log1p(s)
    yx: FloatArray | None = None  # sum of y_j (m - z_j), rounded part
    yr: FloatArray | None = None  # sum of y_j r_j, the residuals
    ux: FloatArray | None = None  # sum of (m - z_j), rounded part
    ur: FloatArray | None = None  # sum of r_j


def exp_sums(
    rows: LogitRows,
    store: FloatArray | None = None,
    weights: FloatArray | None = None,
    unweighted: bool = False,
    residuals: FloatArray | None = None,
) -> ExpSums:
    """One pass over the logits: s, and optionally the softmax numerators or weighted sums.

    With `store` (rows by K), the numerators exp(z - m) are written there, with exactly 1 at
    each row's maximum. With `weights` (rows by K, non-negative), the sums of w (m - z) are
    returned in two parts, rounded and residual; with `unweighted`, those of (m - z) too. With
    `residuals` (rows by K), the rounding errors r of z - m are written there.
    """
    nrows = rows.z.shape[0]
    out = ExpSums(np.zeros(nrows))
    if weights is not None:
        out.yx, out.yr = np.zeros(nrows), np.zeros(nrows)
    if unweighted:
        out.ux, out.ur = np.zeros(nrows), np.zeros(nrows)
    for r0, r1, c0, c1, zt, mt, (x, r, t) in _Tiles(rows, 3):
        if residuals is not None:
            r = residuals[r0:r1, c0:c1]
        _shift(zt, mt, x, r, t)
        if rows.risky:
            _fix_infinite(x, r)
        if weights is not None:
            assert out.yx is not None and out.yr is not None
            wt = weights[r0:r1, c0:c1]
            with np.errstate(invalid="ignore"):  # 0 * -inf, repaired below
                np.multiply(wt, x, out=t)
            if rows.risky:
                np.copyto(t, 0.0, where=wt == 0.0)
            out.yx[r0:r1] -= t.sum(axis=1)
            np.multiply(wt, r, out=t)
            out.yr[r0:r1] += t.sum(axis=1)
        if unweighted:
            assert out.ux is not None and out.ur is not None
            out.ux[r0:r1] -= x.sum(axis=1)
            out.ur[r0:r1] += r.sum(axis=1)
        e = x if store is None else store[r0:r1, c0:c1]
        np.exp(x, out=e)
        np.multiply(e, r, out=t)
        e += t  # exp(x + r) = exp(x) (1 + r) to well within an ulp
        i, j = _own_entries(rows, r0, r1, c0, c1)
        e[i, j] = 0.0
        out.s[r0:r1] += e.sum(axis=1)
        if store is not None:
            e[i, j] = 1.0
    return out


def _reshaped(rows: LogitRows, values: FloatArray) -> Result:
    """Per-row values shaped like the logits without their class axis (a scalar for 1-d)."""
    if len(rows.shape) == 1:
        return np.float64(values[0])
    return values.reshape(rows.reduced_shape)


def _as_logits_shape(rows: LogitRows, out: FloatArray) -> FloatArray:
    """A (rows, K) result shaped like the logits, with the class axis back in its place."""
    moved = rows.shape[: rows.axis] + rows.shape[rows.axis + 1 :] + (rows.shape[rows.axis],)
    return np.moveaxis(out.reshape(moved), -1, rows.axis)


def logsumexp(z: npt.ArrayLike, *, axis: int = -1) -> Result:
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
    maximum's own term out of the sum keeps the small remainder exact. Each difference
    :math:`z_j - m` is taken exactly (see the module notes), so the result is within 4 ulp of the
    exact value wherever :math:`m \ge 0` or the two terms do not nearly cancel. Where they do
    (log-probabilities, whose log-sum-exp is 0 up to their rounding), the sum is formed in
    double-double arithmetic and the result is within an absolute 1e-31 per class of the exact
    value. A row whose logits are all -inf has no finite log-sum-exp and is refused.

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
    rows = logit_rows(z, "z", axis)
    sums = exp_sums(rows)
    lse = rows.m + np.log1p(sums.s)
    _refine_near_zero(rows, sums.s, lse)
    return _reshaped(rows, lse)


def _refine_near_zero(rows: LogitRows, s: FloatArray, lse: FloatArray) -> None:
    """Recompute, in double-double arithmetic, the rows where m + log1p(s) cancels."""
    with np.errstate(invalid="ignore"):
        bad = np.flatnonzero((rows.m < 0.0) & (np.abs(lse) < np.log1p(s)))
    if bad.size:
        lse[bad] = _logsumexp_dd(rows.z[bad])


def _logsumexp_dd(z: FloatArray) -> FloatArray:
    """log sum exp(z) along axis 1 for rows whose result is small next to their logits.

    The sum S of the exponentials is formed in double-double arithmetic and the result is
    log1p(S - 1), with S - 1 exact; it is within 1e-31 per class (absolute) of the exact value.
    """
    hi = np.zeros(z.shape[0])
    lo = np.zeros(z.shape[0])
    for j in range(z.shape[1]):
        e_hi, e_lo = dd_exp(z[:, j])
        s = hi + e_hi
        b = s - hi
        err = (hi - (s - b)) + (e_hi - b)
        hi = s
        lo += err + e_lo
    d = hi - 1.0
    b = d - hi
    err = (hi - (d - b)) + (-1.0 - b)
    lo += err
    total = d + lo
    out: FloatArray = np.log1p(total) + ((d - total) + lo) / (1.0 + total)
    return out


def log_softmax(z: npt.ArrayLike, *, axis: int = -1) -> FloatArray:
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
    the log-probability of the most likely class when it is close to 0. Both terms are at most
    0 and :math:`z_k - m` is taken exactly, so every entry is within 4 ulp of the exact value.

    Examples
    --------
    >>> import numpy as np
    >>> from xent_ref import log_softmax
    >>> print(log_softmax([0.0, 0.0]) == -np.log(2))
    [ True  True]
    >>> print(f"{-log_softmax([50.0, 0.0])[0]:.6e}")  # e^-50, not 0
    1.928750e-22
    """
    rows = logit_rows(z, "z", axis)
    out = np.empty(rows.z.shape)
    # The first pass leaves the residuals r in `out`; the second adds x - log1p(s) to them.
    log1p_s = np.log1p(exp_sums(rows, residuals=out).s)[:, np.newaxis]
    for r0, r1, c0, c1, zt, mt, (x,) in _Tiles(rows, 1):
        with np.errstate(over="ignore"):  # z - m below -1.8e308 is -inf, as it should be
            np.subtract(zt, mt, out=x)
        x -= log1p_s[r0:r1]
        out[r0:r1, c0:c1] += x
    return _as_logits_shape(rows, out)


def softmax(z: npt.ArrayLike, *, axis: int = -1) -> FloatArray:
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
    :math:`m = \max_j z_j`; adding a constant to every logit leaves the result unchanged. The
    differences :math:`z_k - m` are taken exactly, so every probability is within 4 ulp of the
    exact value (apart from those below the smallest normal float, 2.2e-308, which are
    rounded to a multiple of 4.9e-324).

    Examples
    --------
    >>> from xent_ref import softmax
    >>> print(softmax([0.0, 0.0, 0.0, 0.0]))
    [0.25 0.25 0.25 0.25]
    >>> print(softmax([1e4, 0.0]))
    [1. 0.]
    """
    rows = logit_rows(z, "z", axis)
    out = np.empty(rows.z.shape)
    sums = exp_sums(rows, store=out)
    sums.s += 1.0
    out /= sums.s[:, np.newaxis]
    return _as_logits_shape(rows, out)
