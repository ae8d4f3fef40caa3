"""Reading one figure where a clerk meets it: the command line's JSON (run as `tdkt` runs it),
the text of a printed form (pdftotext, as the clerk would copy it), and an `Agreement` that
collects every figure whose places disagree, naming each place and what it says."""

from __future__ import annotations

import contextlib
import io
import json
import re
import subprocess
import tempfile
import unicodedata
from pathlib import Path

from app.cli import main

NUMBER = r"(\d{1,3}(?:\.\d{3})*|\d+)"


def pdf_text(pdf: bytes, layout: bool = True) -> str:
    """The PDF's text as `pdftotext -layout` gives it (rows of a table on their lines), or as
    `pdftotext -raw` does (`layout=False`: in the order it was written, a table cell's wrapped
    lines together), NFC."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "form.pdf"
        path.write_bytes(pdf)
        out = subprocess.run(["pdftotext", "-layout" if layout else "-raw", "-enc", "UTF-8", str(path), "-"],
                             capture_output=True, check=True).stdout
    return unicodedata.normalize("NFC", out.decode("utf-8"))


def flat(text: str) -> str:
    """No whitespace at all: wrapping in a table cell cannot hide a match."""
    return "".join(text.split())


def num(text: str) -> int:
    """`131.990.000` → 131990000; `-1.000` → -1000."""
    return int(text.replace(".", ""))


def find_number(text: str, before: str, after: str = "") -> int | None:
    """The number printed right after `before` (and before `after`), whitespace ignored."""
    pattern = re.escape(flat(before)) + NUMBER + re.escape(flat(after))
    found = re.search(pattern, flat(text))
    return num(found.group(1)) if found else None


def cli_json(path: Path, *args: object) -> object:
    """`tdkt ARGS --db PATH --json`, in this process, as its JSON."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = main([str(a) for a in args] + ["--db", str(path), "--json"])
    assert code == 0, f"tdkt {' '.join(map(str, args))} gave exit code {code}"
    return json.loads(out.getvalue())


class Agreement:
    """Figures and where each is shown; `problems` lists every figure whose places differ."""

    def __init__(self, office: str):
        self.office = office
        self.problems: list[str] = []
        self.compared = 0

    def same(self, figure: str, **places: object) -> None:
        """Every place shows the same value for `figure` (a place saying None was not found)."""
        self.compared += 1
        values = list(places.values())
        if any(v is None for v in values) or len({repr(v) for v in values}) > 1:
            said = "; ".join(f"{where.replace('__', ' ')} = {value!r}" for where, value in places.items())
            self.problems.append(f"[{self.office}] {figure}: {said}")

    def check(self, figure: str, ok: bool, detail: str) -> None:
        self.compared += 1
        if not ok:
            self.problems.append(f"[{self.office}] {figure}: {detail}")

    def report(self) -> str:
        return f"{len(self.problems)} disagreements of {self.compared} figures compared:\n" + \
            "\n".join(self.problems[:60])


_CELL_NUMBER = re.compile(r"(?<![\d,.])(-?\d{1,3}(?:\.\d{3})+|-?\d+)(?![\d,%]|\.\d)")


def spaced(text: str) -> str:
    """Runs of whitespace as one space (a wrapped sentence reads whole)."""
    return " ".join(text.split())


def row(layout: str, label: str, count: int, *, after: str = "") -> list[int] | None:
    """The last `count` whole numbers of a table row in `pdftotext -layout` text, found by its
    label (a wrapped label and a vertically centred number line are a few lines apart);
    `after` first moves past a heading, when the label repeats in the form."""
    lines = layout.splitlines()
    start = 0
    if after:
        start = next((i for i, line in enumerate(lines) if flat(after) in flat(line)), len(lines))
    words = label.split()
    key = " ".join(words[:5])
    for i in range(start, len(lines)):
        if spaced(lines[i]).find(key) < 0:
            continue
        # The label's own line first, then the lines of its wrapped cell below, last above.
        for j in sorted(range(max(i - 2, 0), min(i + 4, len(lines))), key=lambda j: (j < i, abs(j - i))):
            found = _CELL_NUMBER.findall(lines[j].replace(key, ""))
            if len(found) >= count:
                return [num(x) for x in found[-count:]]
        return None
    return None
