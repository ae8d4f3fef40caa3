"""Small dialogs of the submissions screens: record a submission that came on paper (or by
email) as received, give a unit its own deadline, and add or edit a due of the year."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from app.blocs import unit_choices
from app.catalog import unit_kinds
from app.dues import DUE_KINDS, DueData, due_choices, get_due, save_due, set_override, split_kinds
from app.errors import UserError, ValidationError
from app.submissions import MANUAL_CHANNELS, mark_received
from ui.cycle_widgets import DateField, set_combo


class _FormDialog(QDialog):
    """A form with a message line and Lưu / Hủy; subclasses implement `store()`."""

    def __init__(self, title: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.fields: dict[str, QWidget] = {}
        self.error_label = QLabel("", self)
        self.error_label.setStyleSheet("color: #b00020; font-weight: bold;")
        self.error_label.setWordWrap(True)
        buttons = QDialogButtonBox(self)
        buttons.addButton("Lưu", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton("Hủy", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)

    def add(self, name: str, label: str, widget: QWidget) -> QWidget:
        widget.setObjectName(name)
        widget.setAccessibleName(label.rstrip(" *:"))
        self.fields[name] = widget
        self.form.addRow(label, widget)
        return widget

    def store(self) -> None:
        raise NotImplementedError

    def accept(self) -> None:
        try:
            self.store()
        except ValidationError as exc:
            self.error_label.setText(exc.message)
            widget = self.fields.get(exc.field or "")
            if widget is not None:
                widget.setFocus()
            return
        except UserError as exc:
            self.error_label.setText(exc.message)
            return
        super().accept()


class ReceiveDialog(_FormDialog):
    """Ghi nhận hồ sơ đã nhận (bản giấy, thư điện tử)."""

    def __init__(self, db, year: int, unit_id: int | None = None, due_id: int | None = None,
                 parent: QWidget | None = None, today: dt.date | None = None):
        super().__init__(f"Ghi nhận hồ sơ đã nhận — năm {year}", parent)
        self.db, self.today = db, today
        with db.session() as session:
            units = unit_choices(session, keep=[unit_id] if unit_id else [])
            dues = due_choices(session, year)
        self.unit = self.add("unit_id", "Đơn vị *:", QComboBox(self))
        for u in units:
            self.unit.addItem(u.name, u.id)
        self.due = self.add("due_id", "Hồ sơ, báo cáo *:", QComboBox(self))
        for due_id_, title in dues:
            self.due.addItem(title, due_id_)
        self.received_on = self.add("received_on", "Ngày nhận *:", DateField(self, "Ngày nhận"))
        self.received_on.set_date(today or dt.date.today())
        self.channel = self.add("channel", "Hình thức:", QComboBox(self))
        for code, text in MANUAL_CHANNELS.items():
            self.channel.addItem(text, code)
        self.notes = self.add("notes", "Ghi chú:", QLineEdit(self))
        self.notes.setPlaceholderText("Ví dụ: Công văn số 45/UBND-VP")
        set_combo(self.unit, unit_id)
        set_combo(self.due, due_id)
        self.resize(620, 260)
        self.submission_id: int | None = None

    def store(self) -> None:
        if self.unit.currentData() is None or self.due.currentData() is None:
            raise ValidationError("Chọn đơn vị và loại hồ sơ, báo cáo.", field="unit_id")
        received = self.received_on.date()
        with self.db.session() as session:
            self.submission_id = mark_received(session, self.unit.currentData(), self.due.currentData(), received,
                                               channel=self.channel.currentData(), notes=self.notes.text(),
                                               today=self.today)


class DeadlineDialog(_FormDialog):
    """Hạn nộp riêng of one unit for one due."""

    def __init__(self, db, due_id: int, unit_id: int, unit: str, current: dt.date, parent: QWidget | None = None):
        super().__init__(f"Hạn nộp riêng — {unit}", parent)
        self.db, self.due_id, self.unit_id = db, due_id, unit_id
        with db.session() as session:
            due = get_due(session, due_id)
        self.form.addRow("Yêu cầu:", QLabel(f"{due.title} (hạn chung {due.due_on:%d/%m/%Y})", self))
        self.due_on = self.add("due_on", "Hạn riêng *:", DateField(self, "Hạn riêng"))
        self.due_on.set_date(current)
        self.reason = self.add("reason", "Lý do:", QLineEdit(self))
        self.reason.setPlaceholderText("Ví dụ: xã sáp nhập, xin gia hạn")
        self.resize(560, 200)

    def store(self) -> None:
        with self.db.session() as session:
            set_override(session, self.due_id, self.unit_id, self.due_on.date(), self.reason.text())


class DueDialog(_FormDialog):
    """Thêm / sửa một yêu cầu nộp của năm: loại, tên, hạn chung, loại đơn vị phải nộp."""

    def __init__(self, db, year: int, due_id: int | None = None, parent: QWidget | None = None):
        super().__init__("Sửa yêu cầu nộp" if due_id else f"Thêm yêu cầu nộp năm {year}", parent)
        self.db, self.year, self.due_id = db, year, due_id
        with db.session() as session:
            data = get_due(session, due_id) if due_id else DueData(year, "registration", "", None)
        self.kind = self.add("kind", "Loại hồ sơ *:", QComboBox(self))
        for code, text in DUE_KINDS.items():
            self.kind.addItem(text, code)
        set_combo(self.kind, data.kind)
        self.title_edit = self.add("title", "Tên hiển thị:", QLineEdit(self))
        self.title_edit.setPlaceholderText("Để trống: tên loại hồ sơ kèm năm")
        self.title_edit.setText(data.title)
        self.due_on = self.add("due_on", "Hạn nộp chung *:", DateField(self, "Hạn nộp"))
        self.due_on.set_date(data.due_on)
        self.kinds = self.add("unit_kinds", "Đơn vị phải nộp:", QListWidget(self))
        chosen = set(split_kinds(data.unit_kinds))
        for code, text in unit_kinds().items():
            if code == "authority":
                continue
            item = QListWidgetItem(text, self.kinds)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if code in chosen else Qt.CheckState.Unchecked)
            item.setData(Qt.ItemDataRole.UserRole, code)
        self.form.addRow("", QLabel("Không chọn loại nào: mọi đơn vị đều phải nộp.", self))
        self.notes = self.add("notes", "Ghi chú:", QPlainTextEdit(self))
        self.notes.setTabChangesFocus(True)
        self.notes.setFixedHeight(50)
        self.notes.setPlainText(data.notes)
        self.resize(600, 480)

    def store(self) -> None:
        codes = [self.kinds.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.kinds.count())
                 if self.kinds.item(i).checkState() == Qt.CheckState.Checked]
        data = DueData(self.year, self.kind.currentData(), self.title_edit.text(), self.due_on.date(),
                       ",".join(codes), self.notes.toPlainText(), self.due_id)
        with self.db.session() as session:
            self.due_id = save_due(session, data)
