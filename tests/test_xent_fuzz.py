"""Fuzzers (Hypothesis): any dtype, shape, flag and magnitude, thrown at every public function.

The properties: a call either returns or raises the documented ValueError or TypeError (never
another exception, never a floating-point warning escaping into the caller's code); a result
for valid input holds no NaN, and is finite and in range where the mathematics says so; and on
small samples of extreme logits the softmax family stays within 4 ulp of mpmath.
"""

from __future__ import annotations

import math
import os
import warnings
from collections.abc import Callable
from typing import Any, Literal, cast

import numpy as np
import numpy.typing as npt
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import xent_ref as xr
from tests import _xent_mp as ref

# XENT_FUZZ_EXAMPLES=5000 searches harder than the default run does.
FUZZ = settings(
    max_examples=int(os.environ.get("XENT_FUZZ_EXAMPLES", "150")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)

DTYPES = st.sampled_from(
    [np.float64, np.float32, np.float16, np.int64, np.int8, np.uint8, np.bool_]
)
EXTREMES = [
    0.0,
    -0.0,
    5e-324,
    -5e-324,
    2.2e-308,
    1e-300,
    1.0,
    -1.0,
    1e300,
    -1e300,
    1.7e308,
    -1.7e308,
    np.inf,
    -np.inf,
    np.nan,
]


def values(dtype: type[Any]) -> st.SearchStrategy[float]:
    if np.issubdtype(dtype, np.floating):
        # A float16, float32 or float64 type: its width is one Hypothesis knows.
        width = cast(Literal[16, 32, 64], np.finfo(dtype).bits)
        with np.errstate(over="ignore"):
            extremes = [x for x in EXTREMES if math.isnan(x) or float(dtype(x)) == x]
        return st.one_of(
            st.floats(width=width, allow_nan=True, allow_infinity=True),
            st.sampled_from(extremes),
            st.floats(0.0, 1.0, width=width),
        )
    if dtype is np.bool_:
        return st.booleans()
    info = np.iinfo(dtype)
    return st.integers(int(info.min), int(info.max))


@st.composite
def arrays(draw: st.DrawFn, shape: tuple[int, ...] | None = None) -> npt.NDArray[Any]:
    dtype = draw(DTYPES)
    if shape is None:
        shape = draw(hnp.array_shapes(min_dims=0, max_dims=3, min_side=0, max_side=4))
    return draw(hnp.arrays(dtype, shape, elements=values(dtype)))


@st.composite
def related_arrays(draw: st.DrawFn, n: int) -> list[npt.NDArray[Any]]:
    """`n` arrays, usually of one shape (sometimes not), and sometimes normalised rows."""
    shape = draw(hnp.array_shapes(min_dims=0, max_dims=3, min_side=0, max_side=4))
    out = []
    for _ in range(n):
        a = draw(arrays(shape if draw(st.integers(0, 9)) else None))
        if draw(st.booleans()) and a.ndim and a.dtype.kind == "f":
            with np.errstate(all="ignore"):
                a = np.abs(a.astype(np.float64))
                a = a / a.sum(axis=-1, keepdims=True)
        out.append(a)
    return out


FLAGS = st.sampled_from([True, False, np.True_, np.False_, "no", 0, 1, None, np.array([True])])
REDUCTIONS = st.sampled_from(["mean", "sum", "none", "avg", "Mean", None, 1])
AXES = st.one_of(st.integers(-4, 4), st.sampled_from([True, False, 1.5, "0", np.int64(0), None]))
BASES = st.sampled_from([None, 2, 10, 1.5, np.float32(2), 0.5, 1, 0, -2, "2", True, np.inf, np.nan])
SMOOTHING = st.one_of(
    st.floats(-0.5, 1.5), st.sampled_from(["0.1", True, None, 0.0, 1.0, math.nan])
)


def call(
    f: Callable[..., object], *args: object, **kwargs: object
) -> npt.NDArray[np.float64] | None:
    """Run `f`; return its result, or None for a documented refusal. Warnings are errors."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        try:
            result = f(*args, **kwargs)
        except (ValueError, TypeError) as exc:
            assert str(exc).startswith("`"), f"message does not name the argument: {exc}"
            return None
    a = np.asarray(result)
    assert a.dtype == np.float64
    assert not np.isnan(a).any(), f"NaN from valid input: {args} {kwargs}"
    return a


@FUZZ
@given(related_arrays(2), BASES, AXES)
def test_information_functions(pq: list[npt.NDArray[Any]], base: object, axis: object) -> None:
    p, q = pq
    kw = {"base": base, "axis": axis}
    h = call(xr.entropy, p, **kw)
    ce = call(xr.cross_entropy, p, q, **kw)
    kl = call(xr.kl_divergence, p, q, **kw)
    s = call(xr.surprisal, p, base=base)
    for r in (h, ce, kl, s):
        if r is not None:
            assert np.all(r >= 0.0)
    if h is not None:
        assert np.all(np.isfinite(h))  # entropy is at most log K


@FUZZ
@given(arrays(), AXES)
def test_softmax_family(z: npt.NDArray[Any], axis: Any) -> None:
    # `axis` is whatever AXES draws (Any): where the calls succeed, it is an integer.
    lse = call(xr.logsumexp, z, axis=axis)
    ls = call(xr.log_softmax, z, axis=axis)
    sm = call(xr.softmax, z, axis=axis)
    assert (lse is None) == (ls is None) == (sm is None)
    if sm is not None and ls is not None and lse is not None:  # all three, or none
        assert np.all((sm >= 0.0) & (sm <= 1.0))
        assert np.all(np.abs(sm.sum(axis=axis) - 1.0) <= 1e-12 * sm.shape[axis])
        assert np.all(ls <= 0.0)
        assert np.all(np.isfinite(lse))
        with np.errstate(over="ignore"):
            top = np.max(z.astype(np.float64), axis=axis)
        assert np.all(lse >= top)


# Class weights and pos_weight: None, any array (usually one of a few lengths), or not an array.
WEIGHTS = st.one_of(
    st.none(),
    arrays(),
    st.integers(0, 4).flatmap(lambda k: arrays((k,))),
    st.sampled_from([1.0, 0.0, -1.0, "1", True]),
)


@FUZZ
@given(related_arrays(2), FLAGS, REDUCTIONS, BASES, AXES, SMOOTHING, WEIGHTS)
def test_losses(
    yz: list[npt.NDArray[Any]],
    from_logits: object,
    reduction: object,
    base: object,
    axis: object,
    smoothing: object,
    weights: object,
) -> None:
    y, z = yz
    kw = {"from_logits": from_logits, "reduction": reduction, "base": base}
    for r in (
        call(xr.binary_cross_entropy, y, z, pos_weight=weights, **kw),
        call(
            xr.categorical_cross_entropy,
            y,
            z,
            axis=axis,
            label_smoothing=smoothing,
            class_weights=weights,
            **kw,
        ),
        call(xr.sparse_categorical_cross_entropy, y, z, axis=axis, class_weights=weights, **kw),
    ):
        if r is not None:
            assert np.all(r >= 0.0)


@FUZZ
@given(related_arrays(4), REDUCTIONS, BASES)
def test_gaussian_functions(
    arrays4: list[npt.NDArray[Any]], reduction: object, base: object
) -> None:
    a, b, c, d = arrays4
    nll = call(xr.gaussian_nll, a, b, c, reduction=reduction, base=base)
    mse = call(xr.mean_squared_error, a, b, reduction=reduction)
    h = call(xr.gaussian_entropy, c, base=base)
    ce = call(xr.gaussian_cross_entropy, a, b, c, d, base=base)
    kl = call(xr.gaussian_kl_divergence, a, b, c, d, base=base)
    if mse is not None:
        assert np.all(mse >= 0.0)
    if kl is not None:
        assert np.all(kl >= 0.0)
    for r in (nll, h, ce):
        if r is not None:
            assert not np.any(r == -np.inf)  # a density's log can be large, never -inf here


# --- accuracy on small samples of extreme logits ------------------------------------------

EXTREME_LOGITS = st.one_of(
    st.floats(-1e5, 1e5),
    st.floats(-800.0, 800.0),
    st.sampled_from([0.0, -745.0, 709.0, 1e300, -1e300, -np.inf]),
)


@settings(max_examples=40, deadline=None)
@given(st.lists(EXTREME_LOGITS, min_size=1, max_size=5).filter(lambda z: max(z) > -math.inf))
def test_softmax_family_within_4_ulp_of_mpmath(z: list[float]) -> None:
    got_ls, got_sm = xr.log_softmax(z), xr.softmax(z)
    for k in range(len(z)):
        exact = ref.neg_log_softmax(z, k)
        assert ref.ulps(-got_ls[k], exact) <= 4.0
        assert ref.ulps(xr.sparse_categorical_cross_entropy([k], [z], from_logits=True), exact) <= 4
        sm_exact = ref.softmax(z, k)
        if float(sm_exact) >= 2.2250738585072014e-308:  # below, softmax is subnormal: absolute
            assert ref.ulps(got_sm[k], sm_exact) <= 4.0
        else:
            assert abs(got_sm[k] - float(sm_exact)) <= 5e-324
    exact = ref.logsumexp(z)
    got = float(xr.logsumexp(z))
    assert ref.ulps(got, exact) <= 4.0 or abs(got - float(exact)) <= 1e-31 * len(z)
