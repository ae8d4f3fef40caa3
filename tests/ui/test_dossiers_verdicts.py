"""The dossiers tab's "Điều kiện" column: the nominees' kept verdicts counted per dossier, red
when any fails; "Kiểm tra điều kiện" re-checks the year; opening a dossier keeps nothing, work
done in it keeps its verdicts, and the list's line follows."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from db.models import Nominee

VERDICT_COLUMN = 6


def _show(window):
    window.tabs.setCurrentWidget(window.dossiers_tab)
    return window.dossiers_tab.panel


def _cell(panel, number):
    for i in range(panel.proxy.rowCount()):
        if panel.proxy.row_at(i).number == number:
            return panel.proxy.index(i, VERDICT_COLUMN)
    raise AssertionError(number)


def test_the_demo_shows_verdicts_without_opening_a_dossier(qtbot, demo_window):
    panel = _show(demo_window)
    assert panel.model.headerData(VERDICT_COLUMN, Qt.Orientation.Horizontal) == "Điều kiện"
    failing = next(r for r in panel.shown_rows() if r.fails)
    cell = _cell(panel, failing.number)
    assert cell.data() == f"{failing.meets} đạt, {failing.fails} không đạt, {failing.unknown} chưa rõ"
    assert cell.data(Qt.ItemDataRole.ForegroundRole).color() == QColor("#a8001c")
    assert "Không đủ điều kiện: " in cell.data(Qt.ItemDataRole.ToolTipRole)
    fine = next(r for r in panel.shown_rows() if r.nominees and not (r.fails or r.unknown or r.unchecked))
    assert _cell(panel, fine.number).data(Qt.ItemDataRole.ForegroundRole) is None


def test_checking_the_year_fills_the_column(qtbot, window):
    panel = _show(window)
    assert _cell(panel, "HS-2025-0001").data() == "Chưa xét"
    action = next(a for a in panel.toolbar.actions() if a.text() == "Kiểm tra điều kiện")
    action.trigger()
    counts = window.dossier_hooks.last_check
    assert sum(counts.values()) == 5  # one nominee in each of the five dossiers
    for number in ("HS-2025-0001", "HS-2025-0003"):  # the decided one gets the verdict it never had
        text = _cell(panel, number).data()
        assert text != "Chưa xét" and text.endswith("chưa rõ")
    assert "Đã kiểm tra điều kiện 5 người" in window.statusBar().currentMessage()


def test_opening_keeps_nothing_work_in_the_dossier_keeps_its_verdicts_for_the_list(qtbot, window):
    panel = _show(window)
    row = next(r for r in panel.shown_rows() if r.number == "HS-2025-0002")
    dialog = window.dossier_hooks.open_dossier(row.id)
    nominee = dialog.detail.nominees[0]
    assert nominee.verdict_text  # the window shows a fresh verdict ...
    with window.db.session() as s:
        stored = s.get(Nominee, nominee.id)
        assert (stored.verdict, stored.version) == ("", 1)  # ... and opening wrote nothing
    dialog.accept()
    assert _cell(panel, "HS-2025-0002").data() == "Chưa xét"  # a look leaves the list as it was
    dialog = window.dossier_hooks.open_dossier(row.id)
    dialog.select_nominee(nominee.name)
    dialog.ask = lambda *a, **k: "Hội đồng xem xét thêm"  # asked if the check says it fails
    dialog.appraise_selected("approved")  # work done in the window keeps the verdicts
    with window.db.session() as s:
        assert s.get(Nominee, nominee.id).verdict == nominee.verdict
    dialog.accept()
    assert _cell(panel, "HS-2025-0002").data() != "Chưa xét"
