"""Blockwise evaluation: elementwise kernels and their sums, one cache-sized block at a time.

The kernels chain several in-place numpy operations. On arrays of millions of elements each
fresh full-size temporary would cost a trip to main memory, a round of page faults and, above
all, memory: evaluated block by block, a function needs its output plus a few arrays of
`BLOCK` elements, whatever the size of its input.

Sums are overflow-safe: a sum of finite terms that overflows is ``inf`` (its correctly rounded
value), and a mean whose sum overflows is computed from terms scaled by a power of 2, so that
the mean of 65536 copies of 3e303 is 3e303, not ``inf``.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator

import numpy as np

from ._validation import BoolArray, FloatArray, Result

#: Elements per block: a handful of float64 temporaries of this length fit in a core's L2 cache.
BLOCK = 32768

#: Scale for a sum that overflows: exact for every term above 2^-958, which cannot matter next
#: to a sum beyond 2^1024.
_DOWN = 2.0**-64


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

    def tile(self, rows: int, cols: int) -> None:
        """Use the work arrays as (`rows`, `cols`) tiles."""
        size = rows * cols
        self.floats = [a[:size].reshape(rows, cols) for a in self._floats]
        self.masks = [m[:size].reshape(rows, cols) for m in self._masks]


def _flat_inputs(arrays: tuple[FloatArray, ...]) -> tuple[tuple[int, ...], list[FloatArray]]:
    """The common shape of the non-scalar arrays, and each array flattened (scalars kept 0-d).

    A scalar parameter is passed to the kernel as it is and broadcast by numpy inside each
    block, never expanded to the full size.
    """
    shapes = {a.shape for a in arrays if a.ndim}
    shape = shapes.pop() if shapes else ()
    flats = [a.reshape(-1) if a.ndim else a for a in arrays]
    return shape, flats


def _blocks(n: int) -> Iterator[tuple[int, int]]:
    for start in range(0, n, BLOCK):
        yield start, min(start + BLOCK, n)


def _piece(a: FloatArray, start: int, stop: int) -> FloatArray:
    return a[start:stop] if a.ndim else a


def blockwise(
    kernel: Callable[..., None], *arrays: FloatArray, n_floats: int = 0, n_masks: int = 0
) -> FloatArray:
    """Apply ``kernel(*blocks, out=block, work=workspace)`` to consecutive blocks of arrays.

    The arrays share one shape, or are 0-d; the kernel is elementwise, writes its result to
    `out` and uses only the preallocated work arrays. Returns the results, shaped like the
    inputs.
    """
    shape, flats = _flat_inputs(arrays)
    out = np.empty(shape)
    flat_out = out.reshape(-1)
    n = flat_out.size
    work = Workspace(n_floats, n_masks, min(BLOCK, n))
    for start, stop in _blocks(n):
        if stop - start < BLOCK:
            work.resize(stop - start)
        kernel(*(_piece(f, start, stop) for f in flats), out=flat_out[start:stop], work=work)
    return out


def _fsum(partials: list[float]) -> float:
    """Exact sum of `partials`, rounded once; ``inf`` where it overflows."""
    try:
        return math.fsum(partials)
    except OverflowError:  # finite partials whose sum is beyond the largest float
        return math.copysign(math.inf, math.fsum(p * _DOWN for p in partials))


def blockwise_sum(
    kernel: Callable[..., None],
    *arrays: FloatArray,
    mean: bool = False,
    n_floats: int = 0,
    n_masks: int = 0,
) -> np.float64:
    """Sum (or, with `mean`, average) the results of an elementwise `kernel` over every element.

    Each block's results are summed pairwise by numpy and the block sums added exactly with
    ``math.fsum``: at least as accurate as one pairwise sum over the whole array, with no array
    of elementwise results ever allocated in full. A mean whose sum overflows is computed again
    from scaled terms.
    """
    total, n = _block_sums(kernel, arrays, n_floats, n_masks, 1.0)
    if not mean:
        return np.float64(total)
    if math.isinf(total):
        scaled, _ = _block_sums(kernel, arrays, n_floats, n_masks, _DOWN)
        with np.errstate(over="ignore"):  # a mean beyond the largest float is inf
            return np.float64(scaled / n) / _DOWN
    return np.float64(total / n)


def _block_sums(
    kernel: Callable[..., None],
    arrays: tuple[FloatArray, ...],
    n_floats: int,
    n_masks: int,
    scale: float,
) -> tuple[float, int]:
    shape, flats = _flat_inputs(arrays)
    n = math.prod(shape)
    work = Workspace(n_floats, n_masks, min(BLOCK, n))
    buffer = np.empty(min(BLOCK, n))
    partials = []
    with np.errstate(over="ignore"):  # a block sum beyond the largest float is inf
        for start, stop in _blocks(n):
            if stop - start < BLOCK:
                work.resize(stop - start)
            out = buffer[: stop - start]
            kernel(*(_piece(f, start, stop) for f in flats), out=out, work=work)
            if scale != 1.0:
                out *= scale
            partials.append(float(out.sum()))
    return _fsum(partials), n


def rows_view(a: FloatArray, axis: int) -> FloatArray:
    """`a` as a 2-d array whose rows are its vectors along `axis` (a view where numpy can)."""
    moved = np.moveaxis(a, axis, -1)
    if a.ndim == 2:
        return moved
    return moved.reshape(math.prod(moved.shape[:-1]), a.shape[axis])


def tiles(rows: int, cols: int) -> Iterator[tuple[int, int, int, int]]:
    """Tiles ``(r0, r1, c0, c1)`` of a (rows, cols) array, each at most `BLOCK` elements.

    Whole rows where they fit in a block, else one row at a time in column chunks.
    """
    if cols <= BLOCK:
        step = BLOCK // max(cols, 1)
        for r0 in range(0, rows, step):
            yield r0, min(r0 + step, rows), 0, cols
    else:
        for r in range(rows):
            for c0, c1 in _blocks(cols):
                yield r, r + 1, c0, c1


def rowwise_sum(
    kernel: Callable[..., None],
    *arrays: FloatArray,
    axis: int,
    n_floats: int = 0,
    n_masks: int = 0,
) -> Result:
    """Sum the results of an elementwise `kernel` along `axis` of arrays of one shape.

    The kernel sees 2-d tiles (rows by classes) of the arrays viewed with `axis` last. Returns
    a numpy scalar for 1-d arrays, else an array with `axis` removed.
    """
    shape = arrays[0].shape
    views = [rows_view(a, axis) for a in arrays]
    rows, cols = views[0].shape
    result = np.zeros(rows)
    size = min(BLOCK, rows * cols) if cols <= BLOCK else BLOCK
    work = Workspace(n_floats, n_masks, size)
    buffer = np.empty(size)
    partials: list[float] = []
    for r0, r1, c0, c1 in tiles(rows, cols):
        work.tile(r1 - r0, c1 - c0)
        out = buffer[: (r1 - r0) * (c1 - c0)].reshape(r1 - r0, c1 - c0)
        kernel(*(v[r0:r1, c0:c1] for v in views), out=out, work=work)
        if cols <= BLOCK:
            out.sum(axis=1, out=result[r0:r1])
        else:
            partials.append(float(out.sum()))
            if c1 == cols:
                result[r0] = _fsum(partials)
                partials = []
    if len(shape) == 1:
        return np.float64(result[0])
    return result.reshape(shape[:axis] + shape[axis + 1 :])


def reduce_losses(loss: FloatArray, reduction: str) -> Result:
    """Per-example losses reduced as asked; a sum that overflows is inf, a mean is still found."""
    if reduction == "none":
        return loss
    with np.errstate(over="ignore"):  # a sum beyond the largest float is inf
        total = float(loss.sum())
        if reduction == "sum":
            return np.float64(total)
        if math.isinf(total) and not np.isinf(loss).any():
            return np.float64(float((loss * _DOWN).sum()) / loss.size) / _DOWN
    return np.float64(total / loss.size)
