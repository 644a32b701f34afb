"""What the pages' own text and code must satisfy, beyond running (tests/test_snippets.py).

Every number the prose quotes is printed by an output fence of its page, and every python fence
passes ruff's lint and format check with the project's settings.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.snippet_harness import PYTHON, read_fences

ROOT = Path(__file__).resolve().parent.parent
PAGES = sorted((ROOT / "docs").rglob("*.md"))
IDS = [p.relative_to(ROOT / "docs").as_posix() for p in PAGES]

_NUMBER = re.compile(r"(?<![\w.])\d+\.\d{3,}(?:e-?\d+)?(?![\w.]*\d)")


@pytest.mark.parametrize("page", PAGES, ids=IDS)
def test_numbers_in_prose_are_printed_by_the_page(page: Path) -> None:
    """A computed number the prose quotes (three or more decimals) is a whole number printed by
    an output fence of the page: "0.333" does not match a printed "0.3333"."""
    lines, fences = read_fences(page)
    printed = {n for f in fences if f.lang == "output" for n in _NUMBER.findall(f.content)}
    for fence in reversed(fences):
        lines[fence.start : fence.end] = []
    prose = re.sub(r"`[^`\n]*`", "", "".join(lines))
    assert sorted(set(_NUMBER.findall(prose)) - printed) == []


def test_python_fences_pass_ruff(tmp_path: Path) -> None:
    for page in PAGES:
        for fence in read_fences(page)[1]:
            if fence.lang in PYTHON:
                name = f"{page.stem}_{fence.start + 1}.py".replace("-", "_")
                (tmp_path / page.parent.name / name).parent.mkdir(exist_ok=True)
                (tmp_path / page.parent.name / name).write_text(fence.content, encoding="utf-8")
    # A reader installs xent_ref like numpy; printed strings use the pages' Greek and minus signs.
    config = ["--config", str(ROOT / "pyproject.toml"), "--config", "lint.ignore=['RUF001']"]
    config += ["--config", "lint.isort.known-third-party=['xent_ref']"]
    for command in (["check", "--no-cache"], ["format", "--check", "--no-cache", "--diff"]):
        ruff = [sys.executable, "-m", "ruff", *command, *config, str(tmp_path)]
        result = subprocess.run(ruff, capture_output=True, text=True, check=False)
        assert result.returncode == 0, result.stdout + result.stderr
