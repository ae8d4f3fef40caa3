"""Our office inside a higher bloc (khối thi đua do tỉnh tổ chức): the bloc our authority belongs
to for a year, its head and deputy (other districts or communes, kept as text), its criteria
table as the province sent it, OUR self-score with the evidence per criterion (minh chứng),
the bloc's final score and our rank, and the covenant signed (giao ước thi đua).

The bloc is a `Bloc` with organiser "province" whose one member from our units is the
authority itself; its criteria and scores are the same tables as our own blocs' (edited with
app/bloc_criteria.py): our self-score is `BlocScore.self_score` of our authority, the score
the bloc agreed is `agreed_score`. What only a province bloc has lives in ProvinceBlocInfo
and ProvinceBlocEvidence.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.bloc_criteria import criteria_tree, parse_points, points, total_max
from app.bloc_scores import KEEP, set_score
from app.blocs import BlocData, save_bloc
from app.errors import NotFound, UserError, ValidationError
from app.text import clean, fold
from app.users import require
from db.models import (
    Bloc,
    BlocCriterion,
    BlocMember,
    BlocScore,
    ProvinceBlocEvidence,
    ProvinceBlocInfo,
    Unit,
)


def our_unit(session: Session) -> Unit:
    """The office's authority as a unit (kind "authority"): our member in the province's bloc."""
    unit = session.scalar(select(Unit).where(Unit.kind == "authority").order_by(Unit.id).limit(1))
    if unit is None:
        raise UserError("Chưa có đơn vị loại «Cơ quan chủ quản (UBND)» trong danh sách đơn vị: "
                        "hãy thêm cơ quan của mình trước khi ghi khối thi đua của tỉnh.")
    return unit


def province_blocs(session: Session, year: int) -> list[Bloc]:
    return list(session.scalars(select(Bloc).where(Bloc.year == year, Bloc.organiser == "province")
                                .order_by(Bloc.name)))


@dataclass
class ProvinceBlocInput:
    """What the clerk types about the bloc (the criteria and scores are edited apart)."""

    year: int
    name: str
    head_name: str = ""
    deputy_name: str = ""
    other_members: list[str] = field(default_factory=list)
    criteria_source: str = ""
    regulation: str = ""
    covenant_signed_on: dt.date | None = None
    covenant_place: str = ""
    covenant_content: str = ""
    id: int | None = None


def save_province_bloc(session: Session, data: ProvinceBlocInput) -> int:
    """Create or update the province's bloc of a year, our authority its member."""
    require(session, "edit")
    ours = our_unit(session)
    if data.covenant_signed_on is not None and data.covenant_signed_on.year not in (data.year, data.year - 1):
        raise ValidationError(f"Ngày ký giao ước phải trong năm {data.year} (hoặc cuối năm trước).",
                              field="covenant_signed_on")
    members = [clean(m) for m in data.other_members if clean(m)]
    if clean(data.head_name) and clean(data.head_name).lower() == clean(data.deputy_name).lower():
        raise ValidationError("Khối trưởng và khối phó phải là hai đơn vị khác nhau.", field="deputy_name")
    keep = {}
    if data.id:
        bloc = session.get(Bloc, data.id)
        if bloc is None or bloc.organiser != "province":
            raise NotFound(f"Không tìm thấy khối thi đua của tỉnh số {data.id}.")
        keep = dict(head_unit_id=bloc.head_unit_id, deputy_unit_id=bloc.deputy_unit_id, tie_break=bloc.tie_break,
                    notes=bloc.notes)
    bloc_id = save_bloc(session, BlocData(
        year=data.year, name=data.name, id=data.id, organiser="province", regulation=data.regulation or "",
        covenant_signed_on=data.covenant_signed_on, member_ids=[ours.id], **keep))
    info = _find_info(session, bloc_id) or ProvinceBlocInfo(bloc_id=bloc_id)
    info.head_name, info.deputy_name = clean(data.head_name), clean(data.deputy_name)
    info.other_members = "\n".join(members)
    info.criteria_source = clean(data.criteria_source)
    info.covenant_place, info.covenant_content = clean(data.covenant_place), (data.covenant_content or "").strip()
    for text in ("self_sent_ref", "result_note"):
        if getattr(info, text) is None:
            setattr(info, text, "")
    if info not in session:
        session.add(info)
    session.flush()
    return bloc_id


def _find_info(session: Session, bloc_id: int) -> ProvinceBlocInfo | None:
    return session.scalar(select(ProvinceBlocInfo).where(ProvinceBlocInfo.bloc_id == bloc_id))


def _bloc(session: Session, bloc_id: int) -> Bloc:
    bloc = session.get(Bloc, bloc_id)
    if bloc is None or bloc.organiser != "province":
        raise NotFound(f"Không tìm thấy khối thi đua của tỉnh số {bloc_id}.")
    return bloc


