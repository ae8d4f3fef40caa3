"""Cùng người hay người mới: the clerk's answer for a nominee the program could not link for
sure — one of the people it may be, or a new person (app/nominee_people.py)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.matching import PersonCandidate

NEW = -1


class PersonChoiceDialog(QDialog):
    def __init__(self, name: str, birth_year: int | None, candidates: list[PersonCandidate],
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(f"Cùng người hay người mới — {name}")
        self.resize(700, 360)
        born = f", sinh năm {birth_year}" if birth_year else ", hồ sơ không ghi năm sinh"
        intro = QLabel(f"Hồ sơ đề nghị «{name}»{born}. Đây là ai trong số những người đã có?", self)
        intro.setWordWrap(True)
        self.list = QListWidget(self)
        self.list.setAccessibleName("Người đã có")
        for c in candidates:
            year = f" ({c.birth_year})" if c.birth_year else ""
            item = QListWidgetItem(f"Cùng người với {c.name}{year} — {c.reason}")
            item.setData(256, c.id)
            self.list.addItem(item)
        item = QListWidgetItem("Người khác: tạo cá nhân mới theo hồ sơ")
        item.setData(256, NEW)
        self.list.addItem(item)
        self.list.setCurrentRow(0)
        self.list.itemDoubleClicked.connect(lambda _item: self.accept())
        buttons = QDialogButtonBox(self)
        buttons.addButton("Xác nhận", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton("Hủy", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.list, 1)
        layout.addWidget(buttons)

    def chosen(self) -> int | None:
        """The person chosen, or None for a new person."""
        value = self.list.currentItem().data(256)
        return None if value == NEW else int(value)
