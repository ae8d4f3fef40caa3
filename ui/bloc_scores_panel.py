"""Page "Chấm điểm" of the bloc dialog: the grid unit × criterion (self-scores or agreed scores,
with group subtotals and the total), and the score sheet of one unit where the self-score
(tự chấm — also what the `bloc_scores` workbook import writes) and the agreed score (điểm
thống nhất) are typed. Empty is "not scored"; 0 is a score; nothing above the maximum.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app import bloc_criteria as bc
from app.bloc_scores import agree_with_self, score_grid, set_score
from app.conflicts import bloc_score_versions, expect
from app.errors import ConflictError, UserError, ValidationError
from ui.cycle_widgets import ask, notify, set_combo
from ui.ops import show_failure
from ui.table_model import RIGHT, Column
from ui.table_panel import TablePanel

MODES = {"agreed": "Điểm thống nhất", "self": "Điểm tự chấm"}


@dataclass(slots=True)
class GridRow:
    unit_id: int
    unit: str
    values: dict[int, Decimal | None] = field(default_factory=dict)
    total: Decimal | None = None
    missing: int = 0
    search: str = ""


def _points(value) -> str:
    return bc.points_text(value)


def _grid_rows(grid, which: str) -> list[GridRow]:
    from app.text import fold

    rows = []
    for unit in grid.units:
        values = {c.id: grid.subtotal(c.id, unit.unit_id, which) if c.is_group else grid.value(c.id, unit.unit_id, which)
                  for c in grid.criteria}
        rows.append(GridRow(unit.unit_id, unit.name, values, grid.total(unit.unit_id, which),
                            grid.missing(unit.unit_id, which), fold(unit.name)))
    return rows


def _columns(grid) -> list[Column]:
    cols = [Column("Đơn vị", lambda r: r.unit, width=30)]
    for c in grid.criteria:
        header = c.code or c.title[:8]
        tip = f"{c.code} {c.title} — tối đa {_points(c.max_points)} điểm" + (
            f" ({c.kind_text.lower()})" if c.kind != "score" else "")
        # Group subtotals in blue, so the criteria a clerk types stand apart from the sums.
        cols.append(Column(header, (lambda r, cid=c.id: r.values.get(cid)), width=5, align=RIGHT, display=_points,
                           tooltip=(lambda _r, t=tip: t), color=(lambda _r: "#1a4d8f") if c.is_group else None))
    cols.append(Column("Tổng", lambda r: r.total, width=6, align=RIGHT, display=_points))
    cols.append(Column("Chưa chấm", lambda r: r.missing, width=6, stretch=True, display=lambda v: str(v) if v else "",
                       color=lambda r: "#b00020" if r.missing else None))
    return cols


class UnitScoreDialog(QDialog):
    """The score sheet of one member: self-score, agreed score and explanation per criterion."""

    COLS = ["Số TT", "Tiêu chí", "Tối đa", "Tự chấm", "Thống nhất", "Giải trình"]
    SELF, AGREED, NOTE = 3, 4, 5

    def __init__(self, db, bloc_id: int, unit_id: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.db, self.bloc_id = db, bloc_id
        self.resize(1100, 640)
        self.unit = QComboBox(self)
        self.unit.setAccessibleName("Đơn vị chấm điểm")
        self.table = QTableWidget(0, len(self.COLS), self)
        self.table.setHorizontalHeaderLabels(self.COLS)
        self.table.setAccessibleName("Bảng chấm điểm")
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.AllEditTriggers)
        header = self.table.horizontalHeader()
        for c, width in enumerate([60, 440, 64, 80, 90, 320]):
            self.table.setColumnWidth(c, width)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.total = QLabel(self)
        self.error_label = QLabel("", self)
        self.error_label.setStyleSheet("color: #b00020; font-weight: bold;")
        self.error_label.setWordWrap(True)
        copy = QPushButton("Điểm thống nhất = điểm tự chấm (ô còn trống)", self)
        copy.clicked.connect(self.copy_self)
        top = QHBoxLayout()
        top.addWidget(QLabel("Đơn vị:", self))
        top.addWidget(self.unit, 1)
        top.addWidget(copy)
        buttons = QDialogButtonBox(self)
        buttons.addButton("Lưu", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton("Đóng", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.total)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)
        with db.session() as session:
            self.grid = score_grid(session, bloc_id)
            self.seen = bloc_score_versions(session, bloc_id)  # cells changed elsewhere: refused
        for unit in self.grid.units:
            self.unit.addItem(unit.name, unit.unit_id)
        set_combo(self.unit, unit_id)
        self._shown = None
        self.unit.currentIndexChanged.connect(self._switch)
        self.table.cellChanged.connect(lambda *_: self._update_total())
        self._load()

    # --- filling and reading -----------------------------------------------------------------
    def _load(self) -> None:
        unit_id = self.unit.currentData()
        self._shown = unit_id
        self.setWindowTitle(f"Chấm điểm — {self.unit.currentText()} ({self.grid.name} năm {self.grid.year})")
        self.table.blockSignals(True)
        self.table.setRowCount(len(self.grid.criteria))
        bold = QFont(self.font())
        bold.setBold(True)
        grey = QBrush(QColor("#eef0f3"))
        self.original: dict[int, tuple] = {}
        for r, c in enumerate(self.grid.criteria):
            cell = self.grid.cell(c.id, unit_id)
            texts = [c.code, ("    " * c.depth) + c.title, _points(c.max_points),
                     _points(cell.self_score), _points(cell.agreed_score), cell.explanation]
            for k, text in enumerate(texts):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, c.id)
                if k in (2, self.SELF, self.AGREED):
                    item.setTextAlignment(RIGHT)
                editable = not c.is_group and k in (self.SELF, self.AGREED, self.NOTE)
                if not editable:
                    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                if c.is_group:
                    item.setFont(bold)
                    item.setBackground(grey)
                if k == 1:
                    item.setToolTip(c.title)
                self.table.setItem(r, k, item)
            if not c.is_group:
                self.original[c.id] = (texts[self.SELF], texts[self.AGREED], texts[self.NOTE])
        self.table.blockSignals(False)
        self.table.resizeRowsToContents()
        self._update_total()
        first = next((r for r, c in enumerate(self.grid.criteria) if not c.is_group), 0)
        self.table.setCurrentCell(first, self.SELF)

    def entered(self) -> dict[int, tuple[str, str, str]]:
        """criterion id → (self, agreed, explanation) as typed, for scored criteria."""
        out = {}
        for r, c in enumerate(self.grid.criteria):
            if not c.is_group:
                out[c.id] = tuple(self.table.item(r, k).text().strip() for k in (self.SELF, self.AGREED, self.NOTE))
        return out

    def dirty(self) -> bool:
        return self.entered() != self.original

    def _update_total(self) -> None:
        """The sheet's totals, and each group's subtotal in its own row, as typed so far."""
        sums = {"self": Decimal(0), "agreed": Decimal(0)}
        groups: dict[int, dict[str, Decimal]] = {}
        parent_of = {c.id: c.parent_id for c in self.grid.criteria}
        for r, c in enumerate(self.grid.criteria):
            if c.is_group:
                continue
            for key, k in (("self", self.SELF), ("agreed", self.AGREED)):
                try:
                    value = bc.parse_points(self.table.item(r, k).text()) or Decimal(0)
                except ValidationError:
                    continue
                value = -value if c.kind == "penalty" else value
                sums[key] += value
                up = c.parent_id
                while up is not None:
                    groups.setdefault(up, {"self": Decimal(0), "agreed": Decimal(0)})[key] += value
                    up = parent_of.get(up)
        self.table.blockSignals(True)
        for r, c in enumerate(self.grid.criteria):
            if c.is_group:
                for key, k in (("self", self.SELF), ("agreed", self.AGREED)):
                    self.table.item(r, k).setText(_points(groups.get(c.id, {}).get(key)))
        self.table.blockSignals(False)
        self.total.setText(f"Tổng điểm tự chấm: <b>{_points(sums['self'])}</b> — tổng điểm thống nhất: "
                           f"<b>{_points(sums['agreed'])}</b> (thang điểm {_points(bc.total_max(self.grid.criteria))}, "
                           "chưa tính điểm thưởng)")

    def showEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        self.table.resizeRowsToContents()  # now that the columns have their real widths

    # --- actions -----------------------------------------------------------------------------
    def copy_self(self) -> None:
        for r, c in enumerate(self.grid.criteria):
            if not c.is_group and not self.table.item(r, self.AGREED).text().strip():
                self.table.item(r, self.AGREED).setText(self.table.item(r, self.SELF).text())

    def save(self) -> bool:
        """All the sheet's changes in one transaction; a bad cell stops everything and is shown."""
        changes = {cid: v for cid, v in self.entered().items() if v != self.original.get(cid)}
        row_of = {c.id: r for r, c in enumerate(self.grid.criteria)}
        current = None
        try:
            with self.db.session() as session:
                expect(session, self.seen)
                for cid, (own, agreed, note) in changes.items():
                    current = cid
                    set_score(session, cid, self._shown, self_score=own, agreed_score=agreed, explanation=note)
        except ValidationError as exc:
            self.error_label.setText(exc.message)
            if current is not None:
                column = self.AGREED if exc.field == "agreed_score" else self.SELF
                self.table.setCurrentCell(row_of[current], column)
                self.table.setFocus()
            return False
        except UserError as exc:
            self.error_label.setText(exc.message)
            if isinstance(exc, ConflictError):  # another PC scored meanwhile: show what is stored
                with self.db.session() as session:
                    self.grid = score_grid(session, self.bloc_id)
                    self.seen = bloc_score_versions(session, self.bloc_id)
                self._load()
            return False
        self.error_label.setText("")
        with self.db.session() as session:
            self.grid = score_grid(session, self.bloc_id)
            self.seen = bloc_score_versions(session, self.bloc_id)
        if changes:
            notify(self, {"blocs"})
        return True

    def _switch(self, _index: int) -> None:
        if self._shown is not None and self.dirty():
            if ask(self, "Lưu điểm vừa nhập của đơn vị trước?") and not self.save():
                self.unit.blockSignals(True)
                set_combo(self.unit, self._shown)
                self.unit.blockSignals(False)
                return
        self._load()

    def accept(self) -> None:
        if self.save():
            super().accept()


