"""The snippet harness: pytest-markdown-docs, plus output checking, for every python fence in docs/.

pytest-markdown-docs collects each python fence of a Markdown file as a test item and runs it with
a *runner*; this plugin replaces its default runner and adds what the site's conventions need
(CONTRIBUTING.md, "Snippets on pages"):

- Fences indented inside content tabs, admonitions and list items are collected: the Markdown
  parser has CommonMark's indented-code rule disabled (otherwise they are silently skipped).
- A fence marked ``{.python .continuation}`` re-runs the fences before it, in one namespace, with
  their output discarded; only the last fence's standard output is checked. (pytest-markdown-docs
  itself recognises only the bare word ``continuation``; the harness builds the chain itself.)
- What a fence prints must equal, after stripping trailing whitespace from each line, the content
  of the ``output`` fence that directly follows it at the same indentation. A fence that prints
  with no ``output`` fence after it fails; so does an ``output`` fence after a fence that prints
  nothing.
- ``--update-outputs`` rewrites (or inserts) those ``output`` fences from a real run, keeping
  their indentation, when the session ends (like pydantic's ``--update-examples``).
- ``--markdown-docs`` would also collect the docstrings of every ``.py`` file: those are left to
  ``--doctest-modules``, so each module is collected once.

It is a plugin module loaded with ``-p tests.snippet_harness`` (pyproject.toml's addopts) rather
than ``tests/conftest.py``, because a conftest under ``tests/`` is not loaded for
``pytest docs/...`` and a conftest cannot also be loaded with ``-p`` (pytest registers it twice).
"""

from __future__ import annotations

import contextlib
import difflib
import io
import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from markdown_it import MarkdownIt
from pytest_markdown_docs import _runners
from pytest_markdown_docs.definitions import FenceTestDefinition
from pytest_markdown_docs.plugin import MarkdownDocstringCodeModule, parse_superfences_block_info

# Snippets draw with matplotlib's non-interactive backend, whatever the machine has.
os.environ.setdefault("MPLBACKEND", "Agg")

PYTHON_LANGS = frozenset({"py", "python", "python3"})
OUTPUT_LANG = "output"
UPDATE_OPTION = "--update-outputs"
_EDITS_KEY = pytest.StashKey[list["_Edit"]]()


# ---- Reading a Markdown file ------------------------------------------------------------------


def markdown_parser() -> MarkdownIt:
    """CommonMark without the indented-code rule, so that indented fences are still fences."""
    return MarkdownIt("commonmark").disable("code")


@dataclass(frozen=True)
class Fence:
    """One fenced block of a Markdown file, as the harness sees it."""

    lang: str | None
    options: frozenset[str]
    content: str
    open_line: int  # 0-based line of the opening fence
    close_line: int  # 0-based line just after the closing fence (or end of file)
    indent: str  # the opening fence line's leading whitespace
    marker: str  # "```" or "~~~~", as opened

    @property
    def start_line(self) -> int:
        """The number pytest-markdown-docs uses for this fence (its opening line, 1-based)."""
        return self.open_line + 1

    @property
    def is_continuation(self) -> bool:
        # The site writes {.python .continuation} (a class, so extra.css can mark the block);
        # pytest-markdown-docs itself only knows the bare word, so the harness accepts both.
        return bool({"continuation", ".continuation"} & self.options)

    @property
    def is_tested_python(self) -> bool:
        return self.lang in PYTHON_LANGS and "notest" not in self.options


