"""Where the dossier screens join the main window: double-click (or Enter) on a dossier opens
it; "Tiếp nhận hồ sơ…" on the dossiers tab and in the Dữ liệu menu; "Kiểm tra điều kiện" re-checks
the year's nominees; on the ledger tab "Lịch sử khen thưởng…" (the selected award's person or
collective, also in the Công cụ menu), "Thu hồi…" and "Đính chính…"; "Số lượng và kinh phí…" for
the year; in Công cụ, the rule settings and the award catalogue.

`install(window)` is the one call the main window makes; the tabs' own code is untouched.
"""

from __future__ import annotations

from sqlalchemy import select

from db.models import Award


class DossierHooks:
    """The actions installed, kept so tests (and other screens) can call them."""

    def __init__(self, window):
        self.window = window
        self.last = None  # the dialog opened last (tests look at it)
        self.last_check: dict | None = None  # the counts of the last "Kiểm tra điều kiện"

    def _show(self, dialog):
        if hasattr(dialog, "changed"):
            dialog.changed.connect(self.window.notify_changed)
        dialog.open()
        self.last = dialog
        return dialog

    def open_dossier(self, dossier_id: int):
        from ui.dossier_dialog import DossierDialog

        dialog = DossierDialog(self.window.db, self.window.ops, dossier_id, parent=self.window)
        # Work done in the dossier window keeps its verdicts (opening alone writes nothing):
        # the list's column follows when the window closes.
        dialog.finished.connect(lambda _r: self.window.dossiers_tab.invalidate())
        return self._show(dialog)

    def check_year(self):
        """Kiểm tra điều kiện: every live nominee of the year, verdicts kept for the list."""
        from app.rules import check_year

        year = self.window.current_year()

        def work(**_progress):  # one batch: no steps to report, nothing to cancel midway
            with self.window.db.session() as session:
                verdicts = check_year(session, year, settled=True)
                return {k: sum(1 for v in verdicts if v.verdict == k) for k in ("meets", "fails", "unknown")}

        def done(counts: dict) -> None:
            self.window.notify_changed({"dossiers"})
            total = sum(counts.values())
            self.window.statusBar().showMessage(
                f"Đã kiểm tra điều kiện {total} người, tập thể được đề nghị năm {year}: "
                f"{counts['meets']} đạt, {counts['fails']} không đạt, {counts['unknown']} chưa rõ.", 15000)
            self.last_check = counts

        self.window.ops.run(work, on_done=done, parent=self.window, cancellable=False,
                            label=f"Đang kiểm tra điều kiện khen thưởng năm {year}…")

    def _selected_ids(self) -> list[int]:
        panel = self.window.dossiers_tab.panel
        rows = panel.selected_rows() or ([panel.current_row()] if panel.current_row() is not None else [])
        return [r.id for r in rows]

    def council(self):
        """Họp Hội đồng: one meeting for the dossiers selected (more can be ticked in it)."""
        from ui.council_dialog import CouncilDialog

        ids = self._selected_ids()
        if not ids:
            self.window.statusBar().showMessage("Hãy chọn hồ sơ đưa ra Hội đồng.", 8000)
            return None
        return self._show(CouncilDialog(self.window.db, self.window.ops, ids[0], parent=self.window,
                                        ticked=ids[1:]))

    def decide(self):
        """Ra quyết định: one decision for the dossiers selected (more can be ticked in it)."""
        from ui.decision_dialog import DecisionDialog

        ids = self._selected_ids()
        if not ids:
            self.window.statusBar().showMessage("Hãy chọn hồ sơ đưa vào quyết định.", 8000)
            return None
        return self._show(DecisionDialog(self.window.db, self.window.ops, ids, parent=self.window))

    def open_current(self):
        row = self.window.dossiers_tab.panel.current_row()
        return self.open_dossier(row.id) if row is not None else None

    def receive(self):
        from ui.dossier_form import ReceiveDialog

        dialog = ReceiveDialog(self.window.db, self.window.ops, parent=self.window,
                               year=self.window.current_year())
        dialog.received.connect(self.open_dossier)  # straight on to the dossier just received
        return self._show(dialog)

    def history(self, *, person_id: int | None = None, unit_id: int | None = None, query: str = "",
                award_id: int | None = None):
        from ui.person_history_dialog import PersonHistoryDialog

        return self._show(PersonHistoryDialog(self.window.db, self.window.ops, person_id=person_id,
                                              unit_id=unit_id, query=query, award_id=award_id,
                                              parent=self.window))

    def _selected_award(self):
        """The ledger row selected, or None with a word in the status bar."""
        row = self.window.awards_tab.panel.current_row()
        if row is None:
            self.window.statusBar().showMessage("Chọn một dòng trong sổ khen thưởng trước.", 5000)
        return row

    def revoke_selected(self):
        from ui.award_dialogs import RevokeDialog

        row = self._selected_award()
        return self._show(RevokeDialog(self.window.db, self.window.ops, row.id, parent=self.window)) if row else None

    def correct_selected(self):
        from ui.award_dialogs import CorrectDialog

        row = self._selected_award()
        return self._show(CorrectDialog(self.window.db, self.window.ops, row.id, parent=self.window)) if row else None

    def history_of_selected_award(self):
        row = self.window.awards_tab.panel.current_row()
        if row is None:
            return self.history()
        with self.window.db.session() as session:
            subject, person_id, unit_id = session.execute(
                select(Award.subject, Award.person_id, Award.unit_id).where(Award.id == row.id)).one()
        if subject == "collective" and unit_id:
            return self.history(unit_id=unit_id)
        if person_id:
            return self.history(person_id=person_id, query=row.recipient)
        # Named in the ledger without a record (an old award book, a village, a household).
        return self.history(query=row.recipient, award_id=row.id)

    def rule_settings(self):
        from ui.rule_settings_dialog import RuleSettingsDialog

        return self._show(RuleSettingsDialog(self.window.db, self.window.current_year(), parent=self.window))

    def catalog(self):
        from ui.catalog_dialog import CatalogDialog

        return self._show(CatalogDialog(self.window.db, self.window.ops, parent=self.window))

    def quotas(self):
        from ui.quotas_dialog import QuotasDialog

        return self._show(QuotasDialog(self.window.db, self.window.ops, self.window.current_year(),
                                       parent=self.window))


