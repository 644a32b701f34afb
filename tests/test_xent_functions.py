"""Unit tests: each public function on the sources' worked examples and on its conventions."""

from __future__ import annotations

import importlib
import inspect
import itertools
import math
import pkgutil
import re

import numpy as np
import pytest

import xent_ref as xr
from scripts.site import ROOT
from xent_ref._validation import Reduction

P = [0.10, 0.40, 0.50]
Q = [0.80, 0.15, 0.05]
Y10 = [1, 1, 1, 1, 1, 0, 0, 0, 0, 0]
YHAT10 = [0.8, 0.9, 0.9, 0.6, 0.8, 0.1, 0.4, 0.2, 0.1, 0.3]


def test_public_api() -> None:
    """Each export is a documented function on an API page; each documented function is exported."""
    assert re.fullmatch(r"\d+\.\d+\.\d+", xr.__version__)
    functions = [name for name in xr.__all__ if name != "__version__"]
    assert len(set(xr.__all__)) == len(xr.__all__), "a name is exported twice"
    for name in functions:
        func = getattr(xr, name)
        assert inspect.isfunction(func), f"{name} is not a function"
        assert func.__module__.startswith("xent_ref._"), f"{name} is not defined in xent_ref"
        sections = numpydoc_sections(inspect.getdoc(func) or "")
        for section in ("Parameters", "Returns", "Examples"):
            assert sections.get(section, "").strip(), f"{name} has no {section} section"
        assert ">>> " in sections["Examples"], f"{name} has no runnable example"
        headers = re.findall(r"^(\w+(?:, \w+)*) :", sections["Parameters"], re.M)
        documented = {param for header in headers for param in header.split(", ")}
        assert documented == set(inspect.signature(func).parameters), name
    # The API pages: each function is rendered exactly once, and only exported names are; a
    # page may also render a private module's notes (its docstring, without members).
    entries = [
        line.removeprefix("::: xent_ref.")
        for page in sorted((ROOT / "docs" / "api").glob("*.md"))
        for line in page.read_text(encoding="utf-8").splitlines()
        if line.startswith("::: ")
    ]
    notes = [e for e in entries if e.startswith("_")]
    for note in notes:
        assert inspect.ismodule(getattr(xr, note, None)), f"{note} is not a module of xent_ref"
        assert (inspect.getdoc(getattr(xr, note)) or "").strip(), f"{note} has no notes"
    assert sorted(e for e in entries if e not in notes) == sorted(functions)
    # A function written for readers (a numpydoc Examples section) in any module is exported.
    for info in pkgutil.iter_modules(xr.__path__):
        module = importlib.import_module(f"xent_ref.{info.name}")
        for name, obj in vars(module).items():
            if not inspect.isfunction(obj) or obj.__module__ != module.__name__:
                continue
            if "Examples" in numpydoc_sections(inspect.getdoc(obj) or ""):
                assert name in functions, f"{module.__name__}.{name} is documented, not exported"


def numpydoc_sections(doc: str) -> dict[str, str]:
    """The sections of a numpydoc docstring, by heading (a line underlined with dashes)."""
    parts = re.split(r"^(\w[\w ]*)\n-+$", doc, flags=re.M)
    return dict(zip(parts[1::2], parts[2::2], strict=True))


# --- worked example 1 ---------------------------------------------------------------------


def test_worked_example_in_bits() -> None:
    assert f"{xr.cross_entropy(P, Q, base=2):.3f}" == "3.288"
    assert f"{xr.cross_entropy(Q, P, base=2):.3f}" == "2.906"
    assert f"{xr.entropy(P, base=2):.3f}" == "1.361"
    assert f"{xr.cross_entropy(P, P, base=2):.3f}" == "1.361"
    assert f"{xr.entropy(Q, base=2):.3f}" == "0.884"
    assert f"{xr.kl_divergence(P, Q, base=2):.3f}" == "1.927"


def test_worked_example_identity_and_units() -> None:
    h, kl, ce = xr.entropy(P), xr.kl_divergence(P, Q), xr.cross_entropy(P, Q)
    assert ce == pytest.approx(h + kl, rel=1e-15)
    assert xr.cross_entropy(P, Q, base=2) == pytest.approx(ce / math.log(2), rel=1e-15)
    assert xr.entropy(P, base=10) == pytest.approx(h / math.log(10), rel=1e-15)


