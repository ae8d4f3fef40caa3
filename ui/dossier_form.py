"""Tiếp nhận hồ sơ by hand, quickly from the keyboard: the dossier's header fields, then a
grid of nominees typed row after row (Tab moves across, a new blank row appears as the last
one fills, Ctrl+Enter saves). The unit and the award complete while typing, with or without
accents; awards may be typed as the clerk writes them (`LĐTT`, `CSTĐ cơ sở`, `GK`).

`AddNomineesDialog` is the same grid alone, for adding nominees to an open dossier.
Everything is written in one transaction: a bad row (no award, an unknown award, an unreadable
rating) stops the save with the row named and the cursor on the cell, and nothing is stored.
"""

from __future__ import annotations

import datetime as dt
import re

from PySide6.QtCore import QDate, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QStyledItemDelegate,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.catalog import DOSSIER_CATEGORIES, awards
from app.database import Database
from app.dossiers import AUTHORITIES, DossierInput, receive_dossier
from app.errors import ValidationError
from app.nominees import NomineeInput, add_nominee
from app.states import SUBJECTS
from app.text import fold
from db.models import Unit
from ui.dossier_widgets import FoldingCompleter, MessageBar
from ui.ops import Ops

GRID = [("name", "Họ tên / tên tập thể", 200), ("subject", "Đối tượng", 80),
        ("award", "Danh hiệu, hình thức", 190), ("position", "Chức vụ, đơn vị", 180),
        ("birth_year", "Năm sinh", 70), ("gender", "Giới tính", 70), ("ethnicity", "Dân tộc", 80),
        ("rating", "Xếp loại", 70),
        ("initiative", "Sáng kiến", 150), ("achievement", "Tóm tắt thành tích", 260)]
SUBJECT_WORDS = {"ca nhan": "individual", "cn": "individual", "": "individual",
                 "tap the": "collective", "tt": "collective", "ho": "household",
                 "ho gia dinh": "household", "hgd": "household"}
SUBJECT_TEXT = SUBJECTS


class _CompleterDelegate(QStyledItemDelegate):
    """Cells of one column edited with completion (awards, subjects)."""

    def __init__(self, texts: list[str], parent: QWidget):
        super().__init__(parent)
        self.texts = texts

    def createEditor(self, parent, option, index):  # noqa: N802 - Qt's name
        editor = QLineEdit(parent)
        editor.setCompleter(FoldingCompleter(self.texts, editor))
        return editor


class NomineeGrid(QTableWidget):
    """Rows of nominees typed by hand; the last row is always blank, ready for the next."""

    def __init__(self, award_texts: list[str], parent: QWidget | None = None, ethnicities: list[str] = ()):
        super().__init__(1, len(GRID), parent)
        self.setHorizontalHeaderLabels([h for _, h, _ in GRID])
        for column, (_, _, width) in enumerate(GRID):
            self.setColumnWidth(column, width)
        self.horizontalHeader().setStretchLastSection(True)
        self.setItemDelegateForColumn(self.column("award"), _CompleterDelegate(award_texts, self))
        self.setItemDelegateForColumn(self.column("subject"),
                                      _CompleterDelegate(list(SUBJECT_TEXT.values()), self))
        self.setItemDelegateForColumn(self.column("gender"), _CompleterDelegate(["Nam", "Nữ"], self))
        if ethnicities:
            self.setItemDelegateForColumn(self.column("ethnicity"), _CompleterDelegate(ethnicities, self))
        self.itemChanged.connect(self._grow)

    @staticmethod
    def column(key: str) -> int:
        return [k for k, _, _ in GRID].index(key)

    def text(self, row: int, key: str) -> str:
        item = self.item(row, self.column(key))
        return item.text().strip() if item else ""

    def set_text(self, row: int, key: str, value: str) -> None:
        self.setItem(row, self.column(key), QTableWidgetItem(value))

    def _grow(self, item: QTableWidgetItem) -> None:
        if item.row() == self.rowCount() - 1 and item.text().strip():
            self.insertRow(self.rowCount())

    def filled_rows(self) -> list[int]:
        return [r for r in range(self.rowCount()) if any(self.text(r, k) for k, _, _ in GRID)]

    def inputs(self) -> list[tuple[int, NomineeInput]]:
        """(row, what was typed) for every filled row; a row without a name or award, or with
        an unreadable subject or birth year, is refused with the row named."""
        out = []
        for row in self.filled_rows():
            shown = row + 1
            name, award = self.text(row, "name"), self.text(row, "award")
            if not name:
                raise ValidationError(f"Dòng {shown}: chưa nhập họ tên (hoặc tên tập thể).", field=f"{row}:name")
            if not award:
                raise ValidationError(f"Dòng {shown}: chưa nhập danh hiệu, hình thức đề nghị.", field=f"{row}:award")
            subject_text = fold(self.text(row, "subject"))
            subject = SUBJECT_WORDS.get(subject_text) or next(
                (code for code, text in SUBJECT_TEXT.items() if fold(text) == subject_text), None)
            if subject is None:
                raise ValidationError(f"Dòng {shown}: đối tượng “{self.text(row, 'subject')}” phải là cá nhân, "
                                      "tập thể hoặc hộ gia đình.", field=f"{row}:subject")
            year_text = self.text(row, "birth_year")
            if year_text and not re.fullmatch(r"(19|20)\d\d", year_text):
                raise ValidationError(f"Dòng {shown}: năm sinh “{year_text}” không hợp lệ.", field=f"{row}:birth_year")
            out.append((row, NomineeInput(
                name=name, award=award, subject=subject, position=self.text(row, "position"),
                birth_year=int(year_text) if year_text else None, gender=self.text(row, "gender") or None,
                ethnicity=self.text(row, "ethnicity") or None, rating=self.text(row, "rating"),
                initiative=self.text(row, "initiative"), achievement=self.text(row, "achievement"))))
        return out

    def focus_field(self, field: str | None) -> None:
        """Put the cursor on the cell a ValidationError names (`row:key`)."""
        if field and ":" in field:
            row, key = field.split(":", 1)
            if key in [k for k, _, _ in GRID]:
                self.setFocus()
                self.setCurrentCell(int(row), self.column(key))


