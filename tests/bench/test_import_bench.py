"""Benchmark: a 5,000-row award proposal list, imported whole (read, check, write) in-process,
against a bare read of the same file with python-calamine and with openpyxl read-only.

Run with `python3 dev.py bench`. The goal (issues 3 and 19): the whole import within 10x of the
bare calamine read, measured in-process and whole-process (`tdkt import` as a clerk runs it,
against a process that only reads the file with calamine; both pay the interpreter's start). Figures are printed, in wall-clock time and in CPU time of this process (on a
busy machine the wall clock counts other programs' turns too; the CPU ratio is the steadier
figure). The test fails only far off the goal (100x, a gross regression), so a busy machine
does not turn a benchmark into a flaky test.

The names are real-looking and distinct (family, middle and two given names, each with its own
birth year): numbered names (`Lò Văn An 17`) would each raise a `name_suspicious` warning,
5,000 warnings no real list carries, stored with every nominee.
"""

from __future__ import annotations

import datetime as dt
import random
import resource
import subprocess
import sys
import time

import python_calamine
from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select

from app.database import open_database
from app.imports import commit_import, read_file
from app.text import fold
from db.models import Nominee, Person, Unit
from tests.conftest import _copy_db

ROWS = 5000
FAMILY = ["Nguyễn", "Lò", "Vàng", "Giàng", "Sùng", "Tẩn", "Lù", "Phạm", "Hoàng", "Đèo"]
MIDDLE = ["Văn", "Thị", "A", "Láo", "Seo", "Đức", "Minh"]
GIVEN = ["An", "Bình", "Páo", "Dợ", "Long", "Xuân", "Mai", "Hương", "Thanh", "Lở", "Chứ", "Én"]
ETHNIC = ["Kinh", "Thái", "Mông", "Dao", "Giáy", "Hà Nhì"]


