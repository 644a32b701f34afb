"""Property-based tests (Hypothesis): the inequalities and identities, on generated inputs."""

from __future__ import annotations

import math

import numpy as np
from hypothesis import example, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import xent_ref as xr
from xent_ref._validation import FloatArray

# Modest example counts keep the whole package suite well under a minute.
settings.register_profile("xent", max_examples=60, deadline=None)
settings.load_profile("xent")

REL = 1e-12


SIZES = st.integers(1, 12)


def distributions(
    k: st.SearchStrategy[int] = SIZES, zeros: bool = True
) -> st.SearchStrategy[FloatArray]:
    """Probability vectors: non-negative weights, at least one positive, normalised."""
    low = 0.0 if zeros else 1e-3

    @st.composite
    def build(draw: st.DrawFn) -> FloatArray:
        n = draw(k)
        w: FloatArray = draw(hnp.arrays(np.float64, n, elements=st.floats(low, 1.0)))
        if w.sum() == 0:
            w[draw(st.integers(0, n - 1))] = 1.0
        return w / float(w.sum())

    return build()


@st.composite
def distribution_pairs(draw: st.DrawFn, zeros_in_q: bool = False) -> tuple[FloatArray, FloatArray]:
    n = draw(st.integers(1, 12))
    p = draw(distributions(st.just(n)))
    q = draw(distributions(st.just(n), zeros=not zeros_in_q))
    return p, q


logits = st.floats(-50.0, 50.0)
bases = st.sampled_from([2, 10, math.e, 1.5, 3.7])


@given(distribution_pairs())
@example((np.array([1.0, 8.3e-147]), np.array([1.0, 1.2e-38])))
def test_gibbs_inequality(pq: tuple[FloatArray, FloatArray]) -> None:
    # For vectors as given, H(P, Q) - H(P) is the generalised divergence (>= 0) minus
    # (sum q - sum p): float vectors that each "sum to 1" may still differ in their exact sums
    # (p = [1, 8e-147], q = [1, 1e-38] do), so the inequality holds up to that excess mass.
    p, q = pq
    excess = max(0.0, math.fsum([*q.tolist(), *(-p).tolist()]))
    assert xr.cross_entropy(p, q) >= xr.entropy(p) * (1 - REL) - excess * (1 + REL)


@given(distribution_pairs(zeros_in_q=True))
def test_kl_is_non_negative(pq: tuple[FloatArray, FloatArray]) -> None:
    p, q = pq
    assert xr.kl_divergence(p, q) >= 0.0


@given(distributions())
def test_kl_of_a_distribution_with_itself_is_zero(p: FloatArray) -> None:
    assert xr.kl_divergence(p, p) == 0.0


@given(distribution_pairs())
def test_cross_entropy_is_entropy_plus_kl(pq: tuple[FloatArray, FloatArray]) -> None:
    p, q = pq
    ce = xr.cross_entropy(p, q)
    assert math.isclose(ce, xr.entropy(p) + xr.kl_divergence(p, q), rel_tol=REL, abs_tol=1e-15)


@given(distribution_pairs(), bases)
def test_change_of_base(pq: tuple[FloatArray, FloatArray], base: float) -> None:
    p, q = pq
    scale = math.log(base)
    for f in (xr.cross_entropy, xr.kl_divergence):
        assert math.isclose(f(p, q, base=base) * scale, f(p, q), rel_tol=REL, abs_tol=1e-300)
    # A subnormal entropy (probabilities of 5e-324) is only absolutely accurate.
    assert math.isclose(
        xr.entropy(p, base=base) * scale, xr.entropy(p), rel_tol=REL, abs_tol=1e-300
    )


@given(distributions())
def test_entropy_bounds(p: FloatArray) -> None:
    assert 0.0 <= xr.entropy(p) <= math.log(p.size) * (1 + REL)


@given(st.integers(1, 6), st.integers(2, 8), st.data())
def test_sparse_equals_categorical_with_one_hot(n: int, k: int, data: st.DataObject) -> None:
    z = data.draw(hnp.arrays(np.float64, (n, k), elements=logits))
    labels = data.draw(hnp.arrays(np.int64, n, elements=st.integers(0, k - 1)))
    onehot = np.eye(k)[labels]
    for from_logits, pred in ((True, z), (False, xr.softmax(z))):
        sparse = xr.sparse_categorical_cross_entropy(
            labels, pred, from_logits=from_logits, reduction="none"
        )
        cat = xr.categorical_cross_entropy(onehot, pred, from_logits=from_logits, reduction="none")
        assert np.allclose(sparse, cat, rtol=REL, atol=0)


