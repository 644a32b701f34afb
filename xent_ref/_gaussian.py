"""Normal distributions: the Gaussian negative log-likelihood, MSE, and closed-form divergences."""

from __future__ import annotations

import math
from functools import partial

import numpy as np
import numpy.typing as npt

from ._blocks import Workspace, blockwise, blockwise_sum
from ._series import SQRT_2PI, SQRT_2PIE, V_MAX, atanh_tail, log_times, product_error, split
from ._validation import (
    FloatArray,
    Reduction,
    Result,
    as_float_array,
    check_finite,
    check_finite_extent,
    check_nonempty,
    check_positive_extent,
    check_reduction,
    check_same_shape,
    in_base,
    log_of_base,
)

_SMALLEST_NORMAL = float(np.finfo(np.float64).tiny)
_LARGEST = float(np.finfo(np.float64).max)


def _overflows(*magnitudes: float) -> bool:
    """Whether a sum or difference of numbers of these magnitudes can overflow."""
    return not sum(magnitudes) <= _LARGEST  # a float sum overflows to inf


def _parameters(**named: npt.ArrayLike) -> tuple[list[FloatArray], list[float]]:
    """Validate Gaussian parameters: means finite, standard deviations positive.

    Returns the arrays and their largest magnitudes. Scalars combine with arrays; arrays must
    all have one shape, so that (3,) never broadcasts against (3, 1).
    """
    arrays: list[FloatArray] = []
    extents: list[float] = []
    shaped: tuple[str, FloatArray] | None = None
    for name, value in named.items():
        check = check_positive_extent if name.startswith("std") else check_finite_extent
        a, extent = check(value, name)
        if a.ndim:
            if shaped is None:
                shaped = (name, a)
            else:
                check_same_shape(shaped[1], a, shaped[0], name)
        arrays.append(a)
        extents.append(extent)
    return arrays, extents


def _scaled_difference(
    a: FloatArray, b: FloatArray, scale: FloatArray | float, out: FloatArray, halve: bool
) -> None:
    """out = (a - b) / scale; with `halve`, as (a/2 - b/2) / scale * 2, where a - b overflows.

    Halving is exact except for subnormal numbers, whose lost last bit cannot matter next to a
    difference beyond 1.8e308.
    """
    if halve:
        np.multiply(a, 0.5, out=out)
        out -= 0.5 * b
        out /= scale
        out *= 2.0
    else:
        np.subtract(a, b, out=out)
        if not (isinstance(scale, float) and scale == 1.0):
            out /= scale


def _half_square(t: FloatArray, work: FloatArray) -> None:
    """t = t^2 / 2 in place, as (t/2) t: it overflows only where the result does."""
    np.multiply(t, 0.5, out=work)
    t *= work


