"""Nhật ký thay đổi (audit trail): who changed what, when, with the values before and after.

Recorded by SQLAlchemy session events on every Database's session factory (`register`, called
by open_database), so no service has to remember it: each flush writes its AuditEntry rows in
the same transaction as the change, so a change and its record land together or not at all.
The log is append-only: the program has no function to edit it, the ORM refuses to, and on
SQLite triggers (migration 0002) refuse any UPDATE or DELETE.

A session can label its entries (`session.info["audit_note"] = "Nhập tệp ..."`) or, for
writing the demo office only, skip recording (`session.info["audit_off"] = True`).
"""

from __future__ import annotations

import datetime as dt
import decimal
from dataclasses import dataclass, field

from sqlalchemy import insert, inspect, select
from sqlalchemy.orm import Session, sessionmaker

from app.errors import UserError
from app.privacy import masked_id_number
from app.session_user import current_actor
from db import models as m
from db.session import listen_once

# What the history dialog calls each table (an unlisted table shows its own name).
ENTITY_LABELS = {
    "dossiers": "Hồ sơ", "nominees": "Người/tập thể được đề nghị",
    "dossier_documents": "Thành phần hồ sơ", "dossier_events": "Bước xử lý hồ sơ",
    "decisions": "Quyết định", "awards": "Khen thưởng", "votes": "Kết quả bỏ phiếu",
    "council_meetings": "Phiên họp Hội đồng", "meeting_attendance": "Dự họp Hội đồng", "council_members": "Thành viên Hội đồng",
    "blocs": "Khối thi đua", "bloc_members": "Thành viên khối", "bloc_criteria": "Tiêu chí chấm điểm",
    "bloc_scores": "Điểm thi đua", "movements": "Phong trào", "movement_units": "Đơn vị tham gia phong trào",
    "plan_tasks": "Kế hoạch", "office_profile": "Hồ sơ cơ quan", "settings": "Cài đặt",
    "people": "Cá nhân", "units": "Đơn vị", "unit_years": "Số liệu đơn vị theo năm", "person_ratings": "Xếp loại cá nhân",
    "unit_ratings": "Xếp loại tập thể", "disciplines": "Kỷ luật", "investigations": "Thanh tra, xem xét",
    "initiatives": "Sáng kiến", "submissions": "Hồ sơ nộp", "submission_dues": "Yêu cầu nộp",
    "submission_exemptions": "Miễn nộp", "registrations": "Đăng ký thi đua",
    "stored_files": "Tệp lưu trữ", "users": "Người dùng",
    "province_bloc_info": "Khối thi đua của tỉnh", "province_bloc_evidence": "Minh chứng tự chấm điểm",
    "inspections": "Kiểm tra công tác TĐKT", "inspection_follow_ups": "Yêu cầu khắc phục sau kiểm tra",
    "congresses": "Đại hội thi đua", "congress_entries": "Đại biểu, điển hình Đại hội",
    "fund_allocations": "Kinh phí được giao",
    # The catalogue is seeded from resources/ on every start; only the office's edits count.
    "award_types": "Danh mục khen thưởng", "award_rules": "Quy định khen thưởng",
    "base_salaries": "Mức lương cơ sở", "document_requirements": "Thành phần hồ sơ bắt buộc",
    "processing_limits": "Thời hạn xử lý", "ethnicities": "Dân tộc",
    "award_powers": "Thẩm quyền khen thưởng",
}
CATALOG_TABLES = {"award_types", "award_rules", "base_salaries", "document_requirements",
                  "processing_limits", "ethnicities", "award_powers"}
# Every table is audited (a table added later is too) except the log itself.
NOT_AUDITED = {"audit_log"}
ACTION_LABELS = {"insert": "Thêm", "update": "Sửa", "delete": "Xóa", "bulk": "Sửa hàng loạt"}
# Bookkeeping columns whose change says nothing to a reader of the history.
SKIPPED = {"version", "created_at", "updated_at", "search_key", "match_key"}
NOTE_KEY, OFF_KEY = "audit_note", "audit_off"
_MAX_TEXT = 2000  # a 10,000-character note is kept in the row itself; the log keeps its start


