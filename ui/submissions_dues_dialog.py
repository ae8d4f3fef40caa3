"""Dialog "Hạn nộp, miễn nộp": the dues of a year (what every unit owes and by when, set once
for all units) and, for the chosen due — or for one unit, when opened from the units tab —
each unit's deadline, state and receipt, with the actions on them: record a paper receipt,
give a unit its own deadline, excuse a unit, and undo those.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QSplitter, QVBoxLayout, QWidget

from app.blocs import unit_choices
from app.dues import clear_exemption, clear_override, delete_due, list_dues, set_exemption
from app.errors import UserError
from app.submissions import cancel_receipt, expected_submissions
from ui.cycle_widgets import ask, ask_reason, notify
from ui.ops import show_failure
from ui.submissions_receive_dialog import DeadlineDialog, DueDialog, ReceiveDialog
from ui.table_model import Column, col
from ui.table_panel import TablePanel

STATE_COLORS = {"missing": "#b00020", "late": "#9a5b00", "on_time": "#1b5e20", "exempt": "#777777"}


def _deadline(row) -> str:
    return f"{row.deadline:%d/%m/%Y}" + (" (riêng)" if row.own_deadline else "")


EXPECTED_COLUMNS = [
    col("Đơn vị", "unit", width=28),
    col("Hồ sơ, báo cáo", "title", width=40, stretch=True),
    Column("Hạn nộp", _deadline, width=16, sort=lambda r: r.deadline),
    Column("Tình trạng", lambda r: r.state_text, width=20, color=lambda r: STATE_COLORS.get(r.state)),
    col("Ngày nhận", "received_on", width=10),
    Column("Hình thức", lambda r: r.channel_text, width=10),
    Column("Ghi chú", lambda r: r.exempt_reason or r.override_reason, width=24),
]
DUE_COLUMNS = [
    col("Hồ sơ, báo cáo", "title", width=40, stretch=True),
    col("Hạn chung", "due_on", width=10),
    col("Đơn vị phải nộp", "concerns", width=24),
    col("Phải nộp", "expected", width=6),
    col("Đã nộp", "arrived", width=6),
    col("Nộp muộn", "late", width=6, color=lambda r: "#9a5b00" if r.late else None),
    col("Quá hạn", "missing", width=6, color=lambda r: "#b00020" if r.missing else None),
    col("Được miễn", "exempt", width=6),
    col("Hạn riêng", "overrides", width=6),
]


class DuesDialog(QDialog):
    def __init__(self, db, ops, year: int, *, unit_id: int | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.db, self.ops, self.year, self.unit_id = db, ops, year, unit_id
        self.resize(1200, 720)
        layout = QVBoxLayout(self)
        self.dues: TablePanel | None = None
        if unit_id is None:
            self.setWindowTitle(f"Hạn nộp, miễn nộp — năm {year}")
            self.dues = TablePanel(f"Yêu cầu nộp năm {year}", DUE_COLUMNS, self)
            self.dues.add_action("Thêm", self.add_due, tooltip="Thêm yêu cầu nộp của năm")
            self.dues.add_action("Sửa", self.edit_due, tooltip="Sửa yêu cầu đang chọn (Enter)")
            self.dues.add_action("Xóa", self.remove_due, tooltip="Xóa yêu cầu (khi chưa đơn vị nào nộp)")
            self.dues.row_activated.connect(lambda _row: self.edit_due())
            self.dues.selection_changed.connect(self.load_expected)
        else:
            with db.session() as session:
                name = next(u.name for u in unit_choices(session, include_inactive=True, keep=[unit_id])
                            if u.id == unit_id)
            self.setWindowTitle(f"Hồ sơ phải nộp năm {year} — {name}")
        self.expected = TablePanel("Tình hình nộp", EXPECTED_COLUMNS, self)
        for text, slot, tip in (
                ("Ghi nhận đã nhận…", self.receive, "Hồ sơ nhận bản giấy hoặc qua thư điện tử"),
                ("Hủy ghi nhận", self.undo_receive, "Hủy ghi nhận bằng tay nhập nhầm"),
                ("Hạn riêng…", self.own_deadline, "Gia hạn (hoặc đặt hạn khác) cho đơn vị đang chọn"),
                ("Bỏ hạn riêng", self.drop_deadline, "Trở về hạn chung"),
                ("Miễn nộp…", self.exempt, "Miễn nộp cho đơn vị đang chọn (ghi lý do)"),
                ("Bỏ miễn", self.unexempt, "Đơn vị lại phải nộp")):
            self.expected.add_action(text, slot, tooltip=tip)
        self.expected.row_activated.connect(lambda _row: self.receive())
        if self.dues is not None:
            split = QSplitter(Qt.Orientation.Vertical, self)
            split.addWidget(self.dues)
            split.addWidget(self.expected)
            split.setSizes([260, 440])
            layout.addWidget(split, 1)
        else:
            layout.addWidget(self.expected, 1)
            from ui.inspections_tab import UnitInspectionsPanel

            layout.addWidget(UnitInspectionsPanel(db, unit_id, self), 0)  # the unit's inspections
        hint = QLabel("Hạn nộp tính theo ngày: nộp trong ngày hết hạn vẫn là đúng hạn.", self)
        hint.setStyleSheet("color: #555;")
        layout.addWidget(hint)
        buttons = QDialogButtonBox(self)
        buttons.addButton("Đóng", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.reload()

    # --- loading -----------------------------------------------------------------------------
    def reload(self) -> None:
        if self.dues is not None:
            current = self.dues.current_row()
            with self.db.session() as session:
                self.dues.set_rows(list_dues(session, self.year))
            rows = self.dues.rows()
            target = next((i for i, r in enumerate(self.dues.shown_rows()) if current and r.id == current.id), 0)
            if rows:
                self.dues.table.selectRow(target)
        self.load_expected()

    def load_expected(self) -> None:
        due = self.dues.current_row() if self.dues is not None else None
        if self.dues is not None and due is None:
            self.expected.set_rows([])
            return
        with self.db.session() as session:
            rows = expected_submissions(session, self.year, unit_id=self.unit_id,
                                        due_id=due.id if due is not None else None)
        self.expected.title = f"Tình hình nộp — {due.title}" if due is not None else self.windowTitle()
        self.expected.set_rows(rows)

    def _changed(self) -> None:
        self.reload()
        notify(self, {"submissions"})

    def _row(self):
        row = self.expected.current_row()
        if row is None:
            show_failure(UserError("Chọn một dòng trong bảng tình hình nộp."), self)
        return row

    def _do(self, fn) -> None:
        try:
            with self.db.session() as session:
                fn(session)
        except UserError as exc:
            show_failure(exc, self)
            return
        self._changed()

    # --- dues --------------------------------------------------------------------------------
    def add_due(self) -> None:
        if DueDialog(self.db, self.year, parent=self).exec():
            self._changed()

    def edit_due(self) -> None:
        due = self.dues.current_row()
        if due is not None and DueDialog(self.db, self.year, due.id, parent=self).exec():
            self._changed()

    def remove_due(self) -> None:
        due = self.dues.current_row()
        if due is not None and ask(self, f"Xóa yêu cầu «{due.title}»?"):
            self._do(lambda s: delete_due(s, due.id))

    # --- one unit × one due --------------------------------------------------------------------
    def receive(self) -> None:
        row = self.expected.current_row()
        dialog = ReceiveDialog(self.db, self.year, row.unit_id if row else self.unit_id,
                               row.due_id if row else None, parent=self)
        if dialog.exec():
            self._changed()

    def undo_receive(self) -> None:
        row = self._row()
        if row is None or row.submission_id is None:
            return
        if ask(self, f"Hủy ghi nhận «{row.title}» của {row.unit} (nhận ngày {row.received_on:%d/%m/%Y})?"):
            self._do(lambda s: cancel_receipt(s, row.submission_id))

    def own_deadline(self) -> None:
        row = self._row()
        if row is not None and DeadlineDialog(self.db, row.due_id, row.unit_id, row.unit, row.deadline,
                                              parent=self).exec():
            self._changed()

    def drop_deadline(self) -> None:
        row = self._row()
        if row is not None and row.own_deadline:
            self._do(lambda s: clear_override(s, row.due_id, row.unit_id))

    def exempt(self) -> None:
        row = self._row()
        if row is None:
            return
        reason = ask_reason(self, "Miễn nộp", f"Lý do miễn nộp «{row.title}» cho {row.unit}:", row.exempt_reason)
        if reason is not None:
            self._do(lambda s: set_exemption(s, row.due_id, row.unit_id, reason))

    def unexempt(self) -> None:
        row = self._row()
        if row is not None and row.exempt:
            self._do(lambda s: clear_exemption(s, row.due_id, row.unit_id))
