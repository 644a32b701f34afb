"""Scoring rules for probabilistic predictions other than the log loss: the Brier score."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from ._validation import (
    Reduction,
    Result,
    check_distribution,
    check_nonempty,
    check_reduction,
    check_same_shape,
)


def brier_score(
    y_true: npt.ArrayLike,
    y_pred: npt.ArrayLike,
    *,
    axis: int = -1,
    reduction: Reduction = "mean",
) -> Result:
    r"""Brier score :math:`\sum_k (q_k - y_k)^2`, averaged over a batch.

    Parameters
    ----------
    y_true : array_like
        Targets: probability vectors along `axis`, one-hot (observed classes) or soft.
    y_pred : array_like
        Predicted probability vectors along `axis`, with the same shape as `y_true`.
    axis : int, optional
        The class axis (default -1, the last).
    reduction : {"mean", "sum", "none"}, optional
        Average over the examples (the default), add them, or return each example's score.

    Returns
    -------
    numpy.float64 or numpy.ndarray
        The squared distance between prediction and target, in [0, 2] per example for one-hot
        targets: a scalar for "mean" and "sum", an array with `axis` removed for "none".

    See Also
    --------
    categorical_cross_entropy : the log loss, the other common strictly proper scoring rule.

    Notes
    -----
    A strictly proper scoring rule: if the class is drawn from a distribution :math:`p`, the
    expected score of predicting :math:`q` is

    .. math::

        \mathbb{E}_{y \sim p} \sum_k (q_k - y_k)^2 = \sum_k (q_k - p_k)^2
        + \Big(1 - \sum_k p_k^2\Big),

    smallest only at :math:`q = p`. Unlike the log loss it is bounded: a confident wrong
    prediction costs at most 2, not infinity. This is the multi-class form of Brier (1950).
    For two classes it is twice the binary form :math:`(q - y)^2` on the probability of class
    1, which is what scikit-learn's ``brier_score_loss`` computes by default for binary labels.
    For more than two classes, or with ``scale_by_half=False``, ``brier_score_loss`` computes
    this form.

    Each difference :math:`q_k - y_k` and its square are rounded once, and the squares are
    non-negative, so the score of an example with K classes is within a relative error of
    :math:`(K + 2) u / (1 - (K + 2) u)`, about :math:`(K + 2) u`, of the exact value, with
    :math:`u = 2^{-53}`.

    References
    ----------
    .. [1] G. W. Brier, "Verification of forecasts expressed in terms of probability",
       *Monthly Weather Review* 78, 1950.
    .. [2] T. Gneiting and A. E. Raftery, "Strictly proper scoring rules, prediction, and
       estimation", *Journal of the American Statistical Association* 102, 2007.

    Examples
    --------
    >>> from xent_ref import brier_score
    >>> y = [[1, 0, 0], [0, 1, 0]]
    >>> q = [[0.7, 0.2, 0.1], [0.1, 0.8, 0.1]]
    >>> print(f"{brier_score(y, q):.3f}")  # ((0.09 + 0.04 + 0.01) + (0.01 + 0.04 + 0.01)) / 2
    0.100
    >>> print(brier_score([[0, 1]], [[1.0, 0.0]]))  # certain and wrong: the largest score
    2.0
    """
    reduction = check_reduction(reduction)
    y, ax = check_distribution(y_true, "y_true", axis)
    q, _ = check_distribution(y_pred, "y_pred", axis)
    check_same_shape(y, q, "y_true", "y_pred")
    if reduction == "mean":
        check_nonempty(y, "y_true")
    d = q - y  # exact where the two are within a factor 2 of each other (Sterbenz)
    score = np.einsum("...i,...i->...", np.moveaxis(d, ax, -1), np.moveaxis(d, ax, -1))
    if reduction == "none":
        return np.asarray(score, dtype=np.float64)
    if reduction == "sum":
        return np.float64(score.sum())
    return np.float64(score.mean())
