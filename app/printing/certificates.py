"""Giấy khen and title certificates (Chiến sĩ thi đua cơ sở ...), A4 landscape, one per award
of a decision, in batch.

Two modes:
- `full`: the whole design on plain white paper — decorative border, the national emblem when
  the office has given its image (setting `printing.emblem_image`), national name and motto,
  the conferring office's title in bold red, `TẶNG`, the form or title in large bold red,
  recipient, achievement, decision number and date with `Số sổ vàng`, place, date and signature.
- `overlay`: only the variable text, at the same places, shifted by the calibration offsets
  (mm, per printer, setting `printing.certificate_offsets`), for the office's pre-printed paper.

`calibration_page` prints a 10 mm grid with the field anchors marked, to measure the offsets.
Printing is logged (`record_printed`) in `certificate_prints`: first print or reprint.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from pathlib import Path

from reportlab.lib.colors import Color, black
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.errors import UserError
from app.formats import decimal, place_date, short_date
from app.printing.common import (
    Profile,
    authority_head_title,
    decision_profile,
    get_setting,
    set_setting,
    where_of,
)
from app.printing.dates import refuse_other_date
from app.printing.decision import find_decision
from app.printing.fonts import face, register_fonts
from app.printing.kit import MOTTO, NATIONAL_NAME, PrintedDocument, slug
from app.signers import decision_signature
from db.models import AwardType, CertificatePrint, Decision, Person

PAGE_W, PAGE_H = landscape(A4)
RED = Color(0.78, 0.05, 0.05)
GOLD = Color(0.72, 0.53, 0.04)
DEFAULT_AWARDS = ("GK", "CSTDCS")
OFFSETS_KEY, LAYOUT_KEY, EMBLEM_KEY = ("printing.certificate_offsets", "printing.certificate_layout",
                                       "printing.emblem_image")
MODES = {"full": "In toàn bộ mẫu", "overlay": "In lên phôi in sẵn"}


@dataclass(frozen=True)
class Field:
    """Where a variable text goes: centre x and baseline y in mm from the top-left corner."""

    x: float
    y: float
    size: float
    bold: bool = False
    italic: bool = False
    max_width: float = 230.0  # mm; longer text shrinks, or wraps up to `lines` lines
    lines: int = 1


# The full design's places; the overlay prints the same fields at the same places (plus the
# offsets), and an office whose paper differs can move any field in the layout setting.
FIELDS: dict[str, Field] = {
    "name": Field(148.5, 122, 24, bold=True),
    "position": Field(148.5, 132, 15),
    "achievement": Field(148.5, 142, 15, italic=True, max_width=215, lines=3),
    "decision": Field(70, 171, 13, bold=True, italic=True, max_width=100),
    "book_no": Field(70, 178, 13, bold=True, italic=True, max_width=100),
    "place_date": Field(212, 160, 14, italic=True, max_width=130),
    "sign_title": Field(212, 167, 14, bold=True, max_width=120),
    "signer": Field(212, 189, 15, bold=True, max_width=120),
}


@dataclass
class Certificate:
    """The texts of one certificate, read from a ledger award."""

    award_id: int
    heading: str  # TẶNG / TẶNG DANH HIỆU
    award_name: str  # GIẤY KHEN / CHIẾN SĨ THI ĐUA CƠ SỞ
    name: str
    position: str
    achievement: str
    decision: str
    book_no: str
    place_date: str
    sign_title: list[str]
    signer: str


def get_offsets(session: Session, printer: str = "") -> tuple[float, float]:
    """Calibration (dx, dy) in mm for a printer (or the default): + moves right / down."""
    table = get_setting(session, OFFSETS_KEY, {}) or {}
    entry = table.get(printer) or table.get("") or {}
    return float(entry.get("dx_mm", 0)), float(entry.get("dy_mm", 0))


def save_offsets(session: Session, dx_mm: float, dy_mm: float, printer: str = "") -> None:
    if abs(dx_mm) > 30 or abs(dy_mm) > 30:
        raise UserError("Độ lệch căn chỉnh phải trong khoảng −30 mm đến +30 mm.")
    table = dict(get_setting(session, OFFSETS_KEY, {}) or {})
    table[printer] = {"dx_mm": round(float(dx_mm), 1), "dy_mm": round(float(dy_mm), 1)}
    set_setting(session, OFFSETS_KEY, table)


def layout(session: Session) -> dict[str, Field]:
    """The field places: defaults, with whatever the office moved (setting, mm)."""
    custom = get_setting(session, LAYOUT_KEY, {}) or {}
    fields = dict(FIELDS)
    for name, values in custom.items():
        if name in fields and isinstance(values, dict):
            base = fields[name]
            fields[name] = Field(**{**base.__dict__, **{k: v for k, v in values.items()
                                                         if k in base.__dict__}})
    return fields


def certificates_for(session: Session, decision: Decision, p: Profile,
                     award_codes: tuple[str, ...] = DEFAULT_AWARDS,
                     award_ids: list[int] | None = None) -> list[Certificate]:
    types = {t.id: t for t in session.scalars(select(AwardType))}
    wanted = [a for a in decision.awards if types[a.award_type_id].code in award_codes
              and not a.revoked and (award_ids is None or a.id in award_ids)]
    if not wanted:
        names = ", ".join(t.name for t in types.values() if t.code in award_codes)
        raise UserError(f"Quyết định {decision.number} không có {names or 'khen thưởng'} nào để in bằng.")
    genders = dict(session.execute(select(Person.id, Person.gender).where(
        Person.id.in_([a.person_id for a in wanted if a.person_id]))).all())
    signed = decision_signature(decision.signer_name or p.signer_name,
                                decision.signer_title or p.signer_title, decision.sign_mode,
                                authority_head_title(session, p))
    out = []
    for a in wanted:
        kind = types[a.award_type_id]
        honorific = {"M": "Ông ", "F": "Bà "}.get(genders.get(a.person_id), "") \
            if a.subject == "individual" else ""
        where = where_of(a.recipient_name, a.position, a.unit_text)
        achievement = a.achievement.strip() or f"Đã có thành tích trong công tác năm {a.year}"
        out.append(Certificate(
            award_id=a.id, heading="TẶNG DANH HIỆU" if kind.category == "title" else "TẶNG",
            award_name=kind.name.upper(), name=honorific + a.recipient_name, position=where,
            achievement=achievement if achievement.endswith(".") else achievement + ".",
            decision=f"Quyết định số {decision.number}, ngày {short_date(decision.issued_on)}",
            book_no=f"Số sổ vàng: {a.book_no}" if a.book_no else "Số sổ vàng: ......",
            place_date=place_date(p.place_name, decision.issued_on), sign_title=signed.lines,
            signer=signed.name))
    return out


def _lines(text: str, f: Field) -> tuple[float, list[str]]:
    """The largest size (down to 60%) at which the text fits the field's width in at most
    `f.lines` lines; at the smallest size, what the width allows."""
    fontname = face(f.bold, f.italic)
    size = f.size
    while True:
        lines = simpleSplit(text, fontname, size, f.max_width * mm) if f.lines > 1 else [text]
        widest = max(stringWidth(line, fontname, size) for line in lines) if lines else 0
        if (len(lines) <= f.lines and widest <= f.max_width * mm) or size <= max(8, f.size * 0.6):
            if len(lines) > 1:  # even lines, no lone last word: the narrowest width that fits
                lo, hi = f.max_width * mm / len(lines), f.max_width * mm
                for _ in range(16):
                    mid = (lo + hi) / 2
                    lo, hi = (lo, mid) if len(simpleSplit(text, fontname, size, mid)) <= len(lines) \
                        else (mid, hi)
                lines = simpleSplit(text, fontname, size, hi + 0.5)
            return size, lines
        size -= 0.5


def _text(c: Canvas, text: str, f: Field, dx: float = 0, dy: float = 0, color=black) -> None:
    """Centred text on its baseline, shrunk (or wrapped, where the field allows) to fit."""
    c.setFillColor(color)
    size, lines = _lines(text, f)
    c.setFont(face(f.bold, f.italic), size)
    x, y = (f.x + dx) * mm, PAGE_H - (f.y + dy) * mm
    for i, line in enumerate(lines):
        c.drawCentredString(x, y - i * size * 1.25, line)


def _border(c: Canvas) -> None:
    """A double frame with a band of small diamonds and rosettes at the corners."""
    c.saveState()
    c.setStrokeColor(GOLD)
    c.setLineWidth(3)
    c.rect(8 * mm, 8 * mm, PAGE_W - 16 * mm, PAGE_H - 16 * mm)
    c.setLineWidth(0.8)
    c.setStrokeColor(RED)
    c.rect(14 * mm, 14 * mm, PAGE_W - 28 * mm, PAGE_H - 28 * mm)
    c.setFillColor(GOLD)
    step, band = 6 * mm, 11 * mm
    for edge_x in _steps(band, PAGE_W - band, step):
        for y in (band, PAGE_H - band):
            _diamond(c, edge_x, y, 1.2 * mm)
    for edge_y in _steps(band, PAGE_H - band, step):
        for x in (band, PAGE_W - band):
            _diamond(c, x, edge_y, 1.2 * mm)
    c.setFillColor(RED)
    for x in (band, PAGE_W - band):
        for y in (band, PAGE_H - band):
            c.circle(x, y, 3 * mm, stroke=0, fill=1)
            c.setFillColor(GOLD)
            c.circle(x, y, 1.6 * mm, stroke=0, fill=1)
            c.setFillColor(RED)
    c.restoreState()


def _steps(start: float, end: float, step: float) -> list[float]:
    n = int((end - start) // step)
    pad = (end - start - n * step) / 2
    return [start + pad + i * step for i in range(1, n)]


def _diamond(c: Canvas, x: float, y: float, r: float) -> None:
    path = c.beginPath()
    path.moveTo(x, y + r)
    path.lineTo(x + r, y)
    path.lineTo(x, y - r)
    path.lineTo(x - r, y)
    path.close()
    c.drawPath(path, stroke=0, fill=1)


def _design(c: Canvas, cert: Certificate, conferring: str, emblem: str | None) -> None:
    """Everything the pre-printed paper would carry."""
    _border(c)
    if emblem:
        c.drawImage(emblem, PAGE_W / 2 - 12 * mm, PAGE_H - 45 * mm, 24 * mm, 24 * mm,
                    preserveAspectRatio=True, mask="auto")
    top = 52  # the emblem's room stays even without its image: the fields never move
    c.setFillColor(black)
    c.setFont(face(bold=True), 15)
    c.drawCentredString(PAGE_W / 2, PAGE_H - top * mm, NATIONAL_NAME)
    c.setFont(face(bold=True), 15)
    c.drawCentredString(PAGE_W / 2, PAGE_H - (top + 7) * mm, MOTTO)
    half = stringWidth(MOTTO, face(bold=True), 15) / 2
    c.setLineWidth(0.7)
    c.line(PAGE_W / 2 - half, PAGE_H - (top + 9) * mm, PAGE_W / 2 + half, PAGE_H - (top + 9) * mm)
    _text(c, conferring, Field(148.5, top + 20, 18, bold=True, max_width=240), color=RED)
    _text(c, cert.heading, Field(148.5, top + 29, 15, bold=True))
    big = Field(148.5, top + 47, 40 if len(cert.award_name) <= 12 else 32, bold=True, max_width=240)
    _text(c, cert.award_name, big, color=RED)


def _variable(c: Canvas, cert: Certificate, fields: dict[str, Field], dx: float, dy: float) -> None:
    for name in ("name", "position", "achievement", "decision", "book_no", "place_date", "signer"):
        value = getattr(cert, name)
        if value:
            _text(c, value, fields[name], dx, dy)
    f = fields["sign_title"]
    for i, line in enumerate(cert.sign_title):
        _text(c, line.upper(), Field(f.x, f.y + i * 6.5, f.size, f.bold, f.italic, f.max_width), dx, dy)


def _emblem_path(session: Session) -> str | None:
    path = get_setting(session, EMBLEM_KEY, "") or ""
    return path if path and Path(path).is_file() else None


def print_certificates(session: Session, decision_id: int | None = None, year: int | None = None,
                       mode: str = "full", printer: str = "",
                       award_codes: tuple[str, ...] = DEFAULT_AWARDS,
                       award_ids: list[int] | None = None, on: dt.date | None = None) -> PrintedDocument:
    """One certificate page per award of the decision (full design or overlay), dated as the
    decision was signed."""
    if mode not in MODES:
        raise UserError(f"Chế độ in bằng không hợp lệ: {mode} (chọn full hoặc overlay).")
    register_fonts()
    decision = find_decision(session, decision_id, year)
    refuse_other_date(on, decision.issued_on, f"Giấy khen theo Quyết định {decision.number}")
    p = decision_profile(session, decision)  # a successor commune's decision: its own heading
    certs = certificates_for(session, decision, p, award_codes, award_ids)
    fields = layout(session)
    dx, dy = get_offsets(session, printer) if mode == "overlay" else (0.0, 0.0)
    conferring = f"{authority_head_title(session, p)} {p.authority_name}".upper()
    emblem = _emblem_path(session)
    buffer = io.BytesIO()
    c = Canvas(buffer, pagesize=(PAGE_W, PAGE_H), pageCompression=1)
    c.setTitle(f"Giấy khen theo Quyết định {decision.number}")
    c.setAuthor(p.authority_name)
    c.setCreator("TĐKT")
    designs: dict[tuple[str, str], str] = {}
    for cert in certs:
        if mode == "full":
            # The design is the same on every page of an award: drawn once as a PDF form
            # XObject and placed on each page (a 500-page batch stays small and quick).
            key = (cert.heading, cert.award_name)
            if key not in designs:
                designs[key] = f"design{len(designs)}"
                c.beginForm(designs[key])
                _design(c, cert, conferring, emblem)
                c.endForm()
            c.doForm(designs[key])
        _variable(c, cert, fields, dx, dy)
        c.showPage()
    c.save()
    suffix = "phoi" if mode == "overlay" else "mau"
    return PrintedDocument(title=f"Bằng, giấy khen theo Quyết định {decision.number}",
                           pdf=buffer.getvalue(), pages=len(certs),
                           filename=f"GiayKhen_{slug(decision.number)}_{suffix}.pdf",
                           award_ids=[cert.award_id for cert in certs], date=decision.issued_on,
                           date_fixed=True)


def calibration_page(session: Session, printer: str = "") -> PrintedDocument:
    """A 10 mm grid with each field's anchor marked where the overlay would print it."""
    register_fonts()
    fields = layout(session)
    dx, dy = get_offsets(session, printer)
    buffer = io.BytesIO()
    c = Canvas(buffer, pagesize=(PAGE_W, PAGE_H))
    c.setTitle("Trang in thử căn chỉnh phôi bằng")
    grey = Color(0.6, 0.6, 0.6)
    for x_mm in range(0, 298, 5):
        c.setStrokeColor(grey if x_mm % 10 == 0 else Color(0.85, 0.85, 0.85))
        c.setLineWidth(0.4 if x_mm % 10 == 0 else 0.2)
        c.line(x_mm * mm, 0, x_mm * mm, PAGE_H)
    for y_mm in range(0, 211, 5):
        c.setStrokeColor(grey if y_mm % 10 == 0 else Color(0.85, 0.85, 0.85))
        c.setLineWidth(0.4 if y_mm % 10 == 0 else 0.2)
        c.line(0, PAGE_H - y_mm * mm, PAGE_W, PAGE_H - y_mm * mm)
    c.setFillColor(black)
    c.setFont(face(), 7)
    for x_mm in range(10, 297, 10):
        c.drawCentredString(x_mm * mm, PAGE_H - 4 * mm, str(x_mm))
    for y_mm in range(10, 210, 10):
        c.drawString(1.5 * mm, PAGE_H - y_mm * mm - 1, str(y_mm))
    labels = {"name": "Họ tên", "position": "Chức vụ, đơn vị", "achievement": "Thành tích",
              "decision": "Quyết định", "book_no": "Số sổ vàng", "place_date": "Địa danh, ngày",
              "sign_title": "Chức danh ký", "signer": "Người ký"}
    c.setStrokeColor(RED)
    c.setFillColor(RED)
    for name, f in fields.items():
        x, y = (f.x + dx) * mm, PAGE_H - (f.y + dy) * mm
        c.setLineWidth(0.6)
        c.line(x - 4 * mm, y, x + 4 * mm, y)
        c.line(x, y - 4 * mm, x, y + 4 * mm)
        c.setFont(face(bold=True), 9)
        c.drawString(x + 1.5 * mm, y + 1.5 * mm, f"{labels.get(name, name)} ({f.x + dx:g}; {f.y + dy:g})")
    c.setFillColor(black)
    c.setFont(face(italic=True), 11)
    c.drawCentredString(PAGE_W / 2, PAGE_H - 16 * mm, f"Trang in thử căn chỉnh phôi — độ lệch hiện tại: ngang "
                        f"{decimal(dx, 1)} mm, dọc {decimal(dy, 1)} mm (dương: sang phải, xuống dưới).")
    c.drawCentredString(PAGE_W / 2, PAGE_H - 22 * mm, "In trang này lên phôi bằng, đo khoảng lệch giữa dấu "
                        "chữ thập và chỗ cần in, rồi nhập độ lệch trong Cài đặt in bằng.")
    c.showPage()
    c.save()
    return PrintedDocument(title="Trang in thử căn chỉnh phôi bằng", pdf=buffer.getvalue(), pages=1,
                           filename="GiayKhen_in_thu_can_chinh.pdf")


def record_printed(session: Session, award_ids: list[int], mode: str, printer: str = "",
                   user: str = "") -> int:
    """Log a batch as printed; returns how many of them were reprints."""
    done = set(session.scalars(select(CertificatePrint.award_id).where(
        CertificatePrint.award_id.in_(award_ids)).distinct()))
    for award_id in award_ids:
        session.add(CertificatePrint(award_id=award_id, mode=mode, reprint=award_id in done,
                                     user=user, printer=printer[:100]))
    session.flush()
    return sum(1 for a in award_ids if a in done)


def print_counts(session: Session, award_ids: list[int]) -> dict[int, int]:
    """How many times each award's certificate has been printed."""
    rows = session.execute(select(CertificatePrint.award_id, func.count()).where(
        CertificatePrint.award_id.in_(award_ids)).group_by(CertificatePrint.award_id))
    return {award_id: n for award_id, n in rows}

