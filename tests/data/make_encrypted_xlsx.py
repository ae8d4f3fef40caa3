"""Makes tests/data/mat-khau.xlsx: a small list saved with a password (“tdkt”), as Excel's
“Encrypt with Password” does (OOXML agile encryption in an OLE container).

Run once by hand (`pip install msoffcrypto-tool openpyxl`); the result is committed, so the
tests need neither package.
"""

import io
from pathlib import Path

import msoffcrypto.format.ooxml
from openpyxl import Workbook

book = Workbook()
ws = book.active
ws.title = "Danh sach"
ws.append(["STT", "Họ và tên", "Năm sinh"])
ws.append([1, "Nguyễn Văn An", 1980])
plain = io.BytesIO()
book.save(plain)
plain.seek(0)
target = Path(__file__).with_name("mat-khau.xlsx")
with open(target, "wb") as out:
    msoffcrypto.format.ooxml.OOXMLFile(plain).encrypt("tdkt", out)
print(target, target.stat().st_size)
