"""A widget that shows data from the database and follows the main window's year and changes:
while hidden it only marks itself stale, and reloads when it is shown (so a write reloads just
the screens the clerk is looking at, and the others on their turn).

Mixed in before QWidget: `class ListTab(ReloadWhenShown, QWidget)`. The widget sets `AREAS`
(the change areas it shows, see MainWindow.notify_changed), keeps `self.year`, and implements
`reload()`, which clears `self._stale`.
"""

from __future__ import annotations


class ReloadWhenShown:
    AREAS: frozenset[str] = frozenset()
    _stale: bool = True
    year: int

    def set_year(self, year: int) -> None:
        if year != self.year:
            self.year = year
            self.invalidate()

    def on_changed(self, areas: set[str]) -> None:
        if self.AREAS & set(areas):
            self.invalidate()

    def invalidate(self) -> None:
        """Mark the content stale; reload now if on screen, else when shown."""
        self._stale = True
        if self.isVisible():
            self.reload()

    def needs_reload(self) -> bool:
        return self._stale

    def showEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        if self.needs_reload():
            self.reload()
