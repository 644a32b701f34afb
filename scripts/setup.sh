#!/usr/bin/env bash
# Prepare this checkout on a fresh machine: a virtual environment in .venv with every pinned Python
# package, the web assets from the npm registry in node_modules, and (with --browser) Debian's
# chromium for the PDF export and the browser tests. Safe to run again: each step is skipped when
# its inputs have not changed since it last succeeded.
set -euo pipefail
cd "$(dirname "$0")/.."

want_browser=0
for arg in "$@"; do
  case "$arg" in
    --browser) want_browser=1 ;;
    *) echo "setup.sh: unknown option $arg (expected --browser)" >&2; exit 2 ;;
  esac
done

stamp_dir=.venv/.xent-stamps
python=${PYTHON:-python3}

# Python: a venv with the package (editable) and the docs and test dependency groups (PEP 735,
# pyproject.toml), pinned by constraints.txt. pip's own environment variables apply: a deployer
# can add a CPU-only PyTorch wheel index with PIP_EXTRA_INDEX_URL (see README).
if [ ! -x .venv/bin/python ]; then
  echo "setup: creating .venv with $($python --version)"
  "$python" -m venv .venv
fi
mkdir -p "$stamp_dir"
py_key=$(cat pyproject.toml constraints.txt constraints-cffconvert.txt | sha256sum | cut -c1-16)
if [ "$(cat "$stamp_dir/python" 2>/dev/null)" != "$py_key" ]; then
  echo "setup: installing pinned Python packages (constraints.txt)"
  .venv/bin/python -m pip install --quiet --upgrade 'pip>=25.1'  # 25.1 added --group
  .venv/bin/python -m pip install --quiet -c constraints.txt -e . --group docs --group test
  # cffconvert needs jsonschema < 4 (nbformat above needs 4): a venv of its own for the tests.
  [ -x .venv/cffconvert/bin/python ] || "$python" -m venv .venv/cffconvert
  .venv/cffconvert/bin/python -m pip install --quiet -c constraints-cffconvert.txt cffconvert
  echo "$py_key" > "$stamp_dir/python"
fi
# The repository root on the venv's import path, so that MkDocs (which loads scripts/site/hooks.py
# by path) and the commands under scripts/ import the package `scripts` without editing sys.path.
purelib=$(.venv/bin/python -c 'import sysconfig; print(sysconfig.get_path("purelib"))')
printf '%s\n' "$PWD" > "$purelib/xent-checkout.pth"

# Web assets (math renderer and friends) from the npm registry, exactly as package-lock.json says.
if [ -f package-lock.json ]; then
  npm_key=$(cat package.json package-lock.json | sha256sum | cut -c1-16)
  if [ ! -d node_modules ] || [ "$(cat "$stamp_dir/npm" 2>/dev/null)" != "$npm_key" ]; then
    echo "setup: installing web assets (npm ci)"
    npm ci --no-audit --no-fund --loglevel=error
    echo "$npm_key" > "$stamp_dir/npm"
  fi
fi

# Chromium from Debian, for the PDF export and the browser tests; poppler's pdftoppm, with which
# the PDF test renders the pages to measure how full each one is.
if [ "$want_browser" = 1 ] && { ! command -v chromium >/dev/null 2>&1 || ! command -v pdftoppm >/dev/null 2>&1; }; then
  echo "setup: installing Debian's chromium and poppler-utils (apt)"
  sudo_cmd=""
  [ "$(id -u)" = 0 ] || sudo_cmd=sudo
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq chromium fonts-dejavu-core poppler-utils >/dev/null
fi
echo "setup: ready"
