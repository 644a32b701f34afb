"""The snippet harness (tests/snippet_harness.py): nothing drops out, and it checks what it claims.

The python fences of the pages themselves run as their own test items (``pytest docs``); these
tests check the harness: that every python fence under docs/ is one of those items, that no
``output`` fence is left without the fence it shows, and, on small Markdown files, that a wrong
output fails, an indented fence is collected, continuations work and ``--update-outputs`` rewrites.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.snippet_harness import PYTHON_LANGS, read_doc

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
PAGES = sorted(DOCS.rglob("*.md"))

_OPEN = re.compile(r"^(?P<indent>[ \t>]*)(?P<marker>`{3,}|~{3,})(?P<info>.*)$")
_NOTEST_REASON = re.compile(r"<!--\s*notest:\s*\S.*-->")


def _info_lang(info: str) -> str | None:
    """The language of a fence's info string, in either `python` or `{.python ...}` form."""
    info = info.strip()
    if info.startswith("{"):
        classes = [w[1:] for w in info.strip("{}").split() if w.startswith(".")]
        return classes[0] if classes else None
    return info.split()[0] if info else None


def scan_python_fences(path: Path) -> list[tuple[int, bool, bool]]:
    """Every python fence of a Markdown file, found line by line, independently of the harness.

    Returns ``(1-based opening line, marked notest, has a notest reason)`` for each. Fences
    nested in another fence (an example of Markdown inside a ``markdown`` fence) are content of
    that fence, not fences.
    """
    found = []
    lines = path.read_text(encoding="utf-8").splitlines()
    open_marker: str | None = None
    for number, line in enumerate(lines, start=1):
        if open_marker is not None:
            stripped = line.strip().lstrip(">").strip()
            if stripped and set(stripped) == {open_marker[0]} and len(stripped) >= len(open_marker):
                open_marker = None
            continue
        match = _OPEN.match(line)
        if match is None or (match["marker"][0] == "`" and "`" in match["info"]):
            continue
        open_marker = match["marker"]
        if _info_lang(match["info"]) in PYTHON_LANGS:
            notest = (
                "notest" in match["info"].split() or "notest" in match["info"].strip("{}").split()
            )
            previous = next((p for p in reversed(lines[: number - 1]) if p.strip()), "")
            found.append((number, notest, bool(_NOTEST_REASON.search(previous))))
    return found


def collected_fence_items() -> set[tuple[str, int]]:
    """The markdown-docs items that pytest collects under docs/, as (page, opening line)."""
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", "docs"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode in (0, 5), result.stdout + result.stderr  # 5: nothing collected
    items = set()
    for node_id in result.stdout.splitlines():
        match = re.fullmatch(r"(docs/.+\.md)::\[CodeFence#\d+\]\[line:(\d+)\]", node_id.strip())
        if match:
            items.add((match[1], int(match[2])))
    return items


def test_every_python_fence_in_docs_is_collected() -> None:
    expected = set()
    excluded = []
    for page in PAGES:
        rel = page.relative_to(ROOT).as_posix()
        for line, notest, has_reason in scan_python_fences(page):
            if notest:
                excluded.append((rel, line, has_reason))
            else:
                expected.add((rel, line))
    collected = collected_fence_items()
    missing = sorted(expected - collected)
    assert not missing, f"python fences that pytest does not collect: {missing}"
    assert not sorted(collected - expected), "collected items the scan did not find"
    unexplained = [(rel, line) for rel, line, has_reason in excluded if not has_reason]
    assert not unexplained, (
        "notest fences need a reason on the line before: <!-- notest: why --> "
        f"(found none for {unexplained})"
    )


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.relative_to(DOCS).as_posix())
def test_every_output_fence_follows_a_python_fence(page: Path) -> None:
    orphans = [f.start_line for f in read_doc(page).orphan_outputs()]
    assert not orphans, (
        f"{page.relative_to(ROOT)}: ```output fences on lines {orphans} do not directly follow "
        "a tested python fence at the same indentation"
    )


# ---- The harness on small Markdown files ------------------------------------------------------


def run_pytest(directory: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run pytest with the harness in ``directory``, isolated from this project's settings."""
    ini = directory / "pytest.ini"
    ini.write_text("[pytest]\n")
    env = dict(os.environ, PYTHONPATH=str(ROOT), PYTHONDONTWRITEBYTECODE="1")
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-c",
            str(ini),
            "--rootdir",
            str(directory),
            "-p",
            "no:cacheprovider",
            "-p",
            "tests.snippet_harness",
            "--markdown-docs",
            "--markdown-docs-syntax=superfences",
            "-q",
            *args,
        ],
        cwd=directory,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def write_page(directory: Path, text: str) -> Path:
    page = directory / "page.md"
    page.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return page


def test_a_matching_output_passes_and_a_wrong_one_fails(tmp_path: Path) -> None:
    write_page(
        tmp_path,
        """
        ```python
        print(f"{2 / 3:.3f} bits")
        ```

        ```output
        0.667 bits
        ```

        ```python
        print(f"{1 / 3:.3f} bits")
        ```

        ```output
        0.334 bits
        ```
        """,
    )
    result = run_pytest(tmp_path, "page.md")
    assert "1 failed, 1 passed" in result.stdout, result.stdout
    assert "-0.334 bits" in result.stdout
    assert "+0.333 bits" in result.stdout


