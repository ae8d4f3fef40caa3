"""Dialog "Khối thi đua của tỉnh": our authority's place in the bloc the province organises —
the bloc's facts and covenant, its criteria table as the province sent it (the same criteria
panel as our own blocs), our self-score with explanation and evidence per criterion, and the
result (the report sent, the bloc's final score, our rank). The self-scoring workbook and the
accompanying report are one button each.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
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

from app.bloc_criteria import points_text
from app.province_bloc import (
    ProvinceBlocInput,
    province_bloc_view,
    province_blocs,
    record_result,
    record_sent,
    save_province_bloc,
)
from ui.cycle_widgets import DateField, notify
from ui.extras_widgets import ErrorLine, preview_form, save_workbook, suggested_name
from ui.province_score_dialog import ScoreDialog
from ui.table_model import RIGHT, Column, col
from ui.table_panel import TablePanel

KIND_PREFIX = {"bonus": "Điểm thưởng: ", "penalty": "Điểm trừ: "}

__all__ = ["ProvinceBlocDialog", "ScoreDialog"]


class ProvinceBlocDialog(QDialog):
    def __init__(self, db, ops, year: int, bloc_id: int | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.db, self.ops, self.year, self.bloc_id = db, ops, year, bloc_id
        self.resize(1180, 740)
        self.tabs = QTabWidget(self)
        self.tabs.addTab(self._info_page(), "Thông tin khối, giao ước")
        self.criteria_holder = QWidget(self)
        QVBoxLayout(self.criteria_holder)
        self.tabs.addTab(self.criteria_holder, "Bảng tiêu chí của tỉnh")
        self.tabs.addTab(self._score_page(), "Tự chấm điểm, minh chứng")
        self.tabs.addTab(self._result_page(), "Kết quả")
        self.export_button = QPushButton("Xuất bảng tự chấm (Excel)…", self)
        self.export_button.clicked.connect(lambda: self.export())
        self.print_button = QPushButton("In báo cáo tự chấm…", self)
        self.print_button.clicked.connect(self.print_report)
        close = QPushButton("Đóng", self)
        close.clicked.connect(self.accept)
        bottom = QHBoxLayout()
        bottom.addWidget(self.export_button)
        bottom.addWidget(self.print_button)
        bottom.addStretch(1)
        bottom.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(bottom)
        self.reload()

    # --- pages -------------------------------------------------------------------------------
    def _info_page(self) -> QWidget:
        page = QWidget(self)
        form = QFormLayout(page)
        self.name = QLineEdit(page)
        self.name.setObjectName("name")
        self.head = QLineEdit(page)
        self.head.setObjectName("head_name")
        self.deputy = QLineEdit(page)
        self.deputy.setObjectName("deputy_name")
        self.others = QPlainTextEdit(page)
        self.others.setPlaceholderText("Mỗi dòng một đơn vị (không kể cơ quan mình)")
        self.others.setFixedHeight(110)
        self.source = QLineEdit(page)
        self.source.setPlaceholderText("Văn bản của tỉnh/khối ban hành bảng tiêu chí")
        self.regulation = QPlainTextEdit(page)
        self.regulation.setFixedHeight(50)
        self.covenant_on = DateField(page, "Ngày ký giao ước")
        self.covenant_on.setObjectName("covenant_signed_on")
        self.covenant_place = QLineEdit(page)
        self.covenant_content = QPlainTextEdit(page)
        self.covenant_content.setFixedHeight(70)
        for label, widget in (("Tên khối *:", self.name), ("Khối trưởng:", self.head), ("Khối phó:", self.deputy),
                              ("Các đơn vị khác trong khối:", self.others), ("Bảng tiêu chí theo:", self.source),
                              ("Quy chế:", self.regulation), ("Ngày ký giao ước:", self.covenant_on),
                              ("Nơi ký giao ước:", self.covenant_place), ("Nội dung giao ước:", self.covenant_content)):
            form.addRow(label, widget)
        self.info_error = ErrorLine(page, {"name": self.name, "head_name": self.head, "deputy_name": self.deputy,
                                           "covenant_signed_on": self.covenant_on})
        save = QPushButton("Lưu thông tin khối", page)
        save.clicked.connect(self.save_info)
        form.addRow(self.info_error)
        form.addRow("", save)
        return page

    def _score_page(self) -> QWidget:
        page = QWidget(self)
        self.summary = QLabel(page)
        self.summary.setWordWrap(True)
        self.scores = TablePanel("Tự chấm điểm", [
            col("TT", "code", width=5),
            Column("Nội dung tiêu chí", lambda r: ("    " * r.depth) + KIND_PREFIX.get(r.kind, "") + r.title,
                   width=50, stretch=True),
            Column("Điểm chuẩn", lambda r: r.max_points, display=points_text, width=8, align=RIGHT),
            Column("Tự chấm", lambda r: self.view.subtotal(r) if r.is_group else r.self_score,
                   display=points_text, width=8, align=RIGHT),
            Column("Khối chấm", lambda r: self.view.subtotal(r, "agreed") if r.is_group else r.agreed_score,
                   display=points_text, width=8, align=RIGHT),
            col("Giải trình", "explanation", width=30),
            Column("Minh chứng", lambda r: r.evidence_text, width=36),
        ], page, wrap=True, row_font=self._bold_groups)
        self.scores.add_action("Chấm điểm, minh chứng…", self.edit_score, tooltip="Tự chấm tiêu chí đang chọn (Enter)")
        self.scores.row_activated.connect(lambda _row: self.edit_score())
        layout = QVBoxLayout(page)
        layout.addWidget(self.summary)
        layout.addWidget(self.scores, 1)
        return page

    def _bold_groups(self, row):
        if row.is_group:
            font = self.font()
            font.setBold(True)
            return font
        return None

    def _result_page(self) -> QWidget:
        page = QWidget(self)
        form = QFormLayout(page)
        self.sent_on = DateField(page, "Ngày gửi")
        self.sent_ref = QLineEdit(page)
        self.sent_ref.setPlaceholderText("Số báo cáo gửi khối, ví dụ 436/BC-UBND")
        save_sent = QPushButton("Lưu", page)
        save_sent.clicked.connect(self.save_sent)
        sent = QHBoxLayout()
        for w in (QLabel("ngày", page), self.sent_on, QLabel("số", page), self.sent_ref, save_sent):
            sent.addWidget(w)
        form.addRow("Đã gửi bảng tự chấm:", sent)
        self.final = QLineEdit(page)
        self.final.setObjectName("final_score")
        self.final.setMaximumWidth(100)
        self.rank = QSpinBox(page)
        self.rank.setRange(0, 200)
        self.rank.setSpecialValueText("chưa có")
        self.rank.setObjectName("rank")
        self.note = QPlainTextEdit(page)
        self.note.setFixedHeight(60)
        form.addRow("Điểm khối chấm:", self.final)
        form.addRow("Xếp hạng của cơ quan:", self.rank)
        form.addRow("Ghi chú (khen thưởng của khối…):", self.note)
        self.result_error = ErrorLine(page, {"final_score": self.final, "rank": self.rank})
        save = QPushButton("Lưu kết quả", page)
        save.clicked.connect(self.save_result)
        form.addRow(self.result_error)
        form.addRow("", save)
        return page

    # --- data ---------------------------------------------------------------------------------
    def reload(self) -> None:
        self.view = None
        if self.bloc_id is not None:
            with self.db.session() as session:
                self.view = province_bloc_view(session, self.bloc_id)
        v = self.view
        self.setWindowTitle(f"Khối thi đua của tỉnh năm {self.year}" + (f" — {v.name}" if v else " (thêm mới)"))
        if v is None and not self.name.text():
            self._prefill_from_last_year()
        if v is not None:
            self.name.setText(v.name)
            self.head.setText(v.info.head_name)
            self.deputy.setText(v.info.deputy_name)
            self.others.setPlainText("\n".join(v.info.other_members))
            self.source.setText(v.info.criteria_source)
            self.regulation.setPlainText(v.regulation)
            self.covenant_on.set_date(v.covenant_signed_on)
            self.covenant_place.setText(v.info.covenant_place)
            self.covenant_content.setPlainText(v.info.covenant_content)
            self.sent_on.set_date(v.self_sent_on)
            self.sent_ref.setText(v.self_sent_ref)
            self.final.setText(points_text(v.final_score))
            self.rank.setValue(v.rank or 0)
            self.note.setPlainText(v.result_note)
        for i in (1, 2, 3):
            self.tabs.setTabEnabled(i, v is not None)
        self.export_button.setEnabled(v is not None)
        self.print_button.setEnabled(v is not None)
        self._reload_scores()
        if v is not None and self.criteria_holder.layout().count() == 0:
            from ui.bloc_criteria_panel import BlocCriteriaPanel

            self.criteria = BlocCriteriaPanel(self.db, self.bloc_id, self.criteria_holder)
            self.criteria.changed.connect(self._reload_scores)
            self.criteria_holder.layout().addWidget(self.criteria)

    def _prefill_from_last_year(self) -> None:
        """A new year's bloc is usually last year's: same name and members (head and deputy rotate)."""
        with self.db.session() as session:
            before = province_blocs(session, self.year - 1)
            last = province_bloc_view(session, before[0].id) if before else None
        if last is not None:
            self.name.setText(last.name)
            self.others.setPlainText("\n".join(last.info.other_members))
            self.regulation.setPlainText(last.regulation)

    def _reload_scores(self) -> None:
        if self.bloc_id is None:
            self.scores.set_rows([])
            self.summary.setText("Lưu thông tin khối trước, rồi nhập bảng tiêu chí và tự chấm điểm.")
            return
        with self.db.session() as session:
            self.view = province_bloc_view(session, self.bloc_id)
        v = self.view
        self.scores.set_rows(v.lines)
        rank = f"; xếp hạng {v.rank}/{v.member_count}" if v.rank else ""
        final = f"; khối chấm {points_text(v.final_score)}" if v.final_score is not None else ""
        self.summary.setText(
            f"<b>{v.unit}</b> tự chấm <b>{points_text(v.total()) or '—'}/{points_text(v.max_total)}</b> điểm"
            f"{final}{rank}. Chưa chấm: {v.unscored} tiêu chí; có điểm nhưng chưa có minh chứng: "
            f"{v.without_evidence} tiêu chí.")

    def _input(self) -> ProvinceBlocInput:
        return ProvinceBlocInput(
            year=self.year, name=self.name.text(), head_name=self.head.text(), deputy_name=self.deputy.text(),
            other_members=self.others.toPlainText().splitlines(), criteria_source=self.source.text(),
            regulation=self.regulation.toPlainText(), covenant_signed_on=self.covenant_on.date(),
            covenant_place=self.covenant_place.text(), covenant_content=self.covenant_content.toPlainText(),
            id=self.bloc_id)

    def save_info(self) -> bool:
        def save():
            data = self._input()
            with self.db.session() as session:
                self.bloc_id = save_province_bloc(session, data)
        if self.info_error.run(save):
            notify(self, {"blocs"})
            self.reload()
            return True
        return False

    def edit_score(self) -> None:
        row = self.scores.current_row()
        if row is None or row.is_group:
            return
        if ScoreDialog(self.db, self.bloc_id, row, self).exec():
            notify(self, {"blocs"})
        self._reload_scores()

    def save_sent(self) -> None:
        def save():
            day = self.sent_on.date()
            if day is None:
                from app.errors import ValidationError

                raise ValidationError("Chưa nhập ngày gửi bảng tự chấm.")
            with self.db.session() as session:
                record_sent(session, self.bloc_id, day, self.sent_ref.text())
        self.result_error.run(save)

    def save_result(self) -> None:
        def save():
            with self.db.session() as session:
                record_result(session, self.bloc_id, self.final.text(), self.rank.value() or None,
                              self.note.toPlainText())
        if self.result_error.run(save):
            notify(self, {"blocs"})
            self._reload_scores()

    def export(self, path=None) -> None:
        from app.excel.extras_exports import province_bloc_workbook

        bloc_id = self.bloc_id
        save_workbook(self, self.ops, self.db, suggested_name("TuChamDiem", self.year),
                      lambda session, where: province_bloc_workbook(session, bloc_id, where), path)

    def print_report(self) -> None:
        from app.printing.province_bloc import print_province_bloc

        bloc_id = self.bloc_id
        preview_form(self, self.ops, self.db, lambda session: print_province_bloc(session, bloc_id))
