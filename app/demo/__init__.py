"""Dữ liệu mẫu: the demo office — Phòng Nội vụ of UBND huyện Tam Đường (Lai Châu), working
year 2025 — written into an empty data file. It keeps the program's authority rule
(app.powers): the district decides up to 30/6/2025; from 1/7/2025 the dossiers it prepared are
decided by the chairman of the commune each unit went to (its heading, its fund) within his
powers, the province the rest; `decision_authority_problems` finds nothing in it.

`write_demo(db, scale=N)` writes N copies of the office's units, people and history (for
benchmarks) and returns what it wrote, labelled in Vietnamese for the clerk. The same demo
is produced every time (fixed random seed): tests count on it.

The parts: `org` (profile, units, people, ratings), `plan` (movements, plan tasks, blocs),
`submissions` (dues, what arrived, registrations), `history` (decisions and awards
2022–2024), `council`, `dossiers` and `proposals` (the 2025 dossiers and their decisions),
`extras` (the province's bloc, inspections, the Emulation Congress, the award fund).
The data it is made of (names, units, movements, criteria, texts) is in resources/demo.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import select

from app.database import Database
from app.demo import extras, org, plan, proposals, submissions
from app.demo.base import YEAR, Ctx
from app.demo.council import Council
from app.demo.dossiers import DossierWriter
from app.demo.history import Ledger, number_registers, write_history
from app.errors import UserError
from app.rules import check_year
from db.models import OfficeProfile

LABELS = [  # table → what the clerk reads
    ("units", "đơn vị"), ("people", "cá nhân"), ("person_ratings", "xếp loại cá nhân"),
    ("movements", "phong trào"), ("blocs", "khối thi đua"), ("submissions", "hồ sơ nộp"),
    ("registrations", "đăng ký thi đua"), ("dossiers", "hồ sơ khen thưởng"),
    ("nominees", "đối tượng đề nghị"), ("decisions", "quyết định"), ("awards", "khen thưởng"),
]


def write_demo(db: Database, scale: int = 1, *,
               progress: Callable[[int, int], None] | None = None) -> dict[str, int]:
    """Write the demo office into `db` (which must hold no office yet)."""
    if scale < 1:
        raise UserError("Hệ số nhân dữ liệu mẫu phải từ 1 trở lên.")
    steps: list[Callable[[Ctx], None]] = []
    state: dict = {}

    def people(ctx):
        org.write_profile(ctx)
        org.write_units(ctx)
        org.write_people(ctx)
        org.write_signers(ctx)
        org.write_unit_ratings(ctx)
        org.write_conduct(ctx)

    def work(ctx):
        plan.write_movements(ctx)
        plan.write_plan_tasks(ctx)
        state["latest"] = submissions.write_submissions(ctx)
        submissions.write_overrides(ctx)
        scores = {(unit, year): sub for (unit, year, kind), sub in state["latest"].items()
                  if kind == "bloc_scores"}
        plan.write_blocs(ctx, scores)

    def history(ctx):
        state["ledger"] = Ledger(ctx)
        write_history(ctx, state["ledger"])

    def dossiers(ctx):
        council = Council(ctx)
        council.write()
        writer = DossierWriter(ctx, state["ledger"], council, state["latest"])
        for copy in range(1, ctx.scale + 1):
            proposals.write_copy(ctx, writer, copy)
        writer.write()
        council.write_votes()

    def ledger(ctx):
        state["ledger"].flush()

    def registers(ctx):
        number_registers(ctx.session)

    steps = [people, work, history, dossiers, ledger, extras.write_extras, registers]
    with db.session() as session:
        # Writing the demo is not the clerk's work: nothing goes to the audit trail (app.audit),
        # and bulk writes stay fast.
        session.info["audit_off"] = True
        if session.scalar(select(OfficeProfile.id).limit(1)) is not None:
            raise UserError("Tệp dữ liệu đã có thông tin cơ quan; chỉ ghi dữ liệu mẫu vào tệp trống.")
        ctx = Ctx(session=session, scale=scale)
        for done, step in enumerate(steps, start=1):
            step(ctx)
            if progress:
                progress(done, len(steps))
        # Verdicts kept on every nominee, so the dossiers tab shows them before any is opened.
        check_year(session, YEAR, settled=True)
    return {label: ctx.counts.get(table, 0) for table, label in LABELS}
