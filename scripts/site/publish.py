"""MkDocs hooks: what makes one ``mkdocs build`` a complete site that a host can publish.

- The address: ``site_url`` comes from ``XENT_SITE_URL`` (mkdocs.yml, ``!ENV`` with the local
  default ``http://127.0.0.1:8000/``). When it is unset, a complete build (the PDF on) warns,
  which fails the strict build: a site to publish needs the address it is published at, for its
  canonical links and sitemap. Any other build (tests, previews) logs the same note at INFO.
- The PDF: with ``extra.pdf`` true (``XENT_PDF=1``), the build prints the whole site to
  ``xent.pdf`` after every plugin has written its files, and every page's footer links it
  (``overrides/partials/copyright.html``). Without it no page links a PDF. Under ``mkdocs serve``
  nothing is printed; the PDF last exported into ``site/`` is served and linked when it exists.
- The 404 page: hosts serve ``404.html`` for a missing address at any depth, so MkDocs writes it
  with links from the root of ``site_url``'s path, which break from file:// and under a sub-path
  that ``site_url`` does not name. Here it gets links relative to the site root instead, and
  ``overrides/404.html`` sets the document's base to that root when the page loads (on a server,
  the path of ``site_url``; from disk, the folder of ``404.html``).
- Links in notebooks: mkdocs-jupyter leaves a Markdown cell's link to ``page.md`` as it is, a
  broken link in the built site. Here each one becomes the link to that page, and a link to a
  file that is not in the site warns (the strict build fails), as MkDocs does for pages.
- Figures open full size on click or tap (mkdocs-glightbox wraps each image in a link to itself).
  A notebook's plots are ``data:`` images inline in the page; a link to one would copy it (up to
  a hundred kB a plot), so those are marked for GLightbox to open from the image itself.

Figures open in mkdocs-glightbox's GLightbox, whose script names a CDN for its video player
(Plyr). The site shows no video, so those addresses are removed from the served copy: nothing in
the built site names another host.

Not a hooks module itself: ``hooks.py``, the one hooks module, calls these functions.
"""

from __future__ import annotations

import logging
import os
import posixpath
import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from mkdocs import utils
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from scripts.site import DEFAULT_SITE, PDF_NAME

log = logging.getLogger("mkdocs.hooks.xent.publish")

SITE_URL_VARIABLE = "XENT_SITE_URL"


def template_context(context: Any, template_name: str, config: MkDocsConfig) -> Any:
    """The 404 page's links from the site root (see ``error_page_context``)."""
    if utils.is_error_template(template_name):
        return error_page_context(context, config)
    return context


# Before mkdocs-glightbox (priority 0) wraps the images.
_DATA_IMAGE = re.compile(r'<img(?=[^>]*\ssrc="data:image/)([^>]*?)(/?)>')
_CLASS = re.compile(r'\sclass="([^"]*)"')


def _open_from_image(match: re.Match[str]) -> str:
    attributes = match[1]
    extra = "off-glb glightbox"  # off-glb: not wrapped; glightbox: GLightbox opens the img itself
    if _CLASS.search(attributes):
        attributes = _CLASS.sub(lambda m: f' class="{m[1]} {extra}"', attributes, count=1)
    else:
        attributes += f' class="{extra}"'
    return f'<img{attributes} data-type="image"{match[2]}>'


# A relative link to a Markdown page or a notebook (no scheme, so no colon), with its fragment.
_SOURCE_LINK = re.compile(r'(\shref=")([^":#?]+\.(?:md|ipynb))(#[^"]*)?(")')


def _resolve_source_links(html: str, page: Page, files: Files) -> str:
    def resolve(match: re.Match[str]) -> str:
        uri = posixpath.normpath(posixpath.join(posixpath.dirname(page.file.src_uri), match[2]))
        target = files.get_file_from_path(uri)
        if target is None or target.page is None:
            log.warning(f"{page.file.src_uri} links to {match[2]}, which is not a page of the site")
            return match[0]
        return match[1] + target.url_relative_to(page.file) + (match[3] or "") + match[4]

    return _SOURCE_LINK.sub(resolve, html)


