"""Tab "Đăng ký thi đua": what the units registered for the year (titles for themselves and
their people), the exemplar register (sổ điển hình tiên tiến — for the media centre), the
units short of one collective and one individual exemplar, and the year-end comparison of
what was proposed with what was registered.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.blocs import unit_choices
from app.movements import movement_choices
from app.registrations import (
    RegistrationData,
    compare_registered_proposed,
    delete_registration,
    exemplar_gaps,
    get_registration,
    list_registrations,
    save_registration,
    title_choices,
)
from app.states import SUBJECTS as RECIPIENTS
from ui.cycle_widgets import DateField, ask, notify, set_combo
from ui.reload_when_shown import ReloadWhenShown
from ui.submissions_receive_dialog import _FormDialog
from ui.table_model import Column, col
from ui.table_panel import TablePanel

SUBJECTS = {code: RECIPIENTS[code] for code in ("collective", "individual")}


class RegistrationDialog(_FormDialog):
    """A registered title or an exemplar, typed by hand or completed after an import."""

    def __init__(self, db, year: int, registration_id: int | None = None, *, exemplar: bool = False,
                 parent: QWidget | None = None):
        title = "Sửa đăng ký" if registration_id else ("Thêm điển hình tiên tiến" if exemplar else "Thêm đăng ký")
        super().__init__(f"{title} — năm {year}", parent)
        self.db, self.year, self.registration_id = db, year, registration_id
        with db.session() as session:
            data = (get_registration(session, registration_id) if registration_id
                    else RegistrationData(year, 0, "collective", "", is_exemplar=exemplar))
            units = unit_choices(session, keep=[data.unit_id] if data.unit_id else [])
            awards = title_choices(session)
            movements = movement_choices(session)
        self.person_id = data.person_id
        self.unit = self.add("unit_id", "Đơn vị *:", QComboBox(self))
        for u in units:
            self.unit.addItem(u.name, u.id)
        self.subject = self.add("subject", "Đối tượng *:", QComboBox(self))
        for code, text in SUBJECTS.items():
            self.subject.addItem(text, code)
        self.name = self.add("name", "Tên tập thể, cá nhân *:", QLineEdit(self))
        self.award = self.add("award_code", "Danh hiệu đăng ký:", QComboBox(self))
        self.award.addItem("— không (chỉ là điển hình) —", "")
        for code, name in awards:
            self.award.addItem(name, code)
        self.exemplar = self.add("is_exemplar", "", QCheckBox("Là điển hình tiên tiến của đơn vị", self))
        self.model = self.add("model", "Mô hình, cách làm:", QPlainTextEdit(self))
        self.model.setTabChangesFocus(True)
        self.model.setFixedHeight(52)
        self.movement = self.add("movement_id", "Thuộc phong trào:", QComboBox(self))
        self.movement.addItem("— không —", None)
        for movement_id, name in movements:
            self.movement.addItem(name if len(name) < 90 else name[:88] + "…", movement_id)
        self.publicity = self.add("publicity", "Hình thức tuyên truyền:", QLineEdit(self))
        self.publicity.setPlaceholderText("Ví dụ: phóng sự trên đài truyền thanh")
        self.publicised_on = self.add("publicised_on", "Ngày tuyên truyền:", DateField(self, "Ngày tuyên truyền"))
        self.notes = self.add("notes", "Ghi chú:", QLineEdit(self))
        set_combo(self.unit, data.unit_id)
        set_combo(self.subject, data.subject)
        self.name.setText(data.name)
        set_combo(self.award, data.award_code)
        self.exemplar.setChecked(data.is_exemplar)
        self.model.setPlainText(data.model)
        set_combo(self.movement, data.movement_id)
        self.publicity.setText(data.publicity)
        self.publicised_on.set_date(data.publicised_on)
        self.notes.setText(data.notes)
        self.resize(700, 520)

    def store(self) -> None:
        data = RegistrationData(
            self.year, self.unit.currentData(), self.subject.currentData(), self.name.text(),
            self.award.currentData() or "", self.exemplar.isChecked(),
            self.person_id if self.subject.currentData() == "individual" else None, self.model.toPlainText(),
            self.movement.currentData(), self.publicity.text(), self.publicised_on.date(), self.notes.text(),
            self.registration_id)
        with self.db.session() as session:
            self.registration_id = save_registration(session, data)


class RegistrationsTab(ReloadWhenShown, QWidget):
    TITLE = "Đăng ký thi đua"
    AREAS = frozenset({"registrations", "submissions", "dossiers", "movements", "units"})
    loaded = Signal()

    def __init__(self, db, ops, year: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.db, self.ops, self.year = db, ops, year
        self._stale, self._request = True, 0
        self.titles = TablePanel("Đăng ký danh hiệu", [
            col("Đơn vị", "unit", width=28), col("Đối tượng", "subject", width=8),
            col("Tên tập thể, cá nhân", "name", width=30), col("Danh hiệu đăng ký", "award", width=26),
            col("Nguồn", "source", width=9), col("Ghi chú", "notes", width=20, stretch=True)], self)
        self.register = TablePanel("Sổ điển hình tiên tiến", [
            col("Đơn vị", "unit", width=26), col("Đối tượng", "subject", width=8),
            col("Điển hình", "name", width=28), col("Mô hình, cách làm", "model", width=34),
            col("Phong trào", "movement", width=30), col("Hình thức tuyên truyền", "publicity", width=28),
            col("Ngày tuyên truyền", "publicised_on", width=10, stretch=True)], self, wrap=True)
        self.gaps = TablePanel("Đơn vị chưa đủ điển hình tiên tiến", [
            col("Đơn vị", "unit", width=34), col("Điển hình tập thể", "collective", width=8),
            col("Điển hình cá nhân", "individual", width=8),
            col("Tình trạng", "missing", width=40, stretch=True, color=lambda r: "#b00020")], self)
        self.compare = TablePanel("Đối chiếu đăng ký – đề nghị", [
            col("Số hồ sơ", "dossier_number", width=13), col("Đơn vị đề nghị", "unit", width=26),
            col("Người, tập thể được đề nghị", "name", width=26), col("Danh hiệu đề nghị", "award", width=24),
            Column("Cảnh báo", lambda r: r.code_text, width=22, color=lambda r: "#9a5b00"),
            col("Nội dung", "message", width=50, stretch=True)], self, wrap=True)
        self.titles.add_action("Thêm", lambda: self._edit(None, False), shortcut="Ctrl+N", tooltip="Thêm đăng ký")
        self.titles.add_action("Sửa", lambda: self._edit_current(self.titles), tooltip="Sửa dòng đang chọn (Enter)")
        self.titles.add_action("Xóa", lambda: self._remove(self.titles))
        self.register.add_action("Thêm điển hình", lambda: self._edit(None, True), shortcut="Ctrl+N")
        self.register.add_action("Sửa", lambda: self._edit_current(self.register), tooltip="Sửa dòng đang chọn (Enter)")
        self.register.add_action("Xóa", lambda: self._remove(self.register))
        for panel in (self.titles, self.register):
            panel.row_activated.connect(lambda row: self._edit(row.id, row.is_exemplar))
        self.pages = QTabWidget(self)
        for panel in (self.titles, self.register, self.gaps, self.compare):
            self.pages.addTab(panel, panel.title)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.pages)

    @property
    def panel(self) -> TablePanel:
        """The page on screen (what the main window's checks and exports read)."""
        return self.pages.currentWidget()

    # --- what the main window calls ----------------------------------------------------------
    def reload(self) -> None:
        self._stale = False
        self._request += 1
        request, year = self._request, self.year

        def load():
            with self.db.session() as session:
                return (list_registrations(session, year, exemplars=False),
                        list_registrations(session, year, exemplars=True),
                        exemplar_gaps(session, year), compare_registered_proposed(session, year))

        def show(result) -> None:
            if request != self._request:
                return
            names = ("Đăng ký danh hiệu", "Sổ điển hình tiên tiến", "Đơn vị chưa đủ điển hình",
                     "Đối chiếu đăng ký – đề nghị")
            for i, (panel, rows, name) in enumerate(zip((self.titles, self.register, self.gaps, self.compare),
                                                        result, names, strict=True)):
                panel.title = f"{name} năm {year}"
                panel.set_rows(rows)
                self.pages.setTabText(i, f"{name} ({len(rows)})")
            self.loaded.emit()

        self.ops.run(load, on_done=show, parent=self)

    # --- actions -----------------------------------------------------------------------------
    def _edit(self, registration_id: int | None, exemplar: bool) -> None:
        if RegistrationDialog(self.db, self.year, registration_id, exemplar=exemplar, parent=self).exec():
            notify(self, {"registrations"})
            self.invalidate()

    def _edit_current(self, panel: TablePanel) -> None:
        row = panel.current_row()
        if row is not None:
            self._edit(row.id, row.is_exemplar)

    def _remove(self, panel: TablePanel) -> None:
        rows = panel.selected_rows()
        if not rows or not ask(self, f"Xóa {len(rows)} dòng đăng ký đã chọn?"):
            return
        with self.db.session() as session:
            for row in rows:
                delete_registration(session, row.id)
        notify(self, {"registrations"})
        self.invalidate()