def gaussian_nll(
    y: npt.ArrayLike,
    mean: npt.ArrayLike,
    std: npt.ArrayLike = 1.0,
    *,
    reduction: Reduction = "mean",
    base: float | None = None,
) -> Result:
    r"""Gaussian negative log-likelihood
    :math:`\tfrac12 \log(2 \pi \sigma^2) + (y - \mu)^2 / (2 \sigma^2)`.

    Parameters
    ----------
    y : array_like
        Observed values (finite).
    mean : array_like
        Predicted means :math:`\mu`, with the same shape as `y`.
    std : array_like, optional
        Standard deviations :math:`\sigma > 0`: a scalar, or an array shaped like `y`
        (default 1).
    reduction : {"mean", "sum", "none"}, optional
        Average over the elements (the default), add them, or return each element's loss.
    base : float, optional
        Base of the logarithm: None (the default) for nats, 2 for bits.

    Returns
    -------
    numpy.float64 or numpy.ndarray
        The loss: a scalar for "mean" and "sum", an array shaped like `y` for "none".

    See Also
    --------
    mean_squared_error : what this loss reduces to, up to a factor and a constant, at fixed std.
    gaussian_cross_entropy : its expectation when `y` is itself normally distributed.

    Notes
    -----
    The full constant :math:`\tfrac12 \log(2\pi)` is included, so this is the cross-entropy
    from the data to the model :math:`\mathcal{N}(\mu, \sigma^2)` and can be compared with
    other log-likelihoods. (PyTorch's ``GaussianNLLLoss`` drops it by default and takes the
    variance, not the standard deviation.) With :math:`\sigma = 1` it equals
    :math:`\tfrac12 (y - \mu)^2 + \tfrac12 \log(2\pi)`: minimising the mean squared error is
    maximum likelihood under independent Gaussian noise. The likelihood is a density, not a
    probability, so it can exceed 1 and the loss can be negative when :math:`\sigma` is small.

    Each term is :math:`\log(\sigma \sqrt{2\pi}) + t^2 / 2` with
    :math:`t = (y - \mu) / \sigma`. The logarithm is taken of the product formed in
    double-double arithmetic (as a pair of floats whose sum carries about twice the precision of
    one), so it keeps its relative accuracy where it crosses 0, at
    :math:`\sigma = 1 / \sqrt{2\pi}`; nothing overflows unless the result does. Where
    :math:`\sigma \ge 1 / \sqrt{2\pi}` both parts are non-negative and the result is within
    4 ulp. Below, the two parts have opposite signs and a result near 0 can only be as accurate
    as the parts: the error is then at most 4 ulp of the larger of
    :math:`|\log(\sigma \sqrt{2\pi})|` and :math:`t^2 / 2`.

    References
    ----------
    .. [1] I. Goodfellow, Y. Bengio and A. Courville, *Deep Learning*, MIT Press, 2016, section 5.5.

    Examples
    --------
    >>> import numpy as np
    >>> from xent_ref import gaussian_nll, mean_squared_error
    >>> y, mu = [1.0, 2.0, 4.0], [1.5, 2.0, 3.0]
    >>> nll, mse = gaussian_nll(y, mu), mean_squared_error(y, mu)
    >>> bool(abs(nll - (mse / 2 + 0.5 * np.log(2 * np.pi))) < 1e-15)
    True
    >>> print(f"{gaussian_nll(0.0, 0.0):.4f} nats")
    0.9189 nats
    >>> print(f"{gaussian_nll(0.0, 0.0, 1 / np.sqrt(2 * np.pi)):.4e}")  # not 0: sigma is rounded
    6.2473e-17
    """
    reduction = check_reduction(reduction)
    log_base = log_of_base(base)
    a, extent_y = check_finite_extent(y, "y")
    mu, extent_mu = check_finite_extent(mean, "mean")
    check_same_shape(a, mu, "y", "mean")
    sigma, _ = check_positive_extent(std, "std")
    if sigma.ndim:
        check_same_shape(a, sigma, "y", "std")
    if reduction == "mean":
        check_nonempty(a, "y")
    halve = _overflows(extent_y, extent_mu)
    arrays: tuple[FloatArray, ...]
    if sigma.ndim:
        arrays, kernel = (a, mu, sigma), partial(_nll_terms, halve=halve)
    else:
        const = float(log_times(sigma, SQRT_2PI))
        arrays = (a, mu)
        kernel = partial(_nll_terms_one_std, std=float(sigma), const=const, halve=halve)
    # A loss beyond the largest float is inf, its correctly rounded value.
    with np.errstate(over="ignore"):
        if reduction == "none":
            loss: Result = blockwise(kernel, *arrays, n_floats=1)
        else:
            loss = blockwise_sum(kernel, *arrays, mean=reduction == "mean", n_floats=1)
    return in_base(loss, log_base)


def _nll_terms_one_std(
    y: FloatArray,
    mu: FloatArray,
    out: FloatArray,
    work: Workspace,
    std: float,
    const: float,
    halve: bool,
) -> None:
    (half,) = work.floats
    _scaled_difference(y, mu, std, out, halve)
    _half_square(out, half)
    out += const


def _nll_terms(
    y: FloatArray, mu: FloatArray, std: FloatArray, out: FloatArray, work: Workspace, halve: bool
) -> None:
    (half,) = work.floats
    _scaled_difference(y, mu, std, out, halve)
    _half_square(out, half)
    out += log_times(std, SQRT_2PI)


