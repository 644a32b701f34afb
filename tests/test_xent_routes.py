"""The fast paths chosen per block agree with the exact values and with the slow paths.

The softmax family takes, block by block, either the direct route (exp of the logits
themselves, divided by exp(m)) or the shifted one (TwoSum); distributions are checked in one
blocked pass. Each route is forced here by the inputs, its use is asserted, and its results
are compared with mpmath or with the three-pass check.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import mpmath as mp
import numpy as np
import numpy.typing as npt
import pytest

import xent_ref as xr
from tests import _xent_mp as ref
from xent_ref._blocks import BLOCK
from xent_ref._series import exp_split
from xent_ref._softmax import _tiles, logit_rows, row_sums
from xent_ref._validation import (
    _CHECK_BLOCK,
    FloatArray,
    _check_distribution_in_passes,
    check_distribution_blocked,
)

ULPS = 4.0
K = 4
ROWS_PER_TILE = BLOCK // K


def test_exp_split_is_exp_to_2_pow_minus_58() -> None:
    g = np.random.default_rng(11)
    m = np.concatenate(
        [
            [-708.0, 709.0, 0.0, math.log(2) / 128, -math.log(2) / 128, 5e-300, -5e-300],
            g.uniform(-708.0, 709.0, 400),
            g.uniform(-0.05, 0.05, 100),
        ]
    )
    e, rel = exp_split(m)
    assert np.all(np.abs(rel) <= 2.0**-53)
    with mp.workdps(60):
        for mi, ei, ri in zip(m, e, rel, strict=True):
            exact = mp.exp(mp.mpf(float(mi)))
            got = mp.mpf(float(ei)) * (1 + mp.mpf(float(ri)))
            assert abs(got / exact - 1) <= mp.mpf(2) ** -58, mi


def _group(kind: str, g: np.random.Generator) -> FloatArray:
    """One tile's worth of rows of K logits, all of one kind."""
    z = g.normal(0.0, 3.0, (ROWS_PER_TILE, K))
    limit = 709.0 - math.log(K)
    if kind == "positive maxima":
        z[:, 0] = np.abs(z[:, 0]) + 6.0
    elif kind == "maxima near the overflow limit":
        z += limit - 0.5 - z.max(axis=1, keepdims=True)
    elif kind == "negative maxima, logits above -708":
        z = -np.abs(z) - 1.0
    elif kind == "negative maxima, a logit below -708":
        z = -np.abs(z) - 1.0
        z[:, 3] = -750.0
    elif kind == "maxima beyond the limit":
        z += 800.0
    elif kind == "-inf entries, positive maxima":
        z[:, 0] = np.abs(z[:, 0]) + 6.0
        z[::2, 2] = -np.inf
    elif kind == "-inf entries, negative maxima":
        z = -np.abs(z) - 1.0
        z[::2, 2] = -np.inf
    else:
        raise AssertionError(kind)
    return z


GROUPS = {
    "positive maxima": True,
    "maxima near the overflow limit": True,
    "negative maxima, logits above -708": True,
    "negative maxima, a logit below -708": False,
    "maxima beyond the limit": False,
    "-inf entries, positive maxima": True,
    "-inf entries, negative maxima": False,
}


def test_each_tile_takes_its_route_and_every_route_is_exact() -> None:
    g = np.random.default_rng(12)
    kinds = list(GROUPS)
    z = np.concatenate([_group(kind, g) for kind in kinds])
    routes = [t.direct for t in _tiles(logit_rows(z, "z", -1), 4)]
    assert routes == [GROUPS[kind] for kind in kinds]
    ls, sm = xr.log_softmax(z), xr.softmax(z)
    lse = np.asarray(xr.logsumexp(z))
    for i, kind in enumerate(kinds):
        for row in g.integers(i * ROWS_PER_TILE, (i + 1) * ROWS_PER_TILE, 12):
            zr = z[row]
            with mp.workdps(ref.DIGITS):
                exact_lse = ref.logsumexp(zr)
            assert ref.ulps(lse[row], exact_lse) <= ULPS, (kind, zr)
            for k in range(K):
                if zr[k] == -np.inf:
                    assert ls[row, k] == -np.inf and sm[row, k] == 0.0
                    continue
                assert ref.ulps(ls[row, k], -ref.neg_log_softmax(zr, k)) <= ULPS, (kind, zr, k)
                assert ref.ulps(sm[row, k], ref.softmax(zr, k)) <= ULPS, (kind, zr, k)