def build(path) -> None:
    rnd = random.Random(5000)
    seen: set[tuple[str, int]] = set()
    book = Workbook()
    ws = book.active
    ws.title = "Danh sach"
    ws.append(["UBND XÃ BẢN BO", None, None, None, None, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"])
    ws.append([None])
    ws.append(["DANH SÁCH ĐỀ NGHỊ CÔNG NHẬN DANH HIỆU LAO ĐỘNG TIÊN TIẾN NĂM 2025"])
    ws.append(["STT", "Họ và tên", "Năm sinh", None, "Dân tộc", "Chức vụ", "Đơn vị công tác",
               "Mức độ hoàn thành nhiệm vụ", "Ghi chú"])
    ws.append([None, None, "Nam", "Nữ"])
    ws.merge_cells("C4:D4")
    for i in range(1, ROWS + 1):
        female = rnd.random() < 0.45
        while True:
            name = f"{rnd.choice(FAMILY)} {'Thị' if female else rnd.choice(MIDDLE)} {rnd.choice(GIVEN)} {rnd.choice(GIVEN)}"
            year = rnd.randint(1960, 2000)
            if (name, year) not in seen:
                seen.add((name, year))
                break
        born = rnd.choice([year, f"{rnd.randint(1, 28):02d}/{rnd.randint(1, 12):02d}/{year}"])
        ws.append([i, name, None if female else born, born if female else None, rnd.choice(ETHNIC),
                   "Công chức", "UBND xã Bản Bo", rnd.choice(["HTTNV", "HTXSNV"]), None])
    book.save(path)


def timed(fn, repeat: int = 3) -> tuple[float, float]:
    """The best wall-clock and CPU times of a few runs."""
    wall = cpu = float("inf")
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        fn()
        wall = min(wall, time.perf_counter() - start)
        cpu = min(cpu, time.process_time() - start_cpu)
    return wall, cpu


def test_5000_row_import(db, tmp_path):
    path = tmp_path / "ds-5000.xlsx"
    build(path)
    with db.session() as s:
        s.add(Unit(code="XA_BAN_BO", name="UBND xã Bản Bo", kind="commune", search_key=fold("UBND xã Bản Bo")))
    template = _copy_db(db.path, tmp_path / "template.db")

    def bare_calamine():
        with python_calamine.CalamineWorkbook.from_path(str(path)) as wb:
            wb.get_sheet_by_index(0).to_python()

    def bare_openpyxl():
        wb = load_workbook(path, read_only=True)
        for _row in wb.active.iter_rows(values_only=True):
            pass
        wb.close()

    def preview_only():
        with db.session() as s:
            read_file(s, path)

    calamine_s, calamine_cpu = timed(bare_calamine)
    openpyxl_s, _ = timed(bare_openpyxl, repeat=2)
    preview_s, _ = timed(preview_only)
    # The whole import three times, each into a fresh copy of the data file; the best run counts
    # (the first also pays for loading modules and compiling statements once per program).
    runs = []
    for n in range(3):
        target = open_database(_copy_db(template, tmp_path / f"run{n}.db"))
        start, start_cpu = time.perf_counter(), time.process_time()
        with target.session() as s:
            preview = read_file(s, path)
        read_s = time.perf_counter() - start
        result = commit_import(target, preview, today=dt.date(2025, 12, 5))
        runs.append((time.perf_counter() - start, time.process_time() - start_cpu, read_s))
        assert result.committed and result.nominees == ROWS and result.people_created == ROWS
        with target.session() as s:
            assert s.scalar(select(func.count()).select_from(Nominee)) == ROWS
            assert s.scalar(select(func.count()).select_from(Person)) == ROWS
        target.dispose()
    whole_s, _cpu, read_s = min(runs)
    whole_cpu = min(r[1] for r in runs)
    print(f"\n5.000 dòng: nhập trọn (đọc, kiểm tra, ghi) {whole_s:.3f} s (lần đầu {runs[0][0]:.3f} s); "
          f"chỉ đọc + kiểm tra {preview_s:.3f} s; calamine đọc trần {calamine_s:.3f} s; openpyxl read-only "
          f"{openpyxl_s:.3f} s; (lần nhập: đọc {read_s:.3f} s, ghi {whole_s - read_s:.3f} s)")
    print(f"tỉ lệ: nhập trọn / calamine = {whole_s / calamine_s:.1f}x; "
          f"nhập trọn / openpyxl = {whole_s / openpyxl_s:.2f}x; theo thời gian CPU: nhập trọn {whole_cpu:.3f} s / "
          f"calamine {calamine_cpu:.3f} s = {whole_cpu / calamine_cpu:.1f}x")
    assert whole_s < 100 * calamine_s


def _process(args: list[str]) -> tuple[float, float]:
    """Wall-clock and CPU time (user + system) of one child process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(args, check=True, capture_output=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def test_5000_row_import_whole_process(db, tmp_path):
    """The same list imported as a clerk runs it (`tdkt import FILE`: start, open the data file,
    back it up, read, check, write, report) against a process that only reads it with calamine."""
    path = tmp_path / "ds-5000.xlsx"
    build(path)
    with db.session() as s:
        s.add(Unit(code="XA_BAN_BO", name="UBND xã Bản Bo", kind="commune", search_key=fold("UBND xã Bản Bo")))
    db.dispose()
    bare = [sys.executable, "-c", "import sys, python_calamine\nwith python_calamine.CalamineWorkbook.from_path("
            "sys.argv[1]) as wb: wb.get_sheet_by_index(0).to_python()", str(path)]
    calamine_runs = [_process(bare) for _ in range(3)]
    start_runs = [_process([sys.executable, "-m", "app", "--help"]) for _ in range(2)]
    import_runs = []
    for n in range(3):
        target = _copy_db(db.path, tmp_path / f"whole{n}.db")
        import_runs.append(_process([sys.executable, "-m", "app", "import", str(path), "--db", str(target)]))
        with open_database(target).session() as s:
            assert s.scalar(select(func.count()).select_from(Nominee)) == ROWS
    (cal_wall, cal_cpu), (start_wall, start_cpu) = min(calamine_runs), min(start_runs)
    imp_wall, imp_cpu = min(r[0] for r in import_runs), min(r[1] for r in import_runs)
    print(f"\n5.000 dòng, cả tiến trình: `tdkt import` {imp_wall:.3f} s (CPU {imp_cpu:.3f} s); tiến trình chỉ đọc "
          f"bằng calamine {cal_wall:.3f} s (CPU {cal_cpu:.3f} s); riêng khởi động `tdkt --help` {start_wall:.3f} s "
          f"(CPU {start_cpu:.3f} s)")
    print(f"tỉ lệ cả tiến trình: {imp_wall / cal_wall:.1f}x theo đồng hồ, {imp_cpu / cal_cpu:.1f}x theo CPU; "
          f"trừ khởi động: {(imp_cpu - start_cpu) / cal_cpu:.1f}x theo CPU")
    assert imp_wall < 200 * cal_wall
