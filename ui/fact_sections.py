"""Hồ sơ thi đua on the person's and the unit's pages: the facts the eligibility rules rest on,
entered and corrected by the clerk, year by year.

Person: ratings with who rated (a worker's or farmer's judgement by the unit or council),
disciplines (measure, from–to, decision), investigations, inspections and complaints (and how
they closed), initiatives and research works (recognising body, scope, decision, years applied;
without a decision only declared). Unit: its own rating, who rated it and its members who
completed their tasks (the year's member count is on «Thủ trưởng, thành viên theo năm»), and
its own disciplines and investigations. Each list writes through app.facts and tells the main
window (verdicts are checked again when the dossiers are next shown).

Imported once at start (ui/units_tab.py) to add the sections to both pages.
"""

from __future__ import annotations

from types import SimpleNamespace

from PySide6.QtWidgets import QTabWidget, QWidget

from app.catalog import RATINGS
from app.facts import (
    INITIATIVE_KINDS,
    INVESTIGATION_KINDS,
    correct_person_rating,
    correct_unit_year,
    delete_fact,
    save_discipline,
    save_initiative,
    save_investigation,
    set_person_rating,
    set_unit_year,
)
from app.facts_view import person_record, unit_record
from app.rules.base import DISCIPLINE_NAMES, SCOPE_NAMES
from app.text import fold
from ui import person_page, unit_page
from ui.fact_editor import FactEditor, Field
from ui.table_model import col

RATING_CHOICES = [(f"{code} — {name}", code) for code, name in RATINGS.items()]
LEVEL_CHOICES = [(name[:1].upper() + name[1:], code) for code, name in DISCIPLINE_NAMES.items()]
INVESTIGATION_CHOICES = [(name, code) for code, name in INVESTIGATION_KINDS.items()]
SCOPE_CHOICES = [(name[:1].upper() + name[1:], code) for code, name in SCOPE_NAMES.items()]
KIND_CHOICES = [(name, code) for code, name in INITIATIVE_KINDS.items()]
AREAS = {"people", "units", "dossiers"}


def _day(value) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def _row(fact, **shown) -> SimpleNamespace:
    row = SimpleNamespace(**vars(fact), **shown)
    row.search = fold(" ".join(str(v) for v in shown.values() if v))
    return row


def _discipline_rows(record) -> list:
    return [_row(d, level_name=d.level_name[:1].upper() + d.level_name[1:], from_text=_day(d.decided_on),
                 to_text=_day(d.ends_on)) for d in record.disciplines]


def _investigation_rows(record) -> list:
    return [_row(i, kind_name=i.kind_name, from_text=_day(i.started_on),
                 to_text=_day(i.ended_on) or "chưa kết thúc") for i in record.investigations]


DISCIPLINE_COLUMNS = [col("Hình thức", "level_name", width=12), col("Từ ngày", "from_text", width=10),
                      col("Đến ngày", "to_text", width=10), col("Quyết định", "decision", width=14),
                      col("Lý do", "reason", width=30, stretch=True)]
DISCIPLINE_FIELDS = [Field("level", "Hình thức kỷ luật", "choice", LEVEL_CHOICES),
                     Field("decided_on", "Từ ngày", "date"),
                     Field("ends_on", "Đến ngày", "date", hint="để trống: theo thời hạn mặc định"),
                     Field("decision", "Quyết định kỷ luật", hint="số, ví dụ 15/QĐ-UBND"),
                     Field("reason", "Lý do")]
INVESTIGATION_COLUMNS = [col("Loại", "kind_name", width=20), col("Từ ngày", "from_text", width=10),
                         col("Kết thúc", "to_text", width=12), col("Nội dung", "note", width=26),
                         col("Kết luận", "closed_note", width=24, stretch=True)]
