"""Figures and tables rendered in subprocesses, cached under ``.cache/<kind>/<key>``.

Rendering runs as ``python -m <module> DIR`` so that a rebuild under ``mkdocs serve`` always
runs the current code. The key hashes every file the render imports from this repository
(``RENDERS[kind].sources``; ``tests/test_figures.py`` checks the list against what a render
really imports) and the versions of the packages that can change its output, so a warm build
renders nothing and a change anywhere it depends on renders again.

A render writes into ``<key>.partial-<pid>`` and renames it when complete. The partial
directory is removed when the render fails, when the build exits before waiting for it (also on
SIGTERM and Ctrl-C), and, for a process that was killed outright, by the next build.
"""

from __future__ import annotations

import atexit
import hashlib
import logging
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from types import FrameType

from mkdocs.exceptions import PluginError

from . import CACHE, ROOT

log = logging.getLogger("mkdocs.hooks.xent")

# Files every render imports: the scripts package, the explorers' starting states, this package
# (for the registry), xent_ref.
_COMMON = (
    "scripts/__init__.py",
    "scripts/explorer_states.py",
    "scripts/site/__init__.py",
    "scripts/site/registry.py",
)


@dataclass(frozen=True)
class Render:
    """What one kind of render runs, which files it imports, which packages shape its output."""

    module: str
    sources: tuple[str, ...]
    packages: tuple[str, ...]


RENDERS = {
    "figures": Render(
        "scripts.figures",
        (*_COMMON, "scripts/figures/*.py", "xent_ref/*.py"),
        ("matplotlib", "numpy", "xent-ref"),
    ),
    "tables": Render(
        "scripts.tables",
        (*_COMMON, "scripts/tables/*.py", "xent_ref/*.py"),
        ("numpy", "scipy", "scikit-learn", "torch", "keras", "xent-ref"),
    ),
}


def version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "absent"


def source_hash(globs: tuple[str, ...], packages: tuple[str, ...]) -> str:
    """Hash the files matching ``globs`` (relative to the repository) and the package versions."""
    digest = hashlib.sha256()
    for pattern in globs:
        paths = sorted(ROOT.glob(pattern))
        if not paths:
            raise PluginError(f"render cache: no file matches {pattern!r}")
        for path in paths:
            digest.update(f"{path.relative_to(ROOT)}\0".encode())
            digest.update(path.read_bytes() + b"\0")
    for package in packages:
        digest.update(f"{package}={version(package)}\0".encode())
    return digest.hexdigest()[:16]


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def prune(base: Path, keep: str) -> None:
    """Remove the entries in ``base`` other than ``keep`` that are over ten minutes old, and
    the partial directories of processes that no longer run.

    Several people build this checkout at once; a younger entry may be another build's work.
    """
    cutoff = time.time() - 600
    for old in base.iterdir():
        if old.name == keep:
            continue
        _, partial, pid = old.name.partition(".partial-")
        dead = bool(partial) and pid.isdigit() and not _alive(int(pid))
        if dead or old.stat().st_mtime < cutoff:
            shutil.rmtree(old, ignore_errors=True)


# Renders started by this process and not yet finished: stopped and removed at exit.
_running: set[CachedRender] = set()


def _abandon_all() -> None:
    for render in list(_running):
        render.abandon()


def _on_sigterm(signum: int, frame: FrameType | None) -> None:
    _abandon_all()
    raise SystemExit(128 + signum)


atexit.register(_abandon_all)
if threading.current_thread() is threading.main_thread() and (
    signal.getsignal(signal.SIGTERM) is signal.SIG_DFL
):
    signal.signal(signal.SIGTERM, _on_sigterm)


class CachedRender:
    """``CACHE/<kind>/<key>``, filled by ``python -m <module> DIR`` in the background on a miss.

    Figures and tables render in two subprocesses at once (the machine has two cores) while
    MkDocs reads the pages; ``wait()`` joins before anything needs the files. The subprocess
    writes no bytecode under ``scripts/`` (which ``mkdocs serve`` watches, so a new ``.pyc``
    would trigger a second rebuild).
    """

    def __init__(self, kind: str, cache: Path = CACHE) -> None:
        render = RENDERS[kind]
        self.kind, self.module = kind, render.module
        self.key = source_hash(render.sources, render.packages)
        self.base = cache / kind
        self.target = self.base / self.key
        self.process: subprocess.Popen[bytes] | None = None
        if (self.target / ".complete").is_file():
            return
        self.started = time.perf_counter()
        self.partial = self.base / f"{self.key}.partial-{os.getpid()}"
        shutil.rmtree(self.partial, ignore_errors=True)
        self.partial.mkdir(parents=True)
        self.errors = tempfile.TemporaryFile()
        env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1", MPLBACKEND="Agg")
        _running.add(self)
        self.process = subprocess.Popen(
            [sys.executable, "-m", self.module, str(self.partial)],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=self.errors,
        )

    def abandon(self) -> None:
        """Stop the subprocess if it still runs and remove the partial directory."""
        _running.discard(self)
        if self.process is not None:
            self.process.kill()
            self.process.wait()
            self.process = None
        shutil.rmtree(self.partial, ignore_errors=True)

    def wait(self) -> Path:
        if self.process is None:
            return self.target
        try:
            failed = self.process.wait() != 0
            self.process = None
            if failed:
                self.errors.seek(0)
                message = self.errors.read().decode(errors="replace").strip()
                raise PluginError(f"python -m {self.module} failed:\n{message}")
            (self.partial / ".complete").write_text(self.key + "\n")
            try:
                self.partial.rename(self.target)
            except OSError:  # another build finished the same key first; its result is the same
                pass
        finally:
            self.abandon()
        prune(self.base, self.key)
        count = sum(1 for p in self.target.iterdir() if not p.name.startswith("."))
        elapsed = time.perf_counter() - self.started
        log.info(f"rendered {count} {self.kind} in {elapsed:.1f} s")
        return self.target
