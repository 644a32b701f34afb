"""Jensen-Shannon divergence and the diagonal-Gaussian (VAE) KL term: values, input checks,
properties, and accuracy against 120-digit references."""

from __future__ import annotations

import math
from typing import Any

import mpmath as mp
import numpy as np
import numpy.typing as npt
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import xent_ref as xr
from tests._xent_mp import DIGITS, Floats, mpf, ulps
from xent_ref._validation import FloatArray

settings.register_profile("xent-divergences", max_examples=60, deadline=None)

P = [0.10, 0.40, 0.50]
Q = [0.80, 0.15, 0.05]
LOG2 = math.log(2.0)


def mp_js(p: Floats, q: Floats) -> mp.mpf:
    """The definition, term by term: (p log(2p / (p + q)) + q log(2q / (p + q))) / 2."""
    with mp.workdps(DIGITS):
        terms = []
        for a, b in zip(p, q, strict=True):
            a, b = mpf(a), mpf(b)
            for x in (a, b):
                if x > 0:
                    terms.append(x * mp.log(2 * x / (a + b)) / 2)
        return mp.fsum(terms)


def mp_vae_kl(mu: Floats, lv: Floats) -> mp.mpf:
    with mp.workdps(DIGITS):
        return mp.fsum(
            (mpf(m) ** 2 + mp.expm1(mpf(v)) - mpf(v)) / 2 for m, v in zip(mu, lv, strict=True)
        )


# --- Jensen-Shannon: values and conventions -----------------------------------------------


def test_js_worked_example_equals_the_two_kl_halves() -> None:
    m = (np.array(P) + np.array(Q)) / 2
    via_kl = 0.5 * xr.kl_divergence(P, m) + 0.5 * xr.kl_divergence(Q, m)
    assert xr.js_divergence(P, Q) == pytest.approx(via_kl, rel=1e-14)
    assert f"{xr.js_divergence(P, Q, base=2):.3f}" == "0.420"


def test_js_disjoint_supports_reach_log_2() -> None:
    assert xr.js_divergence([1.0, 0.0], [0.0, 1.0]) == pytest.approx(LOG2, rel=1e-15)
    assert xr.js_divergence([0.5, 0.5, 0, 0], [0, 0, 0.25, 0.75], base=2) == pytest.approx(1.0)


def test_js_of_identical_distributions_is_exactly_zero() -> None:
    assert xr.js_divergence(P, P) == 0.0
    assert xr.js_divergence([0.0, 1.0], [0.0, 1.0]) == 0.0


def test_js_is_finite_where_kl_is_infinite() -> None:
    assert xr.kl_divergence([0.5, 0.5], [1.0, 0.0]) == math.inf
    assert 0.0 < xr.js_divergence([0.5, 0.5], [1.0, 0.0]) < LOG2


def test_js_batches_along_an_axis() -> None:
    p = np.array([P, Q, [1 / 3] * 3])
    q = np.array([Q, P, [1 / 3] * 3])
    rows = np.asarray(xr.js_divergence(p, q))
    assert rows.shape == (3,)
    assert rows[0] == rows[1] == xr.js_divergence(P, Q)
    assert rows[2] == 0.0
    np.testing.assert_array_equal(xr.js_divergence(p.T, q.T, axis=0), rows)


def test_js_base_converts_units() -> None:
    assert xr.js_divergence(P, Q, base=2) == pytest.approx(xr.js_divergence(P, Q) / LOG2)


# --- Jensen-Shannon: input checks ---------------------------------------------------------


