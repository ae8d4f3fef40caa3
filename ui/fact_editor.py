"""One kind of recorded fact as a table with its form: pick a row to correct it, «Nhập mới» to
add one, «Ghi» writes through the app function given, «Xóa» removes the row (asking first). A
refused value shows its Vietnamese message and puts the cursor in the field it names.

Used by the facts sections of the person's and the unit's pages (ui/fact_sections.py).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.errors import UserError, ValidationError
from ui.table_model import Column
from ui.table_panel import TablePanel

NO_NUMBER = -1  # a count spin box's "not known"


@dataclass
class Field:
    """A form field: `kind` text / year / date / choice / count; `choices` (label, value)."""

    name: str
    label: str
    kind: str = "text"
    choices: list[tuple[str, object]] = field(default_factory=list)
    hint: str = ""


def parse_day(text: str, label: str, name: str) -> dt.date | None:
    """`05/12/2025` (day first, as Vietnamese write it) or empty."""
    text = text.strip()
    if not text:
        return None
    for fmt in ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValidationError(f"«{label}» phải là ngày/tháng/năm (ví dụ 05/12/2025).", field=name)


class FactEditor(QWidget):
    def __init__(self, title: str, columns: list[Column], fields: list[Field], *, load: Callable[[], list],
                 save: Callable[[int | None, dict], None], delete: Callable[[int], None],
                 year: int, note: str = "", on_written: Callable[[], None] | None = None,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self._load, self._save, self._delete, self._year = load, save, delete, year
        self.on_written = on_written
        self.current_id: int | None = None
        self.table = TablePanel(title, columns, self)
        self.table.row_activated.connect(self.pick)
        self.table.selection_changed.connect(lambda: self.pick(self.table.current_row()))
        self.widgets: dict[str, QWidget] = {}
        self.specs = {f.name: f for f in fields}
        form = QFormLayout()
        for f in fields:
            self.widgets[f.name] = widget = self._widget(f)
            widget.setObjectName(f.name)
            widget.setAccessibleName(f.label)
            form.addRow(f.label + ":", widget)
        self.message = QLabel("", self)
        self.message.setWordWrap(True)
        self.new_button = QPushButton("Nhập mới", self)
        self.save_button = QPushButton("Ghi", self)
        self.delete_button = QPushButton("Xóa", self)
        self.new_button.clicked.connect(self.clear)
        self.save_button.clicked.connect(self.save)
        self.delete_button.clicked.connect(self.remove)
        buttons = QHBoxLayout()
        buttons.addWidget(self.message, 1)
        for b in (self.new_button, self.delete_button, self.save_button):
            buttons.addWidget(b)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        if note:
            hint = QLabel(note, self)
            hint.setWordWrap(True)
            layout.addWidget(hint)
        layout.addLayout(form)
        layout.addLayout(buttons)
        self.reload()
        self.clear()

    def _widget(self, f: Field) -> QWidget:
        if f.kind == "choice":
            box = QComboBox(self)
            for label, value in f.choices:
                box.addItem(label, value)
            return box
        if f.kind in ("year", "count"):
            spin = QSpinBox(self)
            if f.kind == "year":
                spin.setRange(1945, 2100)
            else:
                spin.setRange(NO_NUMBER, 100000)
                spin.setSpecialValueText("(chưa rõ)")
            return spin
        edit = QLineEdit(self)
        edit.setPlaceholderText(f.hint or ("ngày/tháng/năm" if f.kind == "date" else ""))
        return edit

    # --- reading and filling ------------------------------------------------------------------
    def reload(self) -> None:
        self.table.set_rows(self._load())

    def clear(self) -> None:
        self.current_id = None
        for name in self.widgets:
            self._set(name, None)
        self.delete_button.setEnabled(False)
        self.message.setText("Điền rồi bấm «Ghi»; chọn một dòng để sửa.")

    def pick(self, row) -> None:
        if row is None:
            return
        self.current_id = row.id
        for name in self.widgets:
            self._set(name, getattr(row, name, None))
        self.delete_button.setEnabled(True)
        self.message.setText("Đang sửa dòng đã chọn; «Nhập mới» để nhập dòng khác.")

    def _set(self, name: str, value) -> None:
        widget, spec = self.widgets[name], self.specs[name]
        if spec.kind == "choice":
            index = widget.findData(value)
            widget.setCurrentIndex(max(index, 0))
        elif spec.kind == "year":
            widget.setValue(value or self._year)
        elif spec.kind == "count":
            widget.setValue(NO_NUMBER if value is None else int(value))
        elif spec.kind == "date":
            widget.setText(value.strftime("%d/%m/%Y") if isinstance(value, dt.date) else "")
        else:
            widget.setText("" if value is None else str(value))

    def values(self) -> dict:
        out = {}
        for name, widget in self.widgets.items():
            spec = self.specs[name]
            if spec.kind == "choice":
                out[name] = widget.currentData()
            elif spec.kind == "year":
                out[name] = widget.value()
            elif spec.kind == "count":
                out[name] = None if widget.value() == NO_NUMBER else widget.value()
            elif spec.kind == "date":
                out[name] = parse_day(widget.text(), spec.label, name)
            else:
                out[name] = widget.text()
        return out

    # --- writing --------------------------------------------------------------------------------
    def save(self) -> bool:
        try:
            self._save(self.current_id, self.values())
        except ValidationError as exc:
            self._refused(exc.message, exc.field)
            return False
        except UserError as exc:
            self._refused(exc.message, None)
            return False
        self.reload()
        self.clear()
        self.message.setText("Đã ghi.")
        if self.on_written is not None:
            self.on_written()
        return True

    def _refused(self, message: str, name: str | None) -> None:
        self.message.setText(f"<span style='color:#b00020'><b>{message}</b></span>")
        if name in self.widgets:
            self.widgets[name].setFocus()

    def remove(self, confirm: bool = True) -> None:
        if self.current_id is None:
            return
        if confirm and QMessageBox.question(self, "Xóa", "Xóa dòng đã chọn? (Nhật ký thay đổi vẫn giữ nội dung cũ.)") \
                != QMessageBox.StandardButton.Yes:
            return
        try:
            self._delete(self.current_id)
        except UserError as exc:
            self._refused(exc.message, None)
            return
        self.reload()
        self.clear()
        self.message.setText("Đã xóa.")
        if self.on_written is not None:
            self.on_written()