def _plain(value: object) -> object:
    """A JSON-safe value for the log."""
    if value is None or isinstance(value, (bool, int, float)):
        return value
    if isinstance(value, (dt.date, dt.datetime, dt.time)):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, (list, dict)):
        return value
    text = str(value)
    return text if len(text) <= _MAX_TEXT else text[:_MAX_TEXT] + "…"


def _shown(key: str, value: object) -> object:
    if key == "password_hash":
        return "***" if value else ""
    if key == "id_number":
        return masked_id_number(value)
    return _plain(value)


def _columns(obj) -> list[tuple[str, str]]:
    """(attribute, column name) of the row's own columns. The log names a field by its column
    (`Nominee.written_name` is the column `name`); computed attributes such as a linked
    person's name (db/models/names.py) are not the row's data."""
    mapper = inspect(obj).mapper
    found = []
    for attr in mapper.column_attrs:
        column = attr.columns[0]
        if getattr(column, "table", None) is not mapper.local_table or column.name in SKIPPED:
            continue
        found.append((attr.key, column.name))
    return found


def _snapshot(obj) -> dict:
    state = inspect(obj)
    return {name: _shown(name, state.dict.get(key)) for key, name in _columns(obj) if key in state.dict}


def _changes(obj) -> tuple[dict, dict]:
    state = inspect(obj)
    before, after = {}, {}
    for key, name in _columns(obj):
        hist = state.attrs[key].history
        if not hist.has_changes():
            continue
        old = hist.deleted[0] if hist.deleted else None
        new = hist.added[0] if hist.added else None
        if old == new:
            continue
        before[name], after[name] = _shown(name, old), _shown(name, new)
    return before, after


def _entity_id(obj) -> int | None:
    # From the attributes, not the identity map: new rows get their identity only after
    # the flush is finalised, but their id attribute is already set when after_flush runs.
    identity = inspect(obj).mapper.primary_key_from_instance(obj)
    if len(identity) == 1 and isinstance(identity[0], int):
        return identity[0]
    return None


def _row(session: Session, obj, action: str, before: dict | None, after: dict | None) -> dict:
    return {"at": dt.datetime.now().replace(microsecond=0), "user": current_actor().username,
            "entity": obj.__tablename__, "entity_id": _entity_id(obj), "action": action,
            "before": before, "after": after, "note": str(session.info.get(NOTE_KEY, ""))[:_MAX_TEXT]}


def _audited(obj, action: str) -> bool:
    table = getattr(obj, "__tablename__", None)
    if table is None or table in NOT_AUDITED:
        return False
    return not (action == "insert" and table in CATALOG_TABLES)


def _refuse_log_edits(session: Session, _context, _instances) -> None:
    if any(isinstance(o, m.AuditEntry) for o in (*session.dirty, *session.deleted)):
        raise UserError("Nhật ký thay đổi chỉ được ghi thêm; không thể sửa hay xóa.")


def _record(session: Session, _context) -> None:
    if session.info.get(OFF_KEY):
        return
    rows = []
    for obj in session.new:
        if _audited(obj, "insert"):
            rows.append(_row(session, obj, "insert", None, _snapshot(obj)))
    for obj in session.dirty:
        if _audited(obj, "update") and session.is_modified(obj, include_collections=False):
            before, after = _changes(obj)
            if after:
                if _entity_id(obj) is None:  # text or composite key (settings): name the row
                    keys = {c.key: _plain(getattr(obj, c.key))
                            for c in inspect(obj).mapper.primary_key if c.key}
                    before, after = {**keys, **before}, {**keys, **after}
                rows.append(_row(session, obj, "update", before, after))
    for obj in session.deleted:
        if _audited(obj, "delete"):
            rows.append(_row(session, obj, "delete", _snapshot(obj), None))
    if rows:
        # Core insert on the flush's own connection: same transaction, no re-entrant flush.
        session.connection().execute(insert(m.AuditEntry.__table__), rows)


