"""Time every xent_ref function against its peers, and measure its peak memory.

Peers are the plain NumPy formula (neither exact nor validated, and the fastest peer almost
everywhere), SciPy, scikit-learn and PyTorch (CPU, one thread, float64 tensors that share
memory with the numpy inputs). Each workload runs every implementation in turn, repetition
after repetition in one process, so that a change in machine load hits all of them alike, and
keeps each implementation's fastest repetition. One line per workload:

    name[workload]: numpy x.xx, library x.xx (fastest: name; others), peak x.xx / y.yy MB

with the time ratios xent_ref / NumPy and xent_ref / the fastest of SciPy, scikit-learn and
PyTorch, and xent_ref's peak memory (tracemalloc, beyond its inputs) against the size of its
output. Then the workloads that miss a goal: slower than the fastest library by more than
1.5x, slower than the NumPy formula by more than 2x, or a peak beyond the output plus 8 MB.

Where xent_ref pays for work that the NumPy formula skips, the line also times that work and
prints it against the formula: one read of the whole input for sparse cross-entropy from
probabilities (the formula reads only the entries it gathers, the validation reads them all),
and the KL divergence with its atanh series replaced by a constant (wrong values, the time of
everything but the series).

Usage: python scripts/bench.py [--quick] [--repeat N] [--only NAME]

Benchmark numpy with its fastest kernels: where OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE are
set, run ``env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE .venv/bin/python scripts/bench.py``.
"""

from __future__ import annotations

import argparse
import contextlib
import math
import os
import time
import tracemalloc
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

os.environ.setdefault("OMP_NUM_THREADS", "1")

import numpy as np
import scipy.special as sc
import scipy.stats as st
import sklearn.metrics as skm
import torch
import torch.nn.functional as F

import xent_ref as xr
import xent_ref._information as information
from xent_ref._validation import FloatArray

torch.set_num_threads(1)

Thunk = Callable[[], object]


LIBRARIES = ("scipy", "sklearn", "torch")
#: Time ratio goals: against the fastest library, and against the plain NumPy formula.
LIBRARY_GOAL, NUMPY_GOAL = 1.5, 2.0
#: Memory beyond the output that counts as O(block): a few dozen blocks of 32768 floats.
MEMORY_SLACK = 8 * 2**20

HALF_LOG_2PI = 0.5 * math.log(2 * math.pi)


@dataclass
class Workload:
    name: str
    size: str
    ours: Thunk
    peers: dict[str, Thunk] = field(default_factory=dict)
    #: What sets a floor under xent_ref's time where the NumPy formula skips it, timed with
    #: the rest and printed against the NumPy formula: (what it is, how to time it).
    floor: tuple[str, Thunk] | None = None


#: The series helper as the information module calls it.
_SERIES = "atanh_tail"


@contextlib.contextmanager
def _without_series() -> Iterator[None]:
    """The information functions with A(v) of the atanh series replaced by a constant fill.

    The values are wrong; the time is what the divergence costs without its series.
    """
    saved = getattr(information, _SERIES)

    def constant(v: FloatArray, out: FloatArray, scale: float = 1.0) -> FloatArray:
        out.fill(scale / 3.0)
        return out

    setattr(information, _SERIES, constant)
    try:
        yield
    finally:
        setattr(information, _SERIES, saved)


def _kl_without_series(p: FloatArray, q: FloatArray) -> Thunk:
    def run() -> object:
        with _without_series():
            return xr.kl_divergence(p, q)

    return run


def _t(a: np.ndarray) -> torch.Tensor:
    return torch.from_numpy(a)


def workloads(n: int, rows: int, cols: int, seed: int = 0) -> Iterator[Workload]:
    """The workloads, one group of inputs at a time so that only one group is in memory."""
    rng = np.random.default_rng(seed)
    for label, shape in [(_label(n), (n,)), (f"{_label(rows)}x{cols}", (rows, cols))]:
        yield from _elementwise_and_distributions(label, shape, rng)
    yield from _class_losses(f"{_label(rows)}x{cols}", rows, cols, rng)


