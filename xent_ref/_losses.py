"""Cross-entropy losses: binary, categorical and sparse categorical."""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import numpy.typing as npt

from ._blocks import Workspace, blockwise, blockwise_sum, reduce_losses, rows_view
from ._information import sum_log, sum_xlogy
from ._softmax import exp_sums, logit_rows
from ._validation import (
    FloatArray,
    Reduction,
    Result,
    as_float_array,
    check_axis,
    check_class_weights,
    check_classes,
    check_distribution,
    check_distribution_blocked,
    check_flag,
    check_label_shape,
    check_label_smoothing,
    check_labels,
    check_logits,
    check_nonempty,
    check_pos_weight,
    check_probabilities,
    check_reduction,
    check_same_shape,
    check_total_weight,
    in_base,
    log_of_base,
    shown_axis,
)


def binary_cross_entropy(
    y_true: npt.ArrayLike,
    y_pred: npt.ArrayLike,
    *,
    from_logits: bool = False,
    reduction: Reduction = "mean",
    pos_weight: npt.ArrayLike | None = None,
    base: float | None = None,
) -> Result:
    r"""Binary cross-entropy (log loss) :math:`-[w_+ y \log p + (1 - y) \log(1 - p)]`.

    Parameters
    ----------
    y_true : array_like
        Targets in [0, 1]: hard labels 0 and 1, or soft labels in between.
    y_pred : array_like
        Predicted probability of class 1, in [0, 1], with the same shape as `y_true`; or, with
        ``from_logits=True``, the logit :math:`z` with :math:`p = 1 / (1 + e^{-z})` (any real
        number or -inf, never +inf or NaN).
    from_logits : bool, optional
        Whether `y_pred` holds logits (default False: probabilities).
    reduction : {"mean", "sum", "none"}, optional
        Average over all elements (the default), add them, or return each element's loss.
    pos_weight : array_like, optional
        :math:`w_+`, the weight of the positive term :math:`-y \log p`: a non-negative finite
        number, or an array of them that broadcasts to the shape of `y_true` (one per label,
        for instance, on the last axis). The default None weighs it 1, like ``pos_weight=1``.
    base : float, optional
        Base of the logarithm: None (the default) for nats, 2 for bits.

    Returns
    -------
    numpy.float64 or numpy.ndarray
        The loss: a scalar for "mean" and "sum", an array shaped like `y_true` for "none".

    See Also
    --------
    categorical_cross_entropy : the same loss for K classes; with K = 2 it equals this one.

    Notes
    -----
    The cross-entropy between the Bernoulli distributions :math:`(1 - y, y)` and
    :math:`(1 - p, p)`, and the negative log-likelihood of a logistic model. From
    probabilities, :math:`\log(1 - p)` is computed as ``log1p(-p)``, exact for :math:`p` near 0
    as well as near 1. From logits it is

    .. math::

        y \, \operatorname{softplus}(-z) + (1 - y) \operatorname{softplus}(z), \qquad
        \operatorname{softplus}(x) = \max(x, 0) + \log(1 + e^{-|x|}),

    two non-negative terms, so a loss as small as :math:`e^{-700}` (z = 700, y = 1) keeps its
    relative accuracy. With :math:`0 \log 0 = 0`, a label of exactly 0 or 1 ignores the other
    term, so a perfect prediction costs exactly 0; a confidently wrong one (p = 0 with y = 1)
    costs ``inf``. Nothing is clipped. Without `pos_weight`, each element's loss is within 4 ulp
    of the exact value, from probabilities or from logits.

    `pos_weight` multiplies the positive term only, as PyTorch's ``BCEWithLogitsLoss`` does;
    the mean still divides by the number of elements, whatever the weights. A weight of 0
    ignores its term even where the log is -inf.

    References
    ----------
    .. [1] C. M. Bishop, *Pattern Recognition and Machine Learning*, Springer, 2006, sec. 4.3.2.
    .. [2] K. P. Murphy, *Machine Learning: A Probabilistic Perspective*, MIT Press, 2012,
       p. 246.

    Examples
    --------
    >>> from xent_ref import binary_cross_entropy
    >>> y = [1, 1, 1, 1, 1, 0, 0, 0, 0, 0]
    >>> p = [0.8, 0.9, 0.9, 0.6, 0.8, 0.1, 0.4, 0.2, 0.1, 0.3]
    >>> print(f"{binary_cross_entropy(y, p):.3f} nats")
    0.247 nats
    >>> print(binary_cross_entropy(y, p, reduction="none").round(3))
    [0.223 0.105 0.105 0.511 0.223 0.105 0.511 0.223 0.105 0.357]
    >>> print(binary_cross_entropy([1.0, 0.0], [1.0, 0.0]))
    0.0
    >>> print(f"{binary_cross_entropy(1.0, 700.0, from_logits=True):.6e}")
    9.859677e-305

    A positive weight of 3 counts each positive three times and leaves the negatives alone:

    >>> y, z = [1.0, 0.0], [0.5, -0.5]
    >>> both = binary_cross_entropy(y, z, from_logits=True, reduction="none")
    >>> weighted = binary_cross_entropy(y, z, from_logits=True, pos_weight=3, reduction="none")
    >>> print(weighted / both)
    [3. 1.]
    """
    from_logits = check_flag(from_logits, "from_logits")
    reduction = check_reduction(reduction)
    log_base = log_of_base(base)
    y = check_probabilities(y_true, "y_true")
    if from_logits:
        z = check_logits(y_pred, "y_pred")
    else:
        z = check_probabilities(y_pred, "y_pred")
    check_same_shape(y, z, "y_true", "y_pred")
    pw = check_pos_weight(pos_weight, y.shape)
    if reduction == "mean":
        check_nonempty(y, "y_true")
    kernel: Callable[..., None] = _binary_logits if from_logits else _binary_probabilities
    arrays: tuple[FloatArray, ...] = (y, z)
    if pw is not None:
        kernel = _binary_logits_weighted if from_logits else _binary_probabilities_weighted
        # A scalar weight stays 0-d, broadcast inside each block; an array is expanded.
        arrays = (y, z, pw if pw.ndim == 0 or pw.shape == y.shape else np.broadcast_to(pw, y.shape))
    n_floats = 3 if pw is None else 4
    loss: Result
    with np.errstate(over="ignore"):  # a sum beyond the largest float is inf
        if reduction == "none":
            loss = blockwise(kernel, *arrays, n_floats=n_floats)
        else:
            loss = blockwise_sum(kernel, *arrays, mean=reduction == "mean", n_floats=n_floats)
    return in_base(loss, log_base)


