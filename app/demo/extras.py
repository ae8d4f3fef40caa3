"""The rest of the demo office's 2025 plan, written through the services themselves (so the
demo holds what a clerk would have typed): our place in the province's bloc of districts
(criteria as the province sent them, our self-score with evidence, the final score and rank,
the covenant), three inspections (one with a follow-up still open past its deadline), the
sixth Emulation Congress with its delegates, honours and the decision that awarded them, and
the award fund of 2024 and 2025. The publicity list needs nothing more: it is read from the
exemplar register and the ledger.
"""

from __future__ import annotations

import datetime as dt
import math

from sqlalchemy import select

from app.bloc_criteria import add_criterion
from app.congress import CongressData, link_decided_awards, save_congress
from app.congress_candidates import candidates, choose
from app.demo.base import AUTHORITY, YEAR, Ctx
from app.demo.history import Ledger, person_line, unit_line
from app.fund import add_allocation
from app.inspections import FollowUpData, InspectionData, save_inspection
from app.province_bloc import (
    ProvinceBlocInput,
    add_evidence,
    record_result,
    record_sent,
    save_province_bloc,
    set_self_score,
)
from db.models import Bloc

D = dt.date
OTHER_DISTRICTS = ["UBND thành phố Lai Châu", "UBND huyện Phong Thổ", "UBND huyện Sìn Hồ", "UBND huyện Mường Tè",
                   "UBND huyện Nậm Nhùn", "UBND huyện Than Uyên", "UBND huyện Tân Uyên"]
# The province's table: (code, title, [(code, title, max, self, agreed, our explanation, evidence)]).
CRITERIA = [
    ("I", "Thực hiện nhiệm vụ chính trị, phát triển kinh tế - xã hội", [
        ("1", "Hoàn thành các chỉ tiêu kinh tế, thu ngân sách được tỉnh giao", 15, 14, 13.5,
         "Thu ngân sách trên địa bàn đạt 96% dự toán tỉnh giao",
         "Báo cáo số 412/BC-UBND ngày 02/12/2025 về tình hình kinh tế - xã hội năm 2025"),
        ("2", "Xây dựng nông thôn mới, xóa nhà tạm, nhà dột nát", 15, 15, 15, "",
         "Báo cáo số 398/BC-UBND ngày 25/11/2025 kết quả xóa nhà tạm, nhà dột nát"),
        ("3", "Giảm nghèo bền vững, giải quyết việc làm", 10, 9, 9,
         "Tỷ lệ hộ nghèo giảm 3,8%, chưa đạt chỉ tiêu giảm 4%",
         "Quyết định số 2710/QĐ-UBND ngày 20/11/2025 phê duyệt kết quả rà soát hộ nghèo"),
        ("4", "Giáo dục, y tế, văn hóa - xã hội", 10, 9, 8.5,
         "Còn 02 trường chưa đạt chuẩn quốc gia theo kế hoạch", "")]),
    ("II", "Công tác thi đua, khen thưởng", [
        ("5", "Ban hành kế hoạch, phát động các phong trào thi đua", 8, 8, 8, "",
         "Kế hoạch số 15/KH-UBND ngày 20/01/2025 về công tác thi đua, khen thưởng năm 2025"),
        ("6", "Ký giao ước, đăng ký thi đua đầy đủ, đúng hạn", 4, 4, 4, "", "Bản giao ước thi đua ký ngày 05/3/2025"),
        ("7", "Sơ kết, tổng kết; phát hiện, nhân rộng điển hình tiên tiến", 8, 7, 7,
         "Việc nhân rộng điển hình tiên tiến ở một số xã còn chậm",
         "Báo cáo số 205/BC-UBND ngày 10/7/2025 sơ kết phong trào thi đua 6 tháng đầu năm"),
        ("8", "Hồ sơ đề nghị khen thưởng đúng quy định, đúng thời hạn", 6, 6, 5.5, "", ""),
        ("9", "Thông tin, báo cáo đúng hạn", 4, 4, 4, "", "")]),
    ("III", "Xây dựng chính quyền, quốc phòng, an ninh", [
        ("10", "Cải cách hành chính, chuyển đổi số", 10, 9, 9,
         "Tỷ lệ hồ sơ trực tuyến toàn trình đạt 78%, chưa đạt chỉ tiêu 80%",
         "Chỉ số cải cách hành chính năm 2025 của tỉnh (Quyết định số 1845/QĐ-UBND ngày 30/10/2025)"),
        ("11", "Quốc phòng, an ninh, trật tự an toàn xã hội", 10, 10, 10, "", "")]),
]
BONUS = ("IV", "Mô hình mới, cách làm hay được tỉnh ghi nhận", 5, 3, 3, "",
         "Mô hình liên kết sản xuất chè Shan tuyết hữu cơ được tỉnh biểu dương")


