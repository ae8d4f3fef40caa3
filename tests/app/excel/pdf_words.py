"""The words of a printed PDF with their boxes (poppler's `pdftotext -bbox`), and what a clerk
would see wrong on the paper: a page with nothing but the repeated header, text drawn over
other text, a signature block away from the last page, type too small to read."""

from __future__ import annotations

import html
import re
import statistics
import subprocess
from dataclasses import dataclass
from pathlib import Path

_PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', re.S)
_WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>')


@dataclass(frozen=True)
class Word:
    x0: float
    y0: float
    x1: float
    y1: float
    text: str

    @property
    def height(self) -> float:
        return self.y1 - self.y0


def pages(pdf: Path) -> list[list[Word]]:
    """Each page's words, top to bottom."""
    out = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    found = []
    for _w, _h, body in _PAGE.findall(out):
        words = [Word(float(a), float(b), float(c), float(d), html.unescape(t)) for a, b, c, d, t in _WORD.findall(body)]
        found.append(sorted(words, key=lambda w: (w.y0, w.x0)))
    return found


def text_of(page: list[Word]) -> str:
    return " ".join(w.text for w in page)


def overlaps(page: list[Word], *, share: float = 0.25) -> list[tuple[Word, Word]]:
    """Pairs of words drawn over each other (their boxes share more than `share` of the smaller)."""
    found = []
    for i, a in enumerate(page):
        for b in page[i + 1:]:
            if b.y0 >= a.y1:
                break
            dx = min(a.x1, b.x1) - max(a.x0, b.x0)
            dy = min(a.y1, b.y1) - max(a.y0, b.y0)
            if dx <= 0 or dy <= 0:
                continue
            smaller = min((a.x1 - a.x0) * a.height, (b.x1 - b.x0) * b.height)
            if smaller and dx * dy > share * smaller:
                found.append((a, b))
    return found


def body_height(page: list[Word]) -> float:
    """The usual height of a word's box on a page (the table's body text)."""
    return statistics.median(round(w.height, 1) for w in page) if page else 0.0


def only_furniture(page: list[Word], header_words: set[str]) -> bool:
    """A page holding nothing but the repeated table header, column numbers and its number."""
    return all(w.text in header_words or re.fullmatch(r"\(?\d+\)?", w.text) for w in page)
