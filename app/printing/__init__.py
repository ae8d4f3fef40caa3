"""Printed forms (văn bản in): one module per form on the shared page kit (kit.py).

`FORMS` names every form the command line (`tdkt print FORM`) and the GUI offer; `build`
makes one as a PrintedDocument (PDF bytes, page count, a file name without diacritics).
Each form reads the database and the office profile only; none imports Qt.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the command line lists FORMS at every start, the GUI's included: no PDF kit yet
    from sqlalchemy.orm import Session

    from app.printing.kit import PrintedDocument


@dataclass(frozen=True)
class Form:
    name: str  # the command line's FORM
    label: str  # what the clerk sees
    target: str  # "module:function" taking (session, id, year, **options)
    id_of: str  # what --id names


FORMS: dict[str, Form] = {f.name: f for f in [
    Form("decision", "Quyết định khen thưởng (kèm danh sách)", "decision:print_decision", "quyết định"),
    Form("certificates", "Giấy khen, giấy chứng nhận danh hiệu", "certificates:print_certificates",
         "quyết định"),
    Form("proposal", "Tờ trình đề nghị cấp trên khen thưởng", "proposal:print_proposal", "hồ sơ"),
    Form("appraisal", "Báo cáo kết quả thẩm định hồ sơ", "appraisal:print_appraisal", "hồ sơ"),
    Form("notice", "Thông báo công khai danh sách đề nghị khen thưởng", "notice:print_notice", "hồ sơ"),
    Form("ballots", "Phiếu bầu (bỏ phiếu kín)", "ballots:print_ballots", "phiên họp Hội đồng"),
    Form("vote-minutes", "Biên bản kiểm phiếu", "ballots:print_vote_minutes", "phiên họp Hội đồng"),
    Form("bloc-scores", "Bảng tổng hợp điểm thi đua của khối", "bloc_scores:print_bloc_scores",
         "khối thi đua"),
    Form("late-units", "Danh sách đơn vị chưa nộp và công văn đôn đốc", "late_units:print_late_units",
         "yêu cầu nộp"),
    Form("report", "Báo cáo số liệu thi đua, khen thưởng năm", "report:print_report", "năm"),
    Form("congress", "Danh sách đại biểu, điển hình tôn vinh và khen thưởng của Đại hội thi đua",
         "congress:print_congress", "đại hội"),
    Form("province-bloc", "Báo cáo tự chấm điểm thi đua trong khối do tỉnh tổ chức",
         "province_bloc:print_province_bloc", "khối thi đua"),
    Form("publicity", "Danh sách gương người tốt, việc tốt để tuyên truyền",
         "publicity:print_publicity_form", "phong trào"),
]}


def build(session: Session, form: str, *, id: int | None = None, year: int | None = None,
          **options) -> PrintedDocument:
    """Make one form as a PDF. Raises UserError (Vietnamese) when the data do not allow it."""
    spec = FORMS[form]
    module_name, function = spec.target.split(":")
    return getattr(_modules()[module_name], function)(session, id, year, **options)


def _modules() -> dict:
    """The form modules, imported when first needed (plain imports: the PyInstaller build
    sees them)."""
    from app.printing import (
        appraisal,
        ballots,
        bloc_scores,
        certificates,
        congress,
        decision,
        late_units,
        notice,
        proposal,
        province_bloc,
        publicity,
        report,
    )

    return {"appraisal": appraisal, "ballots": ballots, "bloc_scores": bloc_scores,
            "certificates": certificates, "decision": decision, "late_units": late_units,
            "notice": notice, "proposal": proposal, "report": report, "congress": congress,
            "province_bloc": province_bloc, "publicity": publicity}