# --- worked example 2 ---------------------------------------------------------------------


def test_binary_worked_example() -> None:
    per_example = np.asarray(xr.binary_cross_entropy(Y10, YHAT10, reduction="none"))
    expected = "0.223 0.105 0.105 0.511 0.223 0.105 0.511 0.223 0.105 0.357".split()
    assert [f"{x:.3f}" for x in per_example] == expected
    assert f"{xr.binary_cross_entropy(Y10, YHAT10):.3f}" == "0.247"
    assert xr.binary_cross_entropy(Y10, YHAT10, reduction="sum") == pytest.approx(
        per_example.sum(), rel=1e-15
    )


# --- return types -------------------------------------------------------------------------


def test_results_are_float64() -> None:
    assert type(xr.entropy(P)) is np.float64
    assert type(xr.cross_entropy(P, Q)) is np.float64
    assert type(xr.kl_divergence(P, Q)) is np.float64
    assert type(xr.logsumexp([1, 2, 3])) is np.float64
    assert type(xr.binary_cross_entropy(Y10, YHAT10)) is np.float64
    assert type(xr.categorical_cross_entropy([P], [Q])) is np.float64
    assert type(xr.sparse_categorical_cross_entropy([1], [Q])) is np.float64
    assert type(xr.gaussian_nll([1.0], [0.0])) is np.float64
    assert type(xr.mean_squared_error([1.0], [0.0])) is np.float64
    batch = xr.entropy(np.array([P, Q], dtype=np.float32))
    assert batch.dtype == np.float64 and batch.shape == (2,)
    none = xr.binary_cross_entropy(Y10, YHAT10, reduction="none")
    assert isinstance(none, np.ndarray) and none.dtype == np.float64 and none.shape == (10,)


def test_integer_and_tuple_inputs() -> None:
    assert xr.entropy((0, 1, 0)) == 0.0
    assert xr.cross_entropy(np.array([1, 0], dtype=np.int8), [0.5, 0.5]) == math.log(2)
    assert xr.softmax(np.array([0, 0], dtype=np.int64)).tolist() == [0.5, 0.5]


# --- surprisal and entropy ----------------------------------------------------------------


def test_surprisal() -> None:
    s = np.asarray(xr.surprisal([1.0, 0.5, 0.25, 0.0], base=2))
    assert s.tolist() == [0.0, 1.0, 2.0, math.inf]
    assert not np.signbit(s[0])  # +0, not -0
    assert xr.surprisal(0.5) == math.log(2)
    assert xr.surprisal([[0.5]]).shape == (1, 1)


def test_entropy_conventions() -> None:
    onehots = np.eye(3)
    h = xr.entropy(onehots)
    assert h.tolist() == [0.0, 0.0, 0.0]
    assert not np.signbit(h).any()
    assert xr.entropy([0.5, 0.5], base=2) == 1.0
    assert xr.entropy([0.25] * 4, base=2) == 2.0


def test_entropy_axis() -> None:
    pq = np.array([P, Q])
    assert np.array_equal(xr.entropy(pq.T, axis=0), xr.entropy(pq))
    assert np.asarray(xr.entropy(pq, axis=-1))[1] == xr.entropy(Q)
    cube = np.full((2, 3, 4), 0.25)
    assert xr.entropy(cube, axis=2).shape == (2, 3)


# --- cross-entropy and KL -----------------------------------------------------------------


def test_cross_entropy_zeros() -> None:
    # p = 0 contributes nothing, even where q = 0; p > 0 where q = 0 is infinite.
    assert xr.cross_entropy([0.0, 1.0], [0.0, 1.0]) == 0.0
    assert xr.cross_entropy([0.5, 0.5, 0.0], [0.5, 0.5, 0.0]) == math.log(2)
    assert xr.cross_entropy([0.5, 0.5], [1.0, 0.0]) == math.inf
    batch = xr.cross_entropy([[0.0, 1.0], [0.5, 0.5]], [[1.0, 0.0], [0.5, 0.5]])
    assert batch.tolist() == [math.inf, math.log(2)]


def test_cross_entropy_is_not_symmetric() -> None:
    assert xr.cross_entropy(P, Q) != xr.cross_entropy(Q, P)


