"""Input checks for every public function, in one place.

Each public function calls these helpers once, at its boundary, and afterwards works on float64
arrays it can trust. Every helper raises ``ValueError`` with a message that names the argument,
says what was wrong and what was expected. The checks are cheap: a range check is one ``min`` and
one ``max`` reduction, which also catch NaN because both propagate it.
"""

from __future__ import annotations

import math
import operator

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.intp]
BoolArray = npt.NDArray[np.bool_]
#: What a public function returns: an array, or a numpy scalar for a full reduction.
Result = np.float64 | FloatArray

#: Largest accepted distance of a probability vector's sum from 1.
SUM_TOLERANCE = 1e-6

REDUCTIONS = ("mean", "sum", "none")


def _fmt(x: float) -> str:
    return f"{x:.10g}"


def as_float_array(x: npt.ArrayLike, name: str) -> FloatArray:
    """Return `x` as a float64 array, refusing anything that is not real numbers."""
    try:
        a = np.asarray(x)
    except (ValueError, TypeError) as exc:
        raise ValueError(f"`{name}` must be an array of real numbers ({exc})") from exc
    if a.dtype.kind not in "biuf":
        raise ValueError(f"`{name}` must contain real numbers (got dtype {a.dtype})")
    return a.astype(np.float64, copy=False)


def _raise_nan(name: str) -> None:
    raise ValueError(f"`{name}` must not contain NaN")


def _raise_plus_inf(name: str) -> None:
    raise ValueError(f"`{name}` must not contain +inf (a logit of -inf, probability 0, is allowed)")


def check_probabilities(x: npt.ArrayLike, name: str) -> FloatArray:
    """Return `x` as float64, checking every entry is a probability in [0, 1]."""
    a = as_float_array(x, name)
    if a.size:
        lo = a.min()
        hi = a.max()
        if not (lo >= 0.0 and hi <= 1.0):
            if np.isnan(lo):
                _raise_nan(name)
            if lo < 0.0:
                raise ValueError(f"`{name}` must be non-negative (got {_fmt(lo)})")
            raise ValueError(f"`{name}` must be at most 1 (got {_fmt(hi)})")
    return a


def check_axis(a: FloatArray, name: str, axis: int) -> int:
    """Return `axis` as an index into `a`, which must have that axis."""
    try:
        ax = operator.index(axis)
    except TypeError as exc:
        raise ValueError(f"`axis` must be an integer (got {axis!r})") from exc
    if a.ndim == 0:
        raise ValueError(f"`{name}` must have at least one dimension (got a scalar)")
    if not -a.ndim <= ax < a.ndim:
        raise ValueError(f"`axis` must be in [-{a.ndim}, {a.ndim}) for `{name}` (got {axis})")
    return ax


def check_sums_to_one(a: FloatArray, name: str, axis: int) -> None:
    """Check that `a` sums to 1 along `axis`, within `SUM_TOLERANCE`."""
    s = a.sum(axis=axis)
    dev = np.abs(s - 1.0)
    if dev.size:
        i = int(np.argmax(dev))
        worst = float(np.ravel(dev)[i])
        if not worst <= SUM_TOLERANCE:
            got = float(np.ravel(s)[i])
            raise ValueError(f"`{name}` must sum to 1 along axis {axis} (got {_fmt(got)})")


def check_distribution(x: npt.ArrayLike, name: str, axis: int) -> tuple[FloatArray, int]:
    """Return `x` as float64 probability vectors along `axis`, and the axis as an index."""
    a = check_probabilities(x, name)
    ax = check_axis(a, name, axis)
    check_sums_to_one(a, name, axis)
    return a, ax


def check_logits(x: npt.ArrayLike, name: str) -> FloatArray:
    """Return `x` as float64 logits: any real number or -inf (probability 0), never +inf or NaN."""
    a = as_float_array(x, name)
    if a.size:
        hi = a.max()
        if not hi < math.inf:
            if np.isnan(hi):
                _raise_nan(name)
            _raise_plus_inf(name)
    return a


def check_finite(x: npt.ArrayLike, name: str) -> FloatArray:
    """Return `x` as float64, checking every entry is a finite number."""
    a = as_float_array(x, name)
    if a.size:
        lo = a.min()
        hi = a.max()
        if not (lo > -math.inf and hi < math.inf):
            if np.isnan(lo):
                _raise_nan(name)
            bad = lo if lo == -math.inf else hi
            raise ValueError(f"`{name}` must be finite (got {_fmt(bad)})")
    return a


