"""The home screen on the hand-counted office (tests/app/report_office.py, Monday 15/12/2025),
and as the main window's first tab."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "app"))

from report_office import TODAY, build_report_office  # noqa: E402

from ui.home_tab import OVERDUE, HomeTab  # noqa: E402


@pytest.fixture
def office(db):
    return db, build_report_office(db)


@pytest.fixture
def home(qtbot, office, ops):
    db, _ids = office
    tab = HomeTab(db, ops, 2025, today=TODAY)
    qtbot.addWidget(tab)
    tab.resize(1366, 720)
    tab.show()
    return tab


def cells(panel, row):
    return [panel.proxy.index(row, c).data() for c in range(panel.proxy.columnCount())]


def test_heading_and_cards(home):
    assert home.heading.text() == "Thứ Hai, ngày 15/12/2025 — năm làm việc 2025"
    cards = {key: (card.value.text(), card.detail.text()) for key, card in home.cards.items()}
    assert cards["overdue"] == ("4", "3 việc đến hạn trong 7 ngày tới")
    assert cards["awards"] == ("12", "danh hiệu 7 · hình thức 5 · 1 đã thu hồi — 4 người được khen cá nhân — "
                               "do UBND huyện Tam Đường quyết định 7 · do cấp trên quyết định 3 · "
                               # the commune chairman's titles of late 2025: the district's successor
                               "do Chủ tịch UBND cấp xã quyết định (kế thừa thẩm quyền cấp huyện "
                               "từ 01/07/2025) 2")
    assert cards["dossiers"] == ("6", "đã quyết định 2 · đang xử lý 3")
    assert cards["late"][0] == "4"
    assert cards["money"][0] == "12.190.000"


def test_due_list_overdue_in_red_with_days(home):
    panel = home.due[2]
    assert home.due[1].text() == "Đến hạn trong 7 ngày tới và đã quá hạn (7)"
    assert panel.proxy.rowCount() == 7
    first = cells(panel, 0)
    assert first[:3] == ["15/02/2025", "quá hạn 303 ngày", "Hạn nộp"]
    assert first[4] == "1 đơn vị chưa nộp"
    assert panel.proxy.index(0, 3).data(Qt.ItemDataRole.ForegroundRole).color().name() == OVERDUE
    last = cells(panel, 6)
    assert last[:3] == ["21/12/2025", "còn 6 ngày", "Hồ sơ"]
    assert panel.proxy.index(6, 3).data(Qt.ItemDataRole.ForegroundRole) is None


def test_waiting_lists(home, office):
    _db, ids = office
    appraisal, imports = home.appraisal[2], home.imports[2]
    assert home.appraisal[1].text() == "Hồ sơ chờ thẩm định (2)"
    assert [r.id for r in appraisal.rows()] == [ids["d4"], ids["d7"]]
    assert cells(appraisal, 0)[2:5] == ["Đang thẩm định", "01/12/2025", "quá hạn 14 ngày"]
    assert home.imports[1].text() == "Tệp nhập chờ xem xét (1)"
    assert cells(imports, 0)[:4] == ["UBND xã Bản Bo", "Báo cáo tổng kết", "2025", "10/12/2025"]


def test_double_click_asks_to_open_the_record(home, office, qtbot):
    _db, ids = office
    panel = home.appraisal[2]
    with qtbot.waitSignal(home.open_requested, timeout=1000) as signal:
        panel.table.doubleClicked.emit(panel.proxy.index(0, 1))
    assert signal.args == ["dossier", ids["d4"]]


def test_reloads_on_change_and_on_year(home, office):
    db, ids = office
    from db.models import Dossier

    with db.session() as s:
        s.get(Dossier, ids["d4"]).status = "appraised"
    home.on_changed({"dossiers"})
    assert [r.id for r in home.appraisal[2].rows()] == [ids["d7"]]
    home.set_year(2024)
    assert home.cards["awards"].value.text() == "1"
    assert home.minimumSizeHint().width() <= 1366


def test_main_window_opens_on_the_home_screen(window):
    assert window.tabs.tabText(0) == "Trang chủ"
    assert window.tabs.currentWidget() is window.home_tab
    assert window.tabs.tabText(window.tabs.count() - 1) == "Báo cáo"
    assert window.home_tab.summary is not None  # loaded when shown
    window.set_year(2024)
    assert window.home_tab.summary.year == 2024
    assert window.reports_tab.filters()["year"] == 2024


LATER = TODAY.replace(year=2026, month=3, day=2)


def test_a_past_year_shows_what_is_left_undone_not_days_overdue(qtbot, office, ops):
    db, _ids = office
    tab = HomeTab(db, ops, 2025, today=LATER)
    qtbot.addWidget(tab)
    tab.resize(1366, 720)
    tab.show()
    assert tab.heading.text() == "Năm 2025 đã kết thúc — hôm nay thứ Hai, ngày 02/03/2026"
    assert tab.banner.isVisible() and "còn tồn đọng" in tab.banner_text.text()
    assert tab.cards["overdue"].caption.text() == "Việc còn tồn đọng"
    assert tab.cards["overdue"].value.text() == "8"
    assert tab.cards["awards"].caption.text() == "Khen thưởng năm 2025"
    assert tab.due[1].text() == "Việc năm 2025 còn tồn đọng (8)"
    assert tab.appraisal[1].text() == "Hồ sơ năm 2025 chưa thẩm định xong (2)"
    states = [cells(tab.due[2], r)[1] for r in range(tab.due[2].proxy.rowCount())]
    assert set(states) == {"chưa nộp đủ", "chưa giải quyết", "chưa hoàn thành"}
    assert all("quá hạn" not in cells(tab.appraisal[2], r)[4] for r in range(2))
    with qtbot.waitSignal(tab.year_requested, timeout=1000) as signal:
        tab.banner_button.click()
    assert tab.banner_button.text() == "Xem năm 2026" and signal.args == [2026]
    tab.set_year(2026)  # this year: the week's deadlines again, no banner
    assert not tab.banner.isVisible() and tab.cards["overdue"].caption.text() == "Việc quá hạn"


class DeferredOps:
    """Keeps the job until `finish()`: what the screen shows while the worker computes."""

    def __init__(self):
        self.jobs = []

    def run(self, fn, *, on_done=None, **_kw):
        self.jobs.append((fn, on_done))

    def finish(self):
        while self.jobs:
            fn, on_done = self.jobs.pop(0)
            on_done(fn())


def test_the_screen_paints_at_once_and_says_it_is_loading(qtbot, office):
    db, _ids = office
    ops = DeferredOps()
    tab = HomeTab(db, ops, 2025, today=TODAY)
    qtbot.addWidget(tab)
    tab.show()
    assert len(ops.jobs) == 1 and tab.summary is None
    assert tab.status.isVisible() and tab.status.text() == "Đang tải…"
    assert tab.due[2].empty_label.isVisible() and tab.due[2].empty_label.text() == "Đang tải…"
    ops.finish()
    assert not tab.status.isVisible() and tab.summary is not None
    assert not tab.due[2].empty_label.isVisible()


def test_the_content_is_computed_off_the_gui_thread(qtbot, office, monkeypatch):
    import threading

    import ui.home_tab as home_tab
    from ui.ops import Ops

    db, _ids = office
    threads = []
    real = home_tab.home_summary
    monkeypatch.setattr(home_tab, "home_summary",
                        lambda *a, **kw: threads.append(threading.current_thread()) or real(*a, **kw))
    ops = Ops()
    tab = HomeTab(db, ops, 2025, today=TODAY)
    qtbot.addWidget(tab)
    with qtbot.waitSignal(tab.loaded, timeout=10_000):
        tab.show()
    ops.shutdown()
    assert threads and threads[0] is not threading.main_thread()
    assert tab.cards["awards"].value.text() == "12"


def test_nothing_due_says_so(qtbot, db, ops):
    tab = HomeTab(db, ops, 2025, today=TODAY)  # an office with nothing in it yet
    qtbot.addWidget(tab)
    tab.resize(1200, 700)
    tab.show()
    assert tab.due[2].empty_label.text() == "Không có việc nào đến hạn hay quá hạn."
    assert tab.imports[2].empty_label.isVisible()


def test_a_past_year_drops_the_waiting_dossiers_repeated_state(qtbot, office, ops):
    db, _ids = office
    tab = HomeTab(db, ops, 2025, today=LATER)
    qtbot.addWidget(tab)
    tab.resize(1366, 720)
    tab.show()
    panel = tab.appraisal[2]
    header = panel.table.horizontalHeader()
    assert header.isSectionHidden(4)
    used = sum(header.sectionSize(i) for i in range(4))
    assert used >= panel._available_width() - 2  # the room goes to the columns shown
    tab.set_year(2026)
    assert not header.isSectionHidden(4)
