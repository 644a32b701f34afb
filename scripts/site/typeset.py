"""Math typeset at build time with KaTeX, so that pages run no math JavaScript.

Every formula of a page is found in the HTML MkDocs renders: the ``arithmatex`` elements that
pymdownx.arithmatex writes (``\\(...\\)`` inline, ``\\[...\\]`` or a bare environment for a
display) and the ``$...$`` / ``$$...$$`` that notebook Markdown cells keep as text
(mkdocs-jupyter). Each page's formulas go in one batch to one Node process per build
(``katex_render.mjs``, started on the first formula the cache does not hold), which answers with
KaTeX's HTML and MathML: the HTML draws the formula with KaTeX's fonts (its stylesheet is the only
math asset a page loads), the MathML is what screen readers read and what a printed PDF keeps as
text. Results are cached on disk under ``.cache/katex/`` by the KaTeX version and the renderer's
source, so a warm build starts no Node process at all. A formula KaTeX cannot typeset fails the
build, naming the page and the formula.

The search index gets the page without its typeset formulas (``search_view``): their glyphs and
MathML would fill the index with text nobody searches for.
"""

from __future__ import annotations

import base64
import hashlib
import html as html_lib
import json
import logging
import os
import re
import subprocess
import tempfile
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from mkdocs.exceptions import PluginError

from scripts.site import CACHE, ROOT

RENDERER = Path(__file__).with_name("katex_render.mjs")
KATEX_PACKAGE = ROOT / "node_modules" / "katex" / "package.json"

# pymdownx.arithmatex (generic mode): the TeX, HTML-escaped, is the element's only content.
_ARITHMATEX = re.compile(r'<(span|div) class="arithmatex">(.*?)</\1>', re.S)
_INLINE = re.compile(r"\A\\\((.*)\\\)\Z", re.S)
_DISPLAY = re.compile(r"\A\\\[(.*)\\\]\Z", re.S)

# A notebook's rendered Markdown cell, and the math its text keeps: $$...$$ first, then $...$ (a
# dollar escaped as \$ is not a delimiter).
_NOTEBOOK_MARKDOWN = re.compile(r'<div class="[^"]*\bjp-MarkdownOutput\b[^"]*"[^>]*>')
_TAG = re.compile(r"(<[^>]*>)")
_DOLLARS = re.compile(r"(?<!\\)\$\$(.+?)(?<!\\)\$\$|(?<![\\$])\$(?!\s)([^$]+?)(?<![\\\s])\$", re.S)
_RAW_TEXT_TAGS = ("code", "pre", "script", "style")


def _katex_version() -> str:
    try:
        return str(json.loads(KATEX_PACKAGE.read_text(encoding="utf-8"))["version"])
    except (OSError, ValueError, KeyError) as error:
        raise PluginError(
            f"{KATEX_PACKAGE} is missing or unreadable: install the web assets with `npm ci` "
            "(scripts/setup.sh)"
        ) from error


