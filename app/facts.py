"""Hồ sơ cá nhân, đơn vị: the facts the eligibility rules rest on, as the clerk records and
corrects them year by year.

For a person: the task rating with who rated it (for a worker or farmer, the judgement of the
unit or council), a disciplinary measure (from–to, decision), an open investigation,
inspection or complaint and how it closed, and initiatives or research works (recognising
body, scope, decision number and date, years applied). For a collective: its own rating, its
members counted and those who completed their tasks, and its own discipline and
investigations. The same functions serve the screens, the rating lists imported from units
(`record_ratings`) and the demo office. Every check names the field; nothing is written when
one fails.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.catalog import RATINGS
from app.errors import NotFound, ValidationError
from app.rules.base import DISCIPLINE_NAMES, SCOPE_NAMES
from app.text import clean
from db.models import Discipline, Initiative, Investigation, Person, PersonRating, Unit, UnitRating

INVESTIGATION_KINDS = {"investigation": "Đang bị điều tra, xem xét",
                       "inspection": "Đang bị thanh tra, kiểm tra",
                       "complaint": "Có đơn khiếu nại, tố cáo chưa giải quyết"}
INITIATIVE_KINDS = {"sang_kien": "Sáng kiến", "de_tai": "Đề tài, công trình khoa học"}
FACT_MODELS = {"person_rating": PersonRating, "unit_rating": UnitRating, "discipline": Discipline,
               "investigation": Investigation, "initiative": Initiative}
FACT_NAMES = {"person_rating": "xếp loại", "unit_rating": "xếp loại tập thể", "discipline": "kỷ luật",
              "investigation": "thanh tra, xem xét", "initiative": "sáng kiến, đề tài"}


def _year(value, field: str = "year") -> int:
    try:
        year = int(value)
    except (TypeError, ValueError):
        raise ValidationError("Năm phải là một số (ví dụ 2025).", field=field) from None
    if not 1945 <= year <= 2100:
        raise ValidationError(f"Năm {year} không hợp lệ.", field=field)
    return year


def _rating(value: str, field: str = "rating", *, empty: bool = False) -> str:
    code = clean(value or "").upper()
    if not code and empty:
        return ""
    if code not in RATINGS:
        raise ValidationError("Mức xếp loại phải là HTXSNV, HTTNV, HTNV hoặc KHTNV.", field=field)
    return code


def _count(value, field: str) -> int | None:
    if value in (None, ""):
        return None
    try:
        n = int(value)
    except (TypeError, ValueError):
        raise ValidationError("Số người phải là số nguyên.", field=field) from None
    if n < 0:
        raise ValidationError("Số người không được âm.", field=field)
    return n


def _person(session: Session, person_id: int) -> Person:
    person = session.get(Person, person_id)
    if person is None:
        raise NotFound("Không tìm thấy cá nhân.")
    return person


def _unit(session: Session, unit_id: int) -> Unit:
    unit = session.get(Unit, unit_id)
    if unit is None:
        raise NotFound("Không tìm thấy đơn vị.")
    return unit


def _owner(session: Session, person_id: int | None, unit_id: int | None) -> tuple[int | None, int | None]:
    if bool(person_id) == bool(unit_id):
        raise ValidationError("Chọn một cá nhân hoặc một tập thể.", field="owner")
    if person_id:
        _person(session, person_id)
    else:
        _unit(session, unit_id)
    return person_id or None, unit_id or None


def _dates(start: dt.date | None, end: dt.date | None, start_field: str, end_field: str) -> None:
    if not isinstance(start, dt.date):
        raise ValidationError("Chưa nhập ngày bắt đầu.", field=start_field)
    if end is not None and end < start:
        raise ValidationError(f"Ngày kết thúc ({end:%d/%m/%Y}) trước ngày bắt đầu ({start:%d/%m/%Y}).",
                              field=end_field)


# --- ratings ------------------------------------------------------------------------------

def set_person_rating(session: Session, person_id: int, year: int, rating: str, *, rated_by: str = "",
                      source: str = "") -> PersonRating | None:
    """Record or correct a person's rating of a year; an empty rating removes it."""
    _person(session, person_id)
    year, code = _year(year), _rating(rating, empty=True)
    row = session.scalar(select(PersonRating).where(PersonRating.person_id == person_id,
                                                    PersonRating.year == year))
    if not code:
        if row is not None:
            session.delete(row)
            session.flush()
        return None
    if row is None:
        row = PersonRating(person_id=person_id, year=year, rating=code)
        session.add(row)
    row.rating, row.rated_by = code, clean(rated_by)[:200]
    row.source = clean(source)[:50] or row.source or "Nhập tay"
    session.flush()
    return row


