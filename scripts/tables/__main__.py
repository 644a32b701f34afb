"""Render every table snippet: ``python -m scripts.tables OUTDIR``."""

import sys
from pathlib import Path

from . import render_all

if __name__ == "__main__":
    outdir = Path(sys.argv[1] if len(sys.argv) > 1 else "build/tables")
    for path in render_all(outdir):
        print(path)
