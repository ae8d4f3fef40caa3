"""docs/rules.md, generated from the catalogue: every rule with its article, its editable
numbers, the period it applies to, and the tests that prove it; the principles every check
applies, the powers of each level and the money rules. A test (tests/app/rules/test_rules_doc.py)
keeps the page equal to what this module writes, so the page never drifts from the catalogue.

    python -m app.rules.doc            # writes docs/rules.md
"""

from __future__ import annotations

import json
from pathlib import Path

from app.catalog import CATEGORIES, SUBJECTS
from app.catalog_edit import criteria_numbers
from app.resources import resource_path
from app.rules.base import share_text

ROOT = Path(__file__).resolve().parents[2]
PAGE = ROOT / "docs" / "rules.md"
FAMILY_TEXT = {
    "ldtt": "mức xếp loại của năm (người lao động trực tiếp: đánh giá của thủ trưởng, Hội đồng được ghi nhận)",
    "cstdcs": "đạt tiêu chuẩn Lao động tiên tiến năm đó (danh hiệu, đề nghị cùng đợt hoặc xếp loại) và một trong: "
              "HTXSNV, sáng kiến có quyết định công nhận",
    "higher": "theo loại hồ sơ: chuỗi năm có danh hiệu tiền đề, chuỗi năm xếp loại, sáng kiến khác nhau có quyết định "
              "công nhận; hoặc thành tích đột xuất, kết quả phong trào, ảnh hưởng của người lao động trực tiếp",
    "collective_title": "xếp loại của tập thể, thành viên đạt Lao động tiên tiến (mỗi người tính một lần), thành "
                        "viên hoàn thành nhiệm vụ, có Chiến sĩ thi đua cơ sở, không ai bị kỷ luật từ cảnh cáo trở lên",
    "flag": "đơn vị dẫn đầu khối thi đua do tỉnh tổ chức, mỗi khối một cờ mỗi năm",
    "form_basic": "xếp loại tốt (hồ sơ cuối năm, phong trào) và có tóm tắt thành tích",
    "record": "ghi nhận theo tiêu chí của địa phương; chỉ kiểm tra các nguyên tắc chung",
}
# The tests that prove each award's rules (file::test); the page lists them, the doc test checks
# that each still exists.
PROOFS = {
    "LDTT": ["tests/app/rules/test_ldtt_cstdcs.py::test_ldtt_meets_with_a_good_rating_and_cites_article_24",
             "tests/app/rules/test_ldtt_cstdcs.py::test_ldtt_without_any_rating_is_unknown",
             "tests/app/test_law_points.py::test_10_a_direct_workers_ldtt_without_a_recorded_judgement_cannot_tell"],
    "CSTDCS": ["tests/app/test_law_points.py::test_02_cstdcs_needs_the_ldtt_standard_not_the_ldtt_title",
               "tests/app/test_law_points.py::test_03_an_initiative_counts_once_and_only_with_its_recognition_decision",
               "tests/app/rules/test_ldtt_cstdcs.py::test_cstdcs_good_rating_and_no_initiative_fails_on_both_ways"],
    "CSTD_TINH": ["tests/app/test_law_points.py::test_12_facts_the_clerk_enters_give_meets_and_block_what_they_should",
                  "tests/app/rules/test_higher.py::test_a_gap_year_breaks_the_consecutive_run"],
    "CSTD_TQ": ["tests/app/test_law_points.py::test_11_cstd_toan_quoc_needs_two_consecutive_cstd_tinh"],
    "TTLDTT": ["tests/app/test_law_points.py::test_04_the_collectives_ldtt_share_counts_members_who_meet_once_each_and_never_over_100",
               "tests/app/rules/test_collective_flags_forms.py::test_a_member_with_a_warning_blocks_the_collective_a_reprimand_does_not"],
    "TTLDXS": ["tests/app/rules/test_collective_flags_forms.py::test_ttldxs_needs_all_complete_one_cstdcs_and_excellent_rating",
               "tests/app/rules/test_collective_flags_forms.py::test_ttldxs_fails_on_each_missing_criterion"],
    "CO_TINH": ["tests/app/test_law_points.py::test_08_the_provinces_flag_needs_a_bloc_the_province_organises",
                "tests/app/rules/test_collective_flags_forms.py::test_co_tinh_one_flag_per_bloc_when_already_awarded"],
    "CO_CP": ["tests/app/rules/test_collective_flags_forms.py::test_co_chinh_phu_needs_the_province_flag_that_year"],
    "GDVH": ["tests/app/rules/test_collective_flags_forms.py::test_household_giay_khen_and_recorded_titles"],
    "THON_VH": ["tests/app/rules/test_collective_flags_forms.py::test_household_giay_khen_and_recorded_titles"],
    "XA_TIEU_BIEU": ["tests/app/rules/test_collective_flags_forms.py::test_household_giay_khen_and_recorded_titles"],
    "GK": ["tests/app/rules/test_collective_flags_forms.py::test_giay_khen_needs_a_good_rating_and_an_achievement",
           "tests/app/test_law_points.py::test_07_the_same_form_for_another_movement_in_the_same_year_is_another_achievement"],
    "BK_TINH": ["tests/app/test_law_points.py::test_06_bang_khen_routes_by_dossier_kind_and_the_latest_run_not_yet_used",
                "tests/app/rules/test_higher.py::test_bk_tinh_individual_second_way_excellent_years_and_two_initiatives",
                "tests/app/rules/test_higher.py::test_bk_tinh_collective_two_excellent_years_a_good_year_breaks_it"],
    "BK_TTG": ["tests/app/rules/test_higher.py::test_bk_ttg_needs_bk_tinh_then_five_excellent_years",
               "tests/app/rules/test_common.py::test_interval_since_the_last_award_of_the_same_kind_when_the_catalogue_sets_one"],
    "HCLD3": ["tests/app/rules/test_higher.py::test_hcld3_once_only"],
    "HCLD2": ["tests/app/rules/test_higher.py::test_hcld3_once_only"],
    "HCLD1": ["tests/app/rules/test_higher.py::test_hcld3_once_only"],
}
PRINCIPLES = [
    ("Điều tra, thanh tra, khiếu nại chưa giải quyết (cá nhân, tập thể): không xét", "under_investigation",
     "tests/app/test_law_points.py::test_09_an_investigation_or_discipline_of_a_collective_blocks_its_award"),
    ("Kỷ luật (cá nhân, tập thể): thành tích năm có kỷ luật chưa được tính", "under_discipline",
     "tests/app/rules/test_common.py::test_a_discipline_period_touching_the_year_blocks_it"),
    ("Một danh hiệu một lần mỗi năm; một hình thức lại được cho thành tích khác (phong trào khác, việc đột xuất "
     "khác)", "already_awarded / proposed_twice",
     "tests/app/test_law_points.py::test_07_the_same_form_for_another_movement_in_the_same_year_is_another_achievement"),
    ("Khen thưởng đột xuất, chuyên đề không làm căn cứ khen thưởng thường xuyên cao hơn", "prerequisite_missing",
     "tests/app/rules/test_higher.py::test_a_sudden_award_is_not_a_basis_for_a_higher_regular_award"),
    ("Chuỗi năm liên tục: năm của thành tích; chuỗi mới nhất chưa dùng cho cùng khen thưởng", "prerequisite_run_ok",
     "tests/app/test_law_points.py::test_06_bang_khen_routes_by_dossier_kind_and_the_latest_run_not_yet_used"),
    ("Thiếu dữ kiện: “chưa đủ dữ liệu”, nêu dữ kiện thiếu và nơi nhập, không bao giờ “không đủ điều kiện”",
     "…_unknown / …_missing",
     "tests/app/test_law_points.py::test_02_cstdcs_needs_the_ldtt_standard_not_the_ldtt_title"),
    ("Tỷ lệ trong đơn vị (CSTĐCS/LĐTT): cài đặt của cơ quan, mặc định tắt", "unit_cap_ok / unit_cap_exceeded",
     "tests/app/rules/test_common.py::test_the_cap_is_off_by_default"),
]
MONEY = [
    ("Tiền thưởng = hệ số × lương cơ sở ngày quyết định, làm tròn lên 10.000 đồng",
     "tests/app/test_awards.py::test_giay_khen_money_examples_from_the_domain"),
    ("Nhiều danh hiệu cùng thời gian tính thành tích (hệ số `counting_years`) chỉ nhận mức cao nhất; danh hiệu "
     "tính nhiều năm (CSTĐ cấp tỉnh: 3) được nhận cùng danh hiệu của năm; sổ các năm trước cũng vậy",
     "tests/app/test_law_points.py::test_05_money_highest_only_within_one_counting_period_and_the_bang_khen_rate_by_date"),
    ("Bằng khen cấp tỉnh: 1,0 × lương cơ sở trước 01/07/2025, 1,5 × từ 01/07/2025",
     "tests/app/test_law_points.py::test_05_money_highest_only_within_one_counting_period_and_the_bang_khen_rate_by_date"),
    ("Quyết định chỉ gồm khen thưởng thuộc thẩm quyền cấp của cơ quan ngày quyết định; phần còn lại trình cấp trên",
     "tests/app/test_law_points.py::test_01_powers_an_award_beyond_the_authority_is_forwarded_never_decided"),
]
LEVEL_NAMES = {"xa": "Cấp xã", "huyen": "Cấp huyện", "tinh": "Cấp tỉnh"}


