"""Every input error xent_ref refuses, with the exact message: it names the argument, says what
was expected, and shows the offending value with ``repr``. A wrong type is a TypeError, a wrong
value a ValueError."""

from __future__ import annotations

import re
from collections.abc import Callable

import numpy as np
import pytest
import torch

import xent_ref as xr
from xent_ref._validation import Result

P = [0.1, 0.4, 0.5]
Q = [0.8, 0.15, 0.05]


def raises(pattern: str, kind: type[Exception] = ValueError) -> pytest.RaisesExc[Exception]:
    """Expect `kind` whose message is exactly `pattern` (a full match, not a search)."""
    return pytest.raises(kind, match="^" + re.escape(pattern) + "$")


def type_error(pattern: str) -> pytest.RaisesExc[Exception]:
    return raises(pattern, TypeError)


# The distribution functions share one set of checks, exercised on each of them.
DISTRIBUTION_FUNCTIONS = [
    pytest.param(lambda p, q, **kw: xr.entropy(p, **kw), id="entropy"),
    pytest.param(xr.cross_entropy, id="cross_entropy"),
    pytest.param(xr.kl_divergence, id="kl_divergence"),
]


@pytest.mark.parametrize("f", DISTRIBUTION_FUNCTIONS)
class TestDistributions:
    def test_negative(self, f: Callable[..., Result]) -> None:
        with raises("`p` must be non-negative (got -0.1)"):
            f([-0.1, 0.6, 0.5], Q)

    def test_above_one(self, f: Callable[..., Result]) -> None:
        with raises("`p` must be at most 1 (got 1.5)"):
            f([1.5, -0.0, 0.0], Q)

    def test_just_above_one_is_shown_to_the_last_digit(self, f: Callable[..., Result]) -> None:
        with raises("`p` must be at most 1 (got 1.0000000000000002)"):
            f([1.0000000000000002, 0.0, 0.0], Q)

    def test_nan(self, f: Callable[..., Result]) -> None:
        with raises("`p` must not contain NaN"):
            f([np.nan, 0.5, 0.5], Q)

    def test_infinite(self, f: Callable[..., Result]) -> None:
        with raises("`p` must be at most 1 (got inf)"):
            f([np.inf, 0.0, 0.0], Q)

    def test_sum(self, f: Callable[..., Result]) -> None:
        with raises("`p` must sum to 1 along axis -1 (got 0.9)"):
            f([0.1, 0.3, 0.5], Q)

    def test_sum_reports_axis(self, f: Callable[..., Result]) -> None:
        with raises("`p` must sum to 1 along axis 0 (got 1.5)"):
            f([[0.5, 0.5], [1.0, 0.0]], [[0.5, 0.5], [0.5, 0.5]], axis=0)

    def test_small_drift_accepted(self, f: Callable[..., Result]) -> None:
        p = np.array(P) * (1 + 5e-7)
        assert np.isfinite(f(p, Q))

    def test_drift_just_over_tolerance(self, f: Callable[..., Result]) -> None:
        with pytest.raises(
            ValueError, match=re.escape("`p` must sum to 1 along axis -1 (got 1.00")
        ):
            f(np.array(P) * (1 + 2e-6), Q)

    def test_scalar(self, f: Callable[..., Result]) -> None:
        with raises("`p` must have at least one dimension (got a scalar)"):
            f(1.0, Q)

    def test_axis_out_of_range(self, f: Callable[..., Result]) -> None:
        with raises("`axis` must be in [-1, 1) for `p` (got 1)"):
            f(P, Q, axis=1)

    def test_axis_not_integer(self, f: Callable[..., Result]) -> None:
        with type_error("`axis` must be an integer (got 0.5)"):
            f(P, Q, axis=0.5)
        with type_error("`axis` must be an integer (got '0')"):
            f(P, Q, axis="0")

    @pytest.mark.parametrize("axis", [True, False, np.True_])
    def test_axis_bool(self, f: Callable[..., Result], axis: object) -> None:
        with type_error(f"`axis` must be an integer, not a bool (got {axis!r})"):
            f(P, Q, axis=axis)

    def test_numpy_integer_axis_accepted(self, f: Callable[..., Result]) -> None:
        assert f(P, Q, axis=np.int64(0)) == f(P, Q)

    def test_empty_distribution(self, f: Callable[..., Result]) -> None:
        with raises("`p` must sum to 1 along axis -1 (got 0.0)"):
            f(np.zeros((2, 0)), np.zeros((2, 0)))

    @pytest.mark.parametrize("base", [0, -2, 1, 1.0, 0.5, np.inf, np.nan, np.float32(0.5)])
    def test_base_value(self, f: Callable[..., Result], base: object) -> None:
        shown = repr(float(base)) if isinstance(base, np.floating) else repr(base)
        with raises(
            f"`base` must be a finite number greater than 1, or None for nats (got {shown})"
        ):
            f(P, Q, base=base)

    @pytest.mark.parametrize("base", ["2", True, np.True_, [2], 2j])
    def test_base_type(self, f: Callable[..., Result], base: object) -> None:
        with type_error(
            f"`base` must be a real number greater than 1, or None for nats (got {base!r})"
        ):
            f(P, Q, base=base)

    def test_base_numpy_number_accepted(self, f: Callable[..., Result]) -> None:
        assert f(P, Q, base=np.int64(2)) == f(P, Q, base=2.0)

    def test_options_are_keyword_only(self, f: Callable[..., Result]) -> None:
        with pytest.raises(TypeError, match="positional"):
            f(P, Q, 2)

    def test_not_numbers(self, f: Callable[..., Result]) -> None:
        with type_error("`p` must contain real numbers (got dtype <U1)"):
            f(["a", "b"], Q)

    def test_complex(self, f: Callable[..., Result]) -> None:
        with type_error("`p` must contain real numbers (got dtype complex128)"):
            f(np.array(P, dtype=complex), Q)

    def test_object(self, f: Callable[..., Result]) -> None:
        with type_error("`p` must contain real numbers (got dtype object)"):
            f([0.5, None, 0.5], Q)

    def test_ragged(self, f: Callable[..., Result]) -> None:
        with pytest.raises(ValueError, match=re.escape("`p` must be an array of real numbers (")):
            f([[0.5, 0.5], [1.0]], Q)

    def test_masked_array(self, f: Callable[..., Result]) -> None:
        p = np.ma.masked_array(P, mask=[False, True, False])
        with type_error(
            "`p` must not be a masked array: its mask would be ignored "
            "(pass `p.compressed()` or `p.filled(value)`)"
        ):
            f(p, Q)

    def test_tensor_requiring_grad(self, f: Callable[..., Result]) -> None:
        p = torch.tensor(P, dtype=torch.float64, requires_grad=True)
        with type_error(
            "`p` is a tensor that requires grad; call `p.detach()` first "
            "(xent_ref computes values, not gradients)"
        ):
            f(p, Q)
        assert f(p.detach(), Q) == f(P, Q)


