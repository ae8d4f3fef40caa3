"""Hội đồng Thi đua – Khen thưởng xét hồ sơ: the meeting (date, place, minutes), who attended
(at least 80% of the members must be present; absent members may vote in writing), and the
votes per nominee. The result column shows, as the clerk types the count, whether the nominee
passes: yes votes over the council's FULL membership against the title's threshold (80% for
CSTĐCS and the flags, 90% for CSTĐ cấp tỉnh and toàn quốc).

One meeting covers several dossiers: the dossiers of the year ready for the council are
listed, the one opened ticked; tick the others the council considers at the same session. A
dossier brought in later joins an earlier meeting ("Phiên họp" → that meeting): its date,
attendance and minutes number stay. Saving records the meeting (or adds to it), every vote and
each dossier's move to "Hội đồng đã xét" in one transaction (app/council_session.py); a meeting
without its quorum is refused with the count.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.council import (
    DEFAULT_QUORUM,
    DEFAULT_THRESHOLD,
    ROLES,
    active_members,
    add_member,
    needed_present,
    passes,
    threshold_of,
)
from app.council_session import ReadyDossier, hold_council, meetings_of_year, ready_dossiers
from app.database import Database
from app.rules.base import share_text
from db.models import AwardType, Nominee
from ui.dossier_widgets import MessageBar, ask_text, fill_row, make_table
from ui.ops import Ops

MEMBER_HEADERS = ["Họ tên", "Vai trò", "Chức vụ", "Có mặt", "Bỏ phiếu bằng văn bản"]
VOTE_HEADERS = ["Họ tên / tập thể", "Danh hiệu, hình thức", "Cần", "Đồng ý", "Không đồng ý",
                "Không hợp lệ", "Kết quả"]


@dataclass
class Ballot:
    nominee_id: int
    name: str
    award: str
    threshold: float
    strict: bool


class CouncilDialog(QDialog):
    changed = Signal(object)

    def __init__(self, db: Database, ops: Ops, dossier_id: int, parent: QWidget | None = None,
                 *, today: dt.date | None = None, ticked: list[int] = ()):
        super().__init__(parent)
        self.db, self.ops, self.dossier_id = db, ops, dossier_id
        self.ticked = set(ticked) | {dossier_id}
        self.meetings: list = []
        self.ask = ask_text
        self.ballots: list[Ballot] = []
        self.member_ids: list[int] = []
        self.setWindowTitle("Hội đồng Thi đua – Khen thưởng xét hồ sơ")
        self.resize(980, 680)
        today = today or dt.date.today()
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.held_on = QDateEdit(QDate(today.year, today.month, today.day), self)
        self.held_on.setDisplayFormat("dd/MM/yyyy")
        self.held_on.setCalendarPopup(True)
        self.place = QLineEdit(self)
        self.minutes_ref = QLineEdit(self)
        self.minutes_ref.setPlaceholderText("Ví dụ: 05/BB-HĐTĐKT")
        self.meeting_box = QComboBox(self)
        self.meeting_box.setAccessibleName("Phiên họp")
        self.meeting_box.addItem("Phiên họp mới", None)
        # A meeting's label names its dossiers: long; the box must not widen the dialog.
        self.meeting_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.meeting_box.setMinimumContentsLength(40)
        self.meeting_box.currentIndexChanged.connect(self._meeting_chosen)
        form.addRow("Phiên họp", self.meeting_box)
        form.addRow("Ngày họp", self.held_on)
        form.addRow("Địa điểm", self.place)
        form.addRow("Biên bản số", self.minutes_ref)
        self.dossier_list = QListWidget(self)
        self.dossier_list.setAccessibleName("Hồ sơ đưa ra họp")
        self.dossier_list.setMaximumHeight(90)
        self.dossier_list.itemChanged.connect(lambda _i: self.reload_ballots())
        form.addRow("Hồ sơ đưa ra họp", self.dossier_list)
        layout.addLayout(form)
        layout.addWidget(QLabel("<b>Thành viên Hội đồng</b> (đánh dấu người có mặt):", self))
        self.members = make_table(self, MEMBER_HEADERS, stretch=2)
        self.members.itemChanged.connect(lambda _i: self._update_counts())
        layout.addWidget(self.members, 1)
        row = QHBoxLayout()
        self.quorum = QLabel(self)
        row.addWidget(self.quorum, 1)
        add = QPushButton("Thêm thành viên…", self)
        add.clicked.connect(self.add_member)
        row.addWidget(add)
        layout.addLayout(row)
        layout.addWidget(QLabel("<b>Kết quả bỏ phiếu</b> (tỷ lệ tính trên tổng số thành viên Hội đồng):", self))
        self.votes = make_table(self, VOTE_HEADERS, stretch=0)
        layout.addWidget(self.votes, 1)
        self.message = MessageBar(QLabel(self))
        layout.addWidget(self.message.label)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.save_button.setText("Ghi kết quả Hội đồng")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Hủy")
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.reload()

    # --- reading -----------------------------------------------------------------------------
    def reload(self) -> None:
        def load():
            from db.models import Dossier

            with self.db.session() as session:
                members = [(m.id, m.name, ROLES.get(m.role, m.role), m.position) for m in active_members(session)]
                dossier = session.get(Dossier, self.dossier_id)
                year = dossier.year if dossier else dt.date.today().year
                ready = ready_dossiers(session, year)
                if dossier is not None and all(r.id != dossier.id for r in ready):
                    ready.insert(0, ReadyDossier(dossier.id, dossier.number, "", 0))
                meetings = meetings_of_year(session, year)
                ballots = self._ballots(session, [self.dossier_id])
                return members, ballots, ready, meetings

        self.ops.run(load, on_done=self._show, on_error=self.message.refused, parent=self)

    @staticmethod
    def _ballots(session, dossier_ids: list[int]) -> list[Ballot]:
        ballots = []
        for nid, name, award, number in session.execute(select_nominees(dossier_ids)).all():
            threshold = threshold_of(session, award)
            shown = f"{name} ({number})" if len(dossier_ids) > 1 else name
            ballots.append(Ballot(nid, shown, award.name, threshold,
                                  award.vote_threshold is None and threshold == DEFAULT_THRESHOLD))
        return ballots

    def dossier_ids(self) -> list[int]:
        """The dossiers ticked for this meeting (the one opened first)."""
        ids = [self.dossier_list.item(i).data(256) for i in range(self.dossier_list.count())
               if self.dossier_list.item(i).checkState() == Qt.CheckState.Checked]
        return ids or [self.dossier_id]

    def set_dossier_checked(self, number: str, on: bool = True) -> None:
        for i in range(self.dossier_list.count()):
            if self.dossier_list.item(i).text().startswith(number):
                self.dossier_list.item(i).setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)

    def reload_ballots(self) -> None:
        ids = self.dossier_ids()
        with self.db.session() as session:
            ballots = self._ballots(session, ids)
        self._show_ballots(ballots)

    def _meeting_chosen(self, index: int) -> None:
        """An earlier meeting: its date, place, minutes and attendance stay as recorded."""
        meeting = self.meetings[index - 1] if index > 0 and index - 1 < len(self.meetings) else None
        for widget in (self.held_on, self.place, self.members):
            widget.setEnabled(meeting is None)
        if meeting is not None:
            self.held_on.setDate(QDate(meeting.held_on.year, meeting.held_on.month, meeting.held_on.day))
            self.place.setText(meeting.place)
            self.minutes_ref.setText(meeting.minutes_ref)
            self.quorum.setText(f"Có mặt {meeting.members_present}/{meeting.members_total} thành viên "
                                "(đã ghi ở phiên họp).")

    def choose_meeting(self, meeting_id: int | None) -> None:
        self.meeting_box.setCurrentIndex(max(0, self.meeting_box.findData(meeting_id)))

    def _show(self, loaded) -> None:
        members, ballots, ready, self.meetings = loaded
        self.dossier_list.blockSignals(True)
        self.dossier_list.clear()
        for r in ready:
            text = r.number + (f" — {r.unit}" if r.unit else "") + (f" ({r.nominees} người đạt)" if r.nominees else "")
            item = QListWidgetItem(text)
            item.setData(256, r.id)
            item.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled)
            item.setCheckState(Qt.CheckState.Checked if r.id in self.ticked else Qt.CheckState.Unchecked)
            self.dossier_list.addItem(item)
        self.dossier_list.blockSignals(False)
        if len(self.ticked) > 1:
            ballots = None  # the nominees of every dossier ticked, read below
        self.meeting_box.blockSignals(True)
        while self.meeting_box.count() > 1:
            self.meeting_box.removeItem(1)
        for m in self.meetings:
            self.meeting_box.addItem(m.label, m.id)
        self.meeting_box.blockSignals(False)
        self.members.blockSignals(True)
        self.members.setRowCount(len(members))
        self.member_ids = [m[0] for m in members]
        for row, (mid, name, role, position) in enumerate(members):
            present, written = QTableWidgetItem(), QTableWidgetItem()
            for item in (present, written):
                item.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled)
            present.setCheckState(Qt.CheckState.Checked)
            written.setCheckState(Qt.CheckState.Unchecked)
            fill_row(self.members, row, [name, role, position, present, written], data=mid)
        self.members.blockSignals(False)
        for column, width in enumerate([220, 170, 260, 70]):
            self.members.setColumnWidth(column, width)
        if ballots is None:
            self.reload_ballots()
        else:
            self._show_ballots(ballots)

    def _show_ballots(self, ballots: list[Ballot]) -> None:
        self.ballots = ballots
        self.votes.setRowCount(len(self.ballots))
        self.spins: list[tuple[QSpinBox, QSpinBox, QSpinBox]] = []
        for row, b in enumerate(self.ballots):
            need = ("trên " if b.strict else "từ ") + share_text(b.threshold)
            fill_row(self.votes, row, [b.name, b.award, need, "", "", "", ""], data=b.nominee_id)
            spins = []
            for column in (3, 4, 5):
                spin = QSpinBox(self.votes)
                spin.setRange(0, 999)
                spin.valueChanged.connect(lambda _v: self._update_counts())
                self.votes.setCellWidget(row, column, spin)
                spins.append(spin)
            self.spins.append(tuple(spins))
        for column, width in enumerate([220, 220, 70, 80, 100, 100]):
            self.votes.setColumnWidth(column, width)
        self._update_counts()

    # --- live counts -------------------------------------------------------------------------
    def present_ids(self) -> list[int]:
        return [self.member_ids[r] for r in range(self.members.rowCount())
                if self.members.item(r, 3).checkState() == Qt.CheckState.Checked]

    def written_ids(self) -> list[int]:
        return [self.member_ids[r] for r in range(self.members.rowCount())
                if self.members.item(r, 4).checkState() == Qt.CheckState.Checked]

    def set_present(self, name: str, present: bool) -> None:
        for r in range(self.members.rowCount()):
            if self.members.item(r, 0).text() == name:
                self.members.item(r, 3).setCheckState(Qt.CheckState.Checked if present else Qt.CheckState.Unchecked)

    def set_votes(self, row: int, yes: int, no: int = 0, invalid: int = 0) -> None:
        for spin, value in zip(self.spins[row], (yes, no, invalid), strict=True):
            spin.setValue(value)

    def _update_counts(self) -> None:
        total, present = len(self.member_ids), len(self.present_ids())
        need = needed_present(total, DEFAULT_QUORUM)
        ok = total > 0 and present >= need
        self.quorum.setText(f"Có mặt {present}/{total} thành viên; cần ít nhất {need} "
                            f"({share_text(DEFAULT_QUORUM)}): " + ("đủ điều kiện họp" if ok else "CHƯA ĐỦ"))
        self.quorum.setStyleSheet(f"color:{'#1b6e35' if ok else '#a8001c'};font-weight:bold;")
        for row, b in enumerate(self.ballots):
            yes = self.spins[row][0].value()
            passed = passes(yes, total, b.threshold, b.strict)
            item = QTableWidgetItem(("ĐẠT" if passed else "KHÔNG ĐẠT") + f" ({yes}/{total})")
            item.setForeground(QBrush(QColor("#1b6e35" if passed else "#a8001c")))
            self.votes.setItem(row, 6, item)

    def result_text(self, row: int) -> str:
        return self.votes.item(row, 6).text()

    # --- writing -----------------------------------------------------------------------------
    def add_member(self) -> None:
        name = self.ask(self, "Thành viên Hội đồng", "Họ tên thành viên:")
        if not name:
            return

        def work():
            with self.db.session() as session:
                add_member(session, name)

        self.ops.run(work, on_done=lambda _r: self.reload(), on_error=self.message.refused, parent=self)

    def save(self) -> None:
        held_on = self.held_on.date().toPython()
        present, written = self.present_ids(), self.written_ids()
        counts = [(b.nominee_id, *(s.value() for s in spins)) for b, spins in zip(self.ballots, self.spins, strict=True)]
        place, minutes = self.place.text(), self.minutes_ref.text()
        dossier_ids, meeting_id = self.dossier_ids(), self.meeting_box.currentData()

        def work() -> None:
            with self.db.session() as session:
                self.saved_meeting = hold_council(
                    session, dossier_ids, counts, held_on=held_on, present_ids=present, written_ids=written,
                    place=place, minutes_ref=minutes, meeting_id=meeting_id).id

        def done(_r) -> None:
            self.changed.emit({"dossiers"})
            self.accept()

        self.ops.run(work, on_done=done, on_error=self.message.refused, parent=self)


def select_nominees(dossier_ids: int | list[int]):
    """The dossiers' nominees the council votes on: those approved on appraisal."""
    from sqlalchemy import select

    from db.models import Dossier

    ids = [dossier_ids] if isinstance(dossier_ids, int) else list(dossier_ids)
    return (select(Nominee.id, Nominee.name, AwardType, Dossier.number)
            .join(AwardType, AwardType.id == Nominee.award_type_id)
            .join(Dossier, Dossier.id == Nominee.dossier_id)
            .where(Nominee.dossier_id.in_(ids), Nominee.appraisal == "approved")
            .order_by(Dossier.number, Nominee.seq, Nominee.id))
