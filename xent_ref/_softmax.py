"""The log-sum-exp of logits and the softmax distribution they define.

Every function here needs exp(z - m), where m is the maximum of the logits, and that
difference is rounded: ``exp`` turns an absolute rounding error of ulp(z - m) / 2 into a
relative one of the same size: up to 2^-44, about 256 ulp, where z - m lies between -745 and
-512 (below that the exponential underflows to 0). There are two exact routes.

Direct: where every row's maximum m is at most 709 - ln K and either at least 0 or every logit
is at least -708, no exponential overflows, and none that underflows matters: that happens
only with m >= 0, where such a term is below 1e-300 of the largest, e^m >= 1 (and its own
probability is below the smallest normal float). So exp(z) is taken of the logits as given,
with no shift to round. The softmax is exp(z) / sum exp(z), and the sum s
of the other classes' exp(z_j - m) is (sum over j != k* of exp(z_j)) / exp(m).

Shifted: elsewhere (logits beyond 709, or very negative ones), the difference is taken exactly,
as x + r with x = fl(z - m) and r its rounding error (Knuth's TwoSum), and r is folded back in:
exp(z - m) = exp(x) (1 + r) to within an ulp.

Each block of rows takes the direct route when it can, so that typical logits pay for no
TwoSum. Log-probabilities need no residual outside the sum: (z - m) - log1p(s) adds two
non-positive terms, so the rounding of z - m (at most half an ulp of z - m) is at most half an
ulp of the result.

Row sums: numpy's sum adds a row contiguous in memory (as every work array here is) of 8 to 128
terms in 8 lanes of up to 16 terms each, one after the other (the last few terms, short of a
multiple of 8, after the lanes); a longer row it splits in two near its middle, at a multiple
of 8 terms, until the parts fit, and adds their sums pairwise. So a plain sum of a few hundred
exponentials can be off by several roundings; in a softmax that error reaches every probability
of the row (5.5 ulp measured in a row of 84 logits). The softmax's sums, and the shifted
route's sums of exponentials (which the cross-entropy from logits always takes), are therefore
formed by a sum that splits each term at a power of 2, so that most of the sum is exact and the
rest is too small to matter. The direct route of `logsumexp` and `log_softmax` keeps numpy's
sum: it reaches them through log1p, the accuracy tests measure them within bound with it, and
it spares them the extra passes.

The results are within a few ulp of the exact values for the float logits given, however
large and far apart they are.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from ._blocks import BLOCK, rows_view, tiles
from ._series import dd_exp, exp_split, two_sum
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

#: exp(z) is a normal float for z >= -708 (the smallest normal float is e^-708.40).
_NORMAL_EXP = -708.0
#: exp(m) stays below the largest float (e^709.78) for m <= 709, and so does K exp(m) for
#: m <= 709 - ln K.
_EXP_LIMIT = 709.0


@dataclass
class LogitRows:
    """Validated logits viewed as rows (one row per distribution), with each row's maximum."""

    z: FloatArray  # (rows, K)
    idx: IntArray  # (rows,): where each row's maximum is
    m: FloatArray  # (rows,): each row's maximum, finite
    shape: tuple[int, ...]  # of the logits as given
    axis: int

    @property
    def reduced_shape(self) -> tuple[int, ...]:
        return self.shape[: self.axis] + self.shape[self.axis + 1 :]

    @property
    def direct_limit(self) -> float:
        """The largest row maximum for which exp(z) itself is computed."""
        return _EXP_LIMIT - math.log(self.z.shape[1])


class _ExpMaxima:
    """exp(m) of the rows' maxima as e (1 + rel), to about 2^-59, for the direct route; with e
    split into a high half of 26 bits and the rest, for exact products.

    Computed a chunk of rows at a time as the tiles ask for them (in increasing order), so that
    only a chunk is ever held: O(block) memory, whatever the number of rows.
    """

    def __init__(self, rows: LogitRows) -> None:
        self.m = rows.m
        self.start = self.stop = 0
        self.parts: tuple[FloatArray, ...] = ()

    def get(self, r0: int, r1: int) -> tuple[FloatArray, ...]:
        if not (self.start <= r0 and r1 <= self.stop):
            self.start, self.stop = r0, max(r1, min(self.m.size, r0 + _EXP_ROWS))
            e, rel = exp_split(np.clip(self.m[self.start : self.stop], _NORMAL_EXP, _EXP_LIMIT))
            e_hi = _high_half(e)
            self.parts = (e, rel, e_hi, e - e_hi)
        return tuple(a[r0 - self.start : r1 - self.start] for a in self.parts)