@pytest.mark.parametrize("f", [xr.cross_entropy, xr.kl_divergence])
class TestPairs:
    def test_q_checked(self, f: Callable[..., Result]) -> None:
        with raises("`q` must sum to 1 along axis -1 (got 0.9000000000000001)"):
            f(P, [0.8, 0.05, 0.05])
        with raises("`q` must be non-negative (got -0.05)"):
            f(P, [0.9, 0.15, -0.05])
        with raises("`q` must not contain NaN"):
            f(P, [0.8, np.nan, 0.05])
        with type_error(
            "`q` must not be a masked array: its mask would be ignored "
            "(pass `q.compressed()` or `q.filled(value)`)"
        ):
            f(P, np.ma.masked_array(Q))

    def test_shapes_must_match(self, f: Callable[..., Result]) -> None:
        with raises("`p` and `q` must have the same shape (got (3,) and (1, 3))"):
            f(P, [Q])

    def test_no_broadcast_column(self, f: Callable[..., Result]) -> None:
        p = np.full((3, 3), 1 / 3)
        with raises("`p` and `q` must have the same shape (got (3, 3) and (3, 1))"):
            f(p, np.ones((3, 1)))


def test_surprisal_checks() -> None:
    with raises("`p` must be non-negative (got -1.0)"):
        xr.surprisal([-1.0])
    with raises("`p` must be at most 1 (got 2.0)"):
        xr.surprisal(2)
    with raises("`p` must be at most 1 (got 1.0000000000000002)"):
        xr.surprisal(1.0000000000000002)
    with raises("`p` must not contain NaN"):
        xr.surprisal([0.5, np.nan])
    with raises("`base` must be a finite number greater than 1, or None for nats (got 1)"):
        xr.surprisal(0.5, base=1)
    with pytest.raises(TypeError, match="positional"):
        xr.surprisal(0.5, 2)  # type: ignore[call-arg]  # wrong on purpose


