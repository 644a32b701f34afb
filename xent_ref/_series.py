"""Series and extra-precision helpers: the atanh series behind the divergences, and the
double-double logarithm behind the Gaussian functions.

The terms of the KL divergence, q ((1 + t) log1p(t) - t), and of the Gaussian one,
w - log1p(w), vanish to second order at 0, where the obvious formulas cancel every digit that
``log1p`` gets right. With u = t / (2 + t), log1p(t) = 2 atanh(u), and expanding atanh gives

    log1p(t) - t          = -t u + 2 u^3 A(u^2)
    (1 + t) log1p(t) - t  =  t u + 2 (1 + t) u^3 A(u^2)

with A(v) = 1/3 + v/5 + v^2/7 + ... = (atanh(sqrt(v)) - sqrt(v)) / v^(3/2). The callers use
these where |u| <= 1/2 (t in [-2/3, 2], so v <= 1/4). There the second part, where its sign
differs from the first (t > 0 in the first form, t < 0 in the second), is at most 0.099 of the
first in size, so at most a tenth cancels. When every v of a block is small (the hard
cases, where t is tiny) the Taylor series of A needs one or two terms; otherwise a degree-13
polynomial fitted to A on [0, 1/4] in the Chebyshev sense (coefficients from mpmath's
``chebyfit`` at 60 digits) is within one ulp of A, where the Taylor series would need 28 terms.

The Gaussian functions take logarithms of sigma times a constant such as sqrt(2 pi), whose
result crosses 0 (at sigma = 1 / sqrt(2 pi) for the negative log-likelihood). There the sum
log(sigma) + log(sqrt(2 pi)) cancels every digit; `log_times` instead forms the product as an
unevaluated sum of two floats (Dekker's exact product) and takes ``log1p`` of its distance
from 1, so that the result keeps its relative accuracy down to about 1e-31.

`dd_exp`, an exponential in double-double arithmetic, serves the rare rows whose log-sum-exp
cancels (log-probabilities, whose log-sum-exp is 0 up to their rounding). `exp_split`, a
cheaper one good to about 2^-59, gives exp(m) of the row maxima that the softmax family's
direct route divides by.
"""

from __future__ import annotations

import decimal
import math

import numpy as np

from ._validation import FloatArray

#: Elements per block: a handful of float64 temporaries of this length fit in a core's L2 cache.
BLOCK = 32768

#: The largest v = u^2 handled by the series, that is |u| <= 1/2: t in [-2/3, 2].
V_MAX = 0.25

# A(v) on [0, 1/4], highest degree first.
_A_FIT = (
    0.21098097885975797,
    -0.14450491183414468,
    0.13557903913692299,
    0.012292448728540531,
    0.05441915418234587,
    0.05160769881147162,
    0.05893099692590042,
    0.06665886352701884,
    0.07692345940270638,
    0.09090907881509189,
    0.11111111133938968,
    0.14285714285490106,
    0.20000000000000864,
    0.3333333333333333,
)


def atanh_tail(v: FloatArray, out: FloatArray, scale: float = 1.0) -> FloatArray:
    """`scale` A(v), A(v) = sum_k v^k / (2k + 3) for 0 <= v <= 1/4, to about one ulp, into `out`.

    A power of 2 for `scale` multiplies every coefficient exactly, saving a pass. Entries of `v`
    above 1/4 (or NaN) get a value that is finite for v <= 1 but meaningless, for callers that
    discard it; they only make the whole block use the fitted polynomial.
    """
    vmax = float(v.max()) if v.size else 0.0
    if not vmax <= V_MAX:
        vmax = V_MAX
    # Taylor terms needed for the first term left out to fall below 2^-56 of the first.
    n = math.ceil(56.0 * math.log(2.0) / -math.log(vmax)) if vmax > 0.0 else 1
    coefficients: tuple[float, ...]
    if n >= len(_A_FIT):
        coefficients = _A_FIT
    else:
        coefficients = tuple(1.0 / (2 * k + 3) for k in range(n - 1, -1, -1))
    if len(coefficients) == 1:
        out.fill(scale * coefficients[0])
        return out
    # The first step of Horner's rule writes c0 v straight into `out`, sparing a fill pass.
    np.multiply(v, scale * coefficients[0], out=out)
    out += scale * coefficients[1]
    for c in coefficients[2:]:
        out *= v
        out += scale * c
    return out