def test_rows_longer_than_a_block() -> None:
    g = np.random.default_rng(13)
    z = g.normal(0.0, 3.0, BLOCK + 1000)
    z[5] = -np.inf
    ls, sm = xr.log_softmax(z), xr.softmax(z)
    assert ls[5] == -np.inf and sm[5] == 0.0
    assert abs(math.fsum(sm) - 1.0) <= 1e-13
    with mp.workdps(40):
        lse = mp.log(mp.fsum(mp.exp(mp.mpf(float(v))) for v in z if v > -np.inf))
        for k in [0, int(np.argmax(z)), BLOCK - 1, BLOCK, BLOCK + 999]:
            exact = mp.mpf(float(z[k])) - lse
            assert ref.ulps(ls[k], exact) <= ULPS, k
            assert ref.ulps(sm[k], mp.exp(exact)) <= ULPS, k


@pytest.mark.parametrize(
    "case", ["one scale", "rows far below the top", "near the largest float", "negative"]
)
def test_row_sums_are_within_2_pow_minus_56(case: str) -> None:
    g = np.random.default_rng(14)
    a = np.exp(g.normal(0.0, 3.0, (300, 257)))
    if case == "rows far below the top":  # redone with their own sigma
        a *= 10.0 ** g.uniform(-300, 0, (300, 1))
    elif case == "near the largest float":  # scaled down by a power of 2 first
        a *= 1e306 / a.max()
    elif case == "negative":
        a = -a
    top = float(np.abs(a).max())
    hi, lo = row_sums(a, top, np.empty_like(a))
    for row in range(a.shape[0]):
        with mp.workdps(60):
            exact = mp.fsum(mp.mpf(float(v)) for v in a[row])
            got = mp.mpf(float(hi[row])) + mp.mpf(float(lo[row]))
            assert abs(got - exact) <= abs(exact) * mp.mpf(2) ** -56, (case, row)


def test_row_sums_of_non_finite_terms_are_the_plain_sums() -> None:
    a = np.array([[1.0, np.inf], [np.nan, 2.0], [1.0, 2.0]])
    hi, lo = row_sums(a, np.inf, np.empty_like(a))
    assert np.array_equal(hi + lo, a.sum(axis=1), equal_nan=True)


Check = Callable[[npt.ArrayLike, str, Any], tuple[FloatArray, int]]


def _outcome(check: Check, a: FloatArray, axis: object = -1) -> tuple[str, str]:
    try:
        out, ax = check(a, "p", axis)
    except (TypeError, ValueError) as exc:
        return type(exc).__name__, str(exc)
    return "ok", f"{out is a} {ax}"


def _distributions(shape: tuple[int, ...], g: np.random.Generator) -> FloatArray:
    p = g.random(shape)
    p /= p.sum(axis=-1, keepdims=True)
    return p


@pytest.mark.parametrize("shape", [(3 * _CHECK_BLOCK + 17,), (5000, 100), (40, 7, 11)])
@pytest.mark.parametrize(
    "defect", ["none", "nan", "negative", "above 1", "sum above", "sum below", "+inf"]
)
def test_blocked_check_agrees_with_three_passes(shape: tuple[int, ...], defect: str) -> None:
    g = np.random.default_rng(14)
    a = _distributions(shape, g)
    flat = a.reshape(-1)
    late = flat.size - 3  # in the last block
    if defect == "nan":
        flat[late] = np.nan
    elif defect == "negative":
        flat[late] = -1e-300
    elif defect == "above 1":
        flat[late] = 1.0 + 2.0**-52
    elif defect == "sum above":
        flat[late] += 1e-5
    elif defect == "sum below":
        flat[late] *= 0.5
        flat[late] -= 1e-5 if flat[late] > 1e-5 else 0.0
    elif defect == "+inf":
        flat[late] = np.inf
    blocked = _outcome(check_distribution_blocked, a)
    assert blocked == _outcome(_check_distribution_in_passes, a)
    assert (blocked[0] == "ok") == (defect == "none")


def test_blocked_check_keeps_the_order_of_the_errors() -> None:
    # A bad axis and a bad value: the value is reported first, as by the three passes.
    a = np.array([[0.5, 1.5]])
    for axis in (5, True, 1.0):
        blocked = _outcome(check_distribution_blocked, a, axis)
        assert blocked == _outcome(_check_distribution_in_passes, a, axis)
        assert blocked == ("ValueError", "`p` must be at most 1 (got 1.5)")
