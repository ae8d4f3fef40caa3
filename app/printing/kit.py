"""The page kit every printed form is built from (Nghị định 30/2020/NĐ-CP, Phụ lục I).

A4 with the decree's margins (top and bottom 20 mm, left 30 mm, right 15 mm), Times New Roman
(or its metric twin, see fonts.py) 14 pt body, the administrative header (issuing body top
left with a short rule, national name and motto top right with a rule as long as the motto,
number and symbol under the issuer, place and date in italics under the motto), the title,
justified body, "Nơi nhận:" and the signature block, tables whose header row repeats on every
page, page numbers centred in the top margin from a document's second page.

One PDF may hold several documents (a list then one reminder letter per unit): each starts
with `Document.new_part()`, and page numbers count within the part.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from xml.sax.saxutils import escape

from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from app.printing.fonts import SERIF, face, register_fonts, text_width

PORTRAIT, LANDSCAPE = "portrait", "landscape"
MARGIN_TOP, MARGIN_BOTTOM, MARGIN_LEFT, MARGIN_RIGHT = 20 * mm, 20 * mm, 30 * mm, 15 * mm
PAGE_SIZES = {PORTRAIT: A4, LANDSCAPE: landscape(A4)}
MOTTO = "Độc lập - Tự do - Hạnh phúc"
BLANK = "\u00a0" * 10  # room left for a number written by hand: `Số:          /TTr-UBND`
NATIONAL_NAME = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"


def frame_width(orientation: str = PORTRAIT) -> float:
    return PAGE_SIZES[orientation][0] - MARGIN_LEFT - MARGIN_RIGHT


def frame_height(orientation: str = PORTRAIT) -> float:
    return PAGE_SIZES[orientation][1] - MARGIN_TOP - MARGIN_BOTTOM


def esc(text: object) -> str:
    """Data text made safe for Paragraph markup."""
    return escape("" if text is None else str(text)).replace("\n", "<br/>")


def slug(text: str) -> str:
    """An ASCII file name part: `Quyết định 12/QĐ-UBND` → `Quyet_dinh_12_QD_UBND`."""
    plain = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    plain = "".join(ch for ch in plain if not unicodedata.combining(ch))
    return re.sub(r"[^0-9A-Za-z]+", "_", plain).strip("_") or "van_ban"


@lru_cache(maxsize=1)
def styles() -> dict[str, ParagraphStyle]:
    """The paragraph styles of the decree, by purpose."""
    register_fonts()

    def style(name: str, size: float, *, bold=False, italic=False, align=TA_CENTER, **kw):
        return ParagraphStyle(name, fontName=face(bold, italic), fontSize=size,
                              leading=kw.pop("leading", round(size * 1.2, 1)), alignment=align, **kw)

    return {
        "body": style("body", 14, align=TA_JUSTIFY, firstLineIndent=10 * mm, spaceBefore=6),
        "body_flat": style("body_flat", 14, align=TA_JUSTIFY, spaceBefore=6),
        "center": style("center", 14),
        "center_italic": style("center_italic", 14, italic=True),
        "title": style("title", 14, bold=True, leading=17),
        "decides": style("decides", 14, bold=True, leading=17, spaceBefore=6, spaceAfter=3),
        "issuer": style("issuer", 13, bold=True, leading=15.5),
        "parent": style("parent", 13, leading=15.5),
        "national": style("national", 13, bold=True, leading=15.5),
        "motto": style("motto", 14, bold=True, leading=16.5),
        "number": style("number", 13, leading=15.5),
        "about": style("about", 12, leading=14),
        "place_date": style("place_date", 14, italic=True, leading=16.5),
        "recipients_label": style("recipients_label", 12, bold=True, italic=True, align=TA_LEFT),
        "recipients": style("recipients", 11, align=TA_LEFT, leading=13),
        "sign": style("sign", 14, bold=True, leading=16.5),
        "sign_note": style("sign_note", 14, italic=True, leading=16.5),
        "cell": style("cell", 12, align=TA_LEFT, leading=14),
        "cell_center": style("cell_center", 12, leading=14),
        "cell_right": style("cell_right", 12, align=TA_RIGHT, leading=14),
        "cell_head": style("cell_head", 12, bold=True, leading=14),
        "cell_bold": style("cell_bold", 12, bold=True, align=TA_LEFT, leading=14),
        "annex_title": style("annex_title", 14, bold=True, leading=17),
        "annex_note": style("annex_note", 13, italic=True, leading=15.5),
    }


def cap_first(text: str) -> str:
    """First letter upper case, the rest untouched (str.capitalize lowers the rest)."""
    return text[:1].upper() + text[1:]


def balanced(text: str, style: str, width: float) -> Paragraph:
    """A centred heading wrapped into lines of even length (no lone last word), as a clerk
    breaks `ỦY BAN NHÂN DÂN` / `XÃ BÌNH LƯ` by hand."""
    st = styles()[style]
    lines = simpleSplit(text, st.fontName, st.fontSize, width)
    if len(lines) > 1:
        lo = max(stringWidth(w, st.fontName, st.fontSize) for w in text.split())
        hi = width
        for _ in range(18):  # the narrowest width that still needs no more lines
            mid = (lo + hi) / 2
            if len(simpleSplit(text, st.fontName, st.fontSize, mid)) <= len(lines):
                hi = mid
            else:
                lo = mid
        lines = simpleSplit(text, st.fontName, st.fontSize, hi + 0.5)
        for i in range(1, len(lines)):  # a dash ends its line: `THI ĐUA -` / `KHEN THƯỞNG`
            if lines[i][:2] in ("- ", "– "):
                lines[i - 1], lines[i] = lines[i - 1] + " " + lines[i][0], lines[i][2:]
    return Paragraph("<br/>".join(esc(line) for line in lines), st)


def para(text: str, style: str = "body", markup: bool = False) -> Paragraph:
    """A paragraph of data text (escaped) or of trusted markup (`markup=True`)."""
    return Paragraph(text if markup else esc(text), styles()[style])


class HRule(Flowable):
    """A solid horizontal line of a given width, centred in its column."""

    def __init__(self, width: float, above: float = 6, below: float = 3, thickness: float = 0.6):
        super().__init__()
        self.rule_width, self.above, self.below, self.thickness = width, above, below, thickness

    def wrap(self, avail_width, avail_height):
        self.avail = avail_width
        return avail_width, self.above + self.below

    def draw(self):
        x0 = (self.avail - self.rule_width) / 2
        self.canv.setLineWidth(self.thickness)
        self.canv.line(x0, self.below, x0 + self.rule_width, self.below)


class PartStart(Flowable):
    """Marks the first page of a document inside the PDF: page numbers count from here."""

    def wrap(self, avail_width, avail_height):
        return 0, 0

    def draw(self):
        self.canv._tdkt_part_start = self.canv.getPageNumber()


def _number_page(canvas, doc) -> None:
    """Page number centred in the top margin, from the part's second page (Decree 30)."""
    n = canvas.getPageNumber() - getattr(canvas, "_tdkt_part_start", 1) + 1
    if n < 2:
        return
    width, height = canvas._pagesize
    canvas.setFont(SERIF, 13)
    canvas.drawCentredString(MARGIN_LEFT + (width - MARGIN_LEFT - MARGIN_RIGHT) / 2,
                             height - MARGIN_TOP / 2 - 4, str(n))


