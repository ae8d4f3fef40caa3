"""The dossier screens in the main window: a double-click opens the dossier, the dossiers tab
receives a new one, the ledger tab opens the selected recipient's history."""

from __future__ import annotations

from ui.dossier_dialog import DossierDialog
from ui.dossier_form import ReceiveDialog
from ui.dossier_hooks import install
from ui.person_history_dialog import PersonHistoryDialog
from ui.quotas_dialog import QuotasDialog


def hooks_of(window):
    return getattr(window, "dossier_hooks", None) or install(window)


def test_double_click_opens_the_dossier(qtbot, window):
    hooks = hooks_of(window)
    window.tabs.setCurrentWidget(window.dossiers_tab)
    panel = window.dossiers_tab.panel
    row = next(r for r in panel.rows() if r.number == "HS-2025-0002")
    panel.row_activated.emit(row)
    assert isinstance(hooks.last, DossierDialog)
    assert hooks.last.windowTitle() == "Hồ sơ HS-2025-0002 — UBND xã Bản Bo"
    assert hooks.last.nominees.rowCount() == 1
    hooks.last.close()


def test_receive_history_and_quotas_actions(qtbot, window):
    hooks = hooks_of(window)
    texts = [a.text() for a in window.dossiers_tab.panel.toolbar.actions()]
    assert "Tiếp nhận hồ sơ…" in texts
    next(a for a in window.dossiers_tab.panel.toolbar.actions() if a.text() == "Tiếp nhận hồ sơ…").trigger()
    assert isinstance(hooks.last, ReceiveDialog) and hooks.last.year.value() == 2025
    hooks.last.close()
    window.tabs.setCurrentWidget(window.awards_tab)
    panel = window.awards_tab.panel
    panel.set_search("Lò Thị Mai")
    panel.table.selectRow(0)
    next(a for a in panel.toolbar.actions() if a.text() == "Lịch sử khen thưởng…").trigger()
    assert isinstance(hooks.last, PersonHistoryDialog)
    assert hooks.last.search.text() == "Lò Thị Mai"
    hooks.last.close()
    hooks.quotas()
    assert isinstance(hooks.last, QuotasDialog)
    assert "Tổng tiền thưởng do cơ quan chi" in hooks.last.totals.text()
