"""Xem trước khi in: a printed document (PDF from app/printing) shown page by page, with zoom
and a page box, then printed (QPrinter) or saved as PDF.

Pages are rendered with PDFium (pypdfium2) — PySide6-Essentials has no QtPdf — and, where it
is missing, with poppler's `pdftoppm` when the PC has it; with neither, the dialog says so and
still saves the PDF. Only the pages near the visible area are rendered, so a 500-page batch of
certificates opens at once.

`open_form(...)` makes a form on the database worker and opens the dialog when it is ready;
certificates printed or saved are logged (app.printing.certificates.record_printed).
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QRect, QSize, Qt, QTimer
from PySide6.QtGui import QColor, QImage, QPageLayout, QPainter, QPixmap
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from app.errors import UserError
from app.printing.kit import PrintedDocument

ZOOMS = [0.5, 0.75, 1.0, 1.25, 1.5, 2.0, 3.0]
SCREEN_DPI = 96
PRINT_DPI = 300
GAP = 12


class PdfPages:
    """Page sizes and rendering of one PDF; `available` is False when nothing can render it."""

    def __init__(self, pdf: bytes):
        self.pdf = pdf
        self.sizes: list[tuple[float, float]] = []  # points
        self._doc = None
        self.backend = ""
        try:
            import pypdfium2 as pdfium

            self._doc = pdfium.PdfDocument(pdf)
            self.sizes = [tuple(self._doc[i].get_size()) for i in range(len(self._doc))]
            self.backend = "pdfium"
        except Exception:  # noqa: BLE001 - any failure falls back to the next renderer
            self._doc = None
        if self._doc is None and shutil.which("pdftoppm"):
            self.backend = "pdftoppm"
            self.sizes = _sizes_from_pdf(pdf)

    def close(self) -> None:
        if self._doc is not None:
            self._doc.close()
            self._doc = None
            self.backend = "" if self.backend == "pdfium" else self.backend

    @property
    def available(self) -> bool:
        return bool(self.backend) and bool(self.sizes)

    def __len__(self) -> int:
        return len(self.sizes)

    def render(self, index: int, dpi: float) -> QImage:
        if self.backend == "pdfium":
            bitmap = self._doc[index].render(scale=dpi / 72, rev_byteorder=True)
            image = QImage(bitmap.buffer, bitmap.width, bitmap.height, bitmap.stride,
                           QImage.Format.Format_RGB888)
            return image.copy()  # own the pixels: the bitmap's buffer goes away
        with tempfile.TemporaryDirectory() as tmp:
            src = Path(tmp) / "doc.pdf"
            src.write_bytes(self.pdf)
            subprocess.run(["pdftoppm", "-png", "-r", str(int(dpi)), "-f", str(index + 1),
                            "-l", str(index + 1), "-singlefile", str(src), str(Path(tmp) / "p")],
                           check=True, capture_output=True, timeout=60)
            return QImage(str(Path(tmp) / "p.png"))


def _sizes_from_pdf(pdf: bytes) -> list[tuple[float, float]]:
    """Page sizes without PDFium: reportlab's pages declare a plain /MediaBox."""
    import re

    boxes = re.findall(rb"/MediaBox\s*\[\s*([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s*\]", pdf)
    return [(float(x1) - float(x0), float(y1) - float(y0)) for x0, y0, x1, y1 in boxes]