@pytest.mark.parametrize("f", [xr.logsumexp, xr.log_softmax, xr.softmax])
class TestLogits:
    def test_plus_inf(self, f: Callable[..., Result]) -> None:
        with raises("`z` must not contain +inf (a logit of -inf, probability 0, is allowed)"):
            f([0.0, np.inf])

    def test_nan(self, f: Callable[..., Result]) -> None:
        with raises("`z` must not contain NaN"):
            f([0.0, np.nan, -np.inf])

    def test_all_minus_inf(self, f: Callable[..., Result]) -> None:
        with raises("`z` must have a finite logit along axis -1 (got a row of only -inf)"):
            f([[0.0, 1.0], [-np.inf, -np.inf]])

    def test_empty_axis(self, f: Callable[..., Result]) -> None:
        with raises("`z` must have at least one class along axis -1 (got none)"):
            f(np.zeros((2, 0)))

    def test_scalar(self, f: Callable[..., Result]) -> None:
        with raises("`z` must have at least one dimension (got a scalar)"):
            f(1.0)

    def test_axis(self, f: Callable[..., Result]) -> None:
        with raises("`axis` must be in [-2, 2) for `z` (got 2)"):
            f(np.zeros((2, 2)), axis=2)
        with type_error("`axis` must be an integer, not a bool (got True)"):
            f(np.zeros((2, 2)), axis=True)
        with pytest.raises(TypeError, match="positional"):
            f(np.zeros((2, 2)), 0)

    def test_strings(self, f: Callable[..., Result]) -> None:
        with type_error("`z` must contain real numbers (got dtype <U3)"):
            f(["1.0", "2.0"])


FLAGGED = [
    pytest.param(lambda **kw: xr.binary_cross_entropy([1, 0], [0.5, 0.5], **kw), id="binary"),
    pytest.param(
        lambda **kw: xr.categorical_cross_entropy([[1, 0]], [[0.5, 0.5]], **kw), id="categorical"
    ),
    pytest.param(
        lambda **kw: xr.sparse_categorical_cross_entropy([0], [[0.5, 0.5]], **kw), id="sparse"
    ),
]


@pytest.mark.parametrize("f", FLAGGED)
class TestLossOptions:
    @pytest.mark.parametrize("flag", ["no", "False", 0, 1, None, np.array([True])])
    def test_from_logits_must_be_a_bool(self, f: Callable[..., Result], flag: object) -> None:
        shown = repr(flag)
        with type_error(f"`from_logits` must be True or False (got {shown})"):
            f(from_logits=flag)

    def test_numpy_bool_accepted(self, f: Callable[..., Result]) -> None:
        assert f(from_logits=np.False_) == f(from_logits=False)

    def test_reduction(self, f: Callable[..., Result]) -> None:
        with raises("`reduction` must be one of 'mean', 'sum', 'none' (got 'avg')"):
            f(reduction="avg")
        with raises("`reduction` must be one of 'mean', 'sum', 'none' (got 'Mean')"):
            f(reduction="Mean")
        with type_error("`reduction` must be one of 'mean', 'sum', 'none' (got None)"):
            f(reduction=None)

    def test_base(self, f: Callable[..., Result]) -> None:
        with raises("`base` must be a finite number greater than 1, or None for nats (got -2)"):
            f(base=-2)
        with type_error("`base` must be a real number greater than 1, or None for nats (got '2')"):
            f(base="2")


