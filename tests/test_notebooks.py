"""The worked-example notebooks run from top to bottom without an error, and are stored clean.

mkdocs-jupyter executes them at build time too (allow_errors: false); this runs each in a fresh
kernel independently of the build and its cache, and checks that what is committed carries no
outputs (the build produces them).
"""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "docs" / "examples").glob("*.ipynb"))
TIMEOUT_PER_CELL = 120  # seconds; the slowest cell trains a small model on synthetic data

ids = [p.name for p in NOTEBOOKS]


def test_the_worked_examples_exist() -> None:
    # The nav lists three notebooks; an empty parametrisation would test nothing.
    assert len(NOTEBOOKS) >= 3, [p.name for p in NOTEBOOKS]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids)
def test_notebook_runs_without_error(path: Path) -> None:
    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(
        notebook,
        timeout=TIMEOUT_PER_CELL,
        kernel_name="python3",
        allow_errors=False,
        resources={"metadata": {"path": str(path.parent)}},
    )
    client.execute()  # raises CellExecutionError, naming the cell, on the first error
    code_cells = [c for c in notebook.cells if c.cell_type == "code"]
    assert code_cells, "a worked example with no code"
    errors = [o for c in code_cells for o in c.get("outputs", []) if o.output_type == "error"]
    assert not errors


@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids)
def test_notebook_is_committed_without_outputs(path: Path) -> None:
    notebook = nbformat.read(path, as_version=4)
    nbformat.validate(notebook)
    dirty = [
        i
        for i, cell in enumerate(notebook.cells)
        if cell.cell_type == "code" and (cell.get("outputs") or cell.get("execution_count"))
    ]
    assert not dirty, f"cells {dirty} carry outputs or execution counts: clear them"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids)
def test_the_download_link_fetches_the_notebook(path: Path, built_site: Path) -> None:
    # The page's "Download this notebook" link must lead to the .ipynb file, not to the page.
    from bs4 import BeautifulSoup

    page = built_site / "examples" / f"{path.stem}.html"
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    links = [str(a["href"]) for a in soup.find_all("a", href=True) if a.has_attr("download")]
    assert links == [path.name], links
    served = page.parent / links[0]
    assert nbformat.read(served, as_version=4).cells[0].source == (
        nbformat.read(path, as_version=4).cells[0].source
    )
