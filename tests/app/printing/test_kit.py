"""The page kit: fonts, every Vietnamese letter, the Decree 30 header, page numbers, tables
whose header row repeats, landscape pages."""

import unicodedata

import pytest
from print_factories import all_vietnamese_letters
from print_pdf import flat, page_sizes, pages_text, top_margin_text

from app.printing import fonts
from app.printing.kit import (
    LANDSCAPE,
    MOTTO,
    NATIONAL_NAME,
    Document,
    HRule,
    admin_header,
    closing,
    data_table,
    frame_width,
    para,
    title_block,
)


def test_every_vietnamese_letter_comes_back_from_the_pdf():
    letters = all_vietnamese_letters()
    doc = Document("Chữ")
    for word in letters.split():
        doc.add(para(word, "body_flat"))
    doc.add(para(letters.upper(), "title"))
    text = flat(pages_text(doc.build("chu.pdf").pdf)[0])
    for word in letters.split():
        assert unicodedata.normalize("NFC", word) in text
    for ch in set(letters.replace(" ", "")):
        assert ch in text
    assert len(letters.replace(" ", "")) == 2 * (1 + 12 * 6)


def test_header_has_issuer_motto_number_and_place_date():
    doc = Document("Đầu")
    doc.add(admin_header([("UBND xã Bình Lư", False), ("Phòng Văn hóa - Xã hội", True)],
                         "Số: 7/BC-VHXH", "Bình Lư, ngày 05 tháng 12 năm 2025"))
    text = pages_text(doc.build("x.pdf").pdf)[0]
    for line in ["UBND XÃ BÌNH LƯ", "PHÒNG VĂN HÓA - XÃ HỘI", NATIONAL_NAME, MOTTO, "Số: 7/BC-VHXH",
                 "Bình Lư, ngày 05 tháng 12 năm 2025"]:
        assert line in text


def test_motto_rule_is_as_long_as_the_motto_and_issuer_rule_is_short():
    header = admin_header([("Ủy ban nhân dân", True), ("xã Bình Lư", True)], "Số: 1/QĐ-UBND", "x")
    left, right = header._cellvalues[0]
    motto_rule = next(f for f in right if isinstance(f, HRule))
    assert motto_rule.rule_width == pytest.approx(fonts.text_width(MOTTO, 14, bold=True))
    issuer_rule = next(f for f in left if isinstance(f, HRule))
    full = fonts.text_width("ỦY BAN NHÂN DÂN", 13, bold=True)
    assert full / 3 <= issuer_rule.rule_width <= full / 2


def test_page_numbers_start_on_page_two_and_restart_per_document():
    doc = Document("Dài")
    for i in range(90):
        doc.add(para(f"Đoạn văn số {i} của văn bản thứ nhất, đủ dài để sang trang.", "body"))
    doc.new_part()
    for i in range(70):
        doc.add(para(f"Đoạn văn số {i} của văn bản thứ hai.", "body"))
    pdf = doc.build("x.pdf").pdf
    pages = pages_text(pdf)
    numbers = top_margin_text(pdf)
    second_start = next(i for i, p in enumerate(pages) if "văn bản thứ hai" in p)
    assert len(pages) >= 5 and second_start >= 2
    assert numbers[0] == "" and numbers[second_start] == ""
    assert numbers[1:second_start] == [str(n) for n in range(2, second_start + 1)]
    assert numbers[second_start + 1] == "2"


def test_long_table_repeats_its_header_row_on_every_page():
    rows = [[str(i), f"Nguyễn Thị Thanh Hương {i}", "Chuyên viên, Văn phòng Hội đồng nhân dân và "
             "Ủy ban nhân dân xã", "710.000"] for i in range(1, 151)]
    doc = Document("Bảng")
    doc.add(data_table(["STT", "Họ và tên", "Chức vụ, đơn vị", "Số tiền (đồng)"], rows,
                       [10, 50, 70, 28], "CLLR"))
    pages = pages_text(doc.build("x.pdf").pdf)
    assert len(pages) >= 5
    for page in pages:
        assert "Họ và tên" in page and "Chức vụ, đơn vị" in page
    assert flat("Nguyễn Thị Thanh Hương 150") in flat(pages[-1])