class Typesetter:
    """Typesets formulas through one Node process, with an on-disk cache of the results."""

    def __init__(self) -> None:
        version = _katex_version()
        digest = hashlib.sha256(version.encode() + b"\0" + RENDERER.read_bytes()).hexdigest()
        self.cache_file = CACHE / "katex" / f"{digest[:16]}.json"
        self.cache: dict[str, str] = {}
        if self.cache_file.is_file():
            try:
                self.cache = json.loads(self.cache_file.read_text(encoding="utf-8"))
            except ValueError:
                self.cache = {}
        self.added: dict[str, str] = {}
        self.process: subprocess.Popen[str] | None = None
        self.formulas = 0

    @staticmethod
    def key(tex: str, display: bool) -> str:
        return hashlib.sha256(f"{int(display)}\0{tex}".encode()).hexdigest()[:24]

    def _node(self) -> subprocess.Popen[str]:
        if self.process is None:
            self.process = subprocess.Popen(
                ["node", str(RENDERER)],
                cwd=ROOT,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                encoding="utf-8",
            )
            assert self.process.stdout is not None
            ready = self.process.stdout.readline()
            if not ready.startswith('{"katex"'):
                message = self.process.stderr.read() if self.process.stderr else ""
                raise PluginError(f"node {RENDERER.name} did not start: {ready}{message}")
        return self.process

    def render(self, items: list[tuple[str, bool]], where: str) -> list[str]:
        """The HTML of each ``(tex, display)``; a formula KaTeX rejects raises PluginError."""
        keys = [self.key(tex, display) for tex, display in items]
        missing: dict[str, tuple[str, bool]] = {}
        for key, item in zip(keys, items, strict=True):
            if key not in self.cache and key not in missing:
                missing[key] = item
        if missing:
            process = self._node()
            assert process.stdin is not None and process.stdout is not None
            batch = [{"tex": tex, "display": display} for tex, display in missing.values()]
            process.stdin.write(json.dumps(batch) + "\n")
            process.stdin.flush()
            answer = process.stdout.readline()
            if not answer:
                message = process.stderr.read() if process.stderr else ""
                raise PluginError(
                    f"node {RENDERER.name} stopped while typesetting {where}:\n{message}"
                )
            errors = []
            for key, (tex, _), result in zip(
                missing, missing.values(), json.loads(answer), strict=True
            ):
                if "error" in result:
                    errors.append(f"  {tex!r}: {result['error']}")
                else:
                    self.cache[key] = self.added[key] = result["html"]
            if errors:
                raise PluginError(f"{where}: KaTeX cannot typeset\n" + "\n".join(errors))
        self.formulas += len(items)
        return [self.cache[key] for key in keys]

    def close(self) -> None:
        """Stop the Node process and write the new results into the cache file."""
        if self.process is not None:
            process, self.process = self.process, None
            if process.stdin is not None:
                process.stdin.close()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        if not self.added:
            return
        merged: dict[str, str] = {}
        if self.cache_file.is_file():  # another build may have added entries meanwhile
            try:
                merged = json.loads(self.cache_file.read_text(encoding="utf-8"))
            except ValueError:
                merged = {}
        merged.update(self.added)
        self.cache_file.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=self.cache_file.parent, suffix=".partial")
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            json.dump(merged, stream, separators=(",", ":"), sort_keys=True)
        os.replace(temporary, self.cache_file)
        self.added = {}


def _element_end(html: str, tag: str, start: int) -> int:
    """The index just past the end tag matching the start tag of ``tag`` opened at ``start``."""
    pattern = re.compile(rf"<(/?){tag}\b[^>]*>", re.I)
    depth = 0
    for match in pattern.finditer(html, start):
        depth += -1 if match[1] else 1
        if depth == 0:
            return match.end()
    raise ValueError(f"<{tag}> opened at offset {start} is never closed")


def _notebook_math(segment: str) -> list[tuple[int, int, str, bool]]:
    """The ``$...$`` and ``$$...$$`` formulas in the text of ``segment`` outside code."""
    found = []
    position = 0
    raw_depth = 0
    for token in _TAG.split(segment):
        if token.startswith("<"):
            name = re.match(r"</?\s*([a-zA-Z0-9]+)", token)
            if name and name[1].lower() in _RAW_TEXT_TAGS:
                raw_depth += -1 if token.startswith("</") else 1
        elif raw_depth == 0:
            for match in _DOLLARS.finditer(token):
                display = match[1] is not None
                tex = html_lib.unescape(match[1] if display else match[2]).strip()
                found.append((position + match.start(), position + match.end(), tex, display))
        position += len(token)
    return found


def typeset_page(html: str, typesetter: Typesetter, where: str) -> tuple[str, list[str]]:
    """``html`` with every formula typeset; and the typeset formulas (for ``search_view``)."""
    spans: list[tuple[int, int, str, bool, str]] = []  # start, end, tex, display, wrapper tag
    for match in _ARITHMATEX.finditer(html):
        source = html_lib.unescape(match[2]).strip()
        inline = _INLINE.match(source)
        display_match = _DISPLAY.match(source)
        if inline:
            tex, display = inline[1].strip(), False
        elif display_match:
            tex, display = display_match[1].strip(), True
        else:  # a bare \begin{...}...\end{...} environment
            tex, display = source, True
        spans.append((match.start(), match.end(), tex, display, match[1]))
    for match in _NOTEBOOK_MARKDOWN.finditer(html):
        end = _element_end(html, "div", match.start())
        for start, stop, tex, display in _notebook_math(html[match.end() : end]):
            spans.append((match.end() + start, match.end() + stop, tex, display, "span"))
    if not spans:
        return html, []
    spans.sort()
    rendered = typesetter.render([(tex, display) for _, _, tex, display, _ in spans], where)
    parts = []
    position = 0
    for (start, end, _, _, tag), formula in zip(spans, rendered, strict=True):
        parts.append(html[position:start])
        parts.append(f'<{tag} class="arithmatex">{formula}</{tag}>')
        position = end
    parts.append(html[position:])
    return "".join(parts), rendered