def _record_bulk(state) -> None:
    """`session.execute(update(...)/delete(...))` skips the flush; note that it happened."""
    if not (state.is_update or state.is_delete) or state.session.info.get(OFF_KEY):
        return
    mapper = state.bind_mapper
    table = getattr(mapper, "local_table", None) if mapper is not None else None
    if table is None:
        return
    if table.name == "audit_log":
        raise UserError("Nhật ký thay đổi chỉ được ghi thêm; không thể sửa hay xóa.")
    if table.name not in NOT_AUDITED:
        state.session.connection().execute(insert(m.AuditEntry.__table__), [{
            "at": dt.datetime.now().replace(microsecond=0), "user": current_actor().username,
            "entity": table.name, "entity_id": None, "action": "bulk", "before": None,
            "after": {"statement": str(state.statement)[:_MAX_TEXT]},
            "note": str(state.session.info.get(NOTE_KEY, ""))[:_MAX_TEXT]}])


def register(factory: sessionmaker) -> None:
    """Record every change made through sessions of this factory (idempotent)."""
    listen_once(factory, "audit", [("before_flush", _refuse_log_edits),
                                   ("after_flush", _record), ("do_orm_execute", _record_bulk)])


# Column names a reader meets most, in the office's words; others show as they are.
FIELD_LABELS = {
    "name": "Tên", "full_name": "Họ và tên", "code": "Mã", "status": "Trạng thái", "year": "Năm",
    "number": "Số", "title": "Tiêu đề", "notes": "Ghi chú", "note": "Ghi chú", "position": "Chức vụ",
    "unit_id": "Đơn vị (mã)", "person_id": "Cá nhân (mã)", "award_type_id": "Hình thức (mã)",
    "appraisal": "Kết quả thẩm định", "appraisal_note": "Ý kiến thẩm định", "verdict": "Đánh giá điều kiện",
    "achievement": "Thành tích", "rating": "Xếp loại", "received_on": "Ngày nhận", "issued_on": "Ngày ký",
    "decision_number": "Số quyết định", "recipient_name": "Người/tập thể được khen", "money": "Tiền thưởng",
    "revoked": "Đã hủy", "self_score": "Điểm tự chấm", "agreed_score": "Điểm khối thống nhất",
    "value": "Giá trị", "key": "Tên cài đặt", "role": "Vai trò", "active": "Đang dùng",
    "password_hash": "Mật khẩu", "id_number": "Số CCCD/CMND", "birth_date": "Ngày sinh",
    "birth_year": "Năm sinh", "gender": "Giới tính", "ethnicity": "Dân tộc", "signer_name": "Người ký",
    "office_name": "Tên cơ quan", "authority_name": "Cơ quan chủ quản", "place_name": "Địa danh",
    "statement": "Câu lệnh",
    # the other fields a clerk types on the versioned records (a conflict names them too)
    "organiser": "Cấp tổ chức khối", "head_unit_id": "Khối trưởng", "deputy_unit_id": "Khối phó",
    "regulation": "Quy chế", "covenant_signed_on": "Ngày ký giao ước", "tie_break": "Cách xếp khi bằng điểm",
    "head_name": "Người đứng đầu", "deputy_name": "Cấp phó", "other_members": "Thành viên khác",
    "criteria_source": "Nguồn tiêu chí", "covenant_place": "Nơi ký giao ước",
    "covenant_content": "Nội dung giao ước", "self_sent_on": "Ngày gửi tự chấm",
    "self_sent_ref": "Số văn bản gửi tự chấm", "final_score": "Điểm tỉnh chấm", "result_note": "Kết quả",
    "is_direct_worker": "Lao động trực tiếp", "is_leader": "Lãnh đạo", "phone": "Điện thoại",
    "period_from": "Từ ngày", "period_to": "Đến ngày", "held_on": "Ngày tổ chức", "place": "Địa điểm",
    "delegate_target": "Số đại biểu", "honour_target": "Số điển hình được tôn vinh", "quotas": "Cơ cấu",
    "issuer": "Cơ quan ban hành", "signer_title": "Chức vụ người ký", "sign_mode": "Hình thức ký",
    "summary": "Trích yếu", "legal_basis": "Căn cứ", "base_salary": "Mức lương cơ sở",
    "external": "Quyết định của cấp trên", "authority_short": "Tên viết tắt cơ quan chủ quản",
    "superior_name": "Cấp trên", "level": "Cấp hành chính", "province": "Tỉnh",
    "deputy_signer_name": "Người ký thay", "deputy_signer_title": "Chức vụ người ký thay",
    "clerk_name": "Chuyên viên phụ trách", "email": "Thư điện tử", "category": "Loại hồ sơ",
    "movement_id": "Phong trào", "authority": "Thẩm quyền", "forwarded_to": "Nơi trình",
    "due_on": "Hạn xử lý", "proposal_ref": "Số tờ trình", "notice_from": "Công khai từ ngày",
    "notice_to": "Công khai đến ngày", "notice_note": "Nơi công khai", "forward_ref": "Số tờ trình cấp trên",
    "forwarded_on": "Ngày trình cấp trên", "subject": "Đối tượng", "unit_text": "Đơn vị (như trong tệp)",
    "initiative": "Sáng kiến", "feedback": "Ý kiến khi công khai", "short_name": "Tên ngắn",
    "kind": "Loại", "parent_id": "Đơn vị cấp trên", "merged_into_id": "Sáp nhập vào",
    "merged_on": "Ngày sáp nhập", "address": "Địa chỉ", "member_count": "Số thành viên",
    "female_share": "Tỷ lệ nữ", "sort_order": "Thứ tự", "explanation": "Giải trình",
    "planned_on": "Ngày dự kiến", "team": "Đoàn kiểm tra", "lead": "Trưởng đoàn", "content": "Nội dung",
    "findings": "Kết quả kiểm tra", "conclusion_ref": "Số kết luận",
}