def _long_reasons(tag: str, n: int = 600) -> str:
    """A reason text far taller than a page in a narrow column, every word numbered."""
    return " ".join(f"{tag}{i:03d} lý do" for i in range(n))


@pytest.mark.parametrize("orientation", ["portrait", LANDSCAPE])
def test_a_row_taller_than_a_page_is_carried_over_pages_with_every_word(orientation):
    # t16 severe 5: a row 831 pt tall stopped the print with a LayoutError.
    rows = [["1", "Lò Thị Hạnh", _long_reasons("a"), _long_reasons("b", 120)],
            ["2", "Chu Thị Lan", "Đủ điều kiện", "Đạt"]]
    doc = Document("Bảng", orientation=orientation)
    doc.add(data_table(["STT", "Họ và tên", "Kiểm tra tiêu chuẩn", "Ý kiến thẩm định"], rows,
                       [9, 40, 60, 34], "CLLL", total_width=frame_width(orientation)))
    doc.add(para("Hết bảng", "body"))
    pages = pages_text(doc.build("x.pdf").pdf)
    assert len(pages) >= 3
    text = flat("".join(pages))
    for tag, n in (("a", 600), ("b", 120)):
        for i in range(n):  # every word of both long cells, once, in order
            assert text.count(f"{tag}{i:03d}lýdo") == 1, f"{tag}{i:03d}"
    assert text.index("a000") < text.index("a599") < text.index("ChuThịLan") < text.index("Hếtbảng")
    for page in pages[:-1]:  # the header row heads every page the row runs over, once
        assert flat(page).count("Kiểmtratiêuchuẩn") == 1


def test_landscape_part_and_signature_block():
    doc = Document("Ngang")
    doc.add(*title_block("Quyết định", "Về việc tặng Giấy khen"))
    doc.add(closing(["- Như Điều 3;"], ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"], "Lò Văn Thắng"))
    doc.new_part(LANDSCAPE)
    doc.add(para("Phụ lục", "title"))
    printed = doc.build("x.pdf")
    (w1, h1), (w2, h2) = page_sizes(printed.pdf)
    assert w1 < h1 and w2 > h2
    text = pages_text(printed.pdf)[0]
    assert "Nơi nhận:" in text and "TM. ỦY BAN NHÂN DÂN" in text and "Lò Văn Thắng" in text


def test_bundled_font_is_used_when_no_times_new_roman(tmp_path, monkeypatch):
    # Files named like Times New Roman but not fonts: found, judged unusable, not used.
    for name in ("times.ttf", "timesbd.ttf", "timesi.ttf", "timesbi.ttf"):
        (tmp_path / name).write_bytes(b"not a font")
    assert fonts.find_times_new_roman([tmp_path])["bold"].name == "timesbd.ttf"
    monkeypatch.setattr(fonts, "font_dirs", lambda: [tmp_path])
    fonts.register_fonts.cache_clear()
    try:
        info = fonts.register_fonts()
        assert info.family == "Liberation Serif"
        assert info.files["regular"].endswith("LiberationSerif-Regular.ttf")
        doc = Document("Phông")
        doc.add(para("Phông chữ", "body"))
        assert b"LiberationSerif" in doc.build("x.pdf").pdf
    finally:
        fonts.register_fonts.cache_clear()
        fonts.register_fonts()


def test_shipped_font_has_its_licence():
    from app.resources import resource_path

    licence = resource_path("fonts", "LICENSE-LiberationSerif.txt").read_text(encoding="utf-8")
    assert "SIL Open Font License" in licence or "SIL-OFL-1.1" in licence
    assert all(resource_path("fonts", f"LiberationSerif-{s}.ttf").is_file()
               for s in ("Regular", "Bold", "Italic", "BoldItalic"))


def test_wrapped_cells_keep_long_names_inside_the_table():
    name = "Trường Phổ thông Dân tộc bán trú Trung học cơ sở xã Nùng Nàng huyện miền núi"
    doc = Document("Bảng")
    doc.add(data_table(["STT", "Tên tập thể"], [["1", name]], [10, 40], "CL"))
    assert flat(name) in flat(pages_text(doc.build("x.pdf").pdf)[0])