class PrintPreviewDialog(QDialog):
    """Preview with zoom and pages; print or save as PDF. `on_output(where)` is called after a
    print ("printer name") or a save ("PDF"), e.g. to log printed certificates."""

    def __init__(self, document: PrintedDocument, parent: QWidget | None = None, *,
                 on_output: Callable[[str], None] | None = None,
                 redate: Callable[[dt.date], None] | None = None):
        super().__init__(parent)
        self.document = document
        self.on_output = on_output
        self.redate = redate  # makes the form again with another date, then calls set_document
        self.pages = PdfPages(document.pdf)
        self.zoom = 1.0
        self._rendered: dict[int, float] = {}
        self.setWindowTitle(f"Xem trước — {document.title}")
        self.resize(980, 860)

        bar = QToolBar(self)
        self.zoom_out_action = bar.addAction("Thu nhỏ", self.zoom_out)
        self.zoom_in_action = bar.addAction("Phóng to", self.zoom_in)
        bar.addAction("Vừa khung", self.fit_width)
        self.zoom_label = QLabel(self)
        bar.addWidget(self.zoom_label)
        bar.addSeparator()
        bar.addWidget(QLabel(" Trang ", self))
        self.page_box = QSpinBox(self)
        self.page_box.setRange(1, max(1, len(self.pages) or document.pages))
        self.page_box.valueChanged.connect(lambda n: self.go_to(n - 1))
        bar.addWidget(self.page_box)
        self.page_count = QLabel(f" / {len(self.pages) or document.pages}", self)
        bar.addWidget(self.page_count)
        bar.addSeparator()
        bar.addWidget(QLabel(" Ngày văn bản ", self))
        self.date_box = QLineEdit(self)
        self.date_box.setPlaceholderText("ngày/tháng/năm")
        self.date_box.setMaximumWidth(110)
        self.date_box.setAccessibleName("Ngày ghi trên văn bản")
        self.date_box.returnPressed.connect(self.apply_date)
        bar.addWidget(self.date_box)
        self.date_action = bar.addAction("Đổi ngày", self.apply_date)
        self._show_date()

        self.scroll = QScrollArea(self)
        self.scroll.setWidgetResizable(True)
        self.scroll.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.canvas = QWidget(self.scroll)
        self.canvas.setStyleSheet("background: #808080;")
        column = QVBoxLayout(self.canvas)
        column.setSpacing(GAP)
        column.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.page_labels: list[QLabel] = []
        for _ in range(len(self.pages)):
            label = QLabel(self.canvas)
            label.setStyleSheet("background: white;")
            column.addWidget(label, 0, Qt.AlignmentFlag.AlignHCenter)
            self.page_labels.append(label)
        if not self.pages.available:
            note = QLabel("Máy này chưa có bộ hiển thị PDF nên không xem trước được; "
                          "vẫn có thể In hoặc Lưu PDF rồi mở bằng chương trình đọc PDF.", self.canvas)
            note.setWordWrap(True)
            note.setStyleSheet("background: white; padding: 16px;")
            column.addWidget(note)
        self.scroll.setWidget(self.canvas)
        self.scroll.verticalScrollBar().valueChanged.connect(self._on_scroll)

        self.print_button = QPushButton("In…", self)
        self.print_button.clicked.connect(self.print_document)
        self.save_button = QPushButton("Lưu PDF…", self)
        self.save_button.clicked.connect(self.save_pdf)
        close = QPushButton("Đóng", self)
        close.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        self.pages_label = QLabel(f"{document.pages} trang", self)
        buttons.addWidget(self.pages_label)
        buttons.addStretch(1)
        for button in (self.print_button, self.save_button, close):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(bar)
        layout.addWidget(self.scroll, 1)
        layout.addLayout(buttons)
        self.set_zoom(1.0)

    # --- the date the form carries --------------------------------------------------------------
    def _show_date(self) -> None:
        day = self.document.date
        self.date_box.setText(f"{day:%d/%m/%Y}" if day else "")
        changeable = self.redate is not None and not self.document.date_fixed
        self.date_box.setEnabled(changeable)
        self.date_action.setEnabled(changeable)
        self.date_box.setToolTip("Quyết định và giấy khen mang ngày ký, không đổi được"
                                 if self.document.date_fixed else
                                 "Ngày ghi trên văn bản: mặc định là ngày của sự việc (họp, công khai, "
                                 "trình) hoặc hôm nay nhưng không quá cuối năm của văn bản")

    def apply_date(self) -> None:
        """Make the form again with the date typed (the form's own data decide the rest)."""
        if self.redate is None or self.document.date_fixed:
            return
        from app.printing.dates import parse_form_date

        try:
            day = parse_form_date(self.date_box.text())
        except UserError as exc:
            QMessageBox.warning(self, "TĐKT", exc.message)
            self.date_box.setFocus()
            return
        if day != self.document.date:
            self.redate(day)

    def set_document(self, document: PrintedDocument) -> None:
        """Show another version of the form (the same form made with another date)."""
        self.pages.close()
        self.document = document
        self.pages = PdfPages(document.pdf)
        column = self.canvas.layout()
        for label in self.page_labels:
            column.removeWidget(label)
            label.deleteLater()
        self.page_labels = []
        for _ in range(len(self.pages)):
            label = QLabel(self.canvas)
            label.setStyleSheet("background: white;")
            column.addWidget(label, 0, Qt.AlignmentFlag.AlignHCenter)
            self.page_labels.append(label)
        self.page_box.setRange(1, max(1, len(self.pages) or document.pages))
        self.page_count.setText(f" / {len(self.pages) or document.pages}")
        self.pages_label.setText(f"{document.pages} trang")
        self._show_date()
        self.set_zoom(self.zoom)

    # --- zoom and pages ------------------------------------------------------------------------
    def page_pixel_size(self, index: int) -> QSize:
        w, h = self.pages.sizes[index]
        return QSize(round(w / 72 * SCREEN_DPI * self.zoom), round(h / 72 * SCREEN_DPI * self.zoom))

    def set_zoom(self, zoom: float) -> None:
        self.zoom = max(ZOOMS[0], min(ZOOMS[-1], zoom))
        self.zoom_label.setText(f" {round(self.zoom * 100)}% ")
        self.zoom_out_action.setEnabled(self.zoom > ZOOMS[0])
        self.zoom_in_action.setEnabled(self.zoom < ZOOMS[-1])
        for i, label in enumerate(self.page_labels):
            label.setFixedSize(self.page_pixel_size(i))
        self._rendered.clear()
        QTimer.singleShot(0, self.render_visible)

    def zoom_in(self) -> None:
        self.set_zoom(next((z for z in ZOOMS if z > self.zoom + 1e-6), ZOOMS[-1]))

    def zoom_out(self) -> None:
        self.set_zoom(next((z for z in reversed(ZOOMS) if z < self.zoom - 1e-6), ZOOMS[0]))

    def fit_width(self) -> None:
        if self.pages.sizes:
            widest = max(w for w, _h in self.pages.sizes) / 72 * SCREEN_DPI
            self.zoom = 1.0  # set_zoom clamps; compute from the viewport, then apply
            self.set_zoom((self.scroll.viewport().width() - 2 * GAP) / widest)

    def go_to(self, index: int) -> None:
        if 0 <= index < len(self.page_labels):
            self.canvas.layout().activate()
            self.scroll.verticalScrollBar().setValue(self.page_labels[index].y() - GAP)
            self.render_visible()

    def current_page(self) -> int:
        top = self.scroll.verticalScrollBar().value() + self.scroll.viewport().height() // 3
        for i, label in enumerate(self.page_labels):
            if label.y() + label.height() + GAP >= top:
                return i
        return max(0, len(self.page_labels) - 1)

    def _on_scroll(self, _value: int) -> None:
        self.render_visible()
        self.page_box.blockSignals(True)
        self.page_box.setValue(self.current_page() + 1)
        self.page_box.blockSignals(False)

    def render_visible(self) -> None:
        """Render the pages in (or next to) the viewport at the current zoom; drop far ones."""
        if not self.pages.available:
            return
        top = self.scroll.verticalScrollBar().value()
        bottom = top + self.scroll.viewport().height()
        margin = self.scroll.viewport().height()
        for i, label in enumerate(self.page_labels):
            near = label.y() + label.height() >= top - margin and label.y() <= bottom + margin
            if near and self._rendered.get(i) != self.zoom:
                image = self.pages.render(i, SCREEN_DPI * self.zoom)
                label.setPixmap(QPixmap.fromImage(image).scaled(
                    label.size(), Qt.AspectRatioMode.IgnoreAspectRatio,
                    Qt.TransformationMode.SmoothTransformation))
                self._rendered[i] = self.zoom
            elif not near and i in self._rendered:
                label.clear()  # keep memory flat on long batches
                del self._rendered[i]

    def done(self, result: int) -> None:
        self.pages.close()
        super().done(result)

    def showEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        QTimer.singleShot(0, self.render_visible)

    # --- output ----------------------------------------------------------------------------
    def save_pdf(self, path: str | None = None) -> Path | None:
        if path is None:
            path, _ = QFileDialog.getSaveFileName(self, "Lưu PDF", self.document.filename,
                                                  "Tệp PDF (*.pdf)")
            if not path:
                return None
        target = Path(path)
        if target.suffix.lower() != ".pdf":
            target = target.with_suffix(".pdf")
        try:
            target.write_bytes(self.document.pdf)
        except OSError as exc:
            QMessageBox.warning(self, "TĐKT", f"Không ghi được tệp {target}: {exc.strerror or exc}.")
            return None
        if self.on_output:
            self.on_output("PDF")
        return target

    def print_document(self, printer: QPrinter | None = None) -> bool:
        """Print every page at full size (no scaling to margins: pre-printed certificate paper
        needs the text exactly where it was measured)."""
        if not self.pages.available:
            QMessageBox.information(self, "TĐKT", "Không dựng được trang để in; hãy Lưu PDF rồi in "
                                                  "từ chương trình đọc PDF.")
            return False
        if printer is None:
            printer = QPrinter(QPrinter.PrinterMode.HighResolution)
            dialog = QPrintDialog(printer, self)
            dialog.setWindowTitle("In văn bản")
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return False
        printer.setFullPage(True)
        printer.setDocName(self.document.title)
        first_w, first_h = self.pages.sizes[0]
        printer.setPageOrientation(QPageLayout.Orientation.Landscape if first_w > first_h
                                   else QPageLayout.Orientation.Portrait)
        dpi = min(PRINT_DPI, printer.resolution())
        painter = QPainter()
        if not painter.begin(printer):
            QMessageBox.warning(self, "TĐKT", "Không mở được máy in.")
            return False
        try:
            for i, (w, h) in enumerate(self.pages.sizes):
                if i:
                    printer.setPageOrientation(QPageLayout.Orientation.Landscape if w > h
                                               else QPageLayout.Orientation.Portrait)
                    printer.newPage()
                image = self.pages.render(i, dpi)
                paper = printer.paperRect(QPrinter.Unit.DevicePixel)
                scale = printer.resolution() / 72
                target = QRect(0, 0, round(w * scale), round(h * scale))
                painter.fillRect(QRect(0, 0, round(paper.width()), round(paper.height())),
                                 QColor("white"))
                painter.drawImage(target, image)
        finally:
            painter.end()
        if self.on_output:
            self.on_output(printer.printerName() or "PDF")
        return True


