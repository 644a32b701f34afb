"""Joint entropy, conditional entropy, mutual information and the Brier score.

Accuracy is measured against exact references: the table's entries are exact rationals
(``fractions.Fraction``), so its marginals, the product of the marginals and their difference
from the table are computed exactly; only the final logarithms are evaluated, in mpmath with
enough digits for the cancellation each form has. The mutual information reference is the
generalised divergence sum of q phi(t), t = (p - q) / q, phi(t) = (1 + t) log1p(t) - t: a sum
of non-negative terms, with no difference of entropies anywhere.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from fractions import Fraction
from typing import SupportsFloat

import mpmath as mp
import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from sklearn.datasets import load_breast_cancer
from sklearn.metrics import brier_score_loss
from sklearn.tree import DecisionTreeClassifier

import xent_ref as xr
from xent_ref._validation import FloatArray, Result

settings.register_profile("xent-joint", max_examples=80, deadline=None)

SUM_ULPS = 4.0
DIGITS = 50

TABLE = np.array([[0.4, 0.1], [0.1, 0.4]])  # the conditional-entropy example of the site


# --- exact references ------------------------------------------------------------------------


def _fractions(t: FloatArray) -> list[list[Fraction]]:
    return [[Fraction(float(x)) for x in row] for row in np.asarray(t, dtype=float)]


def _mpf(f: Fraction | int) -> mp.mpf:
    return mp.mpf(f.numerator) / f.denominator


def ref_mutual_information(t: FloatArray) -> mp.mpf:
    """I(X; Y) of the normalised table p / S, as sum q phi(t) / S with q = p(x) p(y) / S."""
    p = _fractions(t)
    s = sum(sum(row) for row in p)
    px = [sum(row) for row in p]
    py = [sum(col) for col in zip(*p, strict=True)]
    terms = []
    for i, row in enumerate(p):
        for j, pij in enumerate(row):
            q = px[i] * py[j] / s
            if q == 0:
                continue  # then pij = 0 as well: nothing to add
            d = pij - q
            if pij == 0:
                terms.append(_mpf(q))
                continue
            ratio = d / q
            if abs(ratio) >= Fraction(1, 2):
                with mp.workdps(DIGITS):
                    terms.append(_mpf(pij) * mp.log(_mpf(pij / q)) - _mpf(d))
                continue
            # phi(t) is about t^2 / 2: evaluating it cancels about log10(1 / |t|) digits.
            lost = max(0, -math.floor(math.log10(abs(float(ratio)) or 1e-320)))
            with mp.workdps(DIGITS + lost):
                x = _mpf(ratio)
                terms.append(_mpf(q) * ((1 + x) * mp.log1p(x) - x))
    with mp.workdps(DIGITS):
        return mp.fsum(terms) / _mpf(s)


def ref_conditional_entropy(t: FloatArray) -> mp.mpf:
    """sum p log(p(x) / p) = sum p log1p(rest / p), with the rest of each row summed exactly."""
    p = _fractions(t)
    with mp.workdps(DIGITS):
        return mp.fsum(
            _mpf(pij) * mp.log1p(_mpf((sum(row) - pij) / pij)) for row in p for pij in row if pij
        )


def ref_joint_entropy(t: FloatArray) -> mp.mpf:
    with mp.workdps(DIGITS):
        return -mp.fsum(_mpf(x) * mp.log(_mpf(x)) for row in _fractions(t) for x in row if x)


def ulps(got: SupportsFloat, ref: mp.mpf) -> float:
    if ref == 0:
        return 0.0 if float(got) == 0.0 else math.inf
    r = float(ref)
    with mp.workdps(DIGITS):
        return float(abs(mp.mpf(float(got)) - ref) / mp.mpf(float(np.spacing(abs(r)))))


def near_product(
    rng: np.random.Generator, eps: float, shape: tuple[int, int] = (4, 5)
) -> FloatArray:
    """A table within a relative eps of the product of its marginals: MI of about eps^2 / 2."""
    px = rng.dirichlet(np.ones(shape[0]))
    py = rng.dirichlet(np.ones(shape[1]))
    t: FloatArray = np.outer(px, py) * np.exp(eps * rng.standard_normal(shape))
    return t / float(t.sum())


# --- values --------------------------------------------------------------------------------


def test_worked_example_against_closed_forms() -> None:
    h_xy = -2 * (0.4 * math.log2(0.4) + 0.1 * math.log2(0.1))
    h_y_given_x = -(0.8 * math.log2(0.8) + 0.2 * math.log2(0.2))
    assert xr.joint_entropy(TABLE, base=2) == pytest.approx(h_xy, rel=1e-15)
    assert xr.conditional_entropy(TABLE, base=2) == pytest.approx(h_y_given_x, rel=1e-15)
    assert xr.mutual_information(TABLE, base=2) == pytest.approx(1 - h_y_given_x, rel=1e-14)


def test_copy_of_a_variable() -> None:
    pxy = np.diag([0.1, 0.4, 0.5])  # Y = X
    h = xr.entropy([0.1, 0.4, 0.5])
    assert xr.conditional_entropy(pxy) == 0.0
    assert xr.joint_entropy(pxy) == h
    assert xr.mutual_information(pxy) == pytest.approx(h, rel=1e-15)


def test_exact_product_table_has_zero_information() -> None:
    pxy = np.outer([0.25, 0.75], [0.5, 0.125, 0.375])  # every product exact in binary
    assert xr.mutual_information(pxy) == 0.0


def test_results_are_numpy_scalars_for_one_table() -> None:
    for f in (xr.joint_entropy, xr.conditional_entropy, xr.mutual_information):
        assert type(f(TABLE)) is np.float64


def test_batch_matches_a_loop() -> None:
    rng = np.random.default_rng(3)
    t = rng.random((2, 3, 4, 5))
    t /= t.sum(axis=(-2, -1), keepdims=True)
    for f in (xr.joint_entropy, xr.conditional_entropy, xr.mutual_information):
        got = f(t, base=2)
        assert got.shape == (2, 3)
        for idx in np.ndindex(2, 3):
            assert got[idx] == pytest.approx(f(t[idx], base=2), rel=1e-15, abs=1e-300)


def test_conditioning_on_y_by_swapping_axes() -> None:
    rng = np.random.default_rng(4)
    t = rng.random((3, 4))
    t /= t.sum()
    h_x_given_y = xr.conditional_entropy(t.T)
    assert h_x_given_y == pytest.approx(xr.joint_entropy(t) - xr.entropy(t.sum(axis=0)), rel=1e-13)
    assert h_x_given_y != pytest.approx(xr.conditional_entropy(t), rel=1e-3)


def test_bits_are_nats_over_ln_2() -> None:
    for f in (xr.joint_entropy, xr.conditional_entropy, xr.mutual_information):
        assert f(TABLE, base=2) == pytest.approx(f(TABLE) / math.log(2), rel=1e-15)


def test_empty_rows_and_columns_contribute_nothing() -> None:
    padded = np.zeros((4, 3))
    padded[:2, :2] = TABLE
    for f in (xr.joint_entropy, xr.conditional_entropy, xr.mutual_information):
        assert f(padded) == pytest.approx(f(TABLE), rel=1e-15)


# --- accuracy ------------------------------------------------------------------------------


@pytest.mark.parametrize("eps", [0.5, 1e-3, 1e-6, 1e-10, 1e-14, 1e-17])
def test_mutual_information_of_nearly_independent_tables(eps: float) -> None:
    rng = np.random.default_rng(int(-math.log10(eps) * 10))
    for _ in range(8):
        t = near_product(rng, eps)
        assert ulps(xr.mutual_information(t), ref_mutual_information(t)) <= SUM_ULPS


def test_difference_of_entropies_would_lose_every_digit() -> None:
    # The reason for the direct route: at eps = 1e-10 the MI is about 1e-21 nats, far below
    # the rounding error of entropies of order 1.
    t = near_product(np.random.default_rng(7), 1e-10)
    exact = ref_mutual_information(t)
    px, py = _marginals(t)
    by_entropies = xr.entropy(px) + xr.entropy(py) - xr.joint_entropy(t)
    assert abs(float(by_entropies) - float(exact)) >= 0.5 * float(exact)
    assert ulps(xr.mutual_information(t), exact) <= SUM_ULPS


@pytest.mark.parametrize("tiny", [1e-5, 1e-12, 1e-200, 1e-300, 5e-324])
def test_almost_one_hot_rows(tiny: float) -> None:
    # Y is almost a function of X: H(Y | X) is tiny and the big entries are nearly their rows.
    t = np.array([[0.5 - tiny, tiny], [tiny, 0.5 - tiny]])
    assert ulps(xr.conditional_entropy(t), ref_conditional_entropy(t)) <= SUM_ULPS
    assert ulps(xr.mutual_information(t), ref_mutual_information(t)) <= SUM_ULPS
    assert ulps(xr.joint_entropy(t), ref_joint_entropy(t)) <= SUM_ULPS


def test_product_of_marginals_below_the_smallest_float() -> None:
    # p(x) = p(y) = 1e-200 for the second row and column: their product, 1e-400, underflows.
    t = np.array([[1.0, 0.0], [0.0, 1e-200]])
    got = xr.mutual_information(t)
    assert got > 0
    assert ulps(got, ref_mutual_information(t)) <= SUM_ULPS


@pytest.mark.parametrize("seed", range(6))
def test_random_tables_with_zeros(seed: int) -> None:
    rng = np.random.default_rng(seed)
    t = rng.random((5, 6)) * (rng.random((5, 6)) < 0.7)
    t[0, 0] += 0.1
    t /= t.sum()
    assert ulps(xr.mutual_information(t), ref_mutual_information(t)) <= SUM_ULPS
    assert ulps(xr.conditional_entropy(t), ref_conditional_entropy(t)) <= SUM_ULPS
    assert ulps(xr.joint_entropy(t), ref_joint_entropy(t)) <= SUM_ULPS


def test_table_that_sums_to_one_only_within_tolerance_stands_for_its_normalised_table() -> None:
    t = near_product(np.random.default_rng(11), 1e-6) * (1 + 5e-7)
    assert ulps(xr.mutual_information(t), ref_mutual_information(t)) <= SUM_ULPS
    # A product table scaled by 1 + 5e-7: the textbook sum gives about -5e-7; the answer is 0.
    independent = np.outer([0.25, 0.75], [0.5, 0.5]) * (1 + 5e-7)
    textbook = float(np.sum(independent * np.log(independent / np.outer(*_marginals(independent)))))
    assert textbook < -4e-7
    assert 0.0 <= xr.mutual_information(independent) <= 1e-30


def _marginals(t: FloatArray) -> tuple[FloatArray, FloatArray]:
    # A sum of entries that add up to 1 can round to 1 + 2^-52, which `entropy` refuses.
    return np.minimum(t.sum(axis=1), 1.0), np.minimum(t.sum(axis=0), 1.0)


# --- properties ----------------------------------------------------------------------------


@st.composite
def tables(draw: st.DrawFn, zeros: bool = True) -> FloatArray:
    nx, ny = draw(st.integers(1, 6)), draw(st.integers(1, 6))
    w: FloatArray = draw(
        hnp.arrays(np.float64, (nx, ny), elements=st.floats(0.0 if zeros else 1e-3, 1.0))
    )
    if w.sum() == 0:
        w[draw(st.integers(0, nx - 1)), draw(st.integers(0, ny - 1))] = 1.0
    return w / float(w.sum())


@settings(settings.get_profile("xent-joint"))
@given(tables())
def test_chain_rule_both_ways(t: FloatArray) -> None:
    px, py = _marginals(t)
    h_xy = xr.joint_entropy(t)
    assert h_xy == pytest.approx(xr.entropy(px) + xr.conditional_entropy(t), rel=1e-12, abs=1e-15)
    assert h_xy == pytest.approx(xr.entropy(py) + xr.conditional_entropy(t.T), rel=1e-12, abs=1e-15)


@settings(settings.get_profile("xent-joint"))
@given(tables())
def test_information_is_between_zero_and_each_entropy(t: FloatArray) -> None:
    px, py = _marginals(t)
    i = xr.mutual_information(t)
    assert i >= 0.0
    assert i <= min(xr.entropy(px), xr.entropy(py)) + 1e-14
    assert xr.conditional_entropy(t) <= xr.entropy(py) + 1e-14  # conditioning never adds


@settings(settings.get_profile("xent-joint"))
@given(tables())
def test_information_is_the_drop_in_entropy_and_symmetric(t: FloatArray) -> None:
    px, py = _marginals(t)
    i = xr.mutual_information(t)
    assert i == pytest.approx(xr.entropy(py) - xr.conditional_entropy(t), abs=1e-13)
    assert i == pytest.approx(xr.entropy(px) + xr.entropy(py) - xr.joint_entropy(t), abs=1e-13)
    assert xr.mutual_information(t.T) == pytest.approx(i, rel=1e-14, abs=1e-30)


@settings(settings.get_profile("xent-joint"))
@given(tables(), tables())
def test_independent_tables_have_zero_information(a: FloatArray, b: FloatArray) -> None:
    # The outer product of two marginals, rounded entry by entry: within a relative 1e-16 of
    # independence, so I is at most about 1e-32; the difference of entropies gives about 1e-16.
    px, py = _marginals(a)[0], _marginals(b)[1]
    t = np.outer(px, py)
    assert 0.0 <= xr.mutual_information(t) <= 1e-28


@settings(settings.get_profile("xent-joint"))
@given(tables())
def test_information_is_the_divergence_from_the_product(t: FloatArray) -> None:
    px, py = _marginals(t)
    product = np.outer(px, py)
    # Where p(x) p(y) underflows (to 0, or to a subnormal with fewer digits) beside a positive
    # p(x, y), the float product is not the product distribution to the tolerance below (to 0,
    # its KL is inf); mutual_information handles that case itself, tested against the exact
    # reference in test_product_of_marginals_below_the_smallest_float.
    assume(not np.any((product < np.finfo(np.float64).tiny) & (t > 0)))
    kl = xr.kl_divergence(t.ravel(), product.ravel())
    assert xr.mutual_information(t) == pytest.approx(kl, rel=1e-9, abs=1e-15)


# --- validation ----------------------------------------------------------------------------

JOINT = [xr.joint_entropy, xr.conditional_entropy, xr.mutual_information]


@pytest.mark.parametrize("f", JOINT)
class TestJointValidation:
    def test_one_dimensional(self, f: Callable[..., Result]) -> None:
        with pytest.raises(ValueError, match=r"`pxy` must be a joint probability table .*\(3,\)"):
            f([0.2, 0.3, 0.5])

    def test_empty_axis(self, f: Callable[..., Result]) -> None:
        with pytest.raises(ValueError, match=r"`pxy` must have at least one row and one column"):
            f(np.zeros((0, 3)))

    def test_sum(self, f: Callable[..., Result]) -> None:
        with pytest.raises(ValueError, match=r"`pxy` must sum to 1 over its last two axes \(got"):
            f([[0.4, 0.1], [0.1, 0.3]])

    def test_sum_of_one_table_in_a_batch(self, f: Callable[..., Result]) -> None:
        batch = np.stack([TABLE, TABLE * 1.01])
        with pytest.raises(ValueError, match=r"`pxy` must sum to 1 .*1\.01"):
            f(batch)

    def test_small_drift_accepted(self, f: Callable[..., Result]) -> None:
        assert np.isfinite(f(TABLE * (1 + 5e-7)))

    def test_negative(self, f: Callable[..., Result]) -> None:
        with pytest.raises(ValueError, match=r"`pxy` must be non-negative"):
            f([[0.6, -0.1], [0.1, 0.4]])

    def test_above_one(self, f: Callable[..., Result]) -> None:
        with pytest.raises(ValueError, match=r"`pxy` must be at most 1"):
            f([[1.5, 0.0], [0.0, -0.0]])

    def test_nan(self, f: Callable[..., Result]) -> None:
        with pytest.raises(ValueError, match=r"`pxy` must not contain NaN"):
            f([[np.nan, 0.1], [0.1, 0.4]])

    def test_strings(self, f: Callable[..., Result]) -> None:
        with pytest.raises(TypeError, match=r"`pxy` must contain real numbers"):
            f([["a", "b"], ["c", "d"]])

    def test_base_of_wrong_type(self, f: Callable[..., Result]) -> None:
        with pytest.raises(TypeError, match=r"`base`"):
            f(TABLE, base="2")

    def test_base_of_wrong_value(self, f: Callable[..., Result]) -> None:
        with pytest.raises(ValueError, match=r"`base`"):
            f(TABLE, base=1.0)

    def test_base_is_keyword_only(self, f: Callable[..., Result]) -> None:
        with pytest.raises(TypeError):
            f(TABLE, 2)


# --- the Brier score -------------------------------------------------------------------------


def test_brier_against_its_definition() -> None:
    y = np.eye(3)[[0, 2, 1, 2]]
    q = np.array([[0.7, 0.2, 0.1], [0.1, 0.3, 0.6], [0.3, 0.3, 0.4], [0.0, 0.0, 1.0]])
    per_example = ((q - y) ** 2).sum(axis=1)
    assert np.array_equal(xr.brier_score(y, q, reduction="none"), per_example)
    assert xr.brier_score(y, q) == pytest.approx(per_example.mean(), rel=1e-15)
    assert xr.brier_score(y, q, reduction="sum") == pytest.approx(per_example.sum(), rel=1e-15)
    assert xr.brier_score(y.T, q.T, axis=0) == pytest.approx(per_example.mean(), rel=1e-15)


@pytest.mark.parametrize("k", [2, 3, 10, 100, 1000, 10_000])
def test_brier_within_its_documented_relative_bound(k: int) -> None:
    # The docstring's bound for K classes: (K + 2) u / (1 - (K + 2) u), u = 2^-53, against the
    # exact score of the float inputs (a sum of squares of exact rational differences).
    g = np.random.default_rng(k)
    u = Fraction(1, 2**53)
    bound = (k + 2) * u / (1 - (k + 2) * u)
    for _ in range(5 if k >= 1000 else 40):
        q = g.dirichlet(np.full(k, g.uniform(0.1, 3.0)))
        y = g.dirichlet(np.ones(k)) if g.uniform() < 0.5 else np.eye(k)[g.integers(k)]
        got = xr.brier_score(y, q)  # one example: its score
        exact = sum((Fraction(a) - Fraction(b)) ** 2 for a, b in zip(q, y, strict=True))
        assert abs(Fraction(float(got)) - exact) <= bound * exact, (k, float(got))


def test_brier_two_classes_is_twice_scikit_learns_binary_score() -> None:
    labels = np.array([1, 1, 0, 1, 0, 0])
    p_one = np.array([0.9, 0.6, 0.2, 0.4, 0.1, 0.55])
    ours = xr.brier_score(np.eye(2)[labels], np.column_stack([1 - p_one, p_one]))
    assert ours == pytest.approx(2 * brier_score_loss(labels, p_one), rel=1e-14)


@settings(settings.get_profile("xent-joint"))
@given(st.data())
def test_brier_is_strictly_proper(data: st.DataObject) -> None:
    # Expected score of predicting q when the class is drawn from p: smallest at q = p, and
    # equal to sum (q - p)^2 + (1 - sum p^2).
    n = data.draw(st.integers(2, 6))
    p = data.draw(hnp.arrays(np.float64, n, elements=st.floats(1e-3, 1.0)))
    q = data.draw(hnp.arrays(np.float64, n, elements=st.floats(1e-3, 1.0)))
    p, q = p / p.sum(), q / q.sum()
    onehots = np.eye(n)
    expected_q = p @ xr.brier_score(onehots, np.tile(q, (n, 1)), reduction="none")
    expected_p = p @ xr.brier_score(onehots, np.tile(p, (n, 1)), reduction="none")
    assert expected_q == pytest.approx(np.sum((q - p) ** 2) + 1 - np.sum(p**2), abs=1e-14)
    assert expected_q >= expected_p - 1e-15


def test_brier_validation() -> None:
    with pytest.raises(ValueError, match=r"`y_true` and `y_pred` must have the same shape"):
        xr.brier_score([[1, 0]], [[0.5, 0.25, 0.25]])
    with pytest.raises(ValueError, match=r"`y_pred` must sum to 1"):
        xr.brier_score([[1, 0]], [[0.5, 0.4]])
    with pytest.raises(ValueError, match=r"`y_true` must be non-negative"):
        xr.brier_score([[-1, 2]], [[0.5, 0.5]])
    with pytest.raises(ValueError, match=r"`reduction`"):
        xr.brier_score([[1, 0]], [[0.5, 0.5]], reduction="avg")  # type: ignore[arg-type]  # wrong on purpose
    with pytest.raises(ValueError, match=r"`y_true` must not be empty"):
        xr.brier_score(np.zeros((0, 2)), np.zeros((0, 2)))
    with pytest.raises(TypeError):
        xr.brier_score([[1, 0]], [[0.5, 0.5]], -1)  # type: ignore[call-arg]  # wrong on purpose


# --- information gain is scikit-learn's entropy criterion ------------------------------------


def test_information_gain_matches_scikit_learn_at_every_split() -> None:
    x, y = load_breast_cancer(return_X_y=True)
    tree = DecisionTreeClassifier(criterion="entropy", max_depth=4, random_state=0).fit(x, y)
    t = tree.tree_
    n = t.weighted_n_node_samples
    internal = [i for i in range(t.node_count) if t.children_left[i] != -1]
    assert len(internal) >= 7
    for node in internal:
        left, right = t.children_left[node], t.children_right[node]
        decrease = (
            t.impurity[node] - (n[left] * t.impurity[left] + n[right] * t.impurity[right]) / n[node]
        )
        # tree_.value holds each node's class fractions; times its size, the class counts.
        counts = np.array([t.value[c, 0] * n[c] for c in (left, right)])
        gain = xr.mutual_information(counts / n[node], base=2)
        assert gain == pytest.approx(decrease, rel=1e-10, abs=1e-13)
