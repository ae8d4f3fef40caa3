"""Tóm tắt thành tích as a paper going up prints it: never a claim the program's own check
denies.

A unit's list carries its own summary ("Có 03 năm liên tục đạt danh hiệu CSTĐCS (2022–2024);
sáng kiến áp dụng trong phạm vi toàn tỉnh"). The years of a running title and the scope of an
initiative are exactly what the eligibility check computes from the ledger and the people's
records; where the unit's words and the records disagree, the tờ trình must not carry the
words. So the printed summary keeps the unit's text minus its clauses about running years and
initiatives, and states those from the check's own findings (the same reasons `tdkt
eligibility` and the appraisal print), whatever their outcome.
"""

from __future__ import annotations

import re

from app.rules import Verdict

# Findings about years in a row (of a title, of a rating, of earlier awards) and initiatives.
FACT_PREFIXES = ("prerequisite", "consecutive", "initiative")
# Clauses of the unit's text that claim the same things.
_CLAIM = re.compile(r"liên tục|sáng kiến|đề tài|phạm vi toàn", re.IGNORECASE)


def unit_text_without_claims(text: str) -> str:
    """The unit's summary with its clauses on running years and initiatives left out."""
    kept_parts = []
    for part in (text or "").split(";"):
        pieces = [p.strip() for p in part.split(",") if p.strip() and not _CLAIM.search(p)]
        if pieces:
            kept_parts.append(", ".join(pieces))
    kept = "; ".join(kept_parts).strip(" .;,")
    return kept[:1].upper() + kept[1:] if kept else ""


def checked_facts(verdict: Verdict | None) -> list[str]:
    """The check's findings on running years and initiatives, as it words them."""
    if verdict is None:
        return []
    return [r.message.rstrip(". ") for r in verdict.reasons
            if r.code.startswith(FACT_PREFIXES)]


def printed_summary(achievement: str, verdict: Verdict | None) -> str:
    parts = [p for p in [unit_text_without_claims(achievement), *checked_facts(verdict)] if p]
    text = "; ".join(p if i == 0 else p[:1].lower() + p[1:] for i, p in enumerate(parts))
    return text + "." if text else ""