def _binary_probabilities(y: FloatArray, p: FloatArray, out: FloatArray, work: Workspace) -> None:
    """out = -(y log p + (1 - y) log1p(-p)), with 0 log 0 = 0."""
    lp, lq, ny = work.floats[:3]
    _probability_logs(p, lp, lq)
    np.subtract(1.0, y, out=ny)
    _combine(y, lp, ny, lq, out)


def _binary_probabilities_weighted(
    y: FloatArray, p: FloatArray, pw: FloatArray, out: FloatArray, work: Workspace
) -> None:
    """out = -(pw y log p + (1 - y) log1p(-p)), with 0 log 0 = 0."""
    lp, lq, ny, wy = work.floats
    _probability_logs(p, lp, lq)
    np.subtract(1.0, y, out=ny)
    np.multiply(y, pw, out=wy)
    _combine(wy, lp, ny, lq, out)


def _probability_logs(p: FloatArray, lp: FloatArray, lq: FloatArray) -> None:
    """lp = log p and lq = log(1 - p), the latter by log1p."""
    with np.errstate(divide="ignore"):  # log 0 = -inf: an infinite loss unless its weight is 0
        np.log(p, out=lp)
        np.negative(p, out=lq)
        np.log1p(lq, out=lq)


def _binary_logits(y: FloatArray, z: FloatArray, out: FloatArray, work: Workspace) -> None:
    """out = y softplus(-z) + (1 - y) softplus(z), with 0 * inf = 0 where z = -inf."""
    tail, lp, lq = work.floats[:3]
    _logit_logs(z, tail, lp, lq)
    np.subtract(1.0, y, out=tail)
    _combine(y, lp, tail, lq, out)


def _binary_logits_weighted(
    y: FloatArray, z: FloatArray, pw: FloatArray, out: FloatArray, work: Workspace
) -> None:
    """out = pw y softplus(-z) + (1 - y) softplus(z), with 0 * inf = 0 where z = -inf."""
    tail, lp, lq, wy = work.floats
    _logit_logs(z, tail, lp, lq)
    np.subtract(1.0, y, out=tail)
    np.multiply(y, pw, out=wy)
    _combine(wy, lp, tail, lq, out)


