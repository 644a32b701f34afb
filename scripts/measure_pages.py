"""Page weight and Lighthouse scores of the built site, against a plain Material site.

    .venv/bin/python scripts/measure_pages.py [SITE_DIR] [--pages GLOB ...] [--lighthouse]
                                              [--check]

Both sites are served on 127.0.0.1 by a static server that gzips every response, as a static host
does. For every page of our site's sitemap (or those matching --pages) and the three pages of a
plain Material site, built here in a temporary directory with the same MkDocs and Material, each
page is loaded cold (a fresh browser context: empty cache) in headless Chromium, and the server
counts the compressed bytes of every file the page asks for until the network has been quiet for
a second (scripts, styles, fonts, images, the search index the search worker fetches). Layout shift
is the sum of the layout-shift entries Chromium reports on a 412 px wide phone viewport.

With --lighthouse, Lighthouse (npm lighthouse 12.2.3, mobile profile, simulated throttling) also
scores each page; it is installed with npm into .cache/lighthouse-12.2.3 on first use
(XENT_LIGHTHOUSE_DIR names another folder holding node_modules/lighthouse). A page's performance
score moves by a few points from one run to the next on the same build, so Lighthouse scores each
page --runs times (3 unless told) and the table shows the median run, the one Lighthouse's own
computeMedianRun picks (the run nearest the median first paint and the median time to
interactive), with the lowest and highest performance score of all the runs beside it.

Goals (--check exits 1 when one is missed): median page at most 2x the median plain page, no page
over 3x, layout shift below 0.005 on every page, and with --lighthouse a performance score of at
least 95 in the median run and 100 for accessibility, best practices and SEO in every run, on
every page.
"""

from __future__ import annotations

import argparse
import contextlib
import fnmatch
import gzip
import http.server
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from scripts.site import CACHE, DEFAULT_SITE
from scripts.site.browser import CHROMIUM, CHROMIUM_ARGS, launch, page_slug, site_pages

MEDIAN_RATIO = 2.0
MAX_RATIO = 3.0
MAX_CLS = 0.005
MIN_PERFORMANCE = 95
LIGHTHOUSE_VERSION = "12.2.3"
LIGHTHOUSE_DIR = Path(
    os.environ.get("XENT_LIGHTHOUSE_DIR", CACHE / f"lighthouse-{LIGHTHOUSE_VERSION}")
)
QUIET_MS = 1000

# What a static host compresses (fonts in woff/woff2 and images other than SVG are compressed
# already and are sent as they are).
COMPRESSED_TYPES = {".html", ".css", ".js", ".mjs", ".json", ".svg", ".xml", ".txt", ".map", ".ttf"}
TYPES = {
    ".html": "text/html; charset=utf-8",
    ".js": "text/javascript",
    ".mjs": "text/javascript",
    ".css": "text/css",
    ".svg": "image/svg+xml",
    ".json": "application/json",
    ".xml": "application/xml",
    ".woff": "font/woff",
    ".woff2": "font/woff2",
    ".ttf": "font/ttf",
    ".png": "image/png",
    ".ipynb": "application/x-ipynb+json",
    ".pdf": "application/pdf",
}


# --------------------------------------------------------------------------------------------
# A static server that gzips, and counts what it sends
# --------------------------------------------------------------------------------------------
class _Log:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.sent: list[tuple[str, int]] = []
        self.last = time.monotonic()

    def add(self, path: str, size: int) -> None:
        with self.lock:
            self.sent.append((path, size))
            self.last = time.monotonic()

    def take(self) -> list[tuple[str, int]]:
        with self.lock:
            sent, self.sent = self.sent, []
            return sent