def page_content(html: str, page: Page, files: Files) -> str:
    """Notebook links resolved; inline notebook plots opened by GLightbox from the image."""
    if page.file.src_uri.endswith(".ipynb"):
        html = _resolve_source_links(html, page, files)
    return _DATA_IMAGE.sub(_open_from_image, html)


# GLightbox's defaults for its video player: a CDN stylesheet and script, fetched only for a
# video slide. The site has none; the served copy names no other host.
_PLYR_DEFAULTS = re.compile(r'(plyr:\{css:)"https://[^"]*"(,js:)"https://[^"]*"')


def drop_video_player_cdn(config: MkDocsConfig) -> None:
    """Remove the video player's CDN addresses from the served GLightbox script."""
    script = Path(config.site_dir) / "assets" / "javascripts" / "glightbox.min.js"
    if not script.is_file():
        return
    text = script.read_text(encoding="utf-8")
    text, count = _PLYR_DEFAULTS.subn(r'\1""\2""', text)
    if count != 1 and "cdn.plyr.io" in text:
        raise PluginError(f"{script}: GLightbox's video-player defaults changed; update publish.py")
    script.write_text(text, encoding="utf-8")


def pdf_enabled(config: MkDocsConfig) -> bool:
    return bool(config.extra.get("pdf"))


def configure(config: MkDocsConfig, command: str) -> None:
    """Check the address and decide whether pages link (and the build prints) the PDF."""
    if command == "serve":
        config.extra["pdf"] = (DEFAULT_SITE / PDF_NAME).is_file()
    elif pdf_enabled(config):
        print_site = config.plugins.get("print-site")
        if print_site is None or not print_site.config.get("enabled"):
            raise PluginError("extra.pdf (XENT_PDF) needs the print-site plugin enabled")
    if not os.environ.get(SITE_URL_VARIABLE) and command != "serve":
        message = (
            f"{SITE_URL_VARIABLE} is not set: canonical links and the sitemap use the local "
            f"default {config.site_url}; set it to the address the site is published at"
        )
        if pdf_enabled(config) or command == "gh-deploy":
            log.warning(message)
        else:
            log.info(message)


def site_root_path(config: MkDocsConfig) -> str:
    """The path of the site's root on its host (``/`` or ``/project/``), from ``site_url``."""
    path = urlsplit(config.site_url or "/").path or "/"
    return path if path.endswith("/") else path + "/"


def error_page_context(context: Any, config: MkDocsConfig) -> Any:
    """Links of 404.html relative to the site root; the page sets its base to that root."""
    context["base_url"] = "."
    context["extra_css"] = [utils.normalize_url(path, None, ".") for path in config.extra_css]
    context["extra_javascript"] = [
        utils.normalize_url(str(script), None, ".") for script in config.extra_javascript
    ]
    context["xent_site_root"] = site_root_path(config)
    return context


def print_pdf(config: MkDocsConfig) -> None:
    """Print the finished site to ``SITE_DIR/xent.pdf``; a failure fails the build."""
    from scripts.site.pdf import make_pdf

    site = Path(config.site_dir)
    try:
        result = make_pdf(site, site / PDF_NAME)
    except Exception as error:
        raise PluginError(f"printing {PDF_NAME} failed: {error}") from error
    # The printed page asked for something outside the site, or something failed to load, or the
    # page logged an error: each is a defect of the site, so a warning (the strict build fails).
    for label in ("blocked", "failed", "console"):
        for item in result[label]:
            log.warning(f"while printing {PDF_NAME}: {label}: {item}")
    log.info(
        f"printed {PDF_NAME}: {result['pages']} pages, {int(result['bytes']) / 1e6:.1f} MB "
        f"in {float(result['seconds']):.0f} s"
    )
