"""Lập biểu mẫu gửi đơn vị: choose the kind, the year, one unit / a bloc's units / every unit,
and the folder; the workbooks (one per unit) are written on the ops worker thread."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import select

from app.errors import ValidationError
from app.excel.templates import COLUMNS, units_for, write_templates
from app.imports import KINDS
from db.models import Bloc, Unit


class TemplateDialog(QDialog):
    def __init__(self, db, ops, year: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.db, self.ops = db, ops
        self.written: list[Path] = []
        self.setWindowTitle("Lập biểu mẫu gửi đơn vị")
        self.kind_box = QComboBox(self)
        for code, name in KINDS.items():
            if code in COLUMNS:  # only the kinds a template exists for (never the award book)
                self.kind_box.addItem(name, code)
        self.year_box = QSpinBox(self)
        self.year_box.setRange(1990, 2100)
        self.year_box.setValue(year)
        self.one = QRadioButton("Một đơn vị:", self)
        self.bloc = QRadioButton("Các đơn vị của khối:", self)
        self.every = QRadioButton("Mọi đơn vị", self)
        self.one.setChecked(True)
        group = QButtonGroup(self)
        for b in (self.one, self.bloc, self.every):
            group.addButton(b)
        self.unit_box = QComboBox(self)
        self.bloc_box = QComboBox(self)
        with db.session() as s:
            for u in s.scalars(select(Unit).where(Unit.active.is_(True)).order_by(Unit.sort_order, Unit.name)):
                self.unit_box.addItem(u.name, u.id)
        self._fill_blocs()
        self.year_box.valueChanged.connect(lambda _v: self._fill_blocs())
        self.folder = QLineEdit(str(Path.home()), self)
        browse = QPushButton("Chọn…", self)
        browse.clicked.connect(self._browse)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder, 1)
        folder_row.addWidget(browse)
        form = QFormLayout()
        form.addRow("Loại biểu mẫu:", self.kind_box)
        form.addRow("Năm:", self.year_box)
        form.addRow(self.one, self.unit_box)
        form.addRow(self.bloc, self.bloc_box)
        form.addRow(self.every)
        form.addRow("Lưu vào thư mục:", folder_row)
        self.result_label = QLabel(self)
        self.result_label.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Close, self)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Lập biểu mẫu")
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("Đóng")
        buttons.accepted.connect(self.make)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.result_label)
        layout.addWidget(buttons)

    def _fill_blocs(self) -> None:
        self.bloc_box.clear()
        with self.db.session() as s:
            for b in s.scalars(select(Bloc).where(Bloc.year == self.year_box.value()).order_by(Bloc.name)):
                self.bloc_box.addItem(b.name, b.id)

    def _browse(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Thư mục lưu biểu mẫu", self.folder.text())
        if folder:
            self.folder.setText(folder)

    def make(self) -> None:
        kind, year, folder = self.kind_box.currentData(), self.year_box.value(), Path(self.folder.text())
        if not self.folder.text().strip():
            raise ValidationError("Chưa chọn thư mục lưu biểu mẫu.", field="folder")
        one = self.unit_box.currentData() if self.one.isChecked() else None
        bloc = self.bloc_box.currentData() if self.bloc.isChecked() else None
        if self.bloc.isChecked() and bloc is None:
            raise ValidationError(f"Năm {year} chưa có khối thi đua nào.", field="bloc")

        def work(progress, should_cancel):
            with self.db.session() as s:
                ids = [one] if one is not None else units_for(s, bloc_id=bloc)
                return write_templates(s, kind, year, ids, folder)

        def done(paths: list[Path]) -> None:
            self.written = paths
            self.result_label.setText(f"Đã lập {len(paths)} biểu mẫu trong {folder}.")

        self.ops.run(work, on_done=done, label="Đang lập biểu mẫu…", parent=self)
