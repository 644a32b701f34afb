"""Normal distributions: the Gaussian negative log-likelihood, MSE, and closed-form divergences."""

from __future__ import annotations

import math
from functools import partial

import numpy as np
import numpy.typing as npt

from ._special import V_MAX, Workspace, atanh_tail, blockwise, blockwise_sum
from ._validation import (
    FloatArray,
    Result,
    as_float_array,
    check_finite,
    check_nonempty,
    check_positive,
    check_reduction,
    check_same_shape,
    log_of_base,
)

# 0.5 * ln(2 pi) and 0.5 * ln(2 pi e), correctly rounded.
_HALF_LOG_2PI = 0.9189385332046727
_HALF_LOG_2PIE = 1.4189385332046727
_SMALLEST_NORMAL = float(np.finfo(np.float64).tiny)


def _in_base(x: Result, log_base: float | None) -> Result:
    return x if log_base is None else x / log_base


def _parameters(**named: npt.ArrayLike) -> list[FloatArray]:
    """Validate Gaussian parameters: means finite, standard deviations positive.

    Scalars combine with arrays; arrays must all have one shape, so that (3,) never broadcasts
    against (3, 1).
    """
    arrays: list[FloatArray] = []
    shaped: tuple[str, FloatArray] | None = None
    for name, value in named.items():
        a = check_positive(value, name) if name.startswith("std") else check_finite(value, name)
        if a.ndim:
            if shaped is None:
                shaped = (name, a)
            else:
                check_same_shape(shaped[1], a, shaped[0], name)
        arrays.append(a)
    return arrays


def gaussian_nll(
    y: npt.ArrayLike,
    mean: npt.ArrayLike,
    std: npt.ArrayLike = 1.0,
    reduction: str = "mean",
) -> Result:
    r"""Gaussian negative log-likelihood
    :math:`\tfrac12 \log(2 \pi \sigma^2) + (y - \mu)^2 / (2 \sigma^2)`, in nats.

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
    maximum likelihood under Gaussian noise. It is a density, so the loss may be negative when
    :math:`\sigma` is small.

    References
    ----------
    .. [1] I. Goodfellow, Y. Bengio and A. Courville, *Deep Learning*, MIT Press, 2016, p. 132.

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
    """
    reduction = check_reduction(reduction)
    a = check_finite(y, "y")
    mu = check_finite(mean, "mean")
    check_same_shape(a, mu, "y", "mean")
    sigma = check_positive(std, "std")
    if sigma.ndim:
        check_same_shape(a, sigma, "y", "std")
    if reduction == "mean":
        check_nonempty(a, "y")
    if sigma.ndim:
        arrays, kernel = [a, mu, sigma], _nll_terms
    else:
        s = float(sigma)
        arrays = [a, mu]
        kernel = partial(_nll_terms_one_std, std=s, const=_HALF_LOG_2PI + math.log(s))
    # A loss beyond the largest float is inf, its correctly rounded value.
    with np.errstate(over="ignore"):
        if reduction == "none":
            loss: Result = blockwise(kernel, *arrays, n_floats=1)
            return loss
        loss = blockwise_sum(kernel, *arrays, n_floats=1)
    return loss / a.size if reduction == "mean" else loss


def _nll_terms_one_std(
    y: FloatArray, mu: FloatArray, out: FloatArray, work: Workspace, std: float, const: float
) -> None:
    np.subtract(y, mu, out=out)
    if std != 1.0:
        out /= std
    out *= out
    out *= 0.5
    out += const


def _nll_terms(
    y: FloatArray, mu: FloatArray, std: FloatArray, out: FloatArray, work: Workspace
) -> None:
    (log_std,) = work.floats
    np.subtract(y, mu, out=out)
    out /= std
    out *= out
    out *= 0.5
    np.log(std, out=log_std)
    log_std += _HALF_LOG_2PI
    out += log_std


def mean_squared_error(y_true: npt.ArrayLike, y_pred: npt.ArrayLike) -> np.float64:
    r"""Mean squared error :math:`\frac1n \sum_i (y_i - \hat y_i)^2`.

    Parameters
    ----------
    y_true : array_like
        Observed values (finite).
    y_pred : array_like
        Predictions, with the same shape as `y_true`.

    Returns
    -------
    numpy.float64
        The mean over all elements.

    See Also
    --------
    gaussian_nll : the negative log-likelihood this is a rescaled, shifted form of.

    Notes
    -----
    For a Gaussian model with unit variance, the negative log-likelihood per example is
    :math:`\tfrac12 (y - \hat y)^2 + \tfrac12 \log(2\pi)`, so the MSE is twice the Gaussian
    cross-entropy minus :math:`\log(2\pi)`, and the two have the same minimiser.

    References
    ----------
    .. [1] I. Goodfellow, Y. Bengio and A. Courville, *Deep Learning*, MIT Press, 2016, p. 132.

    Examples
    --------
    >>> from xent_ref import mean_squared_error
    >>> print(mean_squared_error([1.0, 2.0, 4.0], [1.5, 2.0, 3.0]))
    0.4166666666666667
    """
    a = as_float_array(y_true, "y_true")
    b = as_float_array(y_pred, "y_pred")
    check_same_shape(a, b, "y_true", "y_pred")
    check_nonempty(a, "y_true")
    # A square beyond the largest float is inf, its correctly rounded value. NaN and infinite
    # inputs make the sum NaN or inf too, and only then are the inputs checked one by one,
    # which saves two passes over each array in the common case.
    with np.errstate(over="ignore", invalid="ignore"):
        total = blockwise_sum(_squared_difference, a, b)
    if not np.isfinite(total):
        check_finite(a, "y_true")
        check_finite(b, "y_pred")
    return np.float64(total / a.size)