#: Rows per chunk of `_ExpMaxima`.
_EXP_ROWS = 4096


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
    return LogitRows(rows, idx, m, a.shape, ax)


@dataclass
class Tile:
    """A block of the logits: rows r0:r1, columns c0:c1, with work arrays of the same shape."""

    r0: int
    r1: int
    c0: int
    c1: int
    z: FloatArray  # the logits of the tile
    m: FloatArray  # (rows, 1): their rows' maxima
    #: exp of their maxima, on the direct route (see `_ExpMaxima`).
    exp_m: tuple[FloatArray, ...] | None
    work: list[FloatArray]
    #: (row, column) indices within the tile of the rows' maxima that the tile holds.
    own: tuple[IntArray, IntArray]
    #: Whether the tile takes the direct route (exp of the logits themselves).
    direct: bool


def _tiles(rows: LogitRows, n: int, route: bool = True, need_exp_m: bool = True) -> Iterator[Tile]:
    """The tiles of `rows`, each with `n` work arrays, and the route each takes.

    Without `route` every tile takes the shifted route; without `need_exp_m` the direct
    route's tiles come without exp(m).
    """
    nrows, cols = rows.z.shape
    size = min(BLOCK, nrows * cols) if cols <= BLOCK else BLOCK
    # The first work array is all a direct tile needs; the others are made for the first
    # shifted tile.
    buffers = [np.empty(size)]
    limit = rows.direct_limit
    maxima = _ExpMaxima(rows)
    for r0, r1, c0, c1 in tiles(nrows, cols):
        nr, nc = r1 - r0, c1 - c0
        zt = rows.z[r0:r1, c0:c1]
        m = rows.m[r0:r1]
        direct = False
        if route:
            lo, hi = float(m.min()), float(m.max())
            direct = hi <= limit and (lo >= 0.0 or float(zt.min()) >= _NORMAL_EXP)
        cols_k = rows.idx[r0:r1] - c0
        inside = (cols_k >= 0) & (cols_k < nc)
        own = (np.flatnonzero(inside), cols_k[inside])
        if not direct and len(buffers) < n:
            buffers += [np.empty(size) for _ in range(n - 1)]
        work = [b[: nr * nc].reshape(nr, nc) for b in buffers]
        exp_m = None
        if direct and need_exp_m:
            exp_m = maxima.get(r0, r1)
        yield Tile(r0, r1, c0, c1, zt, m[:, np.newaxis], exp_m, work, own, direct)


def _shift(zt: FloatArray, mt: FloatArray, x: FloatArray, r: FloatArray, t: FloatArray) -> None:
    """x + r = zt - mt exactly, with x = fl(zt - mt) (Knuth's TwoSum); `t` is scratch.

    Where x is -inf (a logit of -inf, or z - m below -1.8e308) r is NaN: see `_fix_infinite`.
    """
    with np.errstate(over="ignore", invalid="ignore"):
        np.subtract(zt, mt, out=x)
        np.subtract(x, zt, out=r)  # the part of x that came from -m
        np.subtract(x, r, out=t)
        np.subtract(zt, t, out=t)  # the error on the z side
        np.add(mt, r, out=r)
        np.subtract(t, r, out=r)  # plus the error on the m side


def _fix_infinite(x: FloatArray, r: FloatArray) -> None:
    # Where x is -inf, exp(x) is 0 and the residual is 0 too.
    np.copyto(r, 0.0, where=np.isneginf(x))


def _shifted_exp(t: Tile, e: FloatArray, fix: bool) -> tuple[FloatArray, FloatArray]:
    """exp(z - m) of the tile into `e` (0 at the rows' maxima); returns their row sums, as an
    exact part and a small remainder (see `row_sums`).

    Without `fix` a row holding z - m = -inf gets a NaN sum, and the caller calls again with it.
    """
    x, r, tmp = t.work[-3:]
    _shift(t.z, t.m, x, r, tmp)
    if fix:
        _fix_infinite(x, r)
    with np.errstate(invalid="ignore"):  # NaN where x is -inf, when not fixed
        np.exp(x, out=e)
        np.multiply(e, r, out=tmp)
        e += tmp  # exp(x + r) = exp(x) (1 + r) to well within an ulp
    e[t.own] = 0.0
    return row_sums(e, 1.0, tmp)  # every term is at most 1


#: The unit roundoff of float64, 2^-53.
_U = 2.0**-53


