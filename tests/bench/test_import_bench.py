"""Benchmark: a 5,000-row award proposal list, imported whole (read, check, write) in-process,
against a bare read of the same file with python-calamine and with openpyxl read-only.

Run with `python3 dev.py bench`. The goal (issue 3): the whole import within 10x of the bare
calamine read. Figures are printed; the test fails only far off the goal (100x, a gross regression), so a busy
machine does not turn a benchmark into a flaky test.
"""

from __future__ import annotations

import datetime as dt
import random
import time

import python_calamine
from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select

from app.imports import commit_import, read_file
from app.text import fold
from db.models import Nominee, Person, Unit

ROWS = 5000
FAMILY = ["Nguyễn", "Lò", "Vàng", "Giàng", "Sùng", "Tẩn", "Lù", "Phạm", "Hoàng", "Đèo"]
MIDDLE = ["Văn", "Thị", "A", "Láo", "Seo", "Đức", "Minh"]
GIVEN = ["An", "Bình", "Páo", "Dợ", "Long", "Xuân", "Mai", "Hương", "Thanh", "Lở", "Chứ", "Én"]
ETHNIC = ["Kinh", "Thái", "Mông", "Dao", "Giáy", "Hà Nhì"]


def build(path) -> None:
    rnd = random.Random(5000)
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
        name = f"{rnd.choice(FAMILY)} {'Thị' if female else rnd.choice(MIDDLE)} {rnd.choice(GIVEN)} {i}"
        born = rnd.choice([rnd.randint(1960, 2000), f"{rnd.randint(1, 28):02d}/{rnd.randint(1, 12):02d}/{rnd.randint(1960, 2000)}"])
        ws.append([i, name, None if female else born, born if female else None, rnd.choice(ETHNIC),
                   "Công chức", "UBND xã Bản Bo", rnd.choice(["HTTNV", "HTXSNV"]), None])
    book.save(path)


def timed(fn, repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def test_5000_row_import(db, tmp_path):
    path = tmp_path / "ds-5000.xlsx"
    build(path)
    with db.session() as s:
        s.add(Unit(code="XA_BAN_BO", name="UBND xã Bản Bo", kind="commune", search_key=fold("UBND xã Bản Bo")))

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

    calamine_s = timed(bare_calamine)
    openpyxl_s = timed(bare_openpyxl, repeat=2)
    preview_s = timed(preview_only)
    start = time.perf_counter()
    with db.session() as s:
        preview = read_file(s, path)
    read_s = time.perf_counter() - start
    result = commit_import(db, preview, today=dt.date(2025, 12, 5))
    whole_s = time.perf_counter() - start
    assert result.committed and result.nominees == ROWS and result.people_created == ROWS
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(Nominee)) == ROWS
        assert s.scalar(select(func.count()).select_from(Person)) == ROWS
    print(f"\n5.000 dòng: nhập trọn (đọc, kiểm tra, ghi) {whole_s:.3f} s; chỉ đọc + kiểm tra {preview_s:.3f} s; "
          f"calamine đọc trần {calamine_s:.3f} s; openpyxl read-only {openpyxl_s:.3f} s; "
          f"(lần nhập: đọc {read_s:.3f} s, ghi {whole_s - read_s:.3f} s)")
    print(f"tỉ lệ: nhập trọn / calamine = {whole_s / calamine_s:.1f}x; "
          f"nhập trọn / openpyxl = {whole_s / openpyxl_s:.2f}x")
    assert whole_s < 100 * calamine_s
