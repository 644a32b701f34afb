"""MkDocs hook: under ``mkdocs serve``, serve the last exported PDF at ``xent.pdf``.

Every page's footer links to ``xent.pdf`` at the site root (``overrides/partials/copyright.html``).
After ``mkdocs build``, ``scripts/make_pdf.py`` writes the PDF there. ``mkdocs serve`` builds into
a temporary directory instead, so without this hook the footer link would be a 404 while
previewing; with it, the PDF last written into ``site/`` (by ``scripts/serve.sh``, which exports
the PDF before serving) is served. A plain ``mkdocs build`` is left alone: the PDF is made from
the finished build, never copied from an older one.
"""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files

log = logging.getLogger("mkdocs.hooks.xent.pdf")

PDF_NAME = "xent.pdf"
_command = ""


def on_startup(command: str, dirty: bool) -> None:
    global _command
    _command = command


def on_files(files: Files, config: MkDocsConfig) -> Files:
    if _command != "serve":
        return files
    # serve replaces site_dir with a temporary directory; the export lives in the default one.
    exported = Path(config.config_file_path).parent / "site" / PDF_NAME
    if exported.is_file():
        files.append(
            File(
                PDF_NAME,
                src_dir=str(exported.parent),
                dest_dir=config.site_dir,
                use_directory_urls=config.use_directory_urls,
            )
        )
    else:
        log.info("no %s yet: run scripts/make_pdf.py after a build to serve it", exported)
    return files
