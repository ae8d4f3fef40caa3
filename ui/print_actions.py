"""The "In…" actions where the data lives: buttons on the tabs' toolbars (dossiers → appraisal
report and tờ trình; ledger → decision and certificates; blocs → score table; units → late
units) and a "Tệp → In văn bản" menu for the year's forms, plus the certificate calibration
dialog.

`install_print_actions(window)` is the only thing the main window calls. Every action makes
its document on the database worker (ui.print_preview.open_form) and opens the preview.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtPrintSupport import QPrinterInfo
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QMenu,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.errors import UserError


def _selected(tab, what: str):
    """The tab's current row, or a message asking the clerk to choose one."""
    row = tab.panel.current_row()
    if row is None:
        QMessageBox.information(tab, "TĐKT", f"Hãy chọn một {what} trong danh sách trước khi in.")
    return row


def _decision_of(award_id: int) -> Callable:
    def find(session) -> int:
        from db.models import Award

        award = session.get(Award, award_id)
        if award is None or award.decision_id is None:
            raise UserError("Khen thưởng này không gắn với quyết định nào trong dữ liệu "
                            "(khen thưởng nhập từ sổ cũ hoặc của cấp trên): không in được quyết định.")
        return award.decision_id
    return find


def install_print_actions(window) -> QMenu:
    """Add the print buttons to the tabs and the "In văn bản" menu; returns the menu."""
    db, ops = window.db, window.ops

    def form(name: str, *, id=None, year: bool = True, **options) -> None:
        # The PDF toolkit loads on the first print, not at the program's start.
        from ui.print_preview import open_form

        open_form(window, ops, db, name, id=id, year=window.current_year() if year else None,
                  **options)

    dossiers = window.dossiers_tab
    dossiers.panel.add_action("In thẩm định", lambda: _on_row(dossiers, "hồ sơ", lambda r: form(
        "appraisal", id=r.id)), tooltip="Báo cáo kết quả thẩm định của hồ sơ đang chọn")
    dossiers.panel.add_action("In tờ trình", lambda: _on_row(dossiers, "hồ sơ", lambda r: form(
        "proposal", id=r.id)), tooltip="Tờ trình đề nghị cấp trên khen thưởng (hồ sơ trình cấp trên)")

    awards = window.awards_tab
    awards.panel.add_action("In quyết định", lambda: _on_row(awards, "dòng khen thưởng", lambda r: form(
        "decision", id=_decision_of(r.id), year=False)),
        tooltip="Quyết định khen thưởng (kèm danh sách) của dòng đang chọn")
    awards.panel.add_action("In giấy khen", lambda: _on_row(awards, "dòng khen thưởng", lambda r: form(
        "certificates", id=_decision_of(r.id), year=False)),
        tooltip="Giấy khen của cả quyết định chứa dòng đang chọn (in toàn bộ mẫu)")
    awards.panel.add_action("In lên phôi", lambda: _on_row(awards, "dòng khen thưởng", lambda r: form(
        "certificates", id=_decision_of(r.id), year=False, mode="overlay")),
        tooltip="Chỉ in phần chữ lên phôi giấy khen in sẵn (theo độ lệch đã căn chỉnh)")

    blocs = window.blocs_tab
    blocs.panel.add_action("In bảng điểm", lambda: form(
        "bloc-scores", id=getattr(blocs.panel.current_row(), "id", None)),
        tooltip="Bảng tổng hợp điểm của khối đang chọn (không chọn: mọi khối trong năm)")

    units = window.submissions_tab
    units.panel.add_action("In DS chưa nộp", lambda: form("late-units"),
                           tooltip="Danh sách đơn vị chưa nộp và công văn đôn đốc từng đơn vị")

    # "Tệp → In văn bản", above the separator that keeps "Thoát" last.
    menu = QMenu("&In văn bản", window)
    file_menu = window.menus["Tệp"]
    actions = file_menu.actions()
    at = actions.index(window.quit_action) if window.quit_action in actions else len(actions)
    before = actions[at - 1] if at > 0 and actions[at - 1].isSeparator() else window.quit_action
    file_menu.insertMenu(before, menu)
    for text, name in [("Quyết định khen thưởng mới nhất của năm", "decision"),
                       ("Giấy khen của quyết định mới nhất", "certificates"),
                       ("Tờ trình các hồ sơ trình cấp trên", "proposal"),
                       ("Phiếu bầu (bỏ phiếu kín)", "ballots"),
                       ("Bảng tổng hợp điểm các khối", "bloc-scores"),
                       ("Danh sách đơn vị chưa nộp", "late-units"),
                       ("Báo cáo số liệu thi đua, khen thưởng năm", "report"),
                       ("Danh sách Đại hội thi đua yêu nước", "congress"),
                       ("Báo cáo tự chấm điểm trong khối thi đua của tỉnh", "province-bloc"),
                       ("Danh sách gương người tốt, việc tốt", "publicity")]:
        window.add_menu_action(menu, text + "…", lambda name=name: form(name))
    window.add_menu_action(menu, "Biên bản kiểm phiếu…", lambda: open_minutes(window, form))
    menu.addSeparator()
    window.add_menu_action(menu, "Căn chỉnh phôi giấy khen…",
                           lambda: CalibrationDialog(db, ops, window).exec())
    return menu


