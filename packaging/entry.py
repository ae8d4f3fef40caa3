"""Entry point of the bundled program: the same `tdkt` command as the console script."""

import sys

from app.cli import main

if __name__ == "__main__":
    sys.exit(main())