def _unit(ctx: Ctx, name: str) -> dict:
    return next(u for u in ctx.units if u["copy"] == 1 and u["name"] == name)


def write_province_bloc(ctx: Ctx) -> None:
    s = ctx.session
    blocs = {b.year: b for b in s.scalars(select(Bloc).where(Bloc.organiser == "province"))}
    heads = {2024: ("UBND huyện Sìn Hồ", "UBND huyện Than Uyên"), 2025: ("UBND huyện Than Uyên", "UBND huyện Tân Uyên"),
             2026: ("UBND huyện Tân Uyên", "UBND huyện Mường Tè")}
    for year, bloc in sorted(blocs.items()):
        head, deputy = heads.get(year, ("", ""))
        save_province_bloc(s, ProvinceBlocInput(
            year=year, name=bloc.name, head_name=head, deputy_name=deputy, other_members=OTHER_DISTRICTS,
            regulation=bloc.regulation, covenant_signed_on=bloc.covenant_signed_on, id=bloc.id,
            criteria_source=f"Hướng dẫn số 02/HD-KTĐ ngày 20/02/{year} của Khối thi đua các huyện, thành phố",
            covenant_place=f"Hội nghị ký giao ước thi đua tại {head}" if bloc.covenant_signed_on else "",
            covenant_content=("Thi đua hoàn thành vượt mức các chỉ tiêu phát triển kinh tế - xã hội được tỉnh "
                              "giao; xây dựng nông thôn mới, giảm nghèo bền vững; cải cách hành chính; bảo đảm "
                              "quốc phòng, an ninh.") if bloc.covenant_signed_on else ""))
    if 2024 in blocs:
        record_result(s, blocs[2024].id, 91.5, 3, "Xếp thứ 3/8 của Khối.")
    bloc = blocs.get(YEAR)
    if bloc is None:
        return
    for code, title, children in CRITERIA:
        group = add_criterion(s, bloc.id, title, 0, code=code)
        for c_code, c_title, top, own, agreed, note, evidence in children:
            cid = add_criterion(s, bloc.id, c_title, top, code=c_code, parent_id=group)
            set_self_score(s, cid, own, note, agreed=agreed)
            if evidence:
                add_evidence(s, cid, evidence)
    code, title, top, own, agreed, note, evidence = BONUS
    cid = add_criterion(s, bloc.id, title, top, code=code, kind="bonus")
    set_self_score(s, cid, own, note, agreed=agreed)
    add_evidence(s, cid, evidence)
    record_sent(s, bloc.id, D(YEAR, 12, 8), "436/BC-UBND")
    record_result(s, bloc.id, 97.5, 2, "Xếp thứ 2/8; Khối đề nghị Chủ tịch UBND tỉnh tặng Bằng khen.")


def write_inspections(ctx: Ctx) -> None:
    s = ctx.session
    team = "Đoàn kiểm tra của Hội đồng Thi đua - Khen thưởng huyện (Phòng Nội vụ chủ trì)"
    specs = [
        ("UBND xã Bản Bo", D(YEAR, 6, 10), D(YEAR, 6, 12), "85/TB-NV ngày 20/6/2025",
         "Các phong trào được phát động kịp thời; đăng ký thi đua đầy đủ. Sổ theo dõi khen thưởng năm 2024 "
         "ghi chưa đủ; hồ sơ điển hình tiên tiến còn sơ sài, chưa có báo cáo thành tích.",
         [("Bổ sung sổ theo dõi khen thưởng năm 2024", D(YEAR, 7, 31), D(YEAR, 7, 25), "Công văn số 61/UBND ngày 25/7/2025"),
          ("Hoàn thiện hồ sơ điển hình tiên tiến, gửi báo cáo kết quả khắc phục về Phòng Nội vụ",
           D(YEAR, 9, 30), None, "")]),
        ("Trường Tiểu học thị trấn Tam Đường", D(YEAR, 9, 15), D(YEAR, 9, 16), "112/TB-NV ngày 24/9/2025",
         "Thực hiện tốt việc bình xét danh hiệu thi đua; biên bản họp Hội đồng TĐKT cơ sở chưa ghi kết quả bỏ phiếu.",
         [("Ghi đủ kết quả bỏ phiếu vào biên bản bình xét từ năm học 2025-2026", D(YEAR, 10, 31), D(YEAR, 10, 20),
           "Báo cáo số 18/BC-TH ngày 20/10/2025")]),
        ("UBND xã Khun Há", D(YEAR, 11, 18), D(YEAR, 11, 19), "140/TB-NV ngày 26/11/2025",
         "Triển khai tốt phong trào «Chung tay xóa nhà tạm, nhà dột nát»; chưa tổ chức sơ kết phong trào giữa năm.",
         [("Tổ chức sơ kết phong trào xóa nhà tạm, nhà dột nát; gửi báo cáo", D(YEAR, 12, 15), D(YEAR, 12, 12),
           "Báo cáo số 96/BC-UBND ngày 12/12/2025")]),
    ]
    for name, planned, held, ref, findings, follow in specs:
        save_inspection(s, InspectionData(
            year=YEAR, unit_id=_unit(ctx, name)["id"], planned_on=planned, held_on=held, status="held",
            team=team, lead="Phó Trưởng phòng Nội vụ",
            content="Việc triển khai các phong trào thi đua; đăng ký, bình xét thi đua; hồ sơ khen thưởng; "
                    "xây dựng và nhân rộng điển hình tiên tiến.",
            findings=findings, conclusion_ref=f"Thông báo kết luận số {ref}",
            follow_ups=[FollowUpData(req, due, done, resp) for req, due, done, resp in follow]))


