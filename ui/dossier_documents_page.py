"""The dossier window's documents page (thành phần hồ sơ): the checklist with what is
present, the required ones missing in red, scans attached by content hash, opened with the
system viewer, and extra documents the unit sent."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QBrush, QColor, QDesktopServices
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from app import config
from app.dossier_documents import add_document, attach_scan, set_present
from app.dossier_view import DossierDetail
from ui.dossier_widgets import fill_row, make_table, row_data

DOC_HEADERS = ["Có", "Thành phần hồ sơ", "Bắt buộc", "Tệp đính kèm", "Căn cứ"]


class DocumentsPage(QWidget):
    """Lives inside a DossierDialog (`owner`), whose `_write`, `ask` and `detail` it uses."""

    def __init__(self, owner):
        super().__init__(owner)
        self.owner = owner
        box = QVBoxLayout(self)
        self.table = make_table(self, DOC_HEADERS, stretch=1)
        self.table.cellDoubleClicked.connect(lambda *_: self.toggle())
        box.addWidget(self.table, 1)
        row = QHBoxLayout()
        for text, slot in [("Có / chưa có", self.toggle),
                           ("Đính kèm bản quét…", self.attach),
                           ("Mở tệp", self.open_file),
                           ("Thêm tài liệu khác…", self.add_other)]:
            button = QPushButton(text, self)
            button.clicked.connect(lambda _c=False, slot=slot: slot())
            row.addWidget(button)
        row.addStretch(1)
        box.addLayout(row)

    def fill(self, d: DossierDetail) -> None:
        self.table.setRowCount(len(d.documents))
        for r, doc in enumerate(d.documents):
            fill_row(self.table, r, ["✓" if doc.present else "", doc.name,
                                     "Bắt buộc" if doc.required else "", doc.file_name, doc.basis], data=doc.id)
            if doc.required and not doc.present:
                self.table.item(r, 1).setForeground(QBrush(QColor("#a8001c")))
        for column, width in enumerate([40, 420, 80, 200]):
            self.table.setColumnWidth(column, width)

    def selected(self):
        doc_id = row_data(self.table)
        docs = self.owner.detail.documents if self.owner.detail else []
        return next((d for d in docs if d.id == doc_id), None)

    def files_dir(self) -> Path:
        db = self.owner.db
        return config.files_dir(db.path) if db.path else config.data_dir() / "files"

    def toggle(self) -> None:
        doc = self.selected()
        if doc is not None:
            self.owner._write(lambda s: set_present(s, doc.id, not doc.present), "Đã cập nhật thành phần hồ sơ.")

    def attach(self, path: str | None = None) -> None:
        doc = self.selected()
        if doc is None:
            return
        if not path:
            path, _ = QFileDialog.getOpenFileName(self, "Chọn bản quét", "",
                                                  "Bản quét (*.pdf *.jpg *.jpeg *.png *.tif *.tiff);;Mọi tệp (*)")
        if path:
            self.owner._write(lambda s: attach_scan(s, self.files_dir(), doc.id, path),
                              f"Đã đính kèm {Path(path).name}.")

    def open_file(self) -> None:
        from app.files import stored_path
        from db.models import StoredFile

        doc = self.selected()
        if doc is None or doc.file_id is None:
            return
        with self.owner.db.session() as session:
            target = stored_path(self.files_dir(), session.get(StoredFile, doc.file_id))
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(target)))

    def add_other(self) -> None:
        name = self.owner.ask(self, "Tài liệu khác", "Tên tài liệu đơn vị gửi kèm:")
        if name:
            self.owner._write(lambda s: add_document(s, self.owner.dossier_id, name), "Đã thêm tài liệu.")
