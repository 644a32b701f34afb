"""Elementwise kernels: two functions that cancel catastrophically, and blockwise evaluation.

``log1p(t) - t`` and ``(1 + t) * log1p(t) - t`` both vanish to second order at t = 0, where the
obvious formulas cancel all the digits ``log1p`` gets right. With u = t / (2 + t),
log1p(t) = 2 atanh(u), and expanding atanh gives forms in which nothing cancels:

    log1p(t) - t          = -t u + 2 u^3 A(u^2)
    (1 + t) log1p(t) - t  =  t u + 2 (1 + t) u^3 A(u^2)

with A(v) = 1/3 + v/5 + v^2/7 + ... = (atanh(sqrt(v)) - sqrt(v)) / v^(3/2). On t in [-1/2, 1],
|u| <= 1/3 and v <= 1/9. When every v of a block is small (the hard cases, where t is tiny) the
Taylor series needs one or two terms; otherwise a degree-10 polynomial fitted to A on [0, 1/9]
in the Chebyshev sense (coefficients from mpmath's ``chebyfit`` at 60 digits) is within one ulp
of A, where the Taylor series would need 18 terms.

Long arrays are processed in blocks that stay in the processor's cache: the kernels chain
several in-place numpy operations, and on arrays of millions of elements each fresh temporary
would otherwise cost a trip to main memory.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np

from ._validation import FloatArray

#: The interval of t on which the series forms are used. Outside it the direct formulas
#: cancel at most a factor of about 4.
SERIES_LO = -0.5
SERIES_HI = 1.0

#: Elements per block: a handful of float64 temporaries of this length fit in a core's L2 cache.
BLOCK = 16384

# A(v) on [0, 1/9], highest degree first.
_A_FIT = (
    0.07815288900461426,
    0.03746071897775383,
    0.05422589197440007,
    0.05867139530651599,
    0.06667589315724629,
    0.07692271982430275,
    0.09090909948981357,
    0.11111111099118386,
    0.1428571428580005,
    0.19999999999999762,
    0.3333333333333333,
)


def _atanh_tail(v: FloatArray) -> FloatArray:
    """A(v) = sum_k v^k / (2k + 3) for 0 <= v <= 1/9, to about one ulp."""
    vmax = float(v.max()) if v.size else 0.0
    # Taylor terms needed for the first term left out to fall below 2^-56 of the first.
    n = math.ceil(56.0 * math.log(2.0) / -math.log(vmax)) if vmax > 0.0 else 1
    if n >= len(_A_FIT):
        coefficients = _A_FIT
    else:
        coefficients = tuple(1.0 / (2 * k + 3) for k in range(n - 1, -1, -1))
    acc = np.full_like(v, coefficients[0])
    for c in coefficients[1:]:
        acc *= v
        acc += c
    return acc


def log1pmx_series(t: FloatArray) -> FloatArray:
    """log1p(t) - t for t in [-1/2, 1], accurate to a few ulp (the value is about -t^2 / 2)."""
    u = 2.0 + t
    np.divide(t, u, out=u)
    tail = _atanh_tail(u * u)
    tail *= 2.0 * u**3
    u *= t
    tail -= u
    return tail


def kl_phi_series(t: FloatArray) -> FloatArray:
    """(1 + t) log1p(t) - t for t in [-1/2, 1], accurate to a few ulp (about t^2 / 2)."""
    u = 2.0 + t
    np.divide(t, u, out=u)
    v = u * u
    tail = _atanh_tail(v)
    tail *= v
    tail *= u
    w = 1.0 + t
    w *= 2.0
    tail *= w
    u *= t
    tail += u
    return tail


def blockwise(kernel: Callable[..., None], *arrays: FloatArray) -> FloatArray:
    """Apply ``kernel(*blocks, out=block)`` to consecutive blocks of equally shaped arrays.

    Returns the array of results, shaped like the inputs. The kernel must be elementwise.
    """
    shape = arrays[0].shape
    flats = [np.ravel(a) for a in arrays]
    out = np.empty(shape)
    flat_out = out.reshape(-1)
    for start in range(0, flat_out.size, BLOCK):
        stop = start + BLOCK
        kernel(*(f[start:stop] for f in flats), out=flat_out[start:stop])
    return out