@dataclass
class PrintedDocument:
    """A finished PDF with what the preview and the command line need to know about it."""

    title: str
    pdf: bytes
    pages: int
    filename: str
    award_ids: list[int] = field(default_factory=list)  # certificates printed (for the log)
    date: dt.date | None = None  # the date the form carries (app/printing/dates.py)
    date_fixed: bool = False  # a signed decision's date: the clerk cannot print another


class Document:
    """A story of flowables on portrait/landscape A4 pages, built into a PrintedDocument."""

    def __init__(self, title: str, author: str = "", orientation: str = PORTRAIT):
        register_fonts()
        self.title, self.author, self.orientation = title, author, orientation
        self.story: list[Flowable] = [PartStart()]
        self.date: dt.date | None = None
        self.date_fixed = False

    def add(self, *flowables: Flowable) -> None:
        self.story.extend(flowables)

    def add_closing(self, block: Flowable) -> None:
        """The signature block, kept on one page with the paragraph before it: a signature
        never stands alone on the last page."""
        last = self.story.pop() if self.story and isinstance(self.story[-1], Paragraph) else None
        self.story.append(KeepTogether([last, block]) if last is not None else block)

    def new_part(self, orientation: str = PORTRAIT) -> None:
        """Start a new document (or an annex) on a new page in the given orientation."""
        self.story += [NextPageTemplate(orientation), PageBreak(), PartStart()]

    def new_page(self, orientation: str = PORTRAIT) -> None:
        """Continue the same document on a new page (an annex keeps the page count)."""
        self.story += [NextPageTemplate(orientation), PageBreak()]

    def build(self, filename: str) -> PrintedDocument:
        buffer = io.BytesIO()
        doc = BaseDocTemplate(buffer, pagesize=PAGE_SIZES[self.orientation], title=self.title,
                              author=self.author, creator="TĐKT", leftMargin=MARGIN_LEFT,
                              rightMargin=MARGIN_RIGHT, topMargin=MARGIN_TOP,
                              bottomMargin=MARGIN_BOTTOM)
        templates = []
        for name in (self.orientation, LANDSCAPE if self.orientation == PORTRAIT else PORTRAIT):
            width, height = PAGE_SIZES[name]
            frame = Frame(MARGIN_LEFT, MARGIN_BOTTOM, width - MARGIN_LEFT - MARGIN_RIGHT,
                          height - MARGIN_TOP - MARGIN_BOTTOM, id=name, leftPadding=0,
                          rightPadding=0, topPadding=0, bottomPadding=0)
            templates.append(PageTemplate(id=name, frames=[frame], pagesize=(width, height),
                                          onPageEnd=_number_page, autoNextPageTemplate=name))
        doc.addPageTemplates(templates)
        doc.build(self.story)
        return PrintedDocument(title=self.title, pdf=buffer.getvalue(), pages=doc.page,
                               filename=filename, date=self.date, date_fixed=self.date_fixed)


