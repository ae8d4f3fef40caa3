"""Người/tập thể được đề nghị: the nominees of a dossier, their appraisal (thẩm định) and the
public notice (công khai) before the council.

Hand-entered nominees are linked to the person they already are (same folded name, unit and
birth year); an ambiguous name is left unlinked with a warning, never merged silently. A
removed nominee is kept, marked "withdrawn", with the reason: nothing is deleted.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified

from app.catalog import RATINGS, find_award, parse_rating
from app.dossier_documents import sync_documents
from app.dossiers import apply_move, check_move, get_dossier, refuse_if_frozen, who
from app.errors import NotFound, ValidationError
from app.overrides import override_text, require_reason
from app.person_records import rename_person
from app.states import NOMINEES_EDITABLE
from app.text import clean, match_key, title_name
from db.models import AwardType, DossierEvent, Nominee, Person

APPRAISALS = {"pending": "Chưa thẩm định", "approved": "Đạt", "rejected": "Không đạt",
              "returned": "Cần bổ sung", "withdrawn": "Đã rút khỏi hồ sơ"}
SUBJECTS = ("individual", "collective", "household")


@dataclass
class NomineeInput:
    """A nominee as the clerk types it (or an import hands it over)."""

    name: str
    award: str  # code, name or abbreviation: "LDTT", "Lao động tiên tiến", "LĐTT"
    subject: str = "individual"
    position: str = ""
    unit_text: str = ""
    unit_id: int | None = None
    person_id: int | None = None
    birth_year: int | None = None
    gender: str | None = None  # M / F (or Nam / Nữ as typed)
    ethnicity: str | None = None  # catalogue code, name or alias (Mông, H'Mông …)
    rating: str = ""
    initiative: str = ""
    achievement: str = ""
    is_direct_worker: bool = False


def _award(session: Session, text: str) -> AwardType:
    award = find_award(session, text)
    if award is None:
        raise ValidationError(f"Không có “{text}” trong danh mục danh hiệu, hình thức khen thưởng.",
                              field="award")
    return award


def _link_person(session: Session, data: NomineeInput, unit_id: int | None) -> tuple[int | None, list]:
    """The person a hand-typed individual is: linked on one exact match (what is typed fills
    the person's empty details), else new, else asked."""
    if data.person_id:
        return data.person_id, []
    key = match_key(data.name)
    query = select(Person).where(Person.match_key == key, Person.unit_id.is_(unit_id)
                                 if unit_id is None else Person.unit_id == unit_id)
    found = [p for p in session.scalars(query)
             if data.birth_year is None or p.birth_year in (None, data.birth_year)]
    if len(found) == 1:
        fill_person(found[0], data.gender, data.birth_year, data.ethnicity, data.position)
        return found[0].id, []
    if len(found) > 1:
        return None, [{"code": "person_ambiguous",
                       "message": f"Có {len(found)} người trùng tên {data.name} trong đơn vị: "
                                  "chọn đúng người trước khi xét."}]
    person = Person(full_name=title_name(data.name), match_key=key, unit_id=unit_id,
                    birth_year=data.birth_year, gender=data.gender, ethnicity=data.ethnicity,
                    position=clean(data.position), is_direct_worker=data.is_direct_worker)
    session.add(person)
    session.flush()
    return person.id, []


def fill_person(person: Person, gender: str | None, birth_year: int | None, ethnicity: str | None,
                position: str = "") -> None:
    """A person's empty details take what a nominee's list says; nothing known is overwritten."""
    if person.gender is None and gender:
        person.gender = gender
    if person.birth_year is None and birth_year:
        person.birth_year = birth_year
    if person.ethnicity is None and ethnicity:
        person.ethnicity = ethnicity
    if not person.position and clean(position):
        person.position = clean(position)


def _details(session: Session, data: NomineeInput) -> None:
    """Gender, birth year and ethnicity as typed → stored codes (ValidationError naming the field)."""
    from app.person_records import gender_code

    data.gender = gender_code(data.gender)
    if data.birth_year in ("", None):
        data.birth_year = None
    else:
        try:
            data.birth_year = int(str(data.birth_year).strip())
        except ValueError:
            raise ValidationError(f"Năm sinh «{data.birth_year}» không phải một năm.", field="birth_year") from None
        if not 1900 <= data.birth_year <= dt.date.today().year:
            raise ValidationError(f"Năm sinh {data.birth_year} không hợp lý.", field="birth_year")
    if clean(data.ethnicity or ""):
        from app.catalog import find_ethnicity
        from db.models import Ethnicity

        text = clean(data.ethnicity)
        code = text if session.get(Ethnicity, text) is not None else find_ethnicity(session, text)
        if code is None:
            raise ValidationError(f"Dân tộc «{text}» không có trong danh mục.", field="ethnicity")
        data.ethnicity = code
    else:
        data.ethnicity = None


def add_nominee(session: Session, dossier_id: int, data: NomineeInput, *, user: str = "") -> Nominee:
    dossier = get_dossier(session, dossier_id)
    refuse_if_frozen(dossier)
    name = clean(data.name)
    if not name:
        raise ValidationError("Chưa nhập họ tên (hoặc tên tập thể).", field="name")
    if data.subject not in SUBJECTS:
        raise ValidationError(f"Đối tượng không hợp lệ: {data.subject}.", field="subject")
    award = _award(session, data.award)
    rating = ""
    if clean(data.rating):
        rating = parse_rating(data.rating) or ""
        if not rating:
            raise ValidationError(f"Mức xếp loại “{data.rating}” không hiểu được (HTXSNV, HTTNV, "
                                  "HTNV, KHTNV).", field="rating")
    unit_id = data.unit_id if data.unit_id is not None else (
        dossier.unit_id if data.subject != "household" else None)
    person_id, warnings = (None, [])
    if data.subject == "individual":
        _details(session, data)
        person_id, warnings = _link_person(session, data, unit_id)
    seq = max((n.seq for n in dossier.nominees), default=0) + 1
    nominee = Nominee(dossier_id=dossier.id, seq=seq, subject=data.subject, person_id=person_id,
                      unit_id=unit_id, name=title_name(name) if data.subject == "individual" else name,
                      position=clean(data.position), unit_text=clean(data.unit_text),
                      award_type_id=award.id, achievement=data.achievement.strip(), rating=rating,
                      initiative=data.initiative.strip(), is_direct_worker=data.is_direct_worker,
                      gender=data.gender if data.subject == "individual" else None,
                      birth_year=data.birth_year if data.subject == "individual" else None,
                      ethnicity=data.ethnicity if data.subject == "individual" else None,
                      warnings=warnings)
    session.add(nominee)
    session.flush()
    session.refresh(dossier)
    sync_documents(session, dossier)
    return nominee


# A list's problems are stored as the import said them: “name” — award: what is wrong.
_NAMED = re.compile(r"^“[^”]*” — ")


def warnings_shown(warnings) -> list[dict]:
    """A nominee's stored warnings as its own row shows them: without the name the import put
    in front, which the row already gives (and which may since have been corrected)."""
    return [{**w, "message": _NAMED.sub("", str(w.get("message", "")))} if isinstance(w, dict)
            else {"message": _NAMED.sub("", str(w))} for w in warnings or []]


def get_nominee(session: Session, nominee_id: int) -> Nominee:
    nominee = session.get(Nominee, nominee_id)
    if nominee is None:
        raise NotFound("Không tìm thấy người/tập thể được đề nghị.")
    return nominee


def update_nominee(session: Session, nominee_id: int, **changes) -> Nominee:
    """Correct what was typed (name, position, rating, initiative, achievement, award)."""
    nominee = get_nominee(session, nominee_id)
    refuse_if_frozen(nominee.dossier)
    for key, value in changes.items():
        if key == "award":
            nominee.award_type_id = _award(session, value).id
        elif key == "rating":
            code = parse_rating(value) if clean(value) else ""
            if code is None:
                raise ValidationError(f"Mức xếp loại “{value}” không hiểu được.", field="rating")
            nominee.rating = code
        elif key == "name" and nominee.person_id and clean(value) != nominee.name:
            # The nominee shows the linked person's name: a corrected name corrects the person.
            rename_person(session, nominee.person_id, clean(value))
        elif key in ("name", "position", "unit_text"):
            setattr(nominee, key, clean(value))
        elif key in ("achievement", "initiative"):
            setattr(nominee, key, (value or "").strip())
        elif key in ("is_direct_worker", "person_id", "unit_id"):
            setattr(nominee, key, value)
        else:
            raise ValidationError(f"Không sửa được trường {key}.", field=key)
    session.flush()
    return nominee


def _event(session: Session, nominee: Nominee, text: str, user: str) -> None:
    """A note in the dossier's history for a change to one nominee (state unchanged).

    The nominee's row is written with it, version checked, even when the values stay the same
    (confirming "Đạt" again): two clerks acting on one nominee at once then conflict, and the
    history's last line always agrees with the stored result."""
    from sqlalchemy import inspect

    if not inspect(nominee).attrs.appraisal.history.has_changes():
        # Only when the value stays (flagging a changed one drops its old value, and the
        # audit trail then said the result before was empty: t25).
        flag_modified(nominee, "appraisal")
    status = nominee.dossier.status
    session.add(DossierEvent(dossier_id=nominee.dossier_id, user=who(user), from_status=status,
                             to_status=status, reason=f"{nominee.name}: {text}"))


def withdraw_nominee(session: Session, nominee_id: int, reason: str, *, user: str = "") -> None:
    """Remove a nominee from the dossier, keeping the record and why."""
    nominee = get_nominee(session, nominee_id)
    refuse_if_frozen(nominee.dossier)
    if not clean(reason):
        raise ValidationError("Rút một người khỏi hồ sơ phải ghi rõ lý do.", field="reason")
    nominee.appraisal = "withdrawn"
    nominee.appraisal_note = clean(reason)
    _event(session, nominee, f"rút khỏi hồ sơ — {clean(reason)}", user)
    session.flush()


def _start_appraisal(session: Session, dossier, user: str) -> None:
    """Đã tiếp nhận → Đang thẩm định, as a side effect of the first verdict. Not an edit of the
    dossier: its version stays, so another clerk who opened the dossier before and marks a
    different person is not refused (t25: the second verdict on a just-received dossier was
    a false conflict). Conditional, so two first verdicts at once record the move once."""
    from sqlalchemy import update
    from sqlalchemy.orm.attributes import set_committed_value

    from db.models import Dossier

    check_move(dossier, "appraising")
    moved = session.execute(update(Dossier).where(Dossier.id == dossier.id, Dossier.status == "received")
                            .values(status="appraising").execution_options(synchronize_session=False))
    if moved.rowcount:
        session.add(DossierEvent(dossier_id=dossier.id, user=who(user), from_status="received",
                                 to_status="appraising", reason="Bắt đầu thẩm định"))
    set_committed_value(dossier, "status", "appraising")


def appraise(session: Session, nominee_id: int, result: str, note: str = "", *, user: str = "") -> None:
    """Kết quả thẩm định of one nominee: approved / rejected / returned (needs more) / pending."""
    nominee = get_nominee(session, nominee_id)
    dossier = nominee.dossier
    refuse_if_frozen(dossier)
    if result not in ("pending", "approved", "rejected", "returned"):
        raise ValidationError(f"Kết quả thẩm định không hợp lệ: {result}.", field="appraisal")
    if nominee.appraisal == "withdrawn":
        raise ValidationError(f"{nominee.name} đã rút khỏi hồ sơ.", field="appraisal")
    if result in ("rejected", "returned") and not clean(note):
        raise ValidationError(f"Kết quả “{APPRAISALS[result]}” phải ghi rõ lý do.", field="note")
    if dossier.status not in NOMINEES_EDITABLE:
        raise ValidationError(f"Hồ sơ {dossier.number} đang ở trạng thái không thẩm định được.",
                              field="appraisal")
    override = require_reason(session, nominee, result, note)  # refused before anything is written
    if dossier.status == "received":  # the first appraisal starts the appraisal step
        _start_appraisal(session, dossier, user)
    nominee.appraisal = result
    nominee.appraisal_note = clean(note)
    said = override_text(clean(note)) if override else APPRAISALS[result]
    _event(session, nominee, f"thẩm định “{said}”" + (f" — {clean(note)}" if note and not override else ""),
           user)
    session.flush()


# --- public notice ------------------------------------------------------------------------

def start_notice(session: Session, dossier_id: int, start: dt.date, end: dt.date, place: str = "", *,
                 user: str = "") -> None:
    """Công khai: the list is posted from `start` to `end` (where: `place`)."""
    dossier = get_dossier(session, dossier_id)
    check_move(dossier, "noticed")
    if end < start:
        raise ValidationError("Ngày kết thúc công khai trước ngày bắt đầu.", field="notice_to")
    apply_move(session, dossier, "noticed",
               f"Công khai từ {start:%d/%m/%Y} đến {end:%d/%m/%Y}" + (f" tại {clean(place)}" if place else ""),
               user=user, special=True)
    dossier.notice_from, dossier.notice_to, dossier.notice_note = start, end, clean(place)
    session.flush()


def record_feedback(session: Session, nominee_id: int, text: str, *, user: str = "") -> None:
    """Ý kiến phản ánh received against a nominee during the notice."""
    nominee = get_nominee(session, nominee_id)
    refuse_if_frozen(nominee.dossier)
    text = clean(text)
    if not text:
        raise ValidationError("Chưa nhập nội dung ý kiến.", field="feedback")
    nominee.feedback = (nominee.feedback + "\n" if nominee.feedback else "") + text
    _event(session, nominee, f"ý kiến khi công khai — {text}", user)
    session.flush()


@dataclass(slots=True)
class NoticeLine:
    seq: int
    name: str
    position: str
    unit: str
    award: str
    subject: str = "individual"  # individual / collective / household (the printed list groups)
    award_order: int = 0  # the award's place in the catalogue
    who: object = None  # tells people apart: the person's id, else the name


def notice_list(session: Session, dossier_id: int) -> list[NoticeLine]:
    """The list posted for the public notice: nominees approved on appraisal (the workbook and
    the printed notice, app/printing/notice.py, show the same lines)."""
    rows = session.execute(select(Nominee, AwardType.name, AwardType.sort_order)
                           .join(AwardType, AwardType.id == Nominee.award_type_id)
                           .where(Nominee.dossier_id == dossier_id, Nominee.appraisal == "approved")
                           .order_by(Nominee.seq, Nominee.id))
    return [NoticeLine(i, n.name, n.position, n.unit_text, award, n.subject, order,
                       n.person_id or match_key(n.name))
            for i, (n, award, order) in enumerate(rows, start=1)]


def export_notice(session: Session, dossier_id: int, path) -> Path:
    """The notice list as a workbook to post or send (the office's administrative header)."""
    from app.excel.exports import export_table, office_header

    dossier = get_dossier(session, dossier_id)
    lines = notice_list(session, dossier_id)
    if not lines:
        raise ValidationError(f"Hồ sơ {dossier.number} chưa có ai được thẩm định “Đạt” để công khai.")
    period = (f"Thời gian công khai: từ {dossier.notice_from:%d/%m/%Y} đến {dossier.notice_to:%d/%m/%Y}"
              if dossier.notice_from and dossier.notice_to else "")
    return export_table(path, f"DANH SÁCH CÔNG KHAI ĐỀ NGHỊ KHEN THƯỞNG NĂM {dossier.year}",
                        ["STT", "Họ và tên", "Chức vụ", "Đơn vị", "Danh hiệu, hình thức đề nghị"],
                        [[n.seq, n.name, n.position, n.unit, n.award] for n in lines],
                        header=office_header(session),
                        lines=[x for x in [f"(Kèm theo hồ sơ {dossier.number})", period] if x])


def rating_label(code: str) -> str:
    return f"{code} — {RATINGS[code]}" if code in RATINGS else ""