def mean_squared_error(
    y_true: npt.ArrayLike, y_pred: npt.ArrayLike, *, reduction: Reduction = "mean"
) -> Result:
    r"""Mean squared error :math:`\frac1n \sum_i (y_i - \hat y_i)^2`.

    Parameters
    ----------
    y_true : array_like
        Observed values (finite).
    y_pred : array_like
        Predictions, with the same shape as `y_true`.
    reduction : {"mean", "sum", "none"}, optional
        Average the squared errors (the default), add them, or return each one.

    Returns
    -------
    numpy.float64 or numpy.ndarray
        A scalar for "mean" and "sum", an array shaped like `y_true` for "none".

    See Also
    --------
    gaussian_nll : the negative log-likelihood this is a rescaled, shifted form of.

    Notes
    -----
    For a Gaussian model with unit variance, the negative log-likelihood per example is
    :math:`\tfrac12 (y - \hat y)^2 + \tfrac12 \log(2\pi)`, so the MSE is twice the Gaussian
    cross-entropy minus :math:`\log(2\pi)`, and the two have the same minimiser. A mean whose
    sum would overflow is still returned (the mean of squares of 5.5e151 is 3.0e303); a
    square beyond the largest float is ``inf``. The squares are non-negative, so their sum
    cancels nothing and the result is within 4 ulp of the exact value.

    References
    ----------
    .. [1] I. Goodfellow, Y. Bengio and A. Courville, *Deep Learning*, MIT Press, 2016, section 5.5.

    Examples
    --------
    >>> from xent_ref import mean_squared_error
    >>> print(mean_squared_error([1.0, 2.0, 4.0], [1.5, 2.0, 3.0]))
    0.4166666666666667
    >>> print(mean_squared_error([1.0, 2.0, 4.0], [1.5, 2.0, 3.0], reduction="none"))
    [0.25 0.   1.  ]
    """
    reduction = check_reduction(reduction)
    a = as_float_array(y_true, "y_true")
    b = as_float_array(y_pred, "y_pred")
    check_same_shape(a, b, "y_true", "y_pred")
    if reduction == "mean":
        check_nonempty(a, "y_true")
    # A square beyond the largest float is inf, its correctly rounded value. NaN and infinite
    # inputs make the result NaN or inf too, and only then are the inputs checked one by one,
    # which saves two passes over each array in the common case.
    with np.errstate(over="ignore", invalid="ignore"):
        if reduction == "none":
            loss: Result = blockwise(_squared_difference, a, b)
            total = float(loss.sum())
        else:
            loss = blockwise_sum(_squared_difference, a, b, mean=reduction == "mean")
            total = float(loss)
    if not math.isfinite(total):
        check_finite(a, "y_true")
        check_finite(b, "y_pred")
    return loss


def _squared_difference(a: FloatArray, b: FloatArray, out: FloatArray, work: Workspace) -> None:
    np.subtract(a, b, out=out)
    out *= out


def gaussian_entropy(std: npt.ArrayLike, *, base: float | None = None) -> Result:
    r"""Differential entropy of a normal distribution, :math:`\tfrac12 \log(2 \pi e \sigma^2)`.

    Parameters
    ----------
    std : array_like
        Standard deviations :math:`\sigma > 0`.
    base : float, optional
        Base of the logarithm: None (the default) for nats, 2 for bits.

    Returns
    -------
    numpy.float64 or numpy.ndarray
        The entropy of each :math:`\mathcal{N}(\mu, \sigma^2)`, shaped like `std`; the mean does
        not enter.

    See Also
    --------
    gaussian_cross_entropy : equals this when the two distributions are the same.

    Notes
    -----
    Unlike the entropy of a discrete distribution, a differential entropy can be negative: it is
    below 0 when :math:`\sigma < 1 / \sqrt{2 \pi e} \approx 0.242`. Doubling :math:`\sigma` adds
    one bit. Computed as :math:`\log(\sigma \sqrt{2 \pi e})` with the product formed in
    double-double arithmetic, so the result is within a few ulp even next to that zero
    (where its magnitude is never below about 5e-17 for any float :math:`\sigma`).

    References
    ----------
    .. [1] T. M. Cover and J. A. Thomas, *Elements of Information Theory*, 2nd ed., Wiley, 2006,
       sec. 8.1.

    Examples
    --------
    >>> from xent_ref import gaussian_entropy
    >>> print(f"{gaussian_entropy(1.0):.4f} nats")
    1.4189 nats
    >>> print(f"{gaussian_entropy(2.0, base=2) - gaussian_entropy(1.0, base=2):.12f} bits")
    1.000000000000 bits
    """
    log_base = log_of_base(base)
    (sigma,), _ = _parameters(std=std)
    h: Result = blockwise(_entropy_terms, sigma)
    if h.ndim == 0:
        h = np.float64(h)
    return in_base(h, log_base)


