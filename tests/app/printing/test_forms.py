"""Proposal, appraisal report, ballots, vote minutes, bloc scores, late units, the year's report:
what each prints, read back from the PDF."""

import datetime as dt

import pytest
from print_pdf import flat, page_sizes, pages_text, top_margin_text

from app.errors import NotFound, UserError
from app.printing import FORMS, build
from app.printing.appraisal import print_appraisal
from app.printing.ballots import print_ballots, print_vote_minutes
from app.printing.bloc_scores import print_bloc_scores
from app.printing.late_units import print_late_units
from app.printing.proposal import print_proposal
from app.printing.report import print_report
from db.models import CouncilMeeting, Dossier


def test_proposal_to_the_superior_lists_only_eligible_nominees(office):
    with office.db.session() as s:
        printed = print_proposal(s, office.forwarded_dossier_id, on=dt.date(2025, 12, 8))
    pages = pages_text(printed.pdf)
    first = pages[0]
    for text in ["TỜ TRÌNH", "Về việc đề nghị tặng Bằng khen của Chủ tịch UBND tỉnh năm 2025",
                 "Kính gửi: Ủy ban nhân dân tỉnh Lai Châu.", "/TTr-UBND",
                 "Bình Lư, ngày 08 tháng 12 năm 2025", "Xét đề nghị của Ủy ban nhân dân xã Khun Há",
                 "01 tập thể và 01 cá nhân", "Hồ sơ kèm theo gồm:", "TM. ỦY BAN NHÂN DÂN"]:
        assert text in first, text
    annex = flat("".join(pages[1:]))
    assert flat("Giàng Seo Phử") in annex and flat("Trạm Y tế xã Khun Há") in annex
    assert flat("Hoàng Văn Bị Loại") not in annex  # rejected in appraisal
    assert page_sizes(printed.pdf)[1][0] > page_sizes(printed.pdf)[1][1]  # landscape list


def test_proposal_refuses_a_local_dossier(office):
    with office.db.session() as s:
        with pytest.raises(UserError, match="không lập tờ trình"):
            print_proposal(s, office.local_dossier_id)


def test_appraisal_report_nominee_by_nominee(office):
    with office.db.session() as s:
        pages = pages_text(print_appraisal(s, office.local_dossier_id).pdf)
    text = "".join(pages)
    for piece in ["PHÒNG VĂN HÓA - XÃ HỘI", "BÁO CÁO", "/BC-VHXH", "1. Thành phần hồ sơ",
                  "- Báo cáo thành tích: thiếu;", "Hồ sơ còn thiếu 01 thành phần bắt buộc.",
                  "2. Kết quả thẩm định từng trường hợp", "3. Kết luận", "TRƯỞNG PHÒNG"]:
        assert piece in text, piece
    body = flat(text)
    # The check is the one the dossier window and `tdkt eligibility` run, reasons and article
    # included; the office's own opinion (Đạt / Không đạt) stands beside it.
    from app.rules import VERDICTS, check_dossier

    with office.db.session() as s:
        verdicts = check_dossier(s, office.local_dossier_id, store=False)
    assert verdicts
    for v in verdicts:
        assert flat(f"{VERDICTS[v.verdict]}: {v.reasons[0].message.rstrip('.')}") in body, v.nominee
    assert flat("Luật Thi đua, khen thưởng 2022 Điều 23") in body  # the reason cites its article
    counts = {k: sum(1 for v in verdicts if v.verdict == k) for k in VERDICTS}
    assert flat("Kiểm tra tiêu chuẩn: " + "; ".join(f"{VERDICTS[k].lower()}: {n:02d}"
                                                   for k, n in counts.items())) in body
    assert flat("Lò Thị Mai") in body and flat("Ý kiến thẩm định: đạt: 03; không đạt: 01") in body


def test_appraisal_of_a_year_is_one_report_per_dossier(office):
    with office.db.session() as s:
        printed = print_appraisal(s, year=2025)
    text = "".join(pages_text(printed.pdf))
    assert flat(text).count(flat("Kết quả thẩm định hồ sơ đề nghị khen thưởng của")) == 2


