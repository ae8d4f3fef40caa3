"""Dữ liệu → Sáp nhập đơn vị… with real widgets: one unit merged into another, and the demo
office's 1/7/2025 merger map shown, then applied."""

from __future__ import annotations

from sqlalchemy import select

from db.models import Unit
from ui.unit_merge_dialog import UnitMergeDialog


def test_one_unit_merged_into_another(qtbot, office_db, ops):
    written = []
    dialog = UnitMergeDialog(office_db, ops, on_written=written.append)
    qtbot.addWidget(dialog)
    dialog.show()
    names = [dialog.unit_box.itemText(i) for i in range(dialog.unit_box.count())]
    assert "UBND xã Khun Há" in names
    dialog.unit_box.setCurrentIndex(dialog.unit_box.findText("UBND xã Khun Há"))
    dialog.into_box.setCurrentIndex(dialog.into_box.findText("UBND xã Bản Bo"))
    dialog.merge()
    assert "UBND xã Khun Há vào UBND xã Bản Bo" in dialog.message.text()
    assert dialog.unit_box.findText("UBND xã Khun Há") == -1  # merged units are no longer offered
    assert written and "units" in written[0]
    with office_db.session() as s:
        kh = s.scalar(select(Unit).where(Unit.name == "UBND xã Khun Há"))
        assert kh.merged_into_id is not None and kh.merged_on.isoformat() == "2025-07-01"


def test_the_merger_map_is_shown_then_applied(qtbot, demo_db, ops, tmp_path):
    dialog = UnitMergeDialog(demo_db, ops)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.plan.rowCount() == 6
    rows = {(dialog.plan.item(i, 0).text(), dialog.plan.item(i, 1).text()) for i in range(6)}
    assert ("UBND xã Nà Tăm", "UBND xã Bản Bo") in rows and ("UBND xã Bản Hon", "UBND xã Khun Há") in rows
    assert dialog.apply_button.isEnabled()
    dialog.grab().save(str(tmp_path / "unit-merge.png"))
    dialog.apply_map()
    assert "Đã sáp nhập" in dialog.message.text() and not dialog.apply_button.isEnabled()
    assert {dialog.plan.item(i, 5).text() for i in range(6)} == {"đã sáp nhập trước đây"}
    with demo_db.session() as s:
        assert s.scalar(select(Unit.merged_into_id).where(Unit.code == "XA_GIANG_MA")) == s.scalar(
            select(Unit.id).where(Unit.code == "XA_TA_LENG"))
