"""Notebook pages: what the build changes in the HTML that mkdocs-jupyter writes.

nbconvert's template (through mkdocs-jupyter) writes a MathJax 2 loader with a CDN URL, its
MathJax 2 configuration and a mermaid loader that imports from a CDN into every notebook page;
the site renders notebook math with its own KaTeX set-up and has no mermaid diagrams, so
``clean_notebook_page`` removes them, and fails the build if the template stops matching. The
same template inlines all of JupyterLab's CSS (about 570 kB) into every notebook page; the rules
that cannot match the page are dropped.
"""

from __future__ import annotations

import hashlib
import re

from mkdocs.exceptions import PluginError

from . import CACHE

# The MathJax 2 loader (its URL may be empty) with its configuration, and the mermaid loader.
_NOTEBOOK_CDN_BLOCKS = (
    re.compile(r"<!-- Load mathjax -->.*?<!-- End of mathjax configuration -->", re.S),
    re.compile(
        r'<script type="module">\s*document\.addEventListener\("DOMContentLoaded", async \(\) => '
        r"\{\s*const diagrams = document\.querySelectorAll\(\"\.jp-Mermaid.*?</script>",
        re.S,
    ),
)


# A static notebook uses a fifth of JupyterLab's CSS. Rules whose selectors name a class that the
# page does not use are dropped (classes inside :not(...) and other pseudo-class arguments do not
# count, so no rule that could match is lost). Results are cached on disk by the CSS and the
# classes used.
_STYLE_BLOCK = re.compile(r"(<style[^>]*>)(.*?)(</style>)", re.S)
_CLASS_ATTRIBUTE = re.compile(r"""\bclass=(?:"([^"]*)"|'([^']*)')""")
_SELECTOR_CLASS = re.compile(r"\.(-?[_a-zA-Z][\w-]*)")
_PSEUDO_ARGUMENT = re.compile(r"\([^()]*\)")
_LARGE_STYLE = 50_000


def _selector_may_match(selector: str, used: set[str]) -> bool:
    while _PSEUDO_ARGUMENT.search(selector):
        selector = _PSEUDO_ARGUMENT.sub("", selector)
    return all(c in used or c.startswith("md-") for c in _SELECTOR_CLASS.findall(selector))


def _prune_css(css: str, used: set[str]) -> str:
    import tinycss2

    key = hashlib.sha256(css.encode() + "\0".join(sorted(used)).encode()).hexdigest()[:16]
    cached = CACHE / "notebook-css" / f"{key}.css"
    if cached.is_file():
        return cached.read_text(encoding="utf-8")
    kept = []
    for rule in tinycss2.parse_stylesheet(css, skip_whitespace=True, skip_comments=True):
        if rule.type == "qualified-rule":
            selectors = tinycss2.serialize(rule.prelude).split(",")
            if not any(_selector_may_match(s, used) for s in selectors):
                continue
        kept.append(tinycss2.serialize([rule]))
    pruned = "".join(kept)
    cached.parent.mkdir(parents=True, exist_ok=True)
    cached.write_text(pruned, encoding="utf-8")
    return pruned


def _prune_notebook_styles(html: str) -> str:
    used = {
        name
        for match in _CLASS_ATTRIBUTE.finditer(html)
        for name in (match[1] or match[2] or "").split()
    }

    def prune(match: re.Match[str]) -> str:
        if len(match[2]) < _LARGE_STYLE:
            return match[0]
        return match[1] + _prune_css(match[2], used) + match[3]

    return _STYLE_BLOCK.sub(prune, html)


def clean_notebook_page(html: str, src_uri: str) -> str:
    """``html`` without the template's CDN loaders and with its large style blocks pruned."""
    for pattern in _NOTEBOOK_CDN_BLOCKS:
        html, count = pattern.subn("", html)
        if count == 0:
            raise PluginError(
                f"{src_uri}: the notebook template changed; update the patterns in "
                "scripts/site/notebooks.py that remove its CDN loaders"
            )
    return _prune_notebook_styles(html)