class _GzipHandler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    site: Path
    log: _Log
    cache: dict[Path, bytes]

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def _file(self) -> Path | None:
        rel = unquote(urlsplit(self.path).path).lstrip("/")
        path = (self.site / rel).resolve()
        if not path.is_relative_to(self.site):
            return None
        if path.is_dir():
            path = path / "index.html"
        return path if path.is_file() else None

    def do_HEAD(self) -> None:
        self.do_GET(body=False)

    def do_GET(self, body: bool = True) -> None:
        path = self._file()
        if path is None:
            self.send_response(404)
            self.send_header("Content-Length", "0")
            self.end_headers()
            self.log.add(self.path + " (404)", 0)
            return
        data = path.read_bytes()
        encoded = False
        if path.suffix in COMPRESSED_TYPES and "gzip" in self.headers.get("Accept-Encoding", ""):
            if path not in self.cache:
                self.cache[path] = gzip.compress(data, compresslevel=6, mtime=0)
            data, encoded = self.cache[path], True
        self.send_response(200)
        self.send_header("Content-Type", TYPES.get(path.suffix, "application/octet-stream"))
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-cache")
        if encoded:
            self.send_header("Content-Encoding", "gzip")
        self.end_headers()
        if body:
            self.wfile.write(data)
            self.log.add(self.path, len(data))


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # a browser closing a keep-alive connection early


@contextlib.contextmanager
def gzip_server(site: Path) -> Iterator[tuple[str, _Log]]:
    """Serve ``site`` gzipped on 127.0.0.1; yield the base URL and the log of what was sent."""
    log = _Log()
    handler = type(
        "Handler", (_GzipHandler,), {"site": Path(site).resolve(), "log": log, "cache": {}}
    )
    server = _Server(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/", log
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


# --------------------------------------------------------------------------------------------
# The plain site
# --------------------------------------------------------------------------------------------
PLAIN_CONFIG = """\
site_name: Plain
site_url: https://plain.example/
theme:
  name: material
  font: false   # as ours: no font request to another host
nav:
  - Home: index.md
  - First: first.md
  - Second: second.md
"""

PLAIN_PAGE = """\
# {title}

A plain page of Material for MkDocs with its defaults: a heading, two paragraphs, a list and a
short code block, to weigh what the theme itself costs a reader.

## A section

Some text with a [link](index.md) and `inline code`.

- one item
- another item

```python
print("hello")
```
"""


def build_plain_site(directory: Path) -> Path:
    """Build a plain three-page Material site with this environment's MkDocs; return its site."""
    docs = directory / "docs"
    docs.mkdir(parents=True)
    (directory / "mkdocs.yml").write_text(PLAIN_CONFIG, encoding="utf-8")
    for name, title in (("index", "Home"), ("first", "First"), ("second", "Second")):
        (docs / f"{name}.md").write_text(PLAIN_PAGE.format(title=title), encoding="utf-8")
    site = directory / "site"
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--quiet", "-d", str(site)],
        cwd=directory,
        env=env,
        check=True,
        capture_output=True,
    )
    return site


# --------------------------------------------------------------------------------------------
# One cold load
# --------------------------------------------------------------------------------------------
LAYOUT_SHIFT_JS = """
() => new Promise((resolve) => {
  let total = 0;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) if (!entry.hadRecentInput) total += entry.value;
  }).observe({ type: "layout-shift", buffered: true });
  setTimeout(() => resolve(total), 200);
})
"""


def weigh(browser: Any, base: str, log: _Log, rel: str) -> dict[str, Any]:
    """Load ``rel`` cold on a phone viewport; the bytes the server sent for it, and layout shift."""
    context = browser.new_context(
        viewport={"width": 412, "height": 823}, device_scale_factor=1.75, is_mobile=True
    )
    outside: list[str] = []

    def route(route: Any) -> None:
        if route.request.url.startswith(base) or route.request.url.startswith("data:"):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort("blockedbyclient")

    context.route("**/*", route)
    try:
        log.take()
        page = context.new_page()
        page.goto(base + rel, wait_until="load")
        while time.monotonic() - log.last < QUIET_MS / 1000:
            time.sleep(0.1)
        shift = page.evaluate(LAYOUT_SHIFT_JS)
        elements = page.evaluate("() => document.getElementsByTagName('*').length")
        sent = log.take()
    finally:
        context.close()
    return {
        "bytes": sum(size for _, size in sent),
        "requests": len(sent),
        "files": sent,
        "cls": shift,
        "elements": elements,
        "outside": outside,
    }