def _delegates(pool: list, target: int) -> list[str]:
    """The strongest candidates, the quota groups filled first (a third of the target each)."""
    chosen: list = []
    for group in ("direct_worker", "minority", "female", "grassroots"):
        have = sum(1 for c in chosen if getattr(c, group))
        for c in pool:
            if have >= math.ceil(target / 3) or len(chosen) >= target:
                break
            if getattr(c, group) and c not in chosen:
                chosen.append(c)
                have += 1
    chosen += [c for c in pool if c not in chosen][:max(target - len(chosen), 0)]
    return [c.key for c in chosen]


def write_congress(ctx: Ctx) -> None:
    s = ctx.session
    held = D(YEAR, 5, 20)
    cid = save_congress(s, CongressData(
        number=6, year=YEAR, period_from=2020, period_to=2025, held_on=held,
        place="Hội trường Trung tâm Văn hóa, Thể thao và Truyền thông huyện", delegate_target=60, honour_target=20,
        notes="Đại hội tổng kết phong trào thi đua yêu nước giai đoạn 2020–2025."))
    # The demo's delegates and honours are people and units on record (not old unlinked lines).
    pool = [c for c in candidates(s, cid) if c.person_id or c.key.startswith("u")]
    people = [c for c in pool if c.subject == "individual"]
    choose(s, cid, "delegate", _delegates(people, 60), pool=pool)
    honoured = [c.key for c in pool if c.subject == "collective" and c.unit][:4] + \
               [c.key for c in pool if c.subject == "collective" and not c.unit][:6] + _delegates(people, 10)
    choose(s, cid, "honour", honoured, award_code="GK", pool=pool)
    by_key = {c.key: c for c in pool}
    lines = []
    achievement = ("Đã có thành tích xuất sắc trong phong trào thi đua yêu nước giai đoạn 2020–2025, "
                   "góp phần xây dựng huyện Tam Đường phát triển")
    for key in honoured:
        c = by_key[key]
        if c.subject == "individual":
            person = next(p for p in ctx.people if p["id"] == c.person_id)
            lines.append(person_line(person, "GK", achievement, kind="movement", year=YEAR))
        else:
            unit = ctx.units_by_id[c.unit_id]
            line = unit_line(unit, "GK", achievement, kind="movement", year=YEAR)
            line["recipient_name"] = c.name
            lines.append(line)
    ledger = Ledger(ctx)
    decision = ledger.decide(AUTHORITY, D(YEAR, 5, 15), "Tặng Giấy khen cho các tập thể, cá nhân điển hình tiên tiến "
                             "được tôn vinh tại Đại hội thi đua yêu nước huyện lần thứ VI", lines)
    ledger.flush()
    link_decided_awards(s, cid, decision["id"])


def write_fund(ctx: Ctx) -> None:
    s = ctx.session
    add_allocation(s, 2024, D(2024, 1, 12), 160_000_000, "Quyết định số 2345/QĐ-UBND ngày 20/12/2023 giao dự toán năm 2024")
    add_allocation(s, YEAR, D(YEAR, 1, 10), 150_000_000, "Quyết định số 2468/QĐ-UBND ngày 19/12/2024 giao dự toán năm 2025")
    add_allocation(s, YEAR, D(YEAR, 9, 12), 30_000_000, "Quyết định số 2105/QĐ-UBND ngày 10/9/2025 bổ sung kinh phí khen thưởng",
                   "Bổ sung cho khen thưởng tổng kết năm và Đại hội thi đua")


def write_extras(ctx: Ctx) -> None:
    """Everything of this module, once (not per copy of the office: there is one province bloc,
    one congress and one fund)."""
    write_province_bloc(ctx)
    write_inspections(ctx)
    write_congress(ctx)
    write_fund(ctx)
