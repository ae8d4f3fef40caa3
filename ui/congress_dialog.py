"""Dialog "Đại hội thi đua yêu nước": the congress (number, period, date, place, targets and
group quotas), the candidates from the ledger and the exemplar register (five years), the
delegates and the honoured exemplars chosen from them, the quotas filling as they are chosen
(a bar per group, red while short), the decision that awarded the honours, and the printed
lists and workbook.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.catalog import awards as award_catalog
from app.congress import (
    GROUPS,
    CongressData,
    decision_choices,
    entries,
    get_congress,
    link_decided_awards,
    quota_progress,
    remove_entries,
    save_congress,
)
from app.congress_candidates import candidates, choose
from ui.cycle_widgets import DateField, inform, notify
from ui.extras_widgets import ErrorLine, guarded, preview_form, save_workbook, suggested_name
from ui.table_model import Column, col
from ui.table_panel import TablePanel

SHORT, MET = "#f4a6a6", "#9ccc9c"  # light, so the figures on the bar stay readable
ENTRY_COLUMNS = [
    col("Họ và tên / tập thể", "name", width=24),
    col("Năm sinh", "birth_year", width=8),
    col("Dân tộc", "ethnicity", width=9),
    Column("Chức vụ, đơn vị", lambda r: ", ".join(x for x in (r.position, r.unit) if x), width=34),
    Column("Thành phần", lambda r: r.groups_text, width=22),
    col("Thành tích 5 năm", "achievement", width=44, stretch=True),
]


class CongressDialog(QDialog):
    def __init__(self, db, ops, year: int, congress_id: int | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.db, self.ops, self.year, self.congress_id = db, ops, year, congress_id
        self.resize(1300, 820)
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(self._form(), 3)
        top.addWidget(self._quotas_box(), 2)
        layout.addLayout(top)
        self.tabs = QTabWidget(self)
        self.candidates = TablePanel("Gợi ý từ sổ khen thưởng và sổ điển hình", [
            col("Họ và tên / tập thể", "name", width=24),
            col("Đơn vị", "unit", width=24),
            Column("Thành phần", lambda r: r.groups_text, width=22),
            col("Thành tích 5 năm", "achievement", width=50, stretch=True),
            col("Đã chọn", "chosen_as", width=12),
        ], self, wrap=True)
        self.candidates.add_action("Chọn làm đại biểu", self.choose_delegates,
                                   tooltip="Đưa các dòng đang chọn vào danh sách đại biểu")
        self.award = QComboBox(self)
        self.award.setAccessibleName("Hình thức đề nghị khi tôn vinh")
        for code, name in self._award_choices():
            self.award.addItem(name, code)
        self.candidates.add_widget(QLabel(" tôn vinh, đề nghị: ", self))
        self.candidates.add_widget(self.award)
        self.candidates.add_action("Chọn tôn vinh", self.choose_honours,
                                   tooltip="Đưa các dòng đang chọn vào danh sách điển hình được tôn vinh")
        self.delegates = TablePanel("Đại biểu dự Đại hội", ENTRY_COLUMNS + [col("Nguồn", "source", width=12)], self,
                                    wrap=True)
        self.delegates.add_action("Bỏ khỏi danh sách", lambda: self.remove(self.delegates))
        self.honours = TablePanel("Điển hình tiên tiến được tôn vinh", ENTRY_COLUMNS + [
            col("Đề nghị", "award", width=14), col("Đã khen thưởng", "decided", width=30)], self, wrap=True)
        self.honours.add_action("Bỏ khỏi danh sách", lambda: self.remove(self.honours))
        self.honours.add_action("Gắn quyết định khen thưởng…", lambda: self.link_decision(),
                                tooltip="Quyết định khen thưởng các điển hình tại Đại hội")
        for panel, title in ((self.candidates, "Gợi ý"), (self.delegates, "Đại biểu"), (self.honours, "Tôn vinh")):
            self.tabs.addTab(panel, title)
        layout.addWidget(self.tabs, 1)
        bottom = QHBoxLayout()
        self.print_button = QPushButton("In danh sách…", self)
        self.print_button.clicked.connect(self.print_lists)
        self.export_button = QPushButton("Xuất Excel…", self)
        self.export_button.clicked.connect(lambda: self.export())
        close = QPushButton("Đóng", self)
        close.clicked.connect(self.accept)
        for w in (self.print_button, self.export_button):
            bottom.addWidget(w)
        bottom.addStretch(1)
        bottom.addWidget(close)
        layout.addLayout(bottom)
        self.reload()

    def _award_choices(self) -> list[tuple[str, str]]:
        with self.db.session() as session:
            return [(a.code, a.name) for a in award_catalog(session) if a.category == "form"]

    # --- the congress itself -----------------------------------------------------------------
    def _form(self) -> QWidget:
        box = QGroupBox("Đại hội", self)
        form = QFormLayout(box)
        self.number = QSpinBox(box)
        self.number.setRange(1, 99)
        self.number.setObjectName("number")
        self.held_year = QSpinBox(box)
        self.held_year.setRange(1945, 2100)
        self.held_year.setObjectName("year")
        self.name = QLineEdit(box)
        self.name.setPlaceholderText("Để trống: «Đại hội thi đua yêu nước … lần thứ …»")
        self.period_from, self.period_to = QSpinBox(box), QSpinBox(box)
        for spin in (self.period_from, self.period_to):
            spin.setRange(1945, 2100)
        self.period_from.setObjectName("period_from")
        self.held_on = DateField(box, "Ngày tổ chức")
        self.held_on.setObjectName("held_on")
        self.place = QLineEdit(box)
        self.delegate_target, self.honour_target = QSpinBox(box), QSpinBox(box)
        for spin in (self.delegate_target, self.honour_target):
            spin.setRange(0, 5000)
        row1 = QHBoxLayout()
        for w in (QLabel("lần thứ", box), self.number, QLabel("năm", box), self.held_year, QLabel("giai đoạn", box),
                  self.period_from, QLabel("–", box), self.period_to, QLabel("ngày", box), self.held_on):
            row1.addWidget(w)
        row1.addStretch(1)
        row2 = QHBoxLayout()
        for w in (QLabel("đại biểu", box), self.delegate_target, QLabel("điển hình tôn vinh", box), self.honour_target):
            row2.addWidget(w)
        self.quota_spins: dict[str, QSpinBox] = {}
        row3 = QHBoxLayout()
        for group, label in GROUPS.items():
            spin = QSpinBox(box)
            spin.setRange(0, 100)
            spin.setSuffix("%")
            spin.setToolTip(f"Tỷ lệ tối thiểu: {label}")
            self.quota_spins[group] = spin
            row3.addWidget(QLabel(label.split(" (")[0].lower() + ":", box))
            row3.addWidget(spin)
        row2.addStretch(1)
        row3.addStretch(1)
        save = QPushButton("Lưu", box)
        save.clicked.connect(self.save)
        row2.addWidget(save)
        form.addRow("Đại hội:", row1)
        form.addRow("Tên:", self.name)
        form.addRow("Địa điểm:", self.place)
        form.addRow("Số lượng dự kiến:", row2)
        form.addRow("Cơ cấu tối thiểu:", row3)
        self.error = ErrorLine(box, {"number": self.number, "year": self.held_year, "period_from": self.period_from,
                                     "held_on": self.held_on})
        form.addRow(self.error)
        return box

    def _quotas_box(self) -> QWidget:
        box = QGroupBox("Cơ cấu (cập nhật khi chọn)", self)
        grid = QGridLayout(box)
        self.bars: dict[tuple[str, str], QProgressBar] = {}
        for c, (role, title) in enumerate((("delegate", "Đại biểu"), ("honour", "Tôn vinh"))):
            grid.addWidget(QLabel(f"<b>{title}</b>", box), 0, 1 + c)
            for r, (group, label) in enumerate(GROUPS.items(), start=1):
                if c == 0:
                    grid.addWidget(QLabel(label.split(" (")[0], box), r, 0)
                bar = QProgressBar(box)
                bar.setAccessibleName(f"{title}: {label}")
                self.bars[(role, group)] = bar
                grid.addWidget(bar, r, 1 + c)
        self.count_label = QLabel(box)
        grid.addWidget(self.count_label, len(GROUPS) + 1, 0, 1, 3)
        return box

    def save(self) -> bool:
        def write():
            data = CongressData(
                number=self.number.value(), year=self.held_year.value(), name=self.name.text(),
                period_from=self.period_from.value(), period_to=self.period_to.value(), held_on=self.held_on.date(),
                place=self.place.text(), delegate_target=self.delegate_target.value(),
                honour_target=self.honour_target.value(),
                quotas={g: s.value() for g, s in self.quota_spins.items()}, id=self.congress_id)
            with self.db.session() as session:
                self.congress_id = save_congress(session, data)
        if self.error.run(write):
            notify(self, {"congress"})
            self.reload()
            return True
        return False

    # --- lists ---------------------------------------------------------------------------------
    def reload(self) -> None:
        if self.congress_id is None:
            self.setWindowTitle("Đại hội thi đua yêu nước (thêm mới)")
            self.number.setValue(1)
            self.held_year.setValue(self.year)
            self.period_from.setValue(self.year - 5)
            self.period_to.setValue(self.year)
            for group, spin in self.quota_spins.items():
                spin.setValue(CongressData(number=1, year=self.year).quotas.get(group, 0))
            for panel in (self.candidates, self.delegates, self.honours):
                panel.set_rows([])
            self.tabs.setEnabled(False)
            self.count_label.setText("Lưu thông tin Đại hội để chọn đại biểu, điển hình.")
            return
        self.tabs.setEnabled(True)
        with self.db.session() as session:
            c = get_congress(session, self.congress_id)
            pool = candidates(session, self.congress_id)
            delegates, honours = entries(session, c.id, "delegate"), entries(session, c.id, "honour")
            quotas = {role: quota_progress(session, c.id, role) for role in ("delegate", "honour")}
        self.setWindowTitle(c.name)
        self.number.setValue(c.number)
        self.held_year.setValue(c.year)
        self.name.setText(c.name)
        self.period_from.setValue(c.period_from)
        self.period_to.setValue(c.period_to)
        self.held_on.set_date(c.held_on)
        self.place.setText(c.place)
        self.delegate_target.setValue(c.delegate_target)
        self.honour_target.setValue(c.honour_target)
        for group, spin in self.quota_spins.items():
            spin.setValue(c.quotas.get(group, 0))
        self.candidates.set_rows(pool)
        self.delegates.set_rows(delegates)
        self.honours.set_rows(honours)
        self.tabs.setTabText(0, f"Gợi ý ({len(pool)})")
        self.tabs.setTabText(1, f"Đại biểu ({len(delegates)})")
        self.tabs.setTabText(2, f"Tôn vinh ({len(honours)})")
        for role, rows in quotas.items():
            for q in rows:
                bar = self.bars[(role, q.group)]
                bar.setRange(0, max(q.needed, 1))
                bar.setValue(min(q.have, max(q.needed, 1)))
                bar.setFormat(f"{q.have}/{q.needed}" + (" ✓" if q.met else ""))
                bar.setToolTip(q.text)
                bar.setStyleSheet("QProgressBar { text-align: center; color: black; } "
                                  f"QProgressBar::chunk {{ background: {MET if q.met else SHORT}; }}")
        self.count_label.setText(
            f"Đại biểu: {len(delegates)}" + (f"/{c.delegate_target}" if c.delegate_target else "")
            + f"; điển hình tôn vinh: {len(honours)}" + (f"/{c.honour_target}" if c.honour_target else ""))

    def _chosen_keys(self) -> list[str]:
        return [c.key for c in self.candidates.selected_rows()]

    def choose_delegates(self) -> None:
        keys = self._chosen_keys()

        def write():
            with self.db.session() as session:
                choose(session, self.congress_id, "delegate", keys)
        if guarded(self, write):
            self.reload()

    def choose_honours(self) -> None:
        keys, code = self._chosen_keys(), self.award.currentData() or ""

        def write():
            with self.db.session() as session:
                choose(session, self.congress_id, "honour", keys, award_code=code)
        if guarded(self, write):
            self.reload()

    def remove(self, panel: TablePanel) -> None:
        ids = [r.id for r in panel.selected_rows()]
        if not ids:
            return
        with self.db.session() as session:
            remove_entries(session, ids)
        self.reload()

    def link_decision(self, decision_id: int | None = None) -> None:
        if decision_id is None:
            with self.db.session() as session:
                choices = decision_choices(session, self.held_year.value())
            if not choices:
                inform(self, f"Năm {self.held_year.value()} chưa có quyết định khen thưởng nào.")
                return
            label, ok = QInputDialog.getItem(self, "Gắn quyết định", "Quyết định khen thưởng tại Đại hội:",
                                             [text for _i, text in choices], 0, False)
            if not ok:
                return
            decision_id = next(i for i, text in choices if text == label)
        linked = []

        def write():
            with self.db.session() as session:
                linked.append(link_decided_awards(session, self.congress_id, decision_id))
        if guarded(self, write):
            self.reload()
            if not getattr(self.ops, "inline", False):
                inform(self, f"Đã gắn {linked[0]} khen thưởng của quyết định với danh sách tôn vinh.")

    def print_lists(self) -> None:
        from app.printing.congress import print_congress

        congress_id = self.congress_id
        if congress_id is not None:
            preview_form(self, self.ops, self.db, lambda session: print_congress(session, congress_id))

    def export(self, path=None) -> None:
        from app.excel.extras_exports import congress_workbook

        congress_id = self.congress_id
        if congress_id is not None:
            save_workbook(self, self.ops, self.db, suggested_name("DaiHoiThiDua", self.held_year.value()),
                          lambda session, where: congress_workbook(session, congress_id, where), path)