def field_label(name: str) -> str:
    return FIELD_LABELS.get(name, name)


@dataclass
class HistoryLine:
    """One change of a record, as the history dialog lists it."""

    at: dt.datetime | None
    user: str
    action: str
    entity: str
    entity_id: int | None
    changes: list[tuple[str, object, object]] = field(default_factory=list)  # field, before, after
    note: str = ""

    @property
    def action_label(self) -> str:
        return ACTION_LABELS.get(self.action, self.action)

    @property
    def entity_label(self) -> str:
        return ENTITY_LABELS.get(self.entity, self.entity)


def _line(entry: m.AuditEntry) -> HistoryLine:
    before, after = entry.before or {}, entry.after or {}
    keys = list(dict.fromkeys([*after.keys(), *before.keys()]))
    return HistoryLine(at=entry.at, user=entry.user, action=entry.action, entity=entry.entity,
                       entity_id=entry.entity_id, note=entry.note or "",
                       changes=[(k, before.get(k), after.get(k)) for k in keys])


def entity_name(entity: str | type) -> str:
    return entity if isinstance(entity, str) else entity.__tablename__


def history(session: Session, entity: str | type, entity_id: int | str) -> list[HistoryLine]:
    """A record's changes, oldest first: `history(s, Dossier, 12)`, `history(s, "dossiers", 12)`,
    or for a text key `history(s, "settings", "working_year")`."""
    query = select(m.AuditEntry).where(m.AuditEntry.entity == entity_name(entity))
    if isinstance(entity_id, int):
        return [_line(e) for e in session.scalars(
            query.where(m.AuditEntry.entity_id == entity_id).order_by(m.AuditEntry.id))]
    lines = [_line(e) for e in session.scalars(
        query.where(m.AuditEntry.entity_id.is_(None)).order_by(m.AuditEntry.id))]
    keys = set(m.Base.metadata.tables[entity_name(entity)].primary_key.columns.keys())
    return [line for line in lines
            if any(name in keys and entity_id in (b, a) for name, b, a in line.changes)]


def recent(session: Session, *, limit: int = 500, entity: str | None = None,
           user: str | None = None) -> list[HistoryLine]:
    """The latest changes across the data file, newest first (the log viewer)."""
    query = select(m.AuditEntry).order_by(m.AuditEntry.id.desc()).limit(limit)
    if entity:
        query = query.where(m.AuditEntry.entity == entity)
    if user:
        query = query.where(m.AuditEntry.user == user)
    return [_line(e) for e in session.scalars(query)]