INVESTIGATION_FIELDS = [Field("kind", "Loại việc", "choice", INVESTIGATION_CHOICES),
                        Field("started_on", "Từ ngày", "date"),
                        Field("ended_on", "Ngày kết thúc", "date", hint="để trống khi chưa kết thúc"),
                        Field("note", "Nội dung"),
                        Field("closed_note", "Kết luận, văn bản kết thúc")]


def _editors(page, owner: dict, load) -> list[tuple[str, FactEditor]]:
    """The discipline and investigation lists, for a person or a unit (`owner`)."""
    written = lambda: page.changed(AREAS)  # noqa: E731 - one line, read where it is used

    def save_d(fid, v):
        with page.db.session() as s:
            save_discipline(s, **owner, discipline_id=fid, **v)

    def save_i(fid, v):
        with page.db.session() as s:
            save_investigation(s, **owner, investigation_id=fid, **v)

    def remove(kind):
        def run(fid):
            with page.db.session() as s:
                delete_fact(s, kind, fid)
        return run

    return [
        ("Kỷ luật", FactEditor("Kỷ luật", DISCIPLINE_COLUMNS, DISCIPLINE_FIELDS,
                               load=lambda: _discipline_rows(load()), save=save_d, delete=remove("discipline"),
                               year=page.year, on_written=written, parent=page,
                               note="Thành tích của năm có kỷ luật chưa được tính; từ mức cảnh cáo, tập thể có "
                                    "thành viên bị kỷ luật không được xét danh hiệu tập thể.")),
        ("Thanh tra, khiếu nại", FactEditor("Điều tra, thanh tra, khiếu nại", INVESTIGATION_COLUMNS,
                                            INVESTIGATION_FIELDS, load=lambda: _investigation_rows(load()),
                                            save=save_i, delete=remove("investigation"), year=page.year,
                                            on_written=written, parent=page,
                                            note="Chưa kết thúc thì chưa xét khen thưởng; ghi ngày kết thúc và kết "
                                                 "luận khi xong.")),
    ]


def person_section(page) -> tuple[str, QWidget]:
    pid = page.person_id

    def load():
        with page.db.session() as s:
            return person_record(s, pid)

    def save_rating(fid, v):
        with page.db.session() as s:
            if fid is None:
                set_person_rating(s, pid, v["year"], v["rating"], rated_by=v["rated_by"])
            else:
                correct_person_rating(s, fid, v["year"], v["rating"], rated_by=v["rated_by"])

    def save_init(fid, v):
        with page.db.session() as s:
            save_initiative(s, pid, initiative_id=fid, **v)

    def remove(kind):
        def run(fid):
            with page.db.session() as s:
                delete_fact(s, kind, fid)
        return run

    written = lambda: page.changed(AREAS)  # noqa: E731
    tabs = QTabWidget(page)
    ratings = FactEditor(
        "Xếp loại hoàn thành nhiệm vụ", [col("Năm", "year", width=6), col("Xếp loại", "rating_text", width=30),
                                         col("Người, cấp đánh giá", "rated_by", width=26),
                                         col("Nguồn", "source", width=20, stretch=True)],
        [Field("year", "Năm", "year"), Field("rating", "Xếp loại", "choice", RATING_CHOICES),
         Field("rated_by", "Người, cấp đánh giá", hint="Chủ tịch UBND xã; Hội đồng TĐKT xã (lao động trực tiếp)")],
        load=lambda: [_row(r, rating_text=f"{r.rating} — {RATINGS.get(r.rating, '')}") for r in load().ratings],
        save=save_rating, delete=remove("person_rating"), year=page.year, on_written=written, parent=page,
        note="Người lao động trực tiếp: ghi đánh giá của thủ trưởng hoặc Hội đồng về năng suất, hiệu quả lao động "
             "và chấp hành pháp luật; chưa có đánh giá thì Lao động tiên tiến «chưa đủ dữ liệu».")
    tabs.addTab(ratings, "Xếp loại")
    initiatives = FactEditor(
        "Sáng kiến, đề tài", [col("Năm", "year", width=6), col("Tên", "title", width=30),
                              col("Phạm vi", "scope_text", width=10), col("Cơ quan công nhận", "recognised_by", width=20),
                              col("Quyết định", "decision_number", width=14), col("Tình trạng", "status", width=18,
                                                                                  stretch=True)],
        [Field("title", "Tên sáng kiến, đề tài"), Field("kind", "Loại", "choice", KIND_CHOICES),
         Field("scope", "Phạm vi ảnh hưởng", "choice", SCOPE_CHOICES), Field("year", "Năm công nhận", "year"),
         Field("recognised_by", "Cơ quan, Hội đồng công nhận"),
         Field("decision_number", "Số quyết định công nhận", hint="để trống nếu mới khai, chưa có quyết định"),
         Field("decision_date", "Ngày quyết định", "date"), Field("years_applied", "Năm áp dụng", hint="2024, 2025")],
        load=lambda: [_row(i, scope_text=SCOPE_NAMES.get(i.scope, i.scope),
                           status="Đã công nhận" if i.recognised else "Mới khai, chưa công nhận")
                      for i in load().initiatives],
        save=save_init, delete=remove("initiative"), year=page.year, on_written=written, parent=page,
        note="Chỉ sáng kiến có quyết định công nhận mới được tính; một sáng kiến ghi ở nhiều năm chỉ tính một.")
    tabs.addTab(initiatives, "Sáng kiến, đề tài")
    for title, editor in _editors(page, {"person_id": pid}, load):
        tabs.addTab(editor, title)
    page.facts_tabs = tabs
    return "Hồ sơ thi đua", tabs