@pytest.mark.parametrize(
    ("p", "q", "kwargs", "error", "message"),
    [
        ([0.5, 0.6], [0.5, 0.5], {}, ValueError, "`p` must sum to 1 along axis -1 (got 1.1)"),
        ([0.5, 0.5], [-0.5, 1.5], {}, ValueError, "`q` must be non-negative (got -0.5)"),
        ([0.5, 0.5], [1 / 3] * 3, {}, ValueError, "`p` and `q` must have the same shape"),
        ([0.5, math.nan], [0.5, 0.5], {}, ValueError, "`p` must not contain NaN"),
        ([0.5, 0.5], [0.5, 0.5], {"base": 1}, ValueError, "`base` must be a finite number"),
        ([0.5, 0.5], [0.5, 0.5], {"axis": 1}, ValueError, "`axis` must be in [-1, 1)"),
        ([0.5, 0.5], [0.5, 0.5], {"axis": 0.0}, TypeError, "`axis` must be an integer"),
        (["a", "b"], [0.5, 0.5], {}, TypeError, "`p` must contain real numbers"),
    ],
)
def test_js_refuses_bad_input(
    p: npt.ArrayLike,
    q: npt.ArrayLike,
    kwargs: dict[str, Any],
    error: type[Exception],
    message: str,
) -> None:
    with pytest.raises(error) as info:
        xr.js_divergence(p, q, **kwargs)
    assert str(info.value).startswith(message)


def test_js_takes_keyword_options_only() -> None:
    with pytest.raises(TypeError):
        xr.js_divergence(P, Q, 2)  # type: ignore[call-arg]  # wrong on purpose


# --- Jensen-Shannon: properties -----------------------------------------------------------


def distributions(n: int) -> st.SearchStrategy[FloatArray]:
    @st.composite
    def build(draw: st.DrawFn) -> FloatArray:
        w: FloatArray = draw(hnp.arrays(np.float64, n, elements=st.floats(0.0, 1.0)))
        if w.sum() == 0:
            w[draw(st.integers(0, n - 1))] = 1.0
        return w / float(w.sum())

    return build()


@st.composite
def triples(draw: st.DrawFn) -> tuple[FloatArray, FloatArray, FloatArray]:
    n = draw(st.integers(1, 8))
    return draw(distributions(n)), draw(distributions(n)), draw(distributions(n))


@settings(settings.get_profile("xent-divergences"))
@given(triples())
def test_js_is_symmetric_and_bounded(pqr: tuple[FloatArray, FloatArray, FloatArray]) -> None:
    p, q, _ = pqr
    js = xr.js_divergence(p, q)
    assert js == xr.js_divergence(q, p)
    assert 0.0 <= js <= LOG2 * (1 + 1e-12)


@settings(settings.get_profile("xent-divergences"))
@given(triples())
def test_js_is_zero_exactly_when_the_distributions_agree(
    pqr: tuple[FloatArray, FloatArray, FloatArray],
) -> None:
    p, q, _ = pqr
    assert xr.js_divergence(p, p) == 0.0
    if not np.array_equal(p, q):
        assert xr.js_divergence(p, q) > 0.0


@settings(settings.get_profile("xent-divergences"))
@given(triples())
def test_square_root_of_js_satisfies_the_triangle_inequality(
    pqr: tuple[FloatArray, FloatArray, FloatArray],
) -> None:
    p, q, r = pqr
    d_pr = math.sqrt(xr.js_divergence(p, r))
    via_q = math.sqrt(xr.js_divergence(p, q)) + math.sqrt(xr.js_divergence(q, r))
    assert d_pr <= via_q + 1e-12


def test_js_itself_is_not_a_metric() -> None:
    # JS is a squared distance: on these three points it breaks the triangle inequality.
    p, q, r = [1.0, 0.0], [0.5, 0.5], [0.0, 1.0]
    assert xr.js_divergence(p, r) > xr.js_divergence(p, q) + xr.js_divergence(q, r)


# --- Jensen-Shannon: accuracy against 120-digit references --------------------------------


@pytest.mark.parametrize("agree_digits", [2, 6, 10, 12, 14])
def test_js_of_close_distributions(agree_digits: int) -> None:
    rng = np.random.default_rng(agree_digits)
    for _ in range(20):
        p = rng.dirichlet(np.ones(6))
        q = p * (1 + 10.0**-agree_digits * rng.standard_normal(6))
        q /= q.sum()
        ref = mp_js(p, q)
        assert ulps(xr.js_divergence(p, q), ref) <= 4


