"""A failure of the database reaches the clerk in the window as one plain Vietnamese line:
in the screen's own message line when a save is refused (the dossier window here, while
another PC is writing the data file), and in a plain message box, logged, when one escapes a
slot (never the "lỗi ngoài dự kiến" dialog with a driver's English text)."""

from __future__ import annotations

import os
import sqlite3
import sys
from pathlib import Path

import psycopg
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import select
from sqlalchemy.exc import OperationalError

sys.path.insert(0, str(Path(__file__).resolve().parent))

from dossier_office import build  # noqa: E402

from db.models import Nominee  # noqa: E402
from ui import error_hook  # noqa: E402
from ui.dossier_dialog import DossierDialog  # noqa: E402
from ui.error_hook import LOG_NAME, ErrorDialog  # noqa: E402


def test_a_save_refused_by_a_busy_data_file_is_one_plain_line_in_the_dossier_window(qtbot, db, ops):
    ids = build(db)
    dialog = DossierDialog(db, ops, ids["dossier"])
    qtbot.addWidget(dialog)
    dialog.resize(1366, 768)
    dialog.show()
    dialog.nominees.selectRow(0)
    dialog.ask = lambda *a, **k: "Hội đồng xem xét thêm"  # asked if the check says it fails
    nominee_id = dialog.selected_nominee().id
    other = sqlite3.connect(str(db.path), isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another PC is in the middle of writing the file
    try:
        dialog.nominee_buttons["approve"].click()
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert dialog.message.label.isVisible()
    assert dialog.message.label.text() == ("Tệp dữ liệu đang được một máy (hoặc chương trình) khác ghi; "
                                           "việc vừa làm chưa được ghi. Hãy đợi một lát rồi làm lại.")
    shots = os.environ.get("TDKT_SHOTS")
    if shots:
        dialog.grab().save(str(Path(shots) / "dossier-busy-file.png"))
    with db.session() as s:
        assert s.scalar(select(Nominee.appraisal).where(Nominee.id == nominee_id)) == "pending"
    dialog.nominee_buttons["approve"].click()  # the other PC is done: the same click goes through
    assert not dialog.message.label.text().startswith("Tệp dữ liệu")


def test_a_database_failure_escaping_a_slot_is_a_plain_box_and_logged(qtbot, tmp_path, monkeypatch):
    hook = error_hook.install(lambda: tmp_path / "logs")
    boxes, dialogs = [], []
    monkeypatch.setattr(QMessageBox, "exec", lambda self: boxes.append(self.text()) or 0)
    monkeypatch.setattr(ErrorDialog, "exec", lambda self: dialogs.append(self) or 0)
    try:
        try:
            raise OperationalError("INSERT INTO nominees (name) VALUES ('Nguyễn Văn An')", {},
                                   psycopg.errors.DiskFull("could not extend file: No space left on device"))
        except OperationalError:
            hook.handle(*sys.exc_info())
    finally:
        hook.uninstall()
    assert dialogs == [] and len(boxes) == 1
    assert boxes[0].startswith("Ổ đĩa của máy chủ dữ liệu đã đầy; việc vừa làm chưa được ghi.")
    assert "INSERT" not in boxes[0] and "Nguyễn Văn An" not in boxes[0]
    assert "No space left on device" in (tmp_path / "logs" / LOG_NAME).read_text(encoding="utf-8")
