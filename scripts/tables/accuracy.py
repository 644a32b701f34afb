"""The accuracy page: relative errors against mpmath, measured while the site builds.

For each regime where the libraries differ, every library's own call is run on float64 inputs
and its result compared with the exact value of the same float64 inputs, computed with mpmath at
60 significant digits (30 for the million-category sum). Only the KL reference cancels, about
two digits for every digit the distributions share, which leaves it more than 30.
``accuracy-<regime>.md`` tabulates the errors, ``accuracy-figure.md`` draws them (an SVG embedded in
the page), ``accuracy-versions.md`` lists the versions measured. Nothing is typed by hand.
"""

from __future__ import annotations

import base64
import io
import math
import warnings
from collections.abc import Callable
from functools import cache, partial
from typing import Any

import mpmath as mp
import numpy as np

from ._frameworks_libs import LIBRARIES, modules, versions

mp.mp.dps = 60
# A million terms need far fewer digits than 60, and each costs a logarithm: 30 are ample.
MILLION_DPS = 30

# A result that is exact to the last bit has relative error 0; the figure draws it at this floor.
FLOOR = 1e-17


def _f(x: float) -> mp.mpf:
    return mp.mpf(float(x))


def relative_error(got: Any, exact: mp.mpf) -> float:
    """|got - exact| / |exact|, or 0 for the correctly rounded float64; NaN or inf counts as inf.

    Near the bottom of the subnormal range even the correctly rounded result is far from the
    exact value in relative terms (at z = -745 the loss is about 0.57 of the smallest
    subnormal); no float64 can do better, so that result counts as exact.
    """
    try:
        g = float(np.asarray(got, dtype=np.float64).reshape(()))
    except (TypeError, ValueError):
        return math.inf
    if not math.isfinite(g):
        return math.inf
    if g == float(exact):
        return 0.0
    return float(abs(_f(g) - exact) / abs(exact))


# Each regime: a parameter grid, the exact value for a parameter, and each library's call.
# A library with no function for the quantity maps to None.
Call = Callable[[float], Any] | None


def _confident() -> dict[str, Any]:
    """Sparse categorical cross-entropy from logits (d, 0, 0), true class 0: log1p(2 e^-d)."""
    m = modules()

    def logits(d: float) -> np.ndarray:
        return np.array([[d, 0.0, 0.0]])

    def exact(d: float) -> mp.mpf:
        return mp.log1p(2 * mp.exp(-_f(d)))

    def torch_call(d: float) -> Any:
        z = m.torch.tensor(logits(d), dtype=m.torch.float64)
        return m.F.cross_entropy(z, m.torch.tensor([0])).item()

    def keras_call(d: float) -> Any:
        loss = m.keras.losses.sparse_categorical_crossentropy(
            np.array([0]), logits(d), from_logits=True
        )
        return np.asarray(m.keras.ops.convert_to_numpy(loss))[0]

    calls: dict[str, Call] = {
        "xent_ref": lambda d: m.xent_ref.sparse_categorical_cross_entropy(
            [0], logits(d), from_logits=True
        ),
        "NumPy": lambda d: -np.log(np.exp(d) / np.sum(np.exp(logits(d)))),
        "SciPy": lambda d: -m.special.log_softmax(logits(d)[0])[0],
        "scikit-learn": lambda d: m.metrics.log_loss(
            [0], m.special.softmax(logits(d), axis=1), labels=[0, 1, 2]
        ),
        "PyTorch": torch_call,
        "Keras": keras_call,
    }
    return {
        "title": "A confident correct prediction, from logits",
        "parameter": "logit margin d (logits (d, 0, 0), true class 0)",
        "column": "d",
        "grid": [10.0, 20.0, 30.0, 40.0, 50.0, 100.0, 200.0, 400.0, 700.0],
        "exact": exact,
        "calls": calls,
        "log_x": True,
    }


