"""The dossier window on a small office: verdicts in colour and words with their articles,
appraisal, refused moves explained, documents and scans, public notice, deciding."""

from __future__ import annotations

import datetime as dt
import re
import sys
from pathlib import Path

import pytest
from sqlalchemy import select

sys.path.insert(0, str(Path(__file__).resolve().parent))

from dossier_office import build  # noqa: E402

from app.council import add_member  # noqa: E402
from app.council_session import hold_council  # noqa: E402
from app.dossiers import STATUSES  # noqa: E402
from db.models import Award, AwardType, CouncilMember, Dossier  # noqa: E402
from ui.dossier_dialog import DossierDialog  # noqa: E402
from ui.dossier_widgets import VERDICT_COLORS  # noqa: E402


@pytest.fixture
def office(db):
    return db, build(db)


def open_dialog(qtbot, db, ids, ops):
    dialog = DossierDialog(db, ops, ids["dossier"])
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def row_of(dialog, name, award):
    for r in range(dialog.nominees.rowCount()):
        if dialog.nominees.item(r, 1).text().startswith(name) and dialog.nominees.item(r, 2).text() == award:
            return r
    raise AssertionError(f"{name} / {award} not shown")


def test_header_and_verdicts_show_in_colour_and_words(qtbot, office, ops):
    db, ids = office
    dialog = open_dialog(qtbot, db, ids, ops)
    assert dialog.windowTitle() == f"Hồ sơ {ids['number']} — UBND xã Bản Bo"
    assert dialog.fields["status"].text() == "<b>Đã tiếp nhận</b>"
    assert "18/12/2025" in dialog.fields["due"].text()
    assert "Báo cáo thành tích" in dialog.fields["missing"].text()
    cell = dialog.nominees.item(row_of(dialog, "Nguyễn Văn An", "Lao động tiên tiến"), 3)
    assert cell.text() == "Đủ điều kiện"
    assert cell.background().color().name() == VERDICT_COLORS["meets"][1]
    fails = dialog.nominees.item(row_of(dialog, "Lò Thị Bình", "Lao động tiên tiến"), 3)
    assert fails.text().startswith("Không đủ điều kiện — Năm 2025 xếp loại Hoàn thành nhiệm vụ (HTNV)")
    assert fails.foreground().color().name() == VERDICT_COLORS["fails"][0]
    assert "Điều 24" in fails.toolTip()
    investigated = dialog.nominees.item(row_of(dialog, "Tẩn A Sử", "Lao động tiên tiến"), 3)
    assert "Đang bị xem xét, thanh tra" in investigated.text()
    unknown = dialog.nominees.item(row_of(dialog, "Người Mới Đến", "Lao động tiên tiến"), 3)
    assert unknown.text().startswith("Chưa đủ dữ liệu — ")
    assert unknown.background().color().name() == VERDICT_COLORS["unknown"][1]


def test_the_reasons_panel_cites_each_article(qtbot, office, ops):
    db, ids = office
    dialog = open_dialog(qtbot, db, ids, ops)
    dialog.nominees.selectRow(row_of(dialog, "Nguyễn Văn An", "Chiến sĩ thi đua cơ sở"))
    text = dialog.reasons.toPlainText()
    assert "Lao động tiên tiến năm 2025 đang đề nghị cùng đợt." in text
    assert "Năm 2025 xếp loại Hoàn thành xuất sắc nhiệm vụ (HTXSNV)." in text
    assert "Căn cứ: Luật Thi đua, khen thưởng 2022 Điều 23" in text


def test_appraising_and_a_refused_move_explained(qtbot, office, ops):
    db, ids = office
    dialog = open_dialog(qtbot, db, ids, ops)
    dialog.nominees.selectRow(row_of(dialog, "Nguyễn Văn An", "Lao động tiên tiến"))
    dialog.nominee_buttons["approve"].click()
    assert dialog.fields["status"].text() == "<b>Đang thẩm định</b>"
    assert dialog.nominees.item(row_of(dialog, "Nguyễn Văn An", "Lao động tiên tiến"), 4).text() == "Đạt"
    dialog.ask = lambda *a, **k: "Xếp loại chưa đạt"
    dialog.nominees.selectRow(row_of(dialog, "Lò Thị Bình", "Lao động tiên tiến"))
    dialog.nominee_buttons["reject"].click()
    assert dialog.nominees.item(row_of(dialog, "Lò Thị Bình", "Lao động tiên tiến"), 4).text() == \
        "Không đạt: Xếp loại chưa đạt"
    dialog.move_buttons["appraised"].click()
    assert dialog.message.label.isVisible()
    assert "chưa có kết quả thẩm định" in dialog.message.label.text()
    assert dialog.fields["status"].text() == "<b>Đang thẩm định</b>"