def _squared_difference(a: FloatArray, b: FloatArray, out: FloatArray, work: Workspace) -> None:
    np.subtract(a, b, out=out)
    out *= out


def gaussian_entropy(std: npt.ArrayLike, base: float | None = None) -> Result:
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
    one bit.

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
    (sigma,) = _parameters(std=std)
    log_base = log_of_base(base)
    h = _HALF_LOG_2PIE + np.log(sigma)
    return _in_base(h, log_base)


def gaussian_cross_entropy(
    mean_p: npt.ArrayLike,
    std_p: npt.ArrayLike,
    mean_q: npt.ArrayLike,
    std_q: npt.ArrayLike,
    base: float | None = None,
) -> Result:
    r"""Cross-entropy between normal distributions, :math:`H(P, Q)` in closed form.

    Parameters
    ----------
    mean_p, std_p : array_like
        Mean and standard deviation (> 0) of P, the true distribution.
    mean_q, std_q : array_like
        Mean and standard deviation (> 0) of Q, the model.
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

    the expected Gaussian negative log-likelihood of data drawn from P.

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
    mp, sp, mq, sq = _parameters(mean_p=mean_p, std_p=std_p, mean_q=mean_q, std_q=std_q)
    log_base = log_of_base(base)
    # A cross-entropy beyond the largest float is inf, its correctly rounded value.
    with np.errstate(over="ignore"):
        h: Result = blockwise(
            _gaussian_cross_entropy_terms, *np.broadcast_arrays(mp, sp, mq, sq), n_floats=1
        )
    if h.ndim == 0:
        h = np.float64(h)
    return _in_base(h, log_base)


def _gaussian_cross_entropy_terms(
    mp: FloatArray, sp: FloatArray, mq: FloatArray, sq: FloatArray, out: FloatArray, work: Workspace
) -> None:
    """out = log(2 pi sq^2) / 2 + ((sp / sq)^2 + ((mp - mq) / sq)^2) / 2."""
    (w,) = work.floats
    np.divide(sp, sq, out=out)
    out *= out
    np.subtract(mp, mq, out=w)
    w /= sq
    w *= w
    out += w
    out *= 0.5
    np.log(sq, out=w)
    w += _HALF_LOG_2PI
    out += w


def gaussian_kl_divergence(
    mean_p: npt.ArrayLike,
    std_p: npt.ArrayLike,
    mean_q: npt.ArrayLike,
    std_q: npt.ArrayLike,
    base: float | None = None,
) -> Result:
    r"""KL divergence between normal distributions, :math:`\mathrm{KL}(P \,\|\, Q)` in closed form.

    Parameters
    ----------
    mean_p, std_p : array_like
        Mean and standard deviation (> 0) of P, the true distribution.
    mean_q, std_q : array_like
        Mean and standard deviation (> 0) of Q, the model.
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

    with :math:`w = \sigma_p^2 / \sigma_q^2 - 1`. Both terms are non-negative. The first is
    computed without cancellation (a series in :math:`w / (2 + w)` for w in [-2/3, 2], with
    :math:`w = (\sigma_p - \sigma_q)(\sigma_p + \sigma_q) / \sigma_q^2`), so nearly equal
    distributions keep their tiny divergence and equal ones give exactly 0.

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
    params = _parameters(mean_p=mean_p, std_p=std_p, mean_q=mean_q, std_q=std_q)
    log_base = log_of_base(base)
    full = np.broadcast_arrays(*params)
    # A divergence beyond the largest float is inf, its correctly rounded value.
    with np.errstate(over="ignore"):
        kl: Result = blockwise(_gaussian_kl_terms, *full, n_floats=5, n_masks=1)
    if kl.ndim == 0:
        kl = np.float64(kl)
    return _in_base(kl, log_base)


def _gaussian_kl_terms(
    mp: FloatArray, sp: FloatArray, mq: FloatArray, sq: FloatArray, out: FloatArray, work: Workspace
) -> None:
    """out = (w - log1p(w)) / 2 + ((mp - mq) / sq)^2 / 2 with w = sp^2 / sq^2 - 1."""
    w, lr, u, v, series = work.floats
    (close,) = work.masks
    # w = (sp - sq)(sp + sq) / sq^2, divided in two steps so that sq^2 cannot underflow; sp - sq
    # is exact wherever the series is used.
    np.subtract(sp, sq, out=w)
    w /= sq
    np.add(sp, sq, out=lr)
    lr /= sq
    w *= lr
    # Outside the series interval w - log1p(w) cancels at most a factor of about 2.5; log1p(w)
    # is taken as 2 log(sp / sq) so that a tiny sp is not lost in 1 + w.
    with np.errstate(under="ignore"):
        np.divide(sp, sq, out=lr)
    if not (lr.min() >= _SMALLEST_NORMAL and lr.max() < np.inf):
        # sp / sq overflows, underflows or loses digits as a subnormal; its log does not.
        extreme = (lr < _SMALLEST_NORMAL) | (lr == np.inf)
        lr[extreme] = 1.0  # a placeholder, replaced after the log
        np.log(lr, out=lr)
        lr[extreme] = np.log(sp[extreme]) - np.log(sq[extreme])
    else:
        np.log(lr, out=lr)
    lr *= 2.0
    with np.errstate(invalid="ignore"):  # inf - inf where both overflow: the value is inf
        np.subtract(w, lr, out=out)
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
        np.putmask(out, close, series)
    np.subtract(mp, mq, out=w)
    w /= sq
    w *= w
    out += w
    out *= 0.5
