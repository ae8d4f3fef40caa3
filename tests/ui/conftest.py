"""GUI test fixtures: a small office built row by row (two years of blocs, movements, dues,
dossiers and a ledger with Vietnamese and ethnic-minority names), and an inline op runner so
background loads happen at once."""

from __future__ import annotations

import datetime as dt

import pytest

from app.awards import award_search_key
from app.office import OfficeProfileData, save_profile
from app.text import fold
from db.models import (
    Award,
    AwardType,
    Bloc,
    BlocMember,
    Dossier,
    Movement,
    Nominee,
    Submission,
    SubmissionDue,
    Unit,
)

D = dt.date
UNITS = [
    ("TT", "UBND thị trấn Tam Đường", "township"),
    ("BB", "UBND xã Bản Bo", "commune"),
    ("KH", "UBND xã Khun Há", "commune"),
    ("NV", "Phòng Nội vụ", "agency"),
    ("GD", "Phòng Giáo dục và Đào tạo", "agency"),
]
PEOPLE = ["Nguyễn Văn An", "Nguyễn Văn Đức", "Lò Thị Mai", "Sùng Lử Páo", "Tẩn Láo Lở",
          "Đặng Thị Hồng", "Lê Văn Đăng", "Vàng A Sử"]


def build_office(db) -> None:
    with db.session() as s:
        save_profile(s, OfficeProfileData(
            office_name="Phòng Nội vụ", authority_name="Ủy ban nhân dân huyện Tam Đường", level="huyen",
            superior_name="UBND tỉnh Lai Châu", province="Lai Châu", place_name="Tam Đường",
            signer_name="Sùng Lử Páo"))
        units = []
        for order, (code, name, kind) in enumerate(UNITS):
            unit = Unit(code=code, name=name, kind=kind, sort_order=order, search_key=fold(name))
            s.add(unit)
            units.append(unit)
        s.flush()
        heads = {2024: (units[1], units[2]), 2025: (units[0], units[1])}
        for year, (head, deputy) in heads.items():
            bloc = Bloc(year=year, name="Khối các xã, thị trấn", head_unit_id=head.id,
                        deputy_unit_id=deputy.id)
            s.add(bloc)
            s.flush()
            s.add_all([BlocMember(bloc_id=bloc.id, unit_id=u.id) for u in units[:3]])
            agencies = Bloc(year=year, name="Khối các cơ quan chuyên môn", head_unit_id=units[3].id,
                            deputy_unit_id=units[4].id)
            s.add(agencies)
            s.flush()
            s.add_all([BlocMember(bloc_id=agencies.id, unit_id=u.id) for u in units[3:]])
        s.add_all([
            Movement(name="Lai Châu chung sức xây dựng nông thôn mới", launched_by="UBND tỉnh Lai Châu",
                     level="tinh", kind="regular", start_date=D(2021, 1, 1), status="running"),
            Movement(name="Chung tay xóa nhà tạm, nhà dột nát trên địa bàn huyện Tam Đường trong năm 2025",
                     launched_by="UBND huyện Tam Đường", level="huyen", kind="thematic",
                     start_date=D(2025, 1, 1), end_date=D(2025, 12, 31), status="running",
                     doc_number="15/KH-UBND", doc_date=D(2025, 1, 20)),
        ])
        s.add_all([
            SubmissionDue(year=2025, kind="registration", title="Đăng ký thi đua", due_on=D(2025, 2, 15)),
            SubmissionDue(year=2025, kind="report_year", title="Báo cáo tổng kết", due_on=D(2025, 12, 10)),
        ])
        s.add(Submission(unit_id=units[1].id, year=2025, kind="registration", received_on=D(2025, 2, 3)))
        types = {t.code: t for t in s.query(AwardType)}
        lđtt = next(t for t in types.values() if t.short_name == "LĐTT" or "tiên tiến" in t.name)
        giay_khen = next(t for t in types.values() if t.name.startswith("Giấy khen"))
        for n, (unit, status) in enumerate(zip(units, ["received", "appraising", "decided", "returned", "voted"],
                                               strict=True), start=1):
            dossier = Dossier(year=2025, number=f"HS-2025-{n:04d}", unit_id=unit.id,
                              received_on=D(2025, 11, n), category="regular", status=status,
                              title=f"Đề nghị khen thưởng năm 2025 của {unit.name}")
            s.add(dossier)
            s.flush()
            s.add(Nominee(dossier_id=dossier.id, seq=1, subject="individual", name=PEOPLE[n],
                          award_type_id=lđtt.id))
        for i, name in enumerate(PEOPLE):
            for year in (2023, 2024, 2025):
                unit = units[i % len(units)]
                award = giay_khen if (i + year) % 3 == 0 else lđtt
                number = f"{100 + i}/QĐ-UBND"
                s.add(Award(subject="individual", recipient_name=name, unit_text=unit.name,
                            award_type_id=award.id, year=year, kind="regular",
                            decision_number=number, decision_date=D(year, 12, 20),
                            issuer="UBND huyện Tam Đường", revoked=(name == "Vàng A Sử" and year == 2024),
                            search_key=award_search_key(name, unit.name, award.name, number)))


@pytest.fixture
def office_db(db):
    build_office(db)
    return db


@pytest.fixture
def ops(qtbot):
    from ui.ops import Ops

    return Ops(inline=True)


@pytest.fixture
def window(qtbot, office_db, ops):
    """The main window on the small hand-built office."""
    from ui.main_window import MainWindow

    win = MainWindow(office_db, ops)
    qtbot.addWidget(win)
    win.show()
    return win


@pytest.fixture
def demo_window(qtbot, demo_db, ops):
    """The main window on the demo office (Tam Đường), as a clerk first sees it."""
    from ui.main_window import MainWindow

    win = MainWindow(demo_db, ops)
    qtbot.addWidget(win)
    win.resize(1366, 768)
    win.show()
    return win
