"""Dialog "Cài đặt": the office profile (hồ sơ cơ quan), the working year and the data folder.

Layout apart from behaviour: `_build` lays the fields out; `accept()` checks them through
`app.office.validate_profile`, and on a bad field shows why and puts the cursor there.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import select

from app import config
from app.conflicts import expect, seen_versions
from app.database import Database
from app.errors import ConflictError, ValidationError
from app.office import (
    FIELD_LABELS,
    MAX_YEAR,
    MIN_YEAR,
    OFFICE_LEVELS,
    REQUIRED,
    WORKING_YEAR,
    OfficeProfileData,
    get_profile,
    save_profile,
    set_working_year,
    validate_profile,
    working_year,
)
from db.models import OfficeProfile

# Where each field sits: the office, the documents it signs, the people to contact.
GROUPS = [
    ("Cơ quan", ["office_name", "authority_name", "authority_short", "superior_name", "level",
                 "province"]),
    ("Văn bản", ["place_name", "signer_name", "signer_title", "deputy_signer_name",
                 "deputy_signer_title"]),
    ("Liên hệ", ["clerk_name", "phone", "email"]),
]
# Examples of a commune's office (the grassroots level since 1 July 2025), nothing of the demo.
EXAMPLES = {
    "office_name": "Phòng Văn hóa - Xã hội",
    "authority_name": "Ủy ban nhân dân xã … (tên xã, phường, đặc khu)",
    "authority_short": "UBND (dùng trong ký hiệu QĐ-UBND)",
    "superior_name": "Ủy ban nhân dân tỉnh …",
    "province": "tên tỉnh, thành phố",
    "place_name": "địa danh ghi ở đầu văn bản (…, ngày … tháng … năm …)",
    "signer_name": "Họ và tên người ký",
    "email": "vanhoaxahoi@… .gov.vn",
}


class SettingsDialog(QDialog):
    """Edit and save the office profile; `profile_only` hides the rest (first start)."""

    def __init__(self, db: Database, parent: QWidget | None = None, *, profile_only: bool = False):
        super().__init__(parent)
        self.db = db
        self.setWindowTitle("Thông tin cơ quan" if profile_only else "Cài đặt")
        self.fields: dict[str, QWidget] = {}
        self.saved: OfficeProfileData | None = None
        self.year_changed = False
        self.server_changed = False
        with db.session() as session:
            profile = get_profile(session)
            self._year = working_year(session)
            self._seen = seen_versions(session, OfficeProfile, session.scalars(select(OfficeProfile.id)))  # app.conflicts
        self._build(profile_only)
        self._fill(profile)

    # --- layout ------------------------------------------------------------------------------
    def _build(self, profile_only: bool) -> None:
        layout = QVBoxLayout(self)
        if profile_only:
            intro = QLabel("Nhập thông tin cơ quan. Các thông tin này được in trên văn bản, "
                           "giấy khen và mẫu biểu; có thể sửa lại trong Công cụ → Cài đặt.", self)
            intro.setWordWrap(True)
            layout.addWidget(intro)
        columns = QHBoxLayout()
        left, right = QVBoxLayout(), QVBoxLayout()
        for i, (title, names) in enumerate(GROUPS):
            box = QGroupBox(title, self)
            form = QFormLayout(box)
            form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
            for name in names:
                widget = self._field(name)
                label = FIELD_LABELS[name] + (" *" if name in REQUIRED else "")
                form.addRow(label + ":", widget)
            if title == "Văn bản":
                self.signers_button = QPushButton("Người ký và văn bản được ký…", self)
                self.signers_button.setToolTip("Trưởng phòng, phó trưởng phòng, chủ tịch, phó chủ tịch: "
                                               "ai ký văn bản nào")
                self.signers_button.clicked.connect(self.open_signers)
                form.addRow("", self.signers_button)
            (left if i == 0 else right).addWidget(box)
        if not profile_only:
            right.addWidget(self._work_box())
        left.addStretch(1)
        right.addStretch(1)
        columns.addLayout(left, 1)
        columns.addLayout(right, 1)
        layout.addLayout(columns)
        if not profile_only:
            layout.addWidget(self._data_box())
            from ui.server_box import ServerBox  # file or shared server (issue: several PCs)

            self.server_box = ServerBox(self, ops=getattr(self.parent(), "ops", None))
            layout.addWidget(self.server_box)
        self.error_label = QLabel("", self)
        self.error_label.setStyleSheet("color: #b00020; font-weight: bold;")
        self.error_label.setWordWrap(True)
        layout.addWidget(self.error_label)
        note = QLabel("Các mục có dấu * là bắt buộc.", self)
        note.setStyleSheet("color: #555;")
        layout.addWidget(note)
        buttons = QDialogButtonBox(self)
        self.save_button = buttons.addButton("Lưu", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton("Hủy", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _field(self, name: str) -> QWidget:
        if name == "level":
            widget = QComboBox(self)
            for code, label in OFFICE_LEVELS.items():
                widget.addItem(label, code)
        else:
            widget = QLineEdit(self)
            widget.setMinimumWidth(230)
            if name in EXAMPLES:
                widget.setPlaceholderText("Ví dụ: " + EXAMPLES[name])
        widget.setObjectName(name)
        widget.setAccessibleName(FIELD_LABELS[name])
        self.fields[name] = widget
        return widget

    def _work_box(self) -> QGroupBox:
        box = QGroupBox("Làm việc", self)
        form = QFormLayout(box)
        self.year_spin = QSpinBox(self)
        self.year_spin.setRange(MIN_YEAR, MAX_YEAR)
        self.year_spin.setGroupSeparatorShown(False)
        self.year_spin.setObjectName(WORKING_YEAR)
        form.addRow("Năm làm việc:", self.year_spin)
        hint = QLabel("Năm mở sẵn khi khởi động chương trình.", self)
        hint.setStyleSheet("color: #555;")
        form.addRow("", hint)
        return box

    def _data_box(self) -> QGroupBox:
        box = QGroupBox("Dữ liệu", self)
        form = QFormLayout(box)
        self.data_folder = self.db.path.parent if self.db.path else config.data_dir()
        path_label = QLabel(str(self.db.path or self.db.url), self)
        path_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        path_label.setWordWrap(True)
        # The folder also holds files/, backups/ and logs/: what to copy, or to show IT staff.
        self.data_folder_label = QLabel(str(self.data_folder), self)
        self.data_folder_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.data_folder_label.setWordWrap(True)
        open_button = QPushButton("Mở thư mục dữ liệu", self)
        open_button.clicked.connect(self.open_data_folder)
        row = QHBoxLayout()
        row.addWidget(open_button)
        row.addStretch(1)
        form.addRow("Tệp dữ liệu:", path_label)
        form.addRow("Thư mục dữ liệu:", self.data_folder_label)
        form.addRow("", row)
        return box

    # --- behaviour ---------------------------------------------------------------------------
    def _fill(self, profile: OfficeProfileData) -> None:
        for name, widget in self.fields.items():
            value = getattr(profile, name)
            if isinstance(widget, QComboBox):
                widget.setCurrentIndex(max(widget.findData(value), 0))
            else:
                widget.setText(value)
        if hasattr(self, "year_spin"):
            self.year_spin.setValue(self._year)

    def profile(self) -> OfficeProfileData:
        """The profile as typed (not yet checked)."""
        values = {}
        for name, widget in self.fields.items():
            values[name] = widget.currentData() if isinstance(widget, QComboBox) else widget.text()
        return OfficeProfileData(**values)

    def open_signers(self):
        """The signers dialog; what it saves shows here at once (the chairman and deputy)."""
        from ui.signers_dialog import SignersDialog

        dialog = SignersDialog(self.db, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            with self.db.session() as session:
                stored = get_profile(session)
                self._seen = seen_versions(session, OfficeProfile, session.scalars(select(OfficeProfile.id)))
            for name in ("signer_name", "signer_title", "deputy_signer_name", "deputy_signer_title"):
                self.fields[name].setText(getattr(stored, name))
        return dialog

    def open_data_folder(self) -> bool:
        return QDesktopServices.openUrl(QUrl.fromLocalFile(str(Path(self.data_folder))))

    def accept(self) -> None:
        try:
            data = validate_profile(self.profile())
            if hasattr(self, "server_box"):
                self.server_box.chosen()  # an unusable address is refused before anything is saved
            with self.db.session() as session:
                expect(session, self._seen)  # changed on another PC since this dialog opened
                self.saved = save_profile(session, data)
                if hasattr(self, "year_spin") and self.year_spin.value() != self._year:
                    set_working_year(session, self.year_spin.value())
                    self.year_changed = True
        except ValidationError as exc:
            self.error_label.setText(exc.message)
            widget = self.fields.get(exc.field or "") or (
                self.year_spin if exc.field == WORKING_YEAR else None) or (
                self.server_box.url if exc.field == "db" and hasattr(self, "server_box") else None)
            if widget is not None:
                widget.setFocus()
                if isinstance(widget, QLineEdit):
                    widget.selectAll()
            return
        except ConflictError as exc:
            self.error_label.setText(exc.message)
            with self.db.session() as session:  # show what is stored now
                self._fill(get_profile(session))
                self._seen = seen_versions(session, OfficeProfile, session.scalars(select(OfficeProfile.id)))
            return
        if hasattr(self, "server_box") and self.server_box.apply():
            self.server_changed = True
        super().accept()

    def working_year(self) -> int | None:
        return self.year_spin.value() if hasattr(self, "year_spin") else None
