"""Ngừng hoạt động: the day a unit stopped working and why (a small question box)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QDialog, QFormLayout, QLineEdit, QWidget

from app.errors import ValidationError
from ui.cycle_widgets import DateField, form_dialog_layout


class RetireDialog(QDialog):
    def __init__(self, name: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(f"Ngừng hoạt động — {name}")
        self.day = DateField(self, "Ngày ngừng hoạt động")
        self.day.set_date(dt.date.today())
        self.reason = QLineEdit(self)
        self.reason.setPlaceholderText("ví dụ: giải thể theo Quyết định số …")
        form = QFormLayout()
        form.addRow("Ngừng hoạt động từ ngày *:", self.day)
        form.addRow("Lý do:", self.reason)
        self.error_label = form_dialog_layout(self, form)
        self.answer: tuple[dt.date, str] | None = None
        self.resize(520, self.sizeHint().height())

    def accept(self) -> None:
        try:
            day = self.day.date()
        except ValidationError as exc:
            self.error_label.setText(exc.message)
            return
        if day is None:
            self.error_label.setText("Chưa nhập ngày ngừng hoạt động.")
            return
        self.answer = (day, self.reason.text())
        super().accept()


def ask_retire(parent: QWidget | None, name: str) -> tuple[dt.date, str] | None:
    dialog = RetireDialog(name, parent)
    return dialog.answer if dialog.exec() else None
