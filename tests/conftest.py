"""The one place the tests get the built site and its PDF from.

``built_site`` is the site built with ``mkdocs build --strict`` once per session, and only when a
test asks for it (collecting builds nothing). ``XENT_SITE=DIR`` uses a site already built into
DIR instead: ``scripts/test.sh`` builds the site and its PDF, then runs pytest with it set, so a
run builds once. ``built_pdf`` is that site's ``xent.pdf``, printed when it is missing or older
than the print page. ``base_url`` serves the built site on 127.0.0.1 and ``browser`` is Debian's
Chromium (both per test module). A test taking a ``site_page`` argument runs once per page of
the site, the list read from ``docs/`` (so it is known before anything is built).

The snippet harness that runs the python fences of docs/ is the plugin module
``tests/snippet_harness.py`` (loaded with ``-p`` from pyproject.toml), not this file: a conftest
under ``tests/`` is not loaded when pytest is given ``docs/...`` only.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from scripts.site import PDF_NAME, ROOT
from scripts.site.browser import launch, page_file, page_slug, print_page, serve, source_pages


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    chosen = os.environ.get("XENT_SITE")
    if chosen:
        site = Path(chosen).resolve()
        if not (site / "sitemap.xml").is_file():
            pytest.fail(f"XENT_SITE={chosen}: no built site there (no sitemap.xml)")
        return site
    site = tmp_path_factory.mktemp("site")
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
        cwd=ROOT,
        env=dict(os.environ, NO_MKDOCS_2_WARNING="1"),
        capture_output=True,
        text=True,
        check=False,
    )
    log = result.stdout + result.stderr
    assert result.returncode == 0, f"mkdocs build --strict failed:\n{log}"
    warnings = [line for line in log.splitlines() if line.startswith("WARNING")]
    assert not warnings, "mkdocs build printed warnings:\n" + "\n".join(warnings)
    print(f"site built in {time.perf_counter() - started:.1f} s")
    return site


@pytest.fixture(scope="session")
def built_pdf(built_site: Path) -> Path:
    pdf = built_site / PDF_NAME
    source = page_file(built_site, print_page(built_site))
    if not pdf.is_file() or pdf.stat().st_mtime < source.stat().st_mtime:
        subprocess.run(
            [sys.executable, "-m", "scripts.make_pdf", str(built_site)], cwd=ROOT, check=True
        )
    return pdf


@pytest.fixture(scope="module")
def base_url(built_site: Path) -> Iterator[str]:
    with serve(built_site) as base:
        yield base


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    import playwright.sync_api  # the browser tests' dependency, not every test's

    with playwright.sync_api.sync_playwright() as driver:
        chromium = launch(driver)
        yield chromium
        chromium.close()


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "site_page" in metafunc.fixturenames:
        pages = source_pages(ROOT / "docs")
        metafunc.parametrize("site_page", pages, ids=[page_slug(p) for p in pages], scope="session")
