"""Dialog "Sao lưu và khôi phục": the list of backups (date, reason, size, what they hold), back up
now (into the backups folder or onto a folder/USB stick the clerk picks), and restore one after
a confirmation that says what will be replaced. Also the start-up offer of the newest good
backup when the data file is damaged (`offer_backup_for_damaged`).

The work itself is app.backup / app.restore, run on the Ops worker with a progress dialog.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app import dump as dumps
from app import users
from app.backup import COUNTED, BackupInfo, backup_file, backups_folder, list_backups, read_backup
from app.database import Database, open_database
from app.errors import UserError
from app.restore import RestoreResult, describe_restore, restore_backup
from app.server import where
from ui.ops import Ops

COLUMNS = ["Thời điểm", "Lý do", "Dung lượng", "Nội dung", "Tệp"]


def size_text(n: int) -> str:
    if n >= 1_048_576:
        return f"{n / 1_048_576:.1f} MB".replace(".", ",")
    return f"{max(n // 1024, 1)} KB"


def contents_text(info: BackupInfo) -> str:
    counts = info.counts or {}
    return ", ".join(f"{counts[k]:,} {label}".replace(",", ".") for k, label in COUNTED.items()
                     if counts.get(k))


def ask(parent: QWidget | None, title: str, text: str, yes: str, no: str) -> bool:
    """A question with Vietnamese buttons; the safe answer is the default."""
    box = QMessageBox(QMessageBox.Icon.Warning, title, text, parent=parent)
    yes_button = box.addButton(yes, QMessageBox.ButtonRole.AcceptRole)
    no_button = box.addButton(no, QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(no_button)
    box.exec()
    return box.clickedButton() is yes_button


def restore_and_reopen(db_path: Path, backup: Path, db: Database | None = None) -> RestoreResult:
    """Close the database, restore, and bring the schema up to date (an older backup)."""
    if db is not None:
        db.dispose()  # no pooled connection may hold the file during the write-back
    result = restore_backup(db_path, backup)
    open_database(db_path).dispose()
    return result


class BackupDialog(QDialog):
    """Backups of the open data file. `on_restored()` is called after a restore (reload tabs)."""

    def __init__(self, db: Database, ops: Ops, parent: QWidget | None = None, *,
                 on_restored: Callable[[], None] | None = None):
        super().__init__(parent)
        self.db, self.ops, self.on_restored = db, ops, on_restored
        # A server database has no file: its backups are logical dumps in this PC's data folder.
        self.server = db.path is None
        self.path = None if self.server else Path(db.path)
        self.folder = dumps.dumps_folder(db.engine) if self.server else backups_folder(self.path)
        self.backups: list[BackupInfo] = []
        self.setWindowTitle("Sao lưu và khôi phục dữ liệu")
        self.resize(940, 480)
        self._build()
        self.reload()

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        intro = QLabel(
            "Chương trình tự sao lưu khi mở lần đầu trong ngày, trước khi nâng cấp, trước khi nhập "
            "dữ liệu và trước khi khôi phục (giữ 14 bản hằng ngày và 10 bản gần nhất của mỗi loại "
            f"khác). Bản sao lưu gồm tệp dữ liệu và các tệp đính kèm.\nThư mục sao lưu: {self.folder}", self)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.table = QTableWidget(0, len(COLUMNS), self)
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.table.doubleClicked.connect(lambda _i: self.restore_selected())
        layout.addWidget(self.table, 1)
        self.status = QLabel("", self)
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        row = QHBoxLayout()
        self.backup_button = QPushButton("Sao lưu ngay", self)
        self.backup_button.clicked.connect(lambda: self.backup_now())
        self.export_button = QPushButton("Sao lưu ra thư mục/USB…", self)
        self.export_button.clicked.connect(lambda: self.backup_to_folder())
        self.restore_button = QPushButton("Khôi phục bản đã chọn…", self)
        self.restore_button.clicked.connect(lambda: self.restore_selected())
        self.restore_file_button = QPushButton("Khôi phục từ tệp khác…", self)
        self.restore_file_button.clicked.connect(lambda: self.restore_from_file())
        folder_button = QPushButton("Mở thư mục sao lưu", self)
        folder_button.clicked.connect(
            lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.folder))))
        close = QPushButton("Đóng", self)
        close.clicked.connect(self.reject)
        for button in (self.backup_button, self.export_button, self.restore_button,
                       self.restore_file_button, folder_button):
            row.addWidget(button)
        row.addStretch(1)
        row.addWidget(close)
        layout.addLayout(row)

    # --- list ----------------------------------------------------------------------------------
    def reload(self) -> None:
        self.backups = dumps.list_dumps(self.folder) if self.server else list_backups(self.folder)
        self.table.setRowCount(len(self.backups))
        for r, info in enumerate(self.backups):
            values = [info.created_at.strftime("%d/%m/%Y %H:%M:%S"), info.reason_label,
                      size_text(info.size), contents_text(info), info.path.name]
            for c, value in enumerate(values):
                item = QTableWidgetItem(value)
                if c == 2:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(r, c, item)
        if not self.backups:
            self.status.setText("Chưa có bản sao lưu nào trong thư mục sao lưu.")
        self._update_buttons()

    def _allowed(self, permission: str) -> bool:
        with self.db.session() as session:
            return users.can(session, permission)

    def _update_buttons(self) -> None:
        may_backup, may_restore = self._allowed("backup"), self._allowed("restore")
        self.backup_button.setEnabled(may_backup)
        self.export_button.setEnabled(may_backup)
        self.restore_button.setEnabled(may_restore and self.selected() is not None)
        self.restore_file_button.setEnabled(may_restore)

    def selected(self) -> BackupInfo | None:
        rows = self.table.selectionModel().selectedRows()
        return self.backups[rows[0].row()] if rows else None

    # --- hooks tests replace ---------------------------------------------------------------------
    def choose_folder(self) -> str:
        return QFileDialog.getExistingDirectory(self, "Chọn thư mục hoặc ổ USB để ghi bản sao lưu")

    def choose_file(self) -> str:
        return QFileDialog.getOpenFileName(self, "Chọn bản sao lưu", str(self.folder),
                                           "Bản sao lưu TĐKT (*.zip)")[0]

    def confirm(self, text: str) -> bool:
        return ask(self, "Khôi phục dữ liệu", text, "Khôi phục", "Không khôi phục")

    def inform(self, text: str) -> None:
        QMessageBox.information(self, "Sao lưu và khôi phục", text)

    # --- actions -------------------------------------------------------------------------------
    def backup_now(self, target_dir: Path | None = None) -> None:
        path, engine = self.path, self.db.engine

        def work(progress, should_cancel):
            if path is None:
                return dumps.dump_engine(engine, "manual", target_dir=target_dir)
            return backup_file(path, "manual", target_dir=target_dir, progress=progress)

        self.ops.run(work,
                     label="Đang sao lưu dữ liệu…", parent=self, cancellable=False,
                     on_done=self._backed_up)

    def _backed_up(self, target: Path) -> None:
        self.status.setText(f"Đã sao lưu vào {target} ({size_text(target.stat().st_size)}).")
        self.reload()

    def backup_to_folder(self) -> None:
        folder = self.choose_folder()
        if folder:
            self.backup_now(Path(folder))

    def restore_selected(self) -> None:
        info = self.selected()
        if info is not None and self.restore_button.isEnabled():
            self.restore(info)

    def restore_from_file(self) -> None:
        chosen = self.choose_file()
        if not chosen:
            return
        try:
            info = dumps.read_dump(Path(chosen))[0] if self.server else read_backup(Path(chosen))
        except UserError as exc:
            self.inform(exc.message)
            return
        self.restore(info)

    def restore(self, info: BackupInfo) -> None:
        url = self.db.engine.url.render_as_string(hide_password=False) if self.server else None
        text = (dumps.describe_dump_restore(where(url), info) if self.server
                else describe_restore(self.path, info))
        if not self.confirm(text):
            self.status.setText("Đã hủy khôi phục; dữ liệu không thay đổi.")
            return
        path, db = self.path, self.db

        def work(progress, should_cancel):
            if url is not None:
                db.dispose()
                return dumps.restore_dump(url, info.path)
            return restore_and_reopen(path, info.path, db)

        self.ops.run(work,
                     label="Đang khôi phục dữ liệu…", parent=self, cancellable=False,
                     on_done=self._restored)

    def _restored(self, result: RestoreResult) -> None:
        self.reload()
        undo = (f"\n\nDữ liệu trước khi khôi phục được giữ trong bản sao lưu {result.safety_backup.name}; "
                "muốn hoàn tác thì khôi phục bản đó.") if result.safety_backup else ""
        self.status.setText(f"Đã khôi phục từ {result.restored_from.name}.")
        if self.on_restored is not None:
            self.on_restored()
        self.inform(f"Đã khôi phục dữ liệu từ {result.restored_from.name} "
                    f"({result.files_restored} tệp đính kèm).{undo}")


def ask_head_to_restore(book, parent: QWidget | None = None) -> bool:
    """Sign a head of office in before a restore over a damaged file (the command line's rule:
    app/restore_rights.py); False when the clerk gives up."""
    from app.restore_rights import sign_in_to_restore
    from ui.login_dialog import LoginDialog

    dialog = LoginDialog(None, parent, place=f"Khôi phục cần lãnh đạo phòng đăng nhập (tài khoản theo "
                                             f"{book.where}).",
                         check=lambda username, password: sign_in_to_restore(book, username, password))
    dialog.setWindowTitle("Đăng nhập để khôi phục")
    return bool(dialog.exec())


def offer_backup_for_damaged(error, parent: QWidget | None = None,
                             ask_fn: Callable[[str], bool] | None = None,
                             sign_in_fn: Callable | None = None) -> bool:
    """The data file is damaged (app.startup.DamagedFile): offer its newest good backup; with
    accounts on, only a head of office who signs in puts it in place.

    Returns True when the backup was put in place (the caller opens the file again)."""
    from app.restore_rights import accounts_for_restore

    if error.backup is None:
        return False
    info = error.backup
    text = (f"{error.message}\n\nKhôi phục bản sao lưu lúc {info.created_at:%H:%M ngày %d/%m/%Y} "
            f"({info.reason_label}; {contents_text(info) or 'không rõ nội dung'})?\n"
            "Tệp hỏng được giữ nguyên trạng trong thư mục sao lưu, không bị xóa.")
    ask_fn = ask_fn or (lambda t: ask(parent, "Tệp dữ liệu bị hỏng", t, "Khôi phục bản sao lưu này", "Thoát"))
    if not ask_fn(text):
        return False
    book = accounts_for_restore(Path(error.path), info.path)
    if book is not None and not (sign_in_fn or (lambda b: ask_head_to_restore(b, parent)))(book):
        return False
    restore_and_reopen(Path(error.path), info.path)
    return True