def test_trailing_whitespace_does_not_count(tmp_path: Path) -> None:
    write_page(
        tmp_path,
        """
        ```python
        print("a   ")
        print("b")
        print()
        ```

        ```output
        a
        b
        ```
        """,
    )
    result = run_pytest(tmp_path, "page.md")
    assert "1 passed" in result.stdout, result.stdout


def test_a_fence_that_prints_needs_an_output_fence(tmp_path: Path) -> None:
    write_page(
        tmp_path,
        """
        ```python
        x = 1  # prints nothing: needs no output fence
        ```

        ```python
        print("shown nowhere")
        ```

        Some prose.
        """,
    )
    result = run_pytest(tmp_path, "page.md")
    assert "1 failed, 1 passed" in result.stdout, result.stdout
    assert "no ```output fence follows it" in result.stdout


def test_fences_indented_in_tabs_and_admonitions_are_collected_and_checked(
    tmp_path: Path,
) -> None:
    write_page(
        tmp_path,
        """
        === "Bits"

            ```python
            print("tab one")
            ```

            ```output
            tab one
            ```

        === "Nats"

            ```python
            print("tab two")
            ```

            ```output
            wrong
            ```

        !!! note "Inside an admonition"

            ```python
            raise ValueError("this fence runs")
            ```
        """,
    )
    result = run_pytest(tmp_path, "page.md")
    assert "2 failed, 1 passed" in result.stdout, result.stdout
    assert "this fence runs" in result.stdout


def test_a_continuation_reruns_the_chain_and_checks_only_its_own_output(tmp_path: Path) -> None:
    write_page(
        tmp_path,
        """
        ```python
        total = 40
        print("first")
        ```

        ```output
        first
        ```

        ```{.python .continuation}
        total += 2
        print(total)
        ```

        ```output
        42
        ```
        """,
    )
    result = run_pytest(tmp_path, "page.md")
    assert "2 passed" in result.stdout, result.stdout


def test_an_output_fence_without_its_python_fence_is_an_orphan(tmp_path: Path) -> None:
    page = write_page(
        tmp_path,
        """
        ```python
        print(1)
        ```

        Prose between the two.

        ```output
        1
        ```

        !!! note

            ```python
            print(2)
            ```

        ```output
        2
        ```
        """,
    )
    doc = read_doc(page)
    assert [f.start_line for f in doc.orphan_outputs()] == [7, 17]


def test_update_outputs_rewrites_and_inserts_output_fences(tmp_path: Path) -> None:
    page = write_page(
        tmp_path,
        """
        ```python
        print("new value")
        ```

        ```output
        old value
        ```

        === "Tab"

            ```python
            for i in range(2):
                print(f"row {i}")
            ```

            ```output
            ```

        ```python
        print("had no output fence")
        ```

        The end.
        """,
    )
    result = run_pytest(tmp_path, "page.md", "--update-outputs")
    assert result.returncode == 0, result.stdout
    assert page.read_text() == textwrap.dedent(
        """\
        ```python
        print("new value")
        ```

        ```output
        new value
        ```

        === "Tab"

            ```python
            for i in range(2):
                print(f"row {i}")
            ```

            ```output
            row 0
            row 1
            ```

        ```python
        print("had no output fence")
        ```

        ```output
        had no output fence
        ```

        The end.
        """
    )
    again = run_pytest(tmp_path, "page.md")
    assert "3 passed" in again.stdout, again.stdout


def test_the_scan_finds_fences_in_any_indentation_and_skips_nested_ones(tmp_path: Path) -> None:
    page = write_page(
        tmp_path,
        """
        ```python
        a = 1
        ```

        ````markdown
        ```python
        not_a_fence = True
        ```
        ````

        === "Tab"

            ```{.python .continuation}
            b = 2
            ```

        <!-- notest: draws a window -->
        ```{.python notest}
        c = 3
        ```
        """,
    )
    assert scan_python_fences(page) == [(1, False, False), (13, False, False), (18, True, True)]


_OUTPUT_FENCE = re.compile(r"^[ \t]*```output[^\n]*\n(.*?)^[ \t]*```", re.S | re.M)
_ANY_FENCE = re.compile(r"^[ \t]*```.*?^[ \t]*```", re.S | re.M)
# A computed value quoted in prose: a decimal with three or more digits after the point
# (inputs such as 0.10 or thresholds such as 0.20 have two, and are not results).
_COMPUTED_NUMBER = re.compile(r"(?<![\w.])\d+\.\d{3,}(?:e-?\d+)?")


@pytest.mark.parametrize(
    "page", sorted(DOCS.rglob("*.md")), ids=lambda p: p.relative_to(DOCS).as_posix()
)
def test_numbers_in_prose_are_printed_by_the_page(page: Path) -> None:
    """Every computed number quoted outside code appears in an output fence of the same page."""
    text = page.read_text(encoding="utf-8")
    printed = "\n".join(_OUTPUT_FENCE.findall(text))
    prose = re.sub(r"`[^`\n]*`", "", _ANY_FENCE.sub("", text))
    quoted = {m.group(0) for m in _COMPUTED_NUMBER.finditer(prose)}
    missing = sorted(n for n in quoted if n not in printed)
    assert not missing, (
        f"{page.name}: numbers quoted in prose that no output fence prints: {missing}"
    )