def test_sending_back_asks_the_reason_and_keeps_it_in_the_history(qtbot, office, ops):
    db, ids = office
    dialog = open_dialog(qtbot, db, ids, ops)
    dialog.ask = lambda *a, **k: None  # cancelled: nothing happens
    dialog.move_buttons["returned"].click()
    assert dialog.fields["status"].text() == "<b>Đã tiếp nhận</b>"
    dialog.ask = lambda *a, **k: "Thiếu báo cáo thành tích"
    dialog.move_buttons["returned"].click()
    assert dialog.fields["status"].text() == f"<b>{STATUSES['returned']}</b>"
    assert dialog.history.item(0, 4).text() == "Thiếu báo cáo thành tích"
    assert dialog.history.item(0, 3).text() == "Trả lại, yêu cầu bổ sung"
    assert set(dialog.move_buttons) == {"received", "rejected", "withdrawn"}


def test_documents_tick_and_attach_a_scan(qtbot, office, ops, tmp_path):
    db, ids = office
    dialog = open_dialog(qtbot, db, ids, ops)
    row = next(r for r in range(dialog.documents.rowCount())
               if dialog.documents.item(r, 1).text().startswith("Báo cáo thành tích"))
    dialog.documents.selectRow(row)
    scan = tmp_path / "bao_cao.pdf"
    scan.write_bytes(b"%PDF-1.4 scan")
    dialog.attach_selected(str(scan))
    assert dialog.documents.item(row, 0).text() == "✓"
    assert dialog.documents.item(row, 3).text() == "bao_cao.pdf"
    assert "Báo cáo thành tích" not in dialog.fields["missing"].text()
    dialog.documents.selectRow(row)
    dialog.toggle_document()
    assert dialog.documents.item(row, 0).text() == ""


def _approve_all(dialog):
    # "Đạt" over a check that says "Không đủ điều kiện" asks its reason (app/overrides.py).
    dialog.ask = lambda *a, **k: "Hội đồng xem xét thêm"
    for r in range(dialog.nominees.rowCount()):
        dialog.nominees.selectRow(r)
        dialog.nominee_buttons["approve"].click()


def test_public_notice_then_decision_into_the_ledger(qtbot, office, ops):
    db, ids = office
    dialog = open_dialog(qtbot, db, ids, ops)
    _approve_all(dialog)
    dialog.move_buttons["appraised"].click()
    notice = dialog.open_notice()
    notice.place.setText("Trụ sở UBND xã Bản Bo")
    notice.save()
    assert dialog.fields["status"].text() == "<b>Đang công khai</b>"
    assert "Trụ sở UBND xã Bản Bo" in dialog.fields["notice"].text()
    assert dialog.nominee_buttons["feedback"].isEnabled()
    decision = dialog.open_decision()
    assert [decision.lines.item(r, 1).text() for r in range(decision.lines.rowCount())] == [
        "Nguyễn Văn An", "Lò Thị Bình", "Tẩn A Sử", "Người Mới Đến"]  # CSTĐCS waits for the vote
    assert "— Chiến sĩ thi đua cơ sở (chưa có kết quả bỏ phiếu đạt" in decision.left_out.text()
    decision.number.setText("123/QĐ-UBND")
    decision.sign()
    # Tester's t16 severe 3: the CSTĐCS waiting for the vote is not stranded by the decision.
    assert dialog.fields["status"].text() == "<b>Đã quyết định một phần</b>"
    assert {"council", "decided"} <= set(dialog.move_buttons)
    assert not dialog.nominee_buttons["approve"].isEnabled()
    with db.session() as s:
        awards = s.scalars(select(Award).where(Award.decision_number == "123/QĐ-UBND")).all()
        assert len(awards) == 4
        assert s.get(Dossier, ids["dossier"]).status == "partly_decided"
        code = s.scalar(select(AwardType.id).where(AwardType.code == "CSTDCS"))
        cstdcs = next(n for n in s.get(Dossier, ids["dossier"]).nominees if n.award_type_id == code)
        members = list(s.scalars(select(CouncilMember.id))) or [add_member(s, f"Thành viên {i}").id for i in range(5)]
        hold_council(s, [ids["dossier"]], [(cstdcs.id, len(members), 0, 0)], held_on=dt.date(2025, 12, 8),
                     present_ids=members)
        assert s.get(Dossier, ids["dossier"]).status == "partly_decided"  # the vote keeps it so
    dialog.reload()
    second = dialog.open_decision()
    assert [second.lines.item(r, 3).text() for r in range(second.lines.rowCount())] == ["Chiến sĩ thi đua cơ sở"]
    second.number.setText("124/QĐ-UBND")
    second.sign()
    assert dialog.fields["status"].text() == "<b>Đã có quyết định</b>"


def test_the_notice_list_exports_for_posting(qtbot, office, ops, tmp_path):
    import openpyxl

    db, ids = office
    dialog = open_dialog(qtbot, db, ids, ops)
    dialog.export_notice(str(tmp_path / "cong_khai.xlsx"))
    assert "chưa có ai được thẩm định “Đạt”" in dialog.message.label.text()
    dialog.nominees.selectRow(row_of(dialog, "Nguyễn Văn An", "Lao động tiên tiến"))
    dialog.nominee_buttons["approve"].click()
    dialog.export_notice(str(tmp_path / "cong_khai.xlsx"))
    sheet = openpyxl.load_workbook(tmp_path / "cong_khai.xlsx").active
    cells = [str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None]
    assert "DANH SÁCH CÔNG KHAI ĐỀ NGHỊ KHEN THƯỞNG NĂM 2025" in cells
    assert "Nguyễn Văn An" in cells and "Lao động tiên tiến" in cells
    assert "Lò Thị Bình" not in cells