def check_positive(x: npt.ArrayLike, name: str) -> FloatArray:
    """Return `x` as float64, checking every entry is positive and finite."""
    a = as_float_array(x, name)
    if a.size:
        lo = a.min()
        hi = a.max()
        if not (lo > 0.0 and hi < math.inf):
            if np.isnan(lo):
                _raise_nan(name)
            if not lo > 0.0:
                raise ValueError(f"`{name}` must be positive (got {_fmt(lo)})")
            raise ValueError(f"`{name}` must be finite (got {_fmt(hi)})")
    return a


def check_same_shape(a: FloatArray, b: FloatArray, name_a: str, name_b: str) -> None:
    """Refuse arrays of different shapes, so that (3,) never broadcasts against (3, 1)."""
    if a.shape != b.shape:
        raise ValueError(
            f"`{name_a}` and `{name_b}` must have the same shape (got {a.shape} and {b.shape})"
        )


def check_labels(x: npt.ArrayLike, name: str, n_classes: int) -> IntArray:
    """Return `x` as integer class labels, checking each is a whole number in [0, n_classes)."""
    try:
        a = np.asarray(x)
    except (ValueError, TypeError) as exc:
        raise ValueError(f"`{name}` must be an array of integers ({exc})") from exc
    if a.dtype.kind not in "biuf":
        raise ValueError(f"`{name}` must contain integers (got dtype {a.dtype})")
    if a.size == 0:
        return a.astype(np.intp)
    lo = a.min()
    hi = a.max()
    if a.dtype.kind == "f":
        if np.isnan(lo) or np.isnan(hi):
            _raise_nan(name)
        frac = a[a != np.trunc(a)]
        if frac.size:
            raise ValueError(f"`{name}` must be whole numbers (got {_fmt(float(frac[0]))})")
    if lo < 0 or hi >= n_classes:
        bad = lo if lo < 0 else hi
        raise ValueError(
            f"`{name}` must be class indices in [0, {n_classes}) (got {_fmt(float(bad))})"
        )
    return a.astype(np.intp, copy=False)


def check_reduction(reduction: str) -> str:
    """Return `reduction`, which must be "mean", "sum" or "none"."""
    if not isinstance(reduction, str) or reduction not in REDUCTIONS:
        raise ValueError(f"`reduction` must be one of 'mean', 'sum', 'none' (got {reduction!r})")
    return reduction


def log_of_base(base: float | None) -> float | None:
    """Return ln(`base`), or None for natural logarithms; `base` must be positive and not 1."""
    if base is None:
        return None
    try:
        b = float(base)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"`base` must be a positive number other than 1 (got {base!r})") from exc
    if not (0.0 < b < math.inf) or b == 1.0:
        raise ValueError(f"`base` must be a positive number other than 1 (got {base!r})")
    return math.log(b)


def check_label_smoothing(label_smoothing: float) -> float:
    """Return `label_smoothing` as a float in [0, 1]."""
    try:
        e = float(label_smoothing)
    except (TypeError, ValueError) as exc:
        raise ValueError(
            f"`label_smoothing` must be a number in [0, 1] (got {label_smoothing!r})"
        ) from exc
    if not 0.0 <= e <= 1.0:
        raise ValueError(f"`label_smoothing` must be in [0, 1] (got {label_smoothing!r})")
    return e


def check_nonempty(a: FloatArray, name: str) -> None:
    """Refuse an empty array where a mean over its elements is asked for."""
    if a.size == 0:
        raise ValueError(f"`{name}` must not be empty when `reduction` is 'mean'")


def check_class_axis(a: FloatArray, name: str, axis: int) -> None:
    """Refuse an empty class axis, which has no log-sum-exp."""
    if a.shape[axis] == 0:
        raise ValueError(f"`{name}` must have at least one entry along axis {axis}")


def check_row_maxima(m: FloatArray, name: str, axis: int) -> None:
    """Check logits through their maxima along `axis`, as found by ``argmax``.

    ``argmax`` stops at a NaN, so a row's maximum is NaN if the row has one, +inf if it has
    +inf, and -inf if every class has probability 0; all three are refused. This spares the
    logits a separate pass of `check_logits`.
    """
    if m.size:
        lo = m.min()
        hi = m.max()
        if not (lo > -math.inf and hi < math.inf):
            if np.isnan(lo) or np.isnan(hi):
                _raise_nan(name)
            if hi == math.inf:
                _raise_plus_inf(name)
            raise ValueError(
                f"`{name}` must have a finite logit along axis {axis} (got a row of only -inf)"
            )


def check_label_shape(labels: IntArray, y_pred: FloatArray) -> None:
    """Labels index the last axis of `y_pred`, so their shape is the rest of its shape."""
    if labels.shape != y_pred.shape[:-1]:
        raise ValueError(
            "`labels` must have the shape of `y_pred` without its last axis "
            f"(got {labels.shape} and {y_pred.shape})"
        )