@dataclass
class MarkdownDoc:
    """The fences of one Markdown file, and which output fence belongs to which python fence."""

    path: Path
    lines: list[str]
    fences: list[Fence]
    # index in `fences` of a python fence -> index of its output fence
    outputs: dict[int, int] = field(default_factory=dict)

    @classmethod
    def read(cls, path: Path) -> MarkdownDoc:
        text = path.read_text(encoding="utf-8")
        lines = text.splitlines(keepends=True)
        tokens = markdown_parser().parse(text)
        fences: list[Fence] = []
        for token in tokens:
            if token.type == "fence" and token.map:
                info = parse_superfences_block_info(token.info)
                lang = info[0] if info else None
                opening = lines[token.map[0]]
                stripped = opening.lstrip()
                marker = stripped[: len(stripped) - len(stripped.lstrip(stripped[0]))]
                fences.append(
                    Fence(
                        lang=lang,
                        options=frozenset(info[1:]),
                        content=token.content,
                        open_line=token.map[0],
                        close_line=token.map[1],
                        indent=opening[: len(opening) - len(stripped)],
                        marker=marker,
                    )
                )
        doc = cls(path, lines, fences)
        for i in range(1, len(fences)):
            # "Directly follows": only blank lines between the two, at the same indentation.
            before, after = fences[i - 1], fences[i]
            between = lines[before.close_line : after.open_line]
            if (
                all(not line.strip() for line in between)
                and after.lang == OUTPUT_LANG
                and before.is_tested_python
                and before.indent == after.indent
            ):
                doc.outputs[i - 1] = i
        return doc

    def python_fence_at(self, start_line: int) -> int:
        for i, fence in enumerate(self.fences):
            if fence.is_tested_python and fence.start_line == start_line:
                return i
        raise LookupError(f"{self.path}: no python fence opens on line {start_line}")

    def chain(self, index: int) -> list[int]:
        """The fences a fence runs: itself, after the fences it continues (pytest-markdown-docs'
        rule: a non-continuation python fence starts a new chain; notest fences are not in it)."""
        python = [i for i, f in enumerate(self.fences) if f.is_tested_python and i <= index]
        chain: list[int] = []
        for i in reversed(python):
            chain.insert(0, i)
            if not self.fences[i].is_continuation:
                break
        return chain

    def orphan_outputs(self) -> list[Fence]:
        """Output fences that no tested python fence directly precedes."""
        paired = set(self.outputs.values())
        return [f for i, f in enumerate(self.fences) if f.lang == OUTPUT_LANG and i not in paired]


_doc_cache: dict[Path, tuple[float, MarkdownDoc]] = {}


def read_doc(path: Path) -> MarkdownDoc:
    mtime = path.stat().st_mtime
    cached = _doc_cache.get(path)
    if cached is None or cached[0] != mtime:
        cached = (mtime, MarkdownDoc.read(path))
        _doc_cache[path] = cached
    return cached[1]


# ---- Running and comparing ----------------------------------------------------------------------


def normalise(text: str) -> str:
    """Strip trailing whitespace from every line and trailing blank lines from the end."""
    lines = [line.rstrip() for line in text.split("\n")]
    while lines and not lines[-1]:
        lines.pop()
    return "\n".join(lines)


class OutputMismatch(AssertionError):
    def __init__(self, message: str, expected: str | None, actual: str) -> None:
        super().__init__(message)
        self.expected = expected
        self.actual = actual


@dataclass(frozen=True)
class _Edit:
    path: Path
    python: Fence
    output: Fence | None
    text: str


@contextlib.contextmanager
def _isolated_state() -> Iterator[None]:
    """Keep one snippet's numpy print options and matplotlib figures out of the next one."""
    numpy = sys.modules.get("numpy")
    saved = numpy.get_printoptions() if numpy is not None else None
    try:
        yield
    finally:
        if numpy is not None and saved is not None:
            numpy.set_printoptions(**saved)
        pyplot = sys.modules.get("matplotlib.pyplot")
        if pyplot is not None:
            pyplot.close("all")


def _run_fence(fence: Fence, path: Path, namespace: dict[str, Any]) -> str:
    """Run one fence in ``namespace``; return what it printed to standard output.

    The code is padded with blank lines so that tracebacks show the line numbers of the .md file.
    """
    source = "\n" * (fence.open_line + 1) + fence.content
    code = compile(source, str(path), "exec", dont_inherit=True)
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        exec(code, namespace)
    return buffer.getvalue()


