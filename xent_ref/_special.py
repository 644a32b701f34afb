"""Shared numerical kernels: the series behind the divergences, and blockwise evaluation.

The terms of the KL divergence, q ((1 + t) log1p(t) - t), and of the Gaussian one,
w - log1p(w), vanish to second order at 0, where the obvious formulas cancel every digit that
``log1p`` gets right. With u = t / (2 + t), log1p(t) = 2 atanh(u), and expanding atanh gives
forms in which nothing cancels:

    log1p(t) - t          = -t u + 2 u^3 A(u^2)
    (1 + t) log1p(t) - t  =  t u + 2 (1 + t) u^3 A(u^2)

with A(v) = 1/3 + v/5 + v^2/7 + ... = (atanh(sqrt(v)) - sqrt(v)) / v^(3/2). The callers use
these where |u| <= 1/2 (t in [-2/3, 2], so v <= 1/4). When every v of a block is small (the hard
cases, where t is tiny) the Taylor series of A needs one or two terms; otherwise a degree-13
polynomial fitted to A on [0, 1/4] in the Chebyshev sense (coefficients from mpmath's
``chebyfit`` at 60 digits) is within one ulp of A, where the Taylor series would need 28 terms.

Long arrays are processed in blocks that stay in the processor's cache: the kernels chain
several in-place numpy operations, and on arrays of millions of elements each fresh temporary
would otherwise cost a trip to main memory and a round of page faults.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np

from ._validation import BoolArray, FloatArray, Result

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


class Workspace:
    """Preallocated work arrays for a kernel: `floats` and boolean `masks`, one block long."""

    def __init__(self, n_floats: int, n_masks: int, size: int) -> None:
        self._floats = [np.empty(size) for _ in range(n_floats)]
        self._masks = [np.empty(size, dtype=bool) for _ in range(n_masks)]
        self.floats: list[FloatArray] = self._floats
        self.masks: list[BoolArray] = self._masks

    def resize(self, size: int) -> None:
        """Use the first `size` elements of every work array (for a shorter block)."""
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


def blockwise_sum(
    kernel: Callable[..., None],
    *arrays: FloatArray,
    axis: int | None = None,
    n_floats: int = 0,
    n_masks: int = 0,
) -> Result:
    """Sum the results of an elementwise `kernel` (see `blockwise`) over `axis`.

    With ``axis=None`` every element is added: each block's results are summed pairwise by
    numpy and the block sums are added exactly with ``math.fsum``, which is at least as accurate
    as one pairwise sum over the whole array. Along the last axis, blocks are whole rows. In
    neither case is an array of elementwise results ever allocated in full. The kernel's
    results must all have one sign (or be NaN), as ``math.fsum`` refuses +inf plus -inf.
    """
    shape = arrays[0].shape
    ndim = len(shape)
    if axis is not None and ndim > 1 and axis % ndim != ndim - 1:
        summed: Result = blockwise(kernel, *arrays, n_floats=n_floats, n_masks=n_masks).sum(
            axis=axis
        )
        return summed
    if axis is None or ndim == 1:
        ncols = math.prod(shape)
        rows = 1
    else:
        ncols = shape[-1]
        rows = math.prod(shape[:-1])
    flats = [np.reshape(a, (rows, ncols)) for a in arrays]
    rows_per_block = max(1, BLOCK // max(ncols, 1))
    size = min(BLOCK, ncols) if rows == 1 else min(rows, rows_per_block) * ncols
    work = Workspace(n_floats, n_masks, size)
    out_buffer = np.empty(size)
    if rows == 1:
        partials = []
        flat = [f.reshape(-1) for f in flats]
        n = ncols
        for start in range(0, n, BLOCK):
            stop = min(start + BLOCK, n)
            if stop - start < size:
                work.resize(stop - start)
            out = out_buffer[: stop - start]
            kernel(*(f[start:stop] for f in flat), out=out, work=work)
            partials.append(float(out.sum()))
        total = np.float64(math.fsum(partials))
        return total if axis is None or ndim == 1 else np.full(shape[:-1], total)
    result = np.empty(rows)
    for r0 in range(0, rows, rows_per_block):
        r1 = min(r0 + rows_per_block, rows)
        m = (r1 - r0) * ncols
        if m < size:
            work.resize(m)
        out = out_buffer[:m]
        kernel(*(f[r0:r1].reshape(-1) for f in flats), out=out, work=work)
        out.reshape(r1 - r0, ncols).sum(axis=1, out=result[r0:r1])
    return result.reshape(shape[:-1])
