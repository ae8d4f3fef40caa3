"""Thu hồi and đính chính: the two ways a signed award changes, from the ledger tab.

Decided results are frozen. Revoking (Luật TĐKT 2022 Điều 93) marks the entry, with the date and
the reason, and it stays in the ledger struck through; a correction is a new entry pointing at
the one it corrects, which stays as it was. Both ask the clerk to confirm before writing, and
both write through `app.awards` (ORM changes, so the audit trail keeps them).
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.awards import AwardEntry, award_entry, correct_award, revoke_award
from app.catalog import awards
from app.database import Database
from app.errors import ValidationError
from ui.dossier_widgets import MessageBar
from ui.ops import Ops


def confirm_box(parent: QWidget, title: str, text: str) -> bool:
    return QMessageBox.question(parent, title, text) == QMessageBox.StandardButton.Yes


class _AwardForm(QDialog):
    """Load one ledger entry, show it, and write one change after the clerk confirms."""

    changed = Signal(object)  # the areas written, for the main window
    TITLE = ""
    OK_TEXT = ""

    def __init__(self, db: Database, ops: Ops, award_id: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.db, self.ops, self.award_id = db, ops, award_id
        self.entry: AwardEntry | None = None
        self.confirm = confirm_box  # tests answer the question themselves
        self.setWindowTitle(self.TITLE)
        self.setMinimumWidth(560)
        layout = QVBoxLayout(self)
        self.what = QLabel(self)
        self.what.setWordWrap(True)
        layout.addWidget(self.what)
        self.form = QFormLayout()
        layout.addLayout(self.form)
        self.fields: dict[str, QWidget] = {}
        self._build()
        self.message = MessageBar(QLabel(self))
        layout.addWidget(self.message.label)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel, self)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.OK_TEXT)
        self.ok_button.setEnabled(False)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Hủy")
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

        def load():
            with self.db.session() as session:
                return award_entry(session, award_id), [(a.id, a.name) for a in awards(session)]

        self.ops.run(load, on_done=self._loaded, on_error=self.message.refused, parent=self)

    def _build(self) -> None:
        raise NotImplementedError

    def _fill(self, entry: AwardEntry, choices: list[tuple[int, str]]) -> None:
        raise NotImplementedError

    def _loaded(self, result) -> None:
        entry, choices = result
        self.entry = entry
        unit = f"<br>Đơn vị: {entry.unit_text}" if entry.unit_text else ""
        self.what.setText(f"<b>{entry.label}</b>{unit}")
        self._fill(entry, choices)
        refusal = self.refusal(entry)
        if refusal:
            self.message.refused(ValidationError(refusal))
        self.ok_button.setEnabled(not refusal)

    def refusal(self, entry: AwardEntry) -> str:
        """Why this entry cannot take the change (shown at once, before any typing)."""
        if entry.revoked:
            day = f" ngày {entry.revoked_on:%d/%m/%Y}" if entry.revoked_on else ""
            return (f"Khen thưởng này đã bị thu hồi{day}"
                    + (f": {entry.revoke_reason}" if entry.revoke_reason else "") + ".")
        if entry.corrected_by:
            return "Khen thưởng này đã được đính chính: hãy chọn bản đính chính mới nhất trong sổ."
        return ""

    def _write(self, fn, areas=frozenset({"ledger"})) -> None:
        def work():
            with self.db.session() as session:
                fn(session)

        def ok(_result) -> None:
            self.changed.emit(set(areas))
            self.accept()

        self.ops.run(work, on_done=ok, on_error=self._refused, parent=self)

    def _refused(self, exc: BaseException) -> None:
        self.message.refused(exc)
        widget = self.fields.get(getattr(exc, "field", None) or "")
        if widget is not None:
            widget.setFocus()

    def _missing(self, key: str, text: str) -> bool:
        """A required field left empty: say so and put the cursor there."""
        self.message.refused(ValidationError(text))
        self.fields[key].setFocus()
        return True

    def save(self) -> None:
        raise NotImplementedError


def _date_edit(parent: QWidget, day: dt.date) -> QDateEdit:
    edit = QDateEdit(QDate(day.year, day.month, day.day), parent)
    edit.setDisplayFormat("dd/MM/yyyy")
    edit.setCalendarPopup(True)
    return edit


class RevokeDialog(_AwardForm):
    """Thu hồi khen thưởng: the date and the reason; the entry stays in the ledger, marked."""

    TITLE = "Thu hồi khen thưởng"
    OK_TEXT = "Thu hồi…"

    def _build(self) -> None:
        self.revoked_on = _date_edit(self, dt.date.today())
        self.reason = QPlainTextEdit(self)
        self.reason.setPlaceholderText("Ví dụ: Quyết định số …/QĐ-UBND; kê khai thành tích không đúng sự thật")
        self.reason.setFixedHeight(80)
        self.fields = {"revoked_on": self.revoked_on, "reason": self.reason}
        self.form.addRow("Ngày thu hồi", self.revoked_on)
        self.form.addRow("Lý do, căn cứ thu hồi", self.reason)
        note = QLabel("Luật Thi đua, khen thưởng 2022 Điều 93: dòng khen thưởng vẫn giữ trong sổ, "
                      "đánh dấu đã thu hồi, không còn được tính khi xét khen thưởng sau.", self)
        note.setWordWrap(True)
        note.setStyleSheet("color:#555555")
        self.form.addRow(note)

    def _fill(self, entry: AwardEntry, choices) -> None:
        pass

    def save(self) -> None:
        if self.entry is None:
            return
        reason = self.reason.toPlainText().strip()
        if not reason and self._missing("reason", "Thu hồi khen thưởng phải ghi rõ lý do (căn cứ thu hồi)."):
            return
        on = self.revoked_on.date().toPython()
        if not self.confirm(self, "Thu hồi khen thưởng",
                            f"Thu hồi khen thưởng: {self.entry.label}, từ ngày {on:%d/%m/%Y}?\n\n"
                            f"Lý do: {reason}\n\nDòng này vẫn giữ trong sổ, đánh dấu đã thu hồi."):
            return
        self._write(lambda s: revoke_award(s, self.award_id, on, reason))


# What the correction form edits, in the order shown: (field, label).
CORRECTED_FIELDS = [("recipient_name", "Tên cá nhân, tập thể"), ("position", "Chức vụ"),
                    ("unit_text", "Đơn vị"), ("award_type_id", "Danh hiệu, hình thức"),
                    ("year", "Năm thành tích"), ("achievement", "Thành tích")]


class CorrectDialog(_AwardForm):
    """Đính chính: change what was written wrong; a new entry replaces the old one."""

    TITLE = "Đính chính khen thưởng"
    OK_TEXT = "Đính chính…"

    def _build(self) -> None:
        self.recipient_name = QLineEdit(self)
        self.position = QLineEdit(self)
        self.unit_text = QLineEdit(self)
        self.award_type = QComboBox(self)
        self.year = QSpinBox(self)
        self.year.setRange(1945, 2100)
        self.achievement = QPlainTextEdit(self)
        self.achievement.setFixedHeight(70)
        self.reason = QPlainTextEdit(self)
        self.reason.setPlaceholderText("Ví dụ: ghi nhầm năm thành tích (Công văn số …)")
        self.reason.setFixedHeight(60)
        self.fields = {"recipient_name": self.recipient_name, "position": self.position,
                       "unit_text": self.unit_text, "award_type_id": self.award_type,
                       "year": self.year, "achievement": self.achievement, "reason": self.reason}
        for key, label in CORRECTED_FIELDS:
            self.form.addRow(label, self.fields[key])
        self.form.addRow("Lý do đính chính", self.reason)

    def _fill(self, entry: AwardEntry, choices) -> None:
        self.recipient_name.setText(entry.recipient_name)
        self.position.setText(entry.position)
        self.unit_text.setText(entry.unit_text)
        if entry.award_type_id not in {i for i, _ in choices}:  # no longer offered: still shown
            choices = [(entry.award_type_id, entry.award_name), *choices]
        for award_id, name in choices:
            self.award_type.addItem(name, award_id)
        self.award_type.setCurrentIndex(self.award_type.findData(entry.award_type_id))
        self.year.setValue(entry.year)
        self.achievement.setPlainText(entry.achievement)

    def values(self) -> dict:
        return {"recipient_name": self.recipient_name.text().strip(),
                "position": self.position.text().strip(), "unit_text": self.unit_text.text().strip(),
                "award_type_id": self.award_type.currentData(), "year": self.year.value(),
                "achievement": self.achievement.toPlainText().strip()}

    def changes(self) -> dict:
        """The fields the clerk changed (only these go into the correction)."""
        out = {}
        for key, value in self.values().items():
            old = getattr(self.entry, key)
            if isinstance(value, str):
                old = (old or "").strip()
            if value != old:
                out[key] = value
        return out

    def _shown(self, key: str, value) -> str:
        if key == "award_type_id":
            index = self.award_type.findData(value)
            return self.award_type.itemText(index) if index >= 0 else str(value)
        return str(value) if value not in (None, "") else "(trống)"

    def save(self) -> None:
        if self.entry is None:
            return
        changes = self.changes()
        if not changes:
            self.message.refused(ValidationError("Chưa có nội dung đính chính (mọi trường vẫn như cũ)."))
            return
        reason = self.reason.toPlainText().strip()
        if not reason and self._missing("reason", "Đính chính phải ghi rõ lý do."):
            return
        labels = dict(CORRECTED_FIELDS)
        lines = "\n".join(f"- {labels[k]}: {self._shown(k, getattr(self.entry, k))} → {self._shown(k, v)}"
                          for k, v in changes.items())
        if not self.confirm(self, "Đính chính khen thưởng",
                            f"Đính chính khen thưởng: {self.entry.label}\n\n{lines}\n\nLý do: {reason}\n\n"
                            "Sổ sẽ có thêm một dòng đính chính; dòng cũ giữ nguyên, không còn được tính."):
            return
        self._write(lambda s: correct_award(s, self.award_id, reason, **changes))