class DoubleDouble:
    """A constant c = hi + lo held to about 106 bits, with the pieces Dekker's product needs."""

    def __init__(self, hi: float, lo: float, log_hi: float, log_lo: float) -> None:
        self.hi, self.lo = hi, lo
        self.log_hi, self.log_lo = log_hi, log_lo  # ln(c), also as two floats
        self.hi_hi = (SPLIT * hi) - ((SPLIT * hi) - hi)
        self.hi_lo = hi - self.hi_hi


#: Dekker's splitting constant, 2^27 + 1: splits a float into two halves of 26 bits.
SPLIT = 134217729.0

#: sqrt(2 pi) and sqrt(2 pi e), with their logarithms, from 60-digit values.
SQRT_2PI = DoubleDouble(
    2.5066282746310007, -1.8328579980459167e-16, 0.9189385332046728, -3.8782941580672414e-17
)
SQRT_2PIE = DoubleDouble(
    4.132731354122493, 1.211870280536999e-16, 1.4189385332046727, 7.223936088184323e-17
)

#: Where `log_times` takes the double-double route: products x c in [1/2, 2]. Outside it,
#: |log(x c)| >= log 2, so the rounding of x c (half an ulp, relative) moves the logarithm by
#: at most one ulp of the result.
_NEAR_ONE = (0.5, 2.0)
#: Products outside these bounds lose digits (subnormal) or overflow: there ln(x) + ln(c).
_PRODUCT_RANGE = (1e-300, 1e300)


def log_times(x: FloatArray, c: DoubleDouble) -> FloatArray:
    """ln(`x` c) for positive finite `x`, to a few ulp, or to about 1e-31 absolute near 0.

    Away from x c = 1 it is ln(fl(x c_hi)) + c_lo / c_hi. Near 1 the product is formed exactly
    as p + e (Dekker's product) and ln(p + e) = log1p((p - 1) + e), where p - 1 is exact. The
    constant's own error, below 1e-32 of it, bounds the absolute accuracy.
    """
    out: FloatArray = np.empty(x.shape)
    with np.errstate(over="ignore", under="ignore"):  # such products take the far route below
        np.multiply(x, c.hi, out=out)
    if out.size and not (out.min() >= _PRODUCT_RANGE[0] and out.max() <= _PRODUCT_RANGE[1]):
        far = (out < _PRODUCT_RANGE[0]) | (out > _PRODUCT_RANGE[1])
        out[far] = 4.0  # a placeholder outside the window, replaced after the logarithm
    else:
        far = None
    near = (out >= _NEAR_ONE[0]) & (out <= _NEAR_ONE[1])
    np.log(out, out=out)
    out += c.lo / c.hi
    if far is not None:
        out[far] = np.log(x[far]) + c.log_lo + c.log_hi
    if near.any():
        xs = x[near]
        p = xs * c.hi
        # Dekker's exact product: xs * c.hi = p + e.
        t = SPLIT * xs
        x_hi = t - (t - xs)
        x_lo = xs - x_hi
        e = ((x_hi * c.hi_hi - p) + x_hi * c.hi_lo + x_lo * c.hi_hi) + x_lo * c.hi_lo
        e += xs * c.lo
        out[near] = np.log1p((p - 1.0) + e)  # p - 1 is exact for p in [1/2, 2] (Sterbenz)
    return out


# --- double-double arithmetic, for the rare rows whose log-sum-exp cancels -----------------
# A pair (hi, lo) stands for hi + lo with |lo| <= ulp(hi) / 2: about 106 bits.

DD = tuple[FloatArray, FloatArray]

#: ln 2 in three pieces of at most 42 bits, so that k * piece is exact for |k| < 2^11.
_LN2_PIECES = (0.6931471805598903, 5.49792301870721e-14, 1.1612227229362532e-26)
#: exp(r) is evaluated at r / 2^_HALVINGS and squared back up.
_HALVINGS = 10
#: 1/k! for the Taylor series of exp(r) - 1, as pairs: exact to about 2^-106.
_INVERSE_FACTORIALS = (
    (1.0, 0.0),
    (0.5, 0.0),
    (0.16666666666666666, 9.25185853854297e-18),
    (0.041666666666666664, 2.3129646346357427e-18),
)


def two_sum(a: FloatArray, b: FloatArray) -> DD:
    """a + b = s + e exactly (Knuth's TwoSum), for any a and b."""
    s = a + b
    bb = s - a
    return s, (a - (s - bb)) + (b - bb)


def _fast_two_sum(a: FloatArray, b: FloatArray) -> DD:
    """For |a| >= |b|."""
    s = a + b
    return s, b - (s - a)