def _date(text: str | None) -> str:
    return f"{text[8:10]}/{text[5:7]}/{text[:4]}" if text else "nay"


def _coef(value) -> str:
    return "—" if value is None else f"{value:g}".replace(".", ",")


def _number(n) -> str:
    if n.share:
        return share_text(float(n.value))
    return f"{n.value:g}".replace(".", ",") if isinstance(n.value, float) else str(n.value)


def _rule(rule: dict, names: dict[str, str]) -> list[str]:
    c = rule["criteria"] or {}
    lines = [f"- **{_date(rule['valid_from'])} – {_date(rule['valid_to'])}**"
             + (" (đã đối chiếu văn bản)" if rule["verified"] else " (giá trị mặc định, cơ quan sửa được)")
             + f": {rule['legal_basis']}",
             f"  - Hệ số tiền thưởng (cá nhân / tập thể / hộ gia đình): {_coef(rule['coefficient_individual'])} / "
             f"{_coef(rule['coefficient_collective'])} / {_coef(rule['coefficient_household'])}"]
    for key, article in sorted((c.get("articles") or {}).items()):
        lines.append(f"  - Điều kiện `{key}`: {article}")
    numbers = criteria_numbers(c, names)
    if numbers:
        lines.append("  - Số liệu sửa được: " + "; ".join(f"{n.label} = {_number(n)} (`{n.path}`)" for n in numbers))
    return lines


