"""The "In…" actions in the main window: tab buttons and the "In" menu open the preview of the
right document; a line without a decision, or no line chosen, gets a clear message; the
certificate calibration dialog saves its offsets."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "app" / "printing"))

from ui import ops as ops_module  # noqa: E402
from ui import print_actions  # noqa: E402
from ui.print_preview import PrintPreviewDialog  # noqa: E402


@pytest.fixture
def opened(monkeypatch):
    dialogs: list[PrintPreviewDialog] = []
    monkeypatch.setattr(PrintPreviewDialog, "open", lambda self: dialogs.append(self))
    yield dialogs
    for dialog in dialogs:
        dialog.done(0)


@pytest.fixture
def told(monkeypatch):
    messages: list[str] = []
    monkeypatch.setattr(print_actions.QMessageBox, "information",
                        lambda _parent, _title, text: messages.append(text))
    monkeypatch.setattr(ops_module, "show_failure", lambda exc, parent=None: messages.append(str(exc)))
    return messages


def _action(panel, text):
    return next(a for a in panel.toolbar.actions() if a.text() == text)


def _select(tab, predicate) -> None:
    tab.reload()
    rows = tab.panel.shown_rows()
    index = next(i for i, row in enumerate(rows) if predicate(row))
    tab.panel.table.setCurrentIndex(tab.panel.proxy.index(index, 0))


def test_tabs_and_menu_offer_printing(window):
    assert {"In thẩm định", "In tờ trình"} <= {a.text() for a in window.dossiers_tab.panel.toolbar.actions()}
    assert {"In quyết định", "In giấy khen", "In lên phôi"} <= {
        a.text() for a in window.awards_tab.panel.toolbar.actions()}
    assert "In bảng điểm" in {a.text() for a in window.blocs_tab.panel.toolbar.actions()}
    assert "In DS chưa nộp" in {a.text() for a in window.submissions_tab.panel.toolbar.actions()}
    items = [a.text() for a in window.print_menu.actions() if a.text()]
    assert "Báo cáo số liệu thi đua, khen thưởng năm…" in items and "Căn chỉnh phôi giấy khen…" in items


def test_decision_of_the_chosen_ledger_line(window, opened, told):
    import print_factories as f

    with window.db.session() as s:
        f.make_decision(s, [("GK", "individual", "Giàng Thị Dợ", "Giáo viên", "Trường Mầm non")],
                        number="77/QĐ-UBND")
    _select(window.awards_tab, lambda r: r.recipient == "Giàng Thị Dợ")
    _action(window.awards_tab.panel, "In quyết định").trigger()
    assert opened and "77/QĐ-UBND" in opened[-1].document.title and not told
    _action(window.awards_tab.panel, "In giấy khen").trigger()
    assert opened[-1].document.pages == 1 and opened[-1].document.award_ids


def test_ledger_line_without_decision_and_no_selection(window, opened, told):
    _select(window.awards_tab, lambda r: r.recipient == "Lò Thị Mai")
    _action(window.awards_tab.panel, "In quyết định").trigger()
    assert not opened and "không gắn với quyết định nào" in told[-1]
    window.dossiers_tab.panel.table.setCurrentIndex(window.dossiers_tab.panel.proxy.index(-1, -1))
    _action(window.dossiers_tab.panel, "In thẩm định").trigger()
    assert "Hãy chọn một hồ sơ" in told[-1]


def test_appraisal_of_the_chosen_dossier(window, opened, told):
    _select(window.dossiers_tab, lambda r: r.number == "HS-2025-0002")
    _action(window.dossiers_tab.panel, "In thẩm định").trigger()
    assert opened and opened[-1].document.title == "Báo cáo thẩm định hồ sơ HS-2025-0002"


def test_menu_prints_the_year_report_and_bloc_scores(window, opened, told):
    next(a for a in window.print_menu.actions() if a.text().startswith("Báo cáo số liệu")).trigger()
    assert opened[-1].document.title == "Báo cáo số liệu thi đua, khen thưởng năm 2025"
    _action(window.blocs_tab.panel, "In bảng điểm").trigger()
    assert opened[-1].document.title.startswith("Bảng tổng hợp điểm thi đua năm 2025")


def test_calibration_dialog_saves_offsets(qtbot, window, opened):
    from app.printing.certificates import get_offsets

    dialog = print_actions.CalibrationDialog(window.db, window.ops, window)
    qtbot.addWidget(dialog)
    dialog.dx.setValue(2.5)
    dialog.dy.setValue(-1)
    dialog.test_page()
    with window.db.session() as s:
        assert get_offsets(s) == (2.5, -1.0)
    assert opened[-1].document.title == "Trang in thử căn chỉnh phôi bằng"
