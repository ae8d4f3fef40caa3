"""Page "Xếp hạng, đơn vị dẫn đầu" of the bloc dialog: the ranking by agreed score with the
bloc's tie-break rules (chosen here, in order), storing the ranks, and proposing the leading
units for the province's flag or certificate — which creates their forwarded dossier.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.bloc_criteria import criteria_tree, points_text
from app.bloc_leading import (
    LEADING_AWARDS,
    leading_refusal,
    leading_units,
    propose_leading,
    withdraw_leading,
)
from app.bloc_scores import (
    describe_tie_break,
    parse_tie_break,
    ranking,
    store_ranking,
    tie_rule_choices,
)
from app.blocs import get_bloc, save_bloc
from app.errors import UserError
from app.text import fold
from ui.cycle_widgets import ask, ask_reason, inform, notify, set_combo
from ui.ops import show_failure
from ui.table_model import RIGHT, Column, col
from ui.table_panel import TablePanel

RULE_SLOTS = 3


@dataclass(slots=True)
class RankLine:
    unit_id: int
    rank: int | None
    unit: str
    agreed: Decimal | None
    self_total: Decimal | None
    missing: int
    female_share: int | None
    note: str
    proposal: str  # "Cờ thi đua của UBND tỉnh — HS-2025-0041"
    search: str


class BlocRankingPanel(QWidget):
    changed = Signal()

    def __init__(self, db, ops, bloc_id: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.db, self.ops, self.bloc_id = db, ops, bloc_id
        rules = QHBoxLayout()
        rules.addWidget(QLabel("Khi bằng điểm, xét lần lượt:", self))
        self.rule_boxes = []
        for i in range(RULE_SLOTS):
            box = QComboBox(self)
            box.setAccessibleName(f"Quy tắc phụ {i + 1}")
            rules.addWidget(box)
            self.rule_boxes.append(box)
        apply_rules = QPushButton("Áp dụng", self)
        apply_rules.clicked.connect(self.save_rules)
        rules.addWidget(apply_rules)
        rules.addStretch(1)
        self.panel = TablePanel("Xếp hạng", [
            col("Hạng", "rank", width=5),
            col("Đơn vị", "unit", width=32),
            Column("Thống nhất", lambda r: r.agreed, width=7, align=RIGHT, display=points_text),
            Column("Tự chấm", lambda r: r.self_total, width=7, align=RIGHT, display=points_text),
            Column("Chưa chấm", lambda r: r.missing, width=6, align=RIGHT, display=lambda v: str(v) if v else "",
                   color=lambda r: "#b00020" if r.missing else None),
            Column("Tỷ lệ nữ", lambda r: r.female_share, width=6, align=RIGHT,
                   display=lambda v: "" if v is None else f"{v}%"),
            col("Đề nghị khen thưởng", "proposal", width=30, color=lambda r: "#1b5e20" if r.proposal else None),
            col("Ghi chú xếp hạng", "note", width=44, stretch=True),
        ], self, wrap=True)
        for text, slot, tip in (
                ("Lưu thứ hạng", self.store, "Ghi thứ hạng vào danh sách thành viên (dùng khi in, báo cáo)"),
                ("Đề nghị Cờ thi đua…", lambda: self.propose("CO_TINH"), LEADING_AWARDS["CO_TINH"]),
                ("Đề nghị Bằng khen…", lambda: self.propose("BK_TINH"), LEADING_AWARDS["BK_TINH"]),
                ("Rút đề nghị…", self.withdraw, "Rút đề nghị của đơn vị đang chọn (ghi rõ lý do)"),
                ("In bảng điểm", self.print_scores, "Bảng tổng hợp điểm thi đua của khối")):
            self.panel.add_action(text, slot, tooltip=tip)
        self.rules_text = QLabel(self)
        self.rules_text.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(rules)
        layout.addWidget(self.rules_text)
        layout.addWidget(self.panel, 1)
        self.reload()

    def reload(self) -> None:
        with self.db.session() as session:
            bloc = get_bloc(session, self.bloc_id)
            choices = tie_rule_choices(criteria_tree(session, self.bloc_id))
            rows = ranking(session, self.bloc_id)
            leads = {p.unit_id: p for p in leading_units(session, self.bloc_id)}
        self.tie_break = bloc.tie_break
        chosen = parse_tie_break(bloc.tie_break)
        for i, box in enumerate(self.rule_boxes):
            box.blockSignals(True)
            box.clear()
            box.addItem("— không —", "")
            for code, label in choices:
                box.addItem(label, code)
            set_combo(box, chosen[i] if i < len(chosen) else "")
            box.blockSignals(False)
        self.rules_text.setText(f"Quy tắc đang áp dụng: {describe_tie_break(bloc.tie_break)}. Bằng nhau sau mọi "
                                "quy tắc thì đồng hạng.")
        lines = []
        for r in rows:
            lead = leads.get(r.unit_id)
            proposal = ""
            if lead is not None:
                proposal = lead.award + (f" — hồ sơ {lead.dossier_number}" if lead.dossier_number else "")
            lines.append(RankLine(r.unit_id, r.rank, r.unit, r.agreed_total, r.self_total, r.missing,
                                  r.female_share, r.tie_note, proposal, fold(f"{r.unit} {proposal}")))
        self.panel.title = f"Xếp hạng {bloc.name} năm {bloc.year}"
        self.panel.set_rows(lines)

    def save_rules(self) -> None:
        codes = [b.currentData() for b in self.rule_boxes if b.currentData()]
        try:
            with self.db.session() as session:
                data = get_bloc(session, self.bloc_id)
                data.tie_break = ",".join(dict.fromkeys(codes))
                save_bloc(session, data)
        except UserError as exc:
            show_failure(exc, self)
        self.reload()
        self.changed.emit()
        notify(self, {"blocs"})

    def store(self) -> None:
        with self.db.session() as session:
            rows = store_ranking(session, self.bloc_id)
        inform(self, f"Đã lưu thứ hạng của {sum(1 for r in rows if r.rank)} đơn vị.")
        notify(self, {"blocs"})

    def _current(self) -> RankLine | None:
        row = self.panel.current_row()
        if row is None:
            show_failure(UserError("Chọn một đơn vị trong bảng xếp hạng."), self)
        return row

    def propose(self, code: str) -> None:
        row = self._current()
        if row is None:
            return
        with self.db.session() as session:
            refused = leading_refusal(session, self.bloc_id, code)
        if refused:  # said up front, before asking anything (t16: a flag dossier was made, refused later)
            show_failure(UserError(refused), self)
            return
        place = f"xếp thứ {row.rank}, {points_text(row.agreed)} điểm" if row.rank else "chưa có điểm thống nhất"
        if not ask(self, f"Đề nghị tặng {LEADING_AWARDS[code]} cho {row.unit} ({place})?\n\n"
                         "Chương trình sẽ tạo hồ sơ đề nghị (trình cấp trên) cho đơn vị này."):
            return
        try:
            with self.db.session() as session:
                made = propose_leading(session, self.bloc_id, row.unit_id, code)
        except UserError as exc:
            show_failure(exc, self)
            return
        inform(self, f"Đã tạo hồ sơ {made.dossier_number}: đề nghị tặng {made.award} cho {made.unit}.")
        self._after()

    def withdraw(self) -> None:
        row = self._current()
        if row is None:
            return
        reason = ask_reason(self, "Rút đề nghị đơn vị dẫn đầu", f"Lý do rút đề nghị của {row.unit}:")
        if reason is None:
            return
        try:
            with self.db.session() as session:
                withdraw_leading(session, self.bloc_id, row.unit_id, reason)
        except UserError as exc:
            show_failure(exc, self)
            return
        self._after()

    def _after(self) -> None:
        self.reload()
        self.changed.emit()
        notify(self, {"blocs", "dossiers"})

    def print_scores(self) -> None:
        from ui.print_preview import open_form

        open_form(self, self.ops, self.db, "bloc-scores", id=self.bloc_id)