# --- the administrative header -------------------------------------------------------------

def header_columns(orientation: str = PORTRAIT) -> tuple[float, float]:
    """Widths of the issuer column and the national-name column."""
    total = frame_width(orientation)
    left = 66 * mm if orientation == PORTRAIT else 95 * mm
    return left, total - left


def admin_header(issuer: list[tuple[str, bool]], number: str, place_date: str,
                 about: str = "", orientation: str = PORTRAIT) -> Table:
    """Issuer lines (text, bold) top left with a short rule under the bold one, the number
    (`Số: 12/QĐ-UBND`) and an optional `V/v ...` under it; national name, motto with its
    rule, and the italic place and date on the right."""
    st = styles()
    left_w, right_w = header_columns(orientation)
    left: list[Flowable] = [balanced(text.upper(), "issuer" if bold else "parent", left_w - 4)
                            for text, bold in issuer]
    bold_lines = [text.upper() for text, bold in issuer if bold] or [issuer[-1][0].upper()]
    longest = min(max(text_width(t, 13, bold=True) for t in bold_lines), left_w)
    left.append(HRule(longest * 0.4))
    national_size = 13 if text_width(NATIONAL_NAME, 13, bold=True) <= right_w else 12
    right: list[Flowable] = [
        Paragraph(NATIONAL_NAME, ParagraphStyle("nat", parent=st["national"], fontSize=national_size)),
        para(MOTTO, "motto"),
        HRule(text_width(MOTTO, 14, bold=True)),
    ]
    below_left: list[Flowable] = [para(number, "number")] if number else []
    if about:
        below_left.append(balanced(about, "about", left_w - 6))
    table = Table([[left, right], [below_left, para(place_date, "place_date")]],
                  colWidths=[left_w, right_w])
    table.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 1), (-1, 1), 4),
    ]))
    return table