def open_form(parent: QWidget, ops, db, form: str, *, id: int | Callable | None = None,
              year: int | None = None, **options) -> None:
    """Make a form on the database worker, then preview it (UserError messages as usual).
    `id` may be a function of the session that finds the record (run on the worker too)."""
    from app.printing import build

    def make(progress=None, should_cancel=None, on: dt.date | None = None) -> PrintedDocument:
        with db.session() as session:
            record = id(session) if callable(id) else id  # e.g. the decision of a ledger line
            return build(session, form, id=record, year=year, on=on, **options)

    def show(document: PrintedDocument) -> None:
        on_output = None
        if document.award_ids:
            mode = options.get("mode", "full")

            def on_output(where: str) -> None:
                from app.printing.certificates import record_printed

                def log() -> int:
                    with db.session() as session:
                        return record_printed(session, document.award_ids, mode, printer=where)

                ops.run(log, parent=parent)
        def redate(day: dt.date) -> None:
            ops.run(lambda progress=None, should_cancel=None: make(on=day), on_done=dialog.set_document,
                    label="Đang tạo lại văn bản…", parent=dialog)

        dialog = PrintPreviewDialog(document, parent, on_output=on_output, redate=redate)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    ops.run(make, on_done=show, label="Đang tạo văn bản…", parent=parent)
