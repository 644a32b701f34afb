"""Print the built site to SITE_DIR/xent.pdf: ``.venv/bin/python scripts/make_pdf.py [SITE_DIR]``.

The printer is ``scripts/site/pdf.py``; ``--help`` lists the options.
"""

import sys

from scripts.site.pdf import main

if __name__ == "__main__":
    sys.exit(main())
