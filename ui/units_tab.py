"""Tab "Đơn vị, cá nhân": the office's units (add, open, retire, merge, import the list from a
workbook) and its people (add, open), each a page of the tab. A unit's or a person's page
(ui/unit_page.py, ui/person_page.py) opens on double-click or Enter.

`install(window)` is the one call the main window makes: it adds the tab right after the home
screen (units come first when an office starts from an empty file).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFileDialog, QTabWidget, QVBoxLayout, QWidget

from app.errors import UserError
from app.person_records import list_people
from app.unit_list import list_units, reopen_unit, retire_unit
from ui import fact_sections  # noqa: F401 - adds the facts sections to the person's and unit's pages
from ui.cycle_widgets import ask, inform
from ui.list_tab import ListTab
from ui.ops import show_failure
from ui.person_page import PersonPage, people_columns
from ui.table_model import col
from ui.unit_page import UnitPage

INACTIVE = "#777777"


class UnitsPage(ListTab):
    TITLE = "Đơn vị"
    AREAS = frozenset({"units", "people"})

    def panel_title(self) -> str:
        return "Danh sách đơn vị"

    def columns(self):
        return [col("Mã", "code", width=7), col("Tên đơn vị", "name", width=30),
                col("Loại đơn vị", "kind", width=22), col("Trực thuộc", "parent", width=18),
                col("Thủ trưởng", "head", width=18), col("Số thành viên", "members", width=9),
                col("Cá nhân", "people", width=7), col("Tình trạng", "status", width=20, stretch=True)]

    def row_color(self, row):
        return None if row.active else INACTIVE

    def fetch(self, session, year):
        return list_units(session)


class PeoplePage(ListTab):
    TITLE = "Cá nhân"
    AREAS = frozenset({"units", "people", "imports", "dossiers"})

    def panel_title(self) -> str:
        return "Danh sách cá nhân"

    def columns(self):
        return people_columns()

    def fetch(self, session, year):
        return list_people(session)


class UnitsTab(QWidget):
    TITLE = "Đơn vị, cá nhân"
    loaded = Signal()

    def __init__(self, db, ops, year: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.db, self.ops, self.year = db, ops, year
        self.units = UnitsPage(db, ops, year, self)
        self.people = PeoplePage(db, ops, year, self)
        self.units.panel.empty_text = ("Chưa có đơn vị nào. Bấm «Thêm đơn vị» (thôn, bản, trường học, trạm y tế, "
                                       "đoàn thể …) hoặc «Nhập danh sách…» từ tệp Excel.")
        self.people.panel.empty_text = ("Chưa có cá nhân nào. Cá nhân có trong danh sách đăng ký, đề nghị khen "
                                        "thưởng của đơn vị khi nhập; hoặc bấm «Thêm cá nhân».")
        for page in (self.units, self.people):
            page.loaded.connect(self.loaded.emit)
        self.pages = QTabWidget(self)
        self.pages.setAccessibleName(self.TITLE)
        self.pages.addTab(self.units, "Đơn vị")
        self.pages.addTab(self.people, "Cá nhân")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.pages)
        self._hook()

    @property
    def panel(self):
        return self.pages.currentWidget().panel

    def set_year(self, year: int) -> None:
        self.year = year
        for page in (self.units, self.people):
            page.set_year(year)

    def on_changed(self, areas: set[str]) -> None:
        for page in (self.units, self.people):
            page.on_changed(areas)

    # --- actions -----------------------------------------------------------------------------
    def _hook(self) -> None:
        units = self.units.panel
        units.row_activated.connect(lambda row: self.open_unit(row.id))
        self.add_unit_action = units.add_action("Thêm đơn vị", lambda: self.open_unit(None), shortcut="Ctrl+N",
                                                tooltip="Thêm thôn, bản, trường học, trạm y tế, đoàn thể … (Ctrl+N)")
        units.add_action("Mở", lambda: (row := units.current_row()) and self.open_unit(row.id),
                         tooltip="Trang của đơn vị đang chọn (Enter)")
        units.add_action("Ngừng hoạt động…", self.retire, tooltip="Đơn vị giải thể, ngừng hoạt động: giữ lịch sử")
        units.add_action("Sáp nhập…", self.merge, tooltip="Đơn vị sáp nhập vào đơn vị khác")
        self.import_action = units.add_action("Nhập danh sách…", self.import_list,
                                              tooltip="Nhập danh sách đơn vị từ tệp Excel (tên, loại, trực thuộc, "
                                                      "thủ trưởng, số thành viên, địa chỉ)")
        units.add_action("Tệp mẫu…", self.save_template, tooltip="Tệp Excel mẫu để điền danh sách đơn vị")
        people = self.people.panel
        people.row_activated.connect(lambda row: self.open_person(row.id))
        people.add_action("Thêm cá nhân", lambda: self.open_person(None), tooltip="Thêm một người")
        people.add_action("Mở", lambda: (row := people.current_row()) and self.open_person(row.id),
                          tooltip="Trang của người đang chọn (Enter)")

    def open_unit(self, unit_id: int | None) -> UnitPage:
        page = UnitPage(self.db, self.year, unit_id, parent=self)
        self.last_page = page
        page.exec()
        return page

    def open_person(self, person_id: int | None) -> PersonPage:
        page = PersonPage(self.db, self.year, person_id, parent=self)
        self.last_page = page
        page.exec()
        return page

    def _changed(self, areas) -> None:
        from ui.cycle_widgets import notify

        notify(self, areas)

    def retire(self) -> None:
        row = self.units.panel.current_row()
        if row is None:
            inform(self, "Hãy chọn một đơn vị trong danh sách.")
            return
        reopen = not row.active and row.status.startswith("Ngừng")
        if reopen:
            if not ask(self, f"{row.name} hoạt động trở lại?"):
                return
        else:
            from ui.retire_dialog import ask_retire

            answer = ask_retire(self, row.name)
            if answer is None:
                return
        notes: list[str] = []
        try:
            with self.db.session() as session:
                if reopen:
                    reopen_unit(session, row.id)
                else:
                    notes = retire_unit(session, row.id, *answer).notes
        except UserError as exc:
            show_failure(exc, self)
            return
        self._changed({"units", "blocs"})
        if notes:  # later years' blocs changed, dossiers still open: the clerk must know
            inform(self, f"{row.name} đã ngừng hoạt động.\n\n" + "\n".join(f"• {n}" for n in notes))

    def merge(self) -> None:
        from ui.unit_merge_dialog import UnitMergeDialog

        window = self.window()
        row = self.units.panel.current_row()
        dialog = UnitMergeDialog(self.db, self.ops, self, on_written=getattr(window, "notify_changed", None),
                                 unit_id=row.id if row else None)
        dialog.exec()

    def import_list(self, path: str | None = None) -> None:
        from ui.unit_import_dialog import UnitImportDialog

        if path is None:
            path, _ = QFileDialog.getOpenFileName(self, "Chọn tệp danh sách đơn vị", "",
                                                  "Bảng tính (*.xlsx *.xlsm *.xls *.ods)")
            if not path:
                return
        dialog = UnitImportDialog(self.db, Path(path), self)
        self.last_import = dialog
        if dialog.exec():
            self._changed({"units"})

    def save_template(self) -> None:
        from app.office import get_profile
        from app.unit_import import write_unit_list_template

        path, _ = QFileDialog.getSaveFileName(self, "Lưu tệp mẫu danh sách đơn vị", "DanhSachDonVi.xlsx",
                                              "Bảng tính (*.xlsx)")
        if not path:
            return
        with self.db.session() as session:
            office = get_profile(session).authority_name
        try:
            write_unit_list_template(path, office)
        except OSError as exc:
            show_failure(UserError(f"Không ghi được tệp {path}: {exc}"), self)
            return
        inform(self, f"Đã lưu tệp mẫu: {path}")


def install(window) -> UnitsTab:
    tab = UnitsTab(window.db, window.ops, window.current_year())
    window.units_tab = tab
    home = getattr(window, "home_tab", None)
    at = window.tabs.indexOf(home) + 1 if home is not None else 0
    window.add_tab(tab, UnitsTab.TITLE, at)
    return tab
