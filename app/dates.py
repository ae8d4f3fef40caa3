"""The date a printed form carries (ngày ban hành ghi trên văn bản), and the day a year's
figures are counted to.

A form carries the date of its event — the decision's signing, the council's meeting, the
notice's first day, the tờ trình's date — or the date the clerk picks (`tdkt print --date`,
the date field of the print preview). Without either it carries today, but never a day after
the year it is about: a 2025 report printed in March 2026 is dated 31/12/2025 unless the clerk
chooses otherwise. No form of a past year is dated by the computer's clock.
"""

from __future__ import annotations

import datetime as dt

from app.errors import UserError


def clock() -> dt.date:
    """The computer's day (one place to read it: tests set another)."""
    return dt.date.today()


def year_end(year: int) -> dt.date:
    return dt.date(year, 12, 31)


def form_date(year: int | None, *, event: dt.date | None = None, chosen: dt.date | None = None,
              today: dt.date | None = None) -> dt.date:
    """The clerk's date, else the event's, else today — held to the end of `year`."""
    if chosen is not None:
        return chosen
    if event is not None:
        return event
    day = today or clock()
    return min(day, year_end(year)) if year is not None else day


def as_of(year: int, today: dt.date | None = None) -> dt.date:
    """The day a year's figures or overdue items are counted to: today, or the year's last
    day once the year has ended ("chưa hoàn thành trong năm", not "quá hạn 647 ngày")."""
    return form_date(year, today=today)


def refuse_other_date(chosen: dt.date | None, own: dt.date, what: str) -> None:
    """A signed decision and its certificates carry the signing date only."""
    if chosen is not None and chosen != own:
        raise UserError(f"{what} mang ngày ký {own:%d/%m/%Y}; không in với ngày khác "
                        f"({chosen:%d/%m/%Y}).")


def parse_form_date(text: str) -> dt.date:
    """`05/12/2025` (also `5/12/2025`, `2025-12-05`) → date; UserError in Vietnamese."""
    text = (text or "").strip()
    for fmt in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise UserError(f"Ngày «{text}» không hợp lệ: hãy ghi theo dạng ngày/tháng/năm, ví dụ 05/12/2025.")


__all__ = ["as_of", "clock", "form_date", "parse_form_date", "refuse_other_date", "year_end"]
