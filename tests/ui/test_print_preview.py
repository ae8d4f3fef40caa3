"""The print preview dialog: pages rendered, zoom, page box, save as PDF, print through
QPrinter (to a PDF file here), the certificate log after printing, and the form runner."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader
from PySide6.QtGui import QImage
from PySide6.QtPrintSupport import QPrinter

from app.printing.kit import LANDSCAPE, Document, para
from ui import print_preview
from ui.print_preview import PdfPages, PrintPreviewDialog


def _document(pages: int = 3):
    doc = Document("Văn bản thử")
    for i in range(pages):
        if i:
            doc.new_part(LANDSCAPE if i == pages - 1 else "portrait")
        doc.add(para(f"Trang thứ {i + 1}: Nguyễn Thị Hương, Sùng A Páo", "title"))
    return doc.build("van_ban_thu.pdf")


def _has_ink(image: QImage) -> bool:
    small = image.scaled(60, 80)
    return any(small.pixelColor(x, y).lightness() < 128 for x in range(60) for y in range(80))


def test_pages_render_with_zoom_and_page_box(qtbot):
    dialog = PrintPreviewDialog(_document())
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.page_labels[0].pixmap() is not None
                    and not dialog.page_labels[0].pixmap().isNull())
    assert dialog.page_count.text() == " / 3" and dialog.page_box.maximum() == 3
    first = dialog.page_labels[0]
    assert _has_ink(first.pixmap().toImage())
    width_100 = first.width()
    assert width_100 == round(595.2756 / 72 * 96)
    dialog.zoom_in()
    assert dialog.zoom_label.text().strip() == "125%" and first.width() > width_100
    dialog.zoom_out()
    dialog.zoom_out()
    assert dialog.zoom_label.text().strip() == "75%"
    last = dialog.page_labels[2]
    assert last.width() > last.height()  # the landscape page shows landscape
    dialog.page_box.setValue(3)
    qtbot.waitUntil(lambda: last.pixmap() is not None and not last.pixmap().isNull())
    assert dialog.current_page() == 2
    dialog.done(0)


def test_save_pdf_writes_the_document_and_reports(qtbot, tmp_path):
    document = _document()
    said = []
    dialog = PrintPreviewDialog(document, on_output=said.append)
    qtbot.addWidget(dialog)
    target = dialog.save_pdf(str(tmp_path / "ra"))
    assert target == tmp_path / "ra.pdf" and target.read_bytes() == document.pdf
    assert said == ["PDF"]
    dialog.done(0)


def test_print_goes_through_qprinter_page_by_page(qtbot, tmp_path):
    said = []
    dialog = PrintPreviewDialog(_document(), on_output=said.append)
    qtbot.addWidget(dialog)
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "in.pdf"))
    printer.setResolution(150)
    assert dialog.print_document(printer)
    printed = PdfReader(io.BytesIO((tmp_path / "in.pdf").read_bytes()))
    assert len(printed.pages) == 3
    sizes = [(float(p.mediabox.width), float(p.mediabox.height)) for p in printed.pages]
    assert sizes[0][0] < sizes[0][1] and sizes[2][0] > sizes[2][1]
    assert len(said) == 1  # the log hook ran once, after the whole batch
    dialog.done(0)


def test_fallback_renderer_when_pdfium_is_missing(monkeypatch):
    import builtins

    real_import = builtins.__import__

    def no_pdfium(name, *args, **kwargs):
        if name == "pypdfium2":
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_pdfium)
    pages = PdfPages(_document(2).pdf)
    if print_preview.shutil.which("pdftoppm"):
        assert pages.backend == "pdftoppm" and len(pages) == 2
        assert _has_ink(pages.render(0, 40))
    pages.close()
    monkeypatch.setattr(print_preview.shutil, "which", lambda _name: None)
    assert not PdfPages(_document(2).pdf).available


def test_without_any_renderer_the_dialog_still_saves(qtbot, tmp_path, monkeypatch):
    monkeypatch.setattr(PdfPages, "available", property(lambda self: False))
    told = []
    monkeypatch.setattr(print_preview.QMessageBox, "information",
                        lambda _parent, _title, text: told.append(text))
    dialog = PrintPreviewDialog(_document())
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.print_document(QPrinter())
    assert "Lưu PDF" in told[0]
    assert dialog.save_pdf(str(tmp_path / "x.pdf")).exists()


@pytest.fixture
def print_office(db):
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "app" / "printing"))
    import print_factories as f

    with db.session() as s:
        f.make_office(s)
        decision = f.make_decision(s, [("GK", "individual", "Lò Thị Mai", "Chuyên viên", "xã Bản Bo"),
                                       ("GK", "collective", "Trường Mầm non Bản Bo", "", "")])
        return decision.id


def test_open_form_previews_and_logs_certificates(qtbot, db, ops, print_office, monkeypatch):
    from db.models import CertificatePrint

    opened = []
    monkeypatch.setattr(PrintPreviewDialog, "open", lambda self: opened.append(self))
    print_preview.open_form(None, ops, db, "certificates", id=print_office, mode="overlay")
    qtbot.waitUntil(lambda: bool(opened))
    dialog = opened[0]
    qtbot.addWidget(dialog)
    assert dialog.document.pages == 2 and len(dialog.pages) == 2
    dialog.on_output("PDF")
    qtbot.waitUntil(lambda: ops.pending == 0)
    with db.session() as s:
        assert [(p.mode, p.printer) for p in s.query(CertificatePrint)] == [("overlay", "PDF")] * 2
    dialog.done(0)


def test_the_date_field_makes_the_form_again_with_the_chosen_date(qtbot, demo_db, ops, monkeypatch):
    import datetime as dt
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "app" / "printing"))
    from print_pdf import pages_text

    opened = []
    monkeypatch.setattr(PrintPreviewDialog, "open", lambda self: opened.append(self))
    print_preview.open_form(None, ops, demo_db, "report", year=2025)
    qtbot.waitUntil(lambda: bool(opened))
    dialog = opened[0]
    qtbot.addWidget(dialog)
    first = dialog.document.date
    assert dialog.date_box.isEnabled() and dialog.date_box.text() == f"{first:%d/%m/%Y}"
    dialog.date_box.setText("15/01/2026")
    dialog.apply_date()
    qtbot.waitUntil(lambda: dialog.document.date == dt.date(2026, 1, 15))
    assert "ngày 15 tháng 01 năm 2026" in pages_text(dialog.document.pdf)[0]
    assert dialog.date_box.text() == "15/01/2026" and len(dialog.page_labels) == dialog.document.pages
    told = []
    monkeypatch.setattr(print_preview.QMessageBox, "warning", lambda *a: told.append(a[2]))
    dialog.date_box.setText("hôm qua")
    dialog.apply_date()
    assert told and "ngày/tháng/năm" in told[0] and dialog.document.date == dt.date(2026, 1, 15)
    dialog.done(0)


def test_a_decision_preview_keeps_its_signing_date(qtbot, demo_db, ops, monkeypatch):
    opened = []
    monkeypatch.setattr(PrintPreviewDialog, "open", lambda self: opened.append(self))
    print_preview.open_form(None, ops, demo_db, "decision", year=2025)
    qtbot.waitUntil(lambda: bool(opened))
    dialog = opened[0]
    qtbot.addWidget(dialog)
    assert dialog.document.date_fixed and not dialog.date_box.isEnabled()
    assert dialog.date_box.text() == f"{dialog.document.date:%d/%m/%Y}"
    dialog.done(0)
