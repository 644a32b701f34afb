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


_NAV_ENTRY = re.compile(
    r"^(?P<indent>\s*)-\s+(?:(?P<title>[^\n]*?):\s*)?(?P<file>[\w./-]+\.(?:md|ipynb))?\s*$"
)
_TAG = re.compile(r"\\tag\{([^}]*)\}")


def _chapters() -> list[list[Path]]:
    """The nav's top-level entries after Home, each with the files it holds, in nav order."""
    nav = (ROOT / "mkdocs.yml").read_text(encoding="utf-8").split("\nnav:\n", 1)[1]
    chapters: list[list[Path]] = []
    for line in nav.splitlines():
        entry = _NAV_ENTRY.match(line)
        if entry is None:
            break  # the nav is the last section: the first line that is not an entry ends it
        if len(entry["indent"]) == 2:
            chapters.append([])
        if entry["file"]:
            chapters[-1].append(ROOT / "docs" / entry["file"])
    return chapters[1:]  # Home is not numbered


def test_equations_are_numbered_by_chapter_in_nav_order() -> None:
    """Chapter N's display equations are tagged (N.1), (N.2), ... across its pages, in the order
    of the nav: the web pages and the PDF book share one numbering."""
    wrong = {}
    for number, files in enumerate(_chapters(), start=1):
        tags = [t for f in files if f.suffix == ".md" for t in _TAG.findall(f.read_text("utf-8"))]
        expected = [f"{number}.{k}" for k in range(1, len(tags) + 1)]
        if tags != expected:
            wrong[number] = tags
    assert len(_chapters()) >= 8, "nav not parsed"
    assert wrong == {}