def split(x: FloatArray, hi: FloatArray, lo: FloatArray) -> None:
    """hi + lo = x, halves of 26 bits (Dekker's splitting), whose products are exact."""
    np.multiply(x, SPLIT, out=lo)
    np.subtract(lo, x, out=hi)
    np.subtract(lo, hi, out=hi)
    np.subtract(x, hi, out=lo)


def product_error(
    x: tuple[FloatArray, FloatArray],
    y: tuple[FloatArray, FloatArray],
    p: FloatArray,
    out: FloatArray,
    t: FloatArray,
) -> None:
    """out = x y - p exactly, for p = fl(x y), with x and y split as `split` does.

    The buffers `out` and `t` have the shape of the product; `split` and this function write
    into them in place, for the callers that keep their work arrays (the Gaussian KL).
    """
    np.multiply(x[0], y[0], out=out)
    out -= p
    np.multiply(x[0], y[1], out=t)
    out += t
    np.multiply(x[1], y[0], out=t)
    out += t
    np.multiply(x[1], y[1], out=t)
    out += t


def two_product_error(a: FloatArray, b: FloatArray) -> FloatArray:
    """The rounding error of ``a * b``: ``a * b == fl(a * b) + error`` exactly (Dekker; numpy has
    no fused multiply-add), for factors that broadcast together.

    Exact unless a split half underflows (factors or products near the subnormal range) or
    ``SPLIT`` times a factor overflows (factors above about 1e300).
    """
    parts = []
    for x in (a, b):
        hi, lo = np.empty(np.shape(x)), np.empty(np.shape(x))
        split(x, hi, lo)
        parts.append((hi, lo))
    p = np.multiply(a, b)
    out, t = np.empty(p.shape), np.empty(p.shape)
    product_error(parts[0], parts[1], p, out, t)
    return out


def _two_prod(a: FloatArray, b: FloatArray) -> DD:
    """a b = p + e exactly (see `two_product_error`)."""
    return a * b, two_product_error(a, b)


def _dd_mul(a: DD, b: DD) -> DD:
    p, e = _two_prod(a[0], b[0])
    e += a[0] * b[1] + a[1] * b[0]
    return _fast_two_sum(p, e)


def _dd_add(a: DD, b: DD) -> DD:
    s, e = two_sum(a[0], b[0])
    e += a[1] + b[1]
    return _fast_two_sum(s, e)


def dd_exp(a: FloatArray) -> DD:
    """exp(`a`) as a double-double, to about 2^-104 relative, for a <= 710 (or -inf).

    With k = round(a / ln 2) and r = a - k ln 2 (in double-double), exp(a) = 2^k exp(r);
    exp(r) - 1 comes from the Taylor series at r / 2^10, squared back up ten times as
    E -> E (2 + E), so that nothing near 1 is ever rounded.
    """
    zero = a < -746.0  # exp(a) is below half the smallest subnormal
    a = np.where(zero, 0.0, a)
    k = np.rint(a / _LN2_PIECES[0])
    r_hi, r_lo = two_sum(a - k * _LN2_PIECES[0], -k * _LN2_PIECES[1])
    r_lo -= k * _LN2_PIECES[2]
    r: DD = _fast_two_sum(r_hi, r_lo)
    scale = 2.0**-_HALVINGS
    r = (r[0] * scale, r[1] * scale)
    # Horner's rule: the terms of degree 5 to 9 in plain floats (their rounding is far below
    # 2^-106 of the sum), the rest in double-double.
    tail = np.full(a.shape, 1.0 / 362880.0)
    for n in (40320.0, 5040.0, 720.0, 120.0):
        tail = tail * r[0] + 1.0 / n
    e: DD = (tail, np.zeros(a.shape))
    for c_hi, c_lo in reversed(_INVERSE_FACTORIALS):
        e = _dd_mul(e, r)
        e = _dd_add(e, (np.full(a.shape, c_hi), np.full(a.shape, c_lo)))
    e = _dd_mul(e, r)  # exp(r') - 1
    for _ in range(_HALVINGS):
        e = _dd_mul(e, _dd_add(e, (np.full(a.shape, 2.0), np.zeros(a.shape))))
    hi, lo = _fast_two_sum(np.ones(a.shape), e[0])
    lo += e[1]
    hi, lo = _fast_two_sum(hi, lo)
    ki = k.astype(np.int64)
    hi = np.ldexp(hi, ki)
    lo = np.ldexp(lo, ki)
    hi[zero] = 0.0
    lo[zero] = 0.0
    return hi, lo