def _logit_logs(z: FloatArray, tail: FloatArray, lp: FloatArray, lq: FloatArray) -> None:
    """lp = log sigmoid(z) and lq = log(1 - sigmoid(z)); `tail` is scratch."""
    np.abs(z, out=tail)
    np.negative(tail, out=tail)
    np.exp(tail, out=tail)
    np.log1p(tail, out=tail)
    # log sigmoid(z) = min(z, 0) - tail and log(1 - sigmoid(z)) = -max(z, 0) - tail, both <= 0
    np.minimum(z, 0.0, out=lp)
    lp -= tail
    np.maximum(z, 0.0, out=lq)
    np.negative(lq, out=lq)
    lq -= tail


def _combine(
    y: FloatArray, lp: FloatArray, ny: FloatArray, lq: FloatArray, out: FloatArray
) -> None:
    """out = -(y lp + ny lq) for log-probabilities lp, lq <= 0 (possibly -inf) and weights >= 0.

    A weight of exactly 0 on a log of -inf is 0 by the convention 0 log 0 = 0.
    """
    with np.errstate(invalid="ignore"):  # 0 * -inf, repaired below
        np.multiply(y, lp, out=out)
        lq *= ny
        out += lq
    np.subtract(0.0, out, out=out)
    if np.isnan(out).any():
        with np.errstate(invalid="ignore"):
            np.multiply(y, lp, out=out)
        out[y == 0.0] = 0.0
        lq[ny == 0.0] = 0.0
        out += lq
        np.subtract(0.0, out, out=out)