def title_block(kind: str, subject: str = "", rule: bool = True,
                orientation: str = PORTRAIT, note: str = "") -> list[Flowable]:
    """`QUYẾT ĐỊNH` and its subject line (`Về việc ...`), bold and centred, an optional italic
    note (`(Tính đến ...)`), a short rule under."""
    out: list[Flowable] = [Spacer(1, 8 * mm), para(kind.upper(), "title")]
    if subject:
        out.append(balanced(subject, "title", frame_width(orientation) - 20 * mm))
    if note:
        out.append(para(note, "annex_note"))
    if rule:
        width = text_width(subject or kind, 14, bold=True)
        out.append(HRule(min(width, frame_width()) * 0.35))
    out.append(Spacer(1, 3 * mm))
    return out


def signature(sign_lines: list[str], signer_name: str, note: str = "") -> list[Flowable]:
    """Capacity lines (upper case, bold), an optional italic line (the unit), room for the
    signature and seal, the signer's name in bold."""
    out: list[Flowable] = [para(line.upper(), "sign") for line in sign_lines if line]
    if note:
        out.append(para(note, "sign_note"))
    out.append(Spacer(1, 26 * mm))
    out.append(para(signer_name, "sign"))
    return out


def closing(recipients: list[str], sign_lines: list[str], signer_name: str,
            orientation: str = PORTRAIT, left: list[Flowable] | None = None,
            note: str = "") -> Table:
    """`Nơi nhận:` with its list bottom left (or another signature, `left`); the signature
    block bottom right. Kept in one piece: it never splits across pages."""
    total = frame_width(orientation)
    left_w = total * 0.45
    recipients_block = left is None
    if left is None:
        left = []
        if recipients:
            left.append(para("Nơi nhận:", "recipients_label"))
            left += [para(line, "recipients") for line in recipients]
    right = signature(sign_lines, signer_name, note)
    table = Table([[left, right]], colWidths=[left_w, total - left_w])
    table.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (0, 0), 6 if recipients_block else 0),
        ("TOPPADDING", (1, 0), (1, 0), 0),
    ]))
    return Table([[table]], colWidths=[total], style=[("LEFTPADDING", (0, 0), (-1, -1), 0),
                                                      ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                                                      ("TOPPADDING", (0, 0), (-1, -1), 10)])


def signature_title_lines(mode: str, head_title: str, signer_title: str, collective: str) -> list[str]:
    """Capacity lines above a signature: `TM. ỦY BAN NHÂN DÂN`/`CHỦ TỊCH`, `KT. CHỦ TỊCH`/
    `PHÓ CHỦ TỊCH`, or just the signer's title."""
    mode = (mode or "").upper()
    if mode == "TM":
        return [f"TM. {collective}", signer_title or head_title]
    if mode == "KT":
        return [f"KT. {head_title}", signer_title]
    return [signer_title or head_title]


# Tables live in tables.py; forms import them from here too, with the rest of the kit.
from app.printing.tables import Section, Total, data_table  # noqa: E402

__all__ = ["BLANK", "Document", "HRule", "LANDSCAPE", "MOTTO", "NATIONAL_NAME", "PORTRAIT", "PartStart", "frame_height",
           "PrintedDocument", "Section", "Total", "admin_header", "balanced", "cap_first",
           "closing", "data_table", "esc", "frame_width", "para", "signature",
           "signature_title_lines", "slug", "styles", "title_block"]
