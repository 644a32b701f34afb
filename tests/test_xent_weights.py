"""Class weights and pos_weight: agreement with PyTorch, Keras and scikit-learn where they define
the same number, 120-digit references for accuracy, Hypothesis properties, and every refusal
with its exact message."""

from __future__ import annotations

import math
import os
import re
from typing import Any

import mpmath as mp
import numpy as np
import numpy.typing as npt
import pytest
import torch
import torch.nn.functional as F
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from sklearn.metrics import log_loss

import xent_ref as xr
from tests import _xent_mp as ref

os.environ.setdefault("KERAS_BACKEND", "torch")
import keras  # after choosing the backend

RNG = np.random.default_rng(20261201)
N, K = 7, 4
Z = RNG.normal(scale=3.0, size=(N, K))
LABELS = np.array([0, 1, 3, 3, 2, 1, 3])
W = np.array([0.5, 2.0, 4.0, 1.25])
ONE_HOT = np.eye(K)[LABELS]
SOFT = xr.softmax(RNG.normal(size=(N, K)))
T = torch.from_numpy


def raises(pattern: str, kind: type[Exception] = ValueError) -> pytest.RaisesExc[Exception]:
    """Expect `kind` whose message is exactly `pattern`."""
    return pytest.raises(kind, match="^" + re.escape(pattern) + "$")


# --- PyTorch -------------------------------------------------------------------------------


@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
@pytest.mark.parametrize("smoothing", [0.0, 0.1, 1.0])
def test_hard_labels_match_torch_class_indices(reduction: Any, smoothing: float) -> None:
    expected = F.cross_entropy(
        T(Z), T(LABELS), weight=T(W), reduction=reduction, label_smoothing=smoothing
    ).numpy()
    kw: dict[str, Any] = {"class_weights": W, "reduction": reduction, "label_smoothing": smoothing}
    from_logits = xr.categorical_cross_entropy(ONE_HOT, Z, from_logits=True, **kw)
    from_probs = xr.categorical_cross_entropy(ONE_HOT, xr.softmax(Z), **kw)
    np.testing.assert_allclose(from_logits, expected, rtol=1e-12, atol=0)
    np.testing.assert_allclose(from_probs, expected, rtol=1e-12, atol=0)
    if smoothing == 0.0:
        sparse = xr.sparse_categorical_cross_entropy(
            LABELS, Z, from_logits=True, class_weights=W, reduction=reduction
        )
        np.testing.assert_allclose(sparse, expected, rtol=1e-12, atol=0)


@pytest.mark.parametrize("target", [ONE_HOT, SOFT], ids=["one-hot", "soft"])
@pytest.mark.parametrize("smoothing", [0.0, 0.2])
def test_probability_targets_torch_divides_by_n(target: np.ndarray, smoothing: float) -> None:
    # PyTorch given probability targets (even one-hot ones) divides the weighted sum by N;
    # xent_ref divides it by the total weight of the targets before smoothing.
    kw: dict[str, Any] = {"class_weights": W, "label_smoothing": smoothing, "from_logits": True}
    torch_sum = F.cross_entropy(
        T(Z), T(target), weight=T(W), reduction="sum", label_smoothing=smoothing
    ).item()
    torch_mean = F.cross_entropy(T(Z), T(target), weight=T(W), label_smoothing=smoothing).item()
    ours_sum = xr.categorical_cross_entropy(target, Z, reduction="sum", **kw)
    assert ours_sum == pytest.approx(torch_sum, rel=1e-12)
    assert torch_mean == pytest.approx(torch_sum / N, rel=1e-12)
    ours_mean = xr.categorical_cross_entropy(target, Z, **kw)
    assert ours_mean == pytest.approx(torch_sum / float((target @ W).sum()), rel=1e-12)
    assert ours_mean != pytest.approx(torch_mean, rel=1e-3)  # the two rules differ here


@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
@pytest.mark.parametrize(
    "pos_weight", [3.0, np.array([0.0, 0.5, 2.0, 10.0])], ids=["scalar", "per-label"]
)
def test_pos_weight_matches_torch(reduction: Any, pos_weight: float | np.ndarray) -> None:
    y = (RNG.uniform(size=(N, K)) < 0.3).astype(float)
    y[0] = [0.25, 0.5, 0.75, 1.0]  # soft labels too
    pw = torch.as_tensor(pos_weight, dtype=torch.float64)
    expected = F.binary_cross_entropy_with_logits(
        T(Z), T(y), pos_weight=pw, reduction=reduction
    ).numpy()
    kw: dict[str, Any] = {"pos_weight": pos_weight, "reduction": reduction}
    got = xr.binary_cross_entropy(y, Z, from_logits=True, **kw)
    np.testing.assert_allclose(got, expected, rtol=1e-12, atol=0)
    from_probs = xr.binary_cross_entropy(y, 1 / (1 + np.exp(-Z)), **kw)
    np.testing.assert_allclose(from_probs, expected, rtol=1e-12, atol=0)