def _np_logsumexp(z: FloatArray) -> FloatArray:
    m: FloatArray = z.max(axis=-1, keepdims=True)
    total: FloatArray = np.exp(z - m).sum(axis=-1)
    return m[..., 0] + np.log(total)


def _np_log_softmax(z: FloatArray) -> FloatArray:
    x: FloatArray = z - z.max(axis=-1, keepdims=True)
    total: FloatArray = np.exp(x).sum(axis=-1, keepdims=True)
    return x - np.log(total)


def _np_softmax(z: FloatArray) -> FloatArray:
    e: FloatArray = np.exp(z - z.max(axis=-1, keepdims=True))
    total: FloatArray = e.sum(axis=-1, keepdims=True)
    return e / total


def _label(n: int) -> str:
    return f"1e{round(math.log10(n))}"


def _elementwise_and_distributions(
    label: str, shape: tuple[int, ...], rng: np.random.Generator
) -> list[Workload]:
    out: list[Workload] = []
    size = math.prod(shape)
    # Distributions along the last axis, and logits.
    p = rng.random(shape)
    p /= p.sum(axis=-1, keepdims=True)
    q = rng.random(shape) + 0.01
    q /= q.sum(axis=-1, keepdims=True)
    tp, tq = _t(p), _t(q)
    z = rng.normal(scale=3.0, size=shape)
    tz = _t(z)
    # Elementwise inputs of the same size.
    y01 = rng.integers(0, 2, size=size).astype(np.float64).reshape(shape)
    prob = rng.uniform(0.001, 0.999, size=shape)
    ty01, tprob = _t(y01), _t(prob)
    mean = rng.normal(size=shape)
    obs = mean + rng.normal(size=shape)
    std = rng.uniform(0.5, 2.0, size=shape)
    mean2 = rng.normal(size=shape)
    std2 = rng.uniform(0.5, 2.0, size=shape)
    tmean, tobs, tstd, tmean2, tstd2 = map(_t, (mean, obs, std, mean2, std2))

    def w(name: str, ours: Thunk, floor: tuple[str, Thunk] | None = None, **peers: Thunk) -> None:
        out.append(Workload(name, label, ours, peers, floor))

    w(
        "surprisal",
        lambda: xr.surprisal(p),
        numpy=lambda: -np.log(p),
        torch=lambda: torch.log(tp).neg_(),
    )
    w(
        "entropy",
        lambda: xr.entropy(p),
        numpy=lambda: -(p * np.log(p)).sum(axis=-1),
        scipy=lambda: sc.entr(p).sum(axis=-1),
        torch=lambda: torch.special.entr(tp).sum(-1),
    )
    w(
        "cross_entropy",
        lambda: xr.cross_entropy(p, q),
        numpy=lambda: -(p * np.log(q)).sum(axis=-1),
        scipy=lambda: -sc.xlogy(p, q).sum(axis=-1),
        torch=lambda: -torch.special.xlogy(tp, tq).sum(-1),
    )
    w(
        "kl_divergence",
        lambda: xr.kl_divergence(p, q),
        numpy=lambda: (p * np.log(p / q)).sum(axis=-1),
        scipy=lambda: sc.rel_entr(p, q).sum(axis=-1),
        torch=lambda: F.kl_div(tq.log(), tp, reduction="none").sum(-1),
        floor=("xent_ref without its atanh series", _kl_without_series(p, q)),
    )
    w(
        "logsumexp",
        lambda: xr.logsumexp(z),
        numpy=lambda: _np_logsumexp(z),
        scipy=lambda: sc.logsumexp(z, axis=-1),
        torch=lambda: torch.logsumexp(tz, -1),
    )
    w(
        "log_softmax",
        lambda: xr.log_softmax(z),
        numpy=lambda: _np_log_softmax(z),
        scipy=lambda: sc.log_softmax(z, axis=-1),
        torch=lambda: torch.log_softmax(tz, -1),
    )
    w(
        "softmax",
        lambda: xr.softmax(z),
        numpy=lambda: _np_softmax(z),
        scipy=lambda: sc.softmax(z, axis=-1),
        torch=lambda: torch.softmax(tz, -1),
    )
    w(
        "binary_cross_entropy",
        lambda: xr.binary_cross_entropy(y01, prob),
        numpy=lambda: -(y01 * np.log(prob) + (1 - y01) * np.log1p(-prob)).mean(),
        sklearn=lambda: skm.log_loss(y01.ravel(), prob.ravel()),
        torch=lambda: F.binary_cross_entropy(tprob, ty01),
    )
    w(
        "binary_cross_entropy(logits)",
        lambda: xr.binary_cross_entropy(y01, z, from_logits=True),
        numpy=lambda: (np.maximum(z, 0) - z * y01 + np.log1p(np.exp(-np.abs(z)))).mean(),
        torch=lambda: F.binary_cross_entropy_with_logits(tz, ty01),
    )
    w(
        "gaussian_nll",
        lambda: xr.gaussian_nll(obs, mean, std),
        numpy=lambda: (np.log(std) + HALF_LOG_2PI + 0.5 * ((obs - mean) / std) ** 2).mean(),
        scipy=lambda: -st.norm.logpdf(obs, mean, std).mean(),
        torch=lambda: F.gaussian_nll_loss(tmean, tobs, tstd * tstd, full=True),
    )
    w(
        "mean_squared_error",
        lambda: xr.mean_squared_error(obs, mean),
        numpy=lambda: ((obs - mean) ** 2).mean(),
        sklearn=lambda: skm.mean_squared_error(obs, mean),
        torch=lambda: F.mse_loss(tmean, tobs),
    )
    w(
        "gaussian_entropy",
        lambda: xr.gaussian_entropy(std),
        numpy=lambda: np.log(std) + HALF_LOG_2PI + 0.5,
        scipy=lambda: st.norm.entropy(scale=std),
        torch=lambda: torch.distributions.Normal(tmean, tstd).entropy(),
    )
    w(
        "gaussian_cross_entropy",
        lambda: xr.gaussian_cross_entropy(mean, std, mean2, std2),
        numpy=lambda: np.log(std2) + HALF_LOG_2PI + (std**2 + (mean - mean2) ** 2) / (2 * std2**2),
        # No peer has it built in: the closed form written in torch.
        torch=lambda: (
            0.5 * math.log(2 * math.pi)
            + torch.log(tstd2)
            + (tstd * tstd + (tmean - tmean2) ** 2) / (2 * tstd2 * tstd2)
        ),
    )
    w(
        "gaussian_kl_divergence",
        lambda: xr.gaussian_kl_divergence(mean, std, mean2, std2),
        numpy=lambda: np.log(std2 / std) + (std**2 + (mean - mean2) ** 2) / (2 * std2**2) - 0.5,
        torch=lambda: torch.distributions.kl_divergence(
            torch.distributions.Normal(tmean, tstd), torch.distributions.Normal(tmean2, tstd2)
        ),
    )
    return out


