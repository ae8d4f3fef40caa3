"""Trang đơn vị: one unit's page — its details (name, kind, parent, head, members, address),
its head and members year by year, its people, and its awards across the years.

The page is a set of sections (tabs). Other areas add theirs without touching this module:
`SECTIONS.append(factory)`, where `factory(page) -> (title, widget)` is called when a saved
unit's page opens (`page.db`, `page.unit_id`, `page.year`; call `page.changed(areas)` after a
write). A new unit shows only its details until it is saved.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.catalog import unit_kinds
from app.database import Database
from app.errors import UserError, ValidationError
from app.people import unit_history
from app.unit_list import (
    FIELD_LABELS,
    UnitData,
    add_unit,
    edit_unit,
    get_unit,
    guess_kind,
    list_units,
    set_unit_year,
    unit_years,
)
from ui.cycle_widgets import notify, set_combo
from ui.table_model import col, searchable
from ui.table_panel import TablePanel

# Sections other areas add to every saved unit's page: factory(page) -> (title, widget).
SECTIONS: list[Callable[[UnitPage], tuple[str, QWidget]]] = []
NO_MEMBERS = -1  # the spin box's "not known" value


def members_spin(parent: QWidget, name: str) -> QSpinBox:
    spin = QSpinBox(parent)
    spin.setRange(NO_MEMBERS, 1_000_000)
    spin.setSpecialValueText("chưa rõ")
    spin.setValue(NO_MEMBERS)
    spin.setObjectName(name)
    spin.setMaximumWidth(140)
    return spin


def spin_value(spin: QSpinBox) -> int | None:
    return None if spin.value() == NO_MEMBERS else spin.value()


class UnitPage(QDialog):
    """Thêm đơn vị (unit_id None) or a unit's page."""

    def __init__(self, db: Database, year: int, unit_id: int | None = None, parent: QWidget | None = None, *,
                 kind: str | None = None):
        super().__init__(parent)
        self.db, self.year, self.unit_id = db, year, unit_id
        self.fields: dict[str, QWidget] = {}
        self.resize(920, 620)
        with db.session() as session:
            data = get_unit(session, unit_id) if unit_id else UnitData(kind=kind or "village")
            self._parents = [(r.id, r.name) for r in list_units(session, include_inactive=False) if r.id != unit_id]
        self.tabs = QTabWidget(self)
        self.tabs.addTab(self._build_info(), "Thông tin")
        self.error_label = QLabel("", self)
        self.error_label.setStyleSheet("color: #b00020; font-weight: bold;")
        self.error_label.setWordWrap(True)
        buttons = QDialogButtonBox(self)
        self.save_button = buttons.addButton("Lưu", QDialogButtonBox.ButtonRole.AcceptRole)
        self.close_button = buttons.addButton("Đóng", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)
        self._fill(data)
        self._sections_added = False
        if unit_id:
            self._add_sections()
        self._title()

    # --- sections ----------------------------------------------------------------------------
    def _add_sections(self) -> None:
        if self._sections_added:
            return
        self._sections_added = True
        self.years_panel = self._build_years()
        self.tabs.addTab(self.years_panel, "Thủ trưởng, thành viên theo năm")
        from ui.person_page import UnitPeoplePanel

        self.people_panel = UnitPeoplePanel(self.db, self.year, self.unit_id, self)
        self.tabs.addTab(self.people_panel, "Cá nhân")
        self.awards_panel = TablePanel("Khen thưởng của tập thể", [
            col("Năm", "year", width=6), col("Danh hiệu, hình thức", "award", width=30),
            col("Tên khi được khen", "recipient", width=26), col("Quyết định", "decision", width=18),
            col("Ngày", "decision_date", width=10), col("Cấp khen", "issuer", width=24, stretch=True)], self)
        self.tabs.addTab(self.awards_panel, "Khen thưởng")
        for factory in SECTIONS:
            title, widget = factory(self)
            self.tabs.addTab(widget, title)
        self.reload_sections()

    def reload_sections(self) -> None:
        if not self.unit_id:
            return
        with self.db.session() as session:
            years = unit_years(session, self.unit_id)
            self.years_table.set_rows(years)
        shown = next((r for r in years if r.year == self.year_spin.value()), None)
        if shown is not None:  # the year's record, ready to correct
            self._load_year_row(shown)
        with self.db.session() as session:
            self.awards_panel.set_rows(searchable(unit_history(session, self.unit_id).lines, "award", "recipient",
                                                  "decision", "issuer", "year"))
        self.people_panel.reload()

    def changed(self, areas) -> None:
        """A section wrote something: the main window's tabs reload."""
        notify(self, set(areas) | {"units"})

    # --- the details -------------------------------------------------------------------------
    def _named(self, widget: QWidget, name: str) -> QWidget:
        widget.setObjectName(name)
        widget.setAccessibleName(FIELD_LABELS.get(name, name))
        self.fields[name] = widget
        return widget

    def _build_info(self) -> QWidget:
        page = QWidget(self)
        form = QFormLayout(page)
        self.name_edit = self._named(QLineEdit(page), "name")
        self.name_edit.setPlaceholderText("ví dụ: Thôn Nà Bó, Trường Tiểu học …, Trạm Y tế xã …")
        self.name_edit.textEdited.connect(self._guess_kind)
        self.kind_box = self._named(QComboBox(page), "kind")
        for code, text in unit_kinds().items():
            self.kind_box.addItem(text, code)
        self._kind_touched = False
        self.kind_box.activated.connect(lambda _i: setattr(self, "_kind_touched", True))
        self.short_edit = self._named(QLineEdit(page), "short_name")
        self.code_edit = self._named(QLineEdit(page), "code")
        self.code_edit.setPlaceholderText("để trống: chương trình tự đánh số (DV001 …)")
        self.parent_box = self._named(QComboBox(page), "parent_id")
        self.parent_box.addItem("(không)", None)
        for uid, name in self._parents:
            self.parent_box.addItem(name, uid)
        self.head_edit = self._named(QLineEdit(page), "head_name")
        self.head_edit.setPlaceholderText("trưởng thôn, hiệu trưởng, trạm trưởng …")
        self.members_spin = self._named(members_spin(page, "member_count"), "member_count")
        self.address_edit = self._named(QLineEdit(page), "address")
        self.phone_edit = self._named(QLineEdit(page), "phone")
        self.email_edit = self._named(QLineEdit(page), "email")
        self.notes_edit = self._named(QPlainTextEdit(page), "notes")
        self.notes_edit.setFixedHeight(60)
        self.notes_edit.setTabChangesFocus(True)
        form.addRow("Tên đơn vị *:", self.name_edit)
        form.addRow("Loại đơn vị *:", self.kind_box)
        form.addRow("Tên viết tắt:", self.short_edit)
        form.addRow("Mã đơn vị:", self.code_edit)
        form.addRow("Trực thuộc:", self.parent_box)
        form.addRow("Thủ trưởng (hiện nay):", self.head_edit)
        form.addRow("Số thành viên (hiện nay):", self.members_spin)
        form.addRow("Địa chỉ:", self.address_edit)
        form.addRow("Điện thoại:", self.phone_edit)
        form.addRow("Thư điện tử:", self.email_edit)
        form.addRow("Ghi chú:", self.notes_edit)
        return page

    def _guess_kind(self, text: str) -> None:
        """A new unit's kind follows its name until the clerk picks one (`Thôn …` → thôn, bản)."""
        if self.unit_id or self._kind_touched:
            return
        kind = guess_kind(text)
        if kind:
            set_combo(self.kind_box, kind)

    def _fill(self, data: UnitData) -> None:
        self.name_edit.setText(data.name)
        set_combo(self.kind_box, data.kind)
        self.short_edit.setText(data.short_name)
        self.code_edit.setText(data.code)
        set_combo(self.parent_box, data.parent_id)
        self.head_edit.setText(data.head_name)
        self.members_spin.setValue(NO_MEMBERS if data.member_count is None else data.member_count)
        self.address_edit.setText(data.address)
        self.phone_edit.setText(data.phone)
        self.email_edit.setText(data.email)
        self.notes_edit.setPlainText(data.notes)

    def data(self) -> UnitData:
        return UnitData(name=self.name_edit.text(), kind=self.kind_box.currentData(),
                        short_name=self.short_edit.text(), code=self.code_edit.text(),
                        parent_id=self.parent_box.currentData(), head_name=self.head_edit.text(),
                        member_count=spin_value(self.members_spin), address=self.address_edit.text(),
                        phone=self.phone_edit.text(), email=self.email_edit.text(),
                        notes=self.notes_edit.toPlainText())

    def _title(self) -> None:
        name = self.name_edit.text().strip()
        self.setWindowTitle(f"Đơn vị — {name}" if self.unit_id else "Thêm đơn vị")

    def save(self) -> bool:
        try:
            data = self.data()
            with self.db.session() as session:
                unit = edit_unit(session, self.unit_id, data) if self.unit_id else add_unit(session, data)
                self.unit_id, code = unit.id, unit.code
        except ValidationError as exc:
            self.error_label.setText(exc.message)
            self.tabs.setCurrentIndex(0)
            widget = self.fields.get(exc.field or "")
            if widget is not None:
                widget.setFocus()
            return False
        except UserError as exc:
            self.error_label.setText(exc.message)
            return False
        self.error_label.setText("")
        self.code_edit.setText(code)
        self._title()
        self.changed({"units"})
        return True

    def accept(self) -> None:
        if self.save():
            super().accept()

    # --- head and members of each year --------------------------------------------------------
    def _build_years(self) -> QWidget:
        page = QWidget(self)
        self.years_table = TablePanel("Thủ trưởng và số thành viên từng năm", [
            col("Năm", "year", width=6), col("Thủ trưởng", "head_name", width=26),
            col("Chức vụ", "head_title", width=20), col("Số thành viên", "member_count", width=12),
            col("Trong đó nữ", "female_count", width=12), col("Ghi chú", "notes", width=20, stretch=True)], page)
        self.years_table.row_activated.connect(self._load_year_row)
        row = QHBoxLayout()
        self.year_spin = QSpinBox(page)
        self.year_spin.setRange(1945, 2100)
        self.year_spin.setValue(self.year)
        self.year_spin.setAccessibleName("Năm")
        self.year_head = QLineEdit(page)
        self.year_head.setPlaceholderText("Thủ trưởng năm đó")
        self.year_head.setAccessibleName("Thủ trưởng năm đó")
        self.year_title = QLineEdit(page)
        self.year_title.setPlaceholderText("Chức vụ (Trưởng thôn …)")
        self.year_members = members_spin(page, "year_members")
        self.year_women = members_spin(page, "year_women")
        self.year_save = QPushButton("Ghi số liệu năm", page)
        self.year_save.clicked.connect(self.save_year)
        for label, widget in (("Năm:", self.year_spin), ("", self.year_head), ("", self.year_title),
                              ("Thành viên:", self.year_members), ("Nữ:", self.year_women)):
            if label:
                row.addWidget(QLabel(label, page))
            row.addWidget(widget)
        row.addWidget(self.year_save)
        self.year_note = QLabel("Tỷ lệ lao động tiên tiến, chiến sĩ thi đua của tập thể được tính trên số thành "
                                "viên của năm xét.", page)
        self.year_note.setWordWrap(True)
        layout = QVBoxLayout(page)
        layout.addWidget(self.years_table)
        layout.addLayout(row)
        layout.addWidget(self.year_note)
        return page

    def _load_year_row(self, row) -> None:
        self.year_spin.setValue(row.year)
        self.year_head.setText(row.head_name)
        self.year_title.setText(row.head_title)
        self.year_members.setValue(NO_MEMBERS if row.member_count is None else row.member_count)
        self.year_women.setValue(NO_MEMBERS if row.female_count is None else row.female_count)

    def save_year(self) -> bool:
        try:
            with self.db.session() as session:
                set_unit_year(session, self.unit_id, self.year_spin.value(), head_name=self.year_head.text(),
                              head_title=self.year_title.text(), member_count=spin_value(self.year_members),
                              female_count=spin_value(self.year_women))
                fresh = get_unit(session, self.unit_id)
        except UserError as exc:
            self.error_label.setText(exc.message)
            return False
        self.error_label.setText("")
        self.head_edit.setText(fresh.head_name)
        self.members_spin.setValue(NO_MEMBERS if fresh.member_count is None else fresh.member_count)
        self.reload_sections()
        self.changed({"units"})
        return True
