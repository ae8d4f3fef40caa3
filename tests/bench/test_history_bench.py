"""Benchmark: a large office's decade of awards — a 20,000-row award book in ten yearly sheets
(2015–2024) — imported whole (read, match, check, write) in-process, beside a bare read of the
same file with python-calamine, in one run; then the same book again (every line known).

Run with `python3 dev.py bench`. Figures are printed; the test fails only far off (a gross
regression), so a busy machine does not make a benchmark a flaky test.
"""

from __future__ import annotations

import datetime as dt
import random
import time

import python_calamine
from openpyxl import Workbook
from sqlalchemy import func, select

from app.imports import commit_import, read_file
from app.text import fold
from db.models import Award, Decision, OfficeProfile, Person, Unit

YEARS = range(2015, 2025)
PER_SHEET = 2000
PEOPLE = 6000
FAMILY = ["Nguyễn", "Lò", "Vàng", "Giàng", "Sùng", "Tẩn", "Lù", "Phạm", "Hoàng", "Đèo", "Lý", "Chẩu"]
MIDDLE = ["Văn", "Thị", "A", "Láo", "Seo", "Đức", "Minh", "Thanh"]
GIVEN = ["An", "Bình", "Páo", "Dợ", "Long", "Xuân", "Mai", "Hương", "Thanh", "Lở", "Chứ", "Én", "Sử", "Dình"]
COMMUNES = ["Bản Bo", "Bản Giang", "Bản Hon", "Bình Lư", "Giang Ma", "Hồ Thầu", "Khun Há", "Nà Tăm",
            "Nùng Nàng", "Sơn Bình", "Sùng Phài", "Tả Lèng", "Thèn Sin"]
AWARDS = ["LĐTT"] * 6 + ["CSTĐCS", "CSTĐCS", "Giấy khen", "Giấy khen"]  # all the district's to confer


def people() -> list[tuple[str, int, str]]:
    rnd = random.Random(2015)
    seen, out = set(), []
    while len(out) < PEOPLE:
        name = f"{rnd.choice(FAMILY)} {rnd.choice(MIDDLE)} {rnd.choice(GIVEN)} {rnd.choice(GIVEN)}"
        born = rnd.randint(1960, 2000)
        if (name, born) not in seen:
            seen.add((name, born))
            out.append((name, born, rnd.choice(COMMUNES)))
    return out


def build(path) -> None:
    """Ten sheets: half with decision lines over the rows, half with decision columns."""
    rnd = random.Random(20000)
    everyone = people()
    book = Workbook()
    book.remove(book.active)
    for year in YEARS:
        ws = book.create_sheet(f"Năm {year}")
        ws.append(["UBND HUYỆN TAM ĐƯỜNG", None, None, None, None, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"])
        ws.append([f"SỔ THEO DÕI KHEN THƯỞNG NĂM {year}"])
        grouped = year % 2 == 0
        head = ["STT", "Họ và tên", "Năm sinh", "Chức vụ", "Đơn vị công tác", "Danh hiệu, hình thức"]
        ws.append(head if grouped else [*head, "Số quyết định", "Ngày quyết định"])
        chosen = rnd.sample(everyone, PER_SHEET)
        for block in range(4):
            number, on = f"{100 + block}/QĐ-UBND", dt.date(year, 12, 10 + block)
            if grouped:
                ws.append([f"Quyết định số {number} ngày {on:%d/%m/%Y} của Chủ tịch UBND huyện Tam Đường"])
            for i, (name, born, commune) in enumerate(chosen[block::4], start=1):
                row = [i, name, born, "Công chức", f"UBND xã {commune}", rnd.choice(AWARDS)]
                ws.append(row if grouped else [*row, number, on])
    book.save(path)


def timed(fn, repeat: int = 3) -> tuple[float, float]:
    """The best wall-clock and CPU times of a few runs (see test_import_bench)."""
    wall = cpu = float("inf")
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        fn()
        wall = min(wall, time.perf_counter() - start)
        cpu = min(cpu, time.process_time() - start_cpu)
    return wall, cpu


def test_20000_row_award_book(db, tmp_path):
    path = tmp_path / "so-khen-thuong-2015-2024.xlsx"
    build(path)
    with db.session() as s:
        s.add(OfficeProfile(id=1, office_name="Phòng Nội vụ", authority_name="Ủy ban nhân dân huyện Tam Đường", level="huyen",
                            superior_name="UBND tỉnh Lai Châu", place_name="Tam Đường"))
        for n, commune in enumerate(COMMUNES):
            s.add(Unit(code=f"XA{n}", name=f"UBND xã {commune}", short_name=f"Xã {commune}", kind="xa",
                       search_key=fold(commune)))

    def bare_calamine():
        with python_calamine.CalamineWorkbook.from_path(str(path)) as wb:
            for name in wb.sheet_names:
                wb.get_sheet_by_name(name).to_python()

    calamine_s, calamine_cpu = timed(bare_calamine)
    start, start_cpu = time.perf_counter(), time.process_time()
    with db.session() as s:
        preview = read_file(s, path)
    read_s = time.perf_counter() - start
    assert preview.kind == "ledger" and not preview.errors and len(preview.rows) == 20000
    result = commit_import(db, preview, today=dt.date(2025, 3, 1))
    whole_s, whole_cpu = time.perf_counter() - start, time.process_time() - start_cpu
    assert result.committed and result.awards == 20000 and result.decisions_created == 40
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(Award)) == 20000
        assert s.scalar(select(func.count()).select_from(Decision)) == 40
        assert s.scalar(select(func.count()).select_from(Person)) == result.people_created <= PEOPLE
    start = time.perf_counter()
    with db.session() as s:
        again = read_file(s, path)
    again_s = time.perf_counter() - start
    assert again.already_imported is not None and again.as_dict()["rows_known"] == 20000
    print(f"\n20.000 dòng, 10 trang: nhập trọn (đọc, đối chiếu, ghi) {whole_s:.2f} s "
          f"(đọc + đối chiếu {read_s:.2f} s, ghi {whole_s - read_s:.2f} s; {result.people_created} cá nhân); "
          f"calamine đọc trần {calamine_s:.3f} s; đọc lại tệp đã nhập {again_s:.2f} s")
    print(f"tỉ lệ: nhập trọn / calamine = {whole_s / calamine_s:.1f}x; theo thời gian CPU: {whole_cpu:.2f} s / "
          f"{calamine_cpu:.3f} s = {whole_cpu / calamine_cpu:.1f}x")
    assert whole_s < 150 * calamine_s