def test_intuition_series_rises_to_infinity() -> None:
    # Target [0, 1]; predictions [1 - p, p] for p = 1.0, 0.9, ..., 0.0.
    ps = np.round(np.linspace(1.0, 0.0, 11), 10)
    ce = [xr.cross_entropy([0.0, 1.0], [1 - p, p]) for p in ps]
    assert ce[0] == 0.0
    assert all(a < b for a, b in itertools.pairwise(ce))
    assert ce[-1] == math.inf
    assert np.all(np.diff(ce[:-1], 2) > 0)  # super-linear


def test_kl_divergence_basics() -> None:
    rng = np.random.default_rng(0)
    p = rng.dirichlet(np.ones(50), size=4)
    assert np.all(xr.kl_divergence(p, p) == 0.0)
    assert xr.kl_divergence([0.5, 0.5], [1.0, 0.0]) == math.inf
    assert xr.kl_divergence([0.0, 1.0], [0.0, 1.0]) == 0.0
    assert xr.kl_divergence([1.0, 0.0], [0.5, 0.5]) == pytest.approx(math.log(2), rel=1e-15)
    assert np.all(xr.kl_divergence(p, p[::-1]) > 0)


def test_kl_divergence_axis_and_base() -> None:
    pq = np.array([P, Q])
    kl = xr.kl_divergence(pq.T, pq[::-1].T, axis=0, base=2)
    assert kl.shape == (2,)
    assert kl[0] == pytest.approx(xr.kl_divergence(P, Q, base=2), rel=1e-15)


# --- log-sum-exp and softmax --------------------------------------------------------------


def test_logsumexp() -> None:
    assert xr.logsumexp([0.0, 0.0]) == math.log(2)
    assert xr.logsumexp([-np.inf, 3.0]) == 3.0
    assert xr.logsumexp([1e4, 1e4 - 1000]) == 1e4
    assert xr.logsumexp([[0.0, 0.0], [1.0, -np.inf]]).tolist() == [math.log(2), 1.0]
    assert xr.logsumexp(np.zeros((2, 3)), axis=0).tolist() == [math.log(2)] * 3


def test_softmax_and_log_softmax() -> None:
    z = np.array([[1.0, 2.0, 3.0], [1e4, 0.0, -np.inf]])
    s = xr.softmax(z)
    assert s.shape == z.shape
    assert np.allclose(s.sum(axis=-1), 1.0, rtol=0, atol=1e-15)
    assert s[1].tolist() == [1.0, 0.0, 0.0]
    ls = xr.log_softmax(z)
    assert ls[1].tolist() == [0.0, -1e4, -np.inf]
    assert np.allclose(np.exp(ls[0]), s[0], rtol=1e-15)
    assert np.allclose(xr.softmax(z + 100.0)[0], s[0], rtol=1e-14)  # shift invariance
    assert np.array_equal(xr.softmax(z.T, axis=0), s.T)


# --- binary cross-entropy -----------------------------------------------------------------


def test_binary_exact_labels() -> None:
    assert xr.binary_cross_entropy([1.0, 0.0], [1.0, 0.0]) == 0.0
    assert xr.binary_cross_entropy([1.0], [0.0]) == math.inf
    assert xr.binary_cross_entropy([0.0], [1.0]) == math.inf
    loss = xr.binary_cross_entropy([1.0, 0.0, 1.0], [1.0, 0.0, 0.5], reduction="none")
    assert loss.tolist() == [0.0, 0.0, math.log(2)]
    assert not np.signbit(loss).any()


def test_binary_soft_labels_and_base() -> None:
    y, p = 0.3, 0.6
    expected = -(y * math.log(p) + (1 - y) * math.log(1 - p))
    assert xr.binary_cross_entropy([y], [p]) == pytest.approx(expected, rel=1e-15)
    assert xr.binary_cross_entropy([y], [p], base=2) == pytest.approx(
        expected / math.log(2), rel=1e-15
    )
    assert xr.binary_cross_entropy([0.5], [0.5], base=2) == 1.0


def test_binary_from_logits() -> None:
    z = np.array([-3.0, 0.0, 2.0])
    y = np.array([0.0, 1.0, 1.0])
    p = 1 / (1 + np.exp(-z))
    assert xr.binary_cross_entropy(y, z, from_logits=True) == pytest.approx(
        xr.binary_cross_entropy(y, p), rel=1e-14
    )
    # A logit of -inf is probability 0: free for label 0, infinite for label 1.
    loss = xr.binary_cross_entropy(
        [0.0, 1.0], [-np.inf, -np.inf], from_logits=True, reduction="none"
    )
    assert loss.tolist() == [0.0, math.inf]
    assert xr.binary_cross_entropy([0.5], [0.0], from_logits=True) == math.log(2)


