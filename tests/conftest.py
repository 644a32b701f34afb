"""Shared fixtures for the site tests.

The snippet harness that runs the python fences of docs/ is the plugin module
``tests/snippet_harness.py`` (loaded with ``-p`` from pyproject.toml), not this file: a conftest
under ``tests/`` is not loaded when pytest is given ``docs/...`` only.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site, built once per session with ``mkdocs build --strict`` into a temporary directory.

    Figures, generated tables and executed notebooks come from ``.cache/`` when their sources are
    unchanged, so this costs a few seconds after the first build. The build must succeed and print
    no warning.
    """
    site = tmp_path_factory.mktemp("site")
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    log = result.stdout + result.stderr
    assert result.returncode == 0, f"mkdocs build --strict failed:\n{log}"
    warnings = [line for line in log.splitlines() if line.startswith("WARNING")]
    assert not warnings, "mkdocs build printed warnings:\n" + "\n".join(warnings)
    print(f"site built in {time.perf_counter() - started:.1f} s")
    return site
