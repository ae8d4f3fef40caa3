"""Trang cá nhân: one person's page — name, gender, birth year, ethnicity, position, unit — and
their awards across the years; and the list of a unit's people (on the unit's page).

Like the unit's page, the person's page is a set of sections (tabs) other areas extend without
touching this module: `SECTIONS.append(factory)`, `factory(page) -> (title, widget)`, called
when a saved person's page opens (`page.db`, `page.person_id`, `page.year`; call
`page.changed(areas)` after a write).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.database import Database
from app.errors import UserError, ValidationError
from app.people import person_history
from app.person_records import (
    FIELD_LABELS,
    GENDERS,
    PersonData,
    add_person,
    edit_person,
    ethnicity_choices,
    get_person,
    list_people,
)
from app.unit_list import list_units
from ui.cycle_widgets import notify, set_combo
from ui.table_model import col, searchable
from ui.table_panel import TablePanel

SECTIONS: list[Callable[[PersonPage], tuple[str, QWidget]]] = []
NO_YEAR = 1899  # the spin box's "not known"


def people_columns(with_unit: bool = True) -> list:
    cols = [col("Họ và tên", "name", width=24), col("Giới tính", "gender", width=7),
            col("Năm sinh", "birth_year", width=8), col("Dân tộc", "ethnicity", width=10),
            col("Chức vụ", "position", width=26, stretch=not with_unit)]
    if with_unit:
        cols.append(col("Đơn vị", "unit", width=26, stretch=True))
    cols.append(col("Khen thưởng", "awards", width=10))
    return cols


class PersonPage(QDialog):
    """Thêm cá nhân (person_id None) or a person's page."""

    def __init__(self, db: Database, year: int, person_id: int | None = None, parent: QWidget | None = None, *,
                 unit_id: int | None = None):
        super().__init__(parent)
        self.db, self.year, self.person_id = db, year, person_id
        self.fields: dict[str, QWidget] = {}
        self.resize(820, 560)
        with db.session() as session:
            data = get_person(session, person_id) if person_id else PersonData(unit_id=unit_id)
            self._units = [(r.id, r.name) for r in list_units(session) if r.active or r.id == data.unit_id]
            self._ethnicities = ethnicity_choices(session)
        self.tabs = QTabWidget(self)
        self.tabs.addTab(self._build_info(), "Thông tin")
        self.error_label = QLabel("", self)
        self.error_label.setStyleSheet("color: #b00020; font-weight: bold;")
        self.error_label.setWordWrap(True)
        buttons = QDialogButtonBox(self)
        self.save_button = buttons.addButton("Lưu", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton("Đóng", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)
        self._fill(data)
        if person_id:
            self._add_sections()
        self._title()

    def _add_sections(self) -> None:
        self.awards_panel = TablePanel("Khen thưởng qua các năm", [
            col("Năm", "year", width=6), col("Danh hiệu, hình thức", "award", width=30),
            col("Quyết định", "decision", width=18), col("Ngày", "decision_date", width=10),
            col("Cấp khen", "issuer", width=24), col("Ghi chú", "note", width=18, stretch=True)], self)
        self.tabs.addTab(self.awards_panel, "Khen thưởng")
        for factory in SECTIONS:
            title, widget = factory(self)
            self.tabs.addTab(widget, title)
        with self.db.session() as session:
            self.awards_panel.set_rows(searchable(person_history(session, self.person_id).lines, "award",
                                                  "recipient", "decision", "issuer", "year"))

    def changed(self, areas) -> None:
        notify(self, set(areas) | {"people"})

    def _named(self, widget: QWidget, name: str) -> QWidget:
        widget.setObjectName(name)
        widget.setAccessibleName(FIELD_LABELS.get(name, name))
        self.fields[name] = widget
        return widget

    def _build_info(self) -> QWidget:
        page = QWidget(self)
        form = QFormLayout(page)
        self.name_edit = self._named(QLineEdit(page), "full_name")
        self.gender_box = self._named(QComboBox(page), "gender")
        self.gender_box.addItem("(chưa rõ)", None)
        for code, text in GENDERS.items():
            self.gender_box.addItem(text, code)
        self.year_spin = self._named(QSpinBox(page), "birth_year")
        self.year_spin.setRange(NO_YEAR, 2100)
        self.year_spin.setSpecialValueText("chưa rõ")
        self.year_spin.setMaximumWidth(120)
        self.ethnicity_box = self._named(QComboBox(page), "ethnicity")
        self.ethnicity_box.addItem("(chưa rõ)", None)
        for code, name in self._ethnicities:
            self.ethnicity_box.addItem(name, code)
        self.position_edit = self._named(QLineEdit(page), "position")
        self.position_edit.setPlaceholderText("ví dụ: Giáo viên, Trưởng thôn, Y sĩ …")
        self.unit_box = self._named(QComboBox(page), "unit_id")
        self.unit_box.addItem("(không thuộc đơn vị nào)", None)
        for uid, name in self._units:
            self.unit_box.addItem(name, uid)
        self.direct_check = self._named(QCheckBox("Người lao động trực tiếp (công nhân, nông dân …)", page),
                                        "is_direct_worker")
        self.leader_check = self._named(QCheckBox("Lãnh đạo, quản lý", page), "is_leader")
        self.phone_edit = self._named(QLineEdit(page), "phone")
        self.notes_edit = self._named(QPlainTextEdit(page), "notes")
        self.notes_edit.setFixedHeight(60)
        self.notes_edit.setTabChangesFocus(True)
        form.addRow("Họ và tên *:", self.name_edit)
        form.addRow("Giới tính:", self.gender_box)
        form.addRow("Năm sinh:", self.year_spin)
        form.addRow("Dân tộc:", self.ethnicity_box)
        form.addRow("Chức vụ:", self.position_edit)
        form.addRow("Đơn vị:", self.unit_box)
        form.addRow("", self.direct_check)
        form.addRow("", self.leader_check)
        form.addRow("Điện thoại:", self.phone_edit)
        form.addRow("Ghi chú:", self.notes_edit)
        return page

    def _fill(self, data: PersonData) -> None:
        self.name_edit.setText(data.full_name)
        set_combo(self.gender_box, data.gender)
        self.year_spin.setValue(data.birth_year or NO_YEAR)
        set_combo(self.ethnicity_box, data.ethnicity)
        self.position_edit.setText(data.position)
        set_combo(self.unit_box, data.unit_id)
        self.direct_check.setChecked(bool(data.is_direct_worker))
        self.leader_check.setChecked(bool(data.is_leader))
        self.phone_edit.setText(data.phone)
        self.notes_edit.setPlainText(data.notes)

    def data(self) -> PersonData:
        year = self.year_spin.value()
        return PersonData(full_name=self.name_edit.text(), gender=self.gender_box.currentData(),
                          birth_year=None if year == NO_YEAR else year, ethnicity=self.ethnicity_box.currentData(),
                          position=self.position_edit.text(), unit_id=self.unit_box.currentData(),
                          is_direct_worker=self.direct_check.isChecked(), is_leader=self.leader_check.isChecked(),
                          phone=self.phone_edit.text(), notes=self.notes_edit.toPlainText())

    def _title(self) -> None:
        self.setWindowTitle(f"Cá nhân — {self.name_edit.text().strip()}" if self.person_id else "Thêm cá nhân")

    def save(self) -> bool:
        try:
            data = self.data()
            with self.db.session() as session:
                person = (edit_person(session, self.person_id, data) if self.person_id
                          else add_person(session, data))
                self.person_id = person.id
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
        self._title()
        self.changed({"people"})
        return True

    def accept(self) -> None:
        if self.save():
            super().accept()


class UnitPeoplePanel(TablePanel):
    """The people of one unit, with Thêm cá nhân and Mở (on the unit's page)."""

    def __init__(self, db: Database, year: int, unit_id: int, parent: QWidget | None = None):
        super().__init__("Cá nhân của đơn vị", people_columns(with_unit=False), parent)
        self.db, self.year, self.unit_id = db, year, unit_id
        self.empty_text = "Đơn vị chưa có cá nhân nào: bấm «Thêm cá nhân», hoặc nhập danh sách đăng ký thi đua."
        self.add_action("Thêm cá nhân", self.add_person, tooltip="Thêm một người của đơn vị")
        self.add_action("Mở", lambda: (row := self.current_row()) and self.open_person(row.id))
        self.row_activated.connect(lambda row: self.open_person(row.id))

    def reload(self) -> None:
        with self.db.session() as session:
            self.set_rows(list_people(session, unit_id=self.unit_id))

    def add_person(self) -> None:
        if PersonPage(self.db, self.year, parent=self, unit_id=self.unit_id).exec():
            self.reload()

    def open_person(self, person_id: int) -> None:
        PersonPage(self.db, self.year, person_id, parent=self).exec()
        self.reload()
