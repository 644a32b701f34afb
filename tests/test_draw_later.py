"""Long pages are drawn in steps: what the build marks (``draw_later`` in scripts/site/publish.py).

The blocks of a long page after its first ``DRAWN_FIRST`` elements get the class ``xent-later``
(content-visibility: auto) and a batch number; render-later.js draws one batch per frame after
the load (its browser checks are in test_browser.py). Here: which blocks are marked, on made-up
articles and on every built page, and that marking changes nothing else in the HTML.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from scripts.site.publish import (
    DRAWN_FIRST,
    LATER_ATTR,
    LATER_BATCH,
    LATER_CLASS,
    draw_later,
    unwrap_document,
)

HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
NEVER_MARKED = (*HEADINGS, "li", "summary", "style", "script")


def _page(article: str) -> str:
    return (
        '<!doctype html><html><head><title>t</title></head><body><div class="md-content">'
        f'<article class="md-content__inner md-typeset">{article}</article>'
        "</div><footer><p>after</p></footer></body></html>"
    )


def _paragraph(spans: int) -> str:
    """A paragraph of 1 + ``spans`` elements."""
    return "<p>" + "<span>x</span>" * spans + "</p>"


def _unmarked(html: str) -> str:
    html = re.sub(rf' {LATER_ATTR}="\d+"', "", html)
    return html.replace(f' class="{LATER_CLASS}"', "").replace(f'class="{LATER_CLASS} ', 'class="')


def _marked(html: str) -> list[tuple[str, int, int]]:
    """(tag, batch, elements) of each marked block, in page order."""
    soup = BeautifulSoup(html, "html.parser")
    return [
        (tag.name, int(str(tag[LATER_ATTR])), len(tag.find_all(True)) + 1)
        for tag in soup.find_all(class_=LATER_CLASS)
    ]


def test_a_short_page_is_left_as_it_is() -> None:
    html = _page("<h1>A</h1>" + _paragraph(20) * 10)
    assert draw_later(html) == html


def test_blocks_after_the_first_elements_are_marked_in_batches() -> None:
    blocks = 40
    article = "<h1>A</h1>" + "".join(
        (f"<h2>S{i}</h2>" if i % 10 == 0 else "") + _paragraph(99) for i in range(blocks)
    )
    html = _page(article)
    out = draw_later(html)
    marked = _marked(out)
    # Paragraphs of 100 elements: those after the first DRAWN_FIRST elements are marked.
    first = -(-(DRAWN_FIRST - 1 - 4) // 100)  # h1, and h2 before paragraphs 0, 10, 20, 30
    assert first > 0
    assert [tag for tag, _, _ in marked] == ["p"] * len(marked)
    assert blocks - 2 <= len(marked) + first <= blocks
    batches = [batch for _, batch, _ in marked]
    assert batches == sorted(batches) and batches[0] == 0
    for number in set(batches):
        size = sum(elements for _, batch, elements in marked if batch == number)
        assert size <= LATER_BATCH + 100, number
    assert _unmarked(out) == html


def test_a_block_that_holds_a_heading_is_split_not_marked() -> None:
    section = "<h2>Deep</h2>" + _paragraph(99) * 30
    html = _page(_paragraph(99) * 10 + f'<div class="doc doc-object">{section}</div>')
    marked = _marked(draw_later(html))
    assert marked and all(tag == "p" for tag, _, _ in marked)
    assert _unmarked(draw_later(html)) == html


def test_a_long_list_is_split_into_the_contents_of_its_items() -> None:
    items = "".join(f"<li>{_paragraph(60)}{_paragraph(60)}</li>" for _ in range(10))
    drawn = _paragraph(99) * (DRAWN_FIRST // 100)  # the first DRAWN_FIRST elements
    html = _page(drawn + f"<ol>{items}</ol>" + "<ul><li>a</li><li>b</li></ul>")
    marked = _marked(draw_later(html))
    tags = [tag for tag, _, _ in marked]
    assert "li" not in tags
    assert tags.count("p") == 20  # the long list: what its items hold
    assert tags[-1] == "ul"  # a short list is marked whole


def test_explorers_and_an_existing_class_are_kept() -> None:
    explorer = '<div class="xent-explorer" data-explorer="softmax"><p>live</p><p>static</p></div>'
    html = _page(_paragraph(99) * 16 + explorer + '<div class="admonition note"><p>n</p></div>')
    out = draw_later(html)
    soup = BeautifulSoup(out, "html.parser")
    explorer_tag, admonition = soup.select_one(".xent-explorer"), soup.select_one(".admonition")
    assert explorer_tag is not None and admonition is not None
    assert LATER_CLASS not in explorer_tag["class"]
    assert admonition["class"] == [LATER_CLASS, "admonition", "note"]


def test_the_document_tags_glightbox_adds_are_taken_off() -> None:
    content = "<h1>A</h1><p>b</p>"
    assert unwrap_document(f"<html><head></head><body>{content}</body></html>") == content
    assert unwrap_document(content) == content
    head = "<script>var a = 1;</script><style>p { color: red }</style>"
    wrapped = f"<html><head>{head}</head><body>{content}</body></html>"
    assert unwrap_document(wrapped) == head + content


@pytest.fixture(scope="module")
def built_pages(built_site: Path) -> dict[str, str]:
    return {
        str(path.relative_to(built_site)): path.read_text(encoding="utf-8")
        for path in sorted(built_site.rglob("*.html"))
    }


def test_built_pages_mark_no_heading_list_item_or_explorer(built_pages: dict[str, str]) -> None:
    """On every built page, a marked block is no heading, list item or summary, holds no heading
    and no explorer, and is not inside another marked block; the long pages have marks, the
    print page none; render-later.js loads exactly where marks are."""
    wrong: list[str] = []
    marked_pages = []
    for rel, html in built_pages.items():
        soup = BeautifulSoup(html, "html.parser")
        marked = soup.find_all(class_=LATER_CLASS)
        loads = bool(soup.select('script[src$="render-later.js"]'))
        # The print page and the 404 page are not made from one page (they load every script
        # mkdocs.yml lists): only the pages themselves are checked for where the script loads.
        if rel not in ("print_page.html", "404.html") and loads != bool(marked):
            wrong.append(f"{rel}: render-later.js {'without' if loads else 'missing for'} marks")
        if marked:
            marked_pages.append(rel)
        for tag in marked:
            where = f"{rel}: <{tag.name} {tag.get('class')}>"
            if tag.name in NEVER_MARKED or tag.find(HEADINGS):
                wrong.append(f"{where} is or holds a heading or list item")
            if tag.find(class_="xent-explorer") or "xent-explorer" in tag["class"]:
                wrong.append(f"{where} holds an explorer")
            if tag.find_parent(class_=LATER_CLASS):
                wrong.append(f"{where} is inside another marked block")
            if tag.find_parent("article", class_="md-content__inner") is None:
                wrong.append(f"{where} is outside the article")
    assert wrong == []
    assert "print_page.html" not in marked_pages
    assert {"nll.html", "cross-entropy.html", "api/gaussian.html"} <= set(marked_pages)


def test_no_document_tags_inside_a_page(built_pages: dict[str, str]) -> None:
    """Each page has one <html>, <head> and <body> start tag: none inside its content."""
    wrong = [
        rel
        for rel, html in built_pages.items()
        if any(len(re.findall(rf"<{tag}[\s>]", html)) != 1 for tag in ("html", "head", "body"))
    ]
    assert wrong == []