class TestBinary:
    def test_y_true_range(self) -> None:
        with raises("`y_true` must be at most 1 (got 2.0)"):
            xr.binary_cross_entropy([2, 0], [0.5, 0.5])
        with raises("`y_true` must be non-negative (got -1.0)"):
            xr.binary_cross_entropy([-1, 0], [0.5, 0.5])

    def test_y_pred_range(self) -> None:
        with raises("`y_pred` must be at most 1 (got 1.2)"):
            xr.binary_cross_entropy([1, 0], [1.2, 0.5])
        with raises("`y_pred` must not contain NaN"):
            xr.binary_cross_entropy([1, 0], [np.nan, 0.5])

    def test_logits(self) -> None:
        with raises("`y_pred` must not contain +inf (a logit of -inf, probability 0, is allowed)"):
            xr.binary_cross_entropy([1, 0], [np.inf, 0.0], from_logits=True)
        with raises("`y_pred` must not contain NaN"):
            xr.binary_cross_entropy([1, 0], [np.nan, 0.0], from_logits=True)

    def test_shapes(self) -> None:
        with raises("`y_true` and `y_pred` must have the same shape (got (2,) and (2, 1))"):
            xr.binary_cross_entropy([1, 0], [[0.5], [0.5]])

    def test_empty_mean(self) -> None:
        with raises("`y_true` must not be empty when `reduction` is 'mean'"):
            xr.binary_cross_entropy([], [])
        assert xr.binary_cross_entropy([], [], reduction="sum") == 0.0

    def test_tensor_requiring_grad(self) -> None:
        y = torch.tensor([1.0, 0.0], dtype=torch.float64, requires_grad=True)
        with type_error(
            "`y_pred` is a tensor that requires grad; call `y_pred.detach()` first "
            "(xent_ref computes values, not gradients)"
        ):
            xr.binary_cross_entropy([1.0, 0.0], y, from_logits=True)


class TestCategorical:
    def test_y_true_sum(self) -> None:
        with raises("`y_true` must sum to 1 along axis -1 (got 2.0)"):
            xr.categorical_cross_entropy([[1, 1, 0]], [[0.2, 0.3, 0.5]])

    def test_y_pred_sum(self) -> None:
        with raises("`y_pred` must sum to 1 along axis -1 (got 0.9)"):
            xr.categorical_cross_entropy([[1, 0, 0]], [[0.2, 0.2, 0.5]])

    def test_y_pred_logits(self) -> None:
        with raises("`y_pred` must not contain +inf (a logit of -inf, probability 0, is allowed)"):
            xr.categorical_cross_entropy([[1, 0]], [[np.inf, 0.0]], from_logits=True)
        with raises("`y_pred` must have a finite logit along axis -1 (got a row of only -inf)"):
            xr.categorical_cross_entropy([[1, 0]], [[-np.inf, -np.inf]], from_logits=True)

    def test_shapes(self) -> None:
        with raises("`y_true` and `y_pred` must have the same shape (got (1, 2) and (1, 3))"):
            xr.categorical_cross_entropy([[1, 0]], [[0.2, 0.3, 0.5]])
        with raises("`y_true` and `y_pred` must have the same shape (got (1, 2) and (1, 3))"):
            xr.categorical_cross_entropy([[1, 0]], [[0.2, 0.3, 0.5]], from_logits=True)

    @pytest.mark.parametrize("e", [-0.1, 1.5, np.nan, np.inf])
    def test_label_smoothing_value(self, e: float) -> None:
        with raises(f"`label_smoothing` must be in [0, 1] (got {e!r})"):
            xr.categorical_cross_entropy([[1, 0]], [[0.5, 0.5]], label_smoothing=e)

    @pytest.mark.parametrize("e", ["0.1", True, False, None, [0.1]])
    def test_label_smoothing_type(self, e: object) -> None:
        with type_error(f"`label_smoothing` must be a real number in [0, 1] (got {e!r})"):
            xr.categorical_cross_entropy([[1, 0]], [[0.5, 0.5]], label_smoothing=e)  # type: ignore[arg-type]  # wrong on purpose

    def test_axis(self) -> None:
        with raises("`axis` must be in [-2, 2) for `y_true` (got 5)"):
            xr.categorical_cross_entropy([[1, 0]], [[0.5, 0.5]], axis=5)