def _entropy_terms(sigma: FloatArray, out: FloatArray, work: Workspace) -> None:
    out[...] = log_times(sigma, SQRT_2PIE)


def gaussian_cross_entropy(
    mean_p: npt.ArrayLike,
    std_p: npt.ArrayLike,
    mean_q: npt.ArrayLike,
    std_q: npt.ArrayLike,
    *,
    base: float | None = None,
) -> Result:
    r"""Cross-entropy between normal distributions, :math:`H(P, Q)` in closed form.

    Parameters
    ----------
    mean_p : array_like
        Mean of P, the true distribution.
    std_p : array_like
        Standard deviation (> 0) of P.
    mean_q : array_like
        Mean of Q, the model.
    std_q : array_like
        Standard deviation (> 0) of Q.
    base : float, optional
        Base of the logarithm: None (the default) for nats, 2 for bits.

    Returns
    -------
    numpy.float64 or numpy.ndarray
        :math:`H(P, Q)`; arrays of parameters give one value per entry (they must share one
        shape; scalars combine with anything).

    See Also
    --------
    gaussian_entropy : :math:`H(P) = H(P, P)`.
    gaussian_kl_divergence : :math:`H(P, Q) - H(P)`.
    gaussian_nll : the sample version, averaged over observations.

    Notes
    -----
    For :math:`P = \mathcal{N}(\mu_p, \sigma_p^2)` and :math:`Q = \mathcal{N}(\mu_q, \sigma_q^2)`,

    .. math::

        H(P, Q) = -\int p \log q
                = \tfrac12 \log(2 \pi \sigma_q^2)
                  + \frac{\sigma_p^2 + (\mu_p - \mu_q)^2}{2 \sigma_q^2},

    the expected Gaussian negative log-likelihood of data drawn from P. The logarithm is taken
    as in :func:`gaussian_nll`, and nothing overflows unless the result does. Where
    :math:`\sigma_q \ge 1 / \sqrt{2\pi}` every part is non-negative and the result is within
    4 ulp; below, a result near 0 is within 4 ulp of the largest part.

    References
    ----------
    .. [1] T. M. Cover and J. A. Thomas, *Elements of Information Theory*, 2nd ed., Wiley, 2006.

    Examples
    --------
    >>> from xent_ref import gaussian_cross_entropy, gaussian_entropy
    >>> print(gaussian_cross_entropy(0.0, 1.0, 0.0, 1.0) == gaussian_entropy(1.0))
    True
    >>> print(f"{gaussian_cross_entropy(0.0, 1.0, 1.0, 1.0):.4f} nats")
    1.9189 nats
    """
    log_base = log_of_base(base)
    (mp, sp, mq, sq), extents = _parameters(mean_p=mean_p, std_p=std_p, mean_q=mean_q, std_q=std_q)
    halve = _overflows(extents[0], extents[2])
    # A cross-entropy beyond the largest float is inf, its correctly rounded value.
    with np.errstate(over="ignore"):
        h: Result = blockwise(
            partial(_gaussian_cross_entropy_terms, halve=halve), mp, sp, mq, sq, n_floats=2
        )
    if h.ndim == 0:
        h = np.float64(h)
    return in_base(h, log_base)


