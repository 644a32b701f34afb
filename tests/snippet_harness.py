"""The snippet harness: every python fence of docs/ runs alone and prints what the page shows.

pytest-markdown-docs collects the fences; the parser this plugin gives it (through the hook
``pytest_markdown_docs_markdown_it``) drops CommonMark's indented-code rule, so fences in tabs,
admonitions and lists are collected. Each fence runs as if pasted into a fresh interpreter: in a
process forked from a forkserver (a new interpreter that only imported PRELOAD), in a namespace
of its own. What it prints must match the ``output`` fence right after it at the same
indentation (trailing whitespace aside); ``--update-outputs`` rewrites them. Loaded with ``-p``.
"""

from __future__ import annotations

import contextlib
import difflib
import io
import itertools
import multiprocessing
import os
import traceback
import warnings
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import pytest
from _pytest.config import parse_warning_filter
from markdown_it import MarkdownIt
from pytest_markdown_docs import _runners
from pytest_markdown_docs.definitions import FenceTestDefinition
from pytest_markdown_docs.plugin import MarkdownDocstringCodeModule, parse_superfences_block_info

PYTHON = frozenset({"py", "python", "python3"})
UPDATE = "--update-outputs"
# Imported once by the forkserver; XENT_SNIPPET_PRELOAD="" (the harness's own tests) skips it.
PRELOAD = os.environ.get(
    "XENT_SNIPPET_PRELOAD", "numpy,xent_ref,matplotlib.pyplot,scipy.stats,sklearn.metrics,torch"
).split(",")
TIMEOUT_S = 300
PARSER = MarkdownIt("commonmark").disable("code")
EDITS = pytest.StashKey[list[tuple[Path, "Fence", "Fence | None", str]]]()


@dataclass(frozen=True)
class Fence:
    lang: str
    options: frozenset[str]
    content: str
    start: int  # 0-based line of the opening fence
    end: int  # 0-based line after the closing fence
    indent: str
    marker: str

    def lines(self, text: str) -> list[str]:
        body = [(self.indent + line).rstrip() + "\n" for line in text.split("\n")]
        return [f"{self.indent}{self.marker}output\n", *body, f"{self.indent}{self.marker}\n"]


def read_fences(path: Path) -> tuple[list[str], list[Fence]]:
    """The lines of a Markdown file and its fences, read with the harness's parser."""
    text = path.read_text(encoding="utf-8")
    lines, fences = text.splitlines(keepends=True), []
    for token in PARSER.parse(text):
        if token.type == "fence" and token.map:
            lang, *options = parse_superfences_block_info(token.info) or [""]
            (start, end), opening = token.map, lines[token.map[0]]
            indent = opening[: len(opening) - len(opening.lstrip())]
            fences.append(
                Fence(lang, frozenset(options), token.content, start, end, indent, token.markup)
            )
    return lines, fences


def output_pairs(lines: list[str], fences: list[Fence]) -> dict[int, int]:
    """Index of each tested python fence -> index of the output fence right after it."""
    return {
        i: i + 1
        for i, (code, out) in enumerate(itertools.pairwise(fences))
        if code.lang in PYTHON
        and "notest" not in code.options
        and out.lang == "output"
        and code.indent == out.indent
        and not "".join(lines[code.end : out.start]).strip()
    }


def normalise(text: str) -> str:
    return "\n".join(line.rstrip() for line in text.rstrip().split("\n")) if text.strip() else ""


def run_alone(source: str, filename: str, filters: list[str], pipe: Connection) -> None:
    """In a fresh process: run one fence in a namespace of its own; send (stdout, error)."""
    for line in filters:  # pyproject.toml's filterwarnings: a RuntimeWarning is an error
        warnings.filterwarnings(*parse_warning_filter(line, escape=False))
    stdout, error = io.StringIO(), None
    try:
        with contextlib.redirect_stdout(stdout):
            exec(compile(source, filename, "exec", dont_inherit=True), {"__name__": "__main__"})
    except BaseException:
        error = traceback.format_exc()
    pipe.send((stdout.getvalue(), error))


class SnippetFailure(AssertionError):
    """A block raised, printed what the page does not show, or is marked continuation."""


class Runner(_runners.DefaultRunner):
    config: pytest.Config
    context = multiprocessing.get_context("forkserver")

    def runtest(self, test: FenceTestDefinition, args: dict[str, Any], **_: Any) -> None:
        path = Path(test.source_path)
        lines, fences = read_fences(path)
        index = next(i for i, f in enumerate(fences) if f.start + 1 == test.start_line)
        code, where = fences[index], f"{path}:{test.start_line}"
        if {"continuation", ".continuation"} & code.options:
            raise SnippetFailure(f"{where}: continuation is not supported: make it run alone")
        receive, send = Runner.context.Pipe(duplex=False)
        job = (test.source, str(path), self.config.getini("filterwarnings"), send)
        process = Runner.context.Process(target=run_alone, args=job)
        process.start()
        send.close()
        printed, error = "", f"its process ended without a result or ran over {TIMEOUT_S} s"
        if receive.poll(TIMEOUT_S):
            with contextlib.suppress(EOFError):
                printed, error = receive.recv()
        process.kill()
        process.join()
        if error is not None:
            raise SnippetFailure(f"{where}: the block raised\n{error}")
        printed = normalise(printed)
        pair = output_pairs(lines, fences).get(index)
        output = fences[pair] if pair is not None else None
        shown = normalise(output.content) if output is not None else None
        if printed == (shown or "") and (printed or output is None):
            return
        if printed and printed != shown and self.config.getoption("update_outputs"):
            self.config.stash[EDITS].append((path, code, output, printed))
            return
        if not printed:
            raise SnippetFailure(f"{where}: prints nothing, but an ```output fence follows it")
        if shown is None:
            raise SnippetFailure(f"{where}: prints, but no ```output fence follows it:\n{printed}")
        diff = difflib.unified_diff(shown.split("\n"), printed.split("\n"), lineterm="")
        raise SnippetFailure(f"{where}: -page +printed ({UPDATE} fixes):\n" + "\n".join(diff))


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(UPDATE, action="store_true", dest="update_outputs", help="rewrite ```output")


def pytest_configure(config: pytest.Config) -> None:
    config.stash[EDITS] = []
    Runner.config = config
    os.environ.setdefault("MPLBACKEND", "Agg")  # inherited by the forkserver; nothing starts yet
    Runner.context.set_forkserver_preload([*filter(None, PRELOAD), __name__])
    _runners.register_runner(default=True)(Runner)


@pytest.hookimpl(tryfirst=True)
def pytest_markdown_docs_markdown_it() -> MarkdownIt:
    return PARSER


@pytest.hookimpl(wrapper=True)
def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> Any:
    # Docstrings of .py files are --doctest-modules' to run, not markdown-docs'.
    return [c for c in (yield) if not isinstance(c, MarkdownDocstringCodeModule)]


def pytest_sessionfinish(session: pytest.Session) -> None:
    """Write the new output fences, bottom-up within each file so line numbers stay valid."""
    edits = session.config.stash[EDITS]
    edits.sort(key=lambda e: -e[1].start)
    for path in {edit[0] for edit in edits}:
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        for _, code, output, text in (edit for edit in edits if edit[0] == path):
            at = output or Fence("", frozenset(), "", code.end, code.end, code.indent, code.marker)
            lines[at.start : at.end] = ([] if output else ["\n"]) + at.lines(text)
        path.write_text("".join(lines), encoding="utf-8")
    if edits:
        print(f"\n{UPDATE}: rewrote {len(edits)} output fence(s)")
