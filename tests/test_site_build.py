"""The built site is self-contained: nothing it loads comes from another host.

Every HTML, CSS, JavaScript and SVG file of the site (built by the ``built_site`` fixture with
``mkdocs build --strict``) is read for the resources it loads:

- HTML: ``src`` of scripts, images, frames and media, ``href`` of stylesheet/preload/icon links,
  ``srcset``, ``<object data>``, ``url()`` and ``@import`` in ``<style>`` and ``style=""``, and
  absolute URLs in string literals of inline scripts;
- CSS: ``url()`` and ``@import``;
- JavaScript: absolute URLs in string literals;
- SVG: ``href`` / ``xlink:href``.

None may point at another host. The few URL literals in third-party JavaScript that name an
outside host are listed in ``DORMANT_URLS`` with the condition under which they would be fetched,
and a test checks that the site never meets that condition. Local references must exist.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from bs4 import BeautifulSoup, Tag

# <link rel=...> values that make the browser fetch the href.
LOADING_RELS = {
    "stylesheet",
    "preload",
    "modulepreload",
    "prefetch",
    "preconnect",
    "dns-prefetch",
    "icon",
    "shortcut",
    "apple-touch-icon",
    "manifest",
}
# Elements and attributes that fetch a resource.
LOADING_ATTRIBUTES = {
    "script": ("src",),
    "img": ("src", "srcset"),
    "source": ("src", "srcset"),
    "iframe": ("src",),
    "frame": ("src",),
    "embed": ("src",),
    "object": ("data",),
    "video": ("src", "poster"),
    "audio": ("src",),
    "track": ("src",),
    "input": ("src",),
}
# XML namespace names: identifiers, never fetched.
NAMESPACES = (
    "http://www.w3.org/2000/svg",
    "http://www.w3.org/1999/xlink",
    "http://www.w3.org/1999/xhtml",
    "http://www.w3.org/1998/Math/MathML",
    "http://www.w3.org/XML/1998/namespace",
)
# URL literals in Material's bundle that are fetched only under a condition this site never meets;
# each condition is checked by test_dormant_urls_stay_dormant.
DORMANT_URLS = {
    "https://unpkg.com/resize-observer-polyfill": "only in a browser without ResizeObserver",
    "https://unpkg.com/mermaid@11/dist/mermaid.min.js": "only on a page with a mermaid diagram",
    "https://api.github.com/repos/": "only with repo_url set (repository facts)",
    "https://api.github.com/users/": "only with repo_url set (repository facts)",
}

_CSS_URL = re.compile(r"url\(\s*(['\"]?)(.*?)\1\s*\)", re.S)
_CSS_IMPORT = re.compile(r"@import\s+(['\"])(.*?)\1")
_CSS_COMMENT = re.compile(r"/\*.*?\*/", re.S)
# "https://host/..." or protocol-relative "//host.tld/..." at the start of a string literal.
_JS_URL_LITERAL = re.compile(
    r"""["'`]((?:https?://[A-Za-z0-9.-]+|//[A-Za-z0-9-]+\.[A-Za-z0-9.-]+)[^"'`\s]*)"""
)


def _is_external(url: str) -> bool:
    url = url.strip()
    return url.startswith(("http://", "https://", "//"))


def _is_dormant(url: str) -> bool:
    return url.startswith(NAMESPACES) or any(url.startswith(d) for d in DORMANT_URLS)


def css_references(text: str) -> list[str]:
    text = _CSS_COMMENT.sub("", text)
    refs = [m.group(2) for m in _CSS_URL.finditer(text)]
    refs += [m.group(2) for m in _CSS_IMPORT.finditer(text)]
    return [r for r in refs if not r.startswith(("data:", "#"))]


def js_url_literals(text: str) -> list[str]:
    return [m.group(1) for m in _JS_URL_LITERAL.finditer(text)]


def html_references(text: str) -> tuple[list[str], list[str]]:
    """(resources the page loads, absolute URL literals in its inline scripts)."""
    soup = BeautifulSoup(text, "html.parser")
    refs: list[str] = []
    for tag in soup.find_all(True):
        for attribute in LOADING_ATTRIBUTES.get(tag.name, ()):
            value = str(tag.get(attribute) or "")  # a single-valued attribute: never a list
            if not value:
                continue
            if attribute == "srcset":
                refs += [part.split()[0] for part in value.split(",") if part.strip()]
            else:
                refs.append(value)
        if tag.name == "link" and LOADING_RELS & {r.lower() for r in tag.get_attribute_list("rel")}:
            refs.append(str(tag.get("href") or ""))
        if tag.get("style"):
            refs += css_references(str(tag["style"]))
    for style in soup.find_all("style"):
        refs += css_references(style.get_text())
    literals: list[str] = []
    for script in soup.find_all("script"):
        if not script.get("src"):
            literals += js_url_literals(script.get_text())
    return [r for r in refs if r and not r.startswith(("data:", "#"))], literals