def render(data: dict | None = None) -> str:
    if data is None:
        with open(resource_path("catalog", "awards.json"), encoding="utf-8") as fh:
            data = json.load(fh)
    names = {a["code"]: a["name"] for a in data["award_types"]}
    out = ["# Quy tắc xét khen thưởng (sinh từ danh mục)", "",
           "Trang này được sinh từ `resources/catalog/awards.json` bởi `python -m app.rules.doc`; một bài "
           "kiểm thử (`tests/app/rules/test_rules_doc.py`) bảo đảm trang luôn khớp danh mục. Mỗi quy tắc: "
           "điều khoản áp dụng, thời kỳ áp dụng, các số liệu cơ quan sửa được (Danh mục → Sửa), và bài "
           "kiểm thử chứng minh. Văn bản luật thắng DOMAIN.md khi khác nhau.", "",
           "## Nguyên tắc chung (Luật Thi đua, khen thưởng 2022 Điều 5; Nghị định 152/2025/NĐ-CP Điều 4)", "",
           "| nguyên tắc | mã lý do | kiểm thử |", "|---|---|---|"]
    out += [f"| {text} | `{code}` | `{proof}` |" for text, code, proof in PRINCIPLES]
    out += ["", "## Danh hiệu, hình thức", ""]
    for a in data["award_types"]:
        out.append(f"### {a['name']} (`{a['code']}`)")
        out.append("")
        out.append(f"{CATEGORIES.get(a['category'], a['category'])} — {SUBJECTS.get(a['subject'], a['subject'])}; "
                   f"kiểm tra: {FAMILY_TEXT.get(a['family'], a['family'])}."
                   + (f" Hội đồng bỏ phiếu kín, đạt từ {share_text(a['vote_threshold'])} tổng số thành viên."
                      if a.get("vote_threshold") else ""))
        out.append("")
        for rule in a["rules"]:
            out += _rule(rule, names)
        proofs = PROOFS.get(a["code"], [])
        out.append("- Kiểm thử: " + (", ".join(f"`{p}`" for p in proofs) if proofs else "(chưa có)"))
        out.append("")
    out += ["## Thẩm quyền quyết định", "", "| cấp | từ | đến | khen thưởng | căn cứ |", "|---|---|---|---|---|"]
    for p in data.get("award_powers", []):
        out.append(f"| {LEVEL_NAMES.get(p['level'], p['level'])} | {_date(p['valid_from'])} | {_date(p['valid_to'])} | "
                   f"{', '.join(names.get(c, c) for c in p['awards'])} | {p['legal_basis']} |")
    out += ["", "## Tiền thưởng", "", "| quy tắc | kiểm thử |", "|---|---|"]
    out += [f"| {text} | `{proof}` |" for text, proof in MONEY]
    out += ["", "| lương cơ sở từ | mức (đồng) | căn cứ |", "|---|---|---|"]
    out += [f"| {_date(s['valid_from'])} | {s['amount']:,} | {s['legal_basis']} |".replace(",", ".")
            for s in data["base_salaries"]]
    return "\n".join(out) + "\n"


def write(path: Path = PAGE) -> Path:
    path.write_text(render(), encoding="utf-8")
    return path


if __name__ == "__main__":
    print(write())
