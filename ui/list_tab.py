"""The common shape of a list tab: one TablePanel whose rows come from an `app/` listing for
the chosen year, reloaded when the year changes or when a change concerns it.

A tab subclass gives its title, the areas it shows (`AREAS`, matched against
`MainWindow.notify_changed`), its columns and `fetch(session, year)`. Loading runs on the
database worker (ui/ops.py); a hidden tab only remembers it is stale and reloads when shown.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QVBoxLayout, QWidget

from app.database import Database
from ui.ops import Ops
from ui.reload_when_shown import ReloadWhenShown
from ui.table_model import Column
from ui.table_panel import TablePanel


class ListTab(ReloadWhenShown, QWidget):
    """Base class of the list tabs (movements, blocs, units, dossiers, ledger)."""

    TITLE = ""
    AREAS: frozenset[str] = frozenset()
    WRAP = False

    loaded = Signal()  # rows are on screen (tests and the benchmark wait for it)

    def __init__(self, db: Database, ops: Ops, year: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.db = db
        self.ops = ops
        self.year = year
        self._stale = True
        self._request = 0
        self.panel = TablePanel(self.panel_title(), self.columns(), self, wrap=self.WRAP,
                                row_font=self.row_font, row_color=self.row_color)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.panel)

    # --- what a subclass gives ---------------------------------------------------------------
    def columns(self) -> Sequence[Column]:
        raise NotImplementedError

    def fetch(self, session, year: int) -> list:
        raise NotImplementedError

    def row_font(self, row):
        return None

    def row_color(self, row):
        return None

    def panel_title(self) -> str:
        return f"{self.TITLE} năm {self.year}"

    # --- what the main window calls ----------------------------------------------------------
    def reload(self) -> None:
        self._stale = False
        self._request += 1
        request, year = self._request, self.year
        self.panel.title = self.panel_title()
        self.panel.set_loading()

        def load() -> list:
            with self.db.session() as session:
                return self.fetch(session, year)

        def show(rows: list) -> None:
            if request == self._request:  # a newer load (another year) wins
                self.panel.set_rows(rows)
                self.loaded.emit()

        self.ops.run(load, on_done=show, parent=self)