def svg_references(text: str) -> list[str]:
    return re.findall(r"""(?:xlink:)?href\s*=\s*["']([^"'#][^"']*)["']""", text)


def _site_files(site: Path, *suffixes: str) -> list[Path]:
    return sorted(p for p in site.rglob("*") if p.suffix in suffixes and p.is_file())


def _resolve(site: Path, source: Path, ref: str) -> Path:
    path = unquote(urlsplit(ref).path)
    base = site if path.startswith("/") else source.parent
    return (base / path.lstrip("/")).resolve()


def test_nothing_is_loaded_from_another_host(built_site: Path) -> None:
    external: list[str] = []
    for page in _site_files(built_site, ".html"):
        refs, literals = html_references(page.read_text(encoding="utf-8"))
        rel = page.relative_to(built_site)
        external += [f"{rel}: {r}" for r in refs if _is_external(r)]
        external += [f"{rel} (inline script): {u}" for u in literals if not _is_dormant(u)]
    for sheet in _site_files(built_site, ".css"):
        refs = css_references(sheet.read_text(encoding="utf-8"))
        external += [f"{sheet.relative_to(built_site)}: {r}" for r in refs if _is_external(r)]
    for script in _site_files(built_site, ".js"):
        literals = js_url_literals(script.read_text(encoding="utf-8"))
        external += [
            f"{script.relative_to(built_site)}: {u}" for u in literals if not _is_dormant(u)
        ]
    for svg in _site_files(built_site, ".svg"):
        refs = svg_references(svg.read_text(encoding="utf-8"))
        external += [f"{svg.relative_to(built_site)}: {r}" for r in refs if _is_external(r)]
    assert not external, "resources from other hosts:\n" + "\n".join(external)


def test_every_local_resource_exists(built_site: Path) -> None:
    missing: list[str] = []
    for page in _site_files(built_site, ".html"):
        refs, _ = html_references(page.read_text(encoding="utf-8"))
        for ref in refs:
            if not _is_external(ref) and not _resolve(built_site, page, ref).is_file():
                missing.append(f"{page.relative_to(built_site)}: {ref}")
    for sheet in _site_files(built_site, ".css"):
        for ref in css_references(sheet.read_text(encoding="utf-8")):
            if not _is_external(ref) and not _resolve(built_site, sheet, ref).is_file():
                missing.append(f"{sheet.relative_to(built_site)}: {ref}")
    assert not missing, "references to files the site does not have:\n" + "\n".join(missing)


def test_dormant_urls_stay_dormant(built_site: Path) -> None:
    pages = [p.read_text(encoding="utf-8") for p in _site_files(built_site, ".html")]
    # mermaid: Material loads it for a diagram (class "mermaid"); the site draws none.
    assert not any('class="mermaid"' in text for text in pages)
    # Repository facts: Material calls the GitHub API only for a header source link (repo_url).
    assert not any('data-md-component="source"' in text for text in pages)
    # ResizeObserver: every browser the site supports has it (Chromium since 64), so the polyfill
    # URL is dead code; nothing in the site can make it live.


def test_search_works_offline(built_site: Path) -> None:
    """The offline plugin inlines the search index as a script and the file:// shim is local."""
    index = built_site / "search" / "search_index.js"
    assert index.is_file() and index.read_text(encoding="utf-8").startswith("var __index = ")
    home = (built_site / "index.html").read_text(encoding="utf-8")
    assert '<script src="assets/vendor/iframe-worker/index.js"></script>' in home
    assert (built_site / "assets" / "vendor" / "iframe-worker" / "index.js").is_file()


