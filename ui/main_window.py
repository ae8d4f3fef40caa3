"""The main window: the tabs, menus, toolbar with the year selector, status bar — nothing else.

Other screens hook in here:
- `add_tab(widget, title)`: a tab; if it has `set_year(year)` it follows the year selector,
  if it has `on_changed(areas)` it hears `notify_changed`.
- `add_menu_action(menu, text, slot)`: an action in "Tệp", "Dữ liệu", "Công cụ" or "Trợ giúp".
- `notify_changed({"dossiers", "ledger"})`: after a write, every concerned tab reloads (and
  the year selector offers any year the write brought, e.g. an imported award book's).

The window's size, place and current tab are kept between sessions (`window_settings()`, an
INI file in the user's data folder); `show_restored()` shows it as it was, else maximized.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable

from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QComboBox, QLabel, QMainWindow, QMenu, QTabWidget, QToolBar, QWidget

from app import config
from app.database import Database
from app.office import window_title, working_year, year_choices
from ui.about_dialog import AboutDialog
from ui.awards_tab import AwardsTab
from ui.blocs_tab import BlocsTab
from ui.cycle_hooks import install as install_cycle_screens
from ui.dossier_hooks import install as install_dossier_screens
from ui.dossiers_tab import DossiersTab
from ui.extras_tab import install as install_extras
from ui.first_steps_panel import install as install_first_steps
from ui.home_links import install as install_home_links
from ui.home_tab import HomeTab
from ui.import_dialog import install_import_actions
from ui.movements_tab import MovementsTab
from ui.ops import Ops
from ui.print_actions import install_print_actions
from ui.reports_tab import ReportsTab
from ui.safety_hooks import install as install_safety
from ui.settings_dialog import SettingsDialog
from ui.submissions_tab import SubmissionsTab
from ui.unit_merge_dialog import install as install_unit_merge
from ui.units_tab import install as install_units_tab

# Every area a change can concern; "Tải lại" sends them all.
AREAS = frozenset({"movements", "blocs", "submissions", "units", "dossiers", "ledger", "awards",
                   "office", "catalog"})


class MainWindow(QMainWindow):
    year_changed = Signal(int)
    changed = Signal(object)  # the set of areas a write touched

    def __init__(self, db: Database, ops: Ops | None = None, *, demo: bool = False,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.db = db
        self.ops = ops or Ops(self)
        self.demo = demo
        with db.session() as session:
            self._year = working_year(session)
            years = year_choices(session)
        self.resize(1366, 768)

        self.tabs = QTabWidget(self)
        self.tabs.setDocumentMode(True)
        self.setCentralWidget(self.tabs)
        self.movements_tab = MovementsTab(db, self.ops, self._year)
        self.blocs_tab = BlocsTab(db, self.ops, self._year)
        self.submissions_tab = SubmissionsTab(db, self.ops, self._year)
        self.dossiers_tab = DossiersTab(db, self.ops, self._year)
        self.awards_tab = AwardsTab(db, self.ops, self._year)
        for tab in (self.movements_tab, self.blocs_tab, self.submissions_tab, self.dossiers_tab,
                    self.awards_tab):
            self.add_tab(tab, tab.TITLE)
        self.reports_tab = ReportsTab(db, self.ops, self._year)
        self.add_tab(self.reports_tab, self.reports_tab.TITLE)
        # The home screen (trang chủ) is the first tab and the one the window opens on.
        self.home_tab = HomeTab(db, self.ops, self._year)
        self.add_tab(self.home_tab, self.home_tab.TITLE, 0)
        install_units_tab(self)  # Đơn vị, cá nhân: right after the home screen
        self.tabs.setCurrentIndex(0)

        self._build_toolbar(years)
        self._build_menus()
        self._build_status()
        self.print_menu = install_print_actions(self)
        self.import_actions = install_import_actions(self)  # Tệp → Nhập tệp Excel…, drops
        self.cycle_tabs = install_cycle_screens(self)  # plan, registrations, bloc/movement dialogs
        self.dossier_hooks = install_dossier_screens(self)  # open/receive dossiers, award history
        self.safety = install_safety(self)  # backups, restore, change log, users
        self.extras = install_extras(self)  # Công tác khác: province bloc, inspections, congress, fund
        self.unit_merge = install_unit_merge(self)  # Dữ liệu → Sáp nhập đơn vị…
        self.home_links = install_home_links(self)  # a home-screen line opens its record
        install_first_steps(self)  # an empty office's home screen: the first steps' buttons
        self.changed.connect(self._on_changed)
        self._refresh_title()

    # --- hooks for other screens -------------------------------------------------------------
    def add_tab(self, widget: QWidget, title: str, index: int = -1) -> int:
        """Add a tab that follows the year selector and the change notices, if it can."""
        if hasattr(widget, "set_year"):
            self.year_changed.connect(widget.set_year)
        if hasattr(widget, "on_changed"):
            self.changed.connect(widget.on_changed)
        return self.tabs.insertTab(index, widget, title) if index >= 0 else self.tabs.addTab(widget, title)

    def add_menu_action(self, menu: str | QMenu, text: str, slot: Callable, *, shortcut: str = "",
                        status_tip: str = "") -> QAction:
        """An action in one of the menus, by its title ("Dữ liệu") or the QMenu itself."""
        target = self.menus[menu] if isinstance(menu, str) else menu
        action = QAction(text, self)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        if status_tip:
            action.setStatusTip(status_tip)
        action.triggered.connect(lambda _checked=False: slot())
        # Keep "Thoát" last in "Tệp".
        if target is self.menus["Tệp"] and self.quit_action in target.actions():
            target.insertAction(self._quit_separator, action)
        else:
            target.addAction(action)
        return action

    def notify_changed(self, areas: Iterable[str]) -> None:
        """A write happened: the tabs showing any of these areas reload."""
        self.changed.emit(set(areas))

    def current_year(self) -> int:
        return self._year

    def set_year(self, year: int) -> None:
        """Choose the year every year-bound tab shows."""
        if self.year_box.findData(year) < 0:
            self._fill_years(sorted({*self._years(), year}))
        self.year_box.setCurrentIndex(self.year_box.findData(year))

    # --- building ----------------------------------------------------------------------------
    def _build_toolbar(self, years: list[int]) -> None:
        bar = QToolBar("Thanh công cụ", self)
        bar.setObjectName("main_toolbar")
        bar.setMovable(False)
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.addToolBar(bar)
        self.toolbar = bar
        label = QLabel(" Năm: ", bar)
        bar.addWidget(label)
        self.year_box = QComboBox(bar)
        self.year_box.setToolTip("Năm các danh sách đang hiển thị")
        self.year_box.setMinimumContentsLength(6)
        bar.addWidget(self.year_box)
        self._fill_years(years)
        self.year_box.setCurrentIndex(self.year_box.findData(self._year))
        self.year_box.currentIndexChanged.connect(self._on_year_box)
        bar.addSeparator()
        self.reload_action = bar.addAction("Tải lại", self.reload_all)
        self.reload_action.setShortcut(QKeySequence(Qt.Key.Key_F5))
        self.reload_action.setToolTip("Đọc lại dữ liệu (F5)")
        self.settings_action = bar.addAction("Cài đặt", self.open_settings)

    def _fill_years(self, years: list[int]) -> None:
        self.year_box.blockSignals(True)
        self.year_box.clear()
        for year in years:
            self.year_box.addItem(str(year), year)
        self.year_box.blockSignals(False)

    def _years(self) -> list[int]:
        return [self.year_box.itemData(i) for i in range(self.year_box.count())]

    def _build_menus(self) -> None:
        bar = self.menuBar()
        self.menus: dict[str, QMenu] = {}
        for title, shown in (("Tệp", "&Tệp"), ("Dữ liệu", "&Dữ liệu"), ("Công cụ", "&Công cụ"),
                             ("Trợ giúp", "T&rợ giúp")):
            self.menus[title] = bar.addMenu(shown)
        file_menu = self.menus["Tệp"]
        self._quit_separator = file_menu.addSeparator()
        self.quit_action = file_menu.addAction("Thoát", self.close)
        self.quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        self.menus["Dữ liệu"].addAction(self.reload_action)
        settings = self.menus["Công cụ"].addAction("Cài đặt…", self.open_settings)
        settings.setShortcut(QKeySequence("Ctrl+,"))
        self.menus["Trợ giúp"].addAction("Giới thiệu", self.open_about)

    def _build_status(self) -> None:
        status = self.statusBar()
        from app.server import where as shown_where

        where = str(self.db.path) if self.db.path else shown_where(self.db.url)  # never a password
        label = "Tệp dữ liệu" if self.db.path else "Máy chủ dữ liệu"
        self.file_label = QLabel(f"{label}: {where}", self)
        self.file_label.setToolTip(where)
        status.addPermanentWidget(self.file_label)
        if self.demo:
            demo = QLabel("DỮ LIỆU MẪU — thay đổi sẽ không được giữ lại", self)
            demo.setStyleSheet("color: #b00020; font-weight: bold;")
            status.addWidget(demo)

    # --- behaviour ---------------------------------------------------------------------------
    def _on_year_box(self, index: int) -> None:
        year = self.year_box.itemData(index)
        if year is not None and year != self._year:
            self._year = year
            self.year_changed.emit(year)

    def _on_changed(self, areas: set[str]) -> None:
        if "office" in areas:
            self._refresh_title()
        self._refresh_years()

    def _refresh_years(self) -> None:
        """Offer the years a write brought (an import of an old award book adds its years)."""
        def load() -> list[int]:
            with self.db.session() as session:
                return year_choices(session)

        def show(years: list[int]) -> None:
            if sorted({*years, self._year}) != self._years():
                self._fill_years(sorted({*years, self._year}))
                self.year_box.setCurrentIndex(self.year_box.findData(self._year))

        self.ops.run(load, on_done=show, parent=self)

    def _refresh_title(self) -> None:
        with self.db.session() as session:
            self.setWindowTitle(window_title(session))

    def reload_all(self) -> None:
        self.notify_changed(AREAS)

    def open_settings(self) -> SettingsDialog:
        dialog = SettingsDialog(self.db, self)
        if dialog.exec():
            self.notify_changed({"office"})
            if dialog.year_changed and dialog.working_year() is not None:
                self.set_year(dialog.working_year())
        return dialog

    def open_about(self) -> None:
        AboutDialog(str(self.db.path or self.db.url), self).exec()

    # --- kept between sessions ------------------------------------------------------------------
    def show_restored(self, today: dt.date | None = None) -> None:
        """Show the window where and as large as it was left (maximized the first time). The
        tab it was left on comes back the same day (work goes on after a restart); on a new
        day the home screen opens first, as the morning's view."""
        settings = window_settings()
        geometry = settings.value("window/geometry")
        title = settings.value("window/tab")
        if title and settings.value("window/tab_day") == (today or dt.date.today()).isoformat():
            for i in range(self.tabs.count()):
                if self.tabs.tabText(i) == title:
                    self.tabs.setCurrentIndex(i)
        if geometry and self.restoreGeometry(geometry):
            self.show()
        else:
            self.showMaximized()

    def save_view(self, today: dt.date | None = None) -> None:
        settings = window_settings()
        settings.setValue("window/geometry", self.saveGeometry())
        settings.setValue("window/tab", self.tabs.tabText(self.tabs.currentIndex()))
        settings.setValue("window/tab_day", (today or dt.date.today()).isoformat())
        settings.sync()

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        if self.isVisible():
            self.save_view()
        self.ops.shutdown()
        super().closeEvent(event)


def window_settings() -> QSettings:
    """Per-user view settings (the window's place, the last tab), beside the user's data."""
    return QSettings(str(config.data_dir() / "giao-dien.ini"), QSettings.Format.IniFormat)
