"""The render cache (scripts/site/render_cache.py): keyed on all a render imports; no leftovers."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from scripts.site import ROOT
from scripts.site.render_cache import RENDERS, prune

IMPORTED = """
import importlib, json, sys
importlib.import_module(sys.argv[1]).collect()
print(json.dumps([getattr(m, "__file__", None) or "" for m in list(sys.modules.values())]))
"""


@pytest.mark.parametrize("kind", sorted(RENDERS))
def test_the_key_covers_every_file_the_render_imports(kind: str) -> None:
    render = RENDERS[kind]
    command = [sys.executable, "-c", IMPORTED, render.module]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=True)
    files = {Path(f).resolve() for f in json.loads(result.stdout) if f}
    ours = {f.relative_to(ROOT) for f in files if f.is_relative_to(ROOT) and ".venv" not in f.parts}
    hashed = {p.relative_to(ROOT) for pattern in render.sources for p in ROOT.glob(pattern)}
    assert ours, "the render imported nothing from the repository"
    assert sorted(map(str, ours - hashed)) == []


ABORT = """
import os, signal, sys
from pathlib import Path
from scripts.site.render_cache import CachedRender
render = CachedRender("figures", cache=Path(sys.argv[1]))
print(render.process.pid, flush=True)
os.kill(os.getpid(), getattr(signal, sys.argv[2]))
"""


@pytest.mark.parametrize("how", ["SIGTERM", "SIGINT"])
def test_an_aborted_render_leaves_no_partial_directory(tmp_path: Path, how: str) -> None:
    result = subprocess.run(
        [sys.executable, "-c", ABORT, str(tmp_path), how], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode != 0 and result.stdout.strip().isdigit(), result.stderr
    assert list((tmp_path / "figures").iterdir()) == []
    child = Path("/proc") / result.stdout.strip()
    assert not child.exists() or "zombie" in (child / "status").read_text().lower()


def test_a_partial_directory_of_a_killed_build_is_pruned(tmp_path: Path) -> None:
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True
    )
    (tmp_path / f"abc.partial-{int(dead.stdout)}").mkdir()
    (tmp_path / "keep").mkdir()
    prune(tmp_path, "keep")
    assert [p.name for p in tmp_path.iterdir()] == ["keep"]