def correct_person_rating(session: Session, rating_id: int, year: int, rating: str, *,
                          rated_by: str = "") -> PersonRating:
    """Correct a recorded rating, its year included (a year already rated is refused)."""
    row = _get(session, PersonRating, rating_id)
    year, code = _year(year), _rating(rating)
    if year != row.year and session.scalar(select(PersonRating.id).where(
            PersonRating.person_id == row.person_id, PersonRating.year == year)):
        raise ValidationError(f"Năm {year} đã có xếp loại; hãy sửa dòng của năm đó.", field="year")
    row.year, row.rating, row.rated_by = year, code, clean(rated_by)[:200]
    session.flush()
    return row


def record_ratings(session: Session, items: list[tuple[int, int, str, str]], *, source: str,
                   replace: bool = False) -> tuple[int, int]:
    """Many ratings at once (person id, year, rating, rated by), as a unit's rating list brings
    them: new ones are added; one already recorded is corrected only with `replace`.
    Returns (added, corrected)."""
    wanted: dict[tuple[int, int], tuple[str, str]] = {}
    for pid, year, rating, rated_by in items:
        wanted[(pid, _year(year))] = (_rating(rating), clean(rated_by)[:200])
    existing: dict[tuple[int, int], PersonRating] = {}
    people = sorted({pid for pid, _ in wanted})
    for start in range(0, len(people), 900):
        for row in session.scalars(select(PersonRating).where(PersonRating.person_id.in_(people[start:start + 900]))):
            if (row.person_id, row.year) in wanted:
                existing[(row.person_id, row.year)] = row
    added, corrected, new_rows = 0, 0, []
    for (pid, year), (rating, rated_by) in wanted.items():
        row = existing.get((pid, year))
        if row is None:
            new_rows.append({"person_id": pid, "year": year, "rating": rating, "rated_by": rated_by,
                             "source": source[:50]})
            added += 1
        elif replace and (row.rating, row.rated_by) != (rating, rated_by):
            row.rating, row.rated_by, row.source = rating, rated_by or row.rated_by, source[:50]
            corrected += 1
    if new_rows:
        session.execute(PersonRating.__table__.insert(), new_rows)
    session.flush()
    return added, corrected


def set_unit_year(session: Session, unit_id: int, year: int, *, rating: str = "", rated_by: str = "",
                  members_total=None, members_completed=None) -> UnitRating | None:
    """A collective's year: its own rating (who rated), its members counted and those who
    completed their tasks. Everything empty removes the record."""
    _unit(session, unit_id)
    year, code = _year(year), _rating(rating, empty=True)
    total, done = _count(members_total, "members_total"), _count(members_completed, "members_completed")
    if total is not None and done is not None and done > total:
        raise ValidationError(f"Số hoàn thành nhiệm vụ ({done}) lớn hơn số thành viên ({total}).",
                              field="members_completed")
    row = session.scalar(select(UnitRating).where(UnitRating.unit_id == unit_id, UnitRating.year == year))
    if not code and total is None and done is None:
        if row is not None:
            session.delete(row)
            session.flush()
        return None
    if row is None:
        row = UnitRating(unit_id=unit_id, year=year, rating=code)
        session.add(row)
    row.rating, row.rated_by = code, clean(rated_by)[:200]
    row.members_total, row.members_completed = total, done
    session.flush()
    return row


def correct_unit_year(session: Session, rating_id: int, year: int, **values) -> UnitRating | None:
    """Correct a collective's recorded year, its year included."""
    row = _get(session, UnitRating, rating_id)
    if _year(year) != row.year:
        if session.scalar(select(UnitRating.id).where(UnitRating.unit_id == row.unit_id,
                                                      UnitRating.year == _year(year))):
            raise ValidationError(f"Năm {year} đã có; hãy sửa dòng của năm đó.", field="year")
        session.delete(row)
        session.flush()
    return set_unit_year(session, row.unit_id, year, **values)


# --- discipline and investigations ---------------------------------------------------------

