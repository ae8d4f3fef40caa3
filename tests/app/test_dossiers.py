"""Dossiers: receiving by hand, due dates, documents, nominees, appraisal, public notice, and
the state machine — every allowed move made, every other move refused in Vietnamese."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from sqlalchemy import select

from app.decisions import DecisionInput, forward_dossier, issue_decision, record_external_decision
from app.dossier_documents import (
    add_document,
    attach_scan,
    documents,
    missing_documents,
    set_present,
)
from app.dossiers import (
    STATUSES,
    TRANSITIONS,
    DossierInput,
    add_working_days,
    days_left,
    list_dossiers,
    move_dossier,
    receive_dossier,
)
from app.errors import UserError, ValidationError
from app.nominees import (
    NomineeInput,
    add_nominee,
    appraise,
    notice_list,
    record_feedback,
    start_notice,
    withdraw_nominee,
)
from db.models import DossierEvent, Nominee, Person, Setting, StoredFile, Unit

PAIRS = list(itertools.product(STATUSES, STATUSES))


def _ready(world, status):
    unit = world.unit()
    world.commune()
    dossier = world.dossier(unit, status=status)
    person = world.person("Nguyễn Văn An", unit)
    world.rating(person, 2025, "HTTNV")
    world.nominate(dossier, person, "LDTT", appraisal="approved")
    return dossier


def _make_move(world, dossier, to):
    s = world.s
    if to == "noticed":
        start_notice(s, dossier.id, dt.date(2025, 12, 1), dt.date(2025, 12, 5), "Bảng tin UBND xã",
                     user="canbo")
    elif to == "forwarded":
        forward_dossier(s, dossier.id, "45/TTr-UBND", dt.date(2025, 12, 3), "UBND tỉnh Lai Châu",
                        user="canbo")
    elif to == "decided" and dossier.status == "forwarded":
        record_external_decision(s, dossier.id, DecisionInput("900/QĐ-UBND", dt.date(2025, 12, 20)),
                                 "UBND tỉnh Lai Châu", user="canbo")
    elif to == "decided":
        issue_decision(s, [dossier.id], DecisionInput("12/QĐ-UBND", dt.date(2025, 12, 5)), user="canbo")
    elif to == "partly_decided" and to in TRANSITIONS[dossier.status]:
        # A decision leaving an approved CSTĐCS to wait for the council's vote.
        unit = s.get(Unit, dossier.unit_id)
        world.nominate(dossier, world.person("Lò Thị Bình", unit), "CSTDCS", appraisal="approved")
        issue_decision(s, [dossier.id], DecisionInput("12/QĐ-UBND", dt.date(2025, 12, 5)), user="canbo")
    else:
        move_dossier(s, dossier.id, to, "Lý do ghi rõ", user="canbo")


@pytest.mark.parametrize("start,to", PAIRS, ids=[f"{a}->{b}" for a, b in PAIRS])
def test_every_move_is_allowed_or_refused_by_the_table(world, start, to):
    dossier = _ready(world, start)
    if to in TRANSITIONS[start]:
        _make_move(world, dossier, to)
        world.s.refresh(dossier)
        assert dossier.status == to
        event = world.s.scalars(select(DossierEvent).where(DossierEvent.dossier_id == dossier.id)
                                .order_by(DossierEvent.id.desc())).first()
        assert (event.from_status, event.to_status, event.user) == (start, to, "canbo")
        assert event.reason
    else:
        with pytest.raises(UserError) as err:
            _make_move(world, dossier, to)
        world.s.refresh(dossier)
        assert dossier.status == start
        if start == to == "decided":  # t25: the decision step says which decision it was
            assert err.value.message.startswith(f"Hồ sơ {dossier.number} đã có quyết định")
        elif start == to:  # t25: not «từ “X” sang “X”»
            assert err.value.message == (f"Hồ sơ {dossier.number} đã ở trạng thái “{STATUSES[to]}”; "
                                         "không chuyển gì.")
        else:
            assert err.value.message == (f"Không thể chuyển hồ sơ {dossier.number} từ "
                                         f"“{STATUSES[start]}” sang “{STATUSES[to]}”.")


@pytest.mark.parametrize("to", ["noticed", "forwarded", "partly_decided", "decided"])
def test_special_moves_are_refused_as_plain_moves_and_name_the_step(world, to):
    dossier = _ready(world, "appraised")
    with pytest.raises(UserError) as err:
        move_dossier(world.s, dossier.id, to)
    assert "Đã thẩm định" in err.value.message and STATUSES[to] in err.value.message
    assert "thao tác" in err.value.message


def test_a_refused_move_names_both_states(world):
    dossier = _ready(world, "received")
    with pytest.raises(UserError) as err:
        move_dossier(world.s, dossier.id, "voted")
    assert err.value.message == (f"Không thể chuyển hồ sơ {dossier.number} từ “Đã tiếp nhận” sang "
                                 "“Hội đồng đã xét”.")


@pytest.mark.parametrize("to", ["returned", "rejected", "withdrawn"])
def test_sending_back_refusing_and_withdrawing_need_a_reason(world, to):
    dossier = _ready(world, "appraising")
    with pytest.raises(ValidationError) as err:
        move_dossier(world.s, dossier.id, to, "  ")
    assert "lý do" in err.value.message
    move_dossier(world.s, dossier.id, to, "Thiếu biên bản họp Hội đồng")
    assert dossier.status == to


def test_appraised_needs_every_nominee_appraised(world):
    dossier = _ready(world, "appraising")
    world.nominate(dossier, world.person("Lò Thị Bình"), "LDTT")
    with pytest.raises(UserError) as err:
        move_dossier(world.s, dossier.id, "appraised")
    assert "Còn 1 người/tập thể chưa có kết quả thẩm định (ví dụ: Lò Thị Bình)" in err.value.message


def test_returned_then_received_again_keeps_the_whole_history(world):
    dossier = _ready(world, "appraising")
    move_dossier(world.s, dossier.id, "returned", "Thiếu báo cáo thành tích")
    move_dossier(world.s, dossier.id, "received", "Đơn vị đã bổ sung")
    move_dossier(world.s, dossier.id, "appraising")
    steps = [(e.from_status, e.to_status, e.reason) for e in world.s.scalars(
        select(DossierEvent).where(DossierEvent.dossier_id == dossier.id).order_by(DossierEvent.id))]
    assert steps == [("appraising", "returned", "Thiếu báo cáo thành tích"),
                     ("returned", "received", "Đơn vị đã bổ sung"),
                     ("received", "appraising", "")]


def test_working_days_skip_weekends_and_listed_holidays():
    friday = dt.date(2025, 11, 28)
    assert add_working_days(friday, 1) == dt.date(2025, 12, 1)  # Monday
    assert add_working_days(friday, 5) == dt.date(2025, 12, 5)
    assert add_working_days(friday, 1, {dt.date(2025, 12, 1)}) == dt.date(2025, 12, 2)


def test_deadline_counts_whole_local_days():
    due = dt.date(2025, 12, 10)
    assert days_left(due, dt.date(2025, 12, 10)) == 0  # met all that day
    assert days_left(due, dt.date(2025, 12, 9)) == 1
    assert days_left(due, dt.date(2025, 12, 11)) == -1


def test_receiving_by_hand_numbers_dates_and_lists_the_documents(world):
    unit = world.unit("Xã Bản Bo")
    received = dt.date(2025, 11, 20)  # Thursday; 20 working days
    d = receive_dossier(world.s, DossierInput(unit_id=unit.id, received_on=received,
                                              title="Đề nghị khen thưởng tổng kết năm 2025",
                                              proposal_ref="25/TTr-UBND"), user="canbo")
    assert d.number == "HS-2025-0001" and d.status == "received"
    assert d.due_on == dt.date(2025, 12, 18)
    names = [doc.name for doc in documents(world.s, d.id)]
    assert names[:3] == ["Tờ trình đề nghị khen thưởng (Mẫu số 01)",
                         "Biên bản họp Hội đồng TĐKT và kết quả bỏ phiếu",
                         "Danh sách trích ngang đề nghị khen thưởng"]
    assert "Báo cáo thành tích (Mẫu số 05 cá nhân / Mẫu số 04 tập thể)" in names
    assert not any("sáng kiến" in n for n in names)
    second = receive_dossier(world.s, DossierInput(unit_id=unit.id, received_on=received, category="sudden"))
    assert second.number == "HS-2025-0002"
    assert second.due_on == dt.date(2025, 11, 27)  # 5 working days
    rows = list_dossiers(world.s, 2025)
    assert [r.number for r in rows] == ["HS-2025-0002", "HS-2025-0001"]


def test_receiving_refuses_a_taken_number_and_a_missing_unit(world):
    unit = world.unit()
    receive_dossier(world.s, DossierInput(unit_id=unit.id, received_on=dt.date(2025, 11, 20), number="HS-2025-0007"))
    with pytest.raises(ValidationError) as err:
        receive_dossier(world.s, DossierInput(unit_id=unit.id, received_on=dt.date(2025, 11, 21),
                                              number="hs-2025-0007"))
    assert err.value.field == "number"
    with pytest.raises(ValidationError):
        receive_dossier(world.s, DossierInput(unit_id=99999, received_on=dt.date(2025, 11, 20)))


def test_a_cstdcs_nominee_adds_the_initiative_certificate_to_the_checklist(world):
    unit = world.unit()
    d = receive_dossier(world.s, DossierInput(unit_id=unit.id, received_on=dt.date(2025, 11, 20)))
    add_nominee(world.s, d.id, NomineeInput(name="nguyễn văn  an", award="CSTĐ cơ sở", rating="HTXS"))
    assert "Giấy chứng nhận / xác nhận sáng kiến, đề tài" in missing_documents(world.s, d.id)


def test_ticking_and_attaching_a_scan_by_content_hash(world, tmp_path):
    unit = world.unit()
    d = receive_dossier(world.s, DossierInput(unit_id=unit.id, received_on=dt.date(2025, 11, 20)))
    docs = documents(world.s, d.id)
    set_present(world.s, docs[0].id, True)
    scan = tmp_path / "to_trinh.pdf"
    scan.write_bytes(b"%PDF-1.4 scan")
    attach_scan(world.s, tmp_path / "files", docs[1].id, scan)
    attach_scan(world.s, tmp_path / "files", docs[2].id, scan)  # same content stored once
    assert len(world.s.scalars(select(StoredFile)).all()) == 1
    assert len(list((tmp_path / "files").iterdir())) == 1
    extra = add_document(world.s, d.id, "Xác nhận của Công an xã")
    rows = {r.id: r for r in documents(world.s, d.id)}
    assert rows[docs[1].id].present and rows[docs[1].id].file_name == "to_trinh.pdf"
    assert rows[extra].present
    assert "Báo cáo thành tích (Mẫu số 05 cá nhân / Mẫu số 04 tập thể)" in missing_documents(world.s, d.id)


def test_hand_entered_nominee_is_linked_to_the_same_person(world):
    unit = world.unit()
    an = world.person("Nguyễn Văn An", unit, birth_year=1980)
    d = world.dossier(unit, status="received")
    n = add_nominee(world.s, d.id, NomineeInput(name="NGUYEN VAN AN", award="LĐTT", birth_year=1980))
    # The list's spelling is kept as written; the nominee shows the linked person's name.
    assert n.person_id == an.id and n.written_name == "Nguyen Van An" and n.name == "Nguyễn Văn An"
    new = add_nominee(world.s, d.id, NomineeInput(name="Lò Thị Bình", award="Lao động tiên tiến"))
    assert world.s.get(Person, new.person_id).full_name == "Lò Thị Bình"
    with pytest.raises(ValidationError) as err:
        add_nominee(world.s, d.id, NomineeInput(name="Lò Văn C", award="Huy chương vàng"))
    assert "Huy chương vàng" in err.value.message


def test_withdrawing_a_nominee_keeps_the_record(world):
    dossier = _ready(world, "appraising")
    nominee = dossier.nominees[0]
    with pytest.raises(ValidationError):
        withdraw_nominee(world.s, nominee.id, "")
    withdraw_nominee(world.s, nominee.id, "Đơn vị xin rút", user="canbo")
    kept = world.s.get(Nominee, nominee.id)
    assert kept.appraisal == "withdrawn" and kept.appraisal_note == "Đơn vị xin rút"
    assert list_dossiers(world.s, 2025)[0].nominees == 0


def test_appraisal_starts_the_step_and_a_refusal_needs_a_reason(world):
    dossier = _ready(world, "received")
    nominee = dossier.nominees[0]
    with pytest.raises(ValidationError):
        appraise(world.s, nominee.id, "rejected", "")
    appraise(world.s, nominee.id, "approved", user="canbo")
    assert dossier.status == "appraising"
    appraise(world.s, nominee.id, "returned", "Thiếu xác nhận sáng kiến")
    assert nominee.appraisal_note == "Thiếu xác nhận sáng kiến"


def test_public_notice_period_list_and_feedback(world):
    dossier = _ready(world, "appraised")
    with pytest.raises(ValidationError):
        start_notice(world.s, dossier.id, dt.date(2025, 12, 5), dt.date(2025, 12, 1))
    start_notice(world.s, dossier.id, dt.date(2025, 12, 1), dt.date(2025, 12, 5), "Trụ sở UBND xã")
    assert (dossier.notice_from, dossier.notice_to, dossier.notice_note) == (
        dt.date(2025, 12, 1), dt.date(2025, 12, 5), "Trụ sở UBND xã")
    lines = notice_list(world.s, dossier.id)
    assert [(line.name, line.award) for line in lines] == [("Nguyễn Văn An", "Lao động tiên tiến")]
    record_feedback(world.s, dossier.nominees[0].id, "Có đơn phản ánh về việc chấp hành giờ giấc")
    assert "giờ giấc" in dossier.nominees[0].feedback


def test_decided_dossier_is_frozen(world):
    dossier = _ready(world, "appraised")
    issue_decision(world.s, [dossier.id], DecisionInput("12/QĐ-UBND", dt.date(2025, 12, 5)))
    with pytest.raises(UserError) as err:
        add_nominee(world.s, dossier.id, NomineeInput(name="Lò Văn Mới", award="LDTT"))
    assert "không sửa được" in err.value.message
    with pytest.raises(UserError):
        appraise(world.s, dossier.nominees[0].id, "rejected", "Sai")


def test_holidays_setting_moves_the_due_date(world):
    unit = world.unit()
    world.s.add(Setting(key="calendar.holidays", value=["2025-11-21"]))
    world.s.flush()
    d = receive_dossier(world.s, DossierInput(unit_id=unit.id, received_on=dt.date(2025, 11, 20),
                                              category="sudden"))
    assert d.due_on == dt.date(2025, 11, 28)


def test_the_list_counts_each_dossiers_verdicts_in_one_query(world, db):
    from sqlalchemy import event

    from app.rules import check_year

    unit = world.unit()
    dossier = world.dossier(unit, status="appraising")
    good = [world.person(f"Người tốt {i}", unit) for i in range(3)]
    for p in good:
        world.rating(p, 2025, "HTTNV")
        world.nominate(dossier, p, "LDTT")
    world.nominate(dossier, world.person("Lò Văn Kém", unit), "LDTT", rating="HTNV")  # fails
    world.nominate(dossier, "Người chưa khớp", "CSTDCS")  # no record: cannot tell
    world.nominate(dossier, world.person("Rút", unit), "LDTT", appraisal="withdrawn")  # not counted
    empty = world.dossier(unit, status="received")
    unchecked = world.dossier(unit, status="received")
    world.nominate(unchecked, world.person("Chưa xét", unit), "LDTT")
    before = {r.id: r for r in list_dossiers(world.s, 2025)}
    assert before[dossier.id].verdicts == "Chưa xét" and before[empty.id].verdicts == ""
    check_year(world.s, 2025)
    world.nominate(unchecked, world.person("Mới thêm", unit), "LDTT")  # added after the check
    queries = []
    event.listen(db.engine, "before_cursor_execute", lambda *a: queries.append(a[2]))
    rows = {r.id: r for r in list_dossiers(world.s, 2025)}
    assert len(queries) == 1
    row = rows[dossier.id]
    assert (row.nominees, row.meets, row.fails, row.unknown, row.unchecked) == (5, 3, 1, 1, 0)
    assert row.verdicts == "3 đạt, 1 không đạt, 1 chưa rõ"
    assert rows[unchecked.id].verdicts.endswith(", 1 chưa xét")
    assert rows[empty.id].verdicts == ""
    refused = world.dossier(unit, status="rejected")
    world.nominate(refused, world.person("Bị trả", unit), "LDTT")
    assert next(r for r in list_dossiers(world.s, 2025) if r.id == refused.id).verdicts == ""


def test_the_dossier_view_carries_registered_versus_proposed(world):
    from app.dossier_view import dossier_detail
    from db.models import Registration

    unit = world.unit()
    an = world.person("Nguyễn Văn An", unit)
    dossier = world.dossier(unit, status="appraising")
    world.nominate(dossier, an, "CSTDCS")
    world.nominate(dossier, an, "GK")  # a form: never registered, never warned
    world.s.add(Registration(unit_id=unit.id, year=2025, subject="individual", person_id=an.id,
                             name=an.full_name, award_code="LDTT"))
    world.s.flush()
    detail = dossier_detail(world.s, dossier.id)
    by_award = {n.award_code: n for n in detail.nominees}
    assert by_award["CSTDCS"].registration == [
        {"code": "registration_other_title",
         "message": "Nguyễn Văn An đăng ký LĐTT năm 2025, nay đề nghị CSTĐCS."}]
    assert by_award["GK"].registration == []
    assert "Đăng ký thi đua: Nguyễn Văn An đăng ký LĐTT" in detail.as_text()
    assert detail.as_dict()["nominees"][0]["registration"][0]["code"] == "registration_other_title"


def test_stale_import_verdicts_do_not_contradict_todays(world):
    """t16: a flag's «Ghi chú» kept the import's "Không phải đơn vị dẫn đầu" while the verdict
    gave another reason; the file's own findings (a name with digits, the same row twice) stay."""
    from app.dossier_view import dossier_detail

    a = world.unit("Xã Bản Bo")
    world.bloc("Khối các xã", 2025, [a], leading=a, organiser="office")
    dossier = world.dossier(a, status="appraising")
    nominee = world.nominate(dossier, a, "CO_TINH")
    nominee.warnings = [
        {"code": "eligibility_not_bloc_leader", "message": "“Xã Bản Bo” — Cờ thi đua: Không phải đơn vị dẫn đầu"},
        {"code": "eligibility_duplicate_in_file", "message": "“Xã Bản Bo” được đề nghị hai lần"},
        {"code": "name_suspicious", "message": "Tên có chữ số"}]
    world.s.flush()
    shown = dossier_detail(world.s, dossier.id).nominees[0]
    assert [w["code"] for w in shown.warnings] == ["eligibility_duplicate_in_file", "name_suspicious"]
    assert shown.verdict == "fails" and "bloc_not_of_province" in [r["code"] for r in shown.reasons]
