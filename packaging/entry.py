"""Entry point of the bundled program: the same `tdkt` command as the console script.

A Windows program without a console (tdkt.exe, what the shortcuts open) has no stdout or stderr:
Python sets them to None and the first message written would crash the program. They go to
the null device instead; the error log (logs/) still records what went wrong.
"""

import os
import sys

for name in ("stdout", "stderr"):
    if getattr(sys, name) is None:
        setattr(sys, name, open(os.devnull, "w", encoding="utf-8"))  # noqa: SIM115 - lives as long as the program

from app.cli import main  # noqa: E402 - after the streams exist

if __name__ == "__main__":
    sys.exit(main())
