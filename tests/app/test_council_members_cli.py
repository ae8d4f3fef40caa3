"""`tdkt council` on an office with no council says how to add one, on its own line, and `tdkt
council members add|list` adds and lists the members; `tdkt decision` on a dossier missing
required documents warns naming them, and still records the decision (t17, medium 12)."""

from __future__ import annotations

import json

from app.cli import main
from app.dossier_documents import documents, set_present, sync_documents
from app.nominees import appraise


def _ready(world):
    world.commune()  # a commune decides from 1/7/2025
    unit = world.unit("Thôn Nà Bó")
    hoa = world.person("Tao Thị Hoa", unit, birth_year=1985)
    world.rating(hoa, 2025, "HTXSNV")
    dossier = world.dossier(unit)
    nominee = world.nominate(dossier, hoa, "LDTT", rating="HTXSNV")
    appraise(world.s, nominee.id, "approved")
    dossier.status = "appraised"
    sync_documents(world.s, dossier)
    rows = documents(world.s, dossier.id)
    set_present(world.s, rows[0].id, True)
    world.s.commit()
    return dossier.number, [r.name for r in rows[1:] if r.required], str(world.s.get_bind().url.database)


def test_no_council_says_how_to_add_one_then_members_add_and_list(world, capsys):
    number, _, db = _ready(world)
    assert main(["council", "--dossier", number, "--date", "05/12/2025", "--db", db]) == 1
    err = capsys.readouterr().err
    assert err.startswith("Chưa có danh sách thành viên Hội đồng.") and err.endswith("\n")
    assert 'tdkt council members add "HỌ TÊN" --role chairman|deputy|member|secretary' in err
    assert "«Hội đồng xét…» → «Thêm thành viên…»" in err
    assert main(["council", "members", "add", "Lò Văn Minh", "--role", "chairman", "--position",
                 "Chủ tịch UBND xã", "--db", db]) == 0
    assert "Đã thêm thành viên Hội đồng: Lò Văn Minh — Chủ tịch Hội đồng, Chủ tịch UBND xã" in capsys.readouterr().out
    for name in ("Vàng A Dế", "Tao Thị Hương"):
        assert main(["council", "members", "add", name, "--db", db]) == 0
    capsys.readouterr()
    assert main(["council", "members", "list", "--json", "--db", db]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [(m["name"], m["role"]) for m in listed] == [("Lò Văn Minh", "chairman"), ("Vàng A Dế", "member"),
                                                        ("Tao Thị Hương", "member")]
    assert main(["council", "--dossier", number, "--date", "05/12/2025", "--db", db]) == 0


def test_a_decision_on_an_incomplete_dossier_warns_naming_the_documents(world, capsys):
    number, missing, db = _ready(world)
    assert missing
    assert main(["decision", "--dossier", number, "--number", "25/QĐ-UBND", "--date", "10/12/2025",
                 "--json", "--db", db]) == 0
    out, err = capsys.readouterr()
    assert json.loads(out)["lines"] == 1  # the decision is recorded all the same
    assert err.startswith(f"Cảnh báo: Hồ sơ {number} còn thiếu {len(missing):02d} thành phần bắt buộc: ")
    assert all(name in err for name in missing)
