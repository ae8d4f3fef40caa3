"""Ý kiến thẩm định khác kết luận kiểm tra: a clerk appraises "Đạt" a nominee whom the
eligibility check finds "Không đủ điều kiện".

The law leaves the appraisal to the office, so the program does not forbid it; but an override
is never silent. It needs a written reason (refused without one, in the window and in `tdkt
appraise`), the reason is kept as the appraisal note (the audit trail and the dossier's history
record it), and every paper that carries the opinion says so in the same words: the appraisal
(its row, and the conclusion that counts and names such rows), the council's vote minutes and
the tờ trình. Whether a row is an override is read from the current check, as the appraisal
print shows the check, so a row becomes one when the ledger changes after the appraisal too.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from app.errors import ValidationError
from app.rules import FAILS, evaluate

WORDS = "ý kiến thẩm định khác kết luận kiểm tra"
NO_REASON = "chưa ghi lý do"


def is_override(appraisal: str, verdict: str | None) -> bool:
    return appraisal == "approved" and verdict == FAILS


def override_text(note: str) -> str:
    """`Đạt (ý kiến thẩm định khác kết luận kiểm tra: <lý do>)`."""
    return f"Đạt ({WORDS}: {(note or '').strip() or NO_REASON})"


def verdict_now(session: Session, nominee) -> str:
    """The nominee's verdict as the dossier window and the appraisal print give it today."""
    found = evaluate(session, [nominee], store=False)
    return found[0].verdict if found else ""


def require_reason(session: Session, nominee, result: str, note: str) -> bool:
    """Refuse "Đạt" over "Không đủ điều kiện" without a reason; True when it is an override."""
    if result != "approved" or verdict_now(session, nominee) != FAILS:
        return False
    if not (note or "").strip():
        raise ValidationError(
            f"{nominee.name}: kiểm tra tiêu chuẩn kết luận «Không đủ điều kiện». Thẩm định «Đạt» khác "
            "kết luận kiểm tra phải ghi rõ lý do (trong cửa sổ: nhập lý do khi được hỏi; dòng lệnh: "
            "tdkt appraise HS-… --approve \"TÊN=LÝ DO\").", field="note")
    return True


@dataclass(slots=True)
class Override:
    nominee_id: int
    name: str
    award: str
    reason: str


def overrides_sentence(rows: list[Override]) -> str:
    """The appraisal's conclusion: how many rows override the check, and which, with why."""
    if not rows:
        return ""
    named = "; ".join(f"{r.name} ({r.award}): {r.reason or NO_REASON}" for r in rows)
    return (f"Trong đó {len(rows):02d} trường hợp có {WORDS} tiêu chuẩn (kiểm tra: không đủ điều "
            f"kiện; thẩm định: đạt): {named}.")