def test_ballots_one_per_member_for_secret_titles(office):
    with office.db.session() as s:
        printed = print_ballots(s, office.meeting_id)
        present = s.get(CouncilMeeting, office.meeting_id).members_present
    pages = pages_text(printed.pdf)
    ballots = [flat(page).count("PHIẾUBẦU") for page in pages]
    assert sum(ballots) == present == 8  # one per member present, one title voted in secret
    assert len(pages) < present and max(ballots) >= 2  # short ballots share a page
    for page in pages:
        assert "PHIẾU BẦU" in page and "Danh hiệu Chiến sĩ thi đua cơ sở năm 2025" in page
        assert "Đồng ý" in page and flat("Không đồng ý") in flat(page)
        assert flat(page).count("LòThịMai") == flat(page).count("PHIẾUBẦU")
    assert set(top_margin_text(printed.pdf)) == {""}  # no ballot runs onto a numbered page


def test_ballots_before_any_vote_use_the_appraised_nominees(office):
    with office.db.session() as s:
        s.get(Dossier, office.local_dossier_id).status = "appraised"
        s.delete(s.get(CouncilMeeting, office.meeting_id))  # no meeting recorded yet
        s.flush()
        printed = print_ballots(s, year=2025, copies=2)
    page = pages_text(printed.pdf)[0]
    assert "Lò Thị Mai" in page and "Vàng Thị Dợ" in page and "Sùng A Tủa" not in page
    assert printed.pages == 1 and flat(page).count("PHIẾUBẦU") == 2  # two short ballots, one page


def test_vote_minutes_count_against_full_membership(office):
    with office.db.session() as s:
        text = "".join(pages_text(print_vote_minutes(s, office.meeting_id).pdf))
    for piece in ["BIÊN BẢN", "Kiểm phiếu bầu danh hiệu Chiến sĩ thi đua cơ sở",
                  "Tổng số thành viên Hội đồng: 09; có mặt: 08 (88,89%)", "Vắng, có phiếu",
                  "100%", "66,67%", "88,89%", "Không đạt", "TRƯỞNG BAN KIỂM PHIẾU",
                  "THÀNH VIÊN BAN KIỂM PHIẾU", "đạt khi được từ 80% tổng số thành viên Hội đồng",
                  "Số phiếu phát ra: 08; số phiếu thu về: 08", "Vào hồi ...... giờ ......",
                  "Số trường hợp đạt tỷ lệ phiếu theo quy định: 02/03"]:
        assert piece in text or flat(piece) in flat(text), piece


def test_bloc_scores_rank_and_zero_is_a_score(office):
    with office.db.session() as s:
        pages = pages_text(print_bloc_scores(s, office.bloc_id, on=dt.date(2025, 12, 20)).pdf)
    text = pages[0]
    assert "BẢNG TỔNG HỢP ĐIỂM" in text and "KHỐI CÁC XÃ VÙNG CAO" in text
    body = flat(text)
    # Agreed totals: 99,5 / 93,5 / 87,5 for the communes; the last unit scored 0 on I.1.
    assert body.index(flat("Ủy ban nhân dân xã Bản Bo")) < body.index(flat("Ủy ban nhân dân xã Tả Lèng"))
    assert "99,5" in text and "Dẫn đầu" in text
    assert "ĐƠN VỊ KHỐI TRƯỞNG" in text and "Lò Văn Hải" in text and "Giàng A Páo" in text
    assert flat("I. Thực hiện nhiệm vụ chính trị (tối đa 50 điểm)") in body