def row_sums(a: FloatArray, top: float, scratch: FloatArray) -> tuple[FloatArray, FloatArray]:
    """Row sums of a tile of terms of one sign, each at most `top` in magnitude, as hi + lo:
    hi exact, and hi + lo within 2^-56 of the exact sum, relative; `scratch` is a work array
    like `a`.

    A plain sum of K terms can be off by many roundings (numpy adds up to 16 terms one after
    the other in each of its lanes). Here each term is split at a power of 2, sigma, at least
    2K times every term: q = (sigma + a) - sigma keeps the term's bits down to about an ulp of
    sigma and is exact, and so is any sum of the q of one row (they are multiples of
    2^-53 sigma, and their sum stays below sigma in magnitude). The rest, a - q, is exact too,
    at most 2^-53 sigma each, so that its plain sum errs by at most K^2 2^-106 sigma. Rows
    whose sum is too small for that to be below 2^-56 of it (their terms far below `top`) are
    done again with their own sigma; terms that are not finite give the plain sum.
    """
    k = a.shape[1]
    if not (math.isfinite(top) and k):
        plain: FloatArray = a.sum(axis=1)
        return plain, np.zeros_like(plain)
    scale = (2 * k - 1).bit_length()  # 2^scale >= 2K
    exponent = math.frexp(top)[1] + scale  # sigma = 2^exponent >= 2K top
    shift = max(0, exponent - 1023)  # sigma must be a float: scale big terms down exactly
    if shift:
        a = a * 2.0**-shift
        exponent -= shift
    with np.errstate(invalid="ignore", over="ignore"):  # NaN or inf terms, found by the caller
        hi, lo = _split_sums(a, math.ldexp(1.0, exponent), scratch)
        small = np.flatnonzero(np.abs(hi + lo) < 8.0 * k * k * _U * math.ldexp(1.0, exponent))
        if small.size:
            part = a[small]
            top_each = np.frexp(np.abs(part).max(axis=1))[1] + scale
            hi[small], lo[small] = _split_sums(
                part, np.ldexp(1.0, top_each)[:, np.newaxis], np.empty_like(part)
            )
    if shift:
        hi *= 2.0**shift
        lo *= 2.0**shift
    return hi, lo


def _split_sums(
    a: FloatArray, sigma: float | FloatArray, scratch: FloatArray
) -> tuple[FloatArray, FloatArray]:
    """Per row, the exact sum of the parts q of `a` above half an ulp of sigma, and the plain
    sum of the rest (see `row_sums`)."""
    np.add(a, sigma, out=scratch)
    scratch -= sigma
    hi: FloatArray = scratch.sum(axis=1)
    np.subtract(a, scratch, out=scratch)
    lo: FloatArray = scratch.sum(axis=1)
    return hi, lo


def _tile_s(t: Tile, e: FloatArray) -> FloatArray:
    """The tile's part of s = sum over j != k* of exp(z_j - m), per row; `e` is scratch."""
    if t.direct:
        total = _direct_total(t, e)
        assert t.exp_m is not None
        em, rel = t.exp_m[:2]
        s: FloatArray = total / em
        s -= s * rel  # s / (1 + rel), to well within an ulp
        return s
    return _shifted_s(t, e)


def _shifted_s(t: Tile, e: FloatArray) -> FloatArray:
    hi, lo = _shifted_parts(t, e)
    s: FloatArray = hi + lo
    return s


def _shifted_parts(t: Tile, e: FloatArray) -> tuple[FloatArray, FloatArray]:
    """`_shifted_exp`, called again with `fix` where a row sum is NaN."""
    hi, lo = _shifted_exp(t, e, fix=False)
    if np.isnan(hi).any() or np.isnan(lo).any():
        hi, lo = _shifted_exp(t, e, fix=True)
    return hi, lo


def _direct_total(t: Tile, e: FloatArray) -> FloatArray:
    """Per row of a direct tile, the sum over j != k* of exp(z_j); `e` is scratch."""
    np.exp(t.z, out=e)
    e[t.own] = 0.0
    total: FloatArray = e.sum(axis=1)
    return total


def _log1p_ratio(total: FloatArray, exp_m: tuple[FloatArray, ...]) -> FloatArray:
    """log1p(total / exp(m)) per row, with the division carried exactly.

    s = total / exp(m) is the rounded quotient plus its error, found exactly from the remainder
    total - s exp(m) (Dekker's product), so that the division costs no rounding:
    log1p(s + c) = log1p(s) + c / (1 + s).
    """
    em, rel, em_hi, em_lo = exp_m
    s = total / em
    s_hi = _high_half(s)
    s_lo = s - s_hi
    p = s * em
    err = ((s_hi * em_hi - p) + s_hi * em_lo + s_lo * em_hi) + s_lo * em_lo  # s em = p + err
    c = ((total - p) - err) / em  # total - p is exact: p is within an ulp or two of it
    c -= s * rel  # and exp(m) = em (1 + rel)
    out: FloatArray = np.log1p(s)
    out += c / (1.0 + s)
    return out