class BlocScoresPanel(QWidget):
    changed = Signal()

    def __init__(self, db, bloc_id: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.db, self.bloc_id = db, bloc_id
        self.mode = QComboBox(self)
        for code, text in MODES.items():
            self.mode.addItem(text, code)
        self.mode.setAccessibleName("Loại điểm hiển thị")
        self.mode.currentIndexChanged.connect(lambda _i: self.reload())
        edit = QPushButton("Chấm điểm đơn vị…", self)
        edit.setToolTip("Mở bảng chấm điểm của đơn vị đang chọn (Enter hoặc nhấp đúp)")
        edit.clicked.connect(self.edit_current)
        agree = QPushButton("Lấy điểm tự chấm làm điểm thống nhất", self)
        agree.setToolTip("Cho mọi ô chưa có điểm thống nhất")
        agree.clicked.connect(self.agree_all)
        top = QHBoxLayout()
        top.addWidget(QLabel("Hiển thị:", self))
        top.addWidget(self.mode)
        top.addWidget(edit)
        top.addWidget(agree)
        top.addStretch(1)
        self.note = QLabel("Ô trống: chưa chấm; 0 là điểm. Điểm tự chấm nhập từ tệp «Bảng tự chấm điểm» "
                           "hiện ở đây.", self)
        self.note.setStyleSheet("color: #555;")
        self.layout_ = QVBoxLayout(self)
        self.layout_.addLayout(top)
        self.panel: TablePanel | None = None
        self.layout_.addWidget(self.note)
        self.reload()

    def reload(self) -> None:
        with self.db.session() as session:
            grid = score_grid(session, self.bloc_id)
        which = self.mode.currentData()
        title = f"{MODES[which]} — {grid.name} năm {grid.year}"
        if self.panel is not None:
            search = self.panel.search.text()
            self.layout_.removeWidget(self.panel)
            self.panel.deleteLater()
        else:
            search = ""
        self.panel = TablePanel(title, _columns(grid), self)
        self.panel.row_activated.connect(lambda row: self.edit(row.unit_id))
        self.layout_.insertWidget(1, self.panel, 1)
        self.panel.set_rows(_grid_rows(grid, which))
        if search:
            self.panel.set_search(search)

    def edit_current(self) -> None:
        row = self.panel.current_row() if self.panel else None
        if row is None:
            show_failure(UserError("Chọn đơn vị cần chấm điểm."), self)
            return
        self.edit(row.unit_id)

    def edit(self, unit_id: int) -> None:
        UnitScoreDialog(self.db, self.bloc_id, unit_id, self).exec()
        self.reload()
        self.changed.emit()

    def agree_all(self) -> None:
        if not ask(self, "Lấy điểm tự chấm làm điểm thống nhất ở mọi ô chưa có điểm thống nhất?"):
            return
        with self.db.session() as session:
            agree_with_self(session, self.bloc_id)
        self.reload()
        self.changed.emit()
        notify(self, {"blocs"})