# What the search index leaves out besides the typeset formulas: what a block of code printed
# (output fences, notebook outputs) and anything marked data-search-exclude. Material's own
# handling of that attribute loses track of an element that contains one of the same tag (its
# parser compares elements by tag name), so the hook removes such elements before indexing.
_SEARCH_EXCLUDED = re.compile(
    r'<(div) class="language-output highlight[^"]*"'
    r'|<(div) class="jp-OutputArea\b[^"]*"'
    r"|<([a-zA-Z][a-zA-Z0-9]*)\b[^>]*\sdata-search-exclude\b"
)


def search_view(html: str, rendered: list[str]) -> str:
    """``html`` as the search index should see it: no formulas, outputs or excluded elements."""
    for formula in sorted(set(rendered), key=len, reverse=True):
        html = html.replace(formula, " ")
    parts = []
    position = 0
    while match := _SEARCH_EXCLUDED.search(html, position):
        tag = match[1] or match[2] or match[3]
        parts.append(html[position : match.start()])
        position = _element_end(html, tag, match.start())
    parts.append(html[position:])
    return "".join(parts)


# ---- Image sizes ------------------------------------------------------------------------------
_IMG = re.compile(r"<img\b[^>]*>", re.I)
_SRC = re.compile(r'\ssrc="([^"]+)"')
_SVG_VIEWBOX = re.compile(r'viewBox="\s*[-\d.]+[\s,]+[-\d.]+[\s,]+([\d.]+)[\s,]+([\d.]+)\s*"')


def svg_size(path: Path) -> tuple[int, int] | None:
    """The width and height of an SVG's viewBox, rounded to whole CSS pixels."""
    head = path.read_bytes()[:4096].decode("utf-8", errors="replace")
    match = _SVG_VIEWBOX.search(head)
    if not match:
        return None
    return round(float(match[1])), round(float(match[2]))


def add_image_sizes(html: str, resolve: Any) -> str:
    """Give every ``<img>`` with an SVG source and no width its viewBox's width and height.

    ``resolve(src)`` returns the SVG file a ``src`` points at, or None (an outside or data URL).
    A browser then reserves the figure's box before the file arrives: no layout shift.
    """

    def sized(match: re.Match[str]) -> str:
        tag = match[0]
        if re.search(r"\swidth=", tag):
            return tag
        src = _SRC.search(tag)
        if not src or not src[1].split("?")[0].endswith(".svg"):
            return tag
        path = resolve(src[1])
        size = svg_size(path) if path is not None else None
        if size is None:
            return tag
        end = -2 if tag.endswith("/>") else -1
        return f'{tag[:end].rstrip()} width="{size[0]}" height="{size[1]}"{tag[end:]}'

    return _IMG.sub(sized, html)


# ---- KaTeX's fonts, cut to the glyphs the site draws --------------------------------------------
# KaTeX draws each glyph of its HTML in one of its font faces, chosen by the classes around it
# (katex.min.css). The site typesets a few hundred formulas, so each face needs few of its glyphs:
# ``font_usage`` follows those classes through every typeset formula and ``font_css`` adds, after
# KaTeX's own @font-face rules, one rule per used face whose file holds only the characters the
# site uses (WOFF, zlib-compressed; fontTools, which matplotlib installs, cuts it) and whose
# unicode-range names them. A browser takes such a rule for the characters it lists and falls back
# to the complete face for any other, so a character this bookkeeping missed costs the complete
# font's download, never a wrong glyph. ``page_font_faces`` gives the same cut faces to a script
# in the head of each page that uses them.
_FAMILY_CLASSES: dict[str, tuple[str | None, bool | None, bool | None]] = {
    # class: (family, bold, italic); None leaves that property as inherited
    "textrm": ("Main", None, None),
    "mainrm": ("Main", None, False),
    "mathit": ("Main", None, True),
    "mathbf": ("Main", True, None),
    "textbf": (None, True, None),
    "textit": (None, None, True),
    "mathnormal": ("Math", None, True),
    "boldsymbol": ("Math", True, True),
    "amsrm": ("AMS", None, None),
    "mathbb": ("AMS", None, None),
    "textbb": ("AMS", None, None),
    "mathcal": ("Caligraphic", None, None),
    "mathfrak": ("Fraktur", None, None),
    "textfrak": ("Fraktur", None, None),
    "mathboldfrak": ("Fraktur", True, None),
    "textboldfrak": ("Fraktur", True, None),
    "mathtt": ("Typewriter", None, None),
    "texttt": ("Typewriter", None, None),
    "mathscr": ("Script", None, None),
    "textscr": ("Script", None, None),
    "mathsf": ("SansSerif", None, None),
    "textsf": ("SansSerif", None, None),
    "mathboldsf": ("SansSerif", True, None),
    "textboldsf": ("SansSerif", True, None),
    "mathitsf": ("SansSerif", None, True),
    "mathsfit": ("SansSerif", None, True),
    "textitsf": ("SansSerif", None, True),
}
# Faces KaTeX ships, by (family, bold, italic): the file name after "KaTeX_".
_FACES = {
    ("Main", False, False): "Main-Regular",
    ("Main", True, False): "Main-Bold",
    ("Main", False, True): "Main-Italic",
    ("Main", True, True): "Main-BoldItalic",
    ("Math", False, True): "Math-Italic",
    ("Math", True, True): "Math-BoldItalic",
    ("AMS", False, False): "AMS-Regular",
    ("Caligraphic", False, False): "Caligraphic-Regular",
    ("Caligraphic", True, False): "Caligraphic-Bold",
    ("Fraktur", False, False): "Fraktur-Regular",
    ("Fraktur", True, False): "Fraktur-Bold",
    ("SansSerif", False, False): "SansSerif-Regular",
    ("SansSerif", True, False): "SansSerif-Bold",
    ("SansSerif", False, True): "SansSerif-Italic",
    ("Script", False, False): "Script-Regular",
    ("Typewriter", False, False): "Typewriter-Regular",
    **{(f"Size{n}", False, False): f"Size{n}-Regular" for n in range(1, 5)},
}