#: Tiles whose per-row arithmetic is done together, to spread numpy's cost per call.
_GROUP = 8


def _log_softmax_whole_rows(rows: LogitRows, out: FloatArray) -> None:
    """`out` = (z - m) - log1p(s), tile by tile, for rows that fit in a tile.

    Each tile's sums are formed while it is in the cache; the per-row arithmetic is done for a
    group of consecutive tiles of one route at once, and then their log-probabilities.
    """
    raw = np.empty(rows.z.shape[0])  # per row: the direct total, or s on the shifted route
    group: list[Tile] = []
    maxima = _ExpMaxima(rows)

    def flush() -> None:
        r0, r1 = group[0].r0, group[-1].r1
        if group[0].direct:
            log1p_s = _log1p_ratio(raw[r0:r1], maxima.get(r0, r1))
        else:
            log1p_s = np.log1p(raw[r0:r1])
        for t in group:
            o = out[t.r0 : t.r1]
            np.subtract(t.z, t.m, out=o)
            o -= log1p_s[t.r0 - r0 : t.r1 - r0, np.newaxis]
        group.clear()

    for t in _tiles(rows, 4, need_exp_m=False):
        if group and (t.direct != group[0].direct or len(group) == _GROUP):
            flush()
        e = t.work[0]
        raw[t.r0 : t.r1] = _direct_total(t, e) if t.direct else _shifted_s(t, e)
        group.append(t)
    if group:
        flush()


def _high_half(x: FloatArray) -> FloatArray:
    """`x` with the low 27 bits of its significand cleared: x - that is exact, 27 bits."""
    hi: FloatArray = (x.view(np.int64) & ~np.int64(2**27 - 1)).view(np.float64)
    return hi


@dataclass
class ExpSums:
    """Row sums from one pass over the logits."""

    s: FloatArray  # sum over j != k* of exp(z_j - m): logsumexp = m + log1p(s)
    yx: FloatArray | None = None  # sum of y_j (m - z_j), rounded part
    yr: FloatArray | None = None  # sum of y_j r_j, the residuals
    ux: FloatArray | None = None  # sum of (m - z_j), rounded part
    ur: FloatArray | None = None  # sum of r_j


def exp_sums(
    rows: LogitRows, weights: FloatArray | None = None, unweighted: bool = False
) -> ExpSums:
    """One pass over the logits: s, and optionally weighted sums of m - z.

    With `weights` (rows by K, non-negative), the sums of w (m - z) are returned in two parts,
    rounded and residual; with `unweighted`, those of (m - z) too.
    """
    nrows = rows.z.shape[0]
    out = ExpSums(np.zeros(nrows))
    if weights is None and not unweighted:
        for t in _tiles(rows, 4):
            out.s[t.r0 : t.r1] += _tile_s(t, t.work[0])
        return out
    if weights is not None:
        out.yx, out.yr = np.zeros(nrows), np.zeros(nrows)
    if unweighted:
        out.ux, out.ur = np.zeros(nrows), np.zeros(nrows)
    for t in _tiles(rows, 4, route=False):
        wt = None if weights is None else weights[t.r0 : t.r1, t.c0 : t.c1]
        parts = _weighted_tile(t, wt, unweighted, fix=False)
        if any(np.isnan(p).any() for p in parts):
            parts = _weighted_tile(t, wt, unweighted, fix=True)
        s, yx, yr, ux, ur = parts
        out.s[t.r0 : t.r1] += s
        if out.yx is not None and out.yr is not None:
            out.yx[t.r0 : t.r1] -= yx
            out.yr[t.r0 : t.r1] += yr
        if out.ux is not None and out.ur is not None:
            out.ux[t.r0 : t.r1] -= ux
            out.ur[t.r0 : t.r1] += ur
    return out