class TestSparse:
    def test_label_range(self) -> None:
        with raises("`labels` must be class indices in [0, 3) (got 3)"):
            xr.sparse_categorical_cross_entropy([3], [[0.2, 0.3, 0.5]])
        with raises("`labels` must be class indices in [0, 3) (got -1)"):
            xr.sparse_categorical_cross_entropy([-1], [[0.2, 0.3, 0.5]])
        with raises("`labels` must be class indices in [0, 3) (got 3.0)"):
            xr.sparse_categorical_cross_entropy([3.0], [[0.2, 0.3, 0.5]])

    def test_label_whole(self) -> None:
        with raises("`labels` must be whole numbers (got 1.5)"):
            xr.sparse_categorical_cross_entropy([1.5], [[0.2, 0.3, 0.5]])
        with raises("`labels` must not contain NaN"):
            xr.sparse_categorical_cross_entropy([np.nan], [[0.2, 0.3, 0.5]])

    def test_label_type(self) -> None:
        with type_error("`labels` must contain integers (got dtype <U3)"):
            xr.sparse_categorical_cross_entropy(["cat"], [[0.2, 0.3, 0.5]])
        with type_error("`labels` must contain integers (got dtype bool)"):
            xr.sparse_categorical_cross_entropy([True], [[0.2, 0.8]])
        with type_error(
            "`labels` must not be a masked array: its mask would be ignored "
            "(pass `labels.compressed()` or `labels.filled(value)`)"
        ):
            xr.sparse_categorical_cross_entropy(np.ma.masked_array([0]), [[0.2, 0.8]])

    def test_shape(self) -> None:
        with raises(
            "`labels` must have the shape of `y_pred` without its class axis -1 "
            "(got (2,) and (1, 3))"
        ):
            xr.sparse_categorical_cross_entropy([0, 1], [[0.2, 0.3, 0.5]])

    def test_y_pred(self) -> None:
        with raises("`y_pred` must sum to 1 along axis -1 (got 0.5)"):
            xr.sparse_categorical_cross_entropy([0], [[0.2, 0.3]])
        with raises("`y_pred` must not contain +inf (a logit of -inf, probability 0, is allowed)"):
            xr.sparse_categorical_cross_entropy([0], [[0.2, np.inf]], from_logits=True)
        with raises("`y_pred` must have at least one dimension (got a scalar)"):
            xr.sparse_categorical_cross_entropy(0, 0.5, from_logits=True)

    @pytest.mark.parametrize("from_logits", [False, True])
    def test_no_classes_blames_y_pred_not_labels(self, from_logits: bool) -> None:
        with raises("`y_pred` must have at least one class along axis -1 (got none)"):
            xr.sparse_categorical_cross_entropy([0, 0], np.zeros((2, 0)), from_logits=from_logits)

    def test_axis(self) -> None:
        with raises("`axis` must be in [-2, 2) for `y_pred` (got 2)"):
            xr.sparse_categorical_cross_entropy([0], [[0.2, 0.8]], axis=2)