def _class_losses(label: str, rows: int, cols: int, rng: np.random.Generator) -> list[Workload]:
    z = rng.normal(scale=3.0, size=(rows, cols))
    labels = rng.integers(0, cols, size=rows)
    onehot = np.eye(cols)[labels]
    probs = xr.softmax(z)
    tz, tl, t1, tpr = _t(z), _t(labels), _t(onehot), _t(probs)
    rows_index = np.arange(rows)
    return [
        Workload(
            "categorical_cross_entropy",
            label,
            lambda: xr.categorical_cross_entropy(onehot, probs),
            {
                "numpy": lambda: -(onehot * np.log(probs)).sum(axis=-1).mean(),
                "sklearn": lambda: skm.log_loss(onehot, probs),
                "torch": lambda: -(t1 * tpr.log()).sum(-1).mean(),
            },
        ),
        Workload(
            "categorical_cross_entropy(logits)",
            label,
            lambda: xr.categorical_cross_entropy(onehot, z, from_logits=True),
            {
                "numpy": lambda: (_np_logsumexp(z) - (onehot * z).sum(axis=-1)).mean(),
                "torch": lambda: F.cross_entropy(tz, t1),
            },
        ),
        Workload(
            "sparse_categorical_cross_entropy",
            label,
            lambda: xr.sparse_categorical_cross_entropy(labels, probs),
            {
                "numpy": lambda: -np.log(probs[rows_index, labels]).mean(),
                "sklearn": lambda: skm.log_loss(labels, probs, labels=np.arange(cols)),
                "torch": lambda: F.nll_loss(tpr.log(), tl),
            },
            # The formula reads the 10^5 entries it gathers; the validation reads all 10^7.
            ("one read of y_pred, which its validation needs", lambda: probs.sum()),
        ),
        Workload(
            "sparse_categorical_cross_entropy(logits)",
            label,
            lambda: xr.sparse_categorical_cross_entropy(labels, z, from_logits=True),
            {
                "numpy": lambda: (_np_logsumexp(z) - z[rows_index, labels]).mean(),
                "torch": lambda: F.cross_entropy(tz, tl),
            },
        ),
    ]


