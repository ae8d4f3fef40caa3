"""Qt's own texts in Vietnamese: context menus, standard buttons; the compiled file matches
the table; lookups leave Python's None alone (a Python QTranslator subclass did not)."""

from __future__ import annotations

import sys

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QLineEdit, QPlainTextEdit

from app.resources import resource_path
from ui import qt_vi


def test_the_compiled_file_matches_the_table(tmp_path):
    built = qt_vi.build_qm(tmp_path / "qt_vi.qm")
    assert built.read_bytes() == resource_path(*qt_vi.QM).read_bytes(), \
        "resources/i18n/qt_vi.qm is stale: run `python -m ui.qt_vi`"


def test_qt_widgets_speak_vietnamese(qtbot):
    translator = qt_vi.install(QApplication.instance())
    try:
        assert translator is not None
        line = QLineEdit()
        qtbot.addWidget(line)
        menu = line.createStandardContextMenu()
        texts = [a.text().split("\t")[0] for a in menu.actions() if a.text()]
        assert texts == ["&Hoàn tác", "&Làm lại", "&Cắt", "&Sao chép", "&Dán", "Xóa", "Chọn tất cả"]
        assert "\tCtrl+C" in menu.actions()[4].text()  # key names untouched
        editor = QPlainTextEdit()
        qtbot.addWidget(editor)
        assert "&Sao chép" in [a.text().split("\t")[0] for a in editor.createStandardContextMenu().actions()]
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        assert sorted(b.text() for b in box.buttons()) == ["Hủy", "Đồng ý"]
    finally:
        QApplication.instance().removeTranslator(translator)


def test_lookups_do_not_leak_references_to_none(qtbot):
    translator = qt_vi.install(QApplication.instance())
    try:
        before = sys.getrefcount(None)
        for _ in range(2000):
            QCoreApplication.translate("QLineEdit", "&Copy")
            QCoreApplication.translate("Ngữ cảnh lạ", "Không có")
        assert abs(sys.getrefcount(None) - before) < 50
    finally:
        QApplication.instance().removeTranslator(translator)
