"""Who signs each document, in Decree 30's words: the office's head (or a deputy, KT.; an
acting head, Q.), the chairman in his own name for awards, the committee (TM.) for what it
sends as a body; kept in the profile's signer list and printed on every form."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent / "printing"))

from print_pdf import flat, pages_text  # noqa: E402

from app.errors import ValidationError  # noqa: E402
from app.office import get_profile, save_profile  # noqa: E402
from app.printing import build  # noqa: E402
from app.signers import (  # noqa: E402
    SignerData,
    decision_signature,
    list_signers,
    save_signers,
    signature,
)

HEAD = SignerData("office", "head", "Hoàng Văn Thắng", "TRƯỞNG PHÒNG", powers=["report"])
DEPUTY = SignerData("office", "deputy", "Tẩn Thị Mai", "PHÓ TRƯỞNG PHÒNG", powers=["reminder"])
CHAIR = SignerData("authority", "head", "Sùng Lử Páo", "CHỦ TỊCH", powers=["award_decision", "proposal"])
VICE = SignerData("authority", "deputy", "Lò Văn Thanh", "PHÓ CHỦ TỊCH")


def test_forms_of_words():
    rows = [HEAD, DEPUTY, CHAIR, VICE]
    assert signature(rows, "report", default_head="X").lines == ["TRƯỞNG PHÒNG"]
    assert signature(rows, "reminder", default_head="X") .lines == ["KT. TRƯỞNG PHÒNG", "PHÓ TRƯỞNG PHÒNG"]
    assert signature(rows, "reminder", default_head="X").name == "Tẩn Thị Mai"
    # Nobody holds the notice: the head signs it.
    assert signature(rows, "notice", default_head="X").name == "Hoàng Văn Thắng"
    assert signature(rows, "proposal", default_head="X", collective="ỦY BAN NHÂN DÂN").lines == [
        "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"]
    acting = SignerData("office", "acting", "Lê Văn Bình", "Q. TRƯỞNG PHÒNG", powers=["report"])
    assert signature([acting], "report", default_head="TRƯỞNG PHÒNG").lines == ["Q. TRƯỞNG PHÒNG"]
    # An award decision: the chairman's own power, never TM.
    assert decision_signature("Sùng Lử Páo", "CHỦ TỊCH", "TM", "CHỦ TỊCH").lines == ["CHỦ TỊCH"]
    assert decision_signature("Lò Văn Thanh", "PHÓ CHỦ TỊCH", "KT", "CHỦ TỊCH").lines == [
        "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]
    # With nobody recorded, the office's head title still signs (no name).
    assert signature([], "appraisal", default_head="TRƯỞNG PHÒNG").lines == ["TRƯỞNG PHÒNG"]


def test_the_office_head_is_the_one_on_the_council(demo_db):
    """One name everywhere: the demo's head of office is the council's standing deputy."""
    from sqlalchemy import select

    from db.models import CouncilMember

    with demo_db.session() as s:
        head, deputy = [r.name for r in list_signers(s) if r.body == "office"]
        seats = {m.position: m.name for m in s.scalars(select(CouncilMember))}
    assert seats["Trưởng phòng Nội vụ - Phó Chủ tịch Thường trực Hội đồng"] == head
    assert seats["Phó Trưởng phòng Nội vụ - Ủy viên, Thư ký Hội đồng"] == deputy


def test_saving_checks_and_keeps_the_profile_in_step(demo_db):
    with demo_db.session() as s:
        with pytest.raises(ValidationError, match="Dòng 2: chưa nhập họ và tên"):
            save_signers(s, [HEAD, SignerData("office", "deputy", " ", "PHÓ TRƯỞNG PHÒNG")])
        with pytest.raises(ValidationError, match="chỉ có một cấp trưởng"):
            save_signers(s, [HEAD, HEAD])
        with pytest.raises(ValidationError, match="không ký được"):
            save_signers(s, [SignerData("office", "head", "A", "TRƯỞNG PHÒNG", powers=["proposal"])])
        saved = save_signers(s, [HEAD, DEPUTY, CHAIR,
                                 SignerData("authority", "deputy", "Giàng A Dế", "phó chủ tịch")])
        assert [r.name for r in saved] == ["Hoàng Văn Thắng", "Tẩn Thị Mai", "Sùng Lử Páo", "Giàng A Dế"]
        assert saved[-1].title == "PHÓ CHỦ TỊCH"
        profile = get_profile(s)
        assert (profile.deputy_signer_name, profile.deputy_signer_title) == ("Giàng A Dế", "PHÓ CHỦ TỊCH")
        # The settings dialog's chairman field changes the list too.
        profile.signer_name = "Tao Văn Sơn"
        save_profile(s, profile)
        assert [r.name for r in list_signers(s) if r.body == "authority" and r.role == "head"] == ["Tao Văn Sơn"]


def _text(demo_db, form, **kw) -> str:
    with demo_db.session() as s:
        return flat("\n".join(pages_text(build(s, form, year=2025, **kw).pdf)))


def test_every_office_form_signs_with_its_signer(demo_db):
    with demo_db.session() as s:
        head, deputy = [r.name for r in list_signers(s) if r.body == "office"]
    for form in ("report", "appraisal", "notice", "publicity"):
        text = _text(demo_db, form)
        assert flat(f"TRƯỞNG PHÒNG {head}") in text, form
    late = _text(demo_db, "late-units")
    assert flat(f"KT. TRƯỞNG PHÒNG PHÓ TRƯỞNG PHÒNG {deputy}") in late
    assert "Kínhgửi:PhòngNộivụ." not in late  # no letter from the office to itself
    assert flat("TM. ỦY BAN NHÂN DÂN CHỦ TỊCH Sùng Lử Páo") in _text(demo_db, "proposal")


def test_decisions_and_certificates_say_the_chairman_decides(demo_db):
    from sqlalchemy import select

    from db.models import Decision

    with demo_db.session() as s:
        # The district's own decisions (up to 30/6/2025: later ones are the successor communes').
        decisions = {d.sign_mode: d.id for d in s.scalars(select(Decision).where(
            Decision.external.is_(False), Decision.year >= 2024).order_by(Decision.issued_on))}
    for mode, decision_id in decisions.items():
        decision = _text(demo_db, "decision", id=decision_id)
        certificates = _text(demo_db, "certificates", id=decision_id)
        assert "TM.ỦYBANNHÂNDÂN" not in decision and "TM.ỦYBANNHÂNDÂN" not in certificates
        assert flat("CHỦ TỊCH ỦY BAN NHÂN DÂN HUYỆN TAM ĐƯỜNG") in decision
        assert flat("Chánh Văn phòng HĐND và UBND huyện") in decision
        assert flat("của Chủ tịch UBND huyện Tam Đường)") in decision
        if mode == "KT":
            assert flat("KT. CHỦ TỊCH PHÓ CHỦ TỊCH Lò Văn Thanh") in decision
            assert flat("KT. CHỦ TỊCH PHÓ CHỦ TỊCH") in certificates
        else:
            assert flat("CHỦ TỊCH Sùng Lử Páo") in decision and "KT.CHỦTỊCH" not in certificates
    assert set(decisions) >= {"TM", "KT"}