# --- exp(m) to about 2^-70, for the row maxima of the softmax family ----------------------
# exp(m) = 2^q 2^(j/64) exp(r), with k = 64 q + j = round(64 m / ln 2) and |r| <= ln 2 / 128.
# The table of 2^(j/64) and the pieces of ln 2 / 64 come from 60-digit decimal arithmetic.

_TABLE_BITS = 6
_N = 2**_TABLE_BITS


def _split_bits(d: decimal.Decimal, bits: int) -> float:
    """`d` rounded toward zero to a float of `bits` significant bits."""
    mant, exp = math.frexp(float(d))
    return math.ldexp(math.trunc(math.ldexp(mant, bits)), exp - bits)


def _constants() -> tuple[tuple[float, float, float], FloatArray, FloatArray]:
    with decimal.localcontext() as ctx:
        ctx.prec = 60
        c = decimal.Decimal(2).ln() / _N
        # 36-bit pieces: k times a piece is exact for |k| < 2^17 (|m| up to 1400).
        c1 = _split_bits(c, 36)
        c2 = _split_bits(c - decimal.Decimal(c1), 36)
        c3 = float(c - decimal.Decimal(c1) - decimal.Decimal(c2))
        hi, lo = [], []
        for j in range(_N):
            t = decimal.Decimal(2) ** (decimal.Decimal(j) / _N)
            hi.append(float(t))
            lo.append(float(t - decimal.Decimal(hi[-1])))
    return (c1, c2, c3), np.array(hi), np.array(lo)


_LN2_N, _POW2_HI, _POW2_LO = _constants()


#: Elements per chunk of `exp_split`: its few dozen temporaries then stay in the cache.
_EXP_CHUNK = 4096


def exp_split(m: FloatArray) -> DD:
    """exp(`m`) as e (1 + rel), to about 2^-59 relative, for finite m in [-708, 709].

    `e` is exp(m) rounded to a float and `rel` (at most 2^-53) the relative correction,
    kept unscaled so that it never underflows. Much cheaper than `dd_exp` (a table of 64 powers
    of 2 instead of ten squarings), and accurate enough that a ratio to it costs one rounding:
    the softmax family divides sums of exp(z_j) by exp(m) this way.
    """
    e, rel = np.empty(m.shape), np.empty(m.shape)
    for start in range(0, m.size, _EXP_CHUNK):
        part = slice(start, start + _EXP_CHUNK)
        e[part], rel[part] = _exp_dd_chunk(m[part])
    return e, rel


def _exp_dd_chunk(m: FloatArray) -> DD:
    c1, c2, c3 = _LN2_N
    k = np.rint(m * (_N / math.log(2.0)))
    a = m - k * c1  # exact: m and k c1 are within a factor 2 of each other, or k = 0
    r1, r2 = two_sum(a, k * -c2)  # k c2 is exact
    r2 -= k * c3
    # w = expm1(r1 + r2) = r1 + r1^2 / 2 + r1^3 (1/6 + r1 / 24 + ...) + r2 (1 + r1) as
    # w_hi + w_lo; the terms left out (r1^7 / 7!, the rounding of r1^2) are below 2^-66.
    p = r1 * r1
    q: FloatArray = np.full_like(r1, 1.0 / 720.0)
    for c in (120.0, 24.0, 6.0):
        q = q * r1 + 1.0 / c
    q *= p * r1
    w_hi, w_lo = _fast_two_sum(r1, 0.5 * p)
    w_lo += r2 + (r1 * r2 + q)
    ki = k.astype(np.int64)
    j = ki & (_N - 1)
    t_hi, t_lo = _POW2_HI[j], _POW2_LO[j]
    # 2^(j/64) (1 + w) = t_hi + t_hi w_hi + (t_hi w_lo + t_lo (1 + w_hi)); the rounding of
    # t_hi w_hi (|w_hi| < 0.0055) is below 2^-59 of the result.
    hi, lo = _fast_two_sum(t_hi, t_hi * w_hi)
    lo += t_hi * w_lo + t_lo * (1.0 + w_hi)
    hi, lo = _fast_two_sum(hi, lo)  # now |lo| <= ulp(hi) / 2: hi is exp(m) rounded
    rel: FloatArray = lo / hi
    # 2^q from its exponent bits (np.ldexp is many times slower); a normal float for
    # q in [-1022, 1023], which m in [-708, 709] keeps.
    hi *= (((ki >> _TABLE_BITS) + 1023) << 52).view(np.float64)
    return hi, rel