def categorical_cross_entropy(
    y_true: npt.ArrayLike,
    y_pred: npt.ArrayLike,
    *,
    from_logits: bool = False,
    axis: int = -1,
    reduction: Reduction = "mean",
    label_smoothing: float = 0.0,
    class_weights: npt.ArrayLike | None = None,
    base: float | None = None,
) -> Result:
    r"""Categorical cross-entropy :math:`-\sum_k w_k y_k \log q_k`, averaged over a batch.

    Parameters
    ----------
    y_true : array_like
        Targets: probability vectors along `axis`, one-hot or soft.
    y_pred : array_like
        Predicted probability vectors along `axis`, with the same shape as `y_true`; or, with
        ``from_logits=True``, logits (any real numbers or -inf; not +inf or NaN), turned into
        probabilities by a softmax along `axis`.
    from_logits : bool, optional
        Whether `y_pred` holds logits (default False: probabilities).
    axis : int, optional
        The class axis (default -1, the last).
    reduction : {"mean", "sum", "none"}, optional
        Average over the examples (the default), add them, or return each example's loss. With
        `class_weights`, "mean" is a weighted average: it divides by the total weight of the
        targets (see Notes).
    label_smoothing : float, optional
        The smoothing :math:`\varepsilon`, in [0, 1]: the target becomes
        :math:`(1 - \varepsilon) y + \varepsilon / K` for K classes, as PyTorch and Keras
        define it (default 0).
    class_weights : array_like, optional
        :math:`w`, one non-negative finite weight per class (a vector of length K). The default
        None weighs every class 1.
    base : float, optional
        Base of the logarithm: None (the default) for nats, 2 for bits.

    Returns
    -------
    numpy.float64 or numpy.ndarray
        The loss: a scalar for "mean" and "sum", an array with `axis` removed for "none".

    See Also
    --------
    sparse_categorical_cross_entropy : the same loss with integer labels.
    cross_entropy : :math:`H(P, Q)` of distributions, in any base.
    log_softmax : the log-probabilities the logits define.

    Notes
    -----
    The negative log-likelihood of a categorical model is the cross-entropy from the target to
    the prediction. From logits, with :math:`m = \max_j z_j` reached at :math:`k^*` and
    :math:`s = \sum_{j \ne k^*} e^{z_j - m}`,

    .. math::

        -\log q_k = \operatorname{logsumexp}(z) - z_k = (m - z_k) + \log(1 + s),

    two non-negative terms: logits of :math:`\pm 10^4` do not overflow, and a confident correct
    prediction keeps its tiny loss (1e-20 or less) instead of rounding it to 0. The difference
    :math:`m - z_k` is taken exactly, with its rounding error carried along (Knuth's TwoSum, as
    in the shifted route of the module notes on the softmax page), so the loss is within 4 ulp of
    the exact value for the logits given; from probabilities, each example's loss is within
    4 ulp too. Label smoothing is applied through linearity, as
    :math:`(1 - \varepsilon) H(y, q) + (\varepsilon / K) \sum_k -\log q_k`, without rounding
    the smoothed targets. A class with target 0 contributes nothing (:math:`0 \log 0 = 0`),
    even where its predicted probability is 0 (or its logit -inf); a class with positive target
    and probability 0 makes the loss infinite. Nothing is clipped.

    With `class_weights`, example :math:`i` costs :math:`\ell_i = -\sum_k w_k y_{ik} \log
    q_{ik}` (what "none" returns) and has the weight :math:`v_i = \sum_k w_k y_{ik}` of its
    target; "mean" is :math:`\sum_i \ell_i / \sum_i v_i`, so multiplying every weight by the
    same constant leaves it unchanged. For one-hot targets :math:`v_i` is the weight of the
    true class, and the result is PyTorch's ``CrossEntropyLoss(weight=w)`` given class indices
    (and :func:`sparse_categorical_cross_entropy` with the same weights). PyTorch given
    probability targets, one-hot or soft, divides by the number of examples instead; that
    value is ``reduction="sum"`` divided by N. With label smoothing, :math:`\ell_i` is taken
    against the smoothed target, every class's term weighted by its :math:`w_k`, while
    :math:`v_i` stays the weight of the target before smoothing: again what PyTorch computes
    from class indices. A class of weight 0 contributes nothing, even where its probability is
    0. Weights whose total over the targets is 0 leave the mean undefined and are refused.

    References
    ----------
    .. [1] I. Goodfellow, Y. Bengio and A. Courville, *Deep Learning*, MIT Press, 2016, section 5.5.
    .. [2] C. Szegedy et al., "Rethinking the Inception architecture for computer vision",
       CVPR 2016 (label smoothing).

    Examples
    --------
    >>> import numpy as np
    >>> from xent_ref import categorical_cross_entropy
    >>> y = [[1, 0, 0], [0, 1, 0]]
    >>> q = [[0.7, 0.2, 0.1], [0.1, 0.8, 0.1]]
    >>> bool(categorical_cross_entropy(y, q) == -(np.log(0.7) + np.log(0.8)) / 2)
    True
    >>> loss = categorical_cross_entropy([1, 0], [0.0, -46.0], from_logits=True)
    >>> print(f"{loss:.6e} = e^-46 to the last digit: {loss == np.exp(-46.0)}")
    1.053062e-20 = e^-46 to the last digit: True

    Class weights make the mean a weighted average of the examples' losses:

    >>> w = [1.0, 3.0, 1.0]
    >>> weighted = categorical_cross_entropy(y, q, class_weights=w)
    >>> bool(np.isclose(weighted, -(1 * np.log(0.7) + 3 * np.log(0.8)) / (1 + 3)))
    True
    """
    from_logits = check_flag(from_logits, "from_logits")
    reduction = check_reduction(reduction)
    e = check_label_smoothing(label_smoothing)
    log_base = log_of_base(base)
    y, ax = check_distribution(y_true, "y_true", axis)
    if from_logits:
        z = as_float_array(y_pred, "y_pred")
        check_same_shape(y, z, "y_true", "y_pred")
        rows = logit_rows(z, "y_pred", axis)
    else:
        z, _ = check_distribution(y_pred, "y_pred", axis)
        check_same_shape(y, z, "y_true", "y_pred")
    if reduction == "mean":
        check_nonempty(y, "y_true")
    n_classes = y.shape[ax]
    w = check_class_weights(class_weights, n_classes)
    reduced = y.shape[:ax] + y.shape[ax + 1 :]
    wy = y
    if w is not None:
        if reduction == "mean":
            w = _mean_scaled(w)
        w = w.reshape((n_classes,) + (1,) * (y.ndim - 1 - ax))  # along the class axis
        wy = y * w
    with np.errstate(over="ignore", invalid="ignore"):  # inf where a loss is infinite
        if from_logits:
            y_rows = rows_view(wy, ax)
            sums = exp_sums(rows, weights=y_rows, unweighted=e > 0.0 and w is None)
            assert sums.yx is not None and sums.yr is not None
            log1p_s = np.log1p(sums.s)
            # -log q_k = (m - z_k) + log1p(s), with m - z_k taken exactly as -(x + r).
            loss = (sums.yx - sums.yr) + y_rows.sum(axis=1) * log1p_s
            if e > 0.0 and w is None:
                assert sums.ux is not None and sums.ur is not None
                uniform = (sums.ux - sums.ur) + n_classes * log1p_s
                loss = _smoothed(loss, uniform, e, n_classes)
            elif e > 0.0:
                assert w is not None
                # Every class's -log q_k weighted by w_k: one more pass over the logits.
                u = exp_sums(rows, weights=rows_view(np.broadcast_to(w, y.shape), ax))
                assert u.yx is not None and u.yr is not None
                uniform = (u.yx - u.yr) + float(np.sum(w)) * log1p_s
                loss = _smoothed(loss, uniform, e, n_classes)
            loss = loss.reshape(reduced)
        else:
            loss = np.subtract(0.0, sum_xlogy(wy, z, ax))
            if e > 0.0 and w is None:
                loss = _smoothed(loss, np.subtract(0.0, sum_log(z, ax)), e, n_classes)
            elif e > 0.0:
                assert w is not None
                uniform = np.subtract(0.0, sum_xlogy(np.broadcast_to(w, y.shape), z, ax))
                loss = _smoothed(loss, uniform, e, n_classes)
    loss = np.asarray(loss, dtype=np.float64)
    if w is not None and reduction == "mean":
        return in_base(_weighted_mean(loss, wy.sum()), log_base)
    return in_base(_reduced(loss, reduction), log_base)


