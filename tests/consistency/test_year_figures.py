"""One truth for the year's figures: for the demo office and the ×5 office, for every year with
data, each figure that appears in more than one place — `tdkt report --json`, `tdkt fund
--json`, the home screen's glance, the printed Báo cáo số liệu (pdftotext) — says the same,
and where two figures really differ (decided here or above; awards or people) both are there
with the same names. A disagreement fails with both places named."""

from __future__ import annotations

import re

from places import Agreement, cli_json, find_number, flat, row, spaced

from app.fund import AWARDS_LEFT, NO_BUDGET, REMAINING, fund_lines, fund_summary
from app.home import home_summary
from app.office import years_with_data
from app.printing import build
from app.reports.tables import TOTAL_AWARDS
from db.models import Award

SENTENCE = re.compile(r"Tổng số: ([\d.]+) lượt khen thưởng \(([\d.]+) lượt cá nhân của ([\d.]+) người; "
                      r"([\d.]+) lượt tập thể; ([\d.]+) lượt hộ gia đình\); tiền thưởng ([\d.]+) đồng")


def _int(text: str) -> int:
    return int(text.replace(".", ""))


def _years(db) -> list[int]:
    from sqlalchemy import select

    with db.session() as s:
        years = years_with_data(s)
        with_awards = set(s.scalars(select(Award.year).distinct()))
    return [y for y in years if y in with_awards]