class TestGaussian:
    def test_std(self) -> None:
        with raises("`std` must be positive (got 0.0)"):
            xr.gaussian_nll([1.0], [1.0], std=0.0)
        with raises("`std` must be positive (got -1.0)"):
            xr.gaussian_nll([1.0], [1.0], std=[-1.0])
        with raises("`std` must be finite (got inf)"):
            xr.gaussian_nll([1.0], [1.0], std=np.inf)
        with raises("`std` must not contain NaN"):
            xr.gaussian_entropy([1.0, np.nan])
        with raises("`std_p` must be positive (got 0.0)"):
            xr.gaussian_kl_divergence(0.0, 0.0, 0.0, 1.0)
        with raises("`std_q` must be positive (got -2.0)"):
            xr.gaussian_cross_entropy(0.0, 1.0, 0.0, -2.0)

    def test_finite(self) -> None:
        with raises("`y` must be finite (got inf)"):
            xr.gaussian_nll([np.inf], [1.0])
        with raises("`mean` must not contain NaN"):
            xr.gaussian_nll([1.0], [np.nan])
        with raises("`y_pred` must be finite (got -inf)"):
            xr.mean_squared_error([1.0], [-np.inf])
        with raises("`y_true` must not contain NaN"):
            xr.mean_squared_error([np.nan], [1.0], reduction="none")
        with raises("`mean_q` must be finite (got inf)"):
            xr.gaussian_kl_divergence(0.0, 1.0, np.inf, 1.0)

    def test_shapes(self) -> None:
        with raises("`y` and `mean` must have the same shape (got (3,) and (3, 1))"):
            xr.gaussian_nll(np.zeros(3), np.zeros((3, 1)))
        with raises("`y` and `std` must have the same shape (got (3,) and (2,))"):
            xr.gaussian_nll(np.zeros(3), np.zeros(3), std=[1.0, 2.0])
        with raises("`y_true` and `y_pred` must have the same shape (got (3,) and (1, 3))"):
            xr.mean_squared_error(np.zeros(3), np.zeros((1, 3)))
        with raises("`mean_p` and `mean_q` must have the same shape (got (2,) and (3,))"):
            xr.gaussian_kl_divergence([0.0, 1.0], 1.0, [0.0, 1.0, 2.0], 1.0)

    def test_reduction_and_base(self) -> None:
        with raises("`reduction` must be one of 'mean', 'sum', 'none' (got 'all')"):
            xr.gaussian_nll([1.0], [1.0], reduction="all")  # type: ignore[arg-type]  # wrong on purpose
        with raises("`reduction` must be one of 'mean', 'sum', 'none' (got 'all')"):
            xr.mean_squared_error([1.0], [1.0], reduction="all")  # type: ignore[arg-type]  # wrong on purpose
        with raises("`base` must be a finite number greater than 1, or None for nats (got 1)"):
            xr.gaussian_entropy(1.0, base=1)
        with type_error("`base` must be a real number greater than 1, or None for nats (got '2')"):
            xr.gaussian_kl_divergence(0.0, 1.0, 0.0, 1.0, base="2")  # type: ignore[arg-type]  # wrong on purpose

    def test_keyword_only(self) -> None:
        with pytest.raises(TypeError, match="positional"):
            xr.gaussian_nll([1.0], [1.0], 1.0, "sum")  # type: ignore[call-arg]  # wrong on purpose
        with pytest.raises(TypeError, match="positional"):
            xr.gaussian_entropy(1.0, 2)  # type: ignore[call-arg]  # wrong on purpose
        with pytest.raises(TypeError, match="positional"):
            xr.gaussian_cross_entropy(0.0, 1.0, 0.0, 1.0, 2)  # type: ignore[call-arg]  # wrong on purpose
        with pytest.raises(TypeError, match="positional"):
            xr.mean_squared_error([1.0], [1.0], "sum")  # type: ignore[call-arg]  # wrong on purpose

    def test_empty(self) -> None:
        with raises("`y_true` must not be empty when `reduction` is 'mean'"):
            xr.mean_squared_error([], [])
        assert xr.mean_squared_error([], [], reduction="sum") == 0.0
        with raises("`y` must not be empty when `reduction` is 'mean'"):
            xr.gaussian_nll([], [])

    def test_masked(self) -> None:
        with type_error(
            "`std` must not be a masked array: its mask would be ignored "
            "(pass `std.compressed()` or `std.filled(value)`)"
        ):
            xr.gaussian_entropy(np.ma.masked_array([1.0, 2.0], mask=[False, True]))
