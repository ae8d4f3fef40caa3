"""Tham số xét khen thưởng: the numbers the eligibility checks, the due dates and the council
read from the settings table rather than from the catalogue — kept here with their checks.

- `rules.unit_caps`: caps within a unit (tỷ lệ trong đơn vị), award code → {"share", "of",
  "rounding", "basis"}; a code mapped to nothing switches off the catalogue's own cap. The old
  national 15% cap of CSTĐCS is gone; a province may set one (DOMAIN.md), so it is a setting.
- `rules.discipline_months`: how long a disciplinary measure with no end date keeps a person's
  achievement from counting, by measure ({"khien_trach": 6, ...}; the law's values in
  app.rules.base.DISCIPLINE_MONTHS; an older single number applies to every measure) —
  app.rules.common.discipline_end.
- `calendar.holidays`: public holidays the working-day due dates skip (app.dossiers).
- `council.quorum`, `council.default_threshold`: the share of members who must attend, and the
  share of the full membership a title with no threshold of its own needs (app.council).

Saved through app.office.set_setting (ORM writes: the audit trail keeps each change).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.catalog import rule_for
from app.council import DEFAULT_QUORUM, DEFAULT_THRESHOLD
from app.errors import ValidationError
from app.office import get_setting, set_setting
from app.rules.base import DISCIPLINE_MONTHS, DISCIPLINE_NAMES, share_text
from app.text import clean
from app.users import require
from db.models import AwardType

CAPS, DISCIPLINE, HOLIDAYS = "rules.unit_caps", "rules.discipline_months", "calendar.holidays"
QUORUM, THRESHOLD = "council.quorum", "council.default_threshold"
DEFAULT_DISCIPLINE_MONTHS = dict(DISCIPLINE_MONTHS)
ROUNDINGS = {"floor": "Làm tròn xuống", "ceil": "Làm tròn lên", "round": "Làm tròn gần nhất"}
LABELS = {CAPS: "Tỷ lệ khen thưởng trong đơn vị", DISCIPLINE: "Thời gian kỷ luật chưa tính thành tích",
          HOLIDAYS: "Ngày nghỉ lễ, Tết", QUORUM: "Tỷ lệ thành viên Hội đồng dự họp tối thiểu",
          THRESHOLD: "Tỷ lệ phiếu đồng ý khi danh hiệu không quy định riêng"}


@dataclass
class Cap:
    """A cap within a unit: at most `share` of the unit's `of` holders may get `code`."""

    code: str
    share: float
    of: str = "LDTT"
    rounding: str = "floor"
    basis: str = ""


@dataclass
class RuleSettings:
    caps: list[Cap] = field(default_factory=list)
    off: list[str] = field(default_factory=list)  # catalogue caps switched off
    discipline_months: dict[str, int] = field(default_factory=lambda: dict(DEFAULT_DISCIPLINE_MONTHS))
    holidays: list[dt.date] = field(default_factory=list)
    quorum: float = DEFAULT_QUORUM
    default_threshold: float = DEFAULT_THRESHOLD


def catalogue_caps(session: Session, year: int) -> dict[str, dict]:
    """The caps the catalogue's rules in force at the end of `year` carry (before settings)."""
    on = dt.date(year, 12, 31)
    out = {}
    for award in session.scalars(select(AwardType)):
        rule = rule_for(award, on)
        cap = (rule.criteria or {}).get("unit_cap") if rule else None
        if cap:
            out[award.code] = cap
    return out


def _number(value: object, default: float) -> float:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else default


def get_rule_settings(session: Session) -> RuleSettings:
    raw = get_setting(session, CAPS) or {}
    caps = [Cap(code, float(c["share"]), c.get("of", "LDTT"), c.get("rounding", "floor"), c.get("basis", ""))
            for code, c in (raw.items() if isinstance(raw, dict) else []) if c]
    off = [code for code, c in (raw.items() if isinstance(raw, dict) else []) if not c]
    days = get_setting(session, HOLIDAYS) or []
    return RuleSettings(
        caps=caps, off=off, discipline_months=_months(get_setting(session, DISCIPLINE)),
        holidays=sorted(dt.date.fromisoformat(d) for d in days if isinstance(d, str)),
        quorum=_number(get_setting(session, QUORUM), DEFAULT_QUORUM),
        default_threshold=_number(get_setting(session, THRESHOLD), DEFAULT_THRESHOLD))