def test_binary_shapes() -> None:
    y = np.zeros((2, 3))
    assert xr.binary_cross_entropy(y, y + 0.5, reduction="none").shape == (2, 3)
    assert xr.binary_cross_entropy(1.0, 0.5) == math.log(2)


# --- categorical and sparse ---------------------------------------------------------------


def test_categorical_matches_cross_entropy_mean() -> None:
    y = np.array([P, Q, [0, 1, 0]])
    q = np.array([Q, P, [0.2, 0.7, 0.1]])
    assert xr.categorical_cross_entropy(y, q) == pytest.approx(
        xr.cross_entropy(y, q).mean(), rel=1e-15
    )
    assert xr.categorical_cross_entropy(y, q, reduction="none").tolist() == (
        xr.cross_entropy(y, q).tolist()
    )
    assert xr.categorical_cross_entropy(y, q, reduction="sum") == pytest.approx(
        xr.cross_entropy(y, q).sum(), rel=1e-15
    )


def test_categorical_axis() -> None:
    y = np.array([[1.0, 0.0], [0.0, 1.0]])
    q = np.array([[0.7, 0.2], [0.3, 0.8]])  # columns are the distributions
    loss = xr.categorical_cross_entropy(y, q, axis=0, reduction="none")
    assert loss == pytest.approx([-math.log(0.7), -math.log(0.8)], rel=1e-15)


def test_label_smoothing() -> None:
    e, k = 0.1, 3
    y = np.array([[0.0, 1.0, 0.0]])
    q = np.array([[0.2, 0.7, 0.1]])
    target = (1 - e) * y + e / k
    assert xr.categorical_cross_entropy(y, q, label_smoothing=e) == pytest.approx(
        np.asarray(xr.cross_entropy(target, q))[0], rel=1e-15
    )
    z = np.log(q)
    assert xr.categorical_cross_entropy(y, z, from_logits=True, label_smoothing=e) == (
        pytest.approx(np.asarray(xr.cross_entropy(target, q))[0], rel=1e-14)
    )
    # Smoothing a target whose predicted probability is 0 makes the loss infinite.
    assert xr.categorical_cross_entropy(y, [[0.0, 1.0, 0.0]], label_smoothing=e) == math.inf
    assert xr.categorical_cross_entropy(y, [[0.0, 1.0, 0.0]]) == 0.0


def test_categorical_minus_inf_logits() -> None:
    assert xr.categorical_cross_entropy([1.0, 0.0], [0.0, -np.inf], from_logits=True) == 0.0
    assert xr.categorical_cross_entropy([0.5, 0.5], [0.0, -np.inf], from_logits=True) == math.inf


def test_sparse() -> None:
    q = np.array([[0.7, 0.2, 0.1], [0.1, 0.8, 0.1]])
    assert xr.sparse_categorical_cross_entropy([0, 1], q, reduction="none").tolist() == [
        -math.log(0.7),
        -math.log(0.8),
    ]
    assert xr.sparse_categorical_cross_entropy(np.array([0.0, 1.0]), q) == pytest.approx(
        -(math.log(0.7) + math.log(0.8)) / 2, rel=1e-15
    )
    assert xr.sparse_categorical_cross_entropy([2], [[0.5, 0.5, 0.0]]) == math.inf
    assert xr.sparse_categorical_cross_entropy([0], [[1.0, 0.0]]) == 0.0
    z = np.log(q)
    assert xr.sparse_categorical_cross_entropy([0, 1], z, from_logits=True) == pytest.approx(
        xr.sparse_categorical_cross_entropy([0, 1], q), rel=1e-14
    )
    assert xr.sparse_categorical_cross_entropy([1], [[0.0, -np.inf]], from_logits=True) == math.inf


def test_sparse_batch_shapes() -> None:
    z = np.zeros((2, 4, 3))
    labels = np.zeros((2, 4), dtype=int)
    loss = xr.sparse_categorical_cross_entropy(labels, z, from_logits=True, reduction="none")
    assert loss.shape == (2, 4)
    assert np.all(loss == math.log(3))