def test_late_units_list_and_one_letter_each(office):
    with office.db.session() as s:
        printed = print_late_units(s, office.due_id, today=dt.date(2025, 12, 13))
    pages = pages_text(printed.pdf)
    listing = pages[0]
    assert "DANH SÁCH" in listing and "(Tính đến ngày 13 tháng 12 năm 2025)" in listing
    assert flat("Quá hạn 3 ngày") in flat(listing) and "Bản Bo" not in listing  # Bản Bo sent on time
    letters = pages[1:]
    assert len(letters) == 3
    assert all("V/v đôn đốc gửi" in flat(p) or "V/v" in p for p in letters)
    assert any("Kính gửi: Ủy ban nhân dân xã Tả Lèng." in p for p in letters)
    assert "đã quá hạn 3 ngày" in flat(letters[0]) or "đã quá hạn 3 ngày" in letters[0]


def test_deadline_day_itself_is_not_late(office):
    with office.db.session() as s:
        listing = pages_text(print_late_units(s, office.due_id, today=dt.date(2025, 12, 10),
                                              letters=False).pdf)[0]
    assert "Chưa đến hạn" in listing and "Quá hạn" not in listing


def test_report_counts_titles_and_forms_apart(office):
    with office.db.session() as s:
        text = "".join(pages_text(print_report(s, year=2025).pdf))
    assert "I. DANH HIỆU THI ĐUA" in text and "II. HÌNH THỨC KHEN THƯỞNG" in text
    assert "Lao động tiên tiến" in text and "Giấy khen" in text
    # Two decisions: 15 (GK collective, GK individual, LĐTT: 2.830.000) and 21 (the same two
    # Giấy khen: 2.120.000).
    assert "4.950.000" in text


def test_every_form_is_reachable_by_name(office):
    with office.db.session() as s:
        # The year's other work (congress, provincial bloc, publicity) is not in this small
        # office: test_demo_forms prints those from the demo office.
        for name in [f for f in FORMS if f not in ("congress", "province-bloc", "publicity")]:
            printed = build(s, name, year=2025)
            assert printed.pdf.startswith(b"%PDF") and printed.pages >= 1, name
            assert printed.filename.endswith(".pdf") and printed.filename.isascii()


def test_missing_records_are_named(office):
    with office.db.session() as s:
        for name, pattern in [("proposal", "hồ sơ"), ("appraisal", "hồ sơ"),
                              ("vote-minutes", "phiên họp"), ("bloc-scores", "khối thi đua"),
                              ("late-units", "yêu cầu nộp")]:
            with pytest.raises(NotFound, match=pattern):
                build(s, name, id=999)


def test_the_province_s_bloc_is_headed_by_the_province(demo_db):
    """The year's bloc sheets are the office's own blocs; the province's bloc, printed alone,
    carries the province's name, not the office's."""
    from sqlalchemy import select

    from app.printing import build
    from db.models import Bloc

    with demo_db.session() as s:
        year_sheets = flat("".join(pages_text(build(s, "bloc-scores", year=2025).pdf)))
        province = s.scalar(select(Bloc).where(Bloc.year == 2025, Bloc.organiser == "province"))
        own = flat("".join(pages_text(build(s, "bloc-scores", id=province.id).pdf)))
    assert flat(province.name.upper()) not in year_sheets
    assert own.startswith(flat("UBND TỈNH LAI CHÂU")) and flat(province.name.upper()) in own


def test_appraisal_with_very_long_reasons_prints_every_word_over_pages(office):
    # t16 severe 5: `tdkt print appraisal` stopped with a LayoutError on a row taller than a page.
    from db.models import Nominee

    note = " ".join(f"căn cứ{i:03d} chưa đủ" for i in range(450))
    with office.db.session() as s:
        nominee = s.get(Dossier, office.local_dossier_id).nominees[1]
        s.get(Nominee, nominee.id).appraisal_note = note
        s.commit()
        printed = print_appraisal(s, office.local_dossier_id)
    pages = pages_text(printed.pdf)
    text = flat("".join(pages))
    for i in range(450):
        assert text.count(f"căncứ{i:03d}chưađủ") == 1, i
    assert text.index("căncứ449") < text.index(flat("3. Kết luận"))
    assert all(flat(p).count(flat("(lý do, căn cứ)")) <= 1 for p in pages)  # one header a page
