"""Nhập danh sách đơn vị: the rows of a unit list as the program read them, and every problem
with its cell; "Nhập" writes them all (none while a row has an error)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from app.catalog import unit_kinds
from app.errors import UserError
from app.unit_import import import_unit_list, read_unit_list
from ui.table_model import col, searchable
from ui.table_panel import TablePanel


class UnitImportDialog(QDialog):
    def __init__(self, db, path: Path, parent: QWidget | None = None):
        super().__init__(parent)
        self.db, self.path = db, path
        self.setWindowTitle(f"Nhập danh sách đơn vị — {path.name}")
        self.resize(1100, 620)
        self.rows = TablePanel("Đơn vị đọc được", [
            col("Dòng", "row", width=5), col("Tên đơn vị", "name", width=30), col("Loại", "kind_name", width=22),
            col("Trực thuộc", "parent", width=18), col("Thủ trưởng", "head_name", width=18),
            col("Số thành viên", "member_count", width=9), col("Địa chỉ", "address", width=16),
            col("", "state", width=10, stretch=True)], self)
        self.problems = TablePanel("Vấn đề", [col("Mức", "level", width=8), col("Ô", "cell", width=14),
                                              col("Nội dung", "message", width=60, stretch=True)], self)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        buttons = QDialogButtonBox(self)
        self.import_button = buttons.addButton("Nhập", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton("Hủy", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.rows, 3)
        layout.addWidget(self.problems, 1)
        layout.addWidget(self.summary)
        layout.addWidget(buttons)
        self.preview = None
        self.result_counts: tuple[int, int] | None = None
        self._read()

    def _read(self) -> None:
        kinds = unit_kinds()
        try:
            with self.db.session() as session:
                self.preview = read_unit_list(session, self.path)
        except UserError as exc:
            self.summary.setText(exc.message)
            self.import_button.setEnabled(False)
            return
        for r in self.preview.rows:
            r.kind_name = kinds.get(r.kind, "?")
            r.state = "cập nhật" if r.existing_id else "mới"
        self.rows.set_rows(searchable(self.preview.rows, "name", "kind_name", "parent", "head_name", "address"))
        for p in self.preview.problems:
            p.level = "Lỗi" if p.severity == "error" else "Cảnh báo"
        self.problems.set_rows(searchable(self.preview.problems, "cell", "message"))
        new = self.preview.new_count
        if self.preview.blocked:
            self.summary.setText("Tệp có lỗi (xem bảng «Vấn đề»): sửa tệp rồi nhập lại; chưa ghi đơn vị nào.")
        else:
            self.summary.setText(f"{len(self.preview.rows)} đơn vị: {new} mới, {len(self.preview.rows) - new} "
                                 "cập nhật. Bấm «Nhập» để ghi.")
        self.import_button.setEnabled(not self.preview.blocked)

    def accept(self) -> None:
        try:
            with self.db.session() as session:
                self.result_counts = import_unit_list(session, self.preview)
        except UserError as exc:
            self.summary.setText(exc.message)
            return
        super().accept()
