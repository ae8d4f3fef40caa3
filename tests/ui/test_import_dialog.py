"""The import dialog with real widgets: several files, rows and problems as understood, guesses
and column mapping that re-read, near-match confirmation, confirm writes / cancel does not;
the menu action and drops on the main window; Xuất Excel on a table panel; templates."""

from __future__ import annotations

import os
from pathlib import Path

from openpyxl import load_workbook
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from sqlalchemy import func, select

from db.models import Dossier, Nominee, Person, Submission
from tests.app.excel.books import nasty_list, xls, xlsx
from ui.import_dialog import ImportDialog, workbook_paths


def _nasty(tmp_path: Path, writer=xlsx) -> Path:
    rows, merges = nasty_list()
    return writer(tmp_path / f"ban-bo.{'xls' if writer is xls else 'xlsx'}", rows, merges)


def _count(db, model) -> int:
    with db.session() as s:
        return s.scalar(select(func.count()).select_from(model))


def _cell(table, row: int, col: int) -> str:
    """What a cell shows: the rows view (a model) or a table widget (problems, mapping)."""
    return table.cell_text(row, col) if hasattr(table, "cell_text") else table.item(row, col).text()


def test_the_dialog_shows_rows_and_problems_then_writes_on_confirm(qtbot, office_db, ops, tmp_path):
    broken = tmp_path / "hong.xlsx"
    broken.write_text("không phải bảng tính", encoding="utf-8")
    written = []
    dialog = ImportDialog(office_db, ops, [_nasty(tmp_path, xls), broken], on_written=written.append)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.file_list.count() == 2
    assert "sẵn sàng" in dialog.file_list.item(0).text()
    assert "không đọc được" in dialog.file_list.item(1).text()
    assert dialog.kind_box.currentData() == "award_proposal"
    assert dialog.unit_box.currentText() == "UBND xã Bản Bo"
    assert dialog.year_box.value() == 2025 and dialog.award_box.currentText() == "Giấy khen"
    assert dialog.rows.rowCount() == 8
    assert _cell(dialog.rows, 0, 2) == "Nguyễn Văn Đức" and _cell(dialog.rows, 0, 4) == "1984"
    assert _cell(dialog.rows, 7, 1) == "Tập thể"
    assert dialog.confirm_button.isEnabled()
    dialog.grab().save(str(tmp_path / "import-dialog.png"))
    dialog.file_list.setCurrentRow(1)
    assert "Không đọc được" in dialog.summary.text() and not dialog.confirm_button.isEnabled()
    dialog.file_list.setCurrentRow(0)
    before = _count(office_db, Person)
    dialog.confirm()
    assert written and "dossiers" in written[0]
    assert "đã nhập" in dialog.file_list.item(0).text()
    assert _count(office_db, Submission) >= 1 and _count(office_db, Person) == before + 7
    with office_db.session() as s:
        assert s.scalar(select(func.count()).select_from(Nominee).join(Dossier).where(
            Dossier.submission_id == s.scalar(select(func.max(Submission.id))))) == 8
    assert list((office_db.path.parent / "backups").glob("*-import.zip"))  # backed up first
    assert not dialog.confirm_button.isEnabled()  # nothing left to write for this file


def test_correcting_a_guess_rereads_and_errors_block(qtbot, office_db, ops, tmp_path):
    rows = [["STT", "Họ và tên", "Cột lạ", "Ghi chú"], [1, "Lò Văn Một", 1980, None], [2, "Lò Thị Hai", 1991, None]]
    path = xlsx(tmp_path / "tron.xlsx", rows)
    dialog = ImportDialog(office_db, ops, [path])
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.confirm_button.isEnabled()
    codes = [_cell(dialog.problems, i, 2) for i in range(dialog.problems.rowCount())]
    assert any("đơn vị" in c for c in codes) and any("năm" in c for c in codes)
    dialog.unit_box.setCurrentIndex(dialog.unit_box.findText("UBND xã Khun Há"))
    dialog._guesses_changed()
    dialog.year_box.setValue(2025)
    dialog._guesses_changed()
    dialog.award_box.setCurrentIndex(dialog.award_box.findData("LDTT"))
    dialog._guesses_changed()
    assert dialog.confirm_button.isEnabled()
    assert _cell(dialog.rows, 0, 8) == "Lao động tiên tiến"
    assert _cell(dialog.rows, 0, 4) == ""  # "Cột lạ" is not understood yet
    box = dialog.mapping.cellWidget(2, 2)
    box.setCurrentIndex(box.findData("birth"))
    box.activated.emit(box.currentIndex())
    dialog.grab().save(str(tmp_path / "import-dialog-mapping.png"))
    assert _cell(dialog.rows, 0, 4) == "1980"  # re-read with the corrected mapping


