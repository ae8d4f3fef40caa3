"""The backups dialog: the list shows date, reason, size and content; "Sao lưu ngay" adds one;
restore asks first, saying what will be replaced, and a refusal changes nothing."""

from __future__ import annotations

from PySide6.QtCore import Qt
from sqlalchemy import select

from app import backup, users
from app.session_user import Actor, acting_as, set_actor
from db.models import Unit


def _dialog(qtbot, db, ops, **kw):
    from ui.backup_dialog import BackupDialog

    dialog = BackupDialog(db, ops, **kw)
    qtbot.addWidget(dialog)
    dialog.messages = []
    dialog.inform = dialog.messages.append
    dialog.show()
    return dialog


def _cell(dialog, row, col):
    return dialog.table.item(row, col).text()


def test_list_shows_date_reason_size_and_content(qtbot, office_db, ops, tmp_path):
    backup.backup_now(office_db, "daily")
    backup.backup_now(office_db, "import")
    dialog = _dialog(qtbot, office_db, ops)
    assert dialog.table.rowCount() == 2
    assert {_cell(dialog, r, 1) for r in range(2)} == {"Hằng ngày", "Trước khi nhập dữ liệu"}
    assert _cell(dialog, 0, 2).endswith("KB") or _cell(dialog, 0, 2).endswith("MB")
    assert "5 đơn vị" in _cell(dialog, 0, 3) and "5 hồ sơ" in _cell(dialog, 0, 3)
    assert _cell(dialog, 0, 0).count("/") == 2
    dialog.grab().save(str(tmp_path / "backup_dialog.png"))  # to look at


def test_back_up_now_adds_a_row(qtbot, office_db, ops):
    dialog = _dialog(qtbot, office_db, ops)
    assert dialog.table.rowCount() == 0 and "Chưa có bản sao lưu" in dialog.status.text()
    qtbot.mouseClick(dialog.backup_button, Qt.MouseButton.LeftButton)
    assert dialog.table.rowCount() == 1 and _cell(dialog, 0, 1) == "Sao lưu theo yêu cầu"
    assert "Đã sao lưu vào" in dialog.status.text()


def test_back_up_to_a_chosen_folder(qtbot, office_db, ops, tmp_path):
    dialog = _dialog(qtbot, office_db, ops)
    dialog.choose_folder = lambda: str(tmp_path / "USB")
    dialog.backup_to_folder()
    assert len(list((tmp_path / "USB").glob("tdkt-*-manual.zip"))) == 1
    assert dialog.table.rowCount() == 0  # the USB copy is not an automatic one


def test_restore_asks_first_and_a_refusal_changes_nothing(qtbot, office_db, ops):
    backup.backup_now(office_db, "manual")
    with office_db.session() as s:
        s.add(Unit(code="SAU", name="Đơn vị thêm sau khi sao lưu", kind="school"))
    reloaded = []
    dialog = _dialog(qtbot, office_db, ops, on_restored=lambda: reloaded.append(True))
    asked = []
    dialog.confirm = lambda text: asked.append(text) or False
    dialog.table.selectRow(0)
    dialog.restore_selected()
    assert "sẽ bị THAY THẾ" in asked[0] and str(office_db.path) in asked[0]
    assert "Sao lưu theo yêu cầu" in asked[0] and "hoàn tác" in asked[0]
    assert "Đã hủy" in dialog.status.text() and not reloaded
    with office_db.session() as s:
        assert s.scalar(select(Unit.id).where(Unit.code == "SAU")) is not None

    dialog.confirm = lambda text: True
    dialog.restore_selected()
    assert reloaded == [True]
    with office_db.session() as s:  # the same Database object sees the restored file
        assert s.scalar(select(Unit.id).where(Unit.code == "SAU")) is None
    assert "hoàn tác" in dialog.messages[-1]
    # The state before the restore is listed, so the restore can be undone from here.
    assert "Trước khi khôi phục" in {_cell(dialog, r, 1) for r in range(dialog.table.rowCount())}


def test_restore_from_another_file_refuses_a_foreign_zip(qtbot, office_db, ops, tmp_path):
    (tmp_path / "anh.zip").write_bytes(b"not a zip")
    dialog = _dialog(qtbot, office_db, ops)
    dialog.choose_file = lambda: str(tmp_path / "anh.zip")
    dialog.restore_from_file()
    assert "không phải bản sao lưu TĐKT" in dialog.messages[-1]


def test_a_viewer_cannot_back_up_or_restore(qtbot, office_db, ops):
    with office_db.session() as s:
        users.enable_users(s, "truong.phong", "Trưởng phòng", "matkhau-truong")
    with acting_as(Actor("truong.phong", role="head", signed_in=True)), office_db.session() as s:
        users.create_user(s, "xem", "Người xem", "viewer", "matkhau-xem")
    backup.backup_now(office_db, "manual")
    users.sign_in(office_db, "xem", "matkhau-xem")
    try:
        dialog = _dialog(qtbot, office_db, ops)
        dialog.table.selectRow(0)
        assert not dialog.backup_button.isEnabled() and not dialog.restore_button.isEnabled()
        assert not dialog.restore_file_button.isEnabled()
    finally:
        set_actor(None)


def test_damaged_file_at_start_is_offered_the_newest_good_backup(qtbot, db):
    from app.startup import DamagedFile, open_for_work
    from ui.backup_dialog import offer_backup_for_damaged

    with db.session() as s:
        s.add(Unit(code="CON", name="Đơn vị còn lại", kind="commune"))
    backup.backup_now(db, "daily")
    db.dispose()
    for suffix in ("-wal", "-shm"):
        db.path.with_name(db.path.name + suffix).unlink(missing_ok=True)
    raw = bytearray(db.path.read_bytes())
    raw[300:12288] = b"\x00" * (12288 - 300)
    db.path.write_bytes(bytes(raw))
    try:
        open_for_work(db.path)
    except DamagedFile as exc:
        error = exc
    questions = []
    assert offer_backup_for_damaged(error, ask_fn=lambda t: questions.append(t) or False) is False
    assert "bị hỏng" in questions[0] and "Hằng ngày" in questions[0] and "giữ nguyên trạng" in questions[0]
    assert offer_backup_for_damaged(error, ask_fn=lambda t: True) is True
    place = open_for_work(db.path)
    try:
        with place.db.session() as s:
            assert s.scalar(select(Unit.name).where(Unit.code == "CON")) == "Đơn vị còn lại"
    finally:
        place.close()


def test_on_a_server_database_the_dialog_lists_and_makes_logical_dumps(qtbot, office_db, ops,
                                                                         tmp_path, monkeypatch):
    """A server has no file: its backups are dumps in this PC's data folder (the SQLite engine
    stands in for the server here)."""
    from app import dump
    from app.database import Database

    monkeypatch.setattr(dump, "dumps_folder", lambda _engine: tmp_path / "dumps")
    server = Database(url=office_db.url, path=None, engine=office_db.engine, factory=office_db.factory)
    dialog = _dialog(qtbot, server, ops)
    assert dialog.table.rowCount() == 0 and str(tmp_path / "dumps") in dialog.findChildren(
        type(dialog.status))[0].text()
    dialog.backup_now()
    assert dialog.table.rowCount() == 1 and _cell(dialog, 0, 1) == "Sao lưu theo yêu cầu"
    assert dump.is_dump(next((tmp_path / "dumps").glob("*.zip")))