def _weighted_tile(
    t: Tile, wt: FloatArray | None, unweighted: bool, fix: bool
) -> tuple[FloatArray, ...]:
    """Row sums of a tile: s, then w x and w r (or empty), then x and r (or empty)."""
    e, x, r, tmp = t.work
    empty = np.zeros(0)
    yx = yr = ux = ur = empty
    _shift(t.z, t.m, x, r, tmp)
    if fix:
        _fix_infinite(x, r)
    with np.errstate(invalid="ignore"):  # 0 * -inf and NaN residuals, repaired on the call with fix
        if wt is not None:
            np.multiply(wt, x, out=tmp)
            if fix:
                np.copyto(tmp, 0.0, where=wt == 0.0)
            yx = tmp.sum(axis=1)
            np.multiply(wt, r, out=tmp)
            yr = tmp.sum(axis=1)
        if unweighted:
            ux = x.sum(axis=1)
            ur = r.sum(axis=1)
        np.exp(x, out=e)
        np.multiply(e, r, out=tmp)
        e += tmp
    e[t.own] = 0.0
    hi, lo = row_sums(e, 1.0, x)
    return hi + lo, yx, yr, ux, ur


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
    maximum's own term out of the sum keeps the small remainder exact. Each term
    :math:`e^{z_j - m}` is computed without rounding :math:`z_j - m` (as :math:`e^{z_j} / e^m`
    where no exponential can overflow or underflow, else with the difference taken exactly: see
    the module notes), so the result is within 4 ulp of the exact value wherever
    :math:`m \ge 0` or the two terms do not nearly cancel. Where they do
    (log-probabilities, whose log-sum-exp is 0 up to their rounding), the sum is formed in
    double-double arithmetic (each number a pair of floats whose sum carries about twice the
    precision of one) and the result is within an absolute 1e-31 per class of the exact
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
    0, so the rounding of :math:`z_k - m` costs at most half an ulp of the result, and the sum
    is formed without rounding any :math:`z_j - m` (see the module notes): every entry is within
    4 ulp of the exact value.

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
    with np.errstate(over="ignore"):  # z - m below -1.8e308 is -inf, as it should be
        if rows.z.shape[1] <= BLOCK:  # whole rows in every tile: one pass
            _log_softmax_whole_rows(rows, out)
        else:  # rows longer than a block: s first, then the log-probabilities
            log1p_s = np.log1p(exp_sums(rows).s)
            for r0, r1, c0, c1 in tiles(*rows.z.shape):
                o = out[r0:r1, c0:c1]
                np.subtract(rows.z[r0:r1, c0:c1], rows.m[r0:r1, np.newaxis], out=o)
                o -= log1p_s[r0:r1, np.newaxis]
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
    :math:`m = \max_j z_j`, or as :math:`e^{z_k} / \sum_j e^{z_j}` where no exponential can
    overflow or underflow; adding a constant to every logit leaves the result unchanged. No
    difference :math:`z_k - m` is rounded, and the row sum is formed with an error below
    :math:`2^{-56}` of it (see the module notes), so what is left is the rounding of the
    exponentials, of the sum and of the division. The accuracy tests measure every probability
    within 4 ulp of the exact value (2.9 at worst, over rows of 10 to 400 logits of scale 0.1 to
    100), apart from those below the smallest normal float, 2.2e-308, which are rounded to a
    multiple of 4.9e-324.

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
    whole_rows = rows.z.shape[1] <= BLOCK
    s_hi = np.zeros(rows.z.shape[0])
    s_lo = np.zeros(rows.z.shape[0])
    # Rows longer than a block take the shifted route in every part, to share one division.
    for t in _tiles(rows, 3, route=whole_rows, need_exp_m=False):
        e = out[t.r0 : t.r1, t.c0 : t.c1]
        if t.direct:
            np.exp(t.z, out=e)
            # Every exp(z) is at most exp(m) (1 + 2^-50), and the sum is rounded once.
            top = math.exp(float(t.m.max())) * (1.0 + 2.0**-50)
            hi, lo = row_sums(e, top, t.work[0])
            hi += lo
            e /= hi[:, np.newaxis]
            continue
        # exp(z - m), with exactly 1 at each row's maximum, over 1 + s.
        hi, lo = _shifted_parts(t, e)
        e[t.own] = 1.0
        if whole_rows:
            hi += 1.0  # exact where sigma >= 2: hi is then a multiple of 2^-52 sigma
            hi += lo
            e /= hi[:, np.newaxis]
        else:  # the parts of rows longer than a block, added with TwoSum
            s_hi[t.r0 : t.r1], err = two_sum(s_hi[t.r0 : t.r1], hi)
            s_lo[t.r0 : t.r1] += err + lo
    if not whole_rows:  # rows longer than a block: divided once every part of s is in
        s_hi += 1.0
        s_hi += s_lo
        out /= s_hi[:, np.newaxis]
    return _as_logits_shape(rows, out)