def test_year_figures_agree_everywhere(office, pdftotext):
    name, path, db = office
    a = Agreement(name)
    years = _years(db)
    assert len(years) >= 3, years
    for y in years:
        rep = cli_json(path, "report", "--year", y)
        fund = cli_json(path, "fund", "--year", y)
        with db.session() as s:
            glance = home_summary(s, y).glance
            fs = fund_summary(s, y)
            printed = pdftotext(build(s, "report", year=y).pdf)
        t, d = rep["totals"], rep["dossiers"]
        said = SENTENCE.search(spaced(printed))
        a.check(f"{y} câu tổng số trên báo cáo in", said is not None, "not found on the printed report")
        total_row = row(printed, "Tổng cộng", 5)
        p = [_int(x) for x in said.groups()] if said else [None] * 6
        tr = total_row or [None] * 5
        a.same(f"{y} {TOTAL_AWARDS}", tdkt_report=t["total"], home=glance.awards, printed_sentence=p[0],
               printed_total_row=tr[3])
        a.same(f"{y} danh hiệu thi đua", tdkt_report=t["titles"], home=glance.titles)
        a.same(f"{y} hình thức khen thưởng", tdkt_report=t["forms"], home=glance.forms)
        a.same(f"{y} khen thưởng cá nhân (lượt)", tdkt_report=t["individual"], printed_sentence=p[1],
               printed_total_row=tr[2])
        a.same(f"{y} số người được khen thưởng cá nhân", tdkt_report=t["people"], home=glance.people,
               printed_sentence=p[2])
        a.same(f"{y} khen thưởng tập thể (lượt)", tdkt_report=t["collective"], printed_sentence=p[3],
               printed_total_row=tr[0])
        a.same(f"{y} khen thưởng hộ gia đình (lượt)", tdkt_report=t["household"], printed_sentence=p[4],
               printed_total_row=tr[1])
        a.same(f"{y} tiền thưởng", tdkt_report=t["money"], home=glance.money, printed_sentence=p[5],
               printed_total_row=tr[4])
        # Decided here or above: both shown, named alike, adding up to the whole.
        home_by = {x.code: x for x in glance.deciders}
        for x in rep["deciders"]:
            printed_row = row(printed, x["label"], 4, after="2. Khen thưởng theo cơ quan quyết định")
            h = home_by.get(x["code"])
            a.same(f"{y} {x['label']} (lượt)", tdkt_report=x["total"], home=h.total if h else None,
                   printed=printed_row[2] if printed_row else None)
            a.same(f"{y} {x['label']} (tiền thưởng)", tdkt_report=x["money"], home=h.money if h else None,
                   printed=printed_row[3] if printed_row else None)
            a.same(f"{y} tên «{x['label']}»", tdkt_report=x["label"], home=h.label if h else None)
        a.same(f"{y} cơ quan quyết định cộng lại", sum_of_deciders=sum(x["total"] for x in rep["deciders"]),
               total=t["total"])
        a.same(f"{y} tiền thưởng theo cơ quan quyết định cộng lại",
               sum_of_deciders=sum(x["money"] for x in rep["deciders"]), total=t["money"])
        # Groups of people: awards and people apart.
        for g in rep["groups"]:
            if g["people"] is None or not g["total"]:
                continue
            printed_row = row(printed, g["label"], 2, after="3. Khen thưởng theo đối tượng")
            a.same(f"{y} {g['label']} (lượt, người)", tdkt_report=[g["total"], g["people"]], printed=printed_row)
        # Dossiers: in progress counted the same on the home screen, the report and paper.
        a.same(f"{y} hồ sơ đang xử lý", tdkt_report=d["in_progress"], home=glance.dossiers_open,
               printed=find_number(printed, "Hồ sơ đang xử lý"))
        a.same(f"{y} hồ sơ tiếp nhận", tdkt_report=d["received"], home=glance.dossiers,
               printed=find_number(printed, "Hồ sơ tiếp nhận"))
        a.same(f"{y} hồ sơ đã có quyết định", tdkt_report=d["decided"], home=glance.dossiers_decided,
               printed=find_number(printed, "Hồ sơ đã có quyết định khen thưởng"))
        # The fund: as the fund tab names it, on paper and in `tdkt fund --json`.
        lines = dict(fund_lines(fs))
        spent_label = next(k for k in lines if k.startswith("Đã chi"))

        def money_line(label: str, printed: str = printed) -> int | None:
            found = row(printed, label, 1, after="6. Kinh phí khen thưởng")
            return found[0] if found else None

        a.same(f"{y} kinh phí đã chi", tdkt_fund=fund["spent"], app=fs.spent, printed=money_line(spent_label))
        if fund["budget_entered"]:
            a.same(f"{y} kinh phí được giao", tdkt_fund=fund["budget"],
                   printed=money_line(f"Kinh phí được giao năm {y}"))
            a.same(f"{y} kinh phí còn lại", tdkt_fund=fund["remaining"], printed=money_line(REMAINING))
            # The award part's remainder: named alike on the fund tab, in `tdkt fund` and on paper.
            a.same(f"{y} phần dành cho khen thưởng còn lại", tdkt_fund=fund["awards_left"],
                   app=fs.awards_left, lines=lines[AWARDS_LEFT], printed=money_line(AWARDS_LEFT))
        else:  # no budget entered: "chưa nhập dự toán", never a negative remainder
            fund_part = flat(printed).split(flat("6. Kinh phí khen thưởng"))[-1]
            for label in (f"Kinh phí được giao năm {y}", REMAINING, AWARDS_LEFT):
                a.check(f"{y} {label}", flat(f"{label} {NO_BUDGET}") in fund_part and lines[label] is None,
                        f"not «{NO_BUDGET}» on paper or in fund_lines")
        a.check(f"{y} kinh phí tính theo năm ký", "theo năm ký quyết định" in spaced(printed),
                "the printed report does not say the fund counts by signing year")
        a.same(f"{y} quyết định chi từ quỹ", tdkt_fund=sum(x["amount"] for x in fund["decisions"]),
               app=fs.spent)
        a.check(f"{y} ngày của báo cáo in", f"31tháng12năm{y}" in flat(printed) or str(y) in flat(printed)[:400],
                "the printed report is not dated within its year")
    assert not a.problems, a.report()
    assert a.compared > 50 * len(years) // 4
