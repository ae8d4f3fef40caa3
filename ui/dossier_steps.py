"""The dossier window's small step forms: the public notice (công khai: period and place) and
forwarding to a higher authority (the office's tờ trình number and date). Each writes through
the dossier window, so a refusal shows in its red bar."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QDateEdit, QDialog, QDialogButtonBox, QFormLayout, QLineEdit

from app.nominees import start_notice


class _SmallForm(QDialog):
    """A few fields and OK/Cancel, writing through the dossier dialog."""

    def __init__(self, owner, title: str):
        super().__init__(owner)
        self.owner = owner
        self.setWindowTitle(title)
        self.form = QFormLayout(self)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Ghi")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Hủy")
        self.buttons.rejected.connect(self.reject)
        self.buttons.accepted.connect(self.save)

    def date_edit(self, day: dt.date) -> QDateEdit:
        edit = QDateEdit(QDate(day.year, day.month, day.day), self)
        edit.setDisplayFormat("dd/MM/yyyy")
        edit.setCalendarPopup(True)
        return edit

    def save(self) -> None:
        raise NotImplementedError


class NoticeDialog(_SmallForm):
    """Công khai danh sách: the period and the place it is posted."""

    def __init__(self, owner):
        super().__init__(owner, "Công khai danh sách đề nghị khen thưởng")
        today = dt.date.today()
        self.start = self.date_edit(today)
        self.end = self.date_edit(today + dt.timedelta(days=5))
        self.place = QLineEdit(self)
        self.place.setPlaceholderText("Trụ sở UBND, cổng thông tin điện tử…")
        self.form.addRow("Từ ngày", self.start)
        self.form.addRow("Đến ngày", self.end)
        self.form.addRow("Nơi công khai", self.place)
        self.form.addRow(self.buttons)

    def save(self) -> None:
        start, end = self.start.date().toPython(), self.end.date().toPython()
        place = self.place.text()
        self.owner._write(lambda s: start_notice(s, self.owner.dossier_id, start, end, place),
                          f"Đã công khai danh sách từ {start:%d/%m/%Y} đến {end:%d/%m/%Y}.")
        self.accept()


class ForwardDialog(_SmallForm):
    """Trình cấp trên: the office's tờ trình number and date."""

    def __init__(self, owner):
        super().__init__(owner, "Trình cấp trên")
        self.ref = QLineEdit(self)
        self.ref.setPlaceholderText("Ví dụ: 88/TTr-UBND")
        self.day = self.date_edit(dt.date.today())
        self.to = QLineEdit(owner.detail.forwarded_to if owner.detail else "", self)
        self.to.setPlaceholderText("UBND tỉnh …")
        self.form.addRow("Số tờ trình", self.ref)
        self.form.addRow("Ngày tờ trình", self.day)
        self.form.addRow("Trình", self.to)
        self.form.addRow(self.buttons)

    def save(self) -> None:
        from app.decisions import forward_dossier

        ref, day, to = self.ref.text(), self.day.date().toPython(), self.to.text()
        if not ref.strip():
            self.ref.setFocus()
            self.ref.setPlaceholderText("Cần nhập số tờ trình")
            return
        self.owner._write(lambda s: forward_dossier(s, self.owner.dossier_id, ref, day, to),
                          f"Đã trình cấp trên (Tờ trình {ref.strip()}).")
        self.accept()