def _binary() -> dict[str, Any]:
    """Binary cross-entropy from a logit z < 0 with label 0: log1p(e^z), down to e^-745."""
    m = modules()

    def exact(z: float) -> mp.mpf:
        return mp.log1p(mp.exp(_f(z)))

    def torch_call(z: float) -> Any:
        t = m.torch.tensor([z], dtype=m.torch.float64)
        return m.F.binary_cross_entropy_with_logits(t, m.torch.zeros(1, dtype=m.torch.float64))

    def keras_call(z: float) -> Any:
        loss = m.keras.losses.binary_crossentropy(
            np.array([[0.0]]), np.array([[z]]), from_logits=True
        )
        return np.asarray(m.keras.ops.convert_to_numpy(loss))[0]

    def numpy_call(z: float) -> Any:
        p = 1 / (1 + np.exp(-z))
        return -np.log(1 - p)

    calls: dict[str, Call] = {
        "xent_ref": lambda z: m.xent_ref.binary_cross_entropy(0.0, z, from_logits=True),
        "NumPy": numpy_call,
        "SciPy": lambda z: -m.special.log_expit(-z),
        "scikit-learn": lambda z: m.metrics.log_loss([0], [m.special.expit(z)], labels=[0, 1]),
        "PyTorch": torch_call,
        "Keras": keras_call,
    }
    return {
        "title": "Binary cross-entropy from a very negative logit",
        "parameter": "logit z (label 0)",
        "column": "z",
        "grid": [-30.0, -40.0, -100.0, -200.0, -400.0, -600.0, -700.0, -740.0, -745.0],
        "exact": exact,
        "calls": calls,
        "log_x": True,
    }


def _close_pair(digits: float) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(42)
    p = rng.dirichlet(np.ones(10))
    q = p * (1 + 10.0 ** (-digits) * rng.standard_normal(10))
    return p, q / q.sum()


def _plain_kl(p: np.ndarray, q: np.ndarray) -> Any:
    return np.sum(p * np.log(p / q))


def _kl() -> dict[str, Any]:
    """KL(P || Q) of two distributions over 10 outcomes that agree to 6-14 digits."""
    m = modules()

    def exact(digits: float) -> mp.mpf:
        # The float vectors stand for the normalised distributions they round.
        p, q = _close_pair(digits)
        ps = [_f(x) for x in p]
        qs = [_f(x) for x in q]
        sp, sq = mp.fsum(ps), mp.fsum(qs)
        return mp.fsum((a / sp) * mp.log((a / sp) / (b / sq)) for a, b in zip(ps, qs, strict=True))

    def torch_call(digits: float) -> Any:
        p, q = (m.torch.tensor(v, dtype=m.torch.float64) for v in _close_pair(digits))
        return m.F.kl_div(q.log(), p, reduction="sum")

    def keras_call(digits: float) -> Any:
        p, q = _close_pair(digits)
        return np.asarray(m.keras.ops.convert_to_numpy(m.keras.losses.kl_divergence(p, q)))

    calls: dict[str, Call] = {
        "xent_ref": lambda d: m.xent_ref.kl_divergence(*_close_pair(d)),
        "NumPy": lambda d: _plain_kl(*_close_pair(d)),
        "SciPy": lambda d: m.stats.entropy(*_close_pair(d)),
        "scikit-learn": None,
        "PyTorch": torch_call,
        "Keras": keras_call,
    }
    return {
        "title": "KL divergence of two distributions that agree closely",
        "parameter": "digits to which P and Q agree",
        "column": "digits",
        "grid": [6.0, 7.0, 8.0, 9.0, 10.0, 11.0, 12.0, 13.0, 14.0],
        "exact": exact,
        "calls": calls,
        "log_x": False,
    }


def _tiny() -> dict[str, Any]:
    """Cross-entropy of a one-hot target and a predicted probability p of the true class."""
    m = modules()

    def probs(p: float) -> np.ndarray:
        return np.array([[p, 1.0 - p]])

    def exact(p: float) -> mp.mpf:
        return -mp.log(_f(p))

    def torch_call(p: float) -> Any:
        t = m.torch.tensor(probs(p), dtype=m.torch.float64)
        return m.F.nll_loss(t.log(), m.torch.tensor([0]))

    def keras_call(p: float) -> Any:
        loss = m.keras.losses.sparse_categorical_crossentropy(np.array([0]), probs(p))
        return np.asarray(m.keras.ops.convert_to_numpy(loss))[0]

    calls: dict[str, Call] = {
        "xent_ref": lambda p: m.xent_ref.sparse_categorical_cross_entropy([0], probs(p)),
        "NumPy": lambda p: -np.log(probs(p)[0, 0]),
        "SciPy": lambda p: -m.special.xlogy(1.0, probs(p)[0, 0]),
        "scikit-learn": lambda p: m.metrics.log_loss([0], probs(p), labels=[0, 1]),
        "PyTorch": torch_call,
        "Keras": keras_call,
    }
    return {
        "title": "A tiny predicted probability for the true class",
        "parameter": "predicted probability p of the true class",
        "column": "p",
        "grid": [1e-5, 1e-10, 1e-20, 1e-50, 1e-100, 1e-200, 1e-300, 1e-310, 5e-324],
        "exact": exact,
        "calls": calls,
        "log_x": True,
    }