def _mean_scaled(w: FloatArray) -> FloatArray:
    """Weights for a weighted mean, scaled by a power of 2 so that the largest is in [1/2, 1).

    A weighted mean does not change when every weight is scaled alike, and a power of 2 scales
    exactly (but for weights below 2^-1074 of the largest, negligible next to it): so no
    weighted loss or total weight overflows, and subnormal weights keep their digits.
    """
    top = float(w.max()) if w.size else 0.0
    if top == 0.0:
        return w
    scaled: FloatArray = np.ldexp(w, -math.frexp(top)[1])
    return scaled


def _weighted_mean(loss: FloatArray, total: float) -> np.float64:
    """sum(loss) / total, for weighted losses and the total weight of their targets."""
    check_total_weight(float(total))
    with np.errstate(over="ignore"):  # a sum beyond the largest float is inf: scaled below
        s = np.float64(loss.sum())
        if math.isinf(s) and not np.isinf(loss).any():
            return np.float64(np.float64((loss * _DOWN).sum()) / total) / _DOWN
    return np.float64(s / total)


def _smoothed(loss: FloatArray, uniform: FloatArray, e: float, n_classes: int) -> FloatArray:
    """The loss against (1 - e) y + e / K: linear in the target, so (1 - e) loss + e uniform / K.

    `uniform` is the sum of -log q over the K classes; a weight of 0 ignores an infinite loss.
    """
    smoothed: FloatArray = uniform * (e / n_classes)
    if e < 1.0:
        smoothed += (1.0 - e) * loss
    return smoothed


#: The scale of a sum of losses that overflows (an exact power of 2, as in ``_blocks``).
_DOWN = 2.0**-64


def _reduced(loss: FloatArray, reduction: Reduction) -> Result:
    """Per-example losses reduced; a single example's loss ("none") as a numpy scalar."""
    if reduction == "none" and loss.ndim == 0:
        return np.float64(loss)
    return reduce_losses(loss, reduction)


