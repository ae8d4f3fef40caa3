"""Tester's report t18, severe 3: a 3 KB workbook with one cell of a megabyte of text hung the
import (and a 307 KB one with a 300 MB cell took 2.2 GB). A cell over Excel's own limit of
32,767 characters is refused before the reader builds it, in one line naming the cell; a cell
at the limit, in Vietnamese written as character references, is read as usual."""

from __future__ import annotations

import sys
import zipfile
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from hostile_kit import assert_clean, run_tdkt, snapshot  # noqa: E402

from app.errors import FileProblem  # noqa: E402
from app.excel.bounds import check_workbook  # noqa: E402

NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
CT = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
      'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
      'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName='
      '"/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.'
      'main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxml'
      'formats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" '
      'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>')
RELS = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
        'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
        'officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>')
BOOK = (f'<?xml version="1.0" encoding="UTF-8"?><workbook {NS} xmlns:r="http://schemas.openxmlformats.org/'
        'officeDocument/2006/relationships"><sheets><sheet name="Danh sach" sheetId="1" r:id="rId1"/>'
        '</sheets></workbook>')
BOOK_RELS = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
             'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
             'officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship '
             'Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
             'sharedStrings" Target="sharedStrings.xml"/></Relationships>')


def workbook(path: Path, name_cell: str, *, shared: bool = True, award: bool = True) -> Path:
    """A list with one person whose name (B5) is `name_cell`: as a shared string or inline."""
    strings = ["STT", "Họ và tên", "Danh hiệu", "Lao động tiên tiến"]
    if shared:
        strings.append(name_cell)
        b5 = f'<c r="B5" t="s"><v>{len(strings) - 1}</v></c>'
    else:
        b5 = f'<c r="B5" t="inlineStr"><is><t>{name_cell}</t></is></c>'
    award_cell = '<c r="C5" t="s"><v>3</v></c>' if award else ""
    sheet = (f'<?xml version="1.0" encoding="UTF-8"?><worksheet {NS}><sheetData>'
             '<row r="4"><c r="A4" t="s"><v>0</v></c><c r="B4" t="s"><v>1</v></c><c r="C4" t="s"><v>2</v></c>'
             f'</row><row r="5"><c r="A5"><v>1</v></c>{b5}{award_cell}</row></sheetData></worksheet>')
    sst = (f'<?xml version="1.0" encoding="UTF-8"?><sst {NS} count="{len(strings)}" uniqueCount="{len(strings)}">'
           + "".join(f"<si><t>{s}</t></si>" for s in strings) + "</sst>")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", CT)
        zf.writestr("_rels/.rels", RELS)
        zf.writestr("xl/workbook.xml", BOOK)
        zf.writestr("xl/_rels/workbook.xml.rels", BOOK_RELS)
        zf.writestr("xl/worksheets/sheet1.xml", sheet)
        zf.writestr("xl/sharedStrings.xml", sst)
    return path


@pytest.mark.parametrize("shared", [True, False], ids=["shared-string", "inline-string"])
def test_a_megabyte_cell_is_refused_naming_the_cell(tmp_path, shared):
    path = workbook(tmp_path / "o-1mb.xlsx", "A" * 1_048_576, shared=shared)
    assert path.stat().st_size < 10_000  # a few KB on disk
    with pytest.raises(FileProblem) as refused:
        check_workbook(path, "xlsx")
    assert refused.value.message == ("Tệp o-1mb.xlsx, trang “Danh sach”: Ô B5 dài 1.048.576 ký tự, quá giới "
                                     "hạn 32.767 ký tự của Excel; không đọc tệp này.")


def test_text_spanning_many_blocks_is_counted_whole(tmp_path):
    path = workbook(tmp_path / "o-5mb.xlsx", "Ơ" * 2_600_000, shared=False)  # 2 bytes a letter
    with pytest.raises(FileProblem, match="Ô B5 dài 2.600.000 ký tự"):
        check_workbook(path, "xlsx")


def test_vietnamese_at_the_limit_written_as_references_is_read(tmp_path):
    text = "&#7885;" * 32_767  # "ọ" as openpyxl writes it: 7 bytes, one character
    check_workbook(workbook(tmp_path / "dung-gioi-han.xlsx", text, shared=False), "xlsx")
    with pytest.raises(FileProblem, match="Ô B5 dài 32.768 ký tự"):
        check_workbook(workbook(tmp_path / "qua-1.xlsx", text + "a", shared=False), "xlsx")


def test_import_refuses_the_huge_cell_in_one_line_and_stores_nothing(office, tmp_path):
    path = workbook(tmp_path / "cellkb1024.xlsx", "A" * 1_048_576, award=False)
    before = snapshot(office.parent)
    result = run_tdkt("import", path, "--year", "2025", "--dry-run", "--db", office, timeout=120)
    line = assert_clean(result)
    assert result.returncode != 0
    assert line == ("cellkb1024.xlsx: không đọc được — Tệp cellkb1024.xlsx, trang “Danh sach”: Ô B5 dài "
                    "1.048.576 ký tự, quá giới hạn 32.767 ký tự của Excel; không đọc tệp này.")
    assert "1.048.576" not in result.stdout  # said once, not on both stdout and stderr
    assert snapshot(office.parent) == before
