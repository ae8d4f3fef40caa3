"""What every eligibility check returns: reasons with the article behind them, and a verdict.

A reason is one finding (`Reason`): a stable snake_case code, the Vietnamese message the clerk
reads, the legal basis it rests on, and its outcome — `ok` (a criterion met), `fail` (a
criterion not met), `unknown` (the data cannot tell) or `info` (context that decides
nothing, e.g. another way to qualify that was not met while a third is still open). The verdict of a nominee combines its
reasons: any `fail` → `fails`; else any `unknown` → `unknown`; else `meets`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

MEETS, FAILS, UNKNOWN = "meets", "fails", "unknown"
VERDICTS = {MEETS: "Đủ điều kiện", FAILS: "Không đủ điều kiện", UNKNOWN: "Chưa đủ dữ liệu"}
OK, FAIL, UNSURE, INFO = "ok", "fail", "unknown", "info"

# Scopes of an initiative (sáng kiến) or research work: a wider scope satisfies a narrower one.
SCOPE_ORDER = {"co_so": 0, "tinh": 1, "bo": 1, "toan_quoc": 2}
SCOPE_NAMES = {"co_so": "cấp cơ sở", "tinh": "cấp tỉnh", "bo": "cấp bộ, ngành",
               "toan_quoc": "toàn quốc"}

# Disciplinary measures from the lightest; "max_discipline" in criteria names the heaviest
# a collective's members may have had.
DISCIPLINE_ORDER = ["khien_trach", "canh_cao", "ha_bac", "giang_chuc", "cach_chuc",
                    "bai_nhiem", "buoc_thoi_viec"]
DISCIPLINE_NAMES = {"khien_trach": "khiển trách", "canh_cao": "cảnh cáo", "ha_bac": "hạ bậc lương",
                    "giang_chuc": "giáng chức", "cach_chuc": "cách chức", "bai_nhiem": "bãi nhiệm",
                    "buoc_thoi_viec": "buộc thôi việc"}
# How long a measure with no end date written keeps achievements from counting, by measure:
# Luật Cán bộ, công chức 2008 Điều 82 and Luật Viên chức 2010 Điều 56 as amended by Luật số
# 52/2019/QH14 (6 months for khiển trách, 12 for cảnh cáo or hạ bậc lương, 18 for giáng chức or
# cách chức, from the decision's effect). Bãi nhiệm and buộc thôi việc end the post or the
# employment; 18 months is our default. Editable defaults (Tham số xét khen thưởng).
DISCIPLINE_MONTHS = {"khien_trach": 6, "canh_cao": 12, "ha_bac": 12, "giang_chuc": 18, "cach_chuc": 18,
                     "bai_nhiem": 18, "buoc_thoi_viec": 18}


# Where the clerk enters each fact a "cannot tell" asks for (the reason's `missing`).
WHERE = {
    "person_rating": "Hồ sơ cá nhân → Xếp loại theo năm (hoặc nhập danh sách đánh giá, xếp loại)",
    "unit_rating": "Hồ sơ đơn vị → Xếp loại tập thể theo năm",
    "unit_members": "Hồ sơ đơn vị → Số thành viên, số hoàn thành nhiệm vụ theo năm",
    "initiative": "Hồ sơ cá nhân → Sáng kiến, đề tài (số, ngày quyết định công nhận)",
    "person": "Hồ sơ khen thưởng → khớp đối tượng với một cá nhân",
    "unit": "Hồ sơ khen thưởng → khớp đối tượng với một đơn vị",
    "bloc": "Khối thi đua → thành viên và đơn vị dẫn đầu",
    "movement": "Hồ sơ khen thưởng → phong trào thi đua của hồ sơ",
    "achievement": "Hồ sơ khen thưởng → tóm tắt thành tích",
    "ledger": "Sổ khen thưởng (nhập sổ các năm trước hoặc quyết định cấp trên)",
}


def missing(what: str, detail: str) -> str:
    """`missing` text: the fact, then where to enter it."""
    return f"{detail} — nhập tại: {WHERE[what]}" if what in WHERE else detail


@dataclass(slots=True)
class Reason:
    """One finding of a check, citing the article it applies."""

    code: str
    message: str
    basis: str
    outcome: str = FAIL
    # The recorded fact the finding rests on ({"kind": "rating", "id": 12}), or what is missing
    # and where the clerk enters it, when the finding is "cannot tell" for want of a fact.
    fact: dict | None = None
    missing: str = ""

    def extras(self) -> dict:
        out: dict = {}
        if self.fact:
            out["fact"] = self.fact
        if self.missing:
            out["missing"] = self.missing
        return out

    def as_dict(self) -> dict:
        return {"code": self.code, "message": self.message, "basis": self.basis,
                "outcome": self.outcome, **self.extras()}

    @classmethod
    def from_dict(cls, row: dict) -> Reason:
        return cls(row.get("code", ""), row.get("message", ""), row.get("basis", ""),
                   row.get("outcome", FAIL), row.get("fact") or None, row.get("missing", ""))


@dataclass(slots=True)
class Verdict:
    """The eligibility of one nominee for the award proposed."""

    nominee_id: int
    dossier: str
    nominee: str
    award: str
    award_name: str
    verdict: str
    reasons: list[Reason] = field(default_factory=list)

    def as_json(self) -> dict:
        """The `tdkt eligibility --json` shape (a stable contract)."""
        return {"dossier": self.dossier, "nominee": self.nominee, "award": self.award,
                "verdict": self.verdict,
                "reasons": [{"code": r.code, "message": r.message, "basis": r.basis, **r.extras()}
                            for r in self.reasons]}


def combine(reasons: list[Reason]) -> str:
    """The verdict a list of findings adds up to."""
    outcomes = {r.outcome for r in reasons}
    if FAIL in outcomes:
        return FAILS
    if UNSURE in outcomes:
        return UNKNOWN
    return MEETS


def any_of(alternatives: list[list[Reason]]) -> list[Reason]:
    """Findings of "one of these ways suffices": the first way met, else every way's findings."""
    for reasons in alternatives:
        if combine(reasons) == MEETS:
            return reasons
    unknown = [r for reasons in alternatives if combine(reasons) == UNKNOWN for r in reasons]
    if unknown:
        # A way that could still hold decides "cannot tell"; failed ways stay as context.
        return [Reason(r.code, r.message, r.basis, INFO if r.outcome == FAIL else r.outcome,
                       r.fact, r.missing)
                for reasons in alternatives for r in reasons]
    return [r for reasons in alternatives for r in reasons]


def fmt_years(years: list[int] | range) -> str:
    years = list(years)
    if not years:
        return ""
    if len(years) > 2 and years == list(range(years[0], years[-1] + 1)):
        return f"{years[0]}–{years[-1]}"
    return ", ".join(str(y) for y in years)


def share_text(share: float) -> str:
    """0.7 → "70%", 0.155 → "15,5%" (Vietnamese decimal comma)."""
    pct = round(share * 100, 1)
    text = f"{pct:.1f}".rstrip("0").rstrip(".")
    return text.replace(".", ",") + "%"
