"""The demo's Hội đồng Thi đua – Khen thưởng huyện: nine members and the year-end meeting of
2 December 2025 (eight present, one voting in writing); the votes are cast by the dossiers."""

from __future__ import annotations

import datetime as dt
import math

from app.demo.base import Ctx
from app.demo.org import CHAIRMAN, DEPUTY
from db.models import BallotCount, CouncilMeeting, CouncilMember, MeetingAttendance, Vote

MEETING_DAY = dt.date(2025, 12, 2)
# (role, position, unit code whose head sits on the council, or a fixed name)
SEATS = [
    ("chairman", "Chủ tịch UBND huyện - Chủ tịch Hội đồng", None, CHAIRMAN),
    ("deputy", "Phó Chủ tịch UBND huyện - Phó Chủ tịch Hội đồng", None, DEPUTY),
    ("deputy", "Trưởng phòng Nội vụ - Phó Chủ tịch Thường trực Hội đồng", "P_NOI_VU", None),
    ("deputy", "Chủ tịch Ủy ban MTTQ Việt Nam huyện - Phó Chủ tịch Hội đồng", "MTTQ", None),
    ("member", "Trưởng phòng Tài chính - Kế hoạch - Ủy viên", "P_TC_KH", None),
    ("member", "Trưởng phòng Giáo dục và Đào tạo - Ủy viên", "P_GD_DT", None),
    ("member", "Chủ tịch Liên đoàn Lao động huyện - Ủy viên", "LDLD", None),
    ("member", "Chủ tịch Hội Liên hiệp Phụ nữ huyện - Ủy viên", "HOI_LHPN", None),
    ("secretary", "Phó Trưởng phòng Nội vụ - Ủy viên, Thư ký Hội đồng", "P_NOI_VU", None),
]


class Council:
    """The council and its meeting; `vote` records a secret-ballot count for a nominee."""

    def __init__(self, ctx: Ctx):
        self.ctx = ctx
        heads = {u["code"]: u for u in ctx.units}
        staff = {}
        for person in ctx.people:
            staff.setdefault(person["unit_id"], []).append(person)
        members = []
        for order, (role, position, code, name) in enumerate(SEATS, start=1):
            if name is None:
                people = staff[heads[code]["id"]]
                name = people[1 if role == "secretary" else 0]["full_name"]
            members.append(dict(id=ctx.new_id(CouncilMember), name=name, role=role, position=position,
                                term_from=dt.date(2021, 7, 1), term_to=dt.date(2026, 6, 30),
                                active=True, sort_order=order))
        self.members = members
        self.meeting = dict(id=ctx.new_id(CouncilMeeting), held_on=MEETING_DAY,
                            place="Phòng họp tầng 2, trụ sở HĐND - UBND huyện Tam Đường",
                            members_total=len(members), members_present=len(members) - 1,
                            minutes_ref="Biên bản số 05/BB-HĐTĐKT ngày 02/12/2025",
                            started_at="08:00", ended_at="11:15",
                            notes="Họp xét khen thưởng tổng kết năm 2025. 01 ủy viên vắng, có phiếu bằng văn bản.")
        # The counting board: the Front's chairman heads it, two members present count with him.
        board = {4: "head", 5: "member", 6: "member"}
        self.attendance = [dict(meeting_id=self.meeting["id"], member_id=m["id"],
                                present=m["role"] != "member" or m["sort_order"] != 7,
                                written_vote=m["role"] == "member" and m["sort_order"] == 7,
                                counting=board.get(m["sort_order"], ""))
                           for m in members]
        self.voted_types: set[int] = set()
        self.votes: list[dict] = []

    def vote(self, nominee_id: int, threshold: float | None, yes: int, award_type_id: int = 0) -> bool:
        """A count at the meeting; passing compares with the full membership."""
        total = len(self.members)
        self.voted_types.add(award_type_id)
        needed = math.ceil((threshold or 0.5) * total - 1e-9)
        passed = yes >= needed
        self.votes.append(dict(id=self.ctx.new_id(Vote), meeting_id=self.meeting["id"],
                               nominee_id=nominee_id, yes=yes, no=total - yes, invalid=0,
                               passed=passed))
        return passed

    def write(self) -> None:
        self.ctx.insert(CouncilMember, self.members)
        self.ctx.insert(CouncilMeeting, [self.meeting])
        self.ctx.insert(MeetingAttendance, self.attendance)

    def write_votes(self) -> None:
        self.ctx.insert(Vote, self.votes)
        # Every member present got a ballot for each title and handed it back, valid.
        present = self.meeting["members_present"]
        self.ctx.insert(BallotCount, [dict(meeting_id=self.meeting["id"], award_type_id=t, issued=present,
                                           returned=present, valid=present) for t in sorted(self.voted_types) if t])
