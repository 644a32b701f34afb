"""A Griffe extension for the API reference: numpydoc's reStructuredText bits, as Markdown.

The docstrings of ``xent_ref`` follow numpydoc (as SciPy's do), so they stay readable in
``help()``; mkdocstrings renders docstring text as Markdown. Before it does, this rewrites the
three reStructuredText constructs the docstrings use:

- ``:math:`x``` (inline math) becomes ``$x$``, which pymdownx.arithmatex and KaTeX typeset;
- a ``.. math::`` directive and its indented block become a ``$$ ... $$`` display;
- a reference ``.. [1] text`` becomes a list item ``[1] text``, and a citation ``[1]_``
  becomes ``[1]``;
- a cross-reference ``:func:`name``` becomes an autorefs link to ``xent_ref.name``, shown as
  code (another package's dotted name is shown as code, unlinked).

Loaded by mkdocs.yml (plugins -> mkdocstrings -> python -> options -> extensions).
"""

from __future__ import annotations

import re
import textwrap
from typing import Any

import griffe

_INLINE_MATH = re.compile(r":math:`([^`]+)`")
_CITATION = re.compile(r"\[(\d+)\]_")
_REFERENCE = re.compile(r"^(\s*)\.\. \[(\d+)\]\s+", re.M)
_CROSS_REFERENCE = re.compile(r":(?:func|class|meth|mod|attr|data|obj):`~?([\w.]+)`")


def _link(match: re.Match[str]) -> str:
    name = match[1]
    if "." in name and not name.startswith("xent_ref."):
        return f"`{name}`"  # another package's object: no page of this site to link to
    target = name if "." in name else f"xent_ref.{name}"
    return f"[`{name.rsplit('.', 1)[-1]}`][{target}]"


def _display_math(text: str) -> str:
    lines = text.split("\n")
    out: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        stripped = line.lstrip()
        if stripped.rstrip() != ".. math::":
            out.append(line)
            i += 1
            continue
        indent = line[: len(line) - len(stripped)]
        i += 1
        block: list[str] = []
        while i < len(lines) and (
            not lines[i].strip() or len(lines[i]) - len(lines[i].lstrip()) > len(indent)
        ):
            block.append(lines[i])
            i += 1
        while block and not block[-1].strip():
            block.pop()
        body = textwrap.dedent("\n".join(block)).strip("\n")
        display = [f"{indent}{b}" if b else "" for b in body.split("\n")]
        out += [f"{indent}$$", *display, f"{indent}$$"]
        if i < len(lines) and lines[i].strip():
            out.append("")
    return "\n".join(out)


def rst_to_markdown(text: str) -> str:
    """Rewrite numpydoc's reStructuredText math, references and cross-references as Markdown."""
    text = _display_math(text)
    text = _INLINE_MATH.sub(lambda m: f"${m[1]}$", text)
    text = _REFERENCE.sub(lambda m: f"{m[1]}- [{m[2]}] ", text)
    text = _CROSS_REFERENCE.sub(_link, text)
    return _CITATION.sub(r"[\1]", text)


class NumpydocMarkdown(griffe.Extension):
    """Rewrite every docstring as it is loaded, before mkdocstrings parses its sections."""

    def on_instance(self, *, obj: griffe.Object, **kwargs: Any) -> None:
        if obj.docstring is not None:
            obj.docstring.value = rst_to_markdown(obj.docstring.value)