def _gaussian_cross_entropy_terms(
    mp: FloatArray,
    sp: FloatArray,
    mq: FloatArray,
    sq: FloatArray,
    out: FloatArray,
    work: Workspace,
    halve: bool,
) -> None:
    """out = log(sq sqrt(2 pi)) + (sp / sq)^2 / 2 + ((mp - mq) / sq)^2 / 2."""
    w, half = work.floats
    np.divide(sp, sq, out=out)
    _half_square(out, half)
    _scaled_difference(mp, mq, sq, w, halve)
    _half_square(w, half)
    out += w
    out += log_times(sq, SQRT_2PI)


def gaussian_kl_divergence(
    mean_p: npt.ArrayLike,
    std_p: npt.ArrayLike,
    mean_q: npt.ArrayLike,
    std_q: npt.ArrayLike,
    *,
    base: float | None = None,
) -> Result:
    r"""KL divergence between normal distributions, :math:`\mathrm{KL}(P \,\|\, Q)` in closed form.

    Parameters
    ----------
    mean_p : array_like
        Mean of P, the true distribution.
    std_p : array_like
        Standard deviation (> 0) of P.
    mean_q : array_like
        Mean of Q, the model.
    std_q : array_like
        Standard deviation (> 0) of Q.
    base : float, optional
        Base of the logarithm: None (the default) for nats, 2 for bits.

    Returns
    -------
    numpy.float64 or numpy.ndarray
        :math:`\mathrm{KL}(P \,\|\, Q) \ge 0`; arrays of parameters give one value per entry.

    See Also
    --------
    gaussian_cross_entropy : :math:`H(P, Q) = H(P) + \mathrm{KL}(P \,\|\, Q)`.
    kl_divergence : the discrete version.

    Notes
    -----
    .. math::

        \mathrm{KL}(P \,\|\, Q) = \log\frac{\sigma_q}{\sigma_p}
            + \frac{\sigma_p^2 + (\mu_p - \mu_q)^2}{2 \sigma_q^2} - \frac12
          = \tfrac12 \big(w - \log(1 + w)\big) + \frac{(\mu_p - \mu_q)^2}{2 \sigma_q^2},

    with :math:`w = \sigma_p^2 / \sigma_q^2 - 1`. Both terms are non-negative. For w in
    [-2/3, 2] the first is taken from a series in :math:`w / (2 + w)` that cancels at most a
    tenth of its leading term, so nearly equal distributions keep their tiny divergence and
    equal ones give exactly 0. Its relative error is up to about 3 times that of w (near
    :math:`w = -2/3`), so w is formed as :math:`a (a + 2)` with
    :math:`a = (\sigma_p - \sigma_q) / \sigma_q` and carried as a pair of floats whose sum
    holds about twice the precision of one. The result is within
    4 ulp of the exact value: the accuracy tests measure it against 120-digit values, on
    random parameters and on regimes with equal means and nearly equal standard deviations.

    References
    ----------
    .. [1] S. Kullback, *Information Theory and Statistics*, Wiley, 1959.

    Examples
    --------
    >>> from xent_ref import gaussian_kl_divergence
    >>> print(gaussian_kl_divergence(0.0, 1.0, 0.0, 1.0))
    0.0
    >>> print(f"{gaussian_kl_divergence(0.0, 1.0, 1.0, 1.0):.4f} nats")
    0.5000 nats
    >>> print(f"{gaussian_kl_divergence(0.0, 1.0 + 1e-9, 0.0, 1.0):.6e} nats")
    1.000000e-18 nats
    """
    log_base = log_of_base(base)
    (mp, sp, mq, sq), extents = _parameters(mean_p=mean_p, std_p=std_p, mean_q=mean_q, std_q=std_q)
    kernel = partial(
        _gaussian_kl_terms,
        halve_means=_overflows(extents[0], extents[2]),
    )
    # A divergence beyond the largest float is inf, its correctly rounded value.
    with np.errstate(over="ignore"):
        kl: Result = blockwise(kernel, mp, sp, mq, sq, n_floats=14, n_masks=1)
    if kl.ndim == 0:
        kl = np.float64(kl)
    return in_base(kl, log_base)