# --------------------------------------------------------------------------------------------
# Lighthouse
# --------------------------------------------------------------------------------------------
def lighthouse_command() -> list[str]:
    """The Lighthouse CLI, installed with npm into .cache/ on first use."""
    cli = LIGHTHOUSE_DIR / "node_modules" / "lighthouse" / "cli" / "index.js"
    if not cli.is_file():
        if shutil.which("npm") is None:
            raise SystemExit("measure_pages: --lighthouse needs npm (Node 18 or 20) on PATH")
        print(f"installing lighthouse {LIGHTHOUSE_VERSION} into {LIGHTHOUSE_DIR}", file=sys.stderr)
        LIGHTHOUSE_DIR.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [
                "npm",
                "install",
                "--no-audit",
                "--no-fund",
                "--loglevel=error",
                "--prefix",
                str(LIGHTHOUSE_DIR),
                "--save-exact",
                f"lighthouse@{LIGHTHOUSE_VERSION}",
            ],
            check=True,
        )
    return ["node", str(cli)]


# Lighthouse's own choice of the median of several runs (core/lib/median-run.js), given the
# paths of the runs' reports; it prints the index of the run it picks.
_MEDIAN_RUN = """
import {readFileSync} from "node:fs";
import {pathToFileURL} from "node:url";
const [lib, ...reports] = process.argv.slice(1);
const {computeMedianRun} = await import(pathToFileURL(lib).href);
const runs = reports.map(path => JSON.parse(readFileSync(path, "utf8")));
console.log(runs.indexOf(computeMedianRun(runs)));
"""


MEDIAN_RUN_LIB = LIGHTHOUSE_DIR / "node_modules" / "lighthouse" / "core" / "lib" / "median-run.js"


def median_run(reports: list[Path]) -> int:
    """The index of the report that Lighthouse's computeMedianRun picks as the median run."""
    picked = subprocess.run(
        ["node", "--input-type=module", "-e", _MEDIAN_RUN, str(MEDIAN_RUN_LIB), *map(str, reports)],
        capture_output=True,
        text=True,
        check=False,
    )
    if picked.returncode != 0:
        raise RuntimeError(f"median_run: Lighthouse's computeMedianRun failed:\n{picked.stderr}")
    return int(picked.stdout.strip())


def lighthouse(command: list[str], url: str, runs: int = 1) -> dict[str, Any]:
    """Score one page ``runs`` times with Lighthouse's mobile profile: the four scores and the
    main metrics of the median run (as Lighthouse picks it), and the performance score of every
    run."""
    if runs < 1:
        raise ValueError(f"lighthouse: runs must be 1 or more, got {runs}")
    flags = " ".join(["--headless=new", *CHROMIUM_ARGS])
    with tempfile.TemporaryDirectory(prefix="lighthouse-") as scratch:
        reports = [Path(scratch) / f"report-{run}.json" for run in range(runs)]
        for report in reports:
            result = subprocess.run(
                [
                    *command,
                    url,
                    "--quiet",
                    "--output=json",
                    f"--output-path={report}",
                    f"--chrome-flags={flags}",
                    "--only-categories=performance,accessibility,best-practices,seo",
                ],
                env=dict(os.environ, CHROME_PATH=CHROMIUM, TMPDIR=scratch),
                capture_output=True,
                text=True,
                check=False,
            )
            if result.returncode != 0 or not report.is_file():
                raise RuntimeError(f"lighthouse failed on {url}:\n{result.stderr[-2000:]}")
        every = [_scores(json.loads(report.read_text(encoding="utf-8"))) for report in reports]
        chosen = median_run(reports) if runs > 1 else 0
    return {
        **every[chosen],
        "runs": [run["performance"] for run in every],
        "worst_other": min(
            min(run["accessibility"], run["best-practices"], run["seo"]) for run in every
        ),
        "failed": sorted({name for run in every for name in run["failed"]}),
    }


