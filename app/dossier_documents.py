"""Thành phần hồ sơ: the documents a dossier must contain, ticked present, with scans.

The checklist comes from the catalogue (`DocumentRequirement`: for every category '*' or the
dossier's own, for any award '' or one proposed in it), so a province's own list is data.
Scans are kept in the data folder by content hash (app.files.store_file).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.dossiers import get_dossier, refuse_if_frozen
from app.errors import NotFound, ValidationError
from app.text import clean
from db.models import AwardType, DocumentRequirement, Dossier, DossierDocument, Nominee


@dataclass(slots=True)
class DocumentRow:
    id: int
    code: str
    name: str
    required: bool
    present: bool
    file_name: str
    file_id: int | None
    note: str
    basis: str


def _award_codes(session: Session, dossier: Dossier) -> set[str]:
    return set(session.scalars(select(AwardType.code).join(Nominee, Nominee.award_type_id == AwardType.id)
                               .where(Nominee.dossier_id == dossier.id,
                                      Nominee.appraisal != "withdrawn")))


def sync_documents(session: Session, dossier: Dossier) -> int:
    """Add the required documents the dossier lacks (after receiving, or when a nominee for a
    new award is added). Nothing is removed: a ticked document stays. Returns how many."""
    codes = _award_codes(session, dossier)
    wanted = session.scalars(select(DocumentRequirement)
                             .where(DocumentRequirement.category.in_(("*", dossier.category)))
                             .order_by(DocumentRequirement.sort_order, DocumentRequirement.id)).all()
    have = {(d.code, d.name) for d in session.scalars(
        select(DossierDocument).where(DossierDocument.dossier_id == dossier.id))}
    added = 0
    for req in wanted:
        if req.award_code and req.award_code not in codes:
            continue
        if (req.code, req.name) in have:
            continue
        session.add(DossierDocument(dossier_id=dossier.id, code=req.code, name=req.name,
                                    required=req.required, present=False))
        have.add((req.code, req.name))
        added += 1
    session.flush()
    return added


def documents(session: Session, dossier_id: int) -> list[DocumentRow]:
    from db.models import StoredFile

    bases = {(r.code, r.name): r.legal_basis for r in session.scalars(select(DocumentRequirement))}
    rows = session.execute(select(DossierDocument, StoredFile.original_name)
                           .outerjoin(StoredFile, StoredFile.id == DossierDocument.file_id)
                           .where(DossierDocument.dossier_id == dossier_id)
                           .order_by(DossierDocument.id))
    return [DocumentRow(d.id, d.code, d.name, d.required, d.present, name or "", d.file_id, d.note,
                        bases.get((d.code, d.name), "")) for d, name in rows]


def missing_documents(session: Session, dossier_id: int) -> list[str]:
    """Names of the required documents not yet ticked present."""
    return [d.name for d in documents(session, dossier_id) if d.required and not d.present]


def missing_before_decision(session: Session, dossier_ids: list[int]) -> list[str]:
    """What a decision on these dossiers is warned of: each one's required documents not ticked
    present. The law leaves it to the office to decide on an incomplete dossier, so this only
    warns (`tdkt decision`, the decision window); it never stops the decision."""
    out = []
    for dossier_id in dossier_ids:
        names = missing_documents(session, dossier_id)
        if names:
            number = session.get(Dossier, dossier_id).number
            out.append(f"Hồ sơ {number} còn thiếu {len(names):02d} thành phần bắt buộc: {'; '.join(names)}.")
    return out


def _document(session: Session, document_id: int) -> DossierDocument:
    doc = session.get(DossierDocument, document_id)
    if doc is None:
        raise NotFound("Không tìm thấy thành phần hồ sơ.")
    refuse_if_frozen(get_dossier(session, doc.dossier_id))
    return doc


def set_present(session: Session, document_id: int, present: bool, note: str | None = None) -> None:
    doc = _document(session, document_id)
    doc.present = present
    if note is not None:
        doc.note = note.strip()
    session.flush()


def attach_scan(session: Session, files_dir: str | Path, document_id: int, path: str | Path) -> str:
    """Keep a scanned file with a document (ticking it present); returns the file's name."""
    from app.files import store_file

    doc = _document(session, document_id)
    stored = store_file(session, files_dir, path)
    doc.file_id = stored.id
    doc.present = True
    session.flush()
    return stored.original_name


def add_document(session: Session, dossier_id: int, name: str, *, required: bool = False) -> int:
    """An extra document the unit sent that the checklist does not name."""
    refuse_if_frozen(get_dossier(session, dossier_id))
    name = clean(name)
    if not name:
        raise ValidationError("Chưa nhập tên tài liệu.", field="name")
    doc = DossierDocument(dossier_id=dossier_id, code="khac", name=name, required=required, present=True)
    session.add(doc)
    session.flush()
    return doc.id