def _face(family: str, bold: bool, italic: bool) -> str | None:
    if family == "Math":
        italic = True  # KaTeX_Math comes in italic faces only
    if family.startswith("Size") or family in ("AMS", "Script", "Typewriter"):
        bold = italic = False
    return _FACES.get((family, bold, italic)) or _FACES.get((family, False, False))


class _FontUsage(HTMLParser):
    """Characters per KaTeX face, from typeset formulas fed one after the other."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.usage: dict[str, set[str]] = {}
        self.stack: list[tuple[str, bool, bool]] = []  # family ("" for undrawn), bold, italic

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = set((dict(attrs).get("class") or "").split())
        family, bold, italic = self.stack[-1] if self.stack else ("Main", False, False)
        if "katex-mathml" in classes:
            # The MathML is drawn (out of sight) in the browser's own math font, not KaTeX's.
            family = ""
        for name in classes:
            rule = _FAMILY_CLASSES.get(name)
            if rule and family:
                family = rule[0] or family
                bold = bold if rule[1] is None else rule[1]
                italic = italic if rule[2] is None else rule[2]
        if family and "delimsizing" in classes:
            for n in range(1, 5):
                if f"size{n}" in classes:
                    family = f"Size{n}"
        if family and "op-symbol" in classes:
            if "small-op" in classes:
                family = "Size1"
            elif "large-op" in classes:
                family = "Size2"
        for n in (1, 4):  # .delimsizing.mult .delim-size1 > span (and what it holds)
            if family and f"delim-size{n}" in classes:
                family = f"Size{n}"
        self.stack.append((family, bold, italic))

    def handle_endtag(self, tag: str) -> None:
        if self.stack:
            self.stack.pop()

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        pass  # void elements hold no text

    def handle_data(self, data: str) -> None:
        if not self.stack or not data.strip():
            return
        family, bold, italic = self.stack[-1]
        if not family:
            return
        face = _face(family, bold, italic)
        if face is not None:
            self.usage.setdefault(face, set()).update(data)


def font_usage(formulas: Any) -> dict[str, set[str]]:
    """Characters per KaTeX face (e.g. "Main-Regular") that the typeset ``formulas`` draw."""
    parser = _FontUsage()
    for formula in formulas:
        parser.stack = []
        parser.feed(formula)
    parser.close()
    return parser.usage


_FONT_FACE = re.compile(r"@font-face\{[^}]*\}")
_FACE_FILE = re.compile(r"url\(fonts/KaTeX_([A-Za-z0-9]+-[A-Za-z]+)\.woff2\)")


def _unicode_range(chars: set[str]) -> str:
    points = sorted({ord(c) for c in chars})
    ranges: list[str] = []
    start = previous = points[0]
    for point in [*points[1:], None]:
        if point is not None and point == previous + 1:
            previous = point
            continue
        ranges.append(f"U+{start:X}" if start == previous else f"U+{start:X}-{previous:X}")
        if point is not None:
            start = previous = point
    return ",".join(ranges)


def subset_font(source: Path, chars: set[str]) -> bytes:
    """``source`` (a TrueType font) cut to ``chars``, as WOFF; cached under .cache/katex/."""
    text = "".join(sorted(chars))
    digest = hashlib.sha256(source.read_bytes() + text.encode()).hexdigest()[:16]
    cached = CACHE / "katex" / "fonts" / f"{source.stem}.{digest}.woff"
    if cached.is_file():
        return cached.read_bytes()
    import io

    from fontTools import subset
    from fontTools.ttLib import TTFont

    logging.getLogger("fontTools").setLevel(logging.ERROR)  # notes on KaTeX's old timestamps

    options = subset.Options()
    options.flavor = "woff"
    options.layout_features = ["*"]
    options.notdef_outline = True
    font = TTFont(str(source), recalcTimestamp=False)
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=text)
    subsetter.subset(font)
    font.flavor = "woff"
    buffer = io.BytesIO()
    font.save(buffer)
    data = buffer.getvalue()
    cached.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=cached.parent, suffix=".partial")
    with os.fdopen(handle, "wb") as stream:
        stream.write(data)
    os.replace(temporary, cached)
    return data


CutFace = tuple[str, str, bytes, str]  # KaTeX's @font-face rule, face, cut WOFF, unicode-range


def cut_faces(css: str, usage: dict[str, set[str]], fonts: Path) -> list[CutFace]:
    """For each face ``usage`` draws: its @font-face rule in KaTeX's stylesheet ``css``, its
    name, the font cut to the characters drawn in it and their unicode-range. ``fonts`` is
    KaTeX's font directory (the ``.ttf`` files are cut). Cut once a build, for both the
    stylesheet (``font_css``) and the pages' heads (``page_font_faces``)."""
    faces: list[CutFace] = []
    for rule in _FONT_FACE.findall(css):
        match = _FACE_FILE.search(rule)
        if not match or not usage.get(match[1]):
            continue
        # A no-break space is a glyph KaTeX draws (\ , ~ and the spaces of \text{...}): left
        # out of the cut face, it would fetch the whole face to draw it.
        chars = {c for c in usage[match[1]] if not c.isspace() or c == "\u00a0"}
        if chars:
            data = subset_font(fonts / f"KaTeX_{match[1]}.ttf", chars)
            faces.append((rule, match[1], data, _unicode_range(chars)))
    return faces


