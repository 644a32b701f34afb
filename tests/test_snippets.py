"""The snippet harness (tests/snippet_harness.py): every python fence under docs/ is a test item
(by a line scan, not the harness's parser), every output fence belongs to one, and on a small
page the harness fails what it should."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.snippet_harness import PYTHON, output_pairs, read_fences

ROOT = Path(__file__).resolve().parent.parent
PAGES = sorted((ROOT / "docs").rglob("*.md"))
IDS = [p.relative_to(ROOT / "docs").as_posix() for p in PAGES]
_OPEN = re.compile(r"^[ \t]*(`{3,}|~{3,})\s*\{?\s*\.?(\w*)([^`\n]*)$")
_NOTEST_REASON = re.compile(r"<!--\s*notest:\s*\S.*-->")


def scan(path: Path) -> list[tuple[int, bool, bool]]:
    """(opening line, notest, notest reason on the line before) of each python fence, by lines."""
    found, lines, marker = [], path.read_text(encoding="utf-8").splitlines(), ""
    for number, line in enumerate(lines, start=1):
        if marker:  # inside a fence: only its closing line matters
            if line.strip().startswith(marker) and not line.strip().strip(marker[0]):
                marker = ""
        elif match := _OPEN.match(line):
            marker = match[1]
            if match[2] in PYTHON:
                reason = bool(_NOTEST_REASON.search(lines[number - 2] if number > 1 else ""))
                found.append((number, "notest" in re.split(r"[\s{}]+", match[3]), reason))
    return found


def pytest_run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT), XENT_SNIPPET_PRELOAD="")
    command = [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q", *args]
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, check=False)


def test_every_python_fence_in_docs_is_collected() -> None:
    found = {(p.relative_to(ROOT).as_posix(), n): (t, r) for p in PAGES for n, t, r in scan(p)}
    expected = {key for key, (notest, _) in found.items() if not notest}
    listed = pytest_run("--collect-only", "docs").stdout.splitlines()
    items = [re.fullmatch(r"(docs/.+\.md)::\[CodeFence#\d+\]\[line:(\d+)\]", i) for i in listed]
    collected = {(m[1], int(m[2])) for m in items if m}
    assert len(expected) > 50 and collected == expected
    assert [k for k, (notest, reason) in found.items() if notest and not reason] == []


@pytest.mark.parametrize("page", PAGES, ids=IDS)
def test_every_output_fence_follows_a_python_fence(page: Path) -> None:
    lines, fences = read_fences(page)
    paired = set(output_pairs(lines, fences).values())
    orphans = [f.start + 1 for i, f in enumerate(fences) if f.lang == "output" and i not in paired]
    assert orphans == [], f"output fences on lines {orphans} follow no tested python fence"


PAGE = """```python
print("wrong")
```
```output
right
```
```python
x = 1
```
```output
1
```
=== "Tab"

    ```python
    import sys
    sys.leaked = True
    print("in a tab")
    ```

!!! note

    ```python
    import sys
    print(hasattr(sys, "leaked"))
    ```
    ```output
    False
    ```

```{.python .continuation}
x = 1
```
```python
raise ValueError("this block runs")
```
"""


def test_the_harness_on_a_small_page(tmp_path: Path) -> None:
    """Wrong, missing and needless output fences fail (in tabs too), admonitions run, nothing
    leaks from block to block, continuation fails, --update-outputs rewrites and inserts."""
    (tmp_path / "page.md").write_text(PAGE, encoding="utf-8")
    (tmp_path / "pytest.ini").write_text("[pytest]\n")
    args = ["-p", "tests.snippet_harness", "--markdown-docs", "--markdown-docs-syntax=superfences"]
    out = pytest_run(*args, "page.md", cwd=tmp_path).stdout
    assert "5 failed, 1 passed" in out, out
    for message in ("-right", "+wrong", "prints nothing", "no ```output", "ValueError: this"):
        assert message in out and "continuation is not supported" in out
    pytest_run(*args, "page.md", "--update-outputs", cwd=tmp_path)
    text = (tmp_path / "page.md").read_text(encoding="utf-8")
    assert "```output\nwrong\n```" in text and "    ```output\n    in a tab\n    ```" in text
    assert "3 failed, 3 passed" in pytest_run(*args, "page.md", cwd=tmp_path).stdout