def _scores(data: dict[str, Any]) -> dict[str, Any]:
    """The four scores and the main metrics of one Lighthouse report."""
    scores = {key: round(100 * (cat["score"] or 0)) for key, cat in data["categories"].items()}
    audits = data["audits"]

    def numeric(name: str) -> float:
        return float(audits[name].get("numericValue") or 0.0)

    failed = [
        name
        for key, cat in data["categories"].items()
        if key != "performance"
        for ref in cat["auditRefs"]
        if ref["weight"]
        and (audits[ref["id"]].get("score") is not None)
        and audits[ref["id"]]["score"] < 1
        for name in [ref["id"]]
    ]
    return {
        **scores,
        "lcp": numeric("largest-contentful-paint"),
        "tbt": numeric("total-blocking-time"),
        "lh_cls": numeric("cumulative-layout-shift"),
        "dom": numeric("dom-size"),
        "failed": failed,
    }


# --------------------------------------------------------------------------------------------
# The report
# --------------------------------------------------------------------------------------------
def measure_site(
    site: Path, pages: list[str], run_lighthouse: list[str] | None, browser: Any, runs: int = 1
) -> dict[str, dict[str, Any]]:
    rows: dict[str, dict[str, Any]] = {}
    with gzip_server(site) as (base, log):
        for rel in pages:
            row = weigh(browser, base, log, rel)
            if run_lighthouse is not None:
                row.update(lighthouse(run_lighthouse, base + rel, runs))
            rows[rel or "index.html"] = row
    return rows


