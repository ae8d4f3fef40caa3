"""Issue 18, «Workbooks that exhaust the machine»: a sheet whose declared or real range is beyond
the limits (rows, columns, cells, unpacked bytes; settings with safe defaults) is refused in one
line naming its size, before the reader builds it: the process never aborts, nothing is stored.
(Memory for refusing is measured in tests/bench/test_workbook_bounds_bench.py.)"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from hostile_kit import (  # noqa: E402
    assert_clean,
    corner_xls,
    corner_xlsx,
    long_xlsx,
    rows,
    run_tdkt,
    snapshot,
    wide_ods,
)


def test_huge_sheets_are_refused_by_their_size_and_nothing_is_stored(office, tmp_path):
    hostile = {
        corner_xlsx(tmp_path / "o-cuoi.xlsx"): "16.384 cột",  # aborted the process (exit 134)
        corner_xlsx(tmp_path / "xfd3000.xlsx", "XFD3000"): "3.000 dòng × 16.384 cột",  # 1.6 GB
        long_xlsx(tmp_path / "trieu-dong.xlsx", 1_000_000): "hơn 200.000 dòng",  # imported whole
        wide_ods(tmp_path / "lap-cot.ods"): "16.384 cột",  # 6 GB, 30 s
        corner_xls(tmp_path / "o-cuoi.xls"): "65.536 dòng × 256 cột",  # 1 GB
    }
    people = rows(office, "people")
    before = snapshot(office.parent)
    for path, size in hostile.items():
        for command in (["import", path], ["import", path, "--dry-run"], ["unit", "import", path]):
            result = run_tdkt(*command, "--db", office)
            assert result.returncode == 2, (command, result.returncode, result.stderr[-500:])
            line = assert_clean(result, 2)
            assert "quá lớn" in line and size in line and "Danh sach" in line, (command, line)
    assert rows(office, "people") == people
    assert snapshot(office.parent) == before  # no backup "before importing" either


def test_the_limits_are_an_office_setting(office, tmp_path):
    from app.database import open_database
    from app.office import set_setting

    db = open_database(office)
    with db.session() as session:
        set_setting(session, "import.limits", {"rows": 50})
    db.dispose()
    result = run_tdkt("import", long_xlsx(tmp_path / "sau-muoi.xlsx", 60), "--dry-run", "--db", office)
    line = assert_clean(result, 2)
    assert "giới hạn 50 dòng" in line, line