@given(hnp.arrays(np.float64, st.integers(1, 20), elements=st.floats(0, 1)), st.data())
def test_binary_equals_two_class_categorical(y: FloatArray, data: st.DataObject) -> None:
    z = data.draw(hnp.arrays(np.float64, y.shape, elements=logits))
    two = np.stack([np.zeros_like(z), z], axis=-1)  # softmax([0, z]) = [1 - s(z), s(z)]
    target = np.stack([1 - y, y], axis=-1)
    binary = xr.binary_cross_entropy(y, z, from_logits=True, reduction="none")
    cat = xr.categorical_cross_entropy(target, two, from_logits=True, reduction="none")
    assert np.allclose(binary, cat, rtol=1e-10, atol=1e-300)


@given(hnp.arrays(np.float64, st.integers(1, 20), elements=st.floats(0, 1)), st.data())
def test_binary_logits_path_equals_probability_path(y: FloatArray, data: st.DataObject) -> None:
    z = data.draw(hnp.arrays(np.float64, y.shape, elements=st.floats(-20, 20)))
    p = 1 / (1 + np.exp(-z))
    a = xr.binary_cross_entropy(y, z, from_logits=True, reduction="none")
    b = xr.binary_cross_entropy(y, p, reduction="none")
    # The probability path starts from p rounded to float64: 1 - p loses digits when p is
    # near 1, so the comparison allows for that input error and no more.
    assert np.allclose(a, b, rtol=1e-7, atol=1e-12)


@given(st.integers(1, 5), st.integers(1, 8), st.data())
def test_categorical_logits_path_equals_probability_path(
    n: int, k: int, data: st.DataObject
) -> None:
    z = data.draw(hnp.arrays(np.float64, (n, k), elements=st.floats(-20, 20)))
    y = np.stack([data.draw(distributions(st.just(k))) for _ in range(n)])
    a = xr.categorical_cross_entropy(y, z, from_logits=True, reduction="none")
    b = xr.categorical_cross_entropy(y, xr.softmax(z), reduction="none")
    assert np.allclose(a, b, rtol=1e-9, atol=1e-12)
    assert np.allclose(np.exp(xr.log_softmax(z)), xr.softmax(z), rtol=1e-13, atol=0)
    assert np.allclose(xr.logsumexp(z), np.log(np.exp(z).sum(axis=-1)), rtol=1e-13, atol=1e-13)


@given(st.integers(1, 5), st.integers(1, 8), st.floats(0, 1), st.data())
def test_label_smoothing_is_the_mixed_target(n: int, k: int, e: float, data: st.DataObject) -> None:
    z = data.draw(hnp.arrays(np.float64, (n, k), elements=logits))
    y = np.stack([data.draw(distributions(st.just(k))) for _ in range(n)])
    smoothed = xr.categorical_cross_entropy(
        y, z, from_logits=True, label_smoothing=e, reduction="none"
    )
    mixed = (1 - e) * y + e / k
    direct = xr.categorical_cross_entropy(mixed, z, from_logits=True, reduction="none")
    assert np.allclose(smoothed, direct, rtol=1e-12, atol=1e-300)


@given(st.integers(1, 20), st.data())
def test_gaussian_nll_is_half_mse_plus_constant(n: int, data: st.DataObject) -> None:
    y = data.draw(hnp.arrays(np.float64, n, elements=st.floats(-1e3, 1e3)))
    mu = data.draw(hnp.arrays(np.float64, n, elements=st.floats(-1e3, 1e3)))
    nll = xr.gaussian_nll(y, mu)
    expected = xr.mean_squared_error(y, mu) / 2 + 0.5 * math.log(2 * math.pi)
    assert math.isclose(nll, expected, rel_tol=1e-12)


@given(
    st.floats(-10, 10),
    st.floats(0.1, 10),
    st.floats(-10, 10),
    st.floats(0.1, 10),
)
def test_gaussian_cross_entropy_is_entropy_plus_kl(
    mp: float, sp: float, mq: float, sq: float
) -> None:
    kl = xr.gaussian_kl_divergence(mp, sp, mq, sq)
    assert kl >= 0.0
    ce = xr.gaussian_cross_entropy(mp, sp, mq, sq)
    assert math.isclose(ce, xr.gaussian_entropy(sp) + kl, rel_tol=1e-12, abs_tol=1e-12)
