"""Kiểm tra khi nhập: what a preview learns from the database before anything is written.

- versions: the identical file imported before (nothing to do), or the earlier list this file
  corrects (it becomes the next version; the dossier made from it must still be open);
- nominees: each individual matched to a person (EXCHANGE.md rule 5), each collective to a
  unit; doubts about eligibility (`eligibility_*`): already holds the award that year, twice in
  the file, already proposed in another dossier; then the rules engine when it is there;
- self-scores: each row matched to a criterion of the unit's bloc, scores within bounds.

Every query is batched (IN lists of ≤ 500), so a 5,000-row list costs a handful of queries.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.excel.problems import problem
from app.files import find_stored
from app.matching import PeopleIndex, UnitIndex
from app.states import OPEN_FOR_CORRECTION
from app.text import fold, match_key
from db.models import Award, Bloc, BlocCriterion, BlocMember, Dossier, Nominee, Submission

if TYPE_CHECKING:
    from app.imports import ImportPreview

CHUNK = 500


def stored_kind(preview: ImportPreview) -> str:
    """The submission kind as dues name it: a report is mid-year or year-end."""
    if preview.kind != "report":
        return preview.kind or ""
    key = fold(preview.title)
    return "report_mid" if ("so ket" in key or "6 thang" in key or "sau thang" in key) else "report_year"


def _chunks(values) -> list[list]:
    items = sorted(v for v in values if v is not None)
    return [items[i:i + CHUNK] for i in range(0, len(items), CHUNK)]


def check_versions(session: Session, preview: ImportPreview) -> None:
    from app.imports import Previous

    stored = find_stored(session, preview.sha256)
    if stored is not None:
        sub = session.scalar(select(Submission).where(Submission.file_id == stored.id)
                             .order_by(Submission.id.desc()).limit(1))
        if sub is not None:
            dossier = session.scalar(select(Dossier).where(Dossier.submission_id == sub.id).limit(1))
            preview.already_imported = Previous(sub.id, sub.version_no, dossier.id if dossier else None,
                                                dossier.number if dossier else "")
            where = f", hồ sơ {dossier.number}" if dossier else ""
            preview.problems.append(problem(
                "already_imported", f"Tệp này đã nhập trước đây (ngày {sub.received_on:%d/%m/%Y}, phiên bản "
                f"{sub.version_no}{where}); không ghi lại gì."))
            return
    if preview.unit is None or preview.year is None or not preview.kind:
        return
    kind = stored_kind(preview)
    subs = list(session.scalars(select(Submission).where(
        Submission.unit_id == preview.unit.id, Submission.year == preview.year,
        Submission.kind == kind).order_by(Submission.version_no)))
    preview.version_no = (max(s.version_no for s in subs) + 1) if subs else 1
    live = [s for s in subs if s.status != "superseded"]
    if not live:
        return
    target, dossier = live[-1], None
    if preview.kind == "award_proposal":
        found = _corrected_list(session, preview, live)
        if found is None:
            return  # another list of the unit for the year: a dossier of its own
        target, dossier = found
        preview.replaces = Previous(target.id, target.version_no, dossier.id, dossier.number, dossier.status)
        preview.problems.append(problem(
            "may_replace", f"{preview.unit.name} đã gửi danh sách cùng năm {preview.year}, cùng các danh hiệu "
            f"(hồ sơ {dossier.number}, phiên bản {target.version_no}, chưa thẩm định). Tệp này sẽ thành một hồ "
            f"sơ riêng; nếu đây là bản sửa của danh sách đó, hãy chọn «Thay bản trước» (dòng lệnh: --replace) "
            f"để hồ sơ {dossier.number} nhận danh sách mới, bản trước vẫn giữ trong lịch sử."))
        return
    preview.replaces = Previous(target.id, target.version_no, None, "", "")
    preview.problems.append(problem(
        "new_version", f"{preview.unit.name} đã gửi danh sách này trước đây (phiên bản {target.version_no}); "
        f"tệp này sẽ là phiên bản {preview.version_no}, bản trước được giữ trong lịch sử."))


def _corrected_list(session: Session, preview: ImportPreview, live: list[Submission]):
    """The earlier award list this file may correct: same unit, year and kind of dossier
    (year-end, sudden, by movement ...), the same set of awards proposed, and its dossier still open with nothing
    appraised yet. Only a candidate: it is replaced when the clerk confirms."""
    ours = {r.award.id for r in preview.rows if r.award is not None}
    for sub in reversed(live):
        dossier = session.scalar(select(Dossier).where(Dossier.submission_id == sub.id).limit(1))
        if dossier is None or dossier.status not in OPEN_FOR_CORRECTION:
            continue
        rows = session.execute(select(Nominee.award_type_id, Nominee.appraisal)
                               .where(Nominee.dossier_id == dossier.id)).all()
        if any(appraisal != "pending" for _, appraisal in rows):
            continue  # something already appraised is never replaced
        if not ours or ours != {award for award, _ in rows}:
            continue
        if dossier.category != preview.category:
            # A sudden list never corrects the year-end one, nor the other way round; kept to
            # say so if the clerk asks to replace it (confirm_replace refuses).
            preview.other_kind = preview.other_kind or (dossier.number, dossier.category)
            continue
        return sub, dossier
    return None


def check_nominees(session: Session, preview: ImportPreview, units: UnitIndex) -> None:
    rows = preview.rows
    unit_cache: dict[str, int | None] = {}

    def unit_of(text: str) -> int | None:
        if text not in unit_cache:
            ref = units.find(text)
            unit_cache[text] = ref.id if ref else None
        return unit_cache[text]

    home = preview.unit.id if preview.unit else None
    for r in rows:
        r.key = match_key(r.name)
        if r.subject == "individual":
            r.unit_id = (unit_of(r.unit_text) if r.unit_text else None) or home
        else:
            r.unit_id = unit_of(r.name)
    if preview.kind == "ratings":
        _collective_rows(preview)
    seen: dict[tuple, int] = {}
    for r in rows:
        sig = (r.subject, r.key, r.birth_year, r.award.id if r.award else None)
        if sig in seen and preview.kind == "ratings":
            preview.problems.append(problem(
                "duplicate_row", f"“{r.name}” được ghi hai lần (dòng {seen[sig]} và dòng {r.row}); dòng sau "
                "được dùng.", sheet=r.sheet, cell=r.cell("name"), row=r.row))
        elif sig in seen:
            preview.problems.append(problem(
                "eligibility_duplicate_in_file", f"“{r.name}” được đề nghị “{r.award.name if r.award else ''}” "
                f"hai lần (dòng {seen[sig]} và dòng {r.row}).", sheet=r.sheet, cell=r.cell("name"), row=r.row))
        else:
            seen[sig] = r.row
    if home is None:
        return
    people = PeopleIndex(session, {r.key for r in rows if r.subject == "individual"}, home)
    for r in rows:
        if r.subject != "individual":
            continue
        r.match = people.match(r.key, r.birth_year, r.unit_id, position=r.position,
                               gender={"Nam": "M", "Nữ": "F"}.get(r.gender or ""))
        if r.match.kind == "near":
            who = "; ".join(f"{c.name}" + (f" ({c.birth_year})" if c.birth_year else "")
                            + (f", {units.get(c.unit_id).name}" if units.get(c.unit_id) else "")
                            + f": {c.reason}" for c in r.match.candidates[:3])
            preview.problems.append(problem(
                "person_near_match", f"“{r.name}” gần giống người đã có: {who}. Hãy xác nhận là cùng người "
                "hay người mới; chưa xác nhận thì không nối với ai.", sheet=r.sheet, cell=r.cell("name"), row=r.row))
    if preview.kind == "ratings":
        return  # facts, not proposals: nothing to check against the ledger or the rules
    if preview.kind == "award_proposal" and preview.year is not None and preview.already_imported is None:
        _ledger_checks(session, preview)
    _rules_checks(session, preview)


def _collective_rows(preview: ImportPreview) -> None:
    """A rating list's row for a collective: recorded as the unit's own rating and discipline
    when the unit is known; otherwise, and for what only people have, said with its cell."""
    from app.catalog import RATINGS

    for r in preview.rows:
        if r.subject != "collective":
            continue
        if not r.unit_id and (r.rating or r.discipline):
            said = ", ".join(x for x in (r.rating and f"xếp loại {RATINGS.get(r.rating, r.rating)}",
                                         r.discipline and "kỷ luật") if x)
            preview.problems.append(problem(
                "collective_unknown", f"Dòng {r.row}: “{r.name}” là tập thể nhưng không có trong danh mục đơn vị; "
                f"{said} của tập thể không được ghi. Hãy thêm đơn vị (tdkt unit add) rồi nhập lại, hoặc ghi "
                "trên trang của đơn vị.", sheet=r.sheet, cell=r.cell("name"), row=r.row))
        if r.initiative:
            preview.problems.append(problem(
                "collective_fact_ignored", f"Dòng {r.row}: “{r.name}” là tập thể; sáng kiến “{r.initiative[:60]}” "
                "chỉ ghi được cho cá nhân, không được ghi. Hãy ghi vào dòng của tác giả.",
                sheet=r.sheet, cell=r.cell("initiative"), row=r.row))


def _ledger_checks(session: Session, preview: ImportPreview) -> None:
    rows = [r for r in preview.rows if r.award is not None]
    titles = {r.award.id for r in rows if r.award.category == "title"}
    person_ids = {r.match.person_id for r in rows if r.match and r.match.kind == "exact"}
    unit_ids = {r.unit_id for r in rows if r.subject == "collective" and r.unit_id}
    held, proposed = set(), {}
    skip = preview.replaces.dossier_id if preview.replaces else None

    def same_achievement(award_id: int, kind: str) -> bool:
        """A title once a year whatever the occasion; a form again for another achievement
        (another sudden deed, another movement: Luật TĐKT 2022 Điều 6), which the rules judge."""
        return award_id in titles or (kind == preview.category and kind not in ("sudden", "movement"))

    award_ids = {r.award.id for r in rows}
    for col, ids, nom_col in ((Award.person_id, person_ids, Nominee.person_id),
                              (Award.unit_id, unit_ids, Nominee.unit_id)):
        subject = "individual" if col is Award.person_id else "collective"
        for chunk in _chunks(ids):
            for who, aid, kind in session.execute(select(col, Award.award_type_id, Award.kind).where(
                    col.in_(chunk), Award.year == preview.year, Award.award_type_id.in_(award_ids),
                    Award.revoked.is_(False), Award.subject == subject)):
                if same_achievement(aid, kind):
                    held.add((subject, who, aid))
            query = (select(nom_col, Nominee.award_type_id, Dossier.number, Dossier.category).join(Dossier)
                     .where(nom_col.in_(chunk), Dossier.year == preview.year,
                            Nominee.award_type_id.in_(award_ids), Dossier.status != "rejected",
                            Nominee.subject == subject))
            if skip is not None:
                query = query.where(Dossier.id != skip)
            for who, aid, number, category in session.execute(query):
                if same_achievement(aid, category):
                    proposed[(subject, who, aid)] = number
    for r in rows:
        who = r.match.person_id if (r.subject == "individual" and r.match and r.match.kind == "exact") else (
            r.unit_id if r.subject == "collective" else None)
        if who is None:
            continue
        sig = (r.subject, who, r.award.id)
        if sig in held:
            preview.problems.append(problem(
                "eligibility_already_holds", f"“{r.name}” đã có “{r.award.name}” năm {preview.year} trong sổ "
                "khen thưởng.", sheet=r.sheet, cell=r.cell("award"), row=r.row))
        elif sig in proposed:
            preview.problems.append(problem(
                "eligibility_already_proposed", f"“{r.name}” đã được đề nghị “{r.award.name}” năm "
                f"{preview.year} trong hồ sơ {proposed[sig]}.", sheet=r.sheet, cell=r.cell("award"), row=r.row))


@dataclass(slots=True)
class _PreviewDossier:
    """The dossier an import would make, as the eligibility engine reads it (never stored)."""

    year: int
    unit_id: int
    received_on: dt.date
    id: int | None = None
    number: str = "(xem trước)"
    category: str = "regular"
    status: str = "received"
    movement_id: int | None = None


@dataclass(slots=True)
class _PreviewNominee:
    """A row as the eligibility engine reads a nominee. A plain object, not an ORM Nominee:
    building 5,000 instrumented instances cost more than the whole check (0.6 s), and a
    transient ORM row risks being swept into the session by a cascade."""

    seq: int
    subject: str
    person_id: int | None
    unit_id: int | None
    name: str
    position: str
    unit_text: str
    award_type_id: int
    achievement: str
    rating: str
    initiative: str
    is_direct_worker: bool
    dossier: _PreviewDossier
    id: int | None = None
    verdict: str = ""
    verdict_reasons: list = field(default_factory=list)
    appraisal: str = "pending"
    version: int = 1
    name_key: str = ""  # match_key(name), worked out already when the rows were checked


# The engine's findings that the checks above already report under their own codes.
_COVERED = {"already_awarded", "proposed_twice", "wrong_subject"}


def _rules_checks(session: Session, preview: ImportPreview) -> None:
    """The eligibility engine's doubts (app.rules.evaluate on unsaved nominees, store=False):
    each failed or undecided finding becomes a warning `eligibility_<its code>`."""
    if preview.kind != "award_proposal" or preview.year is None or preview.already_imported is not None:
        return
    try:
        from app.rules import FAILS, UNKNOWN, evaluate
        from app.rules.base import FAIL, UNSURE
    except ImportError:  # the engine is optional for reading a file
        return
    rows = [r for r in preview.rows if r.award is not None]
    if not rows:
        return
    dossier = _PreviewDossier(year=preview.year, unit_id=preview.unit.id, received_on=dt.date.today(),
                              category=preview.category)
    nominees = []
    for i, r in enumerate(rows):
        linked = r.match.person_id if (r.match is not None and r.match.kind == "exact") else None
        nominees.append(_PreviewNominee(
            seq=i + 1, subject=r.subject, person_id=linked, unit_id=r.unit_id, name=r.name,
            position=r.position, unit_text=r.unit_text, award_type_id=r.award.id,
            achievement=r.achievement, rating=r.rating or "", initiative=r.initiative,
            is_direct_worker=r.direct_worker, dossier=dossier, name_key=r.key))
    try:
        verdicts = evaluate(session, nominees, store=False)
    except Exception:  # a fault in the engine must not stop a clerk from reading a list
        logging.getLogger(__name__).exception("eligibility check of an import preview failed")
        return
    for r, verdict in zip(rows, verdicts, strict=False):
        if verdict.verdict not in (FAILS, UNKNOWN):
            continue
        for reason in verdict.reasons:
            if reason.outcome in (FAIL, UNSURE) and reason.code not in _COVERED:
                basis = f" ({reason.basis})" if reason.basis else ""
                preview.problems.append(problem(
                    f"eligibility_{reason.code}", f"“{r.name}” — {r.award.name}: {reason.message}{basis}",
                    sheet=r.sheet, cell=r.cell("award"), row=r.row, severity="warning"))


def check_scores(session: Session, preview: ImportPreview) -> None:
    if preview.unit is None or preview.year is None:
        return
    blocs = list(session.scalars(select(Bloc).join(BlocMember, BlocMember.bloc_id == Bloc.id).where(
        BlocMember.unit_id == preview.unit.id, Bloc.year == preview.year).order_by(Bloc.id)))
    if not blocs:
        preview.problems.append(problem(
            "bloc_missing", f"{preview.unit.name} chưa thuộc khối thi đua nào năm {preview.year}; "
            "không có tiêu chí để ghi điểm tự chấm."))
        return
    ids = {s.criterion_id for s in preview.scores if s.criterion_id}
    bloc = blocs[0]
    if len(blocs) > 1 and ids:
        owners = dict(session.execute(select(BlocCriterion.id, BlocCriterion.bloc_id).where(
            BlocCriterion.id.in_(sorted(ids)[:CHUNK]))).all())
        bloc = next((b for b in blocs if b.id in owners.values()), blocs[0])
    criteria = list(session.scalars(select(BlocCriterion).where(BlocCriterion.bloc_id == bloc.id)
                                    .order_by(BlocCriterion.sort_order, BlocCriterion.id)))
    parents = {c.parent_id for c in criteria if c.parent_id}
    by_id = {c.id: c for c in criteria}
    by_code = {c.code.strip(" .").lower(): c for c in criteria if c.code}
    by_title = {match_key(c.title): c for c in criteria}
    matched: dict[int, tuple] = {}
    lines: dict[int, object] = {}  # criterion id → its ScoreRow
    for s in preview.scores:
        c = by_id.get(s.criterion_id) or by_title.get(match_key(s.criterion)) or (
            by_code.get(s.code.strip(" .").lower()) if s.code else None)
        if c is None:
            if s.self_score is not None:
                preview.problems.append(problem(
                    "criterion_unknown", f"Dòng {s.row} (“{s.criterion[:60]}”) không khớp tiêu chí nào của "
                    f"{bloc.name}.", sheet=s.sheet, cell=s.cells.get("criterion", ""), row=s.row))
            continue
        if s.self_score is None:
            continue
        top = float(c.max_points or 0)
        if c.kind != "penalty" and s.self_score < 0:
            preview.problems.append(problem("score_negative", f"Điểm tự chấm {s.self_score:g} của tiêu chí "
                                            f"{c.code or c.title[:40]} là số âm.", sheet=s.sheet,
                                            cell=s.cells.get("self_score", ""), row=s.row))
        elif c.kind != "penalty" and top and s.self_score > top:
            preview.problems.append(problem("score_over_max", f"Điểm tự chấm {s.self_score:g} vượt điểm chuẩn "
                                            f"{top:g} của tiêu chí {c.code or c.title[:40]}.", sheet=s.sheet,
                                            cell=s.cells.get("self_score", ""), row=s.row))
        matched[c.id] = (s.self_score, s.explanation)
        lines[c.id] = s
    _check_groups(preview, criteria, parents, matched, lines)
    leaves = [c for c in criteria if c.id not in parents]
    missing = [c.code or c.title[:30] for c in leaves if c.id not in matched]
    if missing and matched:
        preview.problems.append(problem(
            "criterion_not_scored", f"Chưa có điểm tự chấm cho {len(missing)} tiêu chí: "
            f"{', '.join(missing[:10])}{' ...' if len(missing) > 10 else ''}."))
    preview.context["bloc_id"] = bloc.id
    preview.context["scores"] = matched


def _check_groups(preview: ImportPreview, criteria: list, parents: set[int], matched: dict[int, tuple],
                  lines: dict[int, object]) -> None:
    """A group's score is the sum of its criteria (a penalty under a scored group subtracts):
    a group score that differs, or one given with none of its criteria scored, is an error.
    Group scores are never stored: the criteria carry them."""
    children: dict[int, list] = {}
    for c in criteria:
        if c.parent_id is not None:
            children.setdefault(c.parent_id, []).append(c)

    def total(group) -> tuple[float, bool]:
        """(sum of the scored criteria under a group, whether any is scored)."""
        value, any_scored = 0.0, False
        for child in children.get(group.id, []):
            if child.id in parents:
                part, scored = total(child)
            elif child.id in matched:
                part, scored = float(matched[child.id][0]), True
            else:
                continue
            if not scored:
                continue
            any_scored = True
            value += -part if child.kind == "penalty" and group.kind != "penalty" else part
        return value, any_scored

    for c in criteria:
        if c.id not in parents or c.id not in matched:
            continue
        given = float(matched.pop(c.id)[0])
        s = lines[c.id]
        expected, scored = total(c)
        name = c.code or c.title[:40]
        if not scored:
            if abs(given) > 0.005:
                preview.problems.append(problem(
                    "score_on_group", f"Nhóm {name} ghi {given:g} điểm nhưng chưa chấm tiêu chí nào trong "
                    "nhóm; hãy chấm từng tiêu chí.", sheet=s.sheet, cell=s.cells.get("self_score", ""), row=s.row))
        elif abs(given - expected) > 0.005:
            preview.problems.append(problem(
                "score_group_mismatch", f"Nhóm {name} ghi {given:g} điểm nhưng các tiêu chí trong nhóm cộng lại "
                f"{expected:g}.", sheet=s.sheet, cell=s.cells.get("self_score", ""), row=s.row))