def font_css(css: str, faces: list[CutFace]) -> tuple[str, dict[str, bytes]]:
    """KaTeX's stylesheet with a cut-down face (``cut_faces``) after each used one; and the new
    font files. The files are named ``KaTeX_<face>.<hash>.woff``: a change of glyphs is a new
    name, never a stale cached file.
    """
    added: dict[str, bytes] = {}
    rules = []
    for rule, face, data, unicode_range in faces:
        name = f"KaTeX_{face}.{hashlib.sha256(data).hexdigest()[:10]}.woff"
        added[name] = data
        src = re.sub(r"src:[^;}]*", f'src:url(fonts/{name}) format("woff")', rule)
        rules.append(src[:-1] + f";unicode-range:{unicode_range}}}")
    return css + "\n" + "\n".join(rules) + "\n", added


_DESCRIPTOR = re.compile(r"(font-family|font-style|font-weight|font-display):([^;}]*)")


def page_font_faces(faces: list[CutFace]) -> dict[str, tuple[str, dict[str, str], str]]:
    """The cut faces (``cut_faces``) by face (e.g. "Main-Regular"): the family, the FontFace
    descriptors and the WOFF in base64, for a script in a page's head.

    A font fetched from a file becomes usable only after the page's first layout, and each one
    that arrives makes the browser lay out again all the text it draws: on a page of a few hundred
    formulas that is a restyle of thousands of elements, a long task on a phone, and the formulas
    move (layout shift). A ``data:`` address in an @font-face rule is no better: the browser
    decodes it after the first layout too. A FontFace made from the font's bytes by a script in
    the page's head is ready before the body is laid out. In base64 and compressed with the page,
    the faces weigh about what the files did.
    """
    by_face = {}
    for rule, face, data, unicode_range in faces:
        found = dict(_DESCRIPTOR.findall(rule))
        descriptors = {
            "style": found["font-style"],
            "weight": found["font-weight"],
            "display": found["font-display"],
            "unicodeRange": unicode_range,
        }
        by_face[face] = (found["font-family"], descriptors, base64.b64encode(data).decode("ascii"))
    return by_face
