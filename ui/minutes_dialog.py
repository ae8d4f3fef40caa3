"""Dialog "Biên bản kiểm phiếu": what the counting minutes state beyond the votes — when the
count began and ended, who sat on the counting board (Ban kiểm phiếu), and per title the
ballots issued, returned and valid — then the minutes printed (app/vote_minutes.py checks the
figures; the dialog shows its Vietnamese refusals as they are).

Loading and saving run on the database worker (ui.ops).
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.errors import UserError

BOARD = {"": "—", "head": "Trưởng ban", "member": "Thành viên"}


class MinutesDialog(QDialog):
    def __init__(self, db, ops, meeting_id: int, parent: QWidget | None = None, *, on_print=None):
        super().__init__(parent)
        self.db, self.ops, self.meeting_id, self.on_print = db, ops, meeting_id, on_print
        self.setWindowTitle("Biên bản kiểm phiếu")
        self.setMinimumWidth(560)
        self.view = None
        self.board: dict[int, QComboBox] = {}
        self.ballots: dict[int, tuple[QSpinBox, QSpinBox, QSpinBox]] = {}
        self.layout_ = QVBoxLayout(self)
        self.heading = QLabel("Đang tải…", self)
        self.heading.setWordWrap(True)
        self.layout_.addWidget(self.heading)
        times = QFormLayout()
        self.started = QLineEdit(self)
        self.ended = QLineEdit(self)
        for box, name in ((self.started, "Giờ bắt đầu"), (self.ended, "Giờ kết thúc")):
            box.setPlaceholderText("giờ:phút, ví dụ 08:00")
            box.setAccessibleName(name)
            box.setMaximumWidth(120)
            times.addRow(name + ":", box)
        self.layout_.addLayout(times)
        self.board_box = QGroupBox("Ban kiểm phiếu (thành viên có mặt)", self)
        self.board_form = QFormLayout(self.board_box)
        self.layout_.addWidget(self.board_box)
        self.ballot_box = QGroupBox("Phiếu bầu từng danh hiệu (phát ra / thu về / hợp lệ)", self)
        self.ballot_form = QFormLayout(self.ballot_box)
        self.layout_.addWidget(self.ballot_box)
        self.error_label = QLabel("", self)
        self.error_label.setStyleSheet("color: #b00020; font-weight: bold;")
        self.error_label.setWordWrap(True)
        self.layout_.addWidget(self.error_label)
        buttons = QDialogButtonBox(self)
        self.save_button = buttons.addButton("Lưu và in", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton("Hủy", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.layout_.addWidget(buttons)
        self.load()

    def load(self) -> None:
        def fetch():
            from sqlalchemy import select

            from app.vote_minutes import minutes_view
            from db.models import CouncilMember, MeetingAttendance

            with self.db.session() as session:
                view = minutes_view(session, self.meeting_id)
                present = [(m.id, m.name, a.counting) for a, m in session.execute(
                    select(MeetingAttendance, CouncilMember)
                    .join(CouncilMember, CouncilMember.id == MeetingAttendance.member_id)
                    .where(MeetingAttendance.meeting_id == self.meeting_id, MeetingAttendance.present)
                    .order_by(CouncilMember.sort_order))]
            return view, present

        self.ops.run(fetch, on_done=self._show, parent=self)

    def _show(self, loaded) -> None:
        view, present = loaded
        self.view = view
        self.heading.setText(f"Phiên họp ngày {view.held_on:%d/%m/%Y}: {view.present}/{view.total} thành viên "
                             f"có mặt, {view.written} phiếu bằng văn bản.")
        self.started.setText(view.started_at)
        self.ended.setText(view.ended_at)
        for member_id, name, role in present:
            box = QComboBox(self)
            for code, label in BOARD.items():
                box.addItem(label, code)
            box.setCurrentIndex(max(box.findData(role), 0))
            box.setAccessibleName(f"Ban kiểm phiếu: {name}")
            self.board[member_id] = box
            self.board_form.addRow(name + ":", box)
        for t in view.titles:
            boxes = []
            for value, what in ((t.issued, "phát ra"), (t.returned, "thu về"), (t.valid, "hợp lệ")):
                spin = QSpinBox(self)
                spin.setRange(0, max(view.total, 1))
                spin.setValue(value)
                spin.setAccessibleName(f"{t.name}: phiếu {what}")
                boxes.append(spin)
            self.ballots[t.award_type_id] = tuple(boxes)
            row = QWidget(self)
            line = QHBoxLayout(row)
            line.setContentsMargins(0, 0, 0, 0)
            for spin, what in zip(boxes, ("Phát ra", "Thu về", "Hợp lệ"), strict=True):
                line.addWidget(QLabel(what + ":", row))
                line.addWidget(spin)
            line.addStretch(1)
            title = QLabel(f"{t.name}\n(đạt khi được {t.rule})", self)
            self.ballot_form.addRow(title, row)

    def accept(self) -> None:
        if self.view is None:
            return
        board = {mid: box.currentData() for mid, box in self.board.items() if box.currentData()}
        ballots = {tid: tuple(s.value() for s in boxes) for tid, boxes in self.ballots.items()}
        started, ended = self.started.text(), self.ended.text()

        def save():
            from app.vote_minutes import save_minutes

            with self.db.session() as session:
                return save_minutes(session, self.meeting_id, started_at=started, ended_at=ended,
                                    board=board, ballots=ballots)

        def saved(_view) -> None:
            super(MinutesDialog, self).accept()
            if self.on_print is not None:
                self.on_print(self.meeting_id)

        def refused(exc: BaseException) -> None:
            if isinstance(exc, UserError):
                self.error_label.setText(exc.message)
            else:
                raise exc

        self.ops.run(save, on_done=saved, on_error=refused, parent=self)
