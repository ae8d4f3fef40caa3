"""Sáng kiến trong danh sách xếp loại: an initiative as a unit writes it in its own layout —
its title, the recognising decision (`215/QĐ-SGDĐT`, with or without a date and the body that
signed it), its scope (cơ sở, tỉnh, bộ/ngành, toàn quốc) — read from whichever of its columns
the list has, and from one cell holding several of them (`Cấp tỉnh, 215/QĐ-SGDĐT`,
`Sấy chè (QĐ 77/QĐ-UBND ngày 02/03/2026)`).

Nothing the cells say is dropped silently: what cannot be read, or has no initiative to belong
to, is a warning naming its cell.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

from app.excel.cells import parse_birth, text
from app.text import clean, fold

# A decision's number and symbol: `215/QĐ-SGDĐT`, `08/QĐ-UBND`, `12a/QĐ-HĐSK`, `1234/2025/QĐ-BYT`.
DECISION = re.compile(r"(?<![\w/])\d+[a-zA-Z]?\s*/\s*(?:\d{4}\s*/\s*)?[A-ZĐa-zđ][\wĐđ.&-]*(?:-[\wĐđ.&]+)*")
_DATE = re.compile(r"(?<![\d/])(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})(?![\d/])")
# A scope in a cell of its own: `Tỉnh`, `Cấp cơ sở`, `Toàn quốc`, `Huyện` (cơ sở before 2025).
_SCOPE_CELL = ((r"\b(?:toan quoc|quoc gia|trung uong)\b", "toan_quoc"), (r"\btinh\b", "tinh"),
               (r"\b(?:bo|nganh|bo nganh)\b", "bo"),
               (r"\b(?:co so|huyen|xa|phuong|thi tran|don vi|truong|thanh pho|quan)\b", "co_so"))
# A scope inside another text: only when said as a level (`cấp tỉnh`, `phạm vi toàn quốc`), so
# that `... tỉnh Lai Châu` in a title says nothing.
_SCOPE_SAID = re.compile(r"\b(?:cap|pham vi|anh huong)\s+(toan quoc|tinh|bo|nganh|co so|huyen|xa)\b"
                         r"|\b(toan quoc)\b")
_SCOPE_WORD = {"toan quoc": "toan_quoc", "tinh": "tinh", "bo": "bo", "nganh": "bo", "co so": "co_so",
               "huyen": "co_so", "xa": "co_so"}
SCOPE_LABELS = {"co_so": "cấp cơ sở", "tinh": "cấp tỉnh", "bo": "cấp bộ, ngành", "toan_quoc": "toàn quốc"}
NOTHING = {"", "-", "x", "0", "khong", "khong co", "chua co", "chua"}


def scope_of_cell(value: str) -> str | None:
    key = fold(value)
    for pattern, code in _SCOPE_CELL:
        if re.search(pattern, key):
            return code
    return None


def scope_in(value: str) -> str | None:
    m = _SCOPE_SAID.search(fold(value))
    return _SCOPE_WORD[m.group(1) or m.group(2)] if m else None


def _date_in(value: str) -> dt.date | None:
    m = _DATE.search(value)
    if not m:
        return None
    try:
        return dt.date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
    except ValueError:
        return None


def _body_in(value: str, after: int) -> str:
    """`... 215/QĐ-SGDĐT của Sở Giáo dục và Đào tạo ngày ...`: the body that signed it."""
    m = re.search(r"\b(?:của|do)\s+(.+?)\s*(?:[,;)]|\bngày\b|$)", value[after:], re.I)
    return clean(m.group(1)) if m else ""


def _title_before(value: str, start: int) -> str:
    """The initiative's own title in a cell that goes on with its decision and scope."""
    head = value[:start]
    head = re.sub(r"[\s,;:(\[–-]*(?:(?:đã được|được|theo)\s+)?(?:công nhận\s+)?(?:tại\s+)?"
                  r"(?:quyết định|qđ|qd)?\s*(?:công nhận\s+|cn\s+)?(?:số\s*)?[:.]?\s*$", "", head, flags=re.I)
    head = re.sub(r"[\s,;(]*(?:cấp|phạm vi)\s+(?:cơ sở|tỉnh|bộ|ngành|toàn quốc)\s*[,;)]*\s*$", "", head,
                  flags=re.I)
    return clean(head).strip(" ,;:-–(")