def save_discipline(session: Session, *, person_id: int | None = None, unit_id: int | None = None,
                    level: str, decided_on: dt.date, ends_on: dt.date | None = None,
                    decision: str = "", reason: str = "", discipline_id: int | None = None) -> Discipline:
    """Record (or correct, with `discipline_id`) a disciplinary measure of a person or a collective."""
    person_id, unit_id = _owner(session, person_id, unit_id)
    if level not in DISCIPLINE_NAMES:
        raise ValidationError("Hình thức kỷ luật không có trong danh mục (khiển trách, cảnh cáo, ...).",
                              field="level")
    _dates(decided_on, ends_on, "decided_on", "ends_on")
    row = _get(session, Discipline, discipline_id) if discipline_id else Discipline()
    row.person_id, row.unit_id, row.level = person_id, unit_id, level
    row.decided_on, row.ends_on = decided_on, ends_on
    row.decision, row.reason = clean(decision)[:100], clean(reason)
    if discipline_id is None:
        session.add(row)
    session.flush()
    return row


def save_investigation(session: Session, *, person_id: int | None = None, unit_id: int | None = None,
                       kind: str = "investigation", started_on: dt.date, ended_on: dt.date | None = None,
                       note: str = "", closed_note: str = "", investigation_id: int | None = None) -> Investigation:
    """Record an investigation, inspection or complaint (no award while it is open), or correct one."""
    person_id, unit_id = _owner(session, person_id, unit_id)
    if kind not in INVESTIGATION_KINDS:
        raise ValidationError("Loại việc phải là điều tra, thanh tra hoặc khiếu nại.", field="kind")
    _dates(started_on, ended_on, "started_on", "ended_on")
    row = _get(session, Investigation, investigation_id) if investigation_id else Investigation()
    row.person_id, row.unit_id, row.kind = person_id, unit_id, kind
    row.started_on, row.ended_on = started_on, ended_on
    row.note, row.closed_note = clean(note), clean(closed_note)
    if investigation_id is None:
        session.add(row)
    session.flush()
    return row


def close_investigation(session: Session, investigation_id: int, ended_on: dt.date, closed_note: str) -> Investigation:
    """Kết thúc: the day it closed and how (a conclusion, a decision)."""
    row = _get(session, Investigation, investigation_id)
    _dates(row.started_on, ended_on, "started_on", "ended_on")
    if not clean(closed_note):
        raise ValidationError("Ghi kết luận hoặc văn bản kết thúc (ví dụ: Kết luận số 12/KL-TTr).",
                              field="closed_note")
    row.ended_on, row.closed_note = ended_on, clean(closed_note)
    session.flush()
    return row


# --- initiatives -----------------------------------------------------------------------------

def _initiative_values(title: str, year, scope: str, kind: str, recognised_by: str, decision_number: str,
                       decision_date: dt.date | None, years_applied: str) -> dict:
    title = clean(title)
    if not title:
        raise ValidationError("Chưa nhập tên sáng kiến, đề tài.", field="title")
    if scope not in SCOPE_NAMES:
        raise ValidationError("Phạm vi phải là cấp cơ sở, cấp tỉnh, cấp bộ hoặc toàn quốc.", field="scope")
    if kind not in INITIATIVE_KINDS:
        raise ValidationError("Loại phải là sáng kiến hoặc đề tài.", field="kind")
    year = _year(year)
    number = clean(decision_number)
    if decision_date is not None and not number:
        raise ValidationError("Có ngày quyết định thì cần số quyết định công nhận.", field="decision_number")
    if decision_date is not None and decision_date.year > year + 1:
        raise ValidationError(f"Quyết định ngày {decision_date:%d/%m/%Y} muộn hơn năm công nhận {year}.",
                              field="decision_date")
    return dict(title=title[:400], year=year, scope=scope, kind=kind, recognised_by=clean(recognised_by)[:200],
                decision_number=number[:100], decision_date=decision_date, years_applied=clean(years_applied)[:100])


def save_initiative(session: Session, person_id: int, *, title: str, year: int, scope: str = "co_so",
                    kind: str = "sang_kien", recognised_by: str = "", decision_number: str = "",
                    decision_date: dt.date | None = None, years_applied: str = "",
                    initiative_id: int | None = None) -> Initiative:
    """Record or correct an initiative or research work. Without a decision number it is kept
    as declared and counts for no award until the decision is entered."""
    _person(session, person_id)
    values = _initiative_values(title, year, scope, kind, recognised_by, decision_number, decision_date,
                                years_applied)
    row = _get(session, Initiative, initiative_id) if initiative_id else Initiative(person_id=person_id)
    row.person_id = person_id
    for key, value in values.items():
        setattr(row, key, value)
    if initiative_id is None:
        session.add(row)
    session.flush()
    return row


