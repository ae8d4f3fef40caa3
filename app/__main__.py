"""`python -m app` does what the `tdkt` command does."""

import sys

from app.cli import main

sys.exit(main())
