"""One truth on the screen: the Báo cáo tab's tables, the home screen's cards and the fund tab,
for the demo office and the ×5 office and every year with awards, say what `tdkt report --json`
and `tdkt fund --json` say, with the same names."""

from __future__ import annotations

from places import Agreement, cli_json, num
from sqlalchemy import select

from app.reports.tables import MONEY, PEOPLE, TOTAL_AWARDS
from db.models import Award


def _shown(panel) -> dict[str, list[str]]:
    model = panel.proxy
    out = {}
    for r in range(model.rowCount()):
        cells = [model.index(r, c).data() for c in range(model.columnCount())]
        out[cells[0]] = cells[1:]
    return out


def _page(tab, title):
    for i in range(tab.pages.count()):
        if tab.pages.tabText(i) == title:
            return tab.pages.widget(i)
    raise AssertionError(f"no page {title}")


def test_screens_say_what_the_commands_say(qtbot, office):
    from ui.fund_tab import FundTab
    from ui.home_tab import HomeTab
    from ui.ops import Ops
    from ui.reports_tab import ReportsTab

    name, path, db = office
    ops = Ops(inline=True)
    a = Agreement(name)
    with db.session() as s:
        years = sorted(set(s.scalars(select(Award.year))))
    for y in years:
        rep = cli_json(path, "report", "--year", y)
        fund = cli_json(path, "fund", "--year", y)
        t, d = rep["totals"], rep["dossiers"]
        reports = ReportsTab(db, ops, y)
        qtbot.addWidget(reports)
        reports.reload()
        summary = _shown(_page(reports, "Tổng hợp"))
        by_whom = _shown(_page(reports, "Theo cơ quan quyết định"))
        dossiers = _shown(_page(reports, "Hồ sơ đề nghị khen thưởng"))

        def cell(rows: dict, label: str, column: int = 0, rows_=None) -> int | None:
            value = rows.get(label)
            return num(value[column]) if value and value[column] not in (None, "") else None

        a.same(f"{y} {TOTAL_AWARDS}", tdkt_report=t["total"], report_tab=cell(summary, TOTAL_AWARDS))
        a.same(f"{y} {PEOPLE}", tdkt_report=t["people"], report_tab=cell(summary, PEOPLE))
        a.same(f"{y} {MONEY}", tdkt_report=t["money"], report_tab=cell(summary, MONEY))
        a.same(f"{y} hồ sơ đang xử lý", tdkt_report=d["in_progress"], report_tab=cell(dossiers, "Hồ sơ đang xử lý"))
        for x in rep["deciders"]:
            a.same(f"{y} {x['label']}", tdkt_report=[x["total"], x["money"]],
                   report_tab=[cell(by_whom, x["label"], 2), cell(by_whom, x["label"], 3)])
        home = HomeTab(db, ops, y)
        qtbot.addWidget(home)
        home.reload()
        cards = {k: (c.value.text(), c.detail.text()) for k, c in home.cards.items()}
        a.same(f"{y} khen thưởng (trang chủ)", tdkt_report=t["total"], home_card=num(cards["awards"][0]))
        a.same(f"{y} tiền thưởng (trang chủ)", tdkt_report=t["money"], home_card=num(cards["money"][0]))
        a.check(f"{y} người (trang chủ)", f"{t['people']:,} người".replace(",", ".") in cards["awards"][1],
                f"home says «{cards['awards'][1]}»")
        a.check(f"{y} hồ sơ đang xử lý (trang chủ)", f"đang xử lý {d['in_progress']}" in cards["dossiers"][1],
                f"home says «{cards['dossiers'][1]}»")
        for x in rep["deciders"]:
            words = f"{x['label'][:1].lower()}{x['label'][1:]} {x['total']:,}".replace(",", ".")
            a.check(f"{y} {x['label']} (trang chủ)", words in cards["awards"][1], f"home says «{cards['awards'][1]}»")
        fund_tab = FundTab(db, ops, y)
        qtbot.addWidget(fund_tab)
        fund_tab.reload()
        text = fund_tab.figures.text()
        spent = f"<b>{fund['spent']:,}</b>".replace(",", ".")
        a.check(f"{y} kinh phí đã chi (tab kinh phí)", f"ký trong năm {y}: {spent}" in text,
                f"tdkt fund says {fund['spent']}; the fund tab says «{text[:160]}»")
        for widget in (reports, home, fund_tab):
            widget.close()
            widget.deleteLater()
    assert not a.problems, a.report()
