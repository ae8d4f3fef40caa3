"""The main window on the demo office: each tab a real table, searchable without diacritics,
following the year selector; menus in Vietnamese; tabs reload only when concerned."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QLabel, QMenu, QWidget

from app.awards import list_ledger
from app.blocs import list_blocs
from app.text import fold


def show(window, tab):
    window.tabs.setCurrentWidget(tab)
    return tab.panel


def test_title_names_the_office(demo_window):
    assert demo_window.windowTitle().startswith("TĐKT — Phòng Nội vụ")
    assert "Tam Đường" in demo_window.windowTitle()


def test_each_tab_shows_demo_rows(demo_window):
    tabs = [demo_window.tabs.widget(i) for i in range(demo_window.tabs.count())]
    assert [demo_window.tabs.tabText(i) for i in range(len(tabs))] == [
        "Trang chủ", "Đơn vị, cá nhân", "Phong trào thi đua", "Kế hoạch năm", "Khối thi đua", "Đăng ký thi đua",
        "Đơn vị và hồ sơ nộp", "Hồ sơ khen thưởng", "Sổ khen thưởng", "Công tác khác", "Báo cáo"]
    for tab in tabs:
        panel = show(demo_window, tab)
        n = panel.model.rowCount()
        assert n > 0, tab.TITLE
        assert panel.proxy.rowCount() == n
        assert panel.count_label.text() == f"Hiển thị {n:,}/{n:,}".replace(",", ".")
        assert panel.cut_headers() == [], tab.TITLE
        first = panel.proxy.index(0, 0).data()
        assert first, tab.TITLE  # a real value is on screen
    movements = [r.name for r in demo_window.movements_tab.panel.rows()]
    assert any("nông thôn mới" in name for name in movements)


@pytest.mark.parametrize("typed", ["nong thon moi", "NÔNG THÔN MỚI", "nông thon moi"])
def test_movement_search_with_or_without_diacritics(demo_window, typed):
    panel = show(demo_window, demo_window.movements_tab)
    total = panel.model.rowCount()
    panel.set_search(typed)
    names = [r.name for r in panel.shown_rows()]
    assert names and all("nông thôn mới" in n.lower() for n in names)
    assert len(names) < total
    assert panel.count_label.text() == f"Hiển thị {len(names)}/{total}"


def test_ledger_search_finds_a_person_typed_without_diacritics(demo_window, qtbot):
    panel = show(demo_window, demo_window.awards_tab)
    # A person of the demo with diacritics in the name, typed the lazy way.
    target = next(r for r in panel.rows() if r.subject == "Cá nhân" and fold(r.recipient) != r.recipient.lower())
    typed = fold(target.recipient)
    qtbot.keyClicks(panel.search, typed)
    panel.flush_search()
    shown = panel.shown_rows()
    assert target in shown
    assert all(typed in r.search for r in shown)
    assert panel.proxy.rowCount() < panel.model.rowCount()
    assert panel.count_label.text().startswith(f"Hiển thị {len(shown)}/")


def test_year_selector_changes_the_blocs_tab(demo_window, demo_db):
    with demo_db.session() as s:
        expected = {y: [(b.name, b.head, b.deputy) for b in list_blocs(s, y)] for y in (2024, 2025)}
    assert expected[2024] and expected[2025]
    assert {h for _n, h, _d in expected[2024]} != {h for _n, h, _d in expected[2025]}
    panel = show(demo_window, demo_window.blocs_tab)
    demo_window.set_year(2025)
    assert [(r.name, r.head, r.deputy) for r in panel.rows()] == expected[2025]
    demo_window.set_year(2024)
    assert demo_window.year_box.currentText() == "2024"
    assert [(r.name, r.head, r.deputy) for r in panel.rows()] == expected[2024]
    assert panel.title == "Khối thi đua năm 2024"


def test_hidden_tabs_follow_the_year_when_shown(demo_window, demo_db):
    show(demo_window, demo_window.movements_tab)
    demo_window.set_year(2024)
    panel = show(demo_window, demo_window.awards_tab)
    assert {r.year for r in panel.rows()} == {2024}
    with demo_db.session() as s:
        assert len(panel.rows()) == len(list_ledger(s, 2024))


def test_ledger_all_years_option(demo_window, demo_db):
    tab = demo_window.awards_tab
    panel = show(demo_window, tab)
    one_year = panel.model.rowCount()
    tab.all_years_box.setChecked(True)
    with demo_db.session() as s:
        assert panel.model.rowCount() == len(list_ledger(s, None)) > one_year
    assert len({r.year for r in panel.rows()}) >= 3
    assert panel.title == "Sổ khen thưởng — tất cả các năm"
    demo_window.set_year(2024)  # the year selector does not narrow "all years"
    assert panel.model.rowCount() > one_year


def test_revoked_awards_are_marked(window):
    panel = show(window, window.awards_tab)
    window.awards_tab.all_years_box.setChecked(True)
    revoked = [i for i in range(panel.proxy.rowCount()) if panel.proxy.row_at(i).revoked]
    assert len(revoked) == 1
    row = revoked[0]
    assert panel.proxy.index(row, 10).data() == "Đã thu hồi"
    assert panel.proxy.index(row, 0).data(Qt.ItemDataRole.FontRole).strikeOut()


def test_notify_changed_reloads_only_concerned_tabs(window, monkeypatch):
    calls = []
    for tab in (window.movements_tab, window.blocs_tab, window.submissions_tab,
                window.dossiers_tab, window.awards_tab):
        original = tab.fetch
        monkeypatch.setattr(tab, "fetch", lambda s, y, tab=tab, original=original:
                            calls.append(tab.TITLE) or original(s, y))
    show(window, window.dossiers_tab)
    calls.clear()
    window.notify_changed({"dossiers"})
    assert calls == ["Hồ sơ khen thưởng"]
    window.notify_changed({"ledger"})  # the ledger tab is hidden: it reloads when shown
    assert calls == ["Hồ sơ khen thưởng"]
    show(window, window.awards_tab)
    assert calls == ["Hồ sơ khen thưởng", "Sổ khen thưởng"]
    show(window, window.dossiers_tab)  # not stale: shown again without a reload
    assert calls == ["Hồ sơ khen thưởng", "Sổ khen thưởng"]


def test_menus_and_toolbar_in_vietnamese(window):
    titles = [a.text().replace("&", "") for a in window.menuBar().actions()]
    assert titles == ["Tệp", "Dữ liệu", "Công cụ", "Trợ giúp"]
    texts = {a.text() for menu in window.menus.values() for a in menu.actions()}
    assert {"Cài đặt…", "Giới thiệu", "Thoát", "Tải lại"} <= texts


ENGLISH = re.compile(r"\b(File|Edit|View|Help|Settings|About|Quit|Exit|Search|Show|Year|Open|"
                     r"Close|Save|Cancel|Reload|Tools|Data|Loading|Error|Total)\b")


def test_no_english_a_user_can_see(window):
    texts = [a.text() for a in window.findChildren(type(window.quit_action))]
    texts += [w.text() for w in window.findChildren(QLabel) + window.findChildren(QAbstractButton)]
    texts += [w.placeholderText() for w in window.findChildren(QWidget) if hasattr(w, "placeholderText")]
    texts += [m.title() for m in window.findChildren(QMenu)]
    for i in range(window.tabs.count()):
        tab = window.tabs.widget(i)
        texts.append(window.tabs.tabText(i))
        texts += [c.header for c in tab.panel.model.columns]
    english = [t for t in texts if ENGLISH.search(t.replace("&", ""))]
    assert english == []


def test_added_tab_and_menu_action_follow_the_window(window):
    seen = []

    class Report(QWidget):
        def set_year(self, year):
            seen.append(("year", year))

        def on_changed(self, areas):
            seen.append(("changed", frozenset(areas)))

    index = window.add_tab(Report(), "Báo cáo")
    assert window.tabs.tabText(index) == "Báo cáo"
    action = window.add_menu_action("Dữ liệu", "Nhập Excel…", lambda: seen.append("import"))
    action.trigger()
    window.set_year(2024)
    window.notify_changed({"ledger"})
    assert seen == ["import", ("year", 2024), ("changed", frozenset({"ledger"}))]
    file_menu = window.add_menu_action("Tệp", "Sao lưu…", lambda: None)
    assert window.menus["Tệp"].actions()[-1] is window.quit_action
    assert file_menu in window.menus["Tệp"].actions()


def test_about_shows_the_version(window, monkeypatch):
    from app import __version__
    from ui.about_dialog import AboutDialog

    shown = []
    monkeypatch.setattr(AboutDialog, "exec", lambda self: shown.append(self) or 0)
    window.open_about()
    assert shown and __version__ in shown[0].findChild(QLabel).text()


def test_a_write_that_brings_a_new_year_adds_it_to_the_selector(window, office_db):
    from app.awards import award_search_key
    from db.models import Award, AwardType

    assert window.year_box.findData(2019) < 0
    with office_db.session() as s:  # what an import of an old award book leaves behind
        award_type = s.query(AwardType).first()
        s.add(Award(subject="individual", recipient_name="Lò Văn Tiến", award_type_id=award_type.id,
                    year=2019, kind="regular", search_key=award_search_key("Lò Văn Tiến", "", "", "")))
    window.notify_changed({"ledger"})
    assert window.year_box.findData(2019) >= 0
    assert window.year_box.currentData() == window.current_year() == 2025  # the choice stays
    window.set_year(2019)
    assert window.awards_tab.year == 2019


def test_size_place_and_tab_are_kept_between_sessions(qtbot, office_db, ops):
    from ui.main_window import MainWindow

    day = dt.date(2026, 3, 2)
    first = MainWindow(office_db, ops)
    qtbot.addWidget(first)
    first.show_restored(day)
    assert first.isMaximized()  # the first time
    first.showNormal()
    first.setGeometry(40, 50, 1100, 640)
    first.tabs.setCurrentWidget(first.awards_tab)
    first.save_view(day)  # what closing the window does (on the real day)

    again = MainWindow(office_db, ops)
    qtbot.addWidget(again)
    again.show_restored(day)
    # (The offscreen screen is 800 pixels wide: Qt keeps the width on it, the rest as left.)
    assert not again.isMaximized() and again.height() == 640 and abs(again.y() - 50) <= 4
    assert again.tabs.currentWidget() is again.awards_tab  # same day: work goes on
    again.showMaximized()
    again.save_view(day)
    maximized = MainWindow(office_db, ops)
    qtbot.addWidget(maximized)
    maximized.show_restored(day)
    assert maximized.isMaximized()
    next_day = MainWindow(office_db, ops)
    qtbot.addWidget(next_day)
    next_day.show_restored(day + dt.timedelta(days=1))
    assert next_day.tabs.currentWidget() is next_day.home_tab  # a new day opens on the home screen


def test_the_window_fits_a_screen_narrower_than_1366(window):
    # Older office monitors are 1280 pixels wide: no tab may hold the window wider.
    assert window.minimumSizeHint().width() <= 1280


def test_closing_the_window_keeps_its_view(window):
    from ui.main_window import window_settings

    window.tabs.setCurrentWidget(window.dossiers_tab)
    window.close()
    settings = window_settings()
    assert settings.value("window/tab") == "Hồ sơ khen thưởng"
    assert settings.value("window/tab_day") == dt.date.today().isoformat()
    assert settings.value("window/geometry")