# --- scikit-learn and Keras ---------------------------------------------------------------


def test_sklearn_sample_weight_is_the_weighted_mean() -> None:
    expected = log_loss(LABELS, xr.softmax(Z), sample_weight=W[LABELS], labels=range(K))
    got = xr.sparse_categorical_cross_entropy(LABELS, Z, from_logits=True, class_weights=W)
    assert got == pytest.approx(expected, rel=1e-12)


def test_keras_sample_weight_reductions() -> None:
    z, w = Z.astype(np.float32), W[LABELS].astype(np.float32)  # Keras computes in float32
    exact_sum = xr.sparse_categorical_cross_entropy(
        LABELS, z, from_logits=True, class_weights=W, reduction="sum"
    )
    by_weight = keras.losses.SparseCategoricalCrossentropy(
        from_logits=True, reduction="mean_with_sample_weight"
    )(LABELS, z, sample_weight=w)
    by_n = keras.losses.SparseCategoricalCrossentropy(from_logits=True)(LABELS, z, sample_weight=w)
    weighted_mean = xr.sparse_categorical_cross_entropy(
        LABELS, z, from_logits=True, class_weights=W
    )
    assert float(by_weight) == pytest.approx(weighted_mean, rel=1e-6)
    assert float(by_n) == pytest.approx(exact_sum / N, rel=1e-6)


# --- accuracy against 120-digit values -----------------------------------------------------


def _weighted_nll(z: npt.NDArray[np.float64], labels: np.ndarray, w: np.ndarray) -> mp.mpf:
    with mp.workdps(ref.DIGITS):
        num = mp.fsum(
            ref.mpf(w[k]) * ref.neg_log_softmax(row, int(k))
            for row, k in zip(z, labels, strict=True)
        )
        return num / mp.fsum(ref.mpf(w[k]) for k in labels)


@pytest.mark.parametrize("scale", [1.0, 30.0, 1e4])
def test_weighted_mean_within_a_few_ulp(scale: float) -> None:
    g = np.random.default_rng(int(scale))
    for _ in range(40):
        z = g.normal(scale=scale, size=(5, 6))
        labels = g.integers(0, 6, size=5)
        w = g.uniform(0.0, 5.0, size=6)
        exact = _weighted_nll(z, labels, w)
        sparse = xr.sparse_categorical_cross_entropy(labels, z, from_logits=True, class_weights=w)
        cat = xr.categorical_cross_entropy(np.eye(6)[labels], z, from_logits=True, class_weights=w)
        assert ref.ulps(sparse, exact) <= 8.0
        assert ref.ulps(cat, exact) <= 8.0


def test_tiny_weighted_losses_keep_their_digits() -> None:
    # A confident correct prediction costs about e^-46 nats; weighted by 3 it is still exact.
    z = np.array([[46.0, 0.0], [0.0, 700.0]])
    labels = np.array([0, 1])
    got = xr.sparse_categorical_cross_entropy(
        labels, z, from_logits=True, class_weights=[3.0, 0.5], reduction="none"
    )
    for value, row, k, w in zip(np.asarray(got), z, labels, [3.0, 0.5], strict=True):
        with mp.workdps(ref.DIGITS):
            assert ref.ulps(value, w * ref.neg_log_softmax(row, int(k))) <= 4.0
    y, zb = np.array([1.0, 1.0, 0.0]), np.array([40.0, 700.0, -30.0])
    got_b = xr.binary_cross_entropy(y, zb, from_logits=True, pos_weight=7.0, reduction="none")
    for value, yi, zi in zip(np.asarray(got_b), y, zb, strict=True):
        with mp.workdps(ref.DIGITS):
            exact = (7 if yi else 1) * ref.binary_logits(yi, zi)
        assert ref.ulps(value, exact) <= 4.0


