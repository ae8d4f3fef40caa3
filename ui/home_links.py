"""Where a double-click on a home-screen line leads (`HomeTab.open_requested(kind, id)`):

- a dossier ("dossier"): its dossier dialog (ui/dossier_hooks.py), over the home screen;
- a plan task ("task"): tab "Kế hoạch năm" of the task's year, the task selected (Enter edits,
  Ctrl+D marks it done);
- a due some units have not met ("submission"): tab "Đơn vị và hồ sơ nộp" and the dialog
  "Hạn nộp, miễn nộp" with that due chosen, which lists each unit's state;
- a submission waiting for review ("import"): the same tab, its unit selected, and the unit's
  own dialog (what it owes and sent), as a double-click on the unit does;
- an inspection's follow-up ("follow_up"): ui/extras_tab.py opens it.

`install(window)` is the one call the main window makes.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog


class HomeLinks:
    def __init__(self, window):
        self.window = window
        self.last: QDialog | None = None  # the dialog opened last (tests look at it)

    def open(self, kind: str, ref_id: int) -> None:
        handler = {"dossier": self.open_dossier, "task": self.open_task,
                   "submission": self.open_due, "import": self.open_import}.get(kind)
        if handler is not None:
            handler(ref_id)

    # --- each kind ----------------------------------------------------------------------------
    def open_dossier(self, dossier_id: int) -> None:
        self.last = self.window.dossier_hooks.open_dossier(dossier_id)

    def open_task(self, task_id: int) -> None:
        self._show_tab(self.window.plan_tab, self._year_of("task", task_id),
                       lambda row: row.id == task_id)

    def open_due(self, due_id: int) -> None:
        from ui.submissions_dues_dialog import DuesDialog

        year = self._year_of("submission", due_id) or self.window.current_year()
        self._show_tab(self.window.submissions_tab, year, None)
        dialog = DuesDialog(self.window.db, self.window.ops, year, parent=self.window)
        rows = dialog.dues.shown_rows() if dialog.dues is not None else []
        at = next((i for i, r in enumerate(rows) if r.id == due_id), None)
        if at is not None:
            dialog.dues.table.selectRow(at)  # its units' states load below
        self._open(dialog)

    def open_import(self, submission_id: int) -> None:
        from ui.submissions_dues_dialog import DuesDialog

        item = self._item("import", submission_id)
        if item is None:
            return
        self._show_tab(self.window.submissions_tab, item.year, lambda row: row.id == item.unit_id)
        self._open(DuesDialog(self.window.db, self.window.ops, item.year, unit_id=item.unit_id,
                              parent=self.window))

    # --- helpers ------------------------------------------------------------------------------
    def _item(self, kind: str, ref_id: int):
        """The home line double-clicked (its year and unit are on it)."""
        summary = self.window.home_tab.summary
        if summary is None:
            return None
        lines = summary.imports if kind == "import" else summary.due
        return next((x for x in lines if (kind == "import" or x.kind == kind) and
                     (x.id if kind == "import" else x.ref_id) == ref_id), None)

    def _year_of(self, kind: str, ref_id: int) -> int | None:
        item = self._item(kind, ref_id)
        return getattr(item, "year", None)

    def _show_tab(self, tab, year: int | None, wanted: Callable | None) -> None:
        """Bring `tab` forward on `year` and, once its rows are on screen, select the wanted one."""
        if year is not None and year != self.window.current_year():
            self.window.set_year(year)
        self.window.tabs.setCurrentWidget(tab)
        if wanted is None:
            return
        panel = tab.panel
        if panel.loading:
            def once() -> None:
                tab.loaded.disconnect(once)
                select_row(panel, wanted)

            tab.loaded.connect(once)
        else:
            select_row(panel, wanted)

    def _open(self, dialog: QDialog) -> None:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        self.last = dialog


def select_row(panel, wanted: Callable) -> bool:
    """Select and show the first row `wanted(row)` accepts (clearing a search that hides it)."""
    if not any(wanted(r) for r in panel.shown_rows()) and panel.search.text():
        panel.set_search("")
    for i, row in enumerate(panel.shown_rows()):
        if wanted(row):
            panel.table.selectRow(i)
            panel.table.scrollTo(panel.proxy.index(i, 0))
            panel.table.setFocus()
            return True
    return False


def install(window) -> HomeLinks:
    links = HomeLinks(window)
    window.home_tab.open_requested.connect(links.open)
    window.home_tab.year_requested.connect(window.set_year)
    return links
