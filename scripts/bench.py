"""Time every xent_ref function against the fastest peer doing the same work.

Peers are SciPy, scikit-learn and PyTorch (CPU, one thread, float64 tensors that share memory
with the numpy inputs). Each workload runs every implementation in turn, repetition after
repetition in one process, so that a change in machine load hits all of them alike, and
keeps each implementation's fastest repetition. One line per workload:

    name[workload]: xent_ref/peer = ratio (peer: name; other peers' ratios)

followed by the workloads that miss the goal: slower than a SciPy or scikit-learn peer, or
more than twice the time of PyTorch.

Usage: python scripts/bench.py [--quick] [--repeat N] [--only NAME]
"""

from __future__ import annotations

import argparse
import math
import os
import time
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

torch.set_num_threads(1)

Thunk = Callable[[], object]


@dataclass
class Workload:
    name: str
    size: str
    ours: Thunk
    peers: dict[str, Thunk] = field(default_factory=dict)


def _t(a: np.ndarray) -> torch.Tensor:
    return torch.from_numpy(a)


def workloads(n: int, rows: int, cols: int, seed: int = 0) -> Iterator[Workload]:
    """The workloads, one group of inputs at a time so that only one group is in memory."""
    rng = np.random.default_rng(seed)
    for label, shape in [(_label(n), (n,)), (f"{_label(rows)}x{cols}", (rows, cols))]:
        yield from _elementwise_and_distributions(label, shape, rng)
    yield from _class_losses(f"{_label(rows)}x{cols}", rows, cols, rng)


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

    def w(name: str, ours: Thunk, **peers: Thunk) -> None:
        out.append(Workload(name, label, ours, peers))

    w("surprisal", lambda: xr.surprisal(p), torch=lambda: torch.log(tp).neg_())
    w(
        "entropy",
        lambda: xr.entropy(p),
        scipy=lambda: sc.entr(p).sum(axis=-1),
        torch=lambda: torch.special.entr(tp).sum(-1),
    )
    w(
        "cross_entropy",
        lambda: xr.cross_entropy(p, q),
        scipy=lambda: -sc.xlogy(p, q).sum(axis=-1),
        torch=lambda: -torch.special.xlogy(tp, tq).sum(-1),
    )
    w(
        "kl_divergence",
        lambda: xr.kl_divergence(p, q),
        scipy=lambda: sc.rel_entr(p, q).sum(axis=-1),
        torch=lambda: F.kl_div(tq.log(), tp, reduction="none").sum(-1),
    )
    w(
        "logsumexp",
        lambda: xr.logsumexp(z),
        scipy=lambda: sc.logsumexp(z, axis=-1),
        torch=lambda: torch.logsumexp(tz, -1),
    )
    w(
        "log_softmax",
        lambda: xr.log_softmax(z),
        scipy=lambda: sc.log_softmax(z, axis=-1),
        torch=lambda: torch.log_softmax(tz, -1),
    )
    w(
        "softmax",
        lambda: xr.softmax(z),
        scipy=lambda: sc.softmax(z, axis=-1),
        torch=lambda: torch.softmax(tz, -1),
    )
    w(
        "binary_cross_entropy",
        lambda: xr.binary_cross_entropy(y01, prob),
        sklearn=lambda: skm.log_loss(y01.ravel(), prob.ravel()),
        torch=lambda: F.binary_cross_entropy(tprob, ty01),
    )
    w(
        "binary_cross_entropy(logits)",
        lambda: xr.binary_cross_entropy(y01, z, from_logits=True),
        torch=lambda: F.binary_cross_entropy_with_logits(tz, ty01),
    )
    w(
        "gaussian_nll",
        lambda: xr.gaussian_nll(obs, mean, std),
        scipy=lambda: -st.norm.logpdf(obs, mean, std).mean(),
        torch=lambda: F.gaussian_nll_loss(tmean, tobs, tstd * tstd, full=True),
    )
    w(
        "mean_squared_error",
        lambda: xr.mean_squared_error(obs, mean),
        sklearn=lambda: skm.mean_squared_error(obs, mean),
        torch=lambda: F.mse_loss(tmean, tobs),
    )
    w(
        "gaussian_entropy",
        lambda: xr.gaussian_entropy(std),
        scipy=lambda: st.norm.entropy(scale=std),
        torch=lambda: torch.distributions.Normal(tmean, tstd).entropy(),
    )
    w(
        "gaussian_cross_entropy",
        lambda: xr.gaussian_cross_entropy(mean, std, mean2, std2),
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
    return [
        Workload(
            "categorical_cross_entropy",
            label,
            lambda: xr.categorical_cross_entropy(onehot, probs),
            {
                "sklearn": lambda: skm.log_loss(onehot, probs),
                "torch": lambda: -(t1 * tpr.log()).sum(-1).mean(),
            },
        ),
        Workload(
            "categorical_cross_entropy(logits)",
            label,
            lambda: xr.categorical_cross_entropy(onehot, z, from_logits=True),
            {"torch": lambda: F.cross_entropy(tz, t1)},
        ),
        Workload(
            "sparse_categorical_cross_entropy",
            label,
            lambda: xr.sparse_categorical_cross_entropy(labels, probs),
            {
                "sklearn": lambda: skm.log_loss(labels, probs, labels=np.arange(cols)),
                "torch": lambda: F.nll_loss(tpr.log(), tl),
            },
        ),
        Workload(
            "sparse_categorical_cross_entropy(logits)",
            label,
            lambda: xr.sparse_categorical_cross_entropy(labels, z, from_logits=True),
            {"torch": lambda: F.cross_entropy(tz, tl)},
        ),
    ]


def best_times(work: Workload, repeat: int) -> dict[str, float]:
    impls = {"xent_ref": work.ours, **work.peers}
    best = dict.fromkeys(impls, math.inf)
    for f in impls.values():  # warm up: first-call costs are not what is measured
        f()
    for _ in range(repeat):
        for name, f in impls.items():
            start = time.perf_counter()
            f()
            best[name] = min(best[name], time.perf_counter() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="10^5 and 10^4 x 100 elements")
    parser.add_argument("--repeat", type=int, default=None, help="repetitions per workload")
    parser.add_argument("--only", default=None, help="run the workloads whose name has this")
    args = parser.parse_args()
    n, rows = (10**5, 10**4) if args.quick else (10**6, 10**5)
    repeat = args.repeat or (5 if args.quick else 7)
    warnings.filterwarnings("ignore", category=UserWarning)  # scikit-learn's sum-to-1 notes
    misses = []
    for work in workloads(n, rows, 100):
        if args.only and args.only not in work.name:
            continue
        best = best_times(work, repeat)
        ours = best.pop("xent_ref")
        peer = min(best, key=best.__getitem__)
        others = ", ".join(f"{k} {ours / v:.2f}" for k, v in best.items() if k != peer)
        line = f"{work.name}[{work.size}]: xent_ref/peer = {ours / best[peer]:.2f} (peer: {peer}"
        print(line + (f"; {others})" if others else ")"), flush=True)
        for k, v in best.items():
            limit = 2.0 if k == "torch" else 1.0
            if ours > limit * v:
                misses.append(f"{work.name}[{work.size}] vs {k}: {ours / v:.2f} > {limit:g}")
    print("goal missed by: " + ("; ".join(misses) if misses else "none"))


if __name__ == "__main__":
    main()