def _million() -> dict[str, Any]:
    """Cross-entropy of two distributions over a million categories."""
    m = modules()
    n = 1_000_000

    @cache
    def pair(_: float) -> tuple[np.ndarray, np.ndarray]:
        rng = np.random.default_rng(3)
        p = rng.dirichlet(np.ones(n))
        q = rng.dirichlet(np.ones(n))
        return p, q

    def exact(x: float) -> mp.mpf:
        # -sum p log q of the float vectors as given, at MILLION_DPS digits.
        p, q = pair(x)
        with mp.workdps(MILLION_DPS):
            total = -mp.fsum(_f(a) * mp.log(_f(b)) for a, b in zip(p, q, strict=True))
        return +total

    def torch_call(x: float) -> Any:
        p, q = (m.torch.tensor(v, dtype=m.torch.float64) for v in pair(x))
        return m.F.cross_entropy(q.log()[None, :], p[None, :])

    def keras_call(x: float) -> Any:
        p, q = pair(x)
        loss = m.keras.losses.categorical_crossentropy(p[None, :], q[None, :])
        return np.asarray(m.keras.ops.convert_to_numpy(loss))[0]

    calls: dict[str, Call] = {
        "xent_ref": lambda x: m.xent_ref.cross_entropy(*pair(x)),
        "NumPy": lambda x: -np.sum(pair(x)[0] * np.log(pair(x)[1])),
        "SciPy": lambda x: -m.special.xlogy(*pair(x)).sum(),
        "scikit-learn": None,
        "PyTorch": torch_call,
        "Keras": keras_call,
    }
    return {
        "title": "Cross-entropy over a million categories",
        "parameter": "(one case)",
        "column": "case",
        "grid": [1.0],
        "exact": exact,
        "calls": calls,
        "log_x": False,
    }


REGIMES: dict[str, Callable[[], dict[str, Any]]] = {
    "confident": _confident,
    "binary": _binary,
    "kl": _kl,
    "tiny": _tiny,
    "million": _million,
}


@cache
def measure() -> dict[str, dict[str, Any]]:
    """Every regime's grid, exact values and each library's relative error at each point."""
    results = {}
    for key, build in REGIMES.items():
        regime = build()
        exact = [regime["exact"](x) for x in regime["grid"]]
        errors: dict[str, list[float] | None] = {}
        for library in LIBRARIES:
            call = regime["calls"][library]
            if call is None:
                errors[library] = None
                continue
            row = []
            for x, e in zip(regime["grid"], exact, strict=True):
                with warnings.catch_warnings(), np.errstate(all="ignore"):
                    warnings.simplefilter("ignore")
                    try:
                        got = call(x)
                    except Exception:  # a library that refuses the input gets no digits
                        got = math.nan
                row.append(relative_error(got, e))
            errors[library] = row
        results[key] = {**regime, "exact_values": [float(e) for e in exact], "errors": errors}
    return results


# --------------------------------------------------------------------------------------------
# What the page shows
# --------------------------------------------------------------------------------------------
def _cell(error: float) -> str:
    if math.isinf(error):
        return "no finite result"
    if error == 0:
        return "exact"
    return f"{error:.0e}"


def _parameter(key: str, x: float) -> str:
    if key == "tiny":
        return f"{x:.0e}"
    if key == "kl":
        return f"{x:.0f}"
    if key == "million":
        return "10^6 categories"
    return f"{x:g}"


def table(key: str) -> str:
    """One regime's relative errors: a row per parameter value, a column per library."""
    regime = measure()[key]
    libraries = [lib for lib in LIBRARIES if regime["errors"][lib] is not None]
    missing = [lib for lib in LIBRARIES if regime["errors"][lib] is None]
    lines = [
        "| " + regime["column"] + " | exact value (to float64) | " + " | ".join(libraries) + " |",
        "|" + "---|" * (len(libraries) + 2),
    ]
    for i, x in enumerate(regime["grid"]):
        cells = [_cell(regime["errors"][lib][i]) for lib in libraries]
        value = f"{regime['exact_values'][i]:.3e}"
        lines.append(f"| {_parameter(key, x)} | {value} | " + " | ".join(cells) + " |")
    text = '<div class="xent-wide-table" markdown>\n\n' + "\n".join(lines) + "\n\n</div>\n"
    if missing:
        text += "\n" + ", ".join(missing) + " has no function for this quantity.\n"
    return text


