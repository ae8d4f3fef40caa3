"""Small pieces the year's-cycle screens share: a date field that may be empty, a searchable
check list of units, yes/no and reason questions in Vietnamese, the Lưu/Hủy footer of a form
dialog, and telling the main window what changed so its tabs reload.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.errors import ValidationError
from app.text import fold

DATE_FORMATS = ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d")


def parse_day(text: str, label: str = "Ngày") -> dt.date | None:
    """`05/12/2025` (day first, as Vietnamese write it) → date; empty → None."""
    text = (text or "").strip()
    if not text:
        return None
    for fmt in DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValidationError(f"{label} «{text}» không đúng dạng ngày/tháng/năm (ví dụ: 05/12/2025).")


class DateField(QLineEdit):
    """A date typed as dd/mm/yyyy, or left empty."""

    def __init__(self, parent: QWidget | None = None, label: str = "Ngày"):
        super().__init__(parent)
        self.label = label
        self.setPlaceholderText("ngày/tháng/năm")
        self.setMaximumWidth(130)
        self.setAccessibleName(label)

    def date(self) -> dt.date | None:
        try:
            return parse_day(self.text(), self.label)
        except ValidationError as exc:
            raise ValidationError(exc.message, field=self.objectName() or None) from None

    def set_date(self, value: dt.date | None) -> None:
        self.setText(f"{value:%d/%m/%Y}" if value else "")


class UnitChecklist(QWidget):
    """Units with a tick each, a search box (accent-insensitive) and select all / none."""

    def __init__(self, parent: QWidget | None = None, title: str = "Đơn vị"):
        super().__init__(parent)
        self.search = QLineEdit(self)
        self.search.setPlaceholderText("Tìm đơn vị… (gõ có dấu hoặc không dấu)")
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName("Tìm đơn vị")
        self.list = QListWidget(self)
        self.list.setAccessibleName(title)
        self.count = QLabel(self)
        all_button, none_button = QPushButton("Chọn các đơn vị đang hiện", self), QPushButton("Bỏ chọn tất cả", self)
        all_button.clicked.connect(lambda: self._tick_visible(True))
        none_button.clicked.connect(lambda: self._tick_all(False))
        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.count)
        buttons = QHBoxLayout()
        buttons.addWidget(all_button)
        buttons.addWidget(none_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.list, 1)
        layout.addLayout(buttons)
        self.search.textChanged.connect(self._filter)
        self.list.itemChanged.connect(lambda _item: self._update_count())

    def set_units(self, units: Iterable, checked: Iterable[int] = ()) -> None:
        """`units`: objects with id, name, kind (app.blocs.UnitChoice)."""
        ticked = set(checked)
        self.list.blockSignals(True)
        self.list.clear()
        for unit in units:
            text = f"{unit.name} — {unit.kind}" + ("" if getattr(unit, "active", True) else " (đã sáp nhập/giải thể)")
            item = QListWidgetItem(text, self.list)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if unit.id in ticked else Qt.CheckState.Unchecked)
            item.setData(Qt.ItemDataRole.UserRole, unit.id)
            item.setData(Qt.ItemDataRole.UserRole + 1, fold(text))
        self.list.blockSignals(False)
        self._filter(self.search.text())

    def checked_ids(self) -> list[int]:
        return [self.list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.list.count())
                if self.list.item(i).checkState() == Qt.CheckState.Checked]

    def set_checked(self, unit_id: int, on: bool = True) -> None:
        for i in range(self.list.count()):
            item = self.list.item(i)
            if item.data(Qt.ItemDataRole.UserRole) == unit_id:
                item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)

    def _filter(self, text: str) -> None:
        words = fold(text).split()
        for i in range(self.list.count()):
            item = self.list.item(i)
            key = item.data(Qt.ItemDataRole.UserRole + 1)
            item.setHidden(not all(w in key for w in words))
        self._update_count()

    def _tick_visible(self, on: bool) -> None:
        for i in range(self.list.count()):
            item = self.list.item(i)
            if not item.isHidden():
                item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)

    def _tick_all(self, on: bool) -> None:
        for i in range(self.list.count()):
            self.list.item(i).setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)

    def _update_count(self) -> None:
        self.count.setText(f"Đã chọn {len(self.checked_ids())}/{self.list.count()}")


def ask(parent: QWidget | None, text: str, title: str = "TĐKT") -> bool:
    """A yes/no question with Vietnamese buttons; "Không" is the default (safe) answer."""
    box = QMessageBox(QMessageBox.Icon.Question, title, text, parent=parent)
    yes = box.addButton("Đồng ý", QMessageBox.ButtonRole.YesRole)
    no = box.addButton("Không", QMessageBox.ButtonRole.NoRole)
    box.setDefaultButton(no)
    box.exec()
    return box.clickedButton() is yes


def ask_reason(parent: QWidget | None, title: str, label: str, text: str = "") -> str | None:
    """A short text the action needs (a reason); None when cancelled."""
    dialog = QInputDialog(parent)
    dialog.setWindowTitle(title)
    dialog.setLabelText(label)
    dialog.setTextValue(text)
    dialog.setOkButtonText("Đồng ý")
    dialog.setCancelButtonText("Hủy")
    dialog.resize(460, dialog.sizeHint().height())
    return dialog.textValue() if dialog.exec() else None


def inform(parent: QWidget | None, text: str, title: str = "TĐKT") -> None:
    box = QMessageBox(QMessageBox.Icon.Information, title, text, parent=parent)
    box.addButton("Đóng", QMessageBox.ButtonRole.AcceptRole)
    box.exec()


def notify(widget: QWidget, areas: Iterable[str]) -> None:
    """Tell the main window a write touched these areas (its tabs reload)."""
    window = widget.window()
    parent = window
    while parent is not None and not hasattr(parent, "notify_changed"):
        parent = parent.parentWidget()
    if parent is not None:
        parent.notify_changed(set(areas))


def set_combo(combo, data) -> None:
    """Select the item holding `data` (the first item when none does)."""
    index = combo.findData(data)
    combo.setCurrentIndex(index if index >= 0 else 0)


def form_dialog_layout(dialog: QDialog, form) -> QLabel:
    """Lay out a form dialog: the form, a red line for what is wrong, and Lưu / Hủy wired to
    accept / reject. Returns the red line (the dialog shows its Vietnamese message there)."""
    error_label = QLabel("", dialog)
    error_label.setStyleSheet("color: #b00020; font-weight: bold;")
    buttons = QDialogButtonBox(dialog)
    buttons.addButton("Lưu", QDialogButtonBox.ButtonRole.AcceptRole)
    buttons.addButton("Hủy", QDialogButtonBox.ButtonRole.RejectRole)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    layout = QVBoxLayout(dialog)
    layout.addLayout(form)
    layout.addWidget(error_label)
    layout.addWidget(buttons)
    return error_label
