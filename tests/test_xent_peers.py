"""Cross-checks against SciPy, scikit-learn and PyTorch on ordinary inputs.

On inputs where no peer clips or loses digits, every library computes the same quantity, so
results must agree to near machine precision.
"""

from __future__ import annotations

import math

import numpy as np
import numpy.typing as npt
import pytest
import scipy.special as sc
import scipy.stats as st
import sklearn.metrics as skm
import torch
import torch.nn.functional as F

import xent_ref as xr

REL = 1e-12
rng = np.random.default_rng(2024)
P = rng.dirichlet(np.ones(7), size=5)
Q = rng.dirichlet(np.ones(7), size=5)
Z = rng.normal(scale=2.0, size=(5, 7))
LABELS = rng.integers(0, 7, size=5)
ONEHOT = np.eye(7)[LABELS]
Y01 = rng.integers(0, 2, size=20).astype(float)
PROB = rng.uniform(0.05, 0.95, size=20)
LOGIT = rng.normal(scale=3.0, size=20)


def close(a: npt.ArrayLike, b: npt.ArrayLike, rel: float = REL) -> bool:
    return np.allclose(np.asarray(a, dtype=float), np.asarray(b, dtype=float), rtol=rel, atol=0)


def t(a: npt.ArrayLike) -> torch.Tensor:
    return torch.from_numpy(np.asarray(a, dtype=np.float64))


def test_against_scipy_information() -> None:
    assert close(xr.entropy(P), st.entropy(P, axis=-1))
    assert close(xr.entropy(P, base=2), st.entropy(P, base=2, axis=-1))
    assert close(xr.entropy(P), sc.entr(P).sum(axis=-1))
    assert close(xr.cross_entropy(P, Q), -sc.xlogy(P, Q).sum(axis=-1))
    assert close(xr.kl_divergence(P, Q), st.entropy(P, Q, axis=-1))
    assert close(xr.kl_divergence(P, Q), sc.rel_entr(P, Q).sum(axis=-1))
    assert close(xr.kl_divergence(P, Q), sc.kl_div(P, Q).sum(axis=-1))
    assert close(xr.surprisal(P), -np.log(P))


def test_against_scipy_softmax() -> None:
    assert close(xr.logsumexp(Z), sc.logsumexp(Z, axis=-1))
    assert close(xr.logsumexp(Z, axis=0), sc.logsumexp(Z, axis=0))
    assert close(xr.softmax(Z), sc.softmax(Z, axis=-1))
    assert close(xr.log_softmax(Z), sc.log_softmax(Z, axis=-1))


def test_against_scipy_gaussian() -> None:
    y, mu, s = rng.normal(size=10), rng.normal(size=10), rng.uniform(0.5, 2, size=10)
    assert close(xr.gaussian_nll(y, mu, s, reduction="none"), -st.norm.logpdf(y, mu, s))
    assert close(xr.gaussian_entropy(s), st.norm.entropy(scale=s))


def test_against_scikit_learn() -> None:
    assert close(xr.binary_cross_entropy(Y01, PROB), skm.log_loss(Y01, PROB))
    probs = xr.softmax(Z)
    assert close(
        xr.sparse_categorical_cross_entropy(LABELS, probs),
        skm.log_loss(LABELS, probs, labels=np.arange(7)),
    )
    assert close(xr.categorical_cross_entropy(ONEHOT, probs), skm.log_loss(ONEHOT, probs))
    y, yhat = rng.normal(size=30), rng.normal(size=30)
    assert close(xr.mean_squared_error(y, yhat), skm.mean_squared_error(y, yhat))


def test_against_torch_losses() -> None:
    assert close(
        xr.binary_cross_entropy(Y01, PROB, reduction="none"),
        F.binary_cross_entropy(t(PROB), t(Y01), reduction="none"),
    )
    soft = rng.uniform(size=20)
    assert close(
        xr.binary_cross_entropy(soft, LOGIT, from_logits=True),
        F.binary_cross_entropy_with_logits(t(LOGIT), t(soft)),
    )
    assert close(
        xr.sparse_categorical_cross_entropy(LABELS, Z, from_logits=True, reduction="none"),
        F.cross_entropy(t(Z), torch.from_numpy(LABELS), reduction="none"),
    )
    assert close(
        xr.categorical_cross_entropy(P, Z, from_logits=True, reduction="sum"),
        F.cross_entropy(t(Z), t(P), reduction="sum"),
    )
    assert close(
        xr.sparse_categorical_cross_entropy(LABELS, xr.softmax(Z)),
        F.nll_loss(torch.log(t(xr.softmax(Z))), torch.from_numpy(LABELS)),
    )


@pytest.mark.parametrize("e", [0.0, 0.1, 0.5, 1.0])
def test_label_smoothing_matches_torch(e: float) -> None:
    ours = xr.categorical_cross_entropy(ONEHOT, Z, from_logits=True, label_smoothing=e)
    theirs = F.cross_entropy(t(Z), torch.from_numpy(LABELS), label_smoothing=e)
    assert close(ours, theirs)
    soft = xr.categorical_cross_entropy(P, Z, from_logits=True, label_smoothing=e)
    assert close(soft, F.cross_entropy(t(Z), t(P), label_smoothing=e))


def test_against_torch_information_and_softmax() -> None:
    assert close(xr.kl_divergence(P, Q), F.kl_div(torch.log(t(Q)), t(P), reduction="none").sum(-1))
    assert close(xr.logsumexp(Z), torch.logsumexp(t(Z), -1))
    assert close(xr.log_softmax(Z), torch.log_softmax(t(Z), -1))
    assert close(xr.softmax(Z, axis=0), torch.softmax(t(Z), 0))


def test_against_torch_gaussian() -> None:
    y, mu, s = rng.normal(size=10), rng.normal(size=10), rng.uniform(0.5, 2, size=10)
    # PyTorch drops 0.5 log(2 pi) unless full=True, and takes the variance.
    assert close(xr.gaussian_nll(y, mu, s), F.gaussian_nll_loss(t(mu), t(y), t(s * s), full=True))
    assert close(
        xr.gaussian_nll(y, mu, s) - 0.5 * math.log(2 * math.pi),
        F.gaussian_nll_loss(t(mu), t(y), t(s * s)),
    )
    assert close(xr.mean_squared_error(y, mu), F.mse_loss(t(mu), t(y)))
    normal = torch.distributions.Normal
    m2, s2 = rng.normal(size=10), rng.uniform(0.5, 2, size=10)
    assert close(
        xr.gaussian_kl_divergence(mu, s, m2, s2),
        torch.distributions.kl_divergence(normal(t(mu), t(s)), normal(t(m2), t(s2))),
    )
    assert close(xr.gaussian_entropy(s), normal(t(mu), t(s)).entropy())
    ce = xr.gaussian_cross_entropy(mu, s, m2, s2)
    assert close(ce, xr.gaussian_entropy(s) + xr.gaussian_kl_divergence(mu, s, m2, s2))


def test_where_peers_clip_we_do_not() -> None:
    # PyTorch clamps log at -100, so a confident wrong prediction costs 100, not inf.
    assert F.binary_cross_entropy(t([0.0]), t([1.0])).item() == 100.0
    assert xr.binary_cross_entropy([1.0], [0.0]) == math.inf
    # scikit-learn clips probabilities to [eps, 1 - eps].
    wrong = [[1.0, 0.0], [0.0, 1.0]]  # all the probability on the other class
    assert math.isfinite(skm.log_loss([1, 0], wrong, labels=[0, 1]))
    assert xr.sparse_categorical_cross_entropy([1, 0], wrong) == math.inf
