"""Where the year's-cycle screens join the main window: double-click (or Enter) on a movement
or a bloc opens its dialog, buttons on those tabs' toolbars, the "Kế hoạch năm" and "Đăng ký
thi đua" tabs, the submissions tab's dialogs, and "Chuyển sang năm mới…" in the Dữ liệu menu.

`install(window)` is the one call the main window makes; nothing here changes the tabs' own
code, so each tab stays a plain listing.
"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from app.blocs import delete_bloc
from app.errors import UserError
from app.movements import delete_movement
from ui.cycle_widgets import ask
from ui.ops import show_failure


def _hook_movements(window) -> None:
    from ui.movement_dialog import MovementDialog

    tab = window.movements_tab

    def open_dialog(movement_id: int | None) -> None:
        MovementDialog(window.db, tab.year, movement_id, parent=window).exec()

    def remove() -> None:
        _remove_selected(window, tab, lambda row: f"Xóa phong trào «{row.name}»?",
                         delete_movement, "movements")

    tab.panel.row_activated.connect(lambda row: open_dialog(row.id))
    tab.panel.add_action("Thêm phong trào", lambda: open_dialog(None), shortcut="Ctrl+N",
                         tooltip="Thêm phong trào thi đua (Ctrl+N)")
    tab.panel.add_action("Sửa", lambda: (row := tab.panel.current_row()) and open_dialog(row.id),
                         tooltip="Sửa phong trào đang chọn (Enter)")
    tab.panel.add_action("Xóa", remove, tooltip="Xóa phong trào đang chọn (khi chưa gắn hồ sơ, khen thưởng)")


def _remove_selected(window, tab, question, delete, area: str) -> None:
    """Delete the selected row after the clerk confirms; a refusal shows its reason."""
    row = tab.panel.current_row()
    if row is None or not ask(window, question(row)):
        return
    try:
        with window.db.session() as session:
            delete(session, row.id)
    except UserError as exc:
        show_failure(exc, window)
        return
    window.notify_changed({area})


def _hook_blocs(window) -> None:
    from ui.bloc_dialog import BlocDialog

    tab = window.blocs_tab

    def open_dialog(bloc_id: int | None) -> None:
        BlocDialog(window.db, window.ops, tab.year, bloc_id, parent=window).exec()

    def remove() -> None:
        _remove_selected(
            window, tab, lambda row: f"Xóa «{row.name}» năm {tab.year} cùng bảng tiêu chí và điểm chấm?",
            delete_bloc, "blocs")

    tab.panel.row_activated.connect(lambda row: open_dialog(row.id))
    tab.panel.add_action("Thêm khối", lambda: open_dialog(None), shortcut="Ctrl+N",
                         tooltip="Thêm khối thi đua của năm (Ctrl+N)")
    tab.panel.add_action("Mở khối", lambda: (row := tab.panel.current_row()) and open_dialog(row.id),
                         tooltip="Thành viên, tiêu chí, chấm điểm, xếp hạng (Enter)")
    tab.panel.add_action("Xóa", remove, tooltip="Xóa khối đang chọn")


def _hook_submissions(window) -> None:
    from ui.submissions_dues_dialog import DuesDialog
    from ui.submissions_reminder_dialog import ReminderDialog

    tab = window.submissions_tab

    def unit_dialog(row) -> None:
        DuesDialog(window.db, window.ops, tab.year, unit_id=row.id, parent=window).exec()

    tab.panel.row_activated.connect(unit_dialog)
    tab.panel.add_action("Hạn nộp, miễn nộp…", lambda: DuesDialog(window.db, window.ops, tab.year,
                                                                 parent=window).exec(),
                         tooltip="Yêu cầu nộp của năm, hạn riêng từng đơn vị, miễn nộp, ghi nhận bản giấy")
    tab.panel.add_action("Danh sách đôn đốc…", lambda: ReminderDialog(window.db, window.ops, tab.year,
                                                                     parent=window).exec(),
                         tooltip="Đơn vị quá hạn hoặc sắp đến hạn: xuất, in công văn đôn đốc")


def install(window) -> list[QWidget]:
    """Hook every year's-cycle screen into the main window; returns the tabs added."""
    from ui.plan_tab import PlanTab
    from ui.registrations_tab import RegistrationsTab
    from ui.rollover_dialog import RolloverDialog

    _hook_movements(window)
    _hook_blocs(window)
    _hook_submissions(window)
    year = window.current_year()
    window.plan_tab = PlanTab(window.db, window.ops, year)
    window.registrations_tab = RegistrationsTab(window.db, window.ops, year)
    after_movements = window.tabs.indexOf(window.movements_tab) + 1
    window.add_tab(window.plan_tab, PlanTab.TITLE, after_movements)
    window.add_tab(window.registrations_tab, RegistrationsTab.TITLE, window.tabs.indexOf(window.blocs_tab) + 1)

    def rollover() -> None:
        dialog = RolloverDialog(window.db, window.current_year(), parent=window)
        if dialog.exec() and dialog.result_year is not None:
            window.notify_changed({"blocs", "submissions", "plan", "units"})
            window.set_year(dialog.result_year)

    window.add_menu_action("Dữ liệu", "Chuyển sang năm mới…", rollover,
                           status_tip="Tạo khối thi đua, yêu cầu nộp và kế hoạch của năm mới từ năm đang xem")
    return [window.plan_tab, window.registrations_tab]
