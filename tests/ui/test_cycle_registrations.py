"""The registrations tab on the demo office (titles, the exemplar register, units short of
exemplars, registered-vs-proposed warnings) and adding an exemplar by hand."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from app.registrations import list_registrations
from db.models import Unit
from ui.registrations_tab import RegistrationDialog


def test_registrations_tab_pages_on_the_demo(demo_window):
    tab = demo_window.registrations_tab
    demo_window.set_year(2025)
    demo_window.tabs.setCurrentWidget(tab)
    texts = [tab.pages.tabText(i) for i in range(tab.pages.count())]
    assert [t.split(" (")[0] for t in texts] == ["Đăng ký danh hiệu", "Sổ điển hình tiên tiến",
                                                 "Đơn vị chưa đủ điển hình", "Đối chiếu đăng ký – đề nghị"]
    counts = [int(t.split("(")[1].rstrip(")")) for t in texts]
    assert all(n > 0 for n in counts), texts  # the demo has units without exemplars and warnings
    assert all(r.is_exemplar for r in tab.register.rows())
    assert {r.missing for r in tab.gaps.rows()} >= {"Chưa gửi đăng ký thi đua"}
    codes = {r.code for r in tab.compare.rows()}
    assert codes <= {"registration_not_registered", "registration_other_title"} and codes
    tab.pages.setCurrentWidget(tab.compare)
    assert tab.panel is tab.compare  # what exports read: the page on screen


def test_add_an_exemplar_by_hand(qtbot, office_db):
    with office_db.session() as s:
        unit_id = s.scalar(select(Unit.id).where(Unit.code == "KH"))
    dialog = RegistrationDialog(office_db, 2025, exemplar=True)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.exemplar.isChecked()
    dialog.unit.setCurrentIndex(dialog.unit.findData(unit_id))
    dialog.accept()
    assert dialog.error_label.text() == "Chưa nhập tên cá nhân hoặc tập thể đăng ký."
    assert dialog.focusWidget() is dialog.name
    dialog.name.setText("Tổ hợp tác dệt thổ cẩm bản Nà Khum")
    dialog.model.setPlainText("Giữ nghề dệt truyền thống, tạo việc làm cho phụ nữ")
    dialog.publicity.setText("Chuyên mục Gương người tốt việc tốt")
    dialog.publicised_on.setText("02/09/2025")
    dialog.accept()
    assert not dialog.isVisible()
    with office_db.session() as s:
        row = list_registrations(s, 2025, exemplars=True)[0]
    assert (row.unit, row.name, row.publicised_on, row.source) == (
        "UBND xã Khun Há", "Tổ hợp tác dệt thổ cẩm bản Nà Khum", dt.date(2025, 9, 2), "Nhập tay")
