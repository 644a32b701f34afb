"""Input checks for every public function, in one place.

Each public function calls these helpers once, at its boundary, and afterwards works on float64
arrays it can trust. A wrong type raises ``TypeError``, a wrong value ``ValueError``; both name
the argument, say what was expected and show the offending value with ``repr``. The checks are
cheap: a range check is one ``min`` and one ``max`` reduction, which also catch NaN because both
propagate it.
"""

from __future__ import annotations

import math
import numbers
import operator
from typing import Literal

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.intp]
BoolArray = npt.NDArray[np.bool_]
#: What a public function returns: an array, or a numpy scalar for a full reduction.
Result = np.float64 | FloatArray
Reduction = Literal["mean", "sum", "none"]

#: Largest accepted distance of a probability vector's sum from 1.
SUM_TOLERANCE = 1e-6

REDUCTIONS = ("mean", "sum", "none")


def _show(x: object) -> str:
    """`x` as the message shows it: the shortest repr that reads back as the same float."""
    if isinstance(x, np.floating | np.integer):
        return repr(float(x)) if isinstance(x, np.floating) else repr(int(x))
    return repr(x)


# --- arrays -------------------------------------------------------------------------------


def as_float_array(x: npt.ArrayLike, name: str) -> FloatArray:
    """Return `x` as a float64 array, refusing anything that is not an array of real numbers.

    Masked arrays are refused, since their mask would be silently ignored, and so are tensors
    that track gradients, which numpy cannot read without detaching them from the graph.
    """
    if isinstance(x, np.ma.MaskedArray):
        raise TypeError(
            f"`{name}` must not be a masked array: its mask would be ignored "
            f"(pass `{name}.compressed()` or `{name}.filled(value)`)"
        )
    if getattr(x, "requires_grad", False) is True:
        raise TypeError(
            f"`{name}` is a tensor that requires grad; call `{name}.detach()` first "
            "(xent_ref computes values, not gradients)"
        )
    try:
        a = np.asarray(x)
    except (ValueError, TypeError) as exc:
        raise ValueError(f"`{name}` must be an array of real numbers ({exc})") from exc
    if a.dtype.kind not in "biuf":
        raise TypeError(f"`{name}` must contain real numbers (got dtype {a.dtype})")
    return a.astype(np.float64, copy=False)


def _refuse_nan(name: str, x: float) -> None:
    """Raise if `x`, a minimum or maximum, is NaN: then the array holds a NaN."""
    if math.isnan(x):
        raise ValueError(f"`{name}` must not contain NaN")


def check_probabilities(x: npt.ArrayLike, name: str) -> FloatArray:
    """Return `x` as float64, checking every entry is a probability in [0, 1]."""
    a = as_float_array(x, name)
    if a.size:
        lo, hi = float(a.min()), float(a.max())
        if not (lo >= 0.0 and hi <= 1.0):
            _refuse_nan(name, lo)
            if lo < 0.0:
                raise ValueError(f"`{name}` must be non-negative (got {lo!r})")
            raise ValueError(f"`{name}` must be at most 1 (got {hi!r})")
    return a


def check_logits(x: npt.ArrayLike, name: str) -> FloatArray:
    """Return `x` as float64 logits: any real number or -inf (probability 0), never +inf or NaN."""
    a = as_float_array(x, name)
    if a.size:
        hi = float(a.max())
        if not hi < math.inf:
            _refuse_nan(name, hi)
            raise ValueError(
                f"`{name}` must not contain +inf (a logit of -inf, probability 0, is allowed)"
            )
    return a


def check_finite(x: npt.ArrayLike, name: str) -> FloatArray:
    """Return `x` as float64, checking every entry is a finite number."""
    return check_finite_extent(x, name)[0]


def check_finite_extent(x: npt.ArrayLike, name: str) -> tuple[FloatArray, float]:
    """`check_finite`, also returning the largest magnitude in `x` (0 for an empty array)."""
    a = as_float_array(x, name)
    if not a.size:
        return a, 0.0
    lo, hi = float(a.min()), float(a.max())
    if not (lo > -math.inf and hi < math.inf):
        _refuse_nan(name, lo)
        bad = lo if lo == -math.inf else hi
        raise ValueError(f"`{name}` must be finite (got {bad!r})")
    return a, max(-lo, hi)


def check_positive(x: npt.ArrayLike, name: str) -> FloatArray:
    """Return `x` as float64, checking every entry is positive and finite."""
    return check_positive_extent(x, name)[0]


