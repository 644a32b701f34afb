"""The built site and its PDF, for the browser and PDF tests.

``ensure_site()`` builds the site (``mkdocs build --strict``) when it is missing or older than
anything it is built from; ``ensure_pdf()`` prints it with ``scripts/make_pdf.py`` when the PDF
is missing or older than the site's print page. ``XENT_SITE`` points the tests at another build.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from scripts.pdf.site_browser import PDF_NAME, print_page  # noqa: E402

SITE = Path(os.environ.get("XENT_SITE", ROOT / "site")).resolve()
ARTIFACTS = ROOT / "test-artifacts"

# What the site is built from: a change to any of these makes a built site out of date.
SOURCES = ("mkdocs.yml", "docs", "overrides", "scripts", "xent_ref", "package-lock.json")


def _newest_source() -> float:
    newest = 0.0
    for name in SOURCES:
        path = ROOT / name
        if path.is_file():
            newest = max(newest, path.stat().st_mtime)
        elif path.is_dir():
            for file in path.rglob("*"):
                if file.is_file() and "__pycache__" not in file.parts:
                    newest = max(newest, file.stat().st_mtime)
    return newest


def site_is_current(site: Path = SITE) -> bool:
    stamp = site / "sitemap.xml"
    return stamp.is_file() and stamp.stat().st_mtime >= _newest_source()


def ensure_site(site: Path = SITE) -> Path:
    """The built site, building it first when it is missing or out of date."""
    if "XENT_SITE" in os.environ and (site / "sitemap.xml").is_file():
        return site  # an explicitly chosen build is used as it is
    if not site_is_current(site):
        subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "-d", str(site)],
            cwd=ROOT,
            check=True,
        )
    return site


def ensure_pdf(site: Path = SITE) -> Path:
    """The site's PDF, printing it first when it is missing or older than the print page."""
    site = ensure_site(site)
    pdf = site / PDF_NAME
    source = site / print_page(site)
    if source.is_dir():
        source = source / "index.html"
    if not pdf.is_file() or pdf.stat().st_mtime < source.stat().st_mtime:
        subprocess.run(
            [sys.executable, str(ROOT / "scripts" / "make_pdf.py"), str(site)],
            cwd=ROOT,
            check=True,
        )
    return pdf
