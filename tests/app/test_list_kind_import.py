"""The kind of an imported award list (tester's report on issue 16, point 2): a title saying
ĐỘT XUẤT or CHUYÊN ĐỀ makes a sudden or movement dossier, the clerk can choose another kind
(`tdkt import --dossier-kind`, the import preview, the dossier window), and a list of one kind
never replaces a dossier of another (Luật TĐKT 2022 Điều 8: each kind of commendation is its
own achievement; Điều 6: the same form again for another achievement)."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from app.dossiers import set_category
from app.errors import UserError
from app.imports import category_text, commit_import, confirm_replace, read_file
from app.rules import check_dossier
from db.models import Dossier, DossierEvent, Nominee
from tests.app.excel import history_books as books
from tests.app.test_exchange_cli import objects, tdkt

HEAD = ["STT", "Họ và tên", "Năm sinh", "Hình thức đề nghị"]


def _list(tmp_path, name: str, title: str, rows) -> object:
    head = [["TRƯỜNG TIỂU HỌC BÌNH LƯ"], [title], [], HEAD]
    return books.write(tmp_path / name, [("Danh sach", head + rows, ())])


@pytest.mark.parametrize(("title", "kind"), [
    ("DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG ĐỘT XUẤT NĂM 2026", "sudden"),
    ("DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG CHUYÊN ĐỀ NĂM 2026", "movement"),
    ("DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG THEO ĐỢT NĂM 2026", "movement"),
    ("DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG TỔNG KẾT NĂM 2026", "regular"),
    ("DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG TỔNG KẾT PHONG TRÀO THI ĐUA NĂM 2026", "regular"),
])
def test_the_kind_is_read_from_the_title(world, tmp_path, title, kind):
    world.unit("Trường Tiểu học Bình Lư")
    preview = read_file(world.s, _list(tmp_path, "ds.xlsx", title, [[1, "Chu Thị Lan", 1985, "Giấy khen"]]))
    assert preview.category == kind
    assert preview.as_dict()["dossier_kind"] == kind


def test_a_sudden_list_is_a_sudden_dossier_beside_the_year_end_one_never_replacing_it(world, tmp_path):
    """Tester: the ĐỘT XUẤT list became a "Thường xuyên" dossier, Chu Thị Lan's sudden Giấy
    khen was refused as proposed twice and her year-end one flipped to fail; with --replace the
    2-name sudden list replaced the 5-name year-end dossier."""
    world.commune()
    world.unit("Trường Tiểu học Bình Lư")
    names = ["Chu Thị Lan", "Lò Văn Thành", "Nguyễn Thị Hoa", "Tao Văn Lả", "Vàng Văn Chu"]
    year_end = _list(tmp_path, "tong-ket.xlsx", "DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG TỔNG KẾT NĂM 2026",
                     [[i, n, 1980 + i, "Giấy khen"] for i, n in enumerate(names, start=1)])
    first = commit_import(world.s, read_file(world.s, year_end))
    sudden = _list(tmp_path, "dot-xuat.xlsx", "DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG ĐỘT XUẤT NĂM 2026",
                   [[1, names[0], 1981, "Giấy khen"], [2, names[1], 1982, "Giấy khen"]])
    asked = read_file(world.s, sudden)  # the clerk asks to replace (--replace): refused, nothing written
    assert not confirm_replace(asked) and asked.blocked
    refused = next(p for p in asked.problems if p.code == "replace_other_kind")
    assert refused.severity == "error"
    assert refused.message.startswith(f"Không thay được hồ sơ {first.dossier_number}: hồ sơ đó là loại "
                                      "“Thường xuyên (tổng kết năm)”, danh sách này là loại “Đột xuất”")
    preview = read_file(world.s, sudden)
    assert category_text(preview) == "Đột xuất (đọc từ tiêu đề)"
    codes = [p.code for p in preview.problems]
    assert "may_replace" not in codes and "eligibility_already_proposed" not in codes, codes
    assert not preview.blocked
    second = commit_import(world.s, preview)
    assert "phiên bản" not in second.message and "(đột xuất)" in second.message
    assert second.dossier_id != first.dossier_id
    assert world.s.get(Dossier, second.dossier_id).category == "sudden"
    assert world.s.scalar(select(func.count()).select_from(Nominee).where(
        Nominee.dossier_id == first.dossier_id)) == 5
    for dossier_id in (first.dossier_id, second.dossier_id):
        for v in check_dossier(world.s, dossier_id, on=dt.date(2026, 12, 8)):
            assert "proposed_twice" not in [r.code for r in v.reasons], (v.nominee, v.reasons)


def test_a_year_end_list_still_offers_to_replace_the_year_end_one(world, tmp_path):
    world.unit("Trường Tiểu học Bình Lư")
    title = "DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG NĂM 2026"
    commit_import(world.s, read_file(world.s, _list(tmp_path, "a.xlsx", title, [[1, "Chu Thị Lan", 1985, "LĐTT"]])))
    sudden = read_file(world.s, _list(tmp_path, "b.xlsx", title, [[1, "Chu Thị Lan", 1985, "LĐTT"]]),
                       category="sudden")  # the clerk says it is a sudden list: no replacing
    assert sudden.category_from == "chosen" and sudden.replaces is None
    again = read_file(world.s, _list(tmp_path, "c.xlsx", title, [[1, "Chu Thị Lan", 1985, "LĐTT"],
                                                                 [2, "Lò Văn Thành", 1982, "LĐTT"]]))
    assert again.category == "regular" and "may_replace" in [p.code for p in again.problems]


def test_the_clerk_corrects_a_dossiers_kind_and_its_history_says_so(world):
    unit = world.unit("Trường Tiểu học Bình Lư")
    dossier = world.dossier(unit, year=2026, status="received", received=dt.date(2026, 12, 7))
    set_category(world.s, dossier.id, "sudden")
    assert dossier.category == "sudden"
    events = world.s.scalars(select(DossierEvent.reason).where(DossierEvent.dossier_id == dossier.id)).all()
    assert "Đổi loại hồ sơ: Thường xuyên (tổng kết năm) → Đột xuất" in events
    decided = world.dossier(unit, year=2026, status="decided", received=dt.date(2026, 12, 7))
    with pytest.raises(UserError, match="không đổi loại hồ sơ"):
        set_category(world.s, decided.id, "sudden")


def test_tdkt_import_dossier_kind(demo_path, tmp_path):
    path = books.write(tmp_path / "ds.xlsx", [("Danh sach", [
        ["UBND XÃ BẢN BO"], ["DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG NĂM 2025"], [], HEAD,
        [1, "Lò Văn Mới", 1980, "Giấy khen"]], ())])
    said = tdkt("import", path, "--db", demo_path, "--dry-run", "--json", "--unit", "xa ban bo")
    assert objects(said)[0]["dossier_kind"] == "regular"
    chosen = tdkt("import", path, "--db", demo_path, "--dry-run", "--unit", "xa ban bo", "--dossier-kind", "movement")
    assert "Loại hồ sơ: Theo đợt, chuyên đề (đã chọn)" in chosen.stdout, chosen.stdout + chosen.stderr
    wrong = tdkt("import", path, "--db", demo_path, "--dry-run", "--dossier-kind", "dot_xuat")
    assert wrong.returncode == 2 and "sudden" in wrong.stderr


def test_tdkt_import_replace_of_another_kind_is_refused_and_writes_nothing(demo_path, tmp_path):
    """Tester: `tdkt import dot-xuat.xlsx --replace` replaced the 5-name year-end dossier."""
    rows = [[1, "Lò Văn Mới", 1980, "Giấy khen"], [2, "Lò Thị Mai", 1982, "Giấy khen"]]
    year_end = books.write(tmp_path / "tong-ket.xlsx", [("Danh sach", [
        ["UBND XÃ BẢN BO"], ["DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG TỔNG KẾT NĂM 2025"], [], HEAD] + rows, ())])
    sudden = books.write(tmp_path / "dot-xuat.xlsx", [("Danh sach", [
        ["UBND XÃ BẢN BO"], ["DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG ĐỘT XUẤT NĂM 2025"], [], HEAD] + rows[:1], ())])
    first = tdkt("import", year_end, "--db", demo_path, "--unit", "xa ban bo", "--json")
    number = objects(first)[0]["dossier"]
    refused = tdkt("import", sudden, "--db", demo_path, "--unit", "xa ban bo", "--replace", "--json")
    said = objects(refused)[0]
    assert refused.returncode == 1 and not said["committed"] and said["dossier_kind"] == "sudden"
    assert any(p["code"] == "replace_other_kind" and number in p["message"] for p in said["problems"])
    shown = tdkt("dossier", "show", number, "--db", demo_path)
    assert "Lò Thị Mai" in shown.stdout  # the year-end dossier keeps its two names
    alone = tdkt("import", sudden, "--db", demo_path, "--unit", "xa ban bo")
    assert alone.returncode == 0 and "(đột xuất)" in alone.stdout and "phiên bản" not in alone.stdout, alone.stdout
