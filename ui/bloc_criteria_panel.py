"""Page "Bảng tiêu chí" of the bloc dialog: the criteria tree with maximum points, edited one
line at a time (add a group or a criterion under it, edit, delete, move), or copied from the
same bloc's last year. Every change is saved at once.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app import bloc_criteria as bc
from app.errors import UserError, ValidationError
from ui.cycle_widgets import ask, form_dialog_layout, notify, set_combo
from ui.ops import show_failure


class CriterionDialog(QDialog):
    """One criterion: number, text, maximum points, kind."""

    def __init__(self, title: str, row: bc.CriterionRow | None = None, parent: QWidget | None = None,
                 is_group: bool = False):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.resize(560, 260)
        form = QFormLayout()
        self.code = QLineEdit(self)
        self.code.setPlaceholderText("Ví dụ: I, 1.2")
        self.code.setMaximumWidth(120)
        self.text = QPlainTextEdit(self)
        self.text.setTabChangesFocus(True)
        self.text.setFixedHeight(60)
        self.max_points = QLineEdit(self)
        self.max_points.setMaximumWidth(120)
        self.max_points.setPlaceholderText("Ví dụ: 10 hoặc 2,5")
        self.kind = QComboBox(self)
        for code, label in bc.KINDS.items():
            self.kind.addItem(label, code)
        for widget, name in ((self.code, "Số thứ tự"), (self.text, "Nội dung tiêu chí"),
                             (self.max_points, "Điểm tối đa"), (self.kind, "Loại")):
            widget.setAccessibleName(name)
        form.addRow("Số thứ tự:", self.code)
        form.addRow("Nội dung *:", self.text)
        form.addRow("Điểm tối đa *:", self.max_points)
        form.addRow("Loại:", self.kind)
        if is_group:
            self.max_points.setEnabled(False)
            form.addRow("", QLabel("Điểm tối đa của nhóm là tổng các tiêu chí con.", self))
        self.error_label = form_dialog_layout(self, form)
        self.save = None  # callable(code, text, max, kind) set by the panel; raises UserError
        if row is not None:
            self.code.setText(row.code)
            self.text.setPlainText(row.title)
            self.max_points.setText(bc.points_text(row.max_points))
            set_combo(self.kind, row.kind)

    def accept(self) -> None:
        try:
            self.save(self.code.text(), self.text.toPlainText(), self.max_points.text() or "0",
                      self.kind.currentData())
        except ValidationError as exc:
            self.error_label.setText(exc.message)
            target = {"title": self.text, "max_points": self.max_points, "code": self.code}.get(exc.field or "")
            if target is not None:
                target.setFocus()
            return
        except UserError as exc:
            self.error_label.setText(exc.message)
            return
        super().accept()


class BlocCriteriaPanel(QWidget):
    changed = Signal()

    def __init__(self, db, bloc_id: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.db, self.bloc_id = db, bloc_id
        self.tree = QTreeWidget(self)
        self.tree.setHeaderLabels(["Số TT", "Tiêu chí", "Điểm tối đa", "Loại"])
        self.tree.setAlternatingRowColors(True)
        self.tree.setAccessibleName("Bảng tiêu chí")
        self.tree.setColumnWidth(0, 90)
        self.tree.setColumnWidth(1, 560)
        self.tree.setColumnWidth(2, 90)
        self.tree.itemActivated.connect(lambda *_: self.edit())
        self.total = QLabel(self)
        buttons = QHBoxLayout()
        for text, slot, tip in (("Thêm nhóm, tiêu chí", self.add_top, "Thêm dòng ở cấp cao nhất"),
                                ("Thêm tiêu chí con", self.add_child, "Thêm tiêu chí vào nhóm đang chọn"),
                                ("Sửa", self.edit, "Sửa dòng đang chọn (Enter)"),
                                ("Xóa", self.remove, "Xóa dòng đang chọn"),
                                ("Lên", lambda: self.move(-1), "Chuyển lên trên"),
                                ("Xuống", lambda: self.move(1), "Chuyển xuống dưới"),
                                ("Chép từ năm trước", self.copy_last_year, "Chép bảng tiêu chí của khối năm trước")):
            button = QPushButton(text, self)
            button.setToolTip(tip)
            button.clicked.connect(slot)
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.total)
        self.reload()

    def reload(self, select_id: int | None = None) -> None:
        with self.db.session() as session:
            self.rows = bc.criteria_tree(session, self.bloc_id)
        self.tree.clear()
        items: dict[int, QTreeWidgetItem] = {}
        bold = QFont(self.font())
        bold.setBold(True)
        for row in self.rows:
            parent = items.get(row.parent_id)
            item = QTreeWidgetItem([row.code, row.title, bc.points_text(row.max_points), row.kind_text])
            item.setData(0, Qt.ItemDataRole.UserRole, row.id)
            item.setTextAlignment(2, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            item.setToolTip(1, row.title)
            if row.is_group:
                for c in range(4):
                    item.setFont(c, bold)
            (parent.addChild(item) if parent else self.tree.addTopLevelItem(item))
            items[row.id] = item
            if row.id == select_id:
                self.tree.setCurrentItem(item)
        self.tree.expandAll()
        self.total.setText(f"Tổng điểm tối đa: {bc.points_text(bc.total_max(self.rows)) or '0'} điểm "
                           "(không kể điểm thưởng, điểm trừ) — "
                           f"{len(bc.leaves(self.rows))} tiêu chí được chấm điểm.")

    def current(self) -> bc.CriterionRow | None:
        item = self.tree.currentItem()
        if item is None:
            return None
        cid = item.data(0, Qt.ItemDataRole.UserRole)
        return next((r for r in self.rows if r.id == cid), None)

    def _after(self, select_id: int | None = None) -> None:
        self.reload(select_id)
        self.changed.emit()
        notify(self, {"blocs"})

    def _dialog(self, title: str, row=None, is_group=False) -> CriterionDialog:
        return CriterionDialog(title, row, self, is_group)

    def add_top(self) -> None:
        self._add(None, "Thêm nhóm hoặc tiêu chí")

    def add_child(self) -> None:
        parent = self.current()
        if parent is None:
            show_failure(UserError("Chọn nhóm tiêu chí cần thêm tiêu chí con."), self)
            return
        self._add(parent.id, f"Thêm tiêu chí vào «{parent.code or parent.title[:30]}»")

    def _add(self, parent_id: int | None, title: str) -> None:
        dialog = self._dialog(title)
        made = {}

        def save(code, text, max_points, kind):
            with self.db.session() as session:
                made["id"] = bc.add_criterion(session, self.bloc_id, text, max_points, code=code, kind=kind,
                                              parent_id=parent_id)

        dialog.save = save
        if dialog.exec():
            self._after(made.get("id"))

    def edit(self) -> None:
        row = self.current()
        if row is None:
            return
        dialog = self._dialog("Sửa tiêu chí", row, row.is_group)

        def save(code, text, max_points, kind):
            with self.db.session() as session:
                bc.update_criterion(session, row.id, text, max_points if not row.is_group else row.max_points,
                                    code=code, kind=kind)

        dialog.save = save
        if dialog.exec():
            self._after(row.id)

    def remove(self) -> None:
        row = self.current()
        if row is None or not ask(self, f"Xóa «{row.code} {row.title}»" + (" và các tiêu chí con" if row.is_group
                                                                          else "") + "?"):
            return
        try:
            with self.db.session() as session:
                bc.delete_criterion(session, row.id)
        except UserError as exc:
            if not ask(self, exc.message + "\n\nVẫn xóa?"):
                return
            with self.db.session() as session:
                bc.delete_criterion(session, row.id, drop_scores=True)
        self._after()

    def move(self, step: int) -> None:
        row = self.current()
        if row is None:
            return
        with self.db.session() as session:
            bc.move_criterion(session, row.id, step)
        self._after(row.id)

    def copy_last_year(self) -> None:
        replace = bool(self.rows)
        if replace and not ask(self, "Khối đã có bảng tiêu chí. Thay bằng bảng tiêu chí của năm trước?"):
            return
        try:
            with self.db.session() as session:
                bc.copy_last_year(session, self.bloc_id, replace=replace)
        except UserError as exc:
            show_failure(exc, self)
            return
        self._after()
