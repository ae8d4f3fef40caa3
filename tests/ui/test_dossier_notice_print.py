"""The dossier window prints the public notice: the button opens the preview of the notice and
its list, or says plainly that nobody is eligible yet."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "app" / "printing"))

from dossier_office import build  # noqa: E402
from print_pdf import flat, pages_text  # noqa: E402

from ui import ops as ops_module  # noqa: E402
from ui.dossier_dialog import DossierDialog  # noqa: E402
from ui.print_preview import PrintPreviewDialog  # noqa: E402


@pytest.fixture
def opened(monkeypatch):
    dialogs: list[PrintPreviewDialog] = []
    monkeypatch.setattr(PrintPreviewDialog, "open", lambda self: dialogs.append(self))
    yield dialogs
    for dialog in dialogs:
        dialog.done(0)


def test_printing_the_notice_from_the_dossier(qtbot, db, ops, opened, monkeypatch):
    told: list[str] = []
    monkeypatch.setattr(ops_module, "show_failure", lambda exc, parent=None: told.append(str(exc)))
    ids = build(db)
    dialog = DossierDialog(db, ops, ids["dossier"])
    qtbot.addWidget(dialog)
    dialog.show()
    button = dialog.nominee_buttons["print_notice"]
    assert button.text() == "In công khai…" and "thông báo công khai" in button.toolTip()
    button.click()
    assert not opened and "chưa có ai được thẩm định “Đạt”" in told[0]
    for r in range(dialog.nominees.rowCount()):
        if dialog.nominees.item(r, 1).text().startswith("Nguyễn Văn An"):
            dialog.nominees.selectRow(r)
            dialog.nominee_buttons["approve"].click()
    button.click()
    assert len(opened) == 1
    document = opened[0].document
    assert document.title.startswith("Thông báo công khai") and document.pages == 2
    annex = flat(pages_text(document.pdf)[1])
    assert "NguyễnVănAn" in annex and "LòThịBình" not in annex
