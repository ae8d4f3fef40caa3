"""Nhập tệp Excel: the dialog that reads units' workbooks, shows them as understood, lets the
clerk correct the guesses, then writes them — or nothing.

Several files at once (a list on the left). For the chosen file: the guesses (kind, unit,
year, award) and the column mapping, each editable (a change re-reads the rows), the rows as
understood, and every problem with its sheet and cell. A row that only resembles an existing
person is confirmed by double-clicking it (same person / a new person). "Nhập tệp này" writes
the file in one transaction after a backup of the data file; reading and writing run on the
ops worker thread with a cancellable progress dialog.

`install_import_actions(window)` adds Tệp → "Nhập tệp Excel…", a toolbar button, and
dropping files on the main window.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import select

from app.catalog import awards as catalog_awards
from app.excel.fields import FIELD_LABELS
from app.imports import KINDS, ImportPreview, commit_import, confirm_replace, read_file
from app.states import DOSSIER_CATEGORIES
from db.models import Unit
from ui.import_rows import PreviewRowsView

SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods", ".xlsb")
NO_YEAR = 1989
FILE_FILTER = "Bảng tính (*.xlsx *.xlsm *.xls *.ods *.xlsb);;Mọi tệp (*)"
ERROR_BG = QColor("#fde2e1")
WARN_BG = QColor("#fff4ce")


@dataclass
class FileState:
    """One file of the dialog: its preview (None until read), or why it could not be read."""

    path: Path
    preview: ImportPreview | None = None
    failure: str = ""
    result: str = ""

    def status(self) -> str:
        if self.result:
            return "đã nhập"
        if self.failure:
            return "không đọc được"
        if self.preview is None:
            return "đang đọc…"
        if self.preview.already_imported is not None:
            return "đã nhập trước đây"
        if self.preview.blocked:
            return f"{len(self.preview.errors)} lỗi"
        if self.preview.nothing_new:
            return "đã có, không ghi gì"
        return "sẵn sàng"


class ImportDialog(QDialog):
    """Read, show, correct, then confirm or cancel, file by file."""

    def __init__(self, db, ops, paths: list[Path], parent: QWidget | None = None, *, on_written=None):
        super().__init__(parent)
        self.db, self.ops, self.on_written = db, ops, on_written
        self.files = [FileState(Path(p)) for p in paths]
        self._backed_up = False
        self._filling = False
        self._year_edited = False  # an award book: the year box only fills undated rows once touched
        self.setWindowTitle("Nhập tệp Excel của đơn vị")
        self.resize(1280, 760)
        with db.session() as session:
            self._units = [(u.id, u.name) for u in session.scalars(select(Unit).order_by(Unit.sort_order, Unit.name))]
            self._awards = [(a.code, a.name) for a in catalog_awards(session)]
        self._build()
        for i in range(len(self.files)):
            self._read(i)
        if self.files:
            self.file_list.setCurrentRow(0)

    # --- layout -------------------------------------------------------------------------------
    def _build(self) -> None:
        self.file_list = QListWidget(self)
        self.file_list.setMinimumWidth(230)
        self.file_list.currentRowChanged.connect(lambda _row: self._show_current())
        add = QPushButton("Thêm tệp…", self)
        add.clicked.connect(self.choose_files)
        left = QVBoxLayout()
        left.addWidget(QLabel("Tệp cần nhập:", self))
        left.addWidget(self.file_list)
        left.addWidget(add)

        self.kind_box = QComboBox(self)
        for code, name in KINDS.items():
            self.kind_box.addItem(name, code)
        self.unit_box = QComboBox(self)
        self.unit_box.addItem("(chưa xác định)", None)
        for uid, name in self._units:
            self.unit_box.addItem(name, uid)
        self.unit_box.setEditable(True)
        self.unit_box.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.year_box = QSpinBox(self)
        self.year_box.setRange(NO_YEAR, 2100)
        self.year_box.setSpecialValueText("(chưa chọn)")  # the lowest value stands for "no year"
        self.award_box = QComboBox(self)
        self.award_box.addItem("(theo từng dòng / tiêu đề)", None)
        for code, name in self._awards:
            self.award_box.addItem(name, code)
        # The kind of dossier an award list becomes (read from its title: ĐỘT XUẤT, CHUYÊN ĐỀ ...).
        self.category_box = QComboBox(self)
        for code, name in DOSSIER_CATEGORIES.items():
            self.category_box.addItem(name, code)
        for box in (self.kind_box, self.unit_box, self.award_box, self.category_box):
            box.activated.connect(lambda _i: self._guesses_changed())
        self.year_box.editingFinished.connect(self._year_changed)
        form = QFormLayout()
        self.unit_label, self.year_label = QLabel("Đơn vị gửi:", self), QLabel("Năm:", self)
        self.award_label = QLabel("Danh hiệu cho cả danh sách:", self)
        form.addRow("Loại tệp:", self.kind_box)
        form.addRow(self.unit_label, self.unit_box)
        form.addRow(self.year_label, self.year_box)
        form.addRow(self.award_label, self.award_box)
        self.category_label = QLabel("Loại hồ sơ:", self)
        form.addRow(self.category_label, self.category_box)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        form.addRow(self.summary)
        # An award list never replaces the one it may correct unless the clerk ticks this.
        self.replace_box = QCheckBox(self)
        self.replace_box.setVisible(False)
        self.replace_box.toggled.connect(self._replace_toggled)
        form.addRow(self.replace_box)

        self.mapping = QTableWidget(0, 3, self)
        self.mapping.setHorizontalHeaderLabels(["Cột", "Tiêu đề trong tệp", "Hiểu là"])
        self.mapping.verticalHeader().setVisible(False)
        self.mapping.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.mapping.setColumnWidth(0, 110)
        self.mapping.setColumnWidth(2, 230)
        self.mapping.setMaximumHeight(190)
        top = QHBoxLayout()
        top.addLayout(form, 2)
        top.addWidget(self.mapping, 3)

        self.rows = PreviewRowsView(self)  # a model over the preview: 20,000 lines show at once
        self.rows.doubleClicked.connect(lambda index: self.confirm_person(self._preview_index(index.row())))
        self.problems = QTableWidget(0, 3, self)
        self.problems.setHorizontalHeaderLabels(["Mức", "Ô", "Nội dung"])
        self.problems.verticalHeader().setVisible(False)
        self.problems.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.problems.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.problems.setWordWrap(True)
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(self.rows)
        split.addWidget(self.problems)
        split.setSizes([430, 200])

        self.confirm_button = QPushButton("Nhập tệp này", self)
        self.confirm_button.setDefault(True)
        self.confirm_button.clicked.connect(self.confirm)
        self.skip_button = QPushButton("Bỏ tệp này", self)
        self.skip_button.clicked.connect(self.skip)
        close = QPushButton("Đóng", self)
        close.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for b in (self.skip_button, self.confirm_button, close):
            buttons.addWidget(b)
        right = QVBoxLayout()
        right.addLayout(top)
        right.addWidget(split, 1)
        right.addLayout(buttons)
        outer = QHBoxLayout(self)
        outer.addLayout(left)
        outer.addLayout(right, 1)

    # --- reading ------------------------------------------------------------------------------
    def current(self) -> FileState | None:
        row = self.file_list.currentRow()
        return self.files[row] if 0 <= row < len(self.files) else None

    def add_files(self, paths: list[Path]) -> None:
        known = {f.path.resolve() for f in self.files}
        for p in paths:
            if Path(p).resolve() not in known:
                self.files.append(FileState(Path(p)))
                self._read(len(self.files) - 1)
        self._refresh_list()

    def choose_files(self) -> None:
        names, _ = QFileDialog.getOpenFileNames(self, "Chọn tệp Excel của đơn vị", "", FILE_FILTER)
        self.add_files([Path(n) for n in names])

    def _read(self, index: int, **options) -> None:
        state = self.files[index]
        base = dict(state.preview.options) if state.preview is not None else {}
        base.update(options)
        choices = {(r.sheet, r.row, r.name): r.choice for r in state.preview.rows if r.choice is not None} \
            if state.preview is not None else {}

        def work(progress, should_cancel):
            with self.db.session() as session:
                return read_file(session, state.path, progress=lambda n, t, _label: progress(n, t),
                                 should_cancel=should_cancel, **base)

        def done(preview: ImportPreview) -> None:
            for r in preview.rows:
                r.choice = choices.get((r.sheet, r.row, r.name))
            state.preview, state.failure = preview, ""
            self._refresh_list()
            if self.current() is state:
                self._show_current()

        def failed(exc: BaseException) -> None:
            state.failure = getattr(exc, "message", str(exc))
            self._refresh_list()
            if self.current() is state:
                self._show_current()

        self.ops.run(work, on_done=done, on_error=failed, label=f"Đang đọc {state.path.name}…", parent=self)
        self._refresh_list()

    def _year_changed(self) -> None:
        if not self._filling:
            self._year_edited = True
        self._guesses_changed()

    def _guesses_changed(self) -> None:
        state = self.current()
        if self._filling or state is None or state.preview is None:
            return
        unit = self.unit_box.currentData()
        if unit is None and self.unit_box.currentText().strip() and self.unit_box.currentIndex() <= 0:
            unit = self.unit_box.currentText().strip()
        kind = self.kind_box.currentData()
        # In an award book each sheet or row says its year; the box gives the year of the rows
        # that do not, and only once the clerk has set it.
        chosen = self.year_box.value() if self.year_box.value() != NO_YEAR else None
        year = chosen if kind != "ledger" or self._year_edited else state.preview.options.get("year")
        # The kind of dossier: the clerk's choice once made (or changed from what the title says).
        category = self.category_box.currentData()
        if category == state.preview.category and not state.preview.options.get("category"):
            category = None
        self._read(self.files.index(state), kind=kind, unit=unit, year=year, award=self.award_box.currentData(),
                   category=category)

    def _mapping_changed(self, sheet: str, column: int, box: QComboBox) -> None:
        state = self.current()
        if self._filling or state is None or state.preview is None:
            return
        mapping = {k: dict(v) for k, v in (state.preview.options.get("mapping") or {}).items()}
        mapping.setdefault(sheet, {})[column] = box.currentData()
        self._read(self.files.index(state), mapping=mapping)

    # --- showing ------------------------------------------------------------------------------
    def _refresh_list(self) -> None:
        current = self.file_list.currentRow()
        self.file_list.blockSignals(True)
        self.file_list.clear()
        for f in self.files:
            item = QListWidgetItem(f"{f.path.name}\n   {f.status()}")
            if f.failure or (f.preview is not None and f.preview.blocked and not f.result):
                item.setForeground(QBrush(QColor("#b00020")))
            self.file_list.addItem(item)
        self.file_list.setCurrentRow(max(0, min(current, len(self.files) - 1)) if self.files else -1)
        self.file_list.blockSignals(False)

    def _show_current(self) -> None:
        state = self.current()
        self._filling = True
        try:
            self._fill(state)
        finally:
            self._filling = False

    def _fill(self, state: FileState | None) -> None:
        p = state.preview if state else None
        self.rows.show_preview(None)
        self.problems.setRowCount(0)
        self.mapping.setRowCount(0)
        ready = p is not None and not p.blocked and p.already_imported is None and not state.result
        if p is not None and p.kind == "ledger" and not p.context.get("plan_counts", {}).get("new"):
            ready = False  # every line of the book is already in the ledger: nothing to write
        if p is not None and p.nothing_new:
            ready = False  # the office's own export: every nominee already in its dossier
        self.confirm_button.setEnabled(ready)
        ledger = p is not None and p.kind == "ledger"
        many = p is not None and p.of_many_units
        self.unit_label.setText("Đơn vị (dòng không ghi đơn vị):" if ledger else
                                f"Đơn vị gửi ({p.unit_name}, theo từng dòng):" if many else "Đơn vị gửi:")
        self.year_label.setText("Năm (dòng không ghi năm):" if ledger else "Năm:")
        self.award_label.setText("Danh hiệu (dòng không ghi):" if ledger else "Danh hiệu cho cả danh sách:")
        self.skip_button.setEnabled(state is not None)
        if state is None:
            self.summary.setText("")
            return
        if state.failure:
            self.summary.setText(f"<b>Không đọc được tệp:</b> {state.failure}")
            return
        if p is None:
            self.summary.setText("Đang đọc tệp…")
            return
        self.kind_box.setCurrentIndex(max(0, self.kind_box.findData(p.kind)))
        self.unit_box.setCurrentIndex(max(0, self.unit_box.findData(p.unit.id if p.unit else None)))
        if p.unit is None and p.unit_hint:
            self.unit_box.setEditText(p.unit_hint)
        if p.kind == "ledger":  # the year the clerk chose for undated rows, else none
            self.year_box.setValue(p.options.get("year") or NO_YEAR)
        else:
            self.year_box.setValue(p.year or self.year_box.value())
        self.award_box.setCurrentIndex(max(0, self.award_box.findData(p.award.code if p.award else None)))
        proposal = p.kind == "award_proposal"
        self.category_box.setVisible(proposal)
        self.category_label.setVisible(proposal)
        self.category_box.setCurrentIndex(max(0, self.category_box.findData(p.category)))
        self.category_label.setText({"title": "Loại hồ sơ (đọc từ tiêu đề):", "meta": "Loại hồ sơ (theo biểu mẫu):",
                                     "chosen": "Loại hồ sơ (đã chọn):"}.get(p.category_from, "Loại hồ sơ:"))
        done = f"<br><b>{state.result}</b>" if state.result else ""
        book = ""
        if p.kind == "ledger":
            d = p.as_dict()
            years = d["years"]
            span = (f"năm {years[0]}" if len(years) == 1 else f"các năm {years[0]}–{years[-1]}") if years else ""
            book = (f"<br>Sổ khen thưởng {span} ({len(p.tables)} trang), {len(p.rows)} khen thưởng: "
                    f"<b>{d['rows_new']} mới</b>, "
                    f"{d['rows_known']} đã có trong sổ, {d['rows_duplicate']} trùng trong tệp; "
                    f"{d['decisions_new']} quyết định mới, {d['decisions_linked']} đã có.")
        if any(q.code == "not_award_list" for q in p.problems):  # the refusal first, no list figures
            self.summary.setText(
                f"<span style='color:#b00020'>Không phải danh sách đề nghị khen thưởng</span>: {p.rows_read} dòng, "
                "không nhập dòng nào (xem lỗi bên dưới).<br>Nếu đúng là danh sách đề nghị, hãy chọn ở ô "
                "«Danh hiệu cho cả danh sách» rồi đọc lại." + done)
        else:
            self.summary.setText(
                f"{p.rows_read} dòng đọc được: {p.individuals} cá nhân, {p.collectives} tập thể"
                + (f", {p.households} hộ gia đình" if p.households else "") + "; "
                + (f"<span style='color:#b00020'>{len(p.errors)} lỗi</span>" if p.errors else "0 lỗi")
                + f", {len(p.warnings)} cảnh báo. "
                + ("<br>Còn lỗi: sửa tệp hoặc chọn lại ở trên rồi đọc lại." if p.blocked else "")
                + (f"<br><b>{p.rows_known} dòng đã có trong hồ sơ, không ghi gì.</b>" if p.nothing_new else "")
                + book + done)
        candidate = p.replaces if p.kind == "award_proposal" and p.replaces and p.replaces.dossier_id else None
        self.replace_box.setVisible(candidate is not None)
        if candidate is not None:
            self.replace_box.setText(f"Thay bản trước: hồ sơ {candidate.dossier_number} nhận danh sách này "
                                     f"(phiên bản {p.version_no}); bỏ chọn thì tệp thành hồ sơ riêng")
            self.replace_box.setChecked(p.replace_confirmed)
            self.replace_box.setEnabled(ready)
        self._fill_mapping(p)
        self._fill_rows(p)
        self._fill_problems(p)

    def _replace_toggled(self, checked: bool) -> None:
        state = self.current()
        if self._filling or state is None or state.preview is None:
            return
        confirm_replace(state.preview, checked)

    def _fill_mapping(self, p: ImportPreview) -> None:
        for table in p.tables:
            for index, letter, header, fld in table.columns():
                r = self.mapping.rowCount()
                self.mapping.insertRow(r)
                self.mapping.setItem(r, 0, QTableWidgetItem(f"{table.name}!{letter}"))
                self.mapping.setItem(r, 1, QTableWidgetItem(header))
                box = QComboBox(self.mapping)
                box.addItem("(bỏ qua)", None)
                for code, label in FIELD_LABELS.items():
                    box.addItem(label, code)
                box.setCurrentIndex(max(0, box.findData(fld)))
                box.activated.connect(lambda _i, s=table.name, c=index, b=box: self._mapping_changed(s, c, b))
                self.mapping.setCellWidget(r, 2, box)

    def _fill_rows(self, p: ImportPreview) -> None:
        self.rows.show_preview(p)

    def _fill_problems(self, p: ImportPreview) -> None:
        self.problems.setRowCount(len(p.problems))
        for i, q in enumerate(p.problems):
            level = QTableWidgetItem("Lỗi" if q.severity == "error" else "Cảnh báo")
            level.setBackground(QBrush(ERROR_BG if q.severity == "error" else WARN_BG))
            self.problems.setItem(i, 0, level)
            self.problems.setItem(i, 1, QTableWidgetItem(q.where or "(cả tệp)"))
            for c in (0, 1):
                self.problems.item(i, c).setTextAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
            message = QTableWidgetItem(q.message)
            message.setToolTip(q.message)
            self.problems.setItem(i, 2, message)
        # Heights once the message column has its real width (wrapped text measured too early
        # made rows several times too tall).
        QTimer.singleShot(0, self.problems.resizeRowsToContents)

    # --- deciding -----------------------------------------------------------------------------
    def _preview_index(self, shown: int) -> int:
        """The index in the preview's rows of the table's row `shown` (refused rows sit between)."""
        state = self.current()
        rows = self.rows.model_.rows
        if state is None or state.preview is None or not (0 <= shown < len(rows)):
            return -1
        return next((i for i, r in enumerate(state.preview.rows) if r is rows[shown]), -1)

    def confirm_person(self, row: int, answer: str | None = None) -> None:
        """Same person or a new one, for a row that only resembles someone already known."""
        state = self.current()
        if state is None or state.preview is None or not (0 <= row < len(state.preview.rows)):
            return
        r = state.preview.rows[row]
        if r.match is None or r.match.kind != "near":
            return
        options = [f"Cùng người: {c.name}" + (f" ({c.birth_year})" if c.birth_year else "") + f" — {c.reason}"
                   for c in r.match.candidates] + ["Người mới (tạo hồ sơ cá nhân mới)", "Chưa xác định"]
        if answer is None:
            answer, ok = QInputDialog.getItem(self, "Xác nhận cá nhân", f"“{r.name}” là:", options, 0, False)
            if not ok:
                return
        index = options.index(answer)
        if index < len(r.match.candidates):
            r.choice = r.match.candidates[index].id
        elif index == len(r.match.candidates):
            r.choice = "new"
        else:
            r.choice = None
        self._show_current()

    def confirm(self) -> None:
        state = self.current()
        if state is None or state.preview is None or state.preview.blocked:
            return
        preview = state.preview

        def work(progress, should_cancel):
            if not self._backed_up:
                _backup(self.db)
            progress(1, 2)
            return commit_import(self.db, preview)

        def done(result) -> None:
            self._backed_up = True
            state.result = result.message
            self._refresh_list()
            self._show_current()
            if self.on_written is not None:
                self.on_written({"submissions", "dossiers", "units", "blocs", "ledger", "people"})

        self.ops.run(work, on_done=done, label=f"Đang ghi {state.path.name}…", parent=self, cancellable=False)

    def skip(self) -> None:
        row = self.file_list.currentRow()
        if 0 <= row < len(self.files):
            del self.files[row]
            self._refresh_list()
            self._show_current()


def _backup(db) -> None:
    """A copy of the data file before the first import of the dialog (app.backup)."""
    if db.path is None:
        return
    from app.backup import backup_now

    backup_now(db, "import")


def workbook_paths(urls) -> list[Path]:
    """The spreadsheet files among dropped URLs."""
    found = []
    for url in urls:
        if url.isLocalFile():
            path = Path(url.toLocalFile())
            if path.suffix.lower() in SUFFIXES and path.is_file():
                found.append(path)
    return found


class _DropFilter(QObject):
    """Files dropped on the main window open the import dialog."""

    def __init__(self, window):
        super().__init__(window)
        self.window = window

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt's name
        if event.type() in (QEvent.Type.DragEnter, QEvent.Type.DragMove):
            if event.mimeData().hasUrls() and workbook_paths(event.mimeData().urls()):
                event.acceptProposedAction()
                return True
        elif event.type() == QEvent.Type.Drop and event.mimeData().hasUrls():
            paths = workbook_paths(event.mimeData().urls())
            if paths:
                event.acceptProposedAction()
                open_import(self.window, paths)
                return True
        return False


def open_import(window, paths: list[Path] | None = None) -> ImportDialog | None:
    """Open the dialog on files (asking for them when none are given)."""
    if paths is None:
        names, _ = QFileDialog.getOpenFileNames(window, "Chọn tệp Excel của đơn vị", "", FILE_FILTER)
        paths = [Path(n) for n in names]
        if not paths:
            return None
    dialog = ImportDialog(window.db, window.ops, paths, window, on_written=window.notify_changed)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    window.import_dialog = dialog
    return dialog


def install_import_actions(window) -> dict:
    """Tệp → "Nhập tệp Excel…", the toolbar button, "Lập biểu mẫu gửi đơn vị…", and drops."""
    menu_action = window.add_menu_action("Tệp", "Nhập tệp Excel…", lambda: open_import(window),
                                         shortcut="Ctrl+I", status_tip="Nhập danh sách, đăng ký, "
                                         "bảng tự chấm điểm, báo cáo do đơn vị gửi (.xlsx, .xls, .ods)")
    template_action = window.add_menu_action("Tệp", "Lập biểu mẫu gửi đơn vị…", lambda: _open_templates(window))
    button = window.toolbar.addAction("Nhập Excel", lambda: open_import(window))
    button.setToolTip("Nhập tệp Excel của đơn vị (hoặc kéo thả tệp vào cửa sổ)")
    window.setAcceptDrops(True)
    drops = _DropFilter(window)
    window.installEventFilter(drops)
    return {"menu": menu_action, "templates": template_action, "toolbar": button, "drops": drops}


def _open_templates(window) -> None:
    from ui.template_dialog import TemplateDialog

    dialog = TemplateDialog(window.db, window.ops, window.current_year(), window)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