def _info(session: Session, bloc_id: int) -> ProvinceBlocInfo:
    info = _find_info(session, bloc_id)
    if info is None:
        info = ProvinceBlocInfo(bloc_id=bloc_id, head_name="", deputy_name="", other_members="", criteria_source="",
                                covenant_place="", covenant_content="", self_sent_ref="", result_note="")
        session.add(info)
        session.flush()
    return info


# --- our self-score, evidence, the result -------------------------------------------------------

def set_self_score(session: Session, criterion_id: int, score: object = KEEP, explanation: object = KEEP,
                   *, agreed: object = KEEP) -> None:
    """Our self-score (and explanation) on one criterion; `agreed` the bloc's score once known."""
    criterion = session.get(BlocCriterion, criterion_id)
    if criterion is None:
        raise NotFound(f"Không tìm thấy tiêu chí số {criterion_id}.")
    _bloc(session, criterion.bloc_id)
    set_score(session, criterion_id, our_unit(session).id, self_score=score, agreed_score=agreed,
              explanation=explanation)


def add_evidence(session: Session, criterion_id: int, document: str, *, file_path: str | Path | None = None,
                 files_dir: str | Path | None = None) -> int:
    """A document backing our score on a criterion (and a copy of its file, when given)."""
    require(session, "edit")
    criterion = session.get(BlocCriterion, criterion_id)
    if criterion is None:
        raise NotFound(f"Không tìm thấy tiêu chí số {criterion_id}.")
    _bloc(session, criterion.bloc_id)
    text = clean(document)
    if not text and file_path:
        text = Path(file_path).name
    if not text:
        raise ValidationError("Chưa nhập tên văn bản, tài liệu minh chứng.", field="document")
    if len(text) > 400:
        raise ValidationError("Tên tài liệu minh chứng tối đa 400 ký tự.", field="document")
    file_id = None
    if file_path:
        from app.files import store_file

        if files_dir is None:
            raise ValidationError("Chưa biết thư mục lưu tệp minh chứng.", field="file")
        file_id = store_file(session, files_dir, file_path).id
    last = session.scalar(select(func.max(ProvinceBlocEvidence.seq)).where(ProvinceBlocEvidence.criterion_id == criterion_id))
    row = ProvinceBlocEvidence(criterion_id=criterion_id, seq=(last or 0) + 1, document=text, file_id=file_id)
    session.add(row)
    session.flush()
    return row.id


def remove_evidence(session: Session, evidence_id: int) -> None:
    require(session, "edit")
    row = session.get(ProvinceBlocEvidence, evidence_id)
    if row is None:
        raise NotFound(f"Không tìm thấy minh chứng số {evidence_id}.")
    session.delete(row)
    session.flush()


def record_sent(session: Session, bloc_id: int, sent_on: dt.date, ref: str) -> None:
    """Our self-score went to the province with this report (number and date)."""
    require(session, "edit")
    _bloc(session, bloc_id)
    info = _info(session, bloc_id)
    info.self_sent_on, info.self_sent_ref = sent_on, clean(ref)
    session.flush()


def record_result(session: Session, bloc_id: int, final_score: object, rank: int | None,
                  note: str = "") -> None:
    """The province's final score and our rank in the bloc (and what it earned: a flag ...)."""
    require(session, "edit")
    bloc = _bloc(session, bloc_id)
    score = parse_points(final_score, "Điểm khối chấm")
    info = _info(session, bloc_id)
    others = len([m for m in (info.other_members or "").splitlines() if m.strip()])
    if rank is not None and (int(rank) < 1 or (others and int(rank) > others + 1)):
        raise ValidationError(f"Thứ hạng phải từ 1 đến {others + 1} (số đơn vị của khối)." if others
                              else "Thứ hạng phải từ 1 trở lên.", field="rank")
    info.final_score, info.result_note = score, (note or "").strip()
    ours = our_unit(session)
    member = session.scalar(select(BlocMember).where(BlocMember.bloc_id == bloc.id, BlocMember.unit_id == ours.id))
    if member is not None:
        member.rank = int(rank) if rank is not None else None
    session.flush()


# --- the view the dialog, the workbook and the report read ------------------------------------

@dataclass(slots=True)
class CriterionLine:
    id: int
    code: str
    title: str
    max_points: Decimal
    kind: str
    depth: int
    is_group: bool
    self_score: Decimal | None
    agreed_score: Decimal | None
    explanation: str
    evidence: list[tuple[int, str, int | None]]  # (id, document, file id)

    @property
    def evidence_text(self) -> str:
        return "; ".join(doc for _i, doc, _f in self.evidence)

    @property
    def search(self) -> str:
        return fold(" ".join([self.code, self.title, self.explanation, self.evidence_text]))