def open_minutes(window, form: Callable):
    """The year's latest council meeting: its counting minutes' details first (times, counting
    board, ballots), then the printed minutes; without a meeting the form says so."""
    from ui.minutes_dialog import MinutesDialog

    def latest(session):
        from app.printing.ballots import find_meeting

        meeting = find_meeting(session, None, window.current_year(), required=False)
        return meeting.id if meeting else None

    def show(meeting_id) -> None:
        if meeting_id is None:
            form("vote-minutes")
            return
        dialog = MinutesDialog(window.db, window.ops, meeting_id, window,
                               on_print=lambda mid: form("vote-minutes", id=mid, year=False))
        dialog.open()
        window._minutes_dialog = dialog

    def find():
        with window.db.session() as session:
            return latest(session)

    window.ops.run(find, on_done=show, parent=window)


def _on_row(tab, what: str, action: Callable) -> None:
    row = _selected(tab, what)
    if row is not None:
        action(row)


class CalibrationDialog(QDialog):
    """Offsets (mm) of the text on pre-printed certificate paper, per printer; a test page."""

    def __init__(self, db, ops, parent: QWidget | None = None):
        super().__init__(parent)
        self.db, self.ops = db, ops
        self.setWindowTitle("Căn chỉnh phôi giấy khen")
        self.printer = QComboBox(self)
        self.printer.addItem("Mọi máy in (mặc định)", "")
        for name in QPrinterInfo.availablePrinterNames():
            self.printer.addItem(name, name)
        self.printer.currentIndexChanged.connect(self.load)
        self.dx, self.dy = QDoubleSpinBox(self), QDoubleSpinBox(self)
        for box in (self.dx, self.dy):
            box.setRange(-30, 30)
            box.setSingleStep(0.5)
            box.setDecimals(1)
            box.setSuffix(" mm")
        form = QFormLayout()
        form.addRow("Máy in:", self.printer)
        form.addRow("Lệch ngang (dương: sang phải):", self.dx)
        form.addRow("Lệch dọc (dương: xuống dưới):", self.dy)
        help_text = QLabel("In trang thử lên một tờ phôi, đo khoảng cách từ dấu chữ thập đến chỗ cần "
                           "in, nhập độ lệch rồi Lưu.", self)
        help_text.setWordWrap(True)
        test = QPushButton("Lưu và in trang thử…", self)
        test.clicked.connect(self.test_page)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Close, self)
        buttons.button(QDialogButtonBox.StandardButton.Save).setText("Lưu")
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("Đóng")
        buttons.accepted.connect(self.save_and_close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(help_text)
        layout.addWidget(test)
        layout.addWidget(buttons)
        self.load()

    def printer_name(self) -> str:
        return self.printer.currentData() or ""

    def load(self, *_args) -> None:
        from app.printing.certificates import get_offsets

        with self.db.session() as session:
            dx, dy = get_offsets(session, self.printer_name())
        self.dx.setValue(dx)
        self.dy.setValue(dy)

    def save(self) -> bool:
        from app.printing.certificates import save_offsets

        try:
            with self.db.session() as session:
                save_offsets(session, self.dx.value(), self.dy.value(), self.printer_name())
        except UserError as exc:
            QMessageBox.warning(self, "TĐKT", exc.message)
            return False
        return True

    def save_and_close(self) -> None:
        if self.save():
            self.accept()

    def test_page(self) -> None:
        if not self.save():
            return
        from app.printing.certificates import calibration_page
        from ui.print_preview import PrintPreviewDialog

        printer = self.printer_name()

        def make() -> object:
            with self.db.session() as session:
                return calibration_page(session, printer)

        def show(document) -> None:
            dialog = PrintPreviewDialog(document, self)
            dialog.open()

        self.ops.run(make, on_done=show, parent=self)