def test_math_is_typeset_by_the_build(built_site: Path) -> None:
    """Formulas reach the reader typeset (scripts/site/typeset.py): each is KaTeX's HTML with its
    MathML and TeX, no page loads a math script, and KaTeX's stylesheet and fonts are served."""
    katex_css = (built_site / "assets" / "vendor" / "katex" / "katex.min.css").resolve()
    formulas = 0
    for page in _site_files(built_site, ".html"):
        rel = page.relative_to(built_site)
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        scripts = [str(script.get("src") or "") for script in soup.find_all("script")]
        assert not [s for s in scripts if re.search(r"katex|mathjax|math\.js", s, re.I)], rel
        elements = soup.select(".arithmatex")
        for element in elements:
            children = [c for c in element.children if not (isinstance(c, str) and not c.strip())]
            assert len(children) == 1, f"{rel}: {str(element)[:200]}"  # no TeX left beside it
            box = children[0]
            assert isinstance(box, Tag) and {"katex", "katex-display"} & set(box.get("class") or [])
            katex = element.select(".katex")
            assert len(katex) == 1 and katex[0].select_one(".katex-html"), rel
            tex = katex[0].select_one(
                '.katex-mathml > math annotation[encoding="application/x-tex"]'
            )
            assert tex is not None and tex.get_text().strip(), f"{rel}: no MathML with its TeX"
        # Notebook Markdown keeps $...$ as text until the build typesets it: none may be left.
        for cell in soup.select(".jp-MarkdownOutput"):
            for typeset_or_code in cell.select(".katex, code, pre"):
                typeset_or_code.decompose()
            assert "$" not in cell.get_text(), f"{rel}: untypeset notebook math"
        if elements:
            sheets = [str(link.get("href")) for link in soup.select('link[rel="stylesheet"]')]
            assert katex_css in {_resolve(built_site, page, href) for href in sheets}, rel
        formulas += len(elements)
    assert formulas >= 1000, f"only {formulas} formulas in the whole site"
    faces = re.findall(r"@font-face\{[^}]*\}", katex_css.read_text(encoding="utf-8"))
    families = set(re.findall(r"font-family:\s*([\w-]+)", "".join(faces)))
    assert {"KaTeX_Main", "KaTeX_Math", "KaTeX_AMS", "KaTeX_Size1"} <= families
    for face in faces:
        for ref in css_references(face):
            assert _resolve(built_site, katex_css, ref).is_file(), ref


@pytest.mark.parametrize(
    ("snippet", "external"),
    [
        ('<script src="https://cdn.example/x.js"></script>', True),
        ('<link rel="stylesheet" href="//fonts.example/css">', True),
        ('<link rel="canonical" href="https://xent.example/">', False),
        ('<a href="https://example.org/">a link is not a load</a>', False),
        ('<img srcset="a.png 1x, https://img.example/b.png 2x">', True),
        ('<div style="background: url(https://img.example/b.png)"></div>', True),
        ("<style>@import 'https://fonts.example/a.css';</style>", True),
        ('<script>import("https://esm.example/m.js")</script>', True),
        ("<script>var s = 'http://www.w3.org/2000/svg';</script>", False),
        ('<script src="assets/x.js"></script>', False),
    ],
)
def test_the_scanner_sees_external_loads(snippet: str, external: bool) -> None:
    refs, literals = html_references(f"<html><head>{snippet}</head></html>")
    found = any(_is_external(r) for r in refs) or any(not _is_dormant(u) for u in literals)
    assert found is external


def test_output_fences_are_labelled_and_not_copyable(built_site: Path) -> None:
    """Output fences carry Material's no-copy class (set by the hook), so they get no copy
    button; extra.css (served inside site.css) labels them "Output"."""
    outputs = 0
    for page in _site_files(built_site, ".html"):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for block in soup.select("div.language-output"):
            outputs += 1
            assert "no-copy" in block["class"], f"{page.relative_to(built_site)}: {block}"
    assert outputs > 0, "no output fence in the whole site"
    css = (built_site / "assets" / "stylesheets" / "site.css").read_text(encoding="utf-8")
    assert 'content: "Output"' in css


def test_api_reference_renders_docstring_math(built_site: Path) -> None:
    """numpydoc's :math: and .. math:: reach the page as arithmatex math, not as raw markup
    (scripts/site/griffe_numpydoc.py)."""
    api = "".join(
        p.read_text(encoding="utf-8") for p in sorted((built_site / "api").glob("*.html"))
    )
    text = BeautifulSoup(api, "html.parser").get_text()
    assert ":math:" not in text and ".. math::" not in text and ".. [1]" not in text
    assert api.count('class="arithmatex"') >= 20


# A reStructuredText role left as written (":func:", ":math:", ":py:class:") outside code.
_ROLE = re.compile(r"(?<![\w:]):[a-z]+(?::[a-z]+)?:(?![\w/])")


def test_no_restructuredtext_role_is_left_on_any_page(built_site: Path) -> None:
    """Every docstring role is rendered (math typeset, cross-references linked) on every page."""
    found = {}
    for page in sorted(built_site.rglob("*.html")):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for element in soup(["pre", "code", "script", "style", "annotation", "math"]):
            element.decompose()
        if roles := _ROLE.findall(soup.get_text()):
            found[page.relative_to(built_site).as_posix()] = roles
    assert found == {}