def test_forwarding_with_the_offices_proposal_then_the_higher_decision(qtbot, office, ops):
    db, ids = office
    dialog = open_dialog(qtbot, db, ids, ops)
    _approve_all(dialog)
    dialog.move_buttons["appraised"].click()
    forward = dialog.open_forward()
    forward.save()  # no number: stays open, cursor on the number
    assert forward.ref.placeholderText() == "Cần nhập số tờ trình"
    assert dialog.fields["status"].text() == "<b>Đã thẩm định</b>"
    forward.ref.setText("88/TTr-UBND")
    forward.to.setText("UBND tỉnh Lai Châu")
    forward.save()
    assert dialog.fields["status"].text() == "<b>Đã trình cấp trên</b>"
    assert dialog.fields["forward"].text().startswith("Tờ trình 88/TTr-UBND ngày ")
    assert dialog.move_buttons["decided"].text() == "Ghi quyết định cấp trên…"
    higher = dialog.open_decision()
    assert higher.external
    higher.issuer.setText("UBND tỉnh Lai Châu")
    higher.number.setText("2150/QĐ-UBND")
    higher.sign()
    assert dialog.fields["status"].text() == "<b>Đã có quyết định</b>"


def test_a_reason_links_to_the_fact_it_rests_on_and_names_what_is_missing(qtbot, office, ops):
    """Issue 16: every verdict resting on a fact links to it; a missing fact is named with
    where to enter it."""
    db, ids = office
    dialog = open_dialog(qtbot, db, ids, ops)
    dialog.nominees.selectRow(row_of(dialog, "Lò Thị Bình", "Lao động tiên tiến"))
    html = dialog.reasons.toHtml()
    assert "xem dữ kiện" in html and "fact:person_rating:" in html
    link = re.search(r"fact:person_rating:\d+", html).group(0)
    page = dialog.open_fact(link)
    qtbot.addWidget(page)
    assert page.tabs.tabText(page.tabs.currentIndex()) == "Hồ sơ thi đua"
    assert page.facts_tabs.tabText(page.facts_tabs.currentIndex()) == "Xếp loại"
    assert page.windowTitle().startswith("Lò Thị Bình") or "Lò Thị Bình" in page.name_edit.text()
    dialog.nominees.selectRow(row_of(dialog, "Người Mới Đến", "Lao động tiên tiến"))
    assert "Cần nhập:" in dialog.reasons.toHtml()


def test_an_investigation_link_opens_the_investigations_sub_tab(qtbot, office, ops, tmp_path):
    """t16: «xem dữ kiện» of an investigation opened the page on «Xếp loại»."""
    db, ids = office
    dialog = open_dialog(qtbot, db, ids, ops)
    dialog.nominees.selectRow(row_of(dialog, "Tẩn A Sử", "Lao động tiên tiến"))
    link = re.search(r"fact:investigation:\d+", dialog.reasons.toHtml()).group(0)
    page = dialog.open_fact(link)
    qtbot.addWidget(page)
    assert page.tabs.tabText(page.tabs.currentIndex()) == "Hồ sơ thi đua"
    assert page.facts_tabs.tabText(page.facts_tabs.currentIndex()) == "Thanh tra, khiếu nại"
    assert "Tẩn A Sử" in page.name_edit.text()
    page.resize(1000, 640)
    page.grab().save(str(tmp_path / "investigation.png"))


def test_the_kind_of_dossier_is_corrected_in_the_window(qtbot, office, ops):
    """Tester's point 2: no way to say in the dossier window that a list is a sudden one."""
    db, ids = office
    dialog = open_dialog(qtbot, db, ids, ops)
    assert dialog.fields["category"].text().startswith("Thường xuyên (tổng kết năm) — năm thành tích 2025")
    assert "đổi loại…" in dialog.fields["category"].text()
    asked = []
    dialog.pick = lambda _parent, _title, _label, items, current: asked.append((items, current)) or "Đột xuất"
    dialog.fields["category"].linkActivated.emit("category")
    assert asked and asked[0][1] == 0
    assert dialog.fields["category"].text().startswith("Đột xuất — năm thành tích 2025")
    assert dialog.message.label.text() == "Đã đổi loại hồ sơ: Đột xuất."
    assert any("Đổi loại hồ sơ" in dialog.history.item(r, c).text() for r in range(dialog.history.rowCount())
               for c in range(dialog.history.columnCount()) if dialog.history.item(r, c))
    with db.session() as s:
        assert s.get(Dossier, ids["dossier"]).category == "sudden"
