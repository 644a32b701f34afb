"""The libraries the framework pages compare, imported lazily, and a way to run a call in each.

A *call* is a short Python expression written the way a user of that library would write it
(``F.binary_cross_entropy(yhat, y)``). It is evaluated in that library's namespace, in which the
shared inputs are bound under their names as the library's own array type: NumPy arrays for
xent_ref, NumPy, SciPy, scikit-learn and Keras (Keras converts them itself), tensors of the same
dtype for PyTorch. The same strings are shown on the pages and run by the build and the tests.
"""

from __future__ import annotations

import os
import platform
import warnings
from dataclasses import dataclass
from functools import cache
from importlib import metadata
from types import SimpleNamespace
from typing import Any

import numpy as np

# The column order used by every table and every set of content tabs.
LIBRARIES = ("xent_ref", "NumPy", "SciPy", "scikit-learn", "PyTorch", "Keras")


@cache
def modules() -> SimpleNamespace:
    """Import the heavy libraries once, on first use (importing Keras takes seconds)."""
    os.environ["KERAS_BACKEND"] = "torch"
    import keras
    import scipy
    import sklearn
    import sklearn.metrics
    import torch
    import torch.nn.functional
    from scipy import special, stats

    import xent_ref

    if keras.backend.backend() != "torch":
        raise RuntimeError(
            f"Keras was already imported with the {keras.backend.backend()!r} backend; "
            "the framework tables need KERAS_BACKEND=torch"
        )
    torch.set_num_threads(1)
    return SimpleNamespace(
        np=np,
        scipy=scipy,
        special=special,
        stats=stats,
        sklearn=sklearn,
        metrics=sklearn.metrics,
        torch=torch,
        F=torch.nn.functional,
        keras=keras,
        xent_ref=xent_ref,
    )


def versions() -> dict[str, str]:
    """Versions of Python and of every compared library, as installed."""
    m = modules()
    return {
        "Python": platform.python_version(),
        "xent_ref": m.xent_ref.__version__,
        "NumPy": np.__version__,
        "SciPy": m.scipy.__version__,
        "scikit-learn": m.sklearn.__version__,
        "PyTorch": m.torch.__version__,
        "Keras": f"{m.keras.__version__} (backend: {m.keras.backend.backend()})",
        "MkDocs": _dist_version("mkdocs"),
    }


def _dist_version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "not installed"


def namespace(library: str, inputs: dict[str, Any]) -> dict[str, Any]:
    """The names a call in ``library``'s column may use: its modules and the shared inputs."""
    m = modules()
    base: dict[str, Any] = {"np": np}
    if library == "xent_ref":
        base.update({name: getattr(m.xent_ref, name) for name in m.xent_ref.__all__})
    elif library == "SciPy":
        base.update(special=m.special, stats=m.stats)
    elif library == "scikit-learn":
        base.update(
            log_loss=m.metrics.log_loss,
            mean_squared_error=m.metrics.mean_squared_error,
            special=m.special,
        )
    elif library == "PyTorch":
        base = {"torch": m.torch, "F": m.F}
        inputs = {name: _to_torch(value) for name, value in inputs.items()}
    elif library == "Keras":
        base.update(keras=m.keras)
    elif library != "NumPy":
        raise ValueError(f"unknown library {library!r}")
    return {**base, **inputs}


def _to_torch(value: Any) -> Any:
    if isinstance(value, np.ndarray):
        return modules().torch.from_numpy(value.copy())
    return value


def to_numpy(value: Any) -> Any:
    """A result as a float or a float64 array, whatever library produced it."""
    torch = modules().torch
    if isinstance(value, torch.Tensor):
        value = value.detach().cpu().to(torch.float64).numpy()
    value = np.asarray(value, dtype=np.float64)
    return value.item() if value.ndim == 0 else value


@dataclass(frozen=True)
class Outcome:
    """What a call did: its value (a float or an array) or the exception it raised."""

    value: Any = None
    error: BaseException | None = None
    warned: tuple[str, ...] = ()


def evaluate(library: str, call: str, inputs: dict[str, Any]) -> Outcome:
    """Run ``call`` in ``library``'s namespace; record its value, its exception and its warnings.

    Floating-point warnings from NumPy are recorded like any other warning (at NumPy's default
    settings, which ignore underflow): a naive formula that takes log(0) is one of the behaviours
    the tables show.
    """
    env = namespace(library, {k: np.array(v, copy=True) for k, v in inputs.items()})
    defaults = np.errstate(divide="warn", over="warn", under="ignore", invalid="warn")
    with warnings.catch_warnings(record=True) as caught, defaults:
        warnings.simplefilter("always")
        try:
            value = to_numpy(eval(call, env))
        except Exception as error:
            return Outcome(error=error, warned=_names(caught))
    return Outcome(value=value, warned=_names(caught))


def _names(caught: list[warnings.WarningMessage]) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for item in caught:
        # NumPy's "__array__ ... copy keyword" DeprecationWarning comes from converting Keras'
        # tensors for display, not from the call under test.
        if issubclass(item.category, DeprecationWarning):
            continue
        seen[f"{item.category.__name__}: {item.message}"] = None
    return tuple(seen)