def sparse_categorical_cross_entropy(
    labels: npt.ArrayLike,
    y_pred: npt.ArrayLike,
    *,
    from_logits: bool = False,
    axis: int = -1,
    reduction: Reduction = "mean",
    class_weights: npt.ArrayLike | None = None,
    base: float | None = None,
) -> Result:
    r"""Categorical cross-entropy with integer class labels, :math:`-w_y \log q_{y}`.

    Parameters
    ----------
    labels : array_like of int
        Class indices in [0, K), shaped like `y_pred` without its class axis. Floats holding
        whole numbers are accepted.
    y_pred : array_like
        Predicted probability vectors along `axis` (K classes); or, with ``from_logits=True``,
        logits along `axis` (any real numbers or -inf; not +inf or NaN).
    from_logits : bool, optional
        Whether `y_pred` holds logits (default False: probabilities).
    axis : int, optional
        The class axis of `y_pred` (default -1, the last).
    reduction : {"mean", "sum", "none"}, optional
        Average over the examples (the default), add them, or return each example's loss. With
        `class_weights`, "mean" divides by the sum of the weights of the labels (see Notes).
    class_weights : array_like, optional
        :math:`w`, one non-negative finite weight per class (a vector of length K). The default
        None weighs every class 1.
    base : float, optional
        Base of the logarithm: None (the default) for nats, 2 for bits.

    Returns
    -------
    numpy.float64 or numpy.ndarray
        The loss: a scalar for "mean" and "sum", an array shaped like `labels` for "none".

    See Also
    --------
    categorical_cross_entropy : the same loss with one-hot or soft targets.

    Notes
    -----
    Equal to :func:`categorical_cross_entropy` with one-hot targets, computed without building
    them. From logits the loss is :math:`(m - z_y) + \log(1 + s)` as described there. A
    predicted probability of 1e-300 for the true class costs 690.7755 nats, not a clipped value;
    a probability of exactly 0 costs ``inf``. From logits or from probabilities, the loss of
    each example, before any class weight, is within 4 ulp of the exact value.

    With `class_weights`, example :math:`i` costs :math:`w_{y_i} \ell_i` (what "none" returns,
    0 where the weight is 0, even for an infinite :math:`\ell_i`), and "mean" is the weighted
    average :math:`\sum_i w_{y_i} \ell_i / \sum_i w_{y_i}`, as in PyTorch's
    ``CrossEntropyLoss(weight=w)``; Keras's default reduction of the same weighted losses
    divides by N instead. Weights whose total over the labels is 0 are refused for the mean.

    References
    ----------
    .. [1] I. Goodfellow, Y. Bengio and A. Courville, *Deep Learning*, MIT Press, 2016, section 5.5.

    Examples
    --------
    >>> import numpy as np
    >>> from xent_ref import sparse_categorical_cross_entropy
    >>> q = [[0.7, 0.2, 0.1], [1e-300, 1.0, 0.0]]
    >>> for loss in sparse_categorical_cross_entropy([0, 0], q, reduction="none"):
    ...     print(f"{loss:.4f} nats")
    0.3567 nats
    690.7755 nats
    >>> print(sparse_categorical_cross_entropy([1], [[0.0, 1e4]], from_logits=True))
    0.0

    Weighting every class alike leaves the mean as it was:

    >>> q = [[0.7, 0.2, 0.1], [0.1, 0.8, 0.1]]
    >>> plain = sparse_categorical_cross_entropy([0, 1], q)
    >>> same = sparse_categorical_cross_entropy([0, 1], q, class_weights=[5, 5, 5])
    >>> bool(np.isclose(same, plain))
    True
    """
    from_logits = check_flag(from_logits, "from_logits")
    reduction = check_reduction(reduction)
    log_base = log_of_base(base)
    a = as_float_array(y_pred, "y_pred")
    ax = check_axis(axis, a, "y_pred")
    check_classes(a, "y_pred", ax, shown_axis(axis))
    if from_logits:
        rows = logit_rows(a, "y_pred", axis)
        z = rows.z
    else:
        q, _ = check_distribution_blocked(a, "y_pred", axis)
        z = rows_view(q, ax)
    k = check_labels(labels, "labels", a.shape[ax])
    check_label_shape(k, a, ax, shown_axis(axis))
    if reduction == "mean":
        check_nonempty(a, "y_pred")
    w = check_class_weights(class_weights, a.shape[ax])
    flat_k = k.reshape(-1)
    zk = z[np.arange(flat_k.size), flat_k]
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        if from_logits:
            # (m - z_k) + log1p(s), with m - z_k = -(x + r) taken exactly (TwoSum).
            m = rows.m
            x = zk - m
            b = x - zk
            r = (zk - (x - b)) - (m + b)
            r[np.isneginf(x)] = 0.0
            loss = (np.log1p(exp_sums(rows).s) - x) - r
        else:
            loss = np.subtract(0.0, np.log(zk))  # log 0 = -inf: an infinite loss
    if w is not None:
        wk = (_mean_scaled(w) if reduction == "mean" else w)[flat_k]
        with np.errstate(over="ignore", invalid="ignore"):  # inf beyond the largest float; 0 * inf
            loss *= wk
        loss[wk == 0.0] = 0.0
        if reduction == "mean":
            return in_base(_weighted_mean(loss, wk.sum()), log_base)
    return in_base(_reduced(loss.reshape(k.shape), reduction), log_base)