def _gaussian_kl_terms(
    mp: FloatArray,
    sp: FloatArray,
    mq: FloatArray,
    sq: FloatArray,
    out: FloatArray,
    work: Workspace,
    halve_means: bool,
) -> None:
    """out = (w - log1p(w)) / 2 + ((mp - mq) / sq)^2 / 2 with w = sp^2 / sq^2 - 1."""
    w, lr, u, v, series, w_lo, r_rel, *rest = work.floats
    (close,) = work.masks
    # Outside the series interval w - log1p(w) cancels at most a factor of about 2.5; log1p(w)
    # is taken as 2 log(sp / sq) so that a tiny sp is not lost in 1 + w.
    with np.errstate(under="ignore", over="ignore"):
        np.divide(sp, sq, out=lr)
    _w_double_double(sp, sq, lr, [w, w_lo, r_rel], [u, v, series, *rest])
    if not (lr.min() >= _SMALLEST_NORMAL and lr.max() < np.inf):
        # sp / sq overflows, underflows or loses digits as a subnormal; its log does not.
        extreme = (lr < _SMALLEST_NORMAL) | (lr == np.inf)
        lr[extreme] = 1.0  # a placeholder, replaced after the log
        np.log(lr, out=lr)
        sp_x = np.broadcast_to(sp, lr.shape)[extreme]
        sq_x = np.broadcast_to(sq, lr.shape)[extreme]
        lr[extreme] = np.log(sp_x) - np.log(sq_x)
        r_rel[extreme] = 0.0  # that log has no rounded quotient to correct
    else:
        np.log(lr, out=lr)
    lr *= 2.0
    with np.errstate(invalid="ignore"):  # inf - inf where both overflow: the value is inf
        np.subtract(w, lr, out=out)
    # The log is of r = fl(sp / sq), not of 1 + w: the derivative in w is 1, and
    # log(sp / sq) = log(r) + r_rel to far below an ulp.
    out += w_lo
    r_rel *= 2.0
    out -= r_rel
    np.fmax(out, 0.0, out=out)
    # The series form: w - log1p(w) = w u - 2 u^3 A(u^2), u = w / (2 + w), for |u| <= 1/2.
    np.add(w, 2.0, out=u)
    with np.errstate(invalid="ignore"):  # w = inf gives u = NaN, which stays out of the series
        np.divide(w, u, out=u)
    np.multiply(u, u, out=v)
    np.less_equal(v, V_MAX, out=close)
    if close.any():
        np.fmin(v, V_MAX, out=v)
        atanh_tail(v, series, scale=-2.0)
        series *= v
        series *= u
        u *= w
        series += u
        # The series is taken at w rounded; its derivative w / (1 + w) carries the rest, w_lo.
        # Outside the series interval (w = -1 or inf) this divides by 0 or makes NaN: those
        # entries of the series are not used.
        with np.errstate(divide="ignore", invalid="ignore"):
            np.add(w, 1.0, out=u)
            np.divide(w, u, out=u)
            u *= w_lo
            series += u
        np.putmask(out, close, series)
    out *= 0.5
    _scaled_difference(mp, mq, sq, w, halve_means)
    _half_square(w, v)
    out += w


#: Where `_w_double_double` scales the stds first: beyond these, Dekker's splitting overflows
#: or the error terms of its products lose digits as subnormal numbers.
_UNSCALED = (2.0**-450, 2.0**450)