def _months(raw: object) -> dict[str, int]:
    """Months by measure: a stored dict over the law's values; an older single number for all."""
    months = dict(DEFAULT_DISCIPLINE_MONTHS)
    if isinstance(raw, dict):
        months.update({k: int(v) for k, v in raw.items() if k in months and isinstance(v, (int, float)) and v})
    elif isinstance(raw, (int, float)) and not isinstance(raw, bool) and raw:
        months = {k: int(raw) for k in months}
    return months


_DATE = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$")


def parse_holidays(text: str) -> list[dt.date]:
    """One date per line, day first (`30/04/2025`); what follows the date on a line (a name)
    is ignored; blank lines skipped. A line that is not a date names itself."""
    days = set()
    for number, line in enumerate(text.splitlines(), start=1):
        words = clean(line).split(" ", 1)
        if not words[0]:
            continue
        m = _DATE.match(words[0])
        try:
            if not m:
                raise ValueError
            days.add(dt.date(int(m[3]), int(m[2]), int(m[1])))
        except ValueError:
            raise ValidationError(f"Ngày nghỉ lễ, dòng {number}: “{words[0]}” không phải là một ngày "
                                  "(viết ngày/tháng/năm, ví dụ 30/04/2025).", field="holidays") from None
    return sorted(days)


def _share(value: float, label: str, field_name: str, low: float = 0.0) -> float:
    if not isinstance(value, (int, float)) or not low < value <= 1:
        raise ValidationError(f"«{label}» phải lớn hơn {share_text(low)} và không quá 100%.",
                              field=field_name)
    return round(float(value), 4)


def validate(session: Session, data: RuleSettings) -> RuleSettings:
    """A checked copy, or ValidationError naming the field (`caps:CODE`, `holidays` ...)."""
    codes = {a.code: a.name for a in session.scalars(select(AwardType))}
    caps, seen = [], set()
    for cap in data.caps:
        name = codes.get(cap.code)
        if name is None:
            raise ValidationError(f"Không có danh hiệu mã {cap.code} trong danh mục.", field=f"caps:{cap.code}")
        if cap.code in seen:
            raise ValidationError(f"{name}: giới hạn tỷ lệ ghi hai lần.", field=f"caps:{cap.code}")
        seen.add(cap.code)
        share = _share(cap.share, f"Tỷ lệ tối đa của {name}", f"caps:{cap.code}")
        if cap.of not in codes or cap.of == cap.code:
            raise ValidationError(f"{name}: tỷ lệ phải tính trên một danh hiệu khác trong danh mục.",
                                  field=f"caps:{cap.code}")
        if cap.rounding not in ROUNDINGS:
            raise ValidationError(f"{name}: cách làm tròn không hợp lệ.", field=f"caps:{cap.code}")
        caps.append(Cap(cap.code, share, cap.of, cap.rounding, clean(cap.basis)))
    months = {**DEFAULT_DISCIPLINE_MONTHS, **(data.discipline_months or {})}
    for level, value in months.items():
        if level not in DISCIPLINE_NAMES:
            raise ValidationError(f"Không có hình thức kỷ luật «{level}».", field=f"discipline_months:{level}")
        if not isinstance(value, int) or not 1 <= value <= 120:
            raise ValidationError(f"«{LABELS[DISCIPLINE]}» ({DISCIPLINE_NAMES[level]}) phải từ 1 đến 120 tháng.",
                                  field=f"discipline_months:{level}")
    return RuleSettings(
        caps=caps, off=sorted(set(data.off) - seen), discipline_months=months,
        holidays=sorted(set(data.holidays)),
        quorum=_share(data.quorum, LABELS[QUORUM], "quorum", 0.5),
        default_threshold=_share(data.default_threshold, LABELS[THRESHOLD], "default_threshold"))


def save_rule_settings(session: Session, data: RuleSettings) -> RuleSettings:
    """Check and store; only the settings that changed are written (and so audited)."""
    require(session, "settings")
    checked = validate(session, data)
    caps = {c.code: {"share": c.share, "of": c.of, "rounding": c.rounding,
                     **({"basis": c.basis} if c.basis else {})} for c in checked.caps}
    caps.update({code: None for code in checked.off})
    values = {CAPS: caps, DISCIPLINE: checked.discipline_months,
              HOLIDAYS: [d.isoformat() for d in checked.holidays],
              QUORUM: checked.quorum, THRESHOLD: checked.default_threshold}
    defaults = {CAPS: {}, DISCIPLINE: DEFAULT_DISCIPLINE_MONTHS, HOLIDAYS: [], QUORUM: DEFAULT_QUORUM,
                THRESHOLD: DEFAULT_THRESHOLD}
    for key, value in values.items():
        if get_setting(session, key, defaults[key]) != value:  # a default left alone is not written
            set_setting(session, key, value)
    return checked