def install(window) -> DossierHooks:
    hooks = DossierHooks(window)
    panel = window.dossiers_tab.panel
    panel.row_activated.connect(lambda row: hooks.open_dossier(row.id))
    panel.add_action("Tiếp nhận hồ sơ…", hooks.receive, shortcut="Ctrl+N",
                     tooltip="Nhận một hồ sơ đề nghị khen thưởng, nhập danh sách bằng bàn phím (Ctrl+N)")
    panel.add_action("Mở hồ sơ", hooks.open_current, tooltip="Mở hồ sơ đang chọn (hoặc nhấp đúp)")
    panel.add_action("Họp Hội đồng…", hooks.council,
                     tooltip="Một phiên họp Hội đồng TĐKT cho các hồ sơ đang chọn (chọn nhiều bằng Ctrl/Shift)")
    panel.add_action("Ra quyết định…", hooks.decide,
                     tooltip="Một quyết định khen thưởng cho các hồ sơ đang chọn (chọn nhiều bằng Ctrl/Shift)")
    panel.add_action("Kiểm tra điều kiện", hooks.check_year,
                     tooltip="Xét lại điều kiện của mọi người, tập thể được đề nghị trong năm theo sổ "
                             "khen thưởng hiện nay; cột «Điều kiện» cập nhật theo")
    panel.add_action("Số lượng, kinh phí…", hooks.quotas,
                     tooltip="Số lượng khen thưởng theo đơn vị và kinh phí theo quyết định của năm")
    ledger = window.awards_tab.panel
    ledger.add_action("Lịch sử khen thưởng…", hooks.history_of_selected_award,
                      tooltip="Mọi khen thưởng qua các năm của cá nhân, tập thể đang chọn")
    ledger.add_action("Thu hồi…", hooks.revoke_selected,
                      tooltip="Thu hồi khen thưởng đang chọn (Luật TĐKT 2022 Điều 93): dòng vẫn giữ, đánh dấu")
    ledger.add_action("Đính chính…", hooks.correct_selected,
                      tooltip="Đính chính khen thưởng đang chọn: thêm một dòng mới thay cho dòng ghi sai")
    window.add_menu_action("Dữ liệu", "Tiếp nhận hồ sơ…", hooks.receive, shortcut="Ctrl+Shift+N")
    window.add_menu_action("Công cụ", "Lịch sử khen thưởng…", hooks.history, shortcut="Ctrl+H")
    window.add_menu_action("Công cụ", "Số lượng và kinh phí khen thưởng…", hooks.quotas)
    window.add_menu_action("Công cụ", "Tham số xét khen thưởng…", hooks.rule_settings,
                           status_tip="Tỷ lệ trong đơn vị, thời gian kỷ luật, ngày nghỉ lễ, tỷ lệ dự họp và bỏ phiếu")
    window.add_menu_action("Công cụ", "Danh mục khen thưởng…", hooks.catalog,
                           status_tip="Hệ số tiền thưởng, tỷ lệ phiếu, tiêu chuẩn theo năm, mức lương cơ sở")
    return hooks