def unit_section(page) -> tuple[str, QWidget]:
    uid = page.unit_id

    def load():
        with page.db.session() as s:
            return unit_record(s, uid)

    def save_year(fid, v):
        values = dict(rating=v["rating"] or "", rated_by=v["rated_by"], members_total=v["members_total"],
                      members_completed=v["members_completed"])
        with page.db.session() as s:
            if fid is None:
                set_unit_year(s, uid, v["year"], **values)
            else:
                correct_unit_year(s, fid, v["year"], **values)

    def remove_year(fid):
        with page.db.session() as s:
            delete_fact(s, "unit_rating", fid)

    written = lambda: page.changed(AREAS)  # noqa: E731
    tabs = QTabWidget(page)
    years = FactEditor(
        "Xếp loại tập thể theo năm", [col("Năm", "year", width=6), col("Xếp loại", "rating_text", width=28),
                                      col("Người, cấp đánh giá", "rated_by", width=22),
                                      col("Số thành viên xét", "members_total", width=12),
                                      col("Hoàn thành nhiệm vụ", "members_completed", width=14, stretch=True)],
        [Field("year", "Năm", "year"), Field("rating", "Xếp loại", "choice", [("(chưa xếp loại)", "")] + RATING_CHOICES),
         Field("rated_by", "Người, cấp đánh giá", hint="UBND huyện; Đảng ủy xã …"),
         Field("members_total", "Số thành viên được xét", "count"),
         Field("members_completed", "Số thành viên hoàn thành nhiệm vụ", "count")],
        load=lambda: [_row(r, rating_text=f"{r.rating} — {RATINGS.get(r.rating, '')}" if r.rating else "(chưa xếp loại)")
                      for r in load().ratings],
        save=save_year, delete=remove_year, year=page.year, on_written=written, parent=page,
        note="Số thành viên để trống thì lấy số thành viên của năm (mục «Thủ trưởng, thành viên theo năm»).")
    tabs.addTab(years, "Xếp loại, hoàn thành nhiệm vụ")
    for title, editor in _editors(page, {"unit_id": uid}, load):
        tabs.addTab(editor, title)
    page.facts_tabs = tabs
    return "Xếp loại, kỷ luật", tabs


if person_section not in person_page.SECTIONS:
    person_page.SECTIONS.append(person_section)
if unit_section not in unit_page.SECTIONS:
    unit_page.SECTIONS.append(unit_section)
