"""Cửa sổ hồ sơ: one dossier opened from the dossiers tab (double-click).

Header (number, unit, category, authority, dates, deadline, state); three pages — the nominees
with their eligibility verdict and reasons (colour and text, the article of law beside each;
under them, what the unit registered at the start of the year against what it proposes),
appraisal buttons and public-notice feedback; the documents checklist with scans; the history
of every step — and, at the bottom, the moves the dossier can make from where it stands.

Everything read or written goes through `app/` on the database worker (ui/ops.py); a refusal
shows its Vietnamese message in the red bar at the bottom.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app.conflicts import expect, seen_versions
from app.database import Database
from app.dossier_view import DossierDetail, dossier_detail, keep_verdicts
from app.dossiers import NEEDS_REASON, TRANSITIONS, move_dossier
from app.errors import UserError
from app.nominees import appraise, record_feedback, withdraw_nominee
from app.rules import FAILS
from app.states import COUNCIL_READY, FROZEN, SIGNED
from db.models import Dossier, Nominee
from ui.dossier_documents_page import DocumentsPage
from ui.dossier_widgets import (
    APPRAISAL_COLORS,
    MessageBar,
    ask_text,
    fill_row,
    make_table,
    pick_item,
    reasons_html,
    row_data,
    verdict_item,
)
from ui.ops import Ops

NOMINEE_HEADERS = ["STT", "Họ tên / tập thể", "Danh hiệu, hình thức đề nghị", "Điều kiện",
                   "Thẩm định", "Bỏ phiếu", "Ghi chú"]
HISTORY_HEADERS = ["Thời gian", "Người thực hiện", "Từ", "Sang", "Lý do, ghi chú"]


def registration_html(warnings: list[dict]) -> str:
    """Registered versus proposed, under the eligibility reasons: a warning in amber — it does
    not decide the verdict, the clerk weighs it when appraising."""
    if not warnings:
        return ""
    lines = "".join(f"<div style='margin-bottom:4px'><span style='color:#7a4f00;font-weight:bold'>⚠</span> "
                    f"<span style='color:#7a4f00'>{escape(w.get('message', ''))}</span></div>"
                    for w in warnings)
    return "<hr><b>Đăng ký thi đua đầu năm</b>" + lines


def deadline_text(detail: DossierDetail) -> tuple[str, str]:
    """("18/12/2025 (còn 3 ngày)", colour): whole local days, the due day itself still on time."""
    if detail.due_on is None:
        return "—", "#333333"
    text = f"{detail.due_on:%d/%m/%Y}"
    left = detail.days_left
    if left is None:
        return text, "#333333"
    if left < 0:
        return f"{text} (quá hạn {-left} ngày)", "#a8001c"
    if left == 0:
        return f"{text} (hôm nay là hạn cuối)", "#7a4f00"
    return f"{text} (còn {left} ngày)", "#1b6e35" if left > 3 else "#7a4f00"


# The sub-tab of «Hồ sơ thi đua» (person) or «Xếp loại, kỷ luật» (unit) listing each kind of fact.
FACT_SUBTABS = {"person_rating": ("Xếp loại",), "unit_rating": ("Xếp loại, hoàn thành nhiệm vụ",),
                "initiative": ("Sáng kiến, đề tài",), "discipline": ("Kỷ luật",),
                "investigation": ("Thanh tra, khiếu nại",)}


class DossierDialog(QDialog):
    changed = Signal(object)  # the areas a write touched, for the main window

    def __init__(self, db: Database, ops: Ops, dossier_id: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.db, self.ops, self.dossier_id = db, ops, dossier_id
        self.detail: DossierDetail | None = None
        self.seen: dict = {}  # versions of the dossier and its nominees as shown (app.conflicts)
        self.ask = ask_text  # tests replace the question with an answer
        self.unsaved: dict[tuple, str] = {}  # what the clerk typed for a save that was refused
        self.pick = pick_item  # the same for a choice among items
        self.setWindowTitle("Hồ sơ đề nghị khen thưởng")
        self.resize(1180, 760)
        self._build()
        self.reload()

    # --- layout ------------------------------------------------------------------------------
    def _build(self) -> None:
        layout = QVBoxLayout(self)
        self.title_label = QLabel(self)
        font = QFont(self.font())
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.title_label.setFont(font)
        layout.addWidget(self.title_label)
        grid = QGridLayout()
        self.fields: dict[str, QLabel] = {}
        names = [("unit", "Đơn vị đề nghị"), ("status", "Trạng thái"), ("category", "Loại hồ sơ"),
                 ("received", "Ngày tiếp nhận"), ("authority", "Thẩm quyền"), ("due", "Hạn xử lý"),
                 ("proposal", "Tờ trình của đơn vị"), ("notice", "Công khai"),
                 ("forward", "Trình cấp trên"), ("missing", "Còn thiếu")]
        for i, (key, caption) in enumerate(names):
            label = QLabel(self)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            label.setWordWrap(True)
            self.fields[key] = label
            grid.addWidget(QLabel(f"<b>{caption}:</b>", self), i // 2, (i % 2) * 2)
            grid.addWidget(label, i // 2, (i % 2) * 2 + 1)
        # The kind of dossier is corrected here (a list read as year-end that is a sudden one).
        category = self.fields["category"]
        category.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                         | Qt.TextInteractionFlag.LinksAccessibleByMouse)
        category.linkActivated.connect(lambda _link: self.change_category())
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        layout.addLayout(grid)

        self.pages = QTabWidget(self)
        self.pages.addTab(self._nominees_page(), "Người/tập thể được đề nghị")
        self.documents_page = DocumentsPage(self)
        self.documents = self.documents_page.table
        self.pages.addTab(self.documents_page, "Thành phần hồ sơ")
        self.history = make_table(self, HISTORY_HEADERS, stretch=4)
        self.pages.addTab(self.history, "Quá trình xử lý")
        layout.addWidget(self.pages, 1)

        self.message = MessageBar(QLabel(self))
        layout.addWidget(self.message.label)
        self.moves_row = QHBoxLayout()
        layout.addLayout(self.moves_row)

    def _nominees_page(self) -> QWidget:
        page = QWidget(self)
        box = QVBoxLayout(page)
        split = QSplitter(Qt.Orientation.Vertical, page)
        self.nominees = make_table(page, NOMINEE_HEADERS, stretch=3)
        self.nominees.currentCellChanged.connect(lambda *_: self._show_reasons())
        self.reasons = QTextBrowser(page)
        self.reasons.setOpenLinks(False)
        self.reasons.anchorClicked.connect(lambda url: self.open_fact(url.toString()))
        split.addWidget(self.nominees)
        split.addWidget(self.reasons)
        split.setSizes([420, 180])
        box.addWidget(split, 1)
        buttons = QHBoxLayout()
        self.nominee_buttons = {}
        for key, text, slot in [
            ("approve", "Đạt", lambda: self.appraise_selected("approved")),
            ("reject", "Không đạt…", lambda: self.appraise_selected("rejected")),
            ("more", "Cần bổ sung…", lambda: self.appraise_selected("returned")),
            ("withdraw", "Rút khỏi hồ sơ…", self.withdraw_selected),
            ("feedback", "Ý kiến khi công khai…", self.feedback_selected),
            ("export", "Xuất danh sách công khai…", self.export_notice),
            ("print_notice", "In công khai…", self.print_notice),
            ("history", "Lịch sử khen thưởng…", self.open_history),
            ("person", "Cùng người?…", self.confirm_person_selected),
            ("add", "Thêm người đề nghị…", self.open_add_nominees),
        ]:
            button = QPushButton(text, page)
            button.clicked.connect(slot)
            buttons.addWidget(button)
            self.nominee_buttons[key] = button
        self.nominee_buttons["person"].setToolTip("Người được đề nghị chưa nối với cá nhân nào (gần giống người "
                                                  "đã có): xác nhận cùng người hay người mới")
        self.nominee_buttons["print_notice"].setToolTip("In thông báo công khai kèm danh sách những người, "
                                                        "tập thể được thẩm định “Đạt”")
        buttons.addStretch(1)
        box.addLayout(buttons)
        return page

    # --- reading -----------------------------------------------------------------------------
    def reload(self) -> None:
        def load() -> DossierDetail:
            with self.db.session() as session:
                detail = dossier_detail(session, self.dossier_id)
                self.seen = (seen_versions(session, Dossier, [detail.id])
                             | seen_versions(session, Nominee, [n.id for n in detail.nominees]))
                return detail

        self.ops.run(load, on_done=self._show, on_error=self.message.refused, parent=self)

    def _show(self, d: DossierDetail) -> None:
        self.detail = d
        self.setWindowTitle(f"Hồ sơ {d.number} — {d.unit}")
        self.title_label.setText(f"Hồ sơ {d.number}: {d.title or 'đề nghị khen thưởng năm ' + str(d.year)}")
        f = self.fields
        f["unit"].setText(d.unit)
        f["status"].setText(f"<b>{d.status_text}</b>")
        editable = d.status not in FROZEN and d.status not in SIGNED and d.status != "voted"
        f["category"].setText(f"{escape(d.category_text)} — năm thành tích {d.year}"
                              + (" <a href='category'>đổi loại…</a>" if editable else ""))
        f["received"].setText(f"{d.received_on:%d/%m/%Y}")
        f["authority"].setText(d.authority_text + (f" ({d.forwarded_to})" if d.forwarded_to else ""))
        due, color = deadline_text(d)
        f["due"].setText(f"<span style='color:{color}'>{due}</span>")
        f["proposal"].setText(d.proposal_ref or "—")
        f["notice"].setText(f"từ {d.notice_from:%d/%m/%Y} đến {d.notice_to:%d/%m/%Y}"
                            + (f" tại {d.notice_note}" if d.notice_note else "")
                            if d.notice_from and d.notice_to else "—")
        f["forward"].setText(f"Tờ trình {d.forward_ref} ngày {d.forwarded_on:%d/%m/%Y}"
                             if d.forward_ref and d.forwarded_on else "—")
        f["missing"].setText(f"<span style='color:#a8001c'>{'; '.join(d.missing)}</span>"
                             if d.missing else "<span style='color:#1b6e35'>Đủ thành phần bắt buộc</span>")
        self._fill_nominees(d)
        self.documents_page.fill(d)
        self._fill_history(d)
        self._fill_moves(d)

    def _fill_nominees(self, d: DossierDetail) -> None:
        keep = row_data(self.nominees)
        table = self.nominees
        table.setRowCount(len(d.nominees))
        for row, n in enumerate(d.nominees):
            shown_note = n.appraisal_note and n.appraisal_note not in n.appraisal_text  # an override says it
            appraisal = n.appraisal_text + (f": {n.appraisal_note}" if shown_note else "")
            notes = "; ".join(x for x in [n.feedback and f"Ý kiến: {n.feedback}",
                                          *[w.get("message", "") for w in n.warnings],
                                          *[f"⚠ {w['message']}" for w in n.registration]] if x)
            fill_row(table, row, [str(n.seq), f"{n.name}" + (f" ({n.subject})" if n.kind != "individual" else ""),
                                  n.award, verdict_item(n.verdict, n.verdict_text, n.reasons),
                                  appraisal, n.vote, notes], data=n.id)
            color = APPRAISAL_COLORS.get(n.appraisal)
            if color:
                table.item(row, 4).setForeground(QBrush(QColor(color)))
            if n.appraisal == "withdrawn":
                struck = QFont(table.font())
                struck.setStrikeOut(True)
                for c in range(table.columnCount()):
                    table.item(row, c).setFont(struck)
            table.item(row, 4).setToolTip(appraisal)
            table.item(row, 6).setToolTip(notes.replace("; ", "\n"))
        for column, width in enumerate([40, 200, 190, 330, 130, 150]):
            table.setColumnWidth(column, width)
        ids = [n.id for n in d.nominees]
        table.selectRow(ids.index(keep) if keep in ids else 0)
        self._show_reasons()

    def confirm_person_selected(self, choose=None) -> None:
        """Who an unlinked individual is: one of the near matches, or a new person."""
        from app.nominee_people import candidates, confirm_person
        from db.models import Nominee

        nominee = self.selected_nominee()
        if nominee is None or nominee.kind != "individual" or nominee.person_id is not None:
            self.message.done("Người này đã nối với một cá nhân (hoặc là tập thể): không cần xác nhận.")
            return
        with self.db.session() as session:
            found = candidates(session, session.get(Nominee, nominee.id))
            born = session.get(Nominee, nominee.id).birth_year
        if choose is None:
            from ui.person_choice_dialog import PersonChoiceDialog

            dialog = PersonChoiceDialog(nominee.name, born, found, self)
            if not dialog.exec():
                return
            person_id = dialog.chosen()
        else:
            person_id = choose(found)  # tests answer here
        self._write(lambda s: confirm_person(s, nominee.id, person_id),
                    f"Đã xác nhận: {nominee.name} " + ("là người mới." if person_id is None else "cùng người đã có."),
                    areas={"dossiers", "people"})

    def _show_reasons(self) -> None:
        nominee = self.selected_nominee()
        if nominee is not None:
            unlinked = nominee.kind == "individual" and nominee.person_id is None
            self.nominee_buttons["person"].setEnabled(unlinked and nominee.appraisal != "withdrawn")
        if nominee is None:
            self.reasons.setHtml("<i>Chọn một người để xem lý do.</i>")
            return
        head = (f"<b>{nominee.name}</b> — {nominee.award}: <b>{nominee.verdict_text or 'chưa xét'}</b>"
                + (f"<br>Thành tích: {nominee.achievement}" if nominee.achievement else ""))
        if nominee.appraisal == "approved" and nominee.verdict == FAILS:  # the override and its reason
            head += f"<br><span style='color:#b00020'>Thẩm định: {escape(nominee.appraisal_text)}</span>"
        self.reasons.setHtml(head + "<hr>" + reasons_html(nominee.reasons)
                             + registration_html(nominee.registration))

    def _fill_history(self, d: DossierDetail) -> None:
        from app.dossiers import STATUSES

        self.history.setRowCount(len(d.history))
        for row, e in enumerate(reversed(d.history)):
            fill_row(self.history, row, [f"{e.at:%d/%m/%Y %H:%M}" if e.at else "", e.user,
                                         STATUSES.get(e.from_status, e.from_status),
                                         STATUSES.get(e.to_status, e.to_status), e.reason])
        for column, width in enumerate([120, 130, 150, 150]):
            self.history.setColumnWidth(column, width)

    def _fill_moves(self, d: DossierDetail) -> None:
        while self.moves_row.count():
            item = self.moves_row.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        self.move_buttons: dict[str, QPushButton] = {}
        allowed = TRANSITIONS.get(d.status, ())
        actions = [(s, f"→ {name}", lambda _c=False, s=s: self.move(s)) for s, name in d.moves]
        if d.status in COUNCIL_READY:
            actions.append(("council", "Hội đồng xét…", self.open_council))
        if "noticed" in allowed:
            actions.append(("noticed", "Công khai danh sách…", self.open_notice))
        if "forwarded" in allowed:
            actions.append(("forwarded", "Trình cấp trên…", self.open_forward))
        if "decided" in allowed:  # a partly decided dossier: the next decision, the forwarding
            actions.append(("decided", "Ghi quyết định cấp trên…" if d.status == "forwarded"
                            else "Ra quyết định…", self.open_decision))
        for key, text, slot in actions:
            button = QPushButton(text, self)
            button.clicked.connect(slot)
            self.moves_row.addWidget(button)
            self.move_buttons[key] = button
        self.moves_row.addStretch(1)
        close = QPushButton("Đóng", self)
        close.clicked.connect(self.accept)
        self.moves_row.addWidget(close)
        editable = d.status in ("received", "appraising", "appraised", "noticed")
        for key in ("approve", "reject", "more", "withdraw", "add"):
            self.nominee_buttons[key].setEnabled(editable)
        self.nominee_buttons["feedback"].setEnabled(d.status == "noticed")

    # --- selection ---------------------------------------------------------------------------
    def selected_nominee(self):
        nid = row_data(self.nominees)
        if self.detail is None or nid is None:
            return None
        return next((n for n in self.detail.nominees if n.id == nid), None)

    def select_nominee(self, name: str) -> None:
        """Select the first nominee of that name (tests, and the history dialog's return)."""
        for row in range(self.nominees.rowCount()):
            if self.nominees.item(row, 1).text().startswith(name):
                self.nominees.selectRow(row)
                return

    # --- writing -----------------------------------------------------------------------------
    def _write(self, fn, done: str, areas=frozenset({"dossiers"}), typed: tuple | None = None) -> None:
        """`typed`: (key, text) the clerk typed for this save; refused, the text is quoted in
        the message and kept, offered again the next time they are asked for it (t25)."""
        def work() -> None:
            with self.db.session() as session:
                expect(session, self.seen)  # a change made elsewhere since it showed: refused
                fn(session)
                keep_verdicts(session, self.dossier_id)  # the list's column follows the work

        def ok(_result) -> None:
            if typed:
                self.unsaved.pop(typed[0], None)
            self.reload()
            self.message.done(done)
            self.changed.emit(set(areas))

        def refused(exc: BaseException) -> None:
            if typed and typed[1] and isinstance(exc, UserError):
                self.unsaved[typed[0]] = typed[1]
                exc.message += (f"\nNội dung anh/chị đã gõ (chưa lưu, được giữ lại để dùng khi làm lại): "
                                f"«{typed[1]}»")
            self.message.refused(exc)

        self.ops.run(work, on_done=ok, on_error=refused, parent=self)

    def _ask_kept(self, key: tuple, title: str, label: str) -> str | None:
        """Ask for a reason, offering what the clerk typed for a save that was refused."""
        kept = self.unsaved.get(key, "")
        return self.ask(self, title, label, kept) if kept else self.ask(self, title, label)

    def move(self, to: str) -> None:
        from app.dossiers import STATUSES

        reason = ""
        if to in NEEDS_REASON or to == "received":
            reason = self._ask_kept(("move", to), "Lý do", f"Lý do chuyển hồ sơ sang “{STATUSES[to]}”:")
            if reason is None:
                return
        self._write(lambda s: move_dossier(s, self.dossier_id, to, reason),
                    f"Đã chuyển hồ sơ sang “{STATUSES[to]}”.", typed=(("move", to), reason))

    def change_category(self, category: str | None = None) -> None:
        """Đổi loại hồ sơ: the kind decides the routes the rules take and the checklist."""
        from app.dossiers import set_category
        from app.states import DOSSIER_CATEGORIES

        if self.detail is None:
            return
        if category is None:
            names = list(DOSSIER_CATEGORIES.values())
            current = names.index(self.detail.category_text) if self.detail.category_text in names else 0
            chosen = self.pick(self, "Loại hồ sơ", f"Loại của hồ sơ {self.detail.number}:", names, current)
            if chosen is None:
                return
            category = next(code for code, name in DOSSIER_CATEGORIES.items() if name == chosen)
        name = DOSSIER_CATEGORIES.get(category, category)
        self._write(lambda s: set_category(s, self.dossier_id, category), f"Đã đổi loại hồ sơ: {name}.")

    def appraise_selected(self, result: str) -> None:
        nominee = self.selected_nominee()
        if nominee is None:
            return
        note = ""
        if result != "approved":
            note = self._ask_kept(("appraise", nominee.id), "Kết quả thẩm định", f"Lý do ({nominee.name}):")
            if note is None:
                return
        elif nominee.verdict == FAILS:  # an override of the check is never silent (app/overrides.py)
            note = self._ask_kept(("appraise", nominee.id), "Thẩm định khác kết luận kiểm tra",
                                  f"Kiểm tra tiêu chuẩn kết luận «Không đủ điều kiện» cho {nominee.name}.\n"
                                  "Lý do thẩm định «Đạt» (in trên báo cáo thẩm định, biên bản, tờ trình):")
            if note is None:
                return
        self._write(lambda s: appraise(s, nominee.id, result, note), f"Đã ghi kết quả thẩm định: {nominee.name}.",
                    typed=(("appraise", nominee.id), note))

    def withdraw_selected(self) -> None:
        nominee = self.selected_nominee()
        if nominee is None:
            return
        reason = self._ask_kept(("withdraw", nominee.id), "Rút khỏi hồ sơ", f"Lý do rút {nominee.name} khỏi hồ sơ:")
        if reason is not None:
            self._write(lambda s: withdraw_nominee(s, nominee.id, reason), f"Đã rút {nominee.name} khỏi hồ sơ.",
                        typed=(("withdraw", nominee.id), reason))

    def feedback_selected(self) -> None:
        nominee = self.selected_nominee()
        if nominee is None:
            return
        text = self._ask_kept(("feedback", nominee.id), "Ý kiến khi công khai", f"Ý kiến phản ánh về {nominee.name}:")
        if text is not None:
            self._write(lambda s: record_feedback(s, nominee.id, text), "Đã ghi ý kiến.",
                        typed=(("feedback", nominee.id), text))

    def export_notice(self, path: str | None = None) -> None:
        """The approved nominees as a workbook for posting (công khai)."""
        from app.nominees import export_notice
        from app.text import ascii_filename

        if not path:
            name = f"CongKhai_{ascii_filename(self.detail.number) if self.detail else 'HoSo'}.xlsx"
            path, _ = QFileDialog.getSaveFileName(self, "Xuất danh sách công khai", name, "Excel (*.xlsx)")
        if not path:
            return

        def work():
            with self.db.session() as session:
                return export_notice(session, self.dossier_id, path)

        self.ops.run(work, on_done=lambda p: self.message.done(f"Đã xuất danh sách công khai: {p}"),
                     on_error=self.message.refused, parent=self)

    def print_notice(self) -> None:
        """Thông báo công khai with the list as its annex (app/printing/notice.py), previewed."""
        from ui.print_preview import open_form

        open_form(self, self.ops, self.db, "notice", id=self.dossier_id)

    # the documents page's actions, by their old names (tests and shortcuts)
    def toggle_document(self) -> None:
        self.documents_page.toggle()

    def attach_selected(self, path: str | None = None) -> None:
        self.documents_page.attach(path)

    # --- other screens -----------------------------------------------------------------------
    def _child(self, dialog: QDialog) -> QDialog:
        dialog.finished.connect(lambda _r: self.reload())
        if hasattr(dialog, "changed"):
            dialog.changed.connect(self.changed.emit)
        dialog.open()
        return dialog

    def open_notice(self) -> QDialog:
        from ui.dossier_steps import NoticeDialog

        return self._child(NoticeDialog(self))

    def open_forward(self) -> QDialog:
        from ui.dossier_steps import ForwardDialog

        return self._child(ForwardDialog(self))

    def open_decision(self) -> QDialog:
        from ui.decision_dialog import DecisionDialog

        external = self.detail is not None and self.detail.status == "forwarded"
        return self._child(DecisionDialog(self.db, self.ops, [self.dossier_id], external=external, parent=self))

    def open_council(self) -> QDialog:
        from ui.council_dialog import CouncilDialog

        return self._child(CouncilDialog(self.db, self.ops, self.dossier_id, parent=self))

    def open_history(self) -> QDialog | None:
        from ui.person_history_dialog import PersonHistoryDialog

        nominee = self.selected_nominee()
        if nominee is None:
            return None
        dialog = PersonHistoryDialog(self.db, self.ops, person_id=nominee.person_id,
                                     unit_id=nominee.unit_id if nominee.kind == "collective" else None,
                                     query=nominee.name, parent=self)
        dialog.open()
        return dialog

    def open_fact(self, link: str) -> QDialog | None:
        """A reason's «xem dữ kiện»: the page of whose fact it is (the nominee, or the member
        whose discipline rules a collective out), on the section and sub-tab that lists it."""
        from app.facts import fact_owner
        from ui import fact_sections  # noqa: F401 - the facts sections of the pages
        from ui.person_page import PersonPage
        from ui.unit_page import UnitPage

        nominee = self.selected_nominee()
        if nominee is None or not link.startswith("fact:"):
            return None
        _, kind, fid = (link.split(":") + ["", ""])[:3]
        year = self.detail.year if self.detail else None
        owner = None
        if fid.isdigit():
            with self.db.session() as s:
                owner = fact_owner(s, kind, int(fid))
        if owner is None and nominee.kind == "collective" and nominee.unit_id:
            owner = ("unit", nominee.unit_id)
        elif owner is None and nominee.person_id:
            owner = ("person", nominee.person_id)
        if owner is None:
            return None
        page = (UnitPage(self.db, year, owner[1], parent=self) if owner[0] == "unit"
                else PersonPage(self.db, year, owner[1], parent=self))
        tabs = page.tabs
        wanted = {"award": "Khen thưởng", "movement": "Khen thưởng", "bloc": "Khen thưởng",
                  "unit": "Thủ trưởng, thành viên theo năm"}.get(kind)
        facts = getattr(page, "facts_tabs", None)
        index = next((i for i in range(tabs.count()) if tabs.tabText(i) == wanted), None)
        if index is None:
            index = tabs.indexOf(facts) if facts is not None else tabs.count() - 1
        tabs.setCurrentIndex(index)
        if facts is not None and kind in FACT_SUBTABS:
            sub = next((i for i in range(facts.count()) if facts.tabText(i) in FACT_SUBTABS[kind]), None)
            if sub is not None:
                facts.setCurrentIndex(sub)
        page.open()
        return page

    def open_add_nominees(self) -> QDialog:
        from ui.dossier_form import AddNomineesDialog

        return self._child(AddNomineesDialog(self.db, self.ops, self.dossier_id, parent=self))
