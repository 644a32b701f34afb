"""The site build's own code: what MkDocs imports and what the PDF export and the tests drive.

- ``hooks``: the MkDocs hooks module (``hooks:`` in mkdocs.yml).
- ``publish``: what makes one build a complete site to publish (address, PDF, 404, lightbox).
- ``render_cache``: figures and tables rendered in subprocesses, cached under ``.cache/``.
- ``notebooks``: post-processing of the notebook pages mkdocs-jupyter writes.
- ``registry``: discovery shared by the figure and table registries.
- ``browser``: a 127.0.0.1 server for a built site and Debian's Chromium through Playwright.
- ``pdf``: prints the built site to one PDF (``scripts/make_pdf.py`` is its command).
- ``griffe_numpydoc``: a griffe extension for numpydoc math in the API reference.
"""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CACHE = ROOT / ".cache"
DEFAULT_SITE = ROOT / "site"
PDF_NAME = "xent.pdf"
