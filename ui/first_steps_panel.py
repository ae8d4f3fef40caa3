"""Bắt đầu: the home screen's list of first steps for an office new to the program (app/
first_steps.py) — each step ticked when done, with the button that does it.

`install(window)` connects the buttons: the office profile, the units and people tab, the
movements tab, what units must send (Hạn nộp, miễn nộp), the template dialog.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.first_steps import FirstSteps

DONE, TODO = "✔", "○"


class FirstStepsPanel(QFrame):
    step_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("firstSteps")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet("#firstSteps { background: #f3f8ff; border: 1px solid #9bb8e0; border-radius: 4px; }")
        self.title = QLabel(self)
        font = self.title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.1)
        self.title.setFont(font)
        self.intro = QLabel("Cơ quan mới dùng chương trình: làm lần lượt các bước dưới đây. Bước đã xong "
                            "được đánh dấu ✔; danh sách này ẩn đi khi đã đủ các bước hoặc đã có quyết định "
                            "khen thưởng đầu tiên.", self)
        self.intro.setWordWrap(True)
        self.grid = QGridLayout()
        self.grid.setHorizontalSpacing(12)
        self.grid.setColumnStretch(2, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.intro)
        layout.addLayout(self.grid)
        self.buttons: dict[str, QPushButton] = {}
        self.marks: dict[str, QLabel] = {}
        self.steps: FirstSteps | None = None
        self.hide()

    def set_steps(self, steps: FirstSteps) -> None:
        self.steps = steps
        if not steps.shown:
            self.hide()
            return
        self.title.setText(f"Bắt đầu — đã xong {steps.done_count}/{len(steps.steps)} bước")
        while self.grid.count():
            item = self.grid.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        self.buttons, self.marks = {}, {}
        for row, step in enumerate(steps.steps):
            mark = QLabel(DONE if step.done else TODO, self)
            mark.setStyleSheet("color: #2e7d32; font-weight: bold;" if step.done else "color: #555;")
            title = QLabel(f"<b>{row + 1}. {step.title}</b>", self)
            detail = QLabel(step.detail, self)
            detail.setWordWrap(True)
            detail.setStyleSheet("color: #2e7d32;" if step.done else "")
            button = QPushButton(step.action, self)
            button.clicked.connect(lambda _c=False, code=step.code: self.step_requested.emit(code))
            for col, widget in enumerate((mark, title, detail, button)):
                self.grid.addWidget(widget, row, col)
            self.buttons[step.code], self.marks[step.code] = button, mark
        self.show()


def install(window) -> None:
    """Wire the steps' buttons to the screens that do them."""
    home = getattr(window, "home_tab", None)
    if home is None or not hasattr(home, "first_steps"):
        return

    def go(code: str) -> None:
        if code == "profile":
            window.open_settings()
        elif code in ("units", "people"):
            tab = window.units_tab
            window.tabs.setCurrentWidget(tab)
            tab.pages.setCurrentWidget(tab.units if code == "units" else tab.people)
        elif code == "plan":
            window.tabs.setCurrentWidget(window.movements_tab)
        elif code == "dues":
            from ui.submissions_dues_dialog import DuesDialog

            window.tabs.setCurrentWidget(window.submissions_tab)
            DuesDialog(window.db, window.ops, window.current_year(), parent=window).exec()
            window.notify_changed({"submissions"})
        elif code == "templates":
            from ui.template_dialog import TemplateDialog

            TemplateDialog(window.db, window.ops, window.current_year(), window).exec()
            window.notify_changed({"office"})

    home.first_steps.step_requested.connect(go)