def test_a_near_match_is_confirmed_by_the_clerk(qtbot, office_db, ops, tmp_path):
    with office_db.session() as s:
        other = s.scalar(select(Person).where(Person.full_name == "Nguyễn Văn Đức"))
        if other is None:
            s.add(Person(full_name="Nguyễn Văn Đức", match_key="nguyen van duc", birth_year=1985))
    dialog = ImportDialog(office_db, ops, [_nasty(tmp_path)])
    qtbot.addWidget(dialog)
    dialog.show()
    assert _cell(dialog.rows, 0, 9).startswith("Gần giống")
    dialog.confirm_person(0, answer="Người mới (tạo hồ sơ cá nhân mới)")
    assert _cell(dialog.rows, 0, 9) == "Người mới (đã xác nhận)"
    dialog.confirm()
    with office_db.session() as s:
        assert s.scalar(select(func.count()).select_from(Person).where(Person.match_key == "nguyen van duc")) == 2


def test_closing_without_confirming_writes_nothing(qtbot, office_db, ops, tmp_path):
    before = (_count(office_db, Submission), _count(office_db, Person))
    dialog = ImportDialog(office_db, ops, [_nasty(tmp_path)])
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.reject()
    assert (_count(office_db, Submission), _count(office_db, Person)) == before


def test_menu_toolbar_and_drops_on_the_main_window(qtbot, window, tmp_path):
    texts = [a.text() for a in window.menus["Tệp"].actions()]
    assert "Nhập tệp Excel…" in texts and "Lập biểu mẫu gửi đơn vị…" in texts
    assert "Nhập Excel" in [a.text() for a in window.toolbar.actions()]
    path = _nasty(tmp_path)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path)), QUrl.fromLocalFile(str(tmp_path / "ghi-chu.txt"))])
    assert workbook_paths(mime.urls()) == [path]
    drop = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                      Qt.KeyboardModifier.NoModifier)
    window.import_actions["drops"].eventFilter(window, drop)
    dialog = window.import_dialog
    qtbot.addWidget(dialog)
    assert dialog.files[0].path == path and dialog.rows.rowCount() == 8


def test_a_table_panel_exports_what_it_shows(qtbot, window, tmp_path):
    from ui.excel_export import export_panel

    panel = window.awards_tab.panel
    assert panel.export_action.text() == "Xuất Excel"
    panel.set_search("Nguyễn")
    panel.flush_search()
    title, headers, rows = panel.visible_table()
    written = export_panel(panel, tmp_path / "so.xlsx")
    ws = load_workbook(written)["Danh sách"]
    values = [c.value for row in ws.iter_rows() for c in row if c.value is not None]
    assert title.upper() in values and "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in values
    names = [r[headers.index(next(h for h in headers if "tên" in h.lower()))] for r in rows] if rows else []
    assert all(name in values for name in names)


def test_the_templates_dialog_writes_one_file_per_unit(qtbot, office_db, ops, tmp_path):
    from ui.template_dialog import TemplateDialog

    dialog = TemplateDialog(office_db, ops, 2025)
    qtbot.addWidget(dialog)
    dialog.kind_box.setCurrentIndex(dialog.kind_box.findData("registration"))
    dialog.every.setChecked(True)
    dialog.folder.setText(str(tmp_path / "mau"))
    dialog.make()
    assert len(dialog.written) >= 3 and all(p.exists() for p in dialog.written)
    assert "Đã lập" in dialog.result_label.text()


def test_the_templates_dialog_offers_only_kinds_it_can_make(qtbot, office_db, ops, tmp_path):
    """Never the award book (no template exists for it); every kind offered is made; the
    dialog closes with «Đóng»."""
    from PySide6.QtWidgets import QDialogButtonBox

    from ui.template_dialog import TemplateDialog

    dialog = TemplateDialog(office_db, ops, 2025)
    qtbot.addWidget(dialog)
    offered = [dialog.kind_box.itemText(i) for i in range(dialog.kind_box.count())]
    assert not any("Sổ theo dõi" in t for t in offered) and len(offered) == 5
    close = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Close)
    assert close.text() == "Đóng"
    unit = dialog.unit_box.findText("UBND xã Bản Bo")
    dialog.unit_box.setCurrentIndex(max(unit, 0))
    for i in range(dialog.kind_box.count()):
        if dialog.kind_box.itemData(i) == "bloc_scores":
            continue  # needs the unit in a bloc with criteria (its own test)
        dialog.kind_box.setCurrentIndex(i)
        dialog.folder.setText(str(tmp_path / f"mau{i}"))
        dialog.make()
        assert "Đã lập 1 biểu mẫu" in dialog.result_label.text(), offered[i]


