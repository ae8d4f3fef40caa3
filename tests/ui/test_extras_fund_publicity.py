"""The fund page (figures, allotments typed and refused, the reserve share, the workbook) and the
publicity page (quarter filter, marking exemplars publicised, the workbook and the printed list)
on the demo office."""

from __future__ import annotations

import datetime as dt

from openpyxl import load_workbook

from app.fund import fund_summary
from app.publicity import publicity_list
from db.models import Registration
from ui.fund_tab import AllocationDialog


def page(window, name):
    window.tabs.setCurrentWidget(window.extras_tab)
    tab = getattr(window.extras_tab, name)
    window.extras_tab.show_page(tab)
    return tab


def test_fund_figures_allotments_and_share(demo_window, demo_db, monkeypatch, tmp_path):
    tab = page(demo_window, "fund")
    with demo_db.session() as s:
        before = fund_summary(s, 2025)
    assert len(tab.months.rows()) == 12 and len(tab.allocations.rows()) == 2
    assert "Kinh phí được giao năm 2025: <b>180.000.000</b>" in tab.figures.text()
    assert "Không tính: 5 quyết định của cấp trên" in tab.figures.text()
    amount = tab.panel.proxy.index(0, 4)
    assert amount.data() == "1.420.000" and int(amount.data(256 + 2)) == 1_420_000  # raw value for sorting

    def typed(dialog, amount_text):
        dialog.on.setText("15/10/2025")
        dialog.amount.setText(amount_text)
        dialog.document.setText("Quyết định bổ sung kinh phí")
        dialog.accept()
        return dialog

    shown = []
    monkeypatch.setattr(AllocationDialog, "exec", lambda self: shown.append(typed(self, "một trăm")) or self.result())
    tab.add_allocation()
    assert "không phải là số tiền" in shown[0].error.text()
    assert len(tab.allocations.rows()) == 2  # nothing written
    monkeypatch.setattr(AllocationDialog, "exec", lambda self: typed(self, "20.000.000").result())
    tab.add_allocation()
    assert len(tab.allocations.rows()) == 3
    assert f"Còn lại (cả dự toán): <b>{before.remaining + 20_000_000:,}</b>".replace(",", ".") in tab.figures.text()
    tab.share.setValue(25)
    tab.save_share()
    assert "Dành cho tổ chức, chỉ đạo phong trào thi đua (25%): <b>50.000.000</b> đồng" in tab.figures.text()
    # The award part under the name `tdkt fund` and the printed report give it.
    assert "Phần dành cho khen thưởng còn lại: <b>" in tab.figures.text()
    assert "theo năm ký quyết định" in tab.figures.text()
    tab.export(tmp_path / "kinh_phi.xlsx")
    assert load_workbook(tab._last_written).sheetnames[0] == "Tổng hợp"


def test_publicity_by_quarter_marked_and_printed(demo_window, demo_db, tmp_path):
    tab = page(demo_window, "publicity")
    with demo_db.session() as s:
        q1, q3 = publicity_list(s, 2025, quarter=1), publicity_list(s, 2025, quarter=3)
    tab.quarter_box.setCurrentIndex(tab.quarter_box.findData(1))
    assert [r.name for r in tab.panel.rows()] == [r.name for r in q1]
    target = next(i for i, r in enumerate(tab.panel.shown_rows()) if r.registration_id and not r.publicised_on)
    chosen = tab.panel.shown_rows()[target]
    tab.panel.table.selectRow(target)
    tab.mark(how="Chuyên mục «Gương người tốt, việc tốt»")
    with demo_db.session() as s:
        registration = s.get(Registration, chosen.registration_id)
        assert registration.publicised_on == dt.date.today()
        assert registration.publicity == "Chuyên mục «Gương người tốt, việc tốt»"
    tab.quarter_box.setCurrentIndex(tab.quarter_box.findData(3))
    assert [r.name for r in tab.panel.rows()] == [r.name for r in q3]
    assert "quý iii 2025" in tab.panel.title
    tab.export(tmp_path / "nguoi_tot.xlsx")
    ws = load_workbook(tab._last_written).active
    assert any(str(v).startswith("Quý III năm 2025") for r in ws.iter_rows(values_only=True) for v in r if v)
    tab.print_list()
    assert tab._last_preview.document.filename == "NguoiTotViecTot_Quy3_2025.pdf"
    tab._last_preview.close()
