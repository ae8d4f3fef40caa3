"""Thẩm định "Đạt" over a check that says "Không đủ điều kiện" (t17, severe 3): refused without a
written reason (app and `tdkt appraise`), the reason kept in the dossier's history and the audit
trail, and printed in the same words on the appraisal (its row and its conclusion, which counts
and names such rows), the vote minutes and the tờ trình."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from app.audit import history
from app.cli import main
from app.council import add_member
from app.errors import ValidationError
from app.nominees import appraise
from app.printing.appraisal import print_appraisal
from app.printing.ballots import print_vote_minutes
from app.vote_minutes import minutes_view
from db.models import CouncilMeeting, Nominee
from tests.app.printing.print_pdf import flat, pages_text

REASON = "Kỷ luật đã được xóa theo Quyết định 12/QĐ-UBND, chờ cập nhật"
SAID = f"Đạt (ý kiến thẩm định khác kết luận kiểm tra: {REASON})"


def _disciplined(world):
    unit = world.unit("Thôn Nà Bó")
    an = world.person("Lò Văn An", unit, birth_year=1980)
    world.rating(an, 2025, "HTXSNV")
    world.discipline(an, "canh_cao", dt.date(2025, 4, 1))
    hoa = world.person("Tao Thị Hoa", unit, birth_year=1985)
    world.rating(hoa, 2025, "HTXSNV")
    dossier = world.dossier(unit)
    failing = world.nominate(dossier, an, "LDTT", rating="HTXSNV")
    fine = world.nominate(dossier, hoa, "LDTT", rating="HTXSNV")
    assert world.check(failing).verdict == "fails" and world.check(fine).verdict == "meets"
    return dossier, failing, fine


def test_an_override_without_a_reason_is_refused_and_with_one_is_printed(world):
    world.office()
    dossier, failing, fine = _disciplined(world)
    with pytest.raises(ValidationError, match="phải ghi rõ lý do"):
        appraise(world.s, failing.id, "approved")
    assert world.s.get(type(failing), failing.id).appraisal == "pending"
    appraise(world.s, fine.id, "approved")  # no reason needed where the check agrees
    appraise(world.s, failing.id, "approved", REASON)
    assert failing.appraisal == "approved" and failing.appraisal_note == REASON
    assert any(SAID in e.reason for e in dossier.history)  # the dossier's history says it
    world.s.commit()
    logged = [c for line in history(world.s, "nominees", failing.id) for c in line.changes]
    assert ("appraisal_note", "", REASON) in [(f, b or "", a) for f, b, a in logged]

    text = flat(" ".join(pages_text(print_appraisal(world.s, dossier.id).pdf)))
    assert flat(SAID) in text  # the row
    assert flat("Trong đó 01 trường hợp có ý kiến thẩm định khác kết luận kiểm tra tiêu chuẩn") in text
    assert flat(f"Lò Văn An (Lao động tiên tiến): {REASON}") in text  # named in the conclusion
    assert "TaoThịHoa(Laođộng" not in text  # the row that agrees is not named


def test_the_command_line_asks_for_the_reason_and_the_minutes_say_it(world, capsys):
    world.office()
    dossier, failing, fine = _disciplined(world)
    for name in ("Lò Văn Minh", "Vàng A Dế", "Tao Thị Hương"):
        add_member(world.s, name)
    world.s.commit()
    db = str(world.s.get_bind().url.database)
    assert main(["appraise", dossier.number, "--approve", "Lò Văn An", "--db", db]) == 1
    assert "phải ghi rõ lý do" in capsys.readouterr().err
    assert main(["appraise", dossier.number, "--approve", f"Lò Văn An={REASON}", "--approve", "Tao Thị Hoa",
                 "--db", db]) == 0
    capsys.readouterr()
    world.s.rollback()  # end the read, see what the command wrote
    world.s.expire_all()
    assert world.s.scalar(select(Nominee.appraisal_note).where(Nominee.id == failing.id)) == REASON
    assert main(["dossier", "show", dossier.number, "--db", db]) == 0
    assert SAID in capsys.readouterr().out
    assert main(["appraise", dossier.number, "--all", "--db", db]) == 0
    assert main(["council", "--dossier", dossier.number, "--date", "05/12/2025", "--json", "--db", db]) == 0
    capsys.readouterr()
    world.s.rollback()
    meeting = world.s.scalar(select(CouncilMeeting.id))
    lines = {v.name: v.override for t in minutes_view(world.s, meeting).titles for v in t.votes}
    assert lines == {"Lò Văn An": SAID, "Tao Thị Hoa": ""}
    text = flat(" ".join(pages_text(print_vote_minutes(world.s, meeting).pdf)))
    assert flat(f"Ghi chú: Lò Văn An — ý kiến thẩm định: {SAID}") in text
    assert "Ghichú:TaoThịHoa" not in text