def record_initiatives(session: Session, rows: list[dict]) -> int:
    """Many initiatives at once (each a dict of save_initiative's fields with `person_id`), for
    a unit's list or the demo office: the same checks, one insert."""
    values = []
    for r in rows:
        values.append({"person_id": r["person_id"], **_initiative_values(
            r["title"], r["year"], r.get("scope", "co_so"), r.get("kind", "sang_kien"), r.get("recognised_by", ""),
            r.get("decision_number", ""), r.get("decision_date"), r.get("years_applied", ""))})
    if values:
        session.execute(Initiative.__table__.insert(), values)
    return len(values)


def record_unit_years(session: Session, rows: list[dict]) -> int:
    """Many collectives' years at once (unit_id, year, rating, rated_by, members_total,
    members_completed), with set_unit_year's checks; a year already recorded is left as it is."""
    values, seen = [], set()
    for r in rows:
        total, done = _count(r.get("members_total"), "members_total"), _count(r.get("members_completed"),
                                                                              "members_completed")
        if total is not None and done is not None and done > total:
            raise ValidationError(f"Số hoàn thành nhiệm vụ ({done}) lớn hơn số thành viên ({total}).",
                                  field="members_completed")
        key = (r["unit_id"], _year(r["year"]))
        if key in seen:
            continue
        seen.add(key)
        values.append({"unit_id": key[0], "year": key[1], "rating": _rating(r.get("rating", ""), empty=True),
                       "rated_by": clean(r.get("rated_by", ""))[:200], "members_total": total,
                       "members_completed": done})
    units = sorted({v["unit_id"] for v in values})
    for start in range(0, len(units), 900):
        for uid, year in session.execute(select(UnitRating.unit_id, UnitRating.year)
                                         .where(UnitRating.unit_id.in_(units[start:start + 900]))):
            seen.discard((uid, year))
    values = [v for v in values if (v["unit_id"], v["year"]) in seen]
    if values:
        session.execute(UnitRating.__table__.insert(), values)
    return len(values)


# --- common ----------------------------------------------------------------------------------

def _get(session: Session, model, row_id: int):
    row = session.get(model, row_id)
    if row is None:
        raise NotFound("Không tìm thấy bản ghi (có thể đã bị xóa).")
    return row


def delete_fact(session: Session, kind: str, row_id: int) -> None:
    """Remove a fact recorded by mistake (the audit trail keeps what it was)."""
    if kind not in FACT_MODELS:
        raise ValidationError(f"Loại dữ liệu “{kind}” không có.", field="kind")
    session.delete(_get(session, FACT_MODELS[kind], row_id))
    session.flush()


def fact_owner(session: Session, kind: str, row_id: int) -> tuple[str, int] | None:
    """Whose page shows a recorded fact: ("person", id) or ("unit", id); None when the fact is
    no one's row (a bloc, a movement) or is gone. A member's discipline behind a collective's
    verdict opens the member's page, not the collective's."""
    from db.models import Award

    if kind == "unit":
        return ("unit", row_id) if session.get(Unit, row_id) else None
    model = Award if kind == "award" else FACT_MODELS.get(kind)
    row = session.get(model, row_id) if model is not None else None
    if row is None:
        return None
    person = getattr(row, "person_id", None)
    if person and (kind != "award" or row.subject == "individual"):
        return ("person", person)
    unit = getattr(row, "unit_id", None)
    return ("unit", unit) if unit else None


def fact_label(session: Session, kind: str, row_id: int) -> str:
    """A short Vietnamese description of a recorded fact (what a verdict links to)."""
    row = session.get(FACT_MODELS[kind], row_id) if kind in FACT_MODELS else None
    if row is None:
        return ""
    if kind in ("person_rating", "unit_rating"):
        by = f" ({row.rated_by})" if row.rated_by else ""
        return f"Xếp loại năm {row.year}: {row.rating or 'chưa xếp loại'}{by}"
    if kind == "discipline":
        return (f"Kỷ luật {DISCIPLINE_NAMES.get(row.level, row.level)} từ {row.decided_on:%d/%m/%Y}"
                + (f" đến {row.ends_on:%d/%m/%Y}" if row.ends_on else "")
                + (f" ({row.decision})" if row.decision else ""))
    if kind == "investigation":
        return (f"{INVESTIGATION_KINDS.get(row.kind, row.kind)} từ {row.started_on:%d/%m/%Y}"
                + (f", đã kết thúc {row.ended_on:%d/%m/%Y}" if row.ended_on else ""))
    return f"{INITIATIVE_KINDS.get(row.kind, row.kind)} “{row.title}”" + (
        f" (QĐ {row.decision_number})" if row.decision_number else " (chưa có quyết định công nhận)")