def _select(pages: list[str], patterns: list[str] | None) -> list[str]:
    if not patterns:
        return pages
    chosen = [
        rel
        for rel in pages
        if any(fnmatch.fnmatch(rel or "index.html", p) or page_slug(rel) == p for p in patterns)
    ]
    if not chosen:
        raise SystemExit(f"measure_pages: no page matches {patterns}; pages: {pages}")
    return chosen


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", nargs="?", type=Path, default=DEFAULT_SITE, help="built site")
    parser.add_argument(
        "--pages", nargs="+", metavar="GLOB", help="only these pages (e.g. entropy.html 'api/*')"
    )
    parser.add_argument("--lighthouse", action="store_true", help="score pages with Lighthouse")
    parser.add_argument(
        "--runs",
        type=int,
        default=3,
        metavar="N",
        help="Lighthouse runs a page; the median run is reported (default: 3)",
    )
    parser.add_argument("--check", action="store_true", help="exit 1 if a goal is missed")
    parser.add_argument("--files", action="store_true", help="list each page's files and sizes")
    parser.add_argument("--json", type=Path, help="write the measurements to this file")
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error(f"--runs must be 1 or more, got {args.runs}")

    from playwright.sync_api import sync_playwright

    site = args.site.resolve()
    if not (site / "sitemap.xml").is_file():
        raise SystemExit(f"measure_pages: {site} holds no sitemap.xml: build the site first")
    pages = _select(site_pages(site), args.pages)
    command = lighthouse_command() if args.lighthouse else None

    with tempfile.TemporaryDirectory(prefix="plain-material-") as scratch:
        plain_site = build_plain_site(Path(scratch))
        with sync_playwright() as playwright:
            browser = launch(playwright)
            try:
                plain = measure_site(
                    plain_site, site_pages(plain_site), command, browser, args.runs
                )
                ours = measure_site(site, pages, command, browser, args.runs)
            finally:
                browser.close()

    plain_median = statistics.median(row["bytes"] for row in plain.values())
    lh = command is not None
    header = f"{'page':<38} {'kB gz':>6} {'x plain':>7} {'req':>4} {'elems':>6} {'CLS':>7}"
    if lh:
        header += (
            f" {'perf':>4} {'runs':>7} {'a11y':>4} {'b-p':>4} {'seo':>4} {'LCP s':>5} {'TBT ms':>6}"
        )
    print(header)
    print("-" * len(header))

    def line(name: str, row: dict[str, Any]) -> str:
        text = (
            f"{name:<38} {row['bytes'] / 1000:>6.1f} {row['bytes'] / plain_median:>7.2f} "
            f"{row['requests']:>4} {row['elements']:>6} {row.get('lh_cls', row['cls']):>7.4f}"
        )
        if lh:
            text += (
                f" {row['performance']:>4} {min(row['runs']):>3}-{max(row['runs']):<3}"
                f" {row['accessibility']:>4} {row['best-practices']:>4}"
                f" {row['seo']:>4} {row['lcp'] / 1000:>5.1f} {row['tbt']:>6.0f}"
            )
            if row["failed"]:
                text += "  failed: " + ", ".join(row["failed"])
        if row["outside"]:
            text += f"  {len(row['outside'])} requests to other hosts refused"
        return text

    for name, row in plain.items():
        print(line(f"plain: {name}", row))
    print("-" * len(header))
    for name, row in ours.items():
        print(line(name, row))
        if args.files:
            for path, size in sorted(row["files"], key=lambda f: -f[1]):
                print(f"      {size / 1000:>7.1f}  {path}")
    print("-" * len(header))

    median = statistics.median(row["bytes"] for row in ours.values())
    heaviest_name, heaviest = max(ours.items(), key=lambda item: item[1]["bytes"])
    worst_cls = max(row.get("lh_cls", row["cls"]) for row in ours.values())
    missed = []
    print(
        f"median page {median / 1000:.1f} kB = {median / plain_median:.2f}x the plain site's "
        f"{plain_median / 1000:.1f} kB (goal <= {MEDIAN_RATIO:g}x); heaviest {heaviest_name} "
        f"{heaviest['bytes'] / 1000:.1f} kB = {heaviest['bytes'] / plain_median:.2f}x "
        f"(goal <= {MAX_RATIO:g}x); worst layout shift {worst_cls:.4f} (goal < {MAX_CLS})"
    )
    if median > MEDIAN_RATIO * plain_median:
        missed.append("median weight")
    if heaviest["bytes"] > MAX_RATIO * plain_median:
        missed.append(f"weight of {heaviest_name}")
    if worst_cls >= MAX_CLS:
        missed.append("layout shift")
    if any(row["outside"] for row in ours.values()):
        missed.append("requests to other hosts")
    if lh:
        low = [n for n, r in ours.items() if r["performance"] < MIN_PERFORMANCE]
        imperfect = [n for n, r in ours.items() if r["worst_other"] < 100]
        print(
            f"Lighthouse (mobile, median of {args.runs} runs a page): performance below "
            f"{MIN_PERFORMANCE} on {len(low)} pages"
            f"{': ' + ', '.join(low) if low else ''}; accessibility/best practices/SEO below "
            f"100 in a run on {len(imperfect)}{': ' + ', '.join(imperfect) if imperfect else ''}"
        )
        single = [n for n, r in ours.items() if min(r["runs"]) < MIN_PERFORMANCE]
        if args.runs > 1:
            print(
                f"  single runs under {MIN_PERFORMANCE}: on {len(single)} pages"
                f"{': ' + ', '.join(single) if single else ''}"
            )
        if low:
            missed.append("performance score")
        if imperfect:
            missed.append("accessibility/best-practices/SEO score")
    print("all goals met" if not missed else "missed: " + "; ".join(missed))
    if args.json:
        args.json.write_text(
            json.dumps({"plain": plain, "ours": ours}, indent=1, default=str), encoding="utf-8"
        )
    return 1 if args.check and missed else 0


if __name__ == "__main__":
    sys.exit(main())