def read_initiative(n, raw: Callable[[str], object], ref: Callable[[str], str],
                    add: Callable[[str, str, str], None]) -> None:
    """Fill `n.initiative*` from the row's initiative columns. `raw(field)` is a cell's value
    (None when the list has no such column), `ref(field)` its address, `add(code, message,
    field)` reports a problem on that field's cell."""
    title = text(raw("initiative"))
    decision_cell = text(raw("initiative_decision"))
    scope_cell = text(raw("initiative_scope"))
    body = text(raw("initiative_body"))
    if fold(decision_cell) in NOTHING:
        decision_cell = ""
    if fold(scope_cell) in NOTHING:
        scope_cell = ""
    if fold(title) in NOTHING:
        title = ""
    decision, day, scope_said, where = "", None, None, ""
    if decision_cell:
        m = DECISION.search(decision_cell)
        if m:
            decision = re.sub(r"\s+", "", m.group(0))
            day = _date_in(decision_cell[m.end():]) or _date_in(decision_cell)
            body = body or _body_in(decision_cell, m.end())
        else:
            add("initiative_decision_unreadable", f"Ô {ref('initiative_decision')} «{decision_cell[:60]}» không "
                "ghi số quyết định công nhận sáng kiến (ví dụ 215/QĐ-SGDĐT); sáng kiến được ghi là mới khai, "
                "chưa có quyết định công nhận.", "initiative_decision")
        scope_said = scope_in(decision_cell)
        where = "initiative_decision"
    if title and (m := DECISION.search(title)):
        # One cell for all: `Sấy chè bằng năng lượng mặt trời (QĐ 77/QĐ-UBND, cấp tỉnh)`.
        found = re.sub(r"\s+", "", m.group(0))
        if not decision:
            decision = found
            day = day or _date_in(title[m.end():])
            body = body or _body_in(title, m.end())
        own = _title_before(title, m.start())
        scope_said = scope_said or scope_in(title[len(own):])
        add("initiative_split", f"Ô {ref('initiative')}: đọc tên sáng kiến «{own or '(trống)'}», quyết định công "
            f"nhận {found}" + (f" ngày {day:%d/%m/%Y}" if day else "")
            + (f", {SCOPE_LABELS[scope_said]}" if scope_said else "") + "; kiểm tra lại.", "initiative")
        title = own
    if (dcol := raw("initiative_date")) is not None and text(dcol):
        got = parse_birth(dcol)
        if got.date is None:
            add("initiative_date_invalid", f"Ô {ref('initiative_date')} «{text(dcol)}» không phải ngày "
                "(ngày/tháng/năm); ngày quyết định công nhận sáng kiến không được ghi.", "initiative_date")
        else:
            day = got.date
    scope = None
    if scope_cell:
        scope = scope_of_cell(scope_cell)
        if scope is None:
            add("initiative_scope_unknown", f"Ô {ref('initiative_scope')}: phạm vi sáng kiến «{scope_cell[:40]}» "
                "không rõ (cơ sở, tỉnh, bộ/ngành, toàn quốc); ghi là cấp cơ sở, hãy sửa trên trang của người.",
                "initiative_scope")
        elif scope_said and scope_said != scope:
            add("initiative_scope_conflict", f"Ô {ref('initiative_scope')} ghi {SCOPE_LABELS[scope]} nhưng ô "
                f"{ref(where or 'initiative')} ghi {SCOPE_LABELS[scope_said]}; dùng {SCOPE_LABELS[scope]}.",
                "initiative_scope")
    n.initiative = title
    n.initiative_decision = decision
    n.initiative_date = day
    n.initiative_body = body[:200]
    n.initiative_scope = scope or scope_said or "co_so"
    if not title and (decision or scope_cell or body or day):
        said = ", ".join(x for x in (decision and f"quyết định {decision}",
                                     scope_cell and f"phạm vi «{scope_cell}»", body) if x)
        add("initiative_title_missing", f"Dòng {n.row} ghi sáng kiến ({said}) nhưng không có tên sáng kiến; "
            "không ghi được. Hãy thêm tên sáng kiến vào tệp hoặc nhập trên trang của người.",
            where or ("initiative_scope" if scope_cell else "initiative"))
