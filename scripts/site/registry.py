"""Discovery and writing shared by the build's two registries: figures and tables.

Each registry is a package whose public modules export a dict (``FIGURES`` or ``SNIPPETS``) from
an output file name to a function that makes that file's content.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TypeVar

F = TypeVar("F")


def collect(package: str, path: Iterable[str], attribute: str, kind: str) -> dict[str, F]:
    """Gather ``attribute`` from the public modules of ``package``; a name twice is an error."""
    found: dict[str, F] = {}
    for info in sorted(pkgutil.iter_modules(path), key=lambda m: m.name):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{package}.{info.name}")
        for name, function in getattr(module, attribute, {}).items():
            if name in found:
                raise ValueError(f"{kind} {name!r} is defined twice (again in {info.name})")
            found[name] = function
    return found


def write_all(
    registry: dict[str, F], render: Callable[[F, Path], None], outdir: Path
) -> list[Path]:
    """Render every entry of ``registry`` into ``outdir`` and return the written paths."""
    outdir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, function in registry.items():
        path = outdir / name
        render(function, path)
        written.append(path)
    return written
