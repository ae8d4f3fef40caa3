"""Quyết định khen thưởng and its list: content from the data and the office profile."""

import pytest
from print_factories import all_vietnamese_letters, make_decision, people_lines
from print_pdf import flat, page_sizes, pages_text, top_margin_text

from app.errors import NotFound, UserError
from app.formats import money, money_in_words
from app.printing.decision import print_decision
from db.models import Decision


def test_decision_text_from_profile_and_ledger(office):
    with office.db.session() as s:
        printed = print_decision(s, office.decision_id)
    pages = pages_text(printed.pdf)
    first = pages[0]
    for line in ["ỦY BAN NHÂN DÂN", "XÃ BÌNH LƯ", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                 "Độc lập - Tự do - Hạnh phúc", "Số: 15/QĐ-UBND", "Bình Lư, ngày 05 tháng 12 năm 2025",
                 "QUYẾT ĐỊNH", "Theo đề nghị của Trưởng phòng Văn hóa - Xã hội.", "Nơi nhận:",
                 "CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ BÌNH LƯ", "CHỦ TỊCH", "Lò Văn Thắng",
                 "Nghị định số 152/2025/NĐ-CP"]:
        assert line in first, line
    # Awards are the chairman's own power: he signs in his own name, not for the committee.
    assert "TM. ỦY BAN NHÂN DÂN" not in first
    assert "Tam Đường" not in "".join(pages)
    # 1 collective Giấy khen 1.410.000 + 1 individual 710.000 + LĐTT 710.000
    total = 1_410_000 + 710_000 + 710_000
    assert money(total) in first
    assert flat(money_in_words(total)) in flat(first)
    annex = "".join(pages[1:])
    assert "DANH SÁCH" in annex and "(Kèm theo Quyết định số 15/QĐ-UBND ngày 05/12/2025" in annex
    assert "I. LAO ĐỘNG TIÊN TIẾN" in annex and "II. GIẤY KHEN" in annex
    # Collectives before individuals within an award; the total closes the list.
    assert annex.index("1. Tập thể (01)") < annex.index("2. Cá nhân (01)")
    assert "Tổng cộng: 01 tập thể và 02 cá nhân" in annex and "2.830.000" in annex
    assert printed.filename == "QuyetDinh_15_QD_UBND_20251205.pdf"


def test_deputy_signs_for_the_chairman(office):
    with office.db.session() as s:
        first = pages_text(print_decision(s, office.kt_decision_id).pdf)[0]
    assert "KT. CHỦ TỊCH" in first and "PHÓ CHỦ TỊCH" in first and "Tẩn Thị Mẩy" in first
    assert "CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ BÌNH LƯ" in first  # who holds the power
    assert "TM. ỦY BAN NHÂN DÂN" not in first


def test_long_list_pages_and_header_row_on_each(office):
    with office.db.session() as s:
        decision = make_decision(s, people_lines(400), number="99/QĐ-UBND")
        printed = print_decision(s, decision.id)
    pages = pages_text(printed.pdf)
    annex = pages[1:]
    # 400 lines of two text lines each: at least 20 rows a page, at most 30.
    assert 400 / 30 <= len(annex) <= 400 / 20 + 1
    assert printed.pages == len(pages)
    for page in annex:
        assert flat("Họ và tên, tên tập thể") in flat(page) and flat("Số tiền (đồng)") in flat(page)
    # Annex pages are numbered on their own from its second page.
    numbers = top_margin_text(printed.pdf)
    assert numbers[0] == "" and numbers[1] == "" and numbers[2] == "2"
    assert numbers[-1] == str(len(annex))
    assert money(710_000 * 400) in pages[0]


def test_every_vietnamese_letter_in_a_recipient_name(office):
    letters = all_vietnamese_letters()
    with office.db.session() as s:
        decision = make_decision(s, [("GK", "individual", letters, "Chuyên viên", "xã Bình Lư")],
                                 number="98/QĐ-UBND")
        text = flat("".join(pages_text(print_decision(s, decision.id).pdf)))
    assert flat(letters) in text


def test_wide_list_turns_landscape(office):
    with office.db.session() as s:
        decision = make_decision(s, people_lines(3), number="97/QĐ-UBND")
        decision.awards[1].achievement = "Có thành tích đột xuất trong phòng chống thiên tai"
        s.flush()
        printed = print_decision(s, decision.id)
    sizes = page_sizes(printed.pdf)
    assert sizes[0][0] < sizes[0][1] and sizes[-1][0] > sizes[-1][1]
    assert "Thành tích" in pages_text(printed.pdf)[-1]


def test_refusals_are_vietnamese(office):
    with office.db.session() as s:
        with pytest.raises(NotFound, match="Không có quyết định"):
            print_decision(s, 12345)
        d = s.get(Decision, office.decision_id)
        d.external = True
        s.flush()
        with pytest.raises(UserError, match="chỉ in quyết định của cơ quan mình"):
            print_decision(s, d.id)


def test_no_profile_is_a_clear_message(db):
    with db.session() as s:
        make_decision(s, people_lines(1))
        with pytest.raises(UserError, match="hồ sơ cơ quan"):
            print_decision(s)


def test_one_common_achievement_is_said_as_an_achievement():
    """Điều 1 ends «…(có danh sách kèm theo), đã có thành tích nuôi cá lồng.», never «…, nuôi cá lồng.»"""
    from app.printing.decision import _achieved

    assert _achieved("Nuôi cá lồng hiệu quả.") == "đã có thành tích nuôi cá lồng hiệu quả"
    assert _achieved("Đã có thành tích xuất sắc trong phong trào") == "đã có thành tích xuất sắc trong phong trào"
    assert _achieved("Thành tích xuất sắc năm 2025") == "đã có thành tích xuất sắc năm 2025"


def test_a_signer_title_typed_with_its_organ_is_not_doubled(office):
    """t16: signer title "Chủ tịch UBND xã" printed "CHỦ TỊCH UBND XÃ UBND XÃ BÌNH LƯ" and
    "của Chủ tịch ubnd xã UBND xã Bình Lư"."""
    from db.models import OfficeProfile

    with office.db.session() as s:
        s.get(OfficeProfile, 1).signer_title = "Chủ tịch UBND xã"
        s.commit()
        text = "".join(pages_text(print_decision(s, office.decision_id).pdf))
    assert "CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ BÌNH LƯ" in text
    assert "UBND XÃ UBND" not in text.upper() and "UBND XÃ ỦY BAN" not in text.upper()
    assert "ubnd xã UBND" not in text
