#!/usr/bin/env bash
# Every test, from a fresh machine: set up (Python packages, web assets, Debian's chromium), lint and
# type-check, build the site strictly, export the PDF, then run the whole pytest suite (package
# tests, doctests, every snippet on every page, notebooks, figures, frameworks, PDF and browser).
#   scripts/test.sh                   everything
#   scripts/test.sh --update-outputs  rewrite the output fences under docs/ from a real run first
# Other arguments go to pytest.
set -euo pipefail
export NO_MKDOCS_2_WARNING=1  # silence Material's end-of-life banner in build logs
cd "$(dirname "$0")/.."
start=$(date +%s)

bash scripts/setup.sh --browser

update=0
pytest_args=()
for arg in "$@"; do
  case "$arg" in
    --update-outputs) update=1 ;;
    *) pytest_args+=("$arg") ;;
  esac
done

if [ "$update" = 1 ]; then
  echo "test: rewriting output fences from a real run"
  .venv/bin/pytest -q docs --update-outputs
fi

echo "test: ruff"
.venv/bin/ruff check xent_ref tests scripts
.venv/bin/ruff format --check xent_ref tests scripts
echo "test: mypy"
.venv/bin/mypy

echo "test: mkdocs build --strict"
build_start=$(date +%s)
# The complete site, PDF included, as the README's publish command builds it, for the root of a
# host (the tests serve it there; tests/test_links.py builds the sub-path case itself).
XENT_PDF=1 XENT_SITE_URL=http://127.0.0.1:8000/ .venv/bin/mkdocs build --strict --quiet
echo "test: site and PDF built in $(( $(date +%s) - build_start )) s"

echo "test: pytest (on the site built above: XENT_SITE, tests/conftest.py)"
XENT_SITE=site .venv/bin/pytest "${pytest_args[@]}"
echo "test: all done in $(( $(date +%s) - start )) s"
