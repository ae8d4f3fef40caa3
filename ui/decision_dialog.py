"""Ra quyết định khen thưởng: the list comes from the approved nominees; the clerk types only
the number, the date and the signer (prefilled from the office profile). The money of each
line is shown as it will be paid (base salary in force on the date typed, rounded up to
10,000 đồng, the highest title only), and those left out are listed with why.

An award beyond the powers of the office's authority on the date (app.powers) is left out of
the list, and one click moves all such approved nominees into a dossier forwarded upward with
the tờ trình number typed beside the button; the higher decision is recorded on it later.

With `external=True` the same dialog records a higher authority's decision on a forwarded
dossier: the issuer is typed, and the clerk ticks the nominees the decision names.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Qt, Signal
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
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.database import Database
from app.decisions import (
    DecisionDraft,
    DecisionInput,
    decidable_dossiers,
    draft_decision,
    draft_external,
    issue_decision,
    record_external_decision,
)
from app.errors import ValidationError
from app.office import get_profile
from app.powers import forward_beyond_powers
from ui.dossier_widgets import MessageBar, fill_row, make_table
from ui.ops import Ops
from ui.table_model import money

HEADERS = ["Số", "Họ tên / tập thể", "Đơn vị", "Danh hiệu, hình thức", "Năm", "Tiền thưởng (đ)", "Ghi chú"]


class DecisionDialog(QDialog):
    changed = Signal(object)

    def __init__(self, db: Database, ops: Ops, dossier_ids: list[int], *, external: bool = False,
                 parent: QWidget | None = None, today: dt.date | None = None):
        super().__init__(parent)
        self.db, self.ops, self.dossier_ids, self.external = db, ops, list(dossier_ids), external
        self.draft: DecisionDraft | None = None
        self.decision_id: int | None = None
        self.setWindowTitle("Ghi quyết định của cấp trên" if external else "Ra quyết định khen thưởng")
        self.resize(1050, 640)
        today = today or dt.date.today()
        self.today = today  # a decision dated after it is refused (app.decisions.check_decision_date)
        with db.session() as session:
            profile = get_profile(session)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.number = QLineEdit(self)
        self.number.setPlaceholderText(f"Ví dụ: 123/QĐ-{profile.authority_short or 'UBND'}")
        self.issued_on = QDateEdit(QDate(today.year, today.month, today.day), self)
        self.issued_on.setDisplayFormat("dd/MM/yyyy")
        self.issued_on.setCalendarPopup(True)
        self.issuer = QLineEdit("" if external else profile.authority_name, self)
        self.issuer.setReadOnly(not external)
        self.signer_name = QLineEdit("" if external else profile.signer_name, self)
        self.signer_title = QLineEdit("CHỦ TỊCH" if external else profile.signer_title, self)
        self.sign_mode = QComboBox(self)
        # Awards are the chairman's own power (Law 2022 Art. 80): he signs in his own name, not "TM."
        self.sign_mode.addItem("Chủ tịch ký", "TM")
        self.sign_mode.addItem("KT. (ký thay)", "KT")
        self.sign_mode.currentIndexChanged.connect(self._mode_changed)
        self._profile = profile
        self.legal_basis = QLineEdit(self)
        self.legal_basis.setPlaceholderText("Để trống: nghị định đang áp dụng theo ngày ký")
        for label, widget in [("Số quyết định", self.number), ("Ngày ký", self.issued_on),
                              ("Cơ quan ban hành", self.issuer), ("Người ký", self.signer_name),
                              ("Chức vụ người ký", self.signer_title), ("Hình thức ký", self.sign_mode),
                              ("Căn cứ", self.legal_basis)]:
            form.addRow(label, widget)
        self.dossier_list = QListWidget(self)
        self.dossier_list.setAccessibleName("Hồ sơ trong quyết định")
        self.dossier_list.setMaximumHeight(90)
        if not external:  # one decision for several dossiers: tick those it takes
            form.addRow("Hồ sơ trong quyết định", self.dossier_list)
            self._fill_dossiers()
            self.dossier_list.itemChanged.connect(self._dossiers_ticked)
        layout.addLayout(form)
        self.lines = make_table(self, HEADERS, stretch=6)
        layout.addWidget(self.lines, 1)
        self.total = QLabel(self)
        self.left_out = QLabel(self)
        self.left_out.setWordWrap(True)
        self.left_out.setStyleSheet("color:#7a4f00;")
        layout.addWidget(self.total)
        layout.addWidget(self.left_out)
        # Required documents a dossier lacks: the law leaves the decision to the office, so this
        # warns and never blocks the signature.
        self.documents_note = QLabel(self)
        self.documents_note.setWordWrap(True)
        self.documents_note.setStyleSheet("color:#b00020;")
        layout.addWidget(self.documents_note)
        # Awards beyond the authority's powers: forwarded upward in one step, with a tờ trình.
        self.forward_ref = QLineEdit(self)
        self.forward_ref.setPlaceholderText(f"Số tờ trình, ví dụ 45/TTr-{profile.authority_short or 'UBND'}")
        self.forward_ref.setAccessibleName("Số tờ trình trình cấp trên")
        self.forward_button = QPushButton(self)
        self.forward_button.clicked.connect(self.forward)
        forward_row = QHBoxLayout()
        self.forward_ref.setMinimumWidth(260)
        forward_row.addWidget(self.forward_ref, 1)
        forward_row.addWidget(self.forward_button, 2)
        self.forward_box = QWidget(self)
        self.forward_box.setLayout(forward_row)
        self.forward_box.setVisible(False)
        layout.addWidget(self.forward_box)
        self.message = MessageBar(QLabel(self))
        layout.addWidget(self.message.label)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.sign_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.sign_button.setText("Ghi quyết định vào sổ" if external else "Ký và vào sổ khen thưởng")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Hủy")
        buttons.accepted.connect(self.sign)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.issued_on.dateChanged.connect(lambda _d: self.refresh())
        self.refresh()
        self.number.setFocus()

    def _fill_dossiers(self) -> None:
        from db.models import Dossier

        with self.db.session() as session:
            first = session.get(Dossier, self.dossier_ids[0]) if self.dossier_ids else None
            year = first.year if first else dt.date.today().year
            rows = decidable_dossiers(session, year)
        for r in rows:
            item = QListWidgetItem(f"{r.number} — {r.unit} ({r.status})")
            item.setData(256, r.id)
            item.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled)
            item.setCheckState(Qt.CheckState.Checked if r.id in self.dossier_ids else Qt.CheckState.Unchecked)
            self.dossier_list.addItem(item)

    def set_dossier_checked(self, number: str, on: bool = True) -> None:
        for i in range(self.dossier_list.count()):
            if self.dossier_list.item(i).text().startswith(number):
                self.dossier_list.item(i).setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)

    def _dossiers_ticked(self, _item=None) -> None:
        ticked = [self.dossier_list.item(i).data(256) for i in range(self.dossier_list.count())
                  if self.dossier_list.item(i).checkState() == Qt.CheckState.Checked]
        if ticked:
            self.dossier_ids = ticked
            self.refresh()

    def _mode_changed(self) -> None:
        if self.external:
            return
        deputy = self.sign_mode.currentData() == "KT"
        p = self._profile
        self.signer_name.setText(p.deputy_signer_name if deputy else p.signer_name)
        self.signer_title.setText(p.deputy_signer_title if deputy else p.signer_title)

    def refresh(self) -> None:
        """The list and money for the date typed (base salary in force that day)."""
        day = self.issued_on.date().toPython()

        def load() -> DecisionDraft:
            with self.db.session() as session:
                if self.external:
                    return draft_external(session, self.dossier_ids[0], day)
                return draft_decision(session, self.dossier_ids, day)

        self.ops.run(load, on_done=self._show, on_error=self.message.refused, parent=self)

    def _show(self, draft: DecisionDraft) -> None:
        self.draft = draft
        self.lines.setRowCount(len(draft.lines))
        for row, line in enumerate(draft.lines):
            fill_row(self.lines, row, [str(line.book_no), line.name, line.unit, line.award_name,
                                       str(line.year), money(line.money), line.note], data=line.nominee_id)
            self.lines.item(row, 5).setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            if self.external:
                item: QTableWidgetItem = self.lines.item(row, 0)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(Qt.CheckState.Checked)
        for column, width in enumerate([40, 200, 200, 220, 50, 110]):
            self.lines.setColumnWidth(column, width)
        base = f"mức lương cơ sở {money(draft.base_salary)} đ; " if draft.base_salary else ""
        self.total.setText(f"<b>{len(draft.lines)} người/tập thể; {base}tổng tiền thưởng "
                           f"{money(draft.total)} đ</b>")
        # Each one named with its award (a person may be in the list for another award).
        self.left_out.setText("Chưa đưa vào quyết định: " + "; ".join(
            f"{s.name} — {s.award} ({s.reason})" for s in draft.skipped)
            if draft.skipped else "")
        self.documents_note.setText(
            "Cảnh báo: " + " ".join(draft.documents_missing) + " Vẫn ký được quyết định; hãy bổ sung hoặc "
            "ghi rõ lý do trong hồ sơ." if draft.documents_missing else "")
        self.forward_box.setVisible(bool(draft.beyond) and not self.external)
        self.forward_button.setText(f"Chuyển {len(draft.beyond)} đề nghị vượt thẩm quyền sang tờ trình gửi "
                                    f"{self._profile.superior_name or 'cấp trên'}")

    def forward(self) -> None:
        """Move the approved nominees beyond the authority's powers into a forwarded dossier."""
        ref, day, to = self.forward_ref.text(), self.issued_on.date().toPython(), self._profile.superior_name

        def work() -> list[str]:
            with self.db.session() as session:
                return [d.number for d in forward_beyond_powers(session, self.dossier_ids, ref, day, to)]

        def done(numbers: list[str]) -> None:
            self.changed.emit({"dossiers"})
            self.refresh()
            self.message.done(f"Đã chuyển sang hồ sơ trình cấp trên: {', '.join(numbers)}.")

        def refused(exc: BaseException) -> None:
            self.message.refused(exc)
            self.forward_ref.setFocus()

        self.ops.run(work, on_done=done, on_error=refused, parent=self)

    def chosen(self) -> list[int]:
        """The nominees ticked (external decisions)."""
        ids = []
        for row in range(self.lines.rowCount()):
            item = self.lines.item(row, 0)
            if item.checkState() == Qt.CheckState.Checked:
                ids.append(item.data(Qt.ItemDataRole.UserRole))
        return ids

    def decision_input(self) -> DecisionInput:
        if not self.number.text().strip():
            raise ValidationError("Chưa nhập số quyết định (ví dụ 123/QĐ-UBND).", field="number")
        return DecisionInput(number=self.number.text(), issued_on=self.issued_on.date().toPython(),
                             signer_name=self.signer_name.text(), signer_title=self.signer_title.text(),
                             sign_mode=self.sign_mode.currentData(), legal_basis=self.legal_basis.text())

    def sign(self) -> None:
        try:
            data = self.decision_input()
        except ValidationError as exc:
            self._refused(exc)
            return
        issuer, chosen = self.issuer.text(), self.chosen() if self.external else None

        def work() -> tuple[int, str, int]:
            with self.db.session() as session:
                if self.external:
                    decision = record_external_decision(session, self.dossier_ids[0], data, issuer, chosen,
                                                        today=self.today)
                else:
                    decision = issue_decision(session, self.dossier_ids, data, today=self.today)
                return decision.id, decision.number, len(decision.awards)

        self.ops.run(work, on_done=self._signed, on_error=self._refused, parent=self)

    def _signed(self, result: tuple[int, str, int]) -> None:
        self.decision_id = result[0]
        self.changed.emit({"dossiers", "ledger", "awards"})
        self.accept()

    def _refused(self, exc: BaseException) -> None:
        self.message.refused(exc)
        if getattr(exc, "field", None) == "issued_on":
            self.issued_on.setFocus()
            return
        if getattr(exc, "field", None) == "number" or "Số quyết định" in str(exc):
            self.number.setFocus()
            self.number.selectAll()