class OutputCheckingRunner(_runners.DefaultRunner):
    """pytest-markdown-docs' default runner, plus the output check (see the module docstring)."""

    def __init__(self, config: pytest.Config | None = None) -> None:
        self.config = config

    def runtest(
        self, test: FenceTestDefinition, args: dict[str, Any], *, asyncio_runner: Any = None
    ) -> None:
        path = Path(test.source_path)
        if path.suffix != ".md":  # not collected (see pytest_collect_file), kept for safety
            super().runtest(test, args, asyncio_runner=asyncio_runner)
            return
        doc = read_doc(path)
        index = doc.python_fence_at(test.start_line)
        fence = doc.fences[index]
        if not test.source.endswith(fence.content):
            raise RuntimeError(f"{path}:{fence.start_line}: the harness read a different fence")
        *before, last = doc.chain(index)
        with _isolated_state():
            for i in before:
                _run_fence(doc.fences[i], path, args)
            printed = _run_fence(doc.fences[last], path, args)

        output_index = doc.outputs.get(index)
        output = doc.fences[output_index] if output_index is not None else None
        actual = normalise(printed)
        expected = normalise(output.content) if output is not None else None
        if output is None and not actual:
            return  # prints nothing and shows nothing
        if expected == actual and actual:
            return
        if self.config is not None and self.config.getoption("update_outputs") and actual:
            self.config.stash[_EDITS_KEY].append(_Edit(path, fence, output, actual))
            return
        where = f"{path}:{fence.start_line}"
        if output is None and actual:
            message = (
                f"{where}: the block prints but no ```output fence follows it "
                f"(add an empty one and run pytest {UPDATE_OPTION})"
            )
        elif not actual:
            message = f"{where}: the block prints nothing, but an ```output fence follows it"
        else:
            message = f"{where}: the ```output fence differs from what the block prints"
        raise OutputMismatch(message, expected, actual)

    def repr_failure(
        self,
        test: FenceTestDefinition,
        excinfo: pytest.ExceptionInfo[BaseException],
        style: Any = None,
    ) -> str:
        error = excinfo.value
        if not isinstance(error, OutputMismatch):
            return str(super().repr_failure(test, excinfo, style))
        report = [str(error)]
        if error.expected is not None:
            diff = difflib.unified_diff(
                error.expected.split("\n"),
                error.actual.split("\n"),
                "shown in the page",
                "printed by the code",
                lineterm="",
            )
            report.extend(diff)
        else:
            report.append("printed:")
            report.extend("    " + line for line in error.actual.split("\n"))
        report.append(f"(pytest {UPDATE_OPTION} rewrites the output fences from a real run)")
        return "\n".join(report)


# ---- Rewriting output fences ---------------------------------------------------------------------


def _fence_lines(indent: str, marker: str, text: str) -> list[str]:
    body = [(indent + line).rstrip() + "\n" for line in text.split("\n")]
    return [f"{indent}{marker}{OUTPUT_LANG}\n", *body, f"{indent}{marker}\n"]


def apply_edits(edits: list[_Edit]) -> list[Path]:
    """Write the new output fences, bottom-up within each file so line numbers stay valid."""
    by_path: dict[Path, list[_Edit]] = {}
    for edit in edits:
        by_path.setdefault(edit.path, []).append(edit)
    for path, file_edits in by_path.items():
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        if lines and not lines[-1].endswith("\n"):
            lines[-1] += "\n"
        for edit in sorted(file_edits, key=lambda e: e.python.open_line, reverse=True):
            if edit.output is not None:
                out = edit.output
                lines[out.open_line : out.close_line] = _fence_lines(
                    out.indent, out.marker, edit.text
                )
            else:
                fence = edit.python
                new = ["\n", *_fence_lines(fence.indent, fence.marker, edit.text)]
                lines[fence.close_line : fence.close_line] = new
        path.write_text("".join(lines), encoding="utf-8")
    return sorted(by_path)


# ---- pytest hooks ------------------------------------------------------------------------------


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        UPDATE_OPTION,
        action="store_true",
        default=False,
        dest="update_outputs",
        help="rewrite the ```output fences under docs/ from what each python fence prints",
    )


def pytest_configure(config: pytest.Config) -> None:
    config.stash[_EDITS_KEY] = []

    # Registered here, not at import, so that importing this module twice (as --doctest-modules
    # does) cannot swap the runner.
    @_runners.register_runner(default=True)
    class OutputChecking(OutputCheckingRunner):
        def __init__(self) -> None:
            super().__init__(config)


@pytest.hookimpl(tryfirst=True)
def pytest_markdown_docs_markdown_it() -> MarkdownIt:
    return markdown_parser()


@pytest.hookimpl(wrapper=True)
def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> Any:
    collected = yield
    return [c for c in collected if not isinstance(c, MarkdownDocstringCodeModule)]


def pytest_sessionfinish(session: pytest.Session) -> None:
    edits = session.config.stash.get(_EDITS_KEY, [])
    if edits:
        written = apply_edits(edits)
        reporter = session.config.pluginmanager.get_plugin("terminalreporter")
        if reporter is not None:
            reporter.write_line(
                f"{UPDATE_OPTION}: rewrote {len(edits)} output fence(s) in "
                + ", ".join(str(p) for p in written)
            )