def test_huge_weights_do_not_overflow_the_mean() -> None:
    plain = xr.sparse_categorical_cross_entropy(LABELS, Z, from_logits=True, class_weights=W)
    for c in (1e300, 1e-300):
        got = xr.sparse_categorical_cross_entropy(LABELS, Z, from_logits=True, class_weights=W * c)
        cat = xr.categorical_cross_entropy(ONE_HOT, Z, from_logits=True, class_weights=W * c)
        assert got == pytest.approx(plain, rel=1e-14)
        assert cat == pytest.approx(plain, rel=1e-14)


def test_zero_weight_ignores_an_infinite_loss() -> None:
    q = np.array([[0.0, 1.0], [0.5, 0.5]])  # the first example's label has probability 0
    labels = np.array([0, 1])
    w = np.array([0.0, 1.0])
    none = xr.sparse_categorical_cross_entropy(labels, q, class_weights=w, reduction="none")
    assert none.tolist() == [0.0, math.log(2)]
    cat = xr.categorical_cross_entropy(np.eye(2)[labels], q, class_weights=w, reduction="none")
    assert cat.tolist() == [0.0, math.log(2)]
    assert xr.sparse_categorical_cross_entropy(labels, q, class_weights=w) == math.log(2)
    assert math.isinf(xr.sparse_categorical_cross_entropy(labels, q, class_weights=[1.0, 1.0]))
    # With pos_weight 0, a positive predicted at p = 0 costs nothing.
    assert xr.binary_cross_entropy([1.0, 0.0], [0.0, 0.0], pos_weight=0.0) == 0.0


# --- properties ----------------------------------------------------------------------------

LOGITS = hnp.arrays(
    np.float64, st.tuples(st.integers(1, 5), st.integers(1, 5)), elements=st.floats(-50, 50)
)
WEIGHT = st.floats(1e-3, 1e3)


@settings(max_examples=60, deadline=None)
@given(LOGITS, st.data())
def test_unit_weights_change_nothing(z: np.ndarray, data: st.DataObject) -> None:
    n, k = z.shape
    labels = np.array(data.draw(st.lists(st.integers(0, k - 1), min_size=n, max_size=n)))
    ones = np.ones(k)
    for reduction in ("mean", "sum", "none"):
        kw: dict[str, Any] = {"from_logits": True, "reduction": reduction}
        plain = xr.sparse_categorical_cross_entropy(labels, z, **kw)
        same = xr.sparse_categorical_cross_entropy(labels, z, class_weights=ones, **kw)
        np.testing.assert_array_equal(same, plain)
        for e in (0.0, 0.3):
            y = np.eye(k)[labels]
            plain = xr.categorical_cross_entropy(y, z, label_smoothing=e, **kw)
            same = xr.categorical_cross_entropy(y, z, label_smoothing=e, class_weights=ones, **kw)
            np.testing.assert_allclose(same, plain, rtol=1e-15, atol=0)
    soft = xr.softmax(z[::-1])
    plain_soft = xr.categorical_cross_entropy(soft, z, from_logits=True)
    same_soft = xr.categorical_cross_entropy(soft, z, from_logits=True, class_weights=ones)
    assert same_soft == pytest.approx(plain_soft, rel=1e-13)  # soft targets sum to 1 +- ulps


@settings(max_examples=60, deadline=None)
@given(LOGITS, st.data(), WEIGHT)
def test_scaling_every_weight_leaves_the_mean(z: np.ndarray, data: st.DataObject, c: float) -> None:
    n, k = z.shape
    labels = np.array(data.draw(st.lists(st.integers(0, k - 1), min_size=n, max_size=n)))
    w = np.array(data.draw(st.lists(WEIGHT, min_size=k, max_size=k)))
    soft = xr.softmax(z[::-1] / 3)
    for f, target in (
        (xr.sparse_categorical_cross_entropy, labels),
        (xr.categorical_cross_entropy, np.eye(k)[labels]),
        (xr.categorical_cross_entropy, soft),
    ):
        base = f(target, z, from_logits=True, class_weights=w)
        scaled = f(target, z, from_logits=True, class_weights=c * w)
        assert scaled == pytest.approx(base, rel=1e-12)


