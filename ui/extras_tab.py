"""Tab "Công tác khác": the rest of the year's plan grouped under one tab so the tab bar stays
readable — our place in the province's bloc, inspections, the Emulation Congress, the award
fund, publicity of exemplars — each a page (a list tab of its own).

`install(window)` is the one call the main window makes: it adds the tab, opens an inspection
when the clerk double-clicks a late follow-up on the home screen, and puts a unit's inspection
history on the units tab.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QMessageBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ui.congress_tab import CongressTab
from ui.fund_tab import FundTab
from ui.inspections_tab import InspectionDialog, InspectionsTab, UnitInspectionsPanel
from ui.province_bloc_tab import ProvinceBlocTab
from ui.publicity_tab import PublicityTab

PAGES = [("province", ProvinceBlocTab, "Khối thi đua của tỉnh"), ("inspections", InspectionsTab, "Kiểm tra"),
         ("congress", CongressTab, "Đại hội thi đua"), ("fund", FundTab, "Kinh phí"),
         ("publicity", PublicityTab, "Tuyên truyền điển hình")]


class ExtrasTab(QWidget):
    TITLE = "Công tác khác"
    loaded = Signal()

    def __init__(self, db, ops, year: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.db, self.ops, self.year = db, ops, year
        self.pages = QTabWidget(self)
        self.pages.setAccessibleName("Công tác khác")
        for name, cls, label in PAGES:
            page = cls(db, ops, year, self)
            page.loaded.connect(self.loaded.emit)
            setattr(self, name, page)
            self.pages.addTab(page, label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.pages)

    @property
    def panel(self):
        """The list on screen (what generic tab code reads)."""
        return self.pages.currentWidget().panel

    def page_list(self) -> list:
        return [getattr(self, name) for name, _cls, _label in PAGES]

    def show_page(self, page: QWidget) -> None:
        self.pages.setCurrentWidget(page)

    def set_year(self, year: int) -> None:
        self.year = year
        for page in self.page_list():
            page.set_year(year)

    def on_changed(self, areas: set[str]) -> None:
        for page in self.page_list():
            page.on_changed(areas)


class UnitInspectionsDialog(QDialog):
    """A unit's inspections (every year) and what it still owes from them."""

    def __init__(self, db, unit_id: int, unit_name: str, year: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.db, self.unit_id, self.year = db, unit_id, year
        self.setWindowTitle(f"Kiểm tra công tác thi đua, khen thưởng — {unit_name}")
        self.resize(1000, 480)
        self.layout_ = QVBoxLayout(self)
        self.panel = UnitInspectionsPanel(db, unit_id, self)
        self.panel.add_action("Thêm cuộc kiểm tra", self.add)
        self.panel.row_activated.connect(lambda row: self.edit(row.id))
        self.layout_.addWidget(self.panel)
        buttons = QDialogButtonBox(self)
        buttons.addButton("Đóng", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.rejected.connect(self.reject)
        self.layout_.addWidget(buttons)

    def _reload(self) -> None:
        fresh = UnitInspectionsPanel(self.db, self.unit_id, self)
        fresh.add_action("Thêm cuộc kiểm tra", self.add)
        fresh.row_activated.connect(lambda row: self.edit(row.id))
        self.layout_.replaceWidget(self.panel, fresh)
        self.panel.deleteLater()
        self.panel = fresh

    def add(self) -> None:
        if InspectionDialog(self.db, self.year, parent=self, unit_id=self.unit_id).exec():
            self._reload()

    def edit(self, inspection_id: int) -> None:
        if InspectionDialog(self.db, self.year, inspection_id, parent=self).exec():
            self._reload()


def install(window) -> ExtrasTab:
    """Add "Công tác khác" (before "Báo cáo") and its hooks into the home screen and the units tab."""
    tab = ExtrasTab(window.db, window.ops, window.current_year())
    window.extras_tab = tab
    reports = getattr(window, "reports_tab", None)  # "Báo cáo" stays the last tab
    at = window.tabs.indexOf(reports) if reports is not None else -1
    window.add_tab(tab, ExtrasTab.TITLE, at)

    def open_from_home(kind: str, ref_id: int) -> None:
        if kind != "follow_up":
            return
        window.tabs.setCurrentWidget(tab)
        tab.show_page(tab.inspections)
        if InspectionDialog(window.db, window.current_year(), ref_id, parent=window).exec():
            window.notify_changed({"inspections"})

    home = getattr(window, "home_tab", None)
    if home is not None and hasattr(home, "open_requested"):
        home.open_requested.connect(open_from_home)
        # The home screen lists late follow-ups: it reloads when an inspection changes.
        home.AREAS = frozenset(getattr(home, "AREAS", frozenset()) | {"inspections"})

    units = getattr(window, "submissions_tab", None)
    if units is not None:
        def unit_inspections() -> None:
            row = units.panel.current_row()
            if row is None:
                QMessageBox.information(window, "TĐKT", "Hãy chọn một đơn vị trong danh sách.")
                return
            UnitInspectionsDialog(window.db, row.id, row.unit, window.current_year(), parent=window).exec()
            window.notify_changed({"inspections"})

        units.panel.add_action("Kiểm tra TĐKT…", unit_inspections,
                               tooltip="Các cuộc kiểm tra của đơn vị đang chọn và yêu cầu khắc phục")
    return tab