def test_js_entropy_route_loses_the_digits_we_keep() -> None:
    rng = np.random.default_rng(7)
    p = rng.dirichlet(np.ones(6))
    q = p * (1 + 1e-10 * rng.standard_normal(6))
    q /= q.sum()
    ref = mp_js(p, q)
    m = (p + q) / 2
    naive = xr.entropy(m) - (xr.entropy(p) + xr.entropy(q)) / 2
    assert ulps(naive, ref) > 1e6
    assert ulps(xr.js_divergence(p, q), ref) <= 4


@pytest.mark.parametrize("seed", range(5))
@pytest.mark.parametrize("spread", [0.1, 1.0, 10.0])
def test_js_of_random_distributions(seed: int, spread: float) -> None:
    rng = np.random.default_rng(seed)
    p = rng.dirichlet(np.full(8, spread))
    q = rng.dirichlet(np.full(8, spread))
    assert ulps(xr.js_divergence(p, q), mp_js(p, q)) <= 4


def test_js_terms_one_by_one_across_the_series_boundary() -> None:
    # Ratios p / q from 1e-3 to 1e3, so that |u| crosses 1/2 (ratio 3) inside the sweep.
    for ratio in np.geomspace(1e-3, 1e3, 61):
        p = np.array([0.5 * ratio / (1 + ratio), 0.5 / (1 + ratio), 0.5])
        q = np.array([0.5 / (1 + ratio), 0.5 * ratio / (1 + ratio), 0.5])
        assert ulps(xr.js_divergence(p, q), mp_js(p, q)) <= 4, ratio


def test_js_with_tiny_and_subnormal_probabilities() -> None:
    p = np.array([1.0 - 1e-300, 1e-300, 0.0])
    q = np.array([1.0 - 5e-324, 0.0, 5e-324])
    assert ulps(xr.js_divergence(p, q), mp_js(p, q)) <= 4


# --- diagonal-Gaussian KL: values, conventions, input checks ------------------------------


def test_vae_kl_equals_the_sum_of_one_dimensional_divergences() -> None:
    rng = np.random.default_rng(0)
    mu, lv = rng.normal(size=(4, 5)), rng.normal(size=(4, 5))
    per_dim = xr.gaussian_kl_divergence(mu, np.exp(lv / 2), 0.0, 1.0)
    rows = xr.diagonal_gaussian_kl(mu, lv, reduction="none")
    np.testing.assert_allclose(rows, per_dim.sum(axis=-1), rtol=1e-13)
    assert xr.diagonal_gaussian_kl(mu, lv) == pytest.approx(rows.mean(), rel=1e-15)
    assert xr.diagonal_gaussian_kl(mu, lv, reduction="sum") == pytest.approx(rows.sum())


def test_vae_kl_of_the_prior_itself_is_exactly_zero() -> None:
    assert xr.diagonal_gaussian_kl(np.zeros((3, 4)), np.zeros((3, 4))) == 0.0
    assert xr.diagonal_gaussian_kl([0.0], [0.0]) == 0.0


def test_vae_kl_one_example_is_a_scalar_for_every_reduction() -> None:
    for reduction in ("mean", "sum", "none"):
        out = xr.diagonal_gaussian_kl([1.0, 2.0], [0.0, 0.0], reduction=reduction)
        assert np.ndim(out) == 0
        assert out == pytest.approx(2.5)


def test_vae_kl_in_bits() -> None:
    nats = xr.diagonal_gaussian_kl([1.0], [0.5])
    assert xr.diagonal_gaussian_kl([1.0], [0.5], base=2) == pytest.approx(nats / LOG2)


