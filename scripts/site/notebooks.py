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
# count, so no rule that could match is lost), so are rules that can never match (a nested
# :root), and so are custom properties that nothing reads. Results are cached on disk by the CSS,
# the classes used and the custom properties the rest of the page reads.
_STYLE_BLOCK = re.compile(r"(<style[^>]*>)(.*?)(</style>)", re.S)
_CLASS_ATTRIBUTE = re.compile(r"""\bclass=(?:"([^"]*)"|'([^']*)')""")
_SELECTOR_CLASS = re.compile(r"\.(-?[_a-zA-Z][\w-]*)")
_PSEUDO_ARGUMENT = re.compile(r"\([^()]*\)")
_LARGE_STYLE = 50_000
# ":root" after a combinator (".jupyter-wrapper :root", as the template scopes JupyterLab's theme
# variables) names the document's root element inside another element: it never matches.
_NESTED_ROOT = re.compile(r"\S[\s>+~]+:root\b")
_VAR_REFERENCE = re.compile(r"var\(\s*(--[\w-]+)")


def _selector_may_match(selector: str, used: set[str]) -> bool:
    if _NESTED_ROOT.search(selector.strip()):
        return False
    while _PSEUDO_ARGUMENT.search(selector):
        selector = _PSEUDO_ARGUMENT.sub("", selector)
    return all(c in used or c.startswith("md-") for c in _SELECTOR_CLASS.findall(selector))


def _drop_unused_properties(rules: list[str]) -> list[str]:
    """Remove custom-property declarations (``--name: ...``) that no ``var()`` reads.

    References are looked for in every kept rule (definitions included, so a property another
    property reads stays) and in the rest of the page (``outside``, added by the caller).
    """
    import tinycss2

    text = "".join(rules)
    referenced = set(_VAR_REFERENCE.findall(text))
    kept = []
    for css in rules:
        for rule in tinycss2.parse_stylesheet(css, skip_whitespace=True, skip_comments=True):
            if rule.type != "qualified-rule" or "--" not in css:
                kept.append(tinycss2.serialize([rule]))
                continue
            declarations = tinycss2.parse_blocks_contents(rule.content)
            body = []
            for item in declarations:
                if item.type == "declaration":
                    if item.name.startswith("--") and item.name not in referenced:
                        continue
                    important = " !important" if item.important else ""
                    value = tinycss2.serialize(item.value).strip()
                    body.append(f"{item.name}:{value}{important}")
                elif item.type not in ("whitespace", "comment"):
                    body.append(tinycss2.serialize([item]))
            if body:
                kept.append(tinycss2.serialize(rule.prelude).strip() + "{" + ";".join(body) + "}")
    return kept


def _prune_css(css: str, used: set[str], outside: str = "") -> str:
    import tinycss2

    outside_refs = sorted(set(_VAR_REFERENCE.findall(outside)))
    key = hashlib.sha256(
        css.encode() + "\0".join(sorted(used)).encode() + "\0".join(outside_refs).encode()
    ).hexdigest()[:16]
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
    # The page's other styles and inline style attributes read custom properties too.
    kept = _drop_unused_properties([*kept, "".join(f"x{{y:var({r})}}" for r in outside_refs)])
    pruned = "".join(kept[:-1])
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
        outside = html[: match.start()] + html[match.end() :]
        return match[1] + _prune_css(match[2], used, outside) + match[3]

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