def check_positive_extent(x: npt.ArrayLike, name: str) -> tuple[FloatArray, float]:
    """`check_positive`, also returning the largest entry of `x` (0 for an empty array)."""
    a = as_float_array(x, name)
    if not a.size:
        return a, 0.0
    lo, hi = float(a.min()), float(a.max())
    if not (lo > 0.0 and hi < math.inf):
        _refuse_nan(name, lo)
        if not lo > 0.0:
            raise ValueError(f"`{name}` must be positive (got {lo!r})")
        raise ValueError(f"`{name}` must be finite (got {hi!r})")
    return a, hi


def check_same_shape(a: FloatArray, b: FloatArray, name_a: str, name_b: str) -> None:
    """Refuse arrays of different shapes, so that (3,) never broadcasts against (3, 1)."""
    if a.shape != b.shape:
        raise ValueError(
            f"`{name_a}` and `{name_b}` must have the same shape (got {a.shape} and {b.shape})"
        )


def check_sums_to_one(a: FloatArray, name: str, axis: int, shown: int) -> None:
    """Check that `a` sums to 1 along `axis` (given as `shown`), within `SUM_TOLERANCE`."""
    s = a.sum(axis=axis)
    dev = np.abs(s - 1.0)
    if dev.size:
        i = int(np.argmax(dev))
        if not float(np.ravel(dev)[i]) <= SUM_TOLERANCE:
            got = float(np.ravel(s)[i])
            raise ValueError(f"`{name}` must sum to 1 along axis {shown} (got {got!r})")


def check_distribution(x: npt.ArrayLike, name: str, axis: int) -> tuple[FloatArray, int]:
    """Return `x` as float64 probability vectors along `axis`, and the axis as an index.

    Rows along a last, contiguous axis are checked in one pass over memory
    (`check_distribution_blocked`); the checks and messages are the same either way.
    """
    return check_distribution_blocked(x, name, axis)


def _check_distribution_in_passes(x: npt.ArrayLike, name: str, axis: int) -> tuple[FloatArray, int]:
    a = check_probabilities(x, name)
    ax = check_axis(axis, a, name)
    check_sums_to_one(a, name, ax, shown=shown_axis(axis))
    return a, ax


#: Elements per block of `check_distribution_blocked`: a block stays in the cache for its
#: three reductions.
_CHECK_BLOCK = 65536