@settings(max_examples=60, deadline=None)
@given(
    hnp.arrays(np.float64, st.integers(1, 8), elements=st.floats(0, 1)),
    hnp.arrays(np.float64, st.integers(1, 8), elements=st.floats(-40, 40)),
)
def test_pos_weight_one_is_plain_bce(y: np.ndarray, z: np.ndarray) -> None:
    z = np.resize(z, y.shape)
    for from_logits, pred in ((True, z), (False, 1 / (1 + np.exp(-z)))):
        for reduction in ("mean", "sum", "none"):
            kw: dict[str, Any] = {"from_logits": from_logits, "reduction": reduction}
            plain = xr.binary_cross_entropy(y, pred, **kw)
            np.testing.assert_array_equal(
                xr.binary_cross_entropy(y, pred, pos_weight=1, **kw), plain
            )
            ones = np.ones(y.shape[-1])
            np.testing.assert_array_equal(
                xr.binary_cross_entropy(y, pred, pos_weight=ones, **kw), plain
            )


# --- refusals ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "f", [xr.categorical_cross_entropy, xr.sparse_categorical_cross_entropy], ids=["cat", "sparse"]
)
class TestClassWeights:
    @staticmethod
    def call(f: object, w: object, **kw: object) -> object:
        target = ONE_HOT[:2] if f is xr.categorical_cross_entropy else LABELS[:2]
        return f(target, Z[:2], from_logits=True, class_weights=w, **kw)  # type: ignore[operator]

    def test_wrong_length(self, f: object) -> None:
        with raises(
            "`class_weights` must be a vector of one weight per class, shape (4,) (got shape (3,))"
        ):
            self.call(f, [1.0, 2.0, 3.0])

    def test_scalar(self, f: object) -> None:
        with raises(
            "`class_weights` must be a vector of one weight per class, shape (4,) (got shape ())"
        ):
            self.call(f, 2.0)

    def test_negative(self, f: object) -> None:
        with raises("`class_weights` must be non-negative (got -0.5)"):
            self.call(f, [1.0, -0.5, 1.0, 1.0])

    def test_infinite(self, f: object) -> None:
        with raises("`class_weights` must be finite (got inf)"):
            self.call(f, [1.0, np.inf, 1.0, 1.0])

    def test_nan(self, f: object) -> None:
        with raises("`class_weights` must not contain NaN"):
            self.call(f, [1.0, np.nan, 1.0, 1.0])

    def test_strings(self, f: object) -> None:
        with raises("`class_weights` must contain real numbers (got dtype <U1)", TypeError):
            self.call(f, ["a", "b", "c", "d"])

    def test_requires_grad(self, f: object) -> None:
        w = torch.ones(4, dtype=torch.float64, requires_grad=True)
        with raises(
            "`class_weights` is a tensor that requires grad; call `class_weights.detach()` "
            "first (xent_ref computes values, not gradients)",
            TypeError,
        ):
            self.call(f, w)

    def test_zero_total_weight(self, f: object) -> None:
        # LABELS[:2] are classes 0 and 1; giving both weight 0 leaves nothing to average.
        message = (
            "`class_weights` give the targets a total weight of 0, so the weighted mean is "
            "0 / 0 (use reduction='sum' or 'none', or give a present class a positive weight)"
        )
        with raises(message):
            self.call(f, [0.0, 0.0, 1.0, 1.0])
        assert self.call(f, [0.0, 0.0, 1.0, 1.0], reduction="sum") == 0.0


class TestPosWeight:
    Y = np.array([[1.0, 0.0, 1.0], [0.0, 0.0, 1.0]])

    def call(self, pw: Any) -> object:
        return xr.binary_cross_entropy(self.Y, Z[:2, :3], from_logits=True, pos_weight=pw)

    def test_not_broadcastable(self) -> None:
        with raises("`pos_weight` must broadcast to the shape of `y_true` (2, 3) (got shape (2,))"):
            self.call([1.0, 2.0])

    def test_would_enlarge(self) -> None:
        with raises(
            "`pos_weight` must broadcast to the shape of `y_true` (2, 3) (got shape (4, 2, 3))"
        ):
            self.call(np.ones((4, 2, 3)))

    def test_negative(self) -> None:
        with raises("`pos_weight` must be non-negative (got -1.0)"):
            self.call(-1.0)

    def test_infinite(self) -> None:
        with raises("`pos_weight` must be finite (got inf)"):
            self.call([1.0, np.inf, 1.0])

    def test_nan(self) -> None:
        with raises("`pos_weight` must not contain NaN"):
            self.call(np.nan)

    def test_bool_dtype_is_a_number(self) -> None:
        # as_float_array reads booleans as 0 and 1, as everywhere in xent_ref.
        assert self.call(True) == self.call(1.0)

    def test_object(self) -> None:
        with raises("`pos_weight` must contain real numbers (got dtype <U3)", TypeError):
            self.call("two")
