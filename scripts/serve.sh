#!/usr/bin/env bash
# The main job: set up this checkout, build the whole site (figures, notebooks, framework tables)
# and its PDF, then serve it with live reload at http://127.0.0.1:8000/.
#   scripts/serve.sh            build, export the PDF, serve
#   scripts/serve.sh --no-pdf   skip the PDF export (no Chromium needed)
# Extra arguments after "--" go to `mkdocs serve` (e.g. -- -a 0.0.0.0:8000).
set -euo pipefail
export NO_MKDOCS_2_WARNING=1  # silence Material's end-of-life banner in build logs
cd "$(dirname "$0")/.."

pdf=1
serve_args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --no-pdf) pdf=0 ;;
    --) shift; serve_args=("$@"); break ;;
    *) echo "serve.sh: unknown option $1 (expected --no-pdf or -- MKDOCS_SERVE_ARGS)" >&2; exit 2 ;;
  esac
  shift
done

if [ "$pdf" = 1 ]; then
  bash scripts/setup.sh --browser
else
  bash scripts/setup.sh
fi

# The complete site, as published (the PDF printed by the build itself, scripts/site/publish.py),
# for the address it is served at below.
echo "serve: building the site (mkdocs build --strict)"
XENT_PDF=$pdf XENT_SITE_URL=${XENT_SITE_URL:-http://127.0.0.1:8000/} \
  .venv/bin/mkdocs build --strict --quiet
echo "serve: serving at http://127.0.0.1:8000/ (Ctrl-C stops)"
# A page edit shows in about 3 s (figures, tables and notebooks come from .cache/ when their code
# is unchanged); edits under scripts/ and xent_ref/ are watched too. (`mkdocs serve --dirty` cannot
# be used: it warns that dirty builds are inaccurate, and strict mode turns that into an abort.)
exec .venv/bin/mkdocs serve --strict "${serve_args[@]}"