@dataclass
class ProvinceBlocView:
    bloc_id: int
    year: int
    name: str
    regulation: str
    covenant_signed_on: dt.date | None
    info: ProvinceBlocInput
    self_sent_on: dt.date | None
    self_sent_ref: str
    final_score: Decimal | None
    rank: int | None
    result_note: str
    unit_id: int
    unit: str
    lines: list[CriterionLine]
    max_total: Decimal

    @property
    def member_count(self) -> int:
        return 1 + len(self.info.other_members)

    def total(self, which: str = "self") -> Decimal | None:
        values = [(-1 if ln.kind == "penalty" else 1) * v for ln in self.lines if not ln.is_group
                  for v in [ln.self_score if which == "self" else ln.agreed_score] if v is not None]
        return sum(values, Decimal(0)) if values else None

    def subtotal(self, line: CriterionLine, which: str = "self") -> Decimal | None:
        """A group's sum over its criteria (the lines under it, deeper, until the next sibling)."""
        start = self.lines.index(line)
        values = []
        for ln in self.lines[start + 1:]:
            if ln.depth <= line.depth:
                break
            v = ln.self_score if which == "self" else ln.agreed_score
            if not ln.is_group and v is not None:
                values.append(-v if ln.kind == "penalty" else v)
        return sum(values, Decimal(0)) if values else None

    @property
    def unscored(self) -> int:
        return sum(1 for ln in self.lines if not ln.is_group and ln.self_score is None)

    @property
    def without_evidence(self) -> int:
        return sum(1 for ln in self.lines if not ln.is_group and ln.self_score and not ln.evidence)


def province_bloc_view(session: Session, bloc_id: int) -> ProvinceBlocView:
    bloc = _bloc(session, bloc_id)
    ours = our_unit(session)
    info = _find_info(session, bloc_id)
    tree = criteria_tree(session, bloc_id)
    ids = [c.id for c in tree] or [0]
    scores = {s.criterion_id: s for s in session.scalars(
        select(BlocScore).where(BlocScore.criterion_id.in_(ids), BlocScore.unit_id == ours.id))}
    evidence: dict[int, list] = {}
    for e in session.scalars(select(ProvinceBlocEvidence).where(ProvinceBlocEvidence.criterion_id.in_(ids))
                             .order_by(ProvinceBlocEvidence.seq, ProvinceBlocEvidence.id)):
        evidence.setdefault(e.criterion_id, []).append((e.id, e.document, e.file_id))
    lines = [CriterionLine(c.id, c.code, c.title, c.max_points, c.kind, c.depth, c.is_group,
                           points(scores[c.id].self_score) if c.id in scores else None,
                           points(scores[c.id].agreed_score) if c.id in scores else None,
                           scores[c.id].explanation if c.id in scores else "", evidence.get(c.id, []))
             for c in tree]
    member = session.scalar(select(BlocMember).where(BlocMember.bloc_id == bloc_id, BlocMember.unit_id == ours.id))
    data = ProvinceBlocInput(
        year=bloc.year, name=bloc.name, regulation=bloc.regulation, covenant_signed_on=bloc.covenant_signed_on,
        id=bloc.id, head_name=info.head_name if info else "", deputy_name=info.deputy_name if info else "",
        other_members=[m for m in (info.other_members if info else "").splitlines() if m.strip()],
        criteria_source=info.criteria_source if info else "", covenant_place=info.covenant_place if info else "",
        covenant_content=info.covenant_content if info else "")
    return ProvinceBlocView(
        bloc.id, bloc.year, bloc.name, bloc.regulation, bloc.covenant_signed_on, data,
        info.self_sent_on if info else None, info.self_sent_ref if info else "",
        points(info.final_score) if info else None, member.rank if member else None,
        info.result_note if info else "", ours.id, ours.name, lines, total_max(tree))


@dataclass(slots=True)
class ProvinceBlocRow:
    """A line of the list of province blocs (one a year, usually)."""

    id: int
    year: int
    name: str
    head: str
    deputy: str
    covenant_signed_on: dt.date | None
    self_total: str
    final_score: str
    rank: str
    search: str


def list_province_blocs(session: Session, year: int) -> list[ProvinceBlocRow]:
    from app.bloc_criteria import points_text

    rows = []
    for bloc in province_blocs(session, year):
        v = province_bloc_view(session, bloc.id)
        of = f"/{v.member_count}" if v.info.other_members else ""
        rows.append(ProvinceBlocRow(
            v.bloc_id, v.year, v.name, v.info.head_name, v.info.deputy_name, v.covenant_signed_on,
            points_text(v.total()) + (f"/{points_text(v.max_total)}" if v.lines else ""),
            points_text(v.final_score), f"{v.rank}{of}" if v.rank else "",
            fold(" ".join([v.name, v.info.head_name, v.info.deputy_name]))))
    return rows


__all__ = ["CriterionLine", "ProvinceBlocInput", "ProvinceBlocRow", "ProvinceBlocView", "add_evidence",
           "list_province_blocs", "our_unit", "province_bloc_view", "province_blocs", "record_result",
           "record_sent", "remove_evidence", "save_province_bloc", "set_self_score"]