# --- Gaussian -----------------------------------------------------------------------------


def test_gaussian_nll() -> None:
    y, mu, s = np.array([0.5, -1.0]), np.array([0.0, 1.0]), np.array([2.0, 0.5])
    expected = 0.5 * np.log(2 * np.pi * s**2) + (y - mu) ** 2 / (2 * s**2)
    assert np.allclose(xr.gaussian_nll(y, mu, s, reduction="none"), expected, rtol=1e-15)
    assert xr.gaussian_nll(y, mu, s) == pytest.approx(expected.mean(), rel=1e-15)
    assert xr.gaussian_nll(y, mu, 2.0, reduction="sum") == pytest.approx(
        (0.5 * np.log(2 * np.pi * 4.0) + (y - mu) ** 2 / 8.0).sum(), rel=1e-15
    )
    assert xr.gaussian_nll(0.0, 0.0, 0.01) < 0  # a density can exceed 1


def test_mean_squared_error() -> None:
    assert xr.mean_squared_error([1.0, 2.0, 4.0], [1.5, 2.0, 3.0]) == pytest.approx(1.25 / 3)
    assert xr.mean_squared_error([[1, 2]], [[1, 2]]) == 0.0


def test_gaussian_closed_forms() -> None:
    h = np.asarray(xr.gaussian_entropy([1.0, 2.0]))
    assert h[0] == pytest.approx(0.5 * math.log(2 * math.pi * math.e), rel=1e-15)
    assert h[1] - h[0] == pytest.approx(math.log(2), rel=1e-14)
    assert xr.gaussian_entropy(1 / math.sqrt(2 * math.pi * math.e)) == pytest.approx(0, abs=1e-15)
    ce = xr.gaussian_cross_entropy(0.0, 1.0, 1.0, 2.0)
    kl = xr.gaussian_kl_divergence(0.0, 1.0, 1.0, 2.0)
    assert kl == pytest.approx(math.log(2) + (1 + 1) / 8 - 0.5, rel=1e-15)
    assert ce == pytest.approx(xr.gaussian_entropy(1.0) + kl, rel=1e-15)
    assert xr.gaussian_kl_divergence(3.0, 2.0, 3.0, 2.0) == 0.0
    arr = xr.gaussian_kl_divergence([0.0, 1.0], [1.0, 1.0], 0.0, [1.0, 2.0])
    assert arr.shape == (2,) and arr[0] == 0.0
    assert xr.gaussian_kl_divergence(0.0, 1.0, 0.0, 1.0, base=2) == 0.0
    assert xr.gaussian_entropy(2.0, base=2) - xr.gaussian_entropy(1.0, base=2) == pytest.approx(1)


def test_gaussian_kl_mixes_extreme_and_close_stds_in_one_call() -> None:
    # One block holding both a ratio inside the series interval and ratios whose w is -1 or
    # inf once warned from inside the series' correction (pytest makes a RuntimeWarning an
    # error); each entry must equal the same entry computed alone.
    sp = np.array([1e-300, 5e-324, 1e300, 0.7])
    sq = np.array([1e300, 1.0, 1e-300, 0.70001])
    together = np.asarray(xr.gaussian_kl_divergence(0.0, sp, 0.0, sq))
    alone = [xr.gaussian_kl_divergence(0.0, a, 0.0, b) for a, b in zip(sp, sq, strict=True)]
    assert together.tolist() == [float(x) for x in alone]
    assert together[2] == np.inf and 0 < together[3] < 1e-9


@pytest.mark.parametrize("from_logits", [False, True])
@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
def test_binary_accepts_numpy_scalars(from_logits: bool, reduction: Reduction) -> None:
    # 0-d inputs (numpy scalars, Python numbers) once tripped an in-place ufunc with out=.
    y_pred = np.float64(0.0 if from_logits else 0.5)
    for y_true in (0, np.int64(0), 1.0, np.float32(1.0)):
        got = xr.binary_cross_entropy(y_true, y_pred, from_logits=from_logits, reduction=reduction)
        assert float(got) == pytest.approx(math.log(2), rel=1e-15)
        assert np.asarray(got).dtype == np.float64
    exact_opposite = xr.binary_cross_entropy(0, np.float64(1.0))
    assert exact_opposite == math.inf