def best_times(work: Workload, repeat: int) -> dict[str, float]:
    impls = {"xent_ref": work.ours, **work.peers}
    if work.floor is not None:
        impls["floor"] = work.floor[1]
    best = dict.fromkeys(impls, math.inf)
    for f in impls.values():  # warm up: first-call costs are not what is measured
        f()
    for _ in range(repeat):
        for name, f in impls.items():
            start = time.perf_counter()
            f()
            best[name] = min(best[name], time.perf_counter() - start)
    return best


def peak_memory(f: Thunk) -> tuple[int, int]:
    """Peak bytes that `f` allocates beyond what exists before it, and the size of its result."""
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        before = tracemalloc.get_traced_memory()[0]
        result = f()
        peak = tracemalloc.get_traced_memory()[1] - before
    finally:
        tracemalloc.stop()
    return peak, int(np.asarray(result).nbytes)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="10^5 and 10^4 x 100 elements")
    parser.add_argument("--repeat", type=int, default=None, help="repetitions per workload")
    parser.add_argument("--only", default=None, help="run the workloads whose name has this")
    args = parser.parse_args()
    n, rows = (10**5, 10**4) if args.quick else (10**7, 10**5)
    repeat = args.repeat or 5
    warnings.filterwarnings("ignore", category=UserWarning)  # scikit-learn's sum-to-1 notes
    misses = []
    mb = 2.0**20
    for work in workloads(n, rows, 100):
        if args.only and args.only not in work.name:
            continue
        best = best_times(work, repeat)
        ours = best.pop("xent_ref")
        floor = best.pop("floor", None)
        label = f"{work.name}[{work.size}]"
        parts = []
        if "numpy" in best:
            ratio = ours / best["numpy"]
            parts.append(f"numpy {ratio:.2f}")
            note = ""
            if work.floor is not None and floor is not None:
                note = f" ({work.floor[0]}: {floor / best['numpy']:.2f} x numpy)"
                parts[-1] += note
            if ratio > NUMPY_GOAL:
                misses.append(f"{label} vs numpy: {ratio:.2f} > {NUMPY_GOAL:g}{note}")
        libraries = {k: v for k, v in best.items() if k in LIBRARIES}
        if libraries:
            fastest = min(libraries, key=libraries.__getitem__)
            others = ", ".join(f"{k} {ours / v:.2f}" for k, v in libraries.items() if k != fastest)
            ratio = ours / libraries[fastest]
            parts.append(
                f"library {ratio:.2f} (fastest: {fastest}" + (f"; {others})" if others else ")")
            )
            if ratio > LIBRARY_GOAL:
                misses.append(f"{label} vs {fastest}: {ratio:.2f} > {LIBRARY_GOAL:g}")
        peak, out_bytes = peak_memory(work.ours)
        parts.append(f"peak {peak / mb:.2f} MB for an output of {out_bytes / mb:.2f} MB")
        if peak > out_bytes + MEMORY_SLACK:
            misses.append(
                f"{label} memory: {peak / mb:.1f} MB > {(out_bytes + MEMORY_SLACK) / mb:.1f}"
            )
        print(f"{label}: " + ", ".join(parts), flush=True)
    print("goals missed: " + ("; ".join(misses) if misses else "none"))


if __name__ == "__main__":
    main()