def _w_double_double(
    sp: FloatArray, sq: FloatArray, r: FloatArray, out: list[FloatArray], work: list[FloatArray]
) -> None:
    """out = [w, w_lo, r_rel]: w = sp^2 / sq^2 - 1 as w + w_lo, to about 2^-100 of w, and
    r_rel = (sp / sq - r) / r, the relative rounding error of r = fl(sp / sq).

    With a = (sp - sq) / sq, w = a (a + 2). The quotient a is carried as a pair a + a_lo, a
    pair of floats whose sum holds about twice the precision of one: a_lo = (sp - sq - a sq) /
    sq, with a sq formed exactly (Dekker's product). a + 2 and a (a + 2) are formed exactly as
    pairs too, so w keeps its relative accuracy however small it is. Rounding w to a float
    alone would cost up to 3 ulp of the divergence near w = -2/3, where the divergence's
    condition number in w is about 3. sp - sq is exact wherever sp / sq is in [1/2, 2]
    (Sterbenz), and so is r - 1.
    """
    w, w_lo, r_rel = out
    d, a, a_lo, x_hi, x_lo, s_hi, s_lo, b, t, t2 = work
    lo = min(float(np.min(sp)), float(np.min(sq)))
    hi = max(float(np.max(sp)), float(np.max(sq)))
    near = bool(r.min() >= 0.5 and r.max() <= 2.0)
    with np.errstate(over="ignore", invalid="ignore", under="ignore"):
        if not (lo >= _UNSCALED[0] and hi <= _UNSCALED[1]):
            # w depends only on sp / sq: scale both by the power of 2 that brings sq into
            # [1/2, 1). An sp that then overflows or underflows has w = inf or -1 anyway.
            shape = np.broadcast_shapes(np.shape(sp), np.shape(sq), w.shape)
            exponent = np.frexp(np.broadcast_to(sq, shape))[1]
            sp = np.ldexp(np.broadcast_to(sp, shape), -exponent)
            sq = np.ldexp(np.broadcast_to(sq, shape), -exponent)
        np.subtract(sp, sq, out=d)
        if near:
            a_lo.fill(0.0)
        else:  # a_lo starts as the rounding error of d (TwoSum)
            np.subtract(d, sp, out=t)
            np.subtract(d, t, out=a_lo)
            np.subtract(sp, a_lo, out=a_lo)
            t += sq
            a_lo -= t
        np.divide(d, sq, out=a)
        # a_lo = (d_lo + (d - p) - err(a sq)) / sq with p = fl(a sq); d - p is exact.
        split(a, x_hi, x_lo)
        split(sq, s_hi, s_lo)  # a scalar sq is split into the whole of s_hi and s_lo
        np.multiply(a, sq, out=t)
        d -= t
        a_lo += d
        product_error((x_hi, x_lo), (s_hi, s_lo), t, d, t2)
        a_lo -= d
        a_lo /= sq
        # b + b_lo = a + 2 exactly (TwoSum), plus a_lo; b_lo into d.
        np.add(a, 2.0, out=b)
        np.subtract(b, a, out=t)
        np.subtract(b, t, out=d)
        np.subtract(a, d, out=d)
        np.subtract(2.0, t, out=t)
        d += t
        d += a_lo
        # w + w_lo = fl(a b) + err(a b) + a b_lo + a_lo b.
        np.multiply(a, d, out=w_lo)
        np.multiply(a_lo, b, out=t)
        w_lo += t
        np.multiply(a, b, out=w)
        split(b, s_hi, s_lo)
        product_error((x_hi, x_lo), (s_hi, s_lo), w, t, t2)
        w_lo += t
        _drop_nonfinite(w_lo)  # w = inf (or -1 from an underflowed sp): no rest to carry
        # Renormalise: w = fl(w + w_lo) and w_lo the remainder (|w| >= |w_lo| before).
        np.add(w, w_lo, out=t)
        np.subtract(t, w, out=t2)
        w_lo -= t2
        np.copyto(w, t)
        _drop_nonfinite(w_lo)  # inf - inf where w itself overflows
        # r_rel = (a + a_lo - (r - 1)) / r, with r - 1 = c + c_lo exactly; a - c is exact.
        np.subtract(r, 1.0, out=t)
        np.subtract(a, t, out=r_rel)
        r_rel += a_lo
        if not near:  # c_lo, by TwoSum
            np.subtract(t, r, out=t2)
            np.subtract(t, t2, out=d)
            np.subtract(r, d, out=d)
            t2 += 1.0
            d += t2
            r_rel -= d
        r_rel /= r
    _drop_nonfinite(r_rel)  # sp / sq overflows or underflows: its log is taken otherwise


def _drop_nonfinite(x: FloatArray) -> None:
    """Set the inf and NaN entries of a correction term to 0: where the quantity it corrects
    overflows, or the scaled sp did, its rounding no longer matters."""
    if not (np.isfinite(x.min()) and np.isfinite(x.max())):
        x[~np.isfinite(x)] = 0.0
