"""Certificates: full design and overlay, calibration offsets saved and applied, the test
grid, the print log (first print / reprint)."""

import pytest
from print_pdf import page_sizes, pages_text, placed_text

from app.errors import UserError
from app.printing.certificates import (
    FIELDS,
    calibration_page,
    get_offsets,
    print_certificates,
    print_counts,
    record_printed,
    save_offsets,
)

MM = 72 / 25.4


def test_full_design_one_landscape_page_per_award(office):
    with office.db.session() as s:
        printed = print_certificates(s, office.decision_id)
    pages = pages_text(printed.pdf)
    # The decision has two Giấy khen and one LĐTT (no certificate for LĐTT by default).
    assert printed.pages == len(pages) == 2 and len(printed.award_ids) == 2
    assert all(w > h for w, h in page_sizes(printed.pdf))
    first = pages[0]
    for text in ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
                 "CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ BÌNH LƯ", "TẶNG", "GIẤY KHEN",
                 "Trường Mầm non Bình Lư", "Quyết định số 15/QĐ-UBND, ngày 05/12/2025",
                 "Số sổ vàng: 1", "Bình Lư, ngày 05 tháng 12 năm 2025", "Lò Văn Thắng",
                 "Đã có thành tích xuất sắc trong thực hiện nhiệm vụ năm 2025."]:
        assert text in first, text
    assert "Nguyễn Thị Hoa" in pages[1] and "Số sổ vàng: 2" in pages[1]


def test_title_certificate_says_tang_danh_hieu(office):
    with office.db.session() as s:
        pages = pages_text(print_certificates(s, office.decision_id, award_codes=("LDTT",)).pdf)
    assert "TẶNG DANH HIỆU" in pages[0] and "LAO ĐỘNG TIÊN TIẾN" in pages[0]


def test_overlay_prints_only_the_variable_text(office):
    with office.db.session() as s:
        page = pages_text(print_certificates(s, office.decision_id, mode="overlay").pdf)[0]
    assert "Trường Mầm non Bình Lư" in page and "Số sổ vàng: 1" in page and "Lò Văn Thắng" in page
    assert "CỘNG HÒA" not in page and "GIẤY KHEN" not in page and "TẶNG" not in page


def _name_position(pdf: bytes, name: str) -> tuple[float, float]:
    return next((x, y) for x, y, t in placed_text(pdf)[0] if t == name)


def test_calibration_offsets_move_the_overlay_per_printer(office):
    with office.db.session() as s:
        before = _name_position(print_certificates(s, office.decision_id, mode="overlay").pdf,
                                "Trường Mầm non Bình Lư")
        save_offsets(s, 5, -3, printer="HP LaserJet")
        assert get_offsets(s, "HP LaserJet") == (5.0, -3.0)
        assert get_offsets(s, "Canon") == (0.0, 0.0)
        moved = _name_position(print_certificates(s, office.decision_id, mode="overlay",
                                                  printer="HP LaserJet").pdf, "Trường Mầm non Bình Lư")
        full = _name_position(print_certificates(s, office.decision_id, mode="full",
                                                 printer="HP LaserJet").pdf, "Trường Mầm non Bình Lư")
        with pytest.raises(UserError, match="−30 mm đến \\+30 mm"):
            save_offsets(s, 45, 0)
    assert moved[0] - before[0] == pytest.approx(5 * MM, abs=0.01)
    assert moved[1] - before[1] == pytest.approx(3 * MM, abs=0.01)  # −3 mm down = 3 mm up
    assert full == pytest.approx(before)  # the full design ignores the offsets


def test_offsets_survive_reopening(office):
    with office.db.session() as s:
        save_offsets(s, 1.5, 2)
    with office.db.session() as s:
        assert get_offsets(s) == (1.5, 2.0)
        page = pages_text(calibration_page(s).pdf)[0]
    assert "Trang in thử căn chỉnh phôi" in page and "ngang 1,5 mm, dọc 2 mm" in page
    assert "Họ tên (150; 124)" in page  # anchor 148,5;122 shifted by the offsets
    assert "Số sổ vàng" in page and "100" in page and "290" in page


def test_print_log_marks_reprints(office):
    with office.db.session() as s:
        ids = print_certificates(s, office.decision_id).award_ids
        assert record_printed(s, ids, "full", printer="PDF") == 0
        assert record_printed(s, ids[:1], "overlay", printer="HP") == 1
        assert print_counts(s, ids) == {ids[0]: 2, ids[1]: 1}


def test_decision_without_certificates_says_so(office):
    with office.db.session() as s:
        with pytest.raises(UserError, match="không có .* nào để in bằng"):
            print_certificates(s, office.decision_id, award_codes=("CSTD_TQ",))
        with pytest.raises(UserError, match="Chế độ in bằng không hợp lệ"):
            print_certificates(s, office.decision_id, mode="color")


def test_long_names_shrink_to_stay_inside_the_border(office):
    from app.printing.certificates import PAGE_W
    with office.db.session() as s:
        from db.models import Award
        award = s.get(Award, print_certificates(s, office.decision_id).award_ids[0])
        award.recipient_name = ("Trường Phổ thông Dân tộc bán trú Trung học cơ sở và Tiểu học "
                                "xã Nùng Nàng, huyện miền núi biên giới")
        s.flush()
        runs = placed_text(print_certificates(s, office.decision_id, award_ids=[award.id]).pdf)[0]
    from app.printing.fonts import text_width
    x, _y, text = next(r for r in runs if r[2].startswith("Trường Phổ thông"))
    assert x > 14 * MM  # starts inside the inner border
    assert text_width(text, FIELDS["name"].size, bold=True) > (PAGE_W - 28 * MM)  # it had to shrink