def test_a_list_like_one_sent_before_is_its_own_dossier_unless_the_clerk_ticks_replace(qtbot, office_db, ops,
                                                                                    tmp_path):
    from app.imports import commit_import, read_file

    before = _count(office_db, Dossier)
    with office_db.session() as s:
        first = commit_import(s, read_file(s, _nasty(tmp_path)))

    rows, merges = nasty_list()
    rows[17][2] = 1991  # a corrected birth year
    second = xlsx(tmp_path / "ban-bo-sua.xlsx", rows, merges)
    dialog = ImportDialog(office_db, ops, [second])
    qtbot.addWidget(dialog)
    dialog.show()
    box = dialog.replace_box
    assert box.isVisible() and not box.isChecked()
    assert first.dossier_number in box.text() and "hồ sơ riêng" in box.text()
    dialog.grab().save(str(tmp_path / "import-replace.png"))
    box.setChecked(True)
    assert dialog.current().preview.replace_confirmed
    box.setChecked(False)
    dialog.confirm()
    with office_db.session() as s:  # unticked: a dossier of its own, the first one untouched
        assert s.scalar(select(func.count()).select_from(Dossier)) == before + 2
        assert s.scalar(select(func.count()).select_from(Nominee).where(Nominee.dossier_id == first.dossier_id)) == 8


def test_a_list_of_many_units_shows_each_rows_own_unit(qtbot, demo_path, ops, tmp_path):
    import datetime as dt

    from app.database import open_database
    from app.excel.exports import export_named

    db = open_database(demo_path)
    path = tmp_path / "tong_hop.xlsx"
    with db.session() as s:
        export_named(s, "nominees", 2025, path, today=dt.date(2025, 12, 6))
    dialog = ImportDialog(db, ops, [path])
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.rows.rowCount() > 100
    headers = [dialog.rows.model().headerData(c, Qt.Orientation.Horizontal) for c in range(3)]
    assert headers[:2] == ["Dòng", "Đơn vị đề nghị"]
    units = {_cell(dialog.rows, r, 1) for r in range(dialog.rows.rowCount())}
    assert len(units) > 10 and "" not in units
    assert f"{len(units)} đơn vị" in dialog.unit_label.text()
    # every row is one the program holds: the clerk is told so, nothing is written
    assert dialog.current().preview.nothing_new and not dialog.confirm_button.isEnabled()
    assert "dòng đã có trong hồ sơ, không ghi gì" in dialog.summary.text()
    dialog.grab().save(str(tmp_path / "import-many.png"))
    db.dispose()


def test_the_preview_offers_the_kind_read_from_the_title_and_the_clerk_changes_it(qtbot, office_db, ops, tmp_path):
    """Tester's point 2: a ĐỘT XUẤT list became a year-end dossier, with no kind to choose, and
    the dialog offered to replace the year-end dossier with it."""
    from app.imports import commit_import, read_file

    with office_db.session() as s:
        first = commit_import(s, read_file(s, _nasty(tmp_path)))
    rows, merges = nasty_list()
    rows[5][0] = "Đề nghị Chủ tịch UBND huyện tặng Giấy khen đột xuất năm 2025"
    sudden = xlsx(tmp_path / "ban-bo-dot-xuat.xlsx", rows, merges)
    dialog = ImportDialog(office_db, ops, [sudden])
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.category_box.isVisible() and dialog.category_box.currentText() == "Đột xuất"
    assert dialog.category_label.text() == "Loại hồ sơ (đọc từ tiêu đề):"
    assert not dialog.replace_box.isVisible()  # a sudden list never replaces the year-end one
    dialog.grab().save(str(tmp_path / "import-kind.png"))
    dialog.category_box.setCurrentIndex(dialog.category_box.findData("regular"))
    dialog.category_box.activated.emit(dialog.category_box.currentIndex())
    assert dialog.current().preview.category == "regular"
    assert dialog.category_label.text() == "Loại hồ sơ (đã chọn):"
    assert dialog.replace_box.isVisible() and first.dossier_number in dialog.replace_box.text()
    dialog.category_box.setCurrentIndex(dialog.category_box.findData("sudden"))
    dialog.category_box.activated.emit(dialog.category_box.currentIndex())
    dialog.confirm()
    with office_db.session() as s:
        newest = s.scalars(select(Dossier).order_by(Dossier.id.desc())).first()
        assert newest.id != first.dossier_id and newest.category == "sudden"


