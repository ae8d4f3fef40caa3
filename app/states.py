"""Trạng thái hồ sơ and đối tượng khen thưởng: the codes the data file stores, the Vietnamese
labels the clerk reads, and the groups of states every screen, report, form and rule counts by.

Defined here once. Logic compares codes, never labels; a label is looked up only to be shown.
A new state or a regrouping is made here, and the home screen, the report, the printed forms
and the rules all follow it (tests/app/test_states.py holds the groups to the workflow).
"""

from __future__ import annotations

# --- dossier states (trạng thái hồ sơ đề nghị khen thưởng), in workflow order --------------

DOSSIER_STATES: dict[str, str] = {
    "received": "Đã tiếp nhận",
    "returned": "Trả lại, yêu cầu bổ sung",
    "appraising": "Đang thẩm định",
    "appraised": "Đã thẩm định",
    "noticed": "Đang công khai",
    "voted": "Hội đồng đã xét",
    # A decision is signed for part of it; approved awards still wait for the council's vote or
    # for the tờ trình to the higher authority (never left behind as if all were decided).
    "partly_decided": "Đã quyết định một phần",
    "decided": "Đã có quyết định",
    "forwarded": "Đã trình cấp trên",
    "rejected": "Không đề nghị",
    "withdrawn": "Đơn vị rút hồ sơ",
}

# "Hồ sơ đang xử lý": the office (or the unit, for a returned one) still works on it. Counted
# the same on the home screen, the Báo cáo tab, `tdkt report` and the printed report.
IN_PROGRESS: tuple[str, ...] = ("received", "returned", "appraising", "appraised", "noticed", "voted",
                                 "partly_decided")
# Of those, the ones whose due date is the office's to meet (a returned one waits for its unit).
OFFICE_TURN: tuple[str, ...] = ("received", "appraising", "appraised", "noticed", "voted", "partly_decided")
# Waiting for the office's appraisal (the home screen's list).
AWAITING_APPRAISAL: tuple[str, ...] = ("received", "appraising")
# The unit may still send a corrected list for it.
OPEN_FOR_CORRECTION: tuple[str, ...] = ("received", "returned")
# Nominees can still be appraised, added or removed.
NOMINEES_EDITABLE: tuple[str, ...] = ("received", "appraising", "appraised", "noticed")
# Appraised and not yet decided: ready for a decision of the office's own authority.
DECIDABLE: tuple[str, ...] = ("appraised", "noticed", "voted", "partly_decided")
# The council can consider it (a partly decided one: the awards still waiting for its vote).
COUNCIL_READY: tuple[str, ...] = ("appraised", "noticed", "partly_decided")
# A decision is signed on part or all of it: its nominees and documents stay as decided.
SIGNED: tuple[str, ...] = ("partly_decided", "decided")
# Sent up to a higher authority, waiting for its decision.
WITH_SUPERIOR: tuple[str, ...] = ("forwarded",)
# Settled: nominees and documents can no longer change.
FROZEN: tuple[str, ...] = ("decided", "forwarded", "rejected", "withdrawn")
# Closed for good: nothing more will happen to it.
CLOSED: tuple[str, ...] = ("decided", "rejected", "withdrawn")
# Its nominees are still proposals (not decided, refused or withdrawn): what the rules treat as
# "đề nghị cùng đợt".
PENDING: tuple[str, ...] = IN_PROGRESS + WITH_SUPERIOR
# Dropped by the office or the unit.
DROPPED: tuple[str, ...] = ("rejected", "withdrawn")
# The office has begun or finished appraising it (an appraisal report can be printed).
APPRAISAL_STARTED: tuple[str, ...] = ("appraising", "appraised", "noticed", "voted", "partly_decided", "decided",
                                      "forwarded", "rejected")
# Appraised, so its approved nominees can be posted for the public notice.
POSTABLE: tuple[str, ...] = ("appraising", "appraised", "noticed", "voted", "partly_decided", "decided",
                              "forwarded")
# Appraised and, for a higher authority's award, ready for (or sent with) the office's tờ trình.
PROPOSABLE: tuple[str, ...] = ("appraised", "noticed", "voted", "partly_decided", "forwarded", "decided")

# --- kinds of dossier (loại hồ sơ) ------------------------------------------------------------

# Kinds of commendation a dossier proposes (Luật TĐKT 2022 Điều 8).
DOSSIER_CATEGORIES: dict[str, str] = {
    "regular": "Thường xuyên (tổng kết năm)",
    "movement": "Theo đợt, chuyên đề",
    "sudden": "Đột xuất",
    "service": "Quá trình cống hiến",
    "long_service": "Niên hạn",
    "foreign": "Đối ngoại",
}

# --- recipients (đối tượng khen thưởng) -----------------------------------------------------

SUBJECTS: dict[str, str] = {"individual": "Cá nhân", "collective": "Tập thể", "household": "Hộ gia đình"}
# The same words inside a sentence ("cho 02 tập thể và 03 cá nhân").
SUBJECT_WORDS: dict[str, str] = {code: label.lower() for code, label in SUBJECTS.items()}
# The order lists print them in: collectives, households, then individuals.
SUBJECT_ORDER: dict[str, int] = {"collective": 0, "household": 1, "individual": 2}


def state_label(code: str) -> str:
    """The Vietnamese label of a dossier state (the code itself when unknown)."""
    return DOSSIER_STATES.get(code, code)


def subject_label(code: str) -> str:
    """`Cá nhân`, `Tập thể`, `Hộ gia đình` (the code itself when unknown)."""
    return SUBJECTS.get(code, code)


def count_words(counts: dict[str, int]) -> str:
    """`02 tập thể, 03 hộ gia đình và 11 cá nhân` from {subject: count}, in list order."""
    parts = [f"{n:02d} {SUBJECT_WORDS.get(code, code)}" for code, n in
             sorted(counts.items(), key=lambda kv: SUBJECT_ORDER.get(kv[0], 9)) if n]
    if not parts:
        return ""
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " và " + parts[-1]


def recipients_text(lines) -> str:
    """`02 tập thể, 03 hộ gia đình và 14 lượt cá nhân (12 người)` from (subject, who) pairs, one
    per line of a list; `who` tells people apart (a person id, else the name). Awards and people
    are said apart only where they differ: one person with two awards is two lines, one person."""
    counts: dict[str, int] = {}
    people: set = set()
    for subject, who in lines:
        counts[subject] = counts.get(subject, 0) + 1
        if subject == "individual":
            people.add(who)
    parts = []
    for code, n in sorted(counts.items(), key=lambda kv: SUBJECT_ORDER.get(kv[0], 9)):
        word = SUBJECT_WORDS.get(code, code)
        if code == "individual" and len(people) != n:
            parts.append(f"{n:02d} lượt {word} ({len(people):02d} người)")
        else:
            parts.append(f"{n:02d} {word}")
    if not parts:
        return ""
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " và " + parts[-1]


__all__ = ["APPRAISAL_STARTED", "AWAITING_APPRAISAL", "CLOSED", "COUNCIL_READY", "DECIDABLE", "SIGNED", "DOSSIER_STATES", "DROPPED",
           "FROZEN", "IN_PROGRESS", "NOMINEES_EDITABLE", "OFFICE_TURN", "OPEN_FOR_CORRECTION",
           "PENDING", "POSTABLE", "PROPOSABLE", "SUBJECTS", "recipients_text", "SUBJECT_ORDER", "SUBJECT_WORDS", "WITH_SUPERIOR", "count_words",
           "state_label", "subject_label"]