def _add_all(session, dossier_id: int, rows: list[tuple[int, NomineeInput]]) -> int:
    for row, data in rows:
        try:
            add_nominee(session, dossier_id, data)
        except ValidationError as exc:
            key = exc.field if exc.field in [k for k, _, _ in GRID] else "name"
            if exc.field == "full_name":
                key = "name"
            raise ValidationError(f"Dòng {row + 1}: {exc.message}", field=f"{row}:{key}") from exc
    return len(rows)


def _ethnicity_texts(db: Database) -> list[str]:
    from app.person_records import ethnicity_choices

    with db.session() as session:
        return [name for _code, name in ethnicity_choices(session)]


def _award_texts(db: Database) -> list[str]:
    with db.session() as session:
        found = awards(session)
    return [a.name for a in found] + [a.short_name for a in found if a.short_name and a.short_name != a.name]


class ReceiveDialog(QDialog):
    """Tiếp nhận hồ sơ: header fields and the nominees grid; saves in one transaction."""

    received = Signal(int)  # the new dossier's id
    changed = Signal(object)

    def __init__(self, db: Database, ops: Ops, parent: QWidget | None = None, *,
                 year: int | None = None, today: dt.date | None = None):
        super().__init__(parent)
        self.db, self.ops = db, ops
        self.created_id: int | None = None
        self.setWindowTitle("Tiếp nhận hồ sơ đề nghị khen thưởng")
        self.resize(1100, 620)
        today = today or dt.date.today()
        with db.session() as session:
            units = [(u.id, u.name) for u in session.query(Unit).filter(Unit.active).order_by(Unit.sort_order, Unit.name)]
        self.unit_ids = {name: uid for uid, name in units}
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.unit = QComboBox(self)
        self.unit.setEditable(True)
        self.unit.addItems([name for _, name in units])
        self.unit.setCurrentIndex(-1)
        self.unit.setCompleter(FoldingCompleter([name for _, name in units], self.unit))
        self.unit.lineEdit().setPlaceholderText("Gõ vài chữ tên đơn vị, có dấu hoặc không dấu")
        self.received_on = QDateEdit(QDate(today.year, today.month, today.day), self)
        self.received_on.setDisplayFormat("dd/MM/yyyy")
        self.received_on.setCalendarPopup(True)
        self.year = QSpinBox(self)
        self.year.setRange(1945, 2100)
        self.year.setValue(year or today.year)
        self.category = QComboBox(self)
        for code, name in DOSSIER_CATEGORIES.items():
            self.category.addItem(name, code)
        self.authority = QComboBox(self)
        for code, name in AUTHORITIES.items():
            self.authority.addItem(name, code)
        self.proposal_ref = QLineEdit(self)
        self.proposal_ref.setPlaceholderText("Ví dụ: Tờ trình số 25/TTr-UBND ngày 01/12/2025")
        self.title = QLineEdit(self)
        self.title.setPlaceholderText("Trích yếu, ví dụ: Đề nghị khen thưởng tổng kết năm 2025")
        for label, widget in [("Đơn vị đề nghị", self.unit), ("Ngày tiếp nhận", self.received_on),
                              ("Năm thành tích", self.year), ("Loại hồ sơ", self.category),
                              ("Thẩm quyền", self.authority), ("Tờ trình của đơn vị", self.proposal_ref),
                              ("Trích yếu", self.title)]:
            form.addRow(label, widget)
        layout.addLayout(form)
        layout.addWidget(QLabel("<b>Danh sách đề nghị</b> (Tab để sang ô sau; dòng mới tự thêm; "
                                "Ctrl+Enter để ghi):", self))
        self.grid = NomineeGrid(_award_texts(db), self, _ethnicity_texts(db))
        layout.addWidget(self.grid, 1)
        self.message = MessageBar(QLabel(self))
        layout.addWidget(self.message.label)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.save_button.setText("Tiếp nhận")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Hủy")
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        QShortcut(QKeySequence("Ctrl+Return"), self, self.save)
        self.unit.setFocus()

    def dossier_input(self) -> DossierInput:
        name = self.unit.currentText().strip()
        unit_id = self.unit_ids.get(name)
        if unit_id is None and name:
            # "khun ha" typed without choosing from the list: the one unit it names, if only one.
            found = [n for n in self.unit_ids if fold(name) in fold(n)]
            if len(found) > 1:
                raise ValidationError(f"“{name}” khớp nhiều đơn vị ({'; '.join(found[:4])}): hãy chọn "
                                      "một đơn vị trong danh sách.", field="unit")
            if found:
                unit_id = self.unit_ids[found[0]]
        if unit_id is None:
            raise ValidationError(f"Không có đơn vị “{name}” trong danh sách đơn vị." if name
                                  else "Chưa chọn đơn vị đề nghị.", field="unit")
        return DossierInput(unit_id=unit_id, received_on=self.received_on.date().toPython(),
                            year=self.year.value(), category=self.category.currentData(),
                            authority=self.authority.currentData(), title=self.title.text(),
                            proposal_ref=self.proposal_ref.text())

    def save(self) -> None:
        try:
            data, rows = self.dossier_input(), self.grid.inputs()
        except ValidationError as exc:
            self._refused(exc)
            return

        def work() -> tuple[int, str, int]:
            with self.db.session() as session:
                dossier = receive_dossier(session, data)
                return dossier.id, dossier.number, _add_all(session, dossier.id, rows)

        self.ops.run(work, on_done=self._saved, on_error=self._refused, parent=self)

    def _saved(self, result: tuple[int, str, int]) -> None:
        self.created_id, number, count = result
        self.message.done(f"Đã tiếp nhận hồ sơ {number} với {count} người/tập thể đề nghị.")
        self.received.emit(self.created_id)
        self.changed.emit({"dossiers"})
        self.accept()

    def _refused(self, exc: BaseException) -> None:
        self.message.refused(exc)
        field = getattr(exc, "field", None)
        widgets = {"unit": self.unit, "unit_id": self.unit, "received_on": self.received_on,
                   "category": self.category, "authority": self.authority}
        if field in widgets:
            widgets[field].setFocus()
        else:
            self.grid.focus_field(field)


