"""Fixtures for the printing tests: an office with a year of work built by print_factories.py.
Helpers that read a PDF back are in print_pdf.py (unique module names: tests share sys.path)."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

import print_factories as f  # noqa: E402


@dataclass
class Office:
    db: object
    decision_id: int
    kt_decision_id: int
    local_dossier_id: int
    forwarded_dossier_id: int
    meeting_id: int
    bloc_id: int
    due_id: int
    unit_ids: list[int]


@pytest.fixture
def office(db) -> Office:
    with db.session() as s:
        f.make_office(s)
        units = [f.make_unit(s, name, code=f"X{i}", head_name=head, short_name=short) for i, (name, head, short) in
                 enumerate([("Ủy ban nhân dân xã Bản Bo", "Lò Văn Hải", "UBND xã Bản Bo"),
                            ("Ủy ban nhân dân xã Khun Há", "Giàng A Páo", "UBND xã Khun Há"),
                            ("Ủy ban nhân dân xã Tả Lèng", "Tẩn Văn Lở", "UBND xã Tả Lèng"),
                            ("Trường Phổ thông Dân tộc bán trú Trung học cơ sở Nùng Nàng",
                             "Nguyễn Văn Hùng", "Trường PTDTBT THCS Nùng Nàng")])]
        local = f.make_dossier(s, units[0], [
            ("CSTDCS", "individual", "Lò Thị Mai", "approved"),
            ("CSTDCS", "individual", "Sùng A Tủa", "rejected"),
            ("TTLDXS", "collective", "Trường Mầm non Bản Bo", "approved"),
            ("CSTDCS", "individual", "Vàng Thị Dợ", "approved")])
        forwarded = f.make_dossier(s, units[1], [
            ("BK_TINH", "individual", "Giàng Seo Phử", "approved"),
            ("BK_TINH", "collective", "Trạm Y tế xã Khun Há", "approved"),
            ("BK_TINH", "individual", "Hoàng Văn Bị Loại", "rejected")],
            number="HS-2025-0002", authority="forwarded", forwarded_to="Ủy ban nhân dân tỉnh Lai Châu")
        members = f.make_council(s)
        secret = [n for n in local.nominees if n.subject == "individual"]
        meeting = f.make_meeting(s, members, secret, [9, 6, 8])
        bloc = f.make_bloc(s, units)
        due = f.make_dues(s, units)
        lines = [("GK", "collective", "Trường Mầm non Bình Lư", "", "xã Bình Lư"),
                 ("GK", "individual", "Nguyễn Thị Hoa", "Công chức Văn hóa - Xã hội", "UBND xã Bình Lư"),
                 ("LDTT", "individual", "Lò Văn Páo", "Chuyên viên", "UBND xã Bình Lư")]
        decision = f.make_decision(s, lines)
        kt = f.make_decision(s, lines[:2], number="21/QĐ-UBND", sign_mode="KT", signer="Tẩn Thị Mẩy",
                             signer_title="PHÓ CHỦ TỊCH")
        ids = Office(db, decision.id, kt.id, local.id, forwarded.id, meeting.id, bloc.id, due.id,
                     [u.id for u in units])
    return ids