def test_vae_kl_overflow_is_inf_not_nan() -> None:
    assert xr.diagonal_gaussian_kl([0.0, 0.0], [800.0, 0.0]) == math.inf
    assert xr.diagonal_gaussian_kl([1e200, 0.0], [0.0, 0.0]) == math.inf
    # A very negative log-variance is a large but finite divergence: -lv / 2.
    assert xr.diagonal_gaussian_kl([0.0], [-1e300]) == pytest.approx(0.5e300)


@pytest.mark.parametrize(
    ("mean", "log_var", "kwargs", "error", "message"),
    [
        ([0.0, math.inf], [0.0, 0.0], {}, ValueError, "`mean` must be finite (got inf)"),
        ([0.0, 0.0], [0.0, -math.inf], {}, ValueError, "`log_var` must be finite (got -inf)"),
        ([0.0, 0.0], [0.0, math.nan], {}, ValueError, "`log_var` must not contain NaN"),
        ([0.0, 0.0], [0.0], {}, ValueError, "`mean` and `log_var` must have the same shape"),
        (0.0, 0.0, {}, ValueError, "`mean` must have at least one dimension (got a scalar)"),
        ([0.0], [0.0], {"reduction": "avg"}, ValueError, "`reduction` must be one of"),
        ([0.0], [0.0], {"reduction": None}, TypeError, "`reduction` must be one of"),
        (
            np.zeros((0, 2)),
            np.zeros((0, 2)),
            {},
            ValueError,
            "`mean` must not be empty when `reduction` is 'mean'",
        ),
        ([0.0], [0.0], {"base": 0.5}, ValueError, "`base` must be a finite number"),
        (["x"], [0.0], {}, TypeError, "`mean` must contain real numbers"),
    ],
)
def test_vae_kl_refuses_bad_input(
    mean: npt.ArrayLike,
    log_var: npt.ArrayLike,
    kwargs: dict[str, Any],
    error: type[Exception],
    message: str,
) -> None:
    with pytest.raises(error) as info:
        xr.diagonal_gaussian_kl(mean, log_var, **kwargs)
    assert str(info.value).startswith(message)


# 0, or at least 1e-100 in magnitude: smaller inputs have squares that underflow to 0 (the
# correctly rounded result), so that a non-zero input would rightly give exactly 0.
NOT_TINY = st.one_of(st.just(0.0), st.floats(1e-100, 30.0), st.floats(-30.0, -1e-100))


@settings(settings.get_profile("xent-divergences"))
@given(
    hnp.arrays(np.float64, st.integers(1, 6), elements=NOT_TINY),
    NOT_TINY,
)
def test_vae_kl_is_non_negative_and_zero_only_at_the_prior(mu: FloatArray, shift: float) -> None:
    lv = np.full(mu.shape, shift)
    kl = xr.diagonal_gaussian_kl(mu, lv)
    assert kl >= 0.0
    assert (kl == 0.0) == (not mu.any() and shift == 0.0)


# --- diagonal-Gaussian KL: accuracy -------------------------------------------------------


@pytest.mark.parametrize("scale", [1e-12, 1e-8, 1e-4, 0.1, 0.5, 0.6, 1.0, 5.0, 50.0])
def test_vae_kl_against_120_digits(scale: float) -> None:
    rng = np.random.default_rng(int(-math.log10(scale) * 10) + 100)
    for _ in range(20):
        mu = scale * rng.standard_normal(8)
        lv = scale * rng.standard_normal(8)
        assert ulps(xr.diagonal_gaussian_kl(mu, lv), mp_vae_kl(mu, lv)) <= 4


def test_vae_kl_near_zero_keeps_the_digits_expm1_minus_lv_loses() -> None:
    lv = np.array([1e-7, -3e-7, 2e-7])
    mu = np.zeros(3)
    ref = mp_vae_kl(mu, lv)
    naive = 0.5 * np.sum(np.expm1(lv) - lv)
    assert ulps(naive, ref) > 100
    assert ulps(xr.diagonal_gaussian_kl(mu, lv), ref) <= 4
