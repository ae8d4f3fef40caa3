"""Lịch sử khen thưởng: find a person by name (accents optional), see every award across the
years with its decision, the task ratings and the nominations still open; or a collective's
history, units merged into it included, each award under the name it was given to. Two records
of the same person can be merged here (with a note kept in the audit trail).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.database import Database
from app.people import (
    History,
    PersonRow,
    find_people,
    merge_people,
    named_history,
    person_history,
    unit_history,
)
from ui.dossier_widgets import MessageBar, ask_text, fill_row, make_table
from ui.ops import Ops
from ui.table_model import money

PEOPLE_HEADERS = ["Họ tên", "Năm sinh", "Đơn vị", "Chức vụ", "Số lần khen"]
HISTORY_HEADERS = ["Năm", "Danh hiệu, hình thức", "Phân loại", "Loại khen", "Tên khi khen",
                   "Số quyết định", "Ngày", "Cấp khen", "Tiền thưởng (đ)", "Ghi chú", "Nguồn"]
CATEGORY_WORDS = {"title": "Danh hiệu", "form": "Hình thức", "order": "Huân chương"}


class PersonHistoryDialog(QDialog):
    changed = Signal(object)

    def __init__(self, db: Database, ops: Ops, *, person_id: int | None = None,
                 unit_id: int | None = None, query: str = "", award_id: int | None = None,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.db, self.ops = db, ops
        self.ask = ask_text
        self.confirm = lambda text: QMessageBox.question(self, "Gộp hồ sơ", text) == QMessageBox.StandardButton.Yes
        self.found: list[PersonRow] = []
        self.setWindowTitle("Lịch sử khen thưởng")
        self.resize(1150, 700)
        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        self.search = QLineEdit(query, self)
        self.search.setPlaceholderText("Tìm theo họ tên (gõ có dấu hoặc không dấu)…")
        self.search.setClearButtonEnabled(True)
        self.search.returnPressed.connect(self.run_search)
        row.addWidget(self.search, 1)
        find = QPushButton("Tìm", self)
        find.clicked.connect(self.run_search)
        row.addWidget(find)
        self.merge_button = QPushButton("Gộp hai hồ sơ trùng…", self)
        self.merge_button.setToolTip("Chọn hai dòng (Ctrl+nhấp): hồ sơ chọn trước được giữ lại")
        self.merge_button.clicked.connect(self.merge_selected)
        row.addWidget(self.merge_button)
        layout.addLayout(row)
        split = QSplitter(Qt.Orientation.Vertical, self)
        self.people = make_table(self, PEOPLE_HEADERS, stretch=2)
        self.people.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.people.currentCellChanged.connect(lambda r, *_: self._person_chosen(r))
        split.addWidget(self.people)
        lower = QWidget(self)
        box = QVBoxLayout(lower)
        box.setContentsMargins(0, 0, 0, 0)
        self.title = QLabel(lower)
        font = QFont(self.font())
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.2)
        self.title.setFont(font)
        self.subtitle = QLabel(lower)
        self.subtitle.setWordWrap(True)
        self.lines = make_table(lower, HISTORY_HEADERS, stretch=len(HISTORY_HEADERS) - 1)  # Nguồn: the rest
        self.extra = QLabel(lower)
        self.extra.setWordWrap(True)
        for widget in (self.title, self.subtitle):
            box.addWidget(widget)
        box.addWidget(self.lines, 1)
        box.addWidget(self.extra)
        split.addWidget(lower)
        split.setSizes([200, 460])
        layout.addWidget(split, 1)
        self.message = MessageBar(QLabel(self))
        layout.addWidget(self.message.label)
        if unit_id is not None:
            self.people.setVisible(False)
            self.show_unit(unit_id)
        elif award_id is not None:  # a ledger line without a record: its name's lines
            self.people.setVisible(False)
            self._load(lambda session: named_history(session, award_id))
        elif person_id is not None:
            self.show_person(person_id)
            if query:
                self.run_search(keep=person_id)
        elif query:
            self.run_search()

    # --- search ------------------------------------------------------------------------------
    def run_search(self, keep: int | None = None) -> None:
        text = self.search.text()

        def load() -> list[PersonRow]:
            with self.db.session() as session:
                return find_people(session, text)

        self.ops.run(load, on_done=lambda rows: self._show_people(rows, keep), on_error=self.message.refused,
                     parent=self)

    def _show_people(self, rows: list[PersonRow], keep: int | None = None) -> None:
        self.found = rows
        self.people.blockSignals(True)
        self.people.setRowCount(len(rows))
        for r, p in enumerate(rows):
            fill_row(self.people, r, [p.name, p.birth_year or "", p.unit, p.position, p.awards], data=p.id)
        self.people.blockSignals(False)
        for column, width in enumerate([220, 80, 260, 260]):
            self.people.setColumnWidth(column, width)
        if not rows:
            self.message.done(f"Không tìm thấy ai có tên “{self.search.text().strip()}”.")
            return
        self.message.clear()
        ids = [p.id for p in rows]
        self.people.selectRow(ids.index(keep) if keep in ids else 0)
        if keep is None:
            self._person_chosen(0)

    def _person_chosen(self, row: int) -> None:
        if 0 <= row < len(self.found):
            self.show_person(self.found[row].id)

    # --- history -----------------------------------------------------------------------------
    def show_person(self, person_id: int) -> None:
        self._load(lambda session: person_history(session, person_id))

    def show_unit(self, unit_id: int) -> None:
        self._load(lambda session: unit_history(session, unit_id))

    def _load(self, fn) -> None:
        def load() -> History:
            with self.db.session() as session:
                return fn(session)

        self.ops.run(load, on_done=self._show_history, on_error=self.message.refused, parent=self)

    def _show_history(self, h: History) -> None:
        self.history = h
        self.title.setText(h.title)
        self.subtitle.setText(h.subtitle)
        self.lines.setRowCount(len(h.lines))
        for r, line in enumerate(h.lines):
            fill_row(self.lines, r, [line.year, line.award, CATEGORY_WORDS.get(line.category, line.category),
                                     line.kind, line.recipient, line.decision,
                                     f"{line.decision_date:%d/%m/%Y}" if line.decision_date else "",
                                     line.issuer, money(line.money), line.note, line.source], data=line.award_id)
            if line.revoked:
                struck = QFont(self.lines.font())
                struck.setStrikeOut(True)
                for c in range(self.lines.columnCount()):
                    self.lines.item(r, c).setFont(struck)
                    self.lines.item(r, c).setForeground(QBrush(QColor("#8a8a8a")))
        for column, width in enumerate([50, 230, 90, 110, 180, 120, 85, 170, 100, 110]):
            self.lines.setColumnWidth(column, width)
        parts = []
        if h.ratings:
            parts.append("Xếp loại: " + "; ".join(f"{y}: {text}" for y, text in h.ratings))
        if h.nominations:
            parts.append("Đang đề nghị: " + "; ".join(f"{award} năm {y} (hồ sơ {num}, {state})"
                                                       for y, num, award, state in h.nominations))
        if not h.lines:
            parts.insert(0, "Chưa có khen thưởng nào trong sổ.")
        self.extra.setText("<br>".join(parts))

    # --- merging -----------------------------------------------------------------------------
    def merge_selected(self) -> None:
        rows = [i.row() for i in self.people.selectionModel().selectedRows()]
        if len(rows) != 2:
            self.message.done("Chọn đúng hai dòng (Ctrl+nhấp) là hai hồ sơ của cùng một người.")
            return
        current = self.people.currentRow()
        keep_row = current if current in rows else rows[0]
        drop_row = rows[1] if keep_row == rows[0] else rows[0]
        keep, drop = self.found[keep_row], self.found[drop_row]
        if not self.confirm(f"Gộp hồ sơ “{drop.name}” ({drop.unit or 'không rõ đơn vị'}, "
                            f"{drop.awards} khen thưởng) vào “{keep.name}” ({keep.unit})?\n"
                            "Mọi khen thưởng, đề nghị, xếp loại được chuyển sang hồ sơ giữ lại."):
            return
        note = self.ask(self, "Gộp hồ sơ", "Ghi chú (vì sao là cùng một người):")
        if note is None:
            return

        def work() -> None:
            with self.db.session() as session:
                merge_people(session, keep.id, drop.id, note)

        def done(_r) -> None:
            self.changed.emit({"ledger", "dossiers"})
            self.run_search(keep=keep.id)
            self.show_person(keep.id)
            self.message.done(f"Đã gộp hồ sơ {drop.name} vào {keep.name}.")

        self.ops.run(work, on_done=done, on_error=self.message.refused, parent=self)
