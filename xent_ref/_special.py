"""Elementwise kernels: two functions that cancel catastrophically, and blockwise evaluation.

``log1p(t) - t`` and ``(1 + t) * log1p(t) - t`` both vanish to second order at t = 0, where the
obvious formulas cancel all the digits ``log1p`` gets right. With u = t / (2 + t),
log1p(t) = 2 atanh(u), and expanding atanh gives forms in which nothing cancels:

    log1p(t) - t          = -t u + 2 u^3 A(u^2)
    (1 + t) log1p(t) - t  =  t u + 2 (1 + t) u^3 A(u^2)

with A(v) = 1/3 + v/5 + v^2/7 + ... = (atanh(sqrt(v)) - sqrt(v)) / v^(3/2). On t in [-2/3, 2],
|u| <= 1/2 and v <= 1/4. When every v of a block is small (the hard cases, where t is tiny) the
Taylor series needs one or two terms; otherwise a degree-13 polynomial fitted to A on [0, 1/4]
in the Chebyshev sense (coefficients from mpmath's ``chebyfit`` at 60 digits) is within one ulp
of A, where the Taylor series would need 28 terms.

Long arrays are processed in blocks that stay in the processor's cache: the kernels chain
several in-place numpy operations, and on arrays of millions of elements each fresh temporary
would otherwise cost a trip to main memory.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np

from ._validation import BoolArray, FloatArray

#: The interval of t on which the series forms are used, where u = t / (2 + t) is in
#: [-1/2, 1/2]. Outside it the direct formulas cancel at most a factor of about 2.5.
SERIES_LO = -2.0 / 3.0
SERIES_HI = 2.0

#: Elements per block: a handful of float64 temporaries of this length fit in a core's L2 cache.
BLOCK = 16384

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


def atanh_tail(v: FloatArray, out: FloatArray) -> FloatArray:
    """A(v) = sum_k v^k / (2k + 3) for 0 <= v <= 1/4, to about one ulp, into `out`."""
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
    out.fill(coefficients[0])
    for c in coefficients[1:]:
        out *= v
        out += c
    return out


def log1pmx_series(t: FloatArray) -> FloatArray:
    """log1p(t) - t for t in [-2/3, 2], accurate to a few ulp (the value is about -t^2 / 2)."""
    u = 2.0 + t
    np.divide(t, u, out=u)
    v = u * u
    tail = atanh_tail(v, np.empty_like(v))
    tail *= v
    tail *= u
    tail *= 2.0
    u *= t
    tail -= u
    return tail


class Workspace:
    """Preallocated work arrays for a kernel: `floats` and boolean `masks`, one block long."""

    def __init__(self, n_floats: int, n_masks: int, size: int) -> None:
        self._floats = [np.empty(size) for _ in range(n_floats)]
        self._masks = [np.empty(size, dtype=bool) for _ in range(n_masks)]
        self.floats: list[FloatArray] = self._floats
        self.masks: list[BoolArray] = self._masks

    def resize(self, size: int) -> None:
        """Use the first `size` elements of every work array (for a shorter last block)."""
        self.floats = [a[:size] for a in self._floats]
        self.masks = [m[:size] for m in self._masks]


def blockwise(
    kernel: Callable[..., None], *arrays: FloatArray, n_floats: int = 0, n_masks: int = 0
) -> FloatArray:
    """Apply ``kernel(*blocks, out=block, work=workspace)`` to consecutive blocks of arrays.

    The arrays must share one shape, and the kernel must be elementwise, writing its result to
    `out` and using only the preallocated work arrays: a fresh temporary for every operation on
    every block would cost more than the arithmetic. Returns the results, shaped like the inputs.
    """
    shape = arrays[0].shape
    flats = [np.ravel(a) for a in arrays]
    out = np.empty(shape)
    flat_out = out.reshape(-1)
    n = flat_out.size
    work = Workspace(n_floats, n_masks, min(BLOCK, n))
    for start in range(0, n, BLOCK):
        stop = min(start + BLOCK, n)
        if stop - start < BLOCK:
            work.resize(stop - start)
        kernel(*(f[start:stop] for f in flats), out=flat_out[start:stop], work=work)
    return out