MARKERS = ("o", "s", "^", "D", "v", "P")


def figure() -> str:
    """Relative error against the regime parameter, one line per library, as an embedded SVG."""
    import matplotlib
    import matplotlib.ticker

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from ..figures._style import PALETTE, RC

    keys = ("confident", "binary", "kl", "tiny")
    top = 1e4
    with plt.rc_context(RC):
        fig, axes = plt.subplots(2, 2, figsize=(9.0, 6.4), layout="constrained")
        for ax, key in zip(axes.flat, keys, strict=True):
            regime = measure()[key]
            x = np.abs(np.array(regime["grid"]))
            if key == "tiny":
                x = -np.log10(x)
            for j, lib in enumerate(LIBRARIES):
                errors = regime["errors"][lib]
                if errors is None:
                    continue
                y = np.clip(np.array(errors), FLOOR, top)
                ax.plot(
                    x,
                    y,
                    marker=MARKERS[j],
                    color=PALETTE[j],
                    label=lib,
                    linewidth=1.5,
                    markersize=5,
                    alpha=0.9,
                )
            ax.set_yscale("log")
            ax.set_ylim(FLOOR / 3, top * 3)
            if key in ("confident", "binary"):
                ax.set_xscale("log")
                ticks = [10, 30, 100, 300, 700] if key == "confident" else [30, 100, 300, 745]
                ax.set_xticks(ticks, [str(t) for t in ticks])
                ax.xaxis.set_minor_formatter(matplotlib.ticker.NullFormatter())
            ax.set_title(regime["title"], fontsize=10.5)
            label = regime["parameter"]
            if key == "tiny":
                label = "-log10 p (p: probability of the true class)"
            ax.set_xlabel(
                label.replace("logit z", "|z|, logit z = -|z|") if key == "binary" else label
            )
            ax.set_ylabel("relative error")
            ax.axhline(2.2e-16, color="#999999", linewidth=0.8, linestyle=":")
        axes.flat[0].legend(fontsize=8.5, ncols=2, loc="center right")
        buffer = io.StringIO()
        fig.savefig(buffer, format="svg", metadata={"Date": None})
        plt.close(fig)
    data = base64.b64encode(buffer.getvalue().encode()).decode()
    alt = (
        "Four panels of relative error on a log scale against each regime's parameter, one line "
        "per library. xent_ref stays at or near one rounding step except in the KL panel, where "
        "it rises from 10 shared digits on. Every other library, whether it works from "
        "probabilities or from logits, rises to errors of 1 or more as the loss becomes tiny, "
        "the logit very negative or the distributions close, except SciPy's log_expit, which "
        "stays exact for very negative logits; for a tiny probability only the clipping "
        "libraries (scikit-learn, Keras) fail."
    )
    return (
        '<figure markdown="span">\n'
        f'  <img src="data:image/svg+xml;base64,{data}" alt="{alt}">\n'
        "  <figcaption>Relative error against exact values, measured while this site was built. "
        f"Exact and correctly rounded results are drawn at {FLOOR:.0e}, errors above "
        f"{top:.0e} at the top edge; the dotted line is one float64 rounding step "
        "(2.2e-16). Lines that coincide hide one another; the tables below give every "
        "value.</figcaption>\n"
        "</figure>\n"
    )


def versions_table() -> str:
    rows = ["| library | version |", "|---|---|"]
    rows += [f"| {name} | {version} |" for name, version in versions().items()]
    import mpmath

    digits = f"{mp.mp.dps} digits, {MILLION_DPS} for the million categories"
    rows.append(f"| mpmath (exact values, {digits}) | {mpmath.__version__} |")
    return "\n".join(rows) + "\n"


SNIPPETS: dict[str, Callable[[], str]] = {
    **{f"accuracy-{key}.md": partial(table, key) for key in REGIMES},
    "accuracy-figure.md": figure,
    "accuracy-versions.md": versions_table,
}
