"""The tờ trình never states achievements the program's own check denies (t17, severe 2): its
summary of running years and initiatives is the check's, not the unit's text; an override of
the check is said with its reason. Demo office, 2025: HS-2025-0036 (Trần Thanh Việt, CSTĐ cấp
tỉnh, CSTĐCS only in 2023 and 2024) and tờ trình 359/TTr-UBND (Tòng Văn Ngoan, 2023–2025)."""

import re

from print_pdf import flat, pages_text

from app.achievements import printed_summary, unit_text_without_claims
from app.printing.proposal import print_proposal
from app.rules import check_dossier
from app.rules.engine import find_dossier


def _years(text: str) -> set[str]:
    return set(re.findall(r"20\d\d–20\d\d", text))


def _verdict(s, number: str, name: str):
    dossier = find_dossier(s, number)
    return dossier, next(v for v in check_dossier(s, dossier.id, store=False) if v.nominee == name)


def test_the_proposal_says_the_years_the_check_found(demo_db):
    with demo_db.session() as s:
        dossier, verdict = _verdict(s, "HS-2025-0036", "Trần Thanh Việt")
        assert verdict.verdict == "fails"
        nominee = next(n for n in dossier.nominees if n.name == "Trần Thanh Việt")
        assert "(2022–2024)" in nominee.achievement  # the unit's own words, which the ledger denies
        text = flat(" ".join(pages_text(print_proposal(s, dossier.id).pdf)))
        checked = " ".join(r.message for r in verdict.reasons)
        assert flat("thiếu năm 2025 (có các năm 2023, 2024)") in text
        assert flat("cần 1 sáng kiến/đề tài cấp tỉnh trong năm 2023–2025; trong dữ liệu có 0") in text
        assert "2022–2024" not in text and flat("phạm vi toàn tỉnh") not in text
        assert _years(text) <= _years(checked) | {"2023–2025"}
        assert flat("Đạt (ý kiến thẩm định khác kết luận kiểm tra: Đơn vị cam kết bổ sung") in text

        ngoan_dossier, ngoan = _verdict(s, "HS-2025-0031", "Tòng Văn Ngoan")
        assert ngoan.verdict == "meets" and "2023–2025" in " ".join(r.message for r in ngoan.reasons)
        printed = print_proposal(s, year=2025)
        text = flat(" ".join(pages_text(printed.pdf)))
        assert flat("359/TTr-UBND") in text
        assert flat("Đạt Chiến sĩ thi đua cơ sở 3 năm liên tục 2023–2025") in text
        assert "2022–2024" not in text


def test_the_units_words_keep_what_the_check_does_not_compute():
    said = ("Có 03 năm liên tục đạt danh hiệu CSTĐCS (2022–2024), sáng kiến áp dụng phạm vi toàn tỉnh; "
            "tham gia tích cực phong trào xây dựng nông thôn mới")
    assert unit_text_without_claims(said) == "Tham gia tích cực phong trào xây dựng nông thôn mới"
    assert printed_summary("Hoàn thành xuất sắc nhiệm vụ được giao", None) == "Hoàn thành xuất sắc nhiệm vụ được giao."
