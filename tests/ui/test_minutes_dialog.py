"""Tệp → In văn bản → Biên bản kiểm phiếu: the meeting's start and end, the counting board and
the ballots are asked first, then the minutes show them; a wrong figure is refused in words."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialog

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "app" / "printing"))

from print_pdf import flat, pages_text  # noqa: E402

from ui.minutes_dialog import MinutesDialog  # noqa: E402
from ui.print_preview import PrintPreviewDialog  # noqa: E402


@pytest.fixture
def opened(monkeypatch):
    dialogs: list = []
    monkeypatch.setattr(PrintPreviewDialog, "open", lambda self: dialogs.append(self))
    monkeypatch.setattr(MinutesDialog, "open", lambda self: dialogs.append(self))
    yield dialogs
    for dialog in dialogs:
        dialog.done(0)


def test_the_menu_asks_for_the_minutes_then_prints_them(demo_window, opened):
    next(a for a in demo_window.print_menu.actions() if a.text().startswith("Biên bản kiểm phiếu")).trigger()
    dialog = opened[-1]
    assert isinstance(dialog, MinutesDialog)
    assert dialog.started.text() == "08:00" and dialog.ended.text() == "11:15"
    assert sum(1 for box in dialog.board.values() if box.currentData() == "head") == 1
    issued, returned, valid = next(iter(dialog.ballots.values()))
    assert (issued.value(), returned.value(), valid.value()) == (8, 8, 8)
    dialog.ended.setText("07:00")
    dialog.accept()
    assert "phải sau giờ bắt đầu" in dialog.error_label.text() and dialog.result() != QDialog.DialogCode.Accepted
    dialog.ended.setText("10h45")
    dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted
    preview = opened[-1]
    assert isinstance(preview, PrintPreviewDialog)
    text = flat("".join(pages_text(preview.document.pdf)))
    assert flat("kết thúc vào hồi 10 giờ 45") in text and flat("Số phiếu phát ra: 08") in text
