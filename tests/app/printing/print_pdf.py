"""Reading a printed PDF back: text per page (NFC), positions of text runs, page sizes."""

from __future__ import annotations

import io
import unicodedata

from pypdf import PdfReader


def pages_text(pdf: bytes) -> list[str]:
    """The text of each page, NFC (what a clerk would copy out of the PDF)."""
    reader = PdfReader(io.BytesIO(pdf))
    return [unicodedata.normalize("NFC", page.extract_text() or "") for page in reader.pages]


def flat(text: str) -> str:
    """Text with all whitespace removed: wrapping inside table cells cannot hide a match."""
    return "".join(text.split())


def placed_text(pdf: bytes) -> list[list[tuple[float, float, str]]]:
    """Per page, each text run with its position (x, y in points from the bottom left)."""
    def mult(m, n):  # 2-D affine matrices as pypdf gives them (a, b, c, d, e, f)
        return [m[0] * n[0] + m[1] * n[2], m[0] * n[1] + m[1] * n[3],
                m[2] * n[0] + m[3] * n[2], m[2] * n[1] + m[3] * n[3],
                m[4] * n[0] + m[5] * n[2] + n[4], m[4] * n[1] + m[5] * n[3] + n[5]]

    out = []
    for page in PdfReader(io.BytesIO(pdf)).pages:
        runs: list[tuple[float, float, str]] = []

        def visit(text, cm, tm, _font, _size, runs=runs):
            if text.strip():
                m = mult(tm, cm)
                runs.append((m[4], m[5], unicodedata.normalize("NFC", text.strip())))

        page.extract_text(visitor_text=visit)
        out.append(runs)
    return out


def top_margin_text(pdf: bytes) -> list[str]:
    """What each page prints in its top 20 mm (where page numbers go)."""
    reader = PdfReader(io.BytesIO(pdf))
    heights = [float(p.mediabox.height) for p in reader.pages]
    return [" ".join(t for _x, y, t in runs if y > h - 20 * 72 / 25.4)
            for runs, h in zip(placed_text(pdf), heights, strict=True)]


def page_sizes(pdf: bytes) -> list[tuple[float, float]]:
    reader = PdfReader(io.BytesIO(pdf))
    return [(float(p.mediabox.width), float(p.mediabox.height)) for p in reader.pages]