class AddNomineesDialog(QDialog):
    """More nominees for an open dossier, typed in the same grid."""

    changed = Signal(object)

    def __init__(self, db: Database, ops: Ops, dossier_id: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.db, self.ops, self.dossier_id = db, ops, dossier_id
        self.setWindowTitle("Thêm người/tập thể đề nghị")
        self.resize(1000, 420)
        layout = QVBoxLayout(self)
        self.grid = NomineeGrid(_award_texts(db), self, _ethnicity_texts(db))
        layout.addWidget(self.grid, 1)
        self.message = MessageBar(QLabel(self))
        layout.addWidget(self.message.label)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.save_button.setText("Thêm vào hồ sơ")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Hủy")
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        QShortcut(QKeySequence("Ctrl+Return"), self, self.save)

    def save(self) -> None:
        try:
            rows = self.grid.inputs()
        except ValidationError as exc:
            self._refused(exc)
            return

        def work() -> int:
            with self.db.session() as session:
                return _add_all(session, self.dossier_id, rows)

        def done(_count: int) -> None:
            self.changed.emit({"dossiers"})
            self.accept()

        self.ops.run(work, on_done=done, on_error=self._refused, parent=self)

    def _refused(self, exc: BaseException) -> None:
        self.message.refused(exc)
        self.grid.focus_field(getattr(exc, "field", None))