def test_a_row_with_an_unknown_award_stays_in_the_table_marked(qtbot, office_db, ops, tmp_path):
    from tests.app.excel import province_books as pb

    rows = [[1, "Bà", "Lò Thị Én", "Văn thư", "UBND xã Bản Bo", "Khen thưởng cá nhân", "Lao động tiên tiến",
             pb.WORKER, "Quản lý Nhà nước"],
            [2, "Ông", "Bàn Văn Tả", "Trưởng bản", "Bản Nà Khum", "Khen thưởng cá nhân",
             "Huân chương Chiến công hạng ba", pb.WORKER, "Quản lý Nhà nước"],
            [3, None, "Trường Mầm non Bản Bo", None, "UBND xã Bản Bo", "Khen thưởng tập thể",
             "Tập thể lao động tiên tiến", "Đơn vị sự nghiệp", "Giáo dục - Đào tạo"]]
    path = pb.fill("MauTDKT.xlsx", tmp_path / "mau.xlsx", pb.rows_to_cells(2, "ABCDEFGHI", rows))
    dialog = ImportDialog(office_db, ops, [path])
    qtbot.addWidget(dialog)
    dialog.resize(1366, 768)
    dialog.show()
    assert dialog.rows.rowCount() == 3  # every row read, in the file's order
    assert [_cell(dialog.rows, r, 0) for r in range(3)] == ["2", "3", "4"]
    assert _cell(dialog.rows, 1, 2) == "Bàn Văn Tả"
    assert "Huân chương Chiến công hạng ba" in _cell(dialog.rows, 1, 8) and "không có trong danh mục" in _cell(
        dialog.rows, 1, 8)
    assert _cell(dialog.rows, 1, 9) == "Không nhập (lỗi)"
    assert "#b00020" in dialog.summary.text() and not dialog.confirm_button.isEnabled()
    # the name column shows whole names
    view = dialog.rows
    name_col = 2
    width = view.columnWidth(name_col)
    assert all(view.fontMetrics().horizontalAdvance(_cell(view, r, name_col)) + 8 <= width for r in range(3))
    dialog.grab().save(str(tmp_path / "import-refused.png"))
    if (shots := os.environ.get("TDKT_SHOTS")):
        dialog.grab().save(str(Path(shots) / "import-refused.png"))


def test_no_errors_is_not_said_in_red(qtbot, office_db, ops, tmp_path):
    path = xlsx(tmp_path / "ds.xlsx", [["UBND XÃ BẢN BO"], ["DANH SÁCH ĐỀ NGHỊ TẶNG DANH HIỆU LAO ĐỘNG TIÊN TIẾN NĂM 2025"],
                                       ["STT", "Họ và tên", "Năm sinh", "Chức vụ"], [1, "Lò Thị Én", 1990, "Văn thư"]])
    dialog = ImportDialog(office_db, ops, [path])
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.current().preview.errors
    assert "0 lỗi" in dialog.summary.text() and "#b00020" not in dialog.summary.text()


def test_a_list_that_is_not_an_award_list_is_refused_in_the_windows_words(qtbot, office_db, ops, tmp_path):
    rows = [["UBND XÃ BẢN BO"], ["DANH SÁCH TRÍCH NGANG CÁN BỘ, CÔNG CHỨC XÃ NĂM 2025"],
            ["STT", "Họ và tên", "Ngày sinh", "Chức vụ", "Trình độ chuyên môn", "Hệ số lương", "Ngày vào Đảng"],
            *[[i, f"Lò Văn {n}", f"0{i}/03/198{i}", "Công chức", "Đại học", 2.34, f"1{i}/05/2010"]
              for i, n in enumerate(["An", "Bình", "Chung"], start=1)]]
    dialog = ImportDialog(office_db, ops, [xlsx(tmp_path / "cbcc.xlsx", rows)])
    qtbot.addWidget(dialog)
    dialog.show()
    summary = dialog.summary.text()
    assert summary.startswith("<span style='color:#b00020'>Không phải danh sách đề nghị khen thưởng</span>")
    assert "cá nhân" not in summary and "--award" not in summary
    assert "«Danh hiệu cho cả danh sách»" in summary and not dialog.confirm_button.isEnabled()
