"""Dialog "Tự chấm tiêu chí": our self-score on one criterion of the province's bloc, the bloc's
score once known, the explanation, and the evidence (a document's reference, or a file kept
with the data file)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.bloc_criteria import points_text
from app.config import files_dir
from app.province_bloc import add_evidence, province_bloc_view, remove_evidence, set_self_score
from ui.extras_widgets import ErrorLine


class ScoreDialog(QDialog):
    """Our self-score on one criterion, the bloc's score once known, the explanation and the
    evidence (a document's reference, or a file kept with the data)."""

    def __init__(self, db, bloc_id: int, line, parent: QWidget | None = None):
        super().__init__(parent)
        self.db, self.bloc_id, self.line = db, bloc_id, line
        self.setWindowTitle(f"Tự chấm tiêu chí {line.code}")
        self.resize(680, 460)
        form = QFormLayout()
        title = QLabel(f"<b>{line.code}. {line.title}</b> (tối đa {points_text(line.max_points)} điểm)", self)
        title.setWordWrap(True)
        form.addRow(title)
        self.own = QLineEdit(points_text(line.self_score), self)
        self.own.setObjectName("self_score")
        self.own.setMaximumWidth(100)
        self.agreed = QLineEdit(points_text(line.agreed_score), self)
        self.agreed.setObjectName("agreed_score")
        self.agreed.setMaximumWidth(100)
        self.explanation = QPlainTextEdit(line.explanation, self)
        self.explanation.setFixedHeight(70)
        self.explanation.setTabChangesFocus(True)
        form.addRow("Điểm tự chấm:", self.own)
        form.addRow("Điểm khối chấm:", self.agreed)
        form.addRow("Giải trình:", self.explanation)
        self.evidence = QListWidget(self)
        self.evidence.setAccessibleName("Minh chứng")
        self.document = QLineEdit(self)
        self.document.setPlaceholderText("Ví dụ: Báo cáo số 412/BC-UBND ngày 02/12/2025 …")
        add = QPushButton("Thêm minh chứng", self)
        add.clicked.connect(self.add_document)
        attach = QPushButton("Đính kèm tệp…", self)
        attach.clicked.connect(lambda: self.add_file())
        drop = QPushButton("Bỏ minh chứng", self)
        drop.clicked.connect(self.drop_document)
        row = QHBoxLayout()
        for w in (self.document, add, attach, drop):
            row.addWidget(w)
        form.addRow("Minh chứng:", self.evidence)
        form.addRow("", row)
        self.error = ErrorLine(self, {"self_score": self.own, "agreed_score": self.agreed, "document": self.document})
        buttons = QDialogButtonBox(self)
        buttons.addButton("Lưu", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton("Hủy", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self._fill(line.evidence)

    def _fill(self, evidence) -> None:
        self.evidence.clear()
        for eid, document, file_id in evidence:
            item = QListWidgetItem(document + ("  (có tệp)" if file_id else ""))
            item.setData(Qt.ItemDataRole.UserRole, eid)
            self.evidence.addItem(item)

    def _reload_evidence(self) -> None:
        with self.db.session() as session:
            view = province_bloc_view(session, self.bloc_id)
        line = next(ln for ln in view.lines if ln.id == self.line.id)
        self._fill(line.evidence)

    def add_document(self) -> None:
        def save():
            with self.db.session() as session:
                add_evidence(session, self.line.id, self.document.text())
        if self.error.run(save):
            self.document.clear()
            self._reload_evidence()

    def add_file(self, path: str | None = None) -> None:
        if path is None:
            path, _ = QFileDialog.getOpenFileName(self, "Chọn tệp minh chứng")
            if not path:
                return

        def save():
            with self.db.session() as session:
                add_evidence(session, self.line.id, self.document.text(), file_path=path,
                             files_dir=files_dir(self.db.path) if self.db.path else None)
        if self.error.run(save):
            self.document.clear()
            self._reload_evidence()

    def drop_document(self) -> None:
        item = self.evidence.currentItem()
        if item is None:
            return
        with self.db.session() as session:
            remove_evidence(session, item.data(Qt.ItemDataRole.UserRole))
        self._reload_evidence()

    def accept(self) -> None:
        def save():
            with self.db.session() as session:
                set_self_score(session, self.line.id, self.own.text(), self.explanation.toPlainText(),
                               agreed=self.agreed.text())
        if self.error.run(save):
            super().accept()
