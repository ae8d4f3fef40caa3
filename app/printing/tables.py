"""Bordered tables for the printed lists: the header row repeated on every page, section rows
(`I. GIẤY KHEN`, `1. Tập thể`) that never end a page alone, a bold total row, text cells that
wrap between words so long Vietnamese names stay inside their column, and rows too tall for a
page (a nominee with a long list of reasons) cut between lines and carried over the next pages."""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, LongTable, Paragraph, TableStyle

from app.printing.fonts import SERIF, face, text_width
from app.printing.kit import LANDSCAPE, PORTRAIT, esc, frame_height, frame_width, styles


@dataclass
class Section:
    """A row spanning the whole table: `I. GIẤY KHEN`, `1. Tập thể`."""

    text: str


@dataclass
class Total:
    """A bold closing row (`Tổng cộng`): label over the first `span` columns, then cells."""

    label: str
    cells: list[str]
    span: int = 1


_CELL_STYLE = {"L": "cell", "C": "cell_center", "R": "cell_right"}
_PAD_X, _PAD_TOP, _PAD_BOTTOM = 3, 2, 3


def _pieces(cells: list, widths: list[float], page_height: float) -> list[list]:
    """One table row, or several when it is too tall to sit well on a page.

    A row taller than a third of the page would be pushed whole to the next page, leaving a
    gap, and one taller than the page cannot be printed at all (reportlab's LayoutError). Such
    a row is cut into pieces of a few lines each (every cell at the same height, between its
    lines), printed as consecutive rows with no rule between them, so the table can turn the
    page inside the row, under the repeated header, and no word is lost.
    """
    inner = [w - 2 * _PAD_X for w in widths]
    heights = [c.wrap(w, 1e6)[1] if isinstance(c, Paragraph) else 0 for c, w in zip(cells, inner, strict=True)]
    if max(heights, default=0) + _PAD_TOP + _PAD_BOTTOM <= page_height / 3:
        return [cells]
    step = page_height / 5
    rest: list = list(cells)
    pieces: list[list] = []
    while any(c is not None and c != "" for c in rest):
        piece, after = [], []
        for cell, w in zip(rest, inner, strict=True):
            if not isinstance(cell, Paragraph) or cell.wrap(w, 1e6)[1] <= step:
                piece.append("" if cell is None else cell)
                after.append(None)
                continue
            parts = cell.split(w, step)
            if len(parts) < 2:  # not even one line fits the step: cannot happen at 12 pt
                piece.append(cell)
                after.append(None)
            else:
                piece.append(parts[0])
                after.append(parts[1])
        pieces.append(piece)
        rest = after
    return pieces


def data_table(header: list[str], rows: list, widths: list[float], align: str,
               total_width: float | None = None, size: float = 12) -> LongTable:
    """A bordered table with the header row repeated on every page.

    `widths` are relative; `align` has one letter per column (L, C, R). Text cells become
    wrapped paragraphs, so long Vietnamese names break between words, never past the border.
    `size` below 12 makes a compact table (a ballot that must stay on one page).
    """
    st = styles()
    if size != 12:
        st = {name: ParagraphStyle(f"{name}_{size}", parent=style, fontSize=size, leading=size + 2)
              for name, style in st.items()}
    total_width = total_width or frame_width()
    scale = total_width / sum(widths)
    col_widths = [w * scale for w in widths]
    # No header word may break inside (`STT` over two lines): widen such a column, taking
    # the room from the widest one.
    for i, head in enumerate(header):
        need = max((text_width(w, 12, bold=True) for w in head.split()), default=0) + 7
        if col_widths[i] < need:
            widest = max(range(len(col_widths)), key=col_widths.__getitem__)
            col_widths[widest] -= need - col_widths[i]
            col_widths[i] = need
    ncols = len(header)
    page_height = frame_height(LANDSCAPE if total_width > frame_width(PORTRAIT) + 1 else PORTRAIT)
    data: list[list] = [[Paragraph(esc(h), st["cell_head"]) for h in header]]
    # Rules are drawn per row (not GRID) so the pieces of a cut row carry no rule between them.
    commands: list[tuple] = [
        ("BOX", (0, 0), (-1, -1), 0.5, "black"),
        ("LINEAFTER", (0, 0), (-2, -1), 0.5, "black"),
        ("LINEBELOW", (0, 0), (-1, 0), 0.5, "black"),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("FONTNAME", (0, 0), (-1, -1), SERIF), ("FONTSIZE", (0, 0), (-1, -1), size),
        ("LEFTPADDING", (0, 0), (-1, -1), _PAD_X), ("RIGHTPADDING", (0, 0), (-1, -1), _PAD_X),
        ("TOPPADDING", (0, 0), (-1, -1), _PAD_TOP), ("BOTTOMPADDING", (0, 0), (-1, -1), _PAD_BOTTOM),
    ]
    for row in rows:
        r = len(data)
        if isinstance(row, Section):
            data.append([Paragraph(esc(row.text), st["cell_bold"])] + [""] * (ncols - 1))
            # A heading never ends a page alone: keep it with the row after it.
            commands += [("SPAN", (0, r), (-1, r)), ("NOSPLIT", (0, r), (-1, r + 1))]
        elif isinstance(row, Total):
            data.append([Paragraph(esc(row.label), st["cell_head"])] + [""] * (row.span - 1)
                        + [Paragraph(esc(c), ParagraphStyle("t", parent=st[_CELL_STYLE[align[row.span + i]]],
                                                            fontName=face(bold=True)))
                           for i, c in enumerate(row.cells)])
            if row.span > 1:
                commands.append(("SPAN", (0, r), (row.span - 1, r)))
        else:
            cells = [cell if isinstance(cell, Flowable) else
                     Paragraph(esc(cell), st[_CELL_STYLE[align[i]]]) for i, cell in enumerate(row)]
            pieces = _pieces(cells, col_widths, page_height)
            data += pieces
            if len(pieces) > 1:
                # The pieces of a cut row read from the top down, as one cell would.
                commands += [("VALIGN", (0, r), (-1, len(data) - 1), "TOP"),
                             ("TOPPADDING", (0, r + 1), (-1, len(data) - 1), 0),
                             ("BOTTOMPADDING", (0, r), (-1, len(data) - 2), 0)]
        commands.append(("LINEBELOW", (0, len(data) - 1), (-1, len(data) - 1), 0.5, "black"))
    last = len(data) - 1
    commands = [c for c in commands if c[0] != "NOSPLIT" or c[2][1] <= last]
    table = LongTable(data, colWidths=col_widths, repeatRows=1)
    table.setStyle(TableStyle(commands))
    return table