def check_distribution_blocked(x: npt.ArrayLike, name: str, axis: int) -> tuple[FloatArray, int]:
    """`check_distribution` in one pass over memory: the same checks and the same messages.

    The minimum, the maximum and the row sums are taken block by block while each block is in
    the cache, instead of in three passes over the whole array (which matters where the caller
    reads little else, as sparse cross-entropy from probabilities does). Arrays whose class axis
    is not the last, contiguous one are checked in three passes. A 1-d array is one row, whose
    sum is the exact sum of its block sums (``math.fsum``), as accurate as numpy's or more.
    """
    a = as_float_array(x, name)
    try:
        ax = check_axis(axis, a, name)
    except (TypeError, ValueError):  # raised after the range check, as check_distribution does
        return _check_distribution_in_passes(a, name, axis)
    if ax != a.ndim - 1 or not a.flags.c_contiguous or a.size == 0:
        return _check_distribution_in_passes(a, name, axis)
    if a.ndim == 1:  # one row: its block sums are added exactly
        starts = range(0, a.size, _CHECK_BLOCK)
        lows, highs = np.empty(len(starts)), np.empty(len(starts))
        partials = []
        for i, start in enumerate(starts):
            block = a[start : start + _CHECK_BLOCK]
            lows[i] = block.min()
            highs[i] = block.max()
            partials.append(float(block.sum()))
        sums = np.array([math.fsum(partials) if lows.min() >= 0.0 else math.nan])
    else:
        k = a.shape[-1]
        rows = a.reshape(-1, k)
        step = max(1, _CHECK_BLOCK // k)
        n = rows.shape[0]
        starts = range(0, n, step)
        lows, highs, sums = np.empty(len(starts)), np.empty(len(starts)), np.empty(n)
        for i, start in enumerate(starts):
            block = rows[start : start + step]
            lows[i] = block.min()
            highs[i] = block.max()
            block.sum(axis=1, out=sums[start : start + step])
    lo, hi = float(lows.min()), float(highs.max())  # NaN if any entry is NaN
    if not (lo >= 0.0 and hi <= 1.0):
        _refuse_nan(name, lo)
        if lo < 0.0:
            raise ValueError(f"`{name}` must be non-negative (got {lo!r})")
        raise ValueError(f"`{name}` must be at most 1 (got {hi!r})")
    dev = np.abs(sums - 1.0)
    i = int(np.argmax(dev))
    if not float(dev[i]) <= SUM_TOLERANCE:
        shown = shown_axis(axis)
        raise ValueError(f"`{name}` must sum to 1 along axis {shown} (got {float(sums[i])!r})")
    return a, ax


def shown_axis(axis: object) -> int:
    """An axis that `check_axis` accepted, as the caller gave it, for messages."""
    return operator.index(axis)  # type: ignore[arg-type]


def check_classes(a: FloatArray, name: str, axis: int, shown: int) -> None:
    """Refuse an empty class `axis` (given as `shown`): it has no log-sum-exp, no valid label."""
    if a.shape[axis] == 0:
        raise ValueError(f"`{name}` must have at least one class along axis {shown} (got none)")


def check_row_maxima(m: FloatArray, name: str, axis: int) -> None:
    """Check logits through their maxima along `axis`, as found by ``argmax``.

    ``argmax`` stops at a NaN, so a row's maximum is NaN if the row has one, +inf if it has
    +inf, and -inf if every class has probability 0; all three are refused. This spares the
    logits a separate pass of `check_logits`.
    """
    if m.size:
        lo, hi = float(m.min()), float(m.max())
        if not (lo > -math.inf and hi < math.inf):
            if math.isnan(lo) or math.isnan(hi):
                raise ValueError(f"`{name}` must not contain NaN")
            if hi == math.inf:
                raise ValueError(
                    f"`{name}` must not contain +inf (a logit of -inf, probability 0, is allowed)"
                )
            raise ValueError(
                f"`{name}` must have a finite logit along axis {axis} (got a row of only -inf)"
            )


def check_labels(x: npt.ArrayLike, name: str, n_classes: int) -> IntArray:
    """Return `x` as integer class labels, checking each is a whole number in [0, n_classes)."""
    if isinstance(x, np.ma.MaskedArray) or getattr(x, "requires_grad", False) is True:
        as_float_array(x, name)  # raises the TypeError that explains why
    try:
        a = np.asarray(x)
    except (ValueError, TypeError) as exc:
        raise ValueError(f"`{name}` must be an array of integers ({exc})") from exc
    if a.dtype.kind not in "iuf":
        raise TypeError(f"`{name}` must contain integers (got dtype {a.dtype})")
    if a.size == 0:
        return a.astype(np.intp)
    lo, hi = a.min(), a.max()
    if a.dtype.kind == "f":
        if np.isnan(lo) or np.isnan(hi):
            raise ValueError(f"`{name}` must not contain NaN")
        frac = a[a != np.trunc(a)]
        if frac.size:
            raise ValueError(f"`{name}` must be whole numbers (got {_show(frac[0])})")
    if lo < 0 or hi >= n_classes:
        bad = lo if lo < 0 else hi
        raise ValueError(f"`{name}` must be class indices in [0, {n_classes}) (got {_show(bad)})")
    return a.astype(np.intp, copy=False)


def check_label_shape(labels: IntArray, y_pred: FloatArray, axis: int, shown: int) -> None:
    """Labels index the class axis of `y_pred`, so their shape is the rest of its shape."""
    expected = y_pred.shape[:axis] + y_pred.shape[axis + 1 :]
    if labels.shape != expected:
        raise ValueError(
            f"`labels` must have the shape of `y_pred` without its class axis {shown} "
            f"(got {labels.shape} and {y_pred.shape})"
        )


def check_nonempty(a: npt.NDArray[np.generic], name: str) -> None:
    """Refuse an empty array where a mean over its elements is asked for."""
    if a.size == 0:
        raise ValueError(f"`{name}` must not be empty when `reduction` is 'mean'")


# --- options ------------------------------------------------------------------------------


def check_flag(value: object, name: str) -> bool:
    """Return `value`, which must be True or False (a Python or numpy bool)."""
    if not isinstance(value, bool | np.bool_):
        raise TypeError(f"`{name}` must be True or False (got {_show(value)})")
    return bool(value)


def check_axis(axis: object, a: FloatArray, name: str) -> int:
    """Return `axis` as a non-negative index of an axis of `a` (the array called `name`)."""
    if isinstance(axis, bool | np.bool_):
        raise TypeError(f"`axis` must be an integer, not a bool (got {axis!r})")
    try:
        ax = operator.index(axis)  # type: ignore[arg-type]
    except TypeError as exc:
        raise TypeError(f"`axis` must be an integer (got {_show(axis)})") from exc
    if a.ndim == 0:
        raise ValueError(f"`{name}` must have at least one dimension (got a scalar)")
    if not -a.ndim <= ax < a.ndim:
        raise ValueError(f"`axis` must be in [-{a.ndim}, {a.ndim}) for `{name}` (got {ax})")
    return ax % a.ndim


def check_reduction(reduction: object) -> Reduction:
    """Return `reduction`, which must be "mean", "sum" or "none"."""
    if not isinstance(reduction, str):
        raise TypeError(
            f"`reduction` must be one of 'mean', 'sum', 'none' (got {_show(reduction)})"
        )
    if reduction == "mean":
        return "mean"
    if reduction == "sum":
        return "sum"
    if reduction == "none":
        return "none"
    raise ValueError(f"`reduction` must be one of 'mean', 'sum', 'none' (got {reduction!r})")


def _real_number(value: object, name: str, expected: str) -> float:
    if isinstance(value, bool | np.bool_) or not isinstance(value, numbers.Real):
        raise TypeError(f"`{name}` must be {expected} (got {_show(value)})")
    return float(value)


def log_of_base(base: object) -> float | None:
    """Return ln(`base`), or None for natural logarithms; `base` must be a real number > 1."""
    if base is None:
        return None
    b = _real_number(base, "base", "a real number greater than 1, or None for nats")
    if not 1.0 < b < math.inf:
        raise ValueError(
            f"`base` must be a finite number greater than 1, or None for nats (got {_show(base)})"
        )
    return math.log(b)


def check_label_smoothing(label_smoothing: object) -> float:
    """Return `label_smoothing` as a float in [0, 1]."""
    e = _real_number(label_smoothing, "label_smoothing", "a real number in [0, 1]")
    if not 0.0 <= e <= 1.0:
        raise ValueError(f"`label_smoothing` must be in [0, 1] (got {_show(label_smoothing)})")
    return e


def _check_weights(a: FloatArray, name: str) -> FloatArray:
    """Refuse a weight that is negative, infinite or NaN (one min and one max reduction)."""
    if a.size:
        lo, hi = float(a.min()), float(a.max())
        if not (lo >= 0.0 and hi < math.inf):
            _refuse_nan(name, lo)
            if lo < 0.0:
                raise ValueError(f"`{name}` must be non-negative (got {lo!r})")
            raise ValueError(f"`{name}` must be finite (got {hi!r})")
    return a


def check_class_weights(x: object, n_classes: int) -> FloatArray | None:
    """Return `class_weights` as a float64 vector of `n_classes` non-negative finite weights."""
    if x is None:
        return None
    a = as_float_array(x, "class_weights")  # type: ignore[arg-type]
    if a.shape != (n_classes,):
        raise ValueError(
            f"`class_weights` must be a vector of one weight per class, shape ({n_classes},) "
            f"(got shape {a.shape})"
        )
    return _check_weights(a, "class_weights")


def check_pos_weight(x: object, shape: tuple[int, ...]) -> FloatArray | None:
    """Return `pos_weight` as float64 non-negative finite weights that broadcast to `shape`."""
    if x is None:
        return None
    a = as_float_array(x, "pos_weight")  # type: ignore[arg-type]
    try:
        fits = np.broadcast_shapes(a.shape, shape) == shape
    except ValueError:
        fits = False
    if not fits:
        raise ValueError(
            f"`pos_weight` must broadcast to the shape of `y_true` {shape} (got shape {a.shape})"
        )
    return _check_weights(a, "pos_weight")


def check_total_weight(total: float) -> None:
    """Refuse a weighted mean whose weights add up to 0: it would be 0 / 0."""
    if not total > 0.0:
        raise ValueError(
            "`class_weights` give the targets a total weight of 0, so the weighted mean is "
            "0 / 0 (use reduction='sum' or 'none', or give a present class a positive weight)"
        )


def in_base(x: Result, log_base: float | None) -> Result:
    """Convert `x` from nats to the base whose logarithm `log_of_base` returned.

    An array is converted in place: every caller passes a result it has just made.
    """
    if log_base is None:
        return x
    if isinstance(x, np.ndarray) and x.ndim:
        x /= log_base
        return x
    return np.float64(x / log_base)
