"""`tdkt check` and the start-up check: schema version, SQLite integrity, rows per table."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import func, inspect, select, text

from app.errors import DatabaseProblem, FileProblem
from db import migrate
from db.models import Base
from db.session import is_sqlite, make_engine


@dataclass
class HealthReport:
    """What `check` found; `healthy` means the schema is current and the file intact."""

    path: str
    schema_version: str | None
    head_version: str
    integrity: str
    counts: dict[str, int] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    backups: list[dict] = field(default_factory=list)  # newest first, see app.backup.BackupInfo

    @property
    def healthy(self) -> bool:
        return not self.problems

    def as_dict(self) -> dict:
        return {"path": self.path, "schema_version": self.schema_version,
                "head_version": self.head_version, "integrity": self.integrity,
                "healthy": self.healthy, "problems": self.problems, "counts": self.counts,
                "backups": self.backups}

    def as_text(self) -> str:
        lines = [f"{'Máy chủ dữ liệu' if '://' in self.path else 'Tệp dữ liệu'}: {self.path}",
                 f"Phiên bản lược đồ: {self.schema_version or '(chưa có)'} (mới nhất: {self.head_version})",
                 f"Kiểm tra toàn vẹn: {self.integrity}",
                 "Số bản ghi:"]
        lines += [f"  {name:<24} {count:>10,}".replace(",", ".") for name, count in self.counts.items()]
        lines += _backup_lines(self.backups)
        lines.append("Kết quả: TỐT" if self.healthy else "Kết quả: CÓ VẤN ĐỀ")
        lines += [f"  - {p}" for p in self.problems]
        return "\n".join(lines)


def check_database(target: str | Path, *, quick: bool = False) -> HealthReport:
    """Inspect a data file without changing it."""
    text_target = str(target)
    if "://" not in text_target:
        path = Path(text_target)
        if not path.exists():
            raise FileProblem(f"Không tìm thấy tệp dữ liệu: {path}")
        with open(path, "rb") as fh:
            if fh.read(16) != b"SQLite format 3\x00":
                raise FileProblem(f"Tệp {path} không phải tệp dữ liệu TĐKT.")
        from app.datafile import foreign_reason

        reason = foreign_reason(path)  # another program's database: one line, not 49 missing tables
        if reason:
            raise FileProblem(reason)
    if "://" in text_target:
        from app.server import open_server_engine, where

        engine = open_server_engine(text_target)  # a plain reason when the server is unreachable
        text_target = where(text_target)  # the report never shows a password
    else:
        engine = make_engine(text_target)
    try:
        report = HealthReport(path=text_target, schema_version=None,
                              head_version=migrate.head_revision(), integrity="")
        try:
            report.schema_version = migrate.current_revision(engine)
            with engine.connect() as conn:
                if is_sqlite(engine):
                    pragma = "quick_check" if quick else "integrity_check"
                    rows = [r[0] for r in conn.execute(text(f"PRAGMA {pragma}"))]
                    found = "; ".join(str(r) for r in rows[:5]).replace("\n", "; ")
                    report.integrity = "ok" if rows == ["ok"] else found[:300]
                else:
                    report.integrity = "ok"
                existing = set(inspect(conn).get_table_names())
                for table in Base.metadata.sorted_tables:
                    if table.name in existing:
                        report.counts[table.name] = conn.scalar(select(func.count()).select_from(table))
                    else:
                        report.problems.append(f"Thiếu bảng {table.name}.")
        except Exception as exc:  # a damaged file fails in many ways; all mean the same here
            import logging

            logging.getLogger(__name__).warning("check of %s failed: %r", text_target, exc)
            problem = DatabaseProblem(f"Tệp dữ liệu {text_target} bị hỏng, không đọc được (chi tiết kỹ thuật "
                                      "ghi trong nhật ký).")
            problem.exit_code = 1  # as a damaged file found by the integrity check (t18)
            raise problem from exc
        if report.integrity != "ok":
            report.problems.append(f"Tệp dữ liệu bị lỗi toàn vẹn: {report.integrity}")
        report.backups = _backups_of(text_target)
        if report.schema_version is None:
            report.problems.append("Tệp chưa có lược đồ TĐKT.")
        elif report.schema_version != report.head_version:
            if report.schema_version in migrate.known_revisions():
                report.problems.append("Lược đồ cũ, sẽ được nâng cấp khi mở bằng chương trình.")
            else:
                report.problems.append("Tệp được tạo bởi phiên bản TĐKT mới hơn.")
        return report
    finally:
        engine.dispose()


def _backups_of(target: str) -> list[dict]:
    """The backups beside a data file (its backups/ folder), without creating the folder."""
    from app.backup import list_backups

    if "://" in target:  # a server's backups are logical dumps kept in this PC's data folder
        from app.dump import dumps_folder, list_dumps

        return [b.as_dict() for b in list_dumps(dumps_folder(target))]
    return [b.as_dict() for b in list_backups(Path(target).resolve().parent / "backups")]


def _backup_lines(backups: list[dict]) -> list[str]:
    if not backups:
        return ["Bản sao lưu: chưa có bản nào."]
    lines = [f"Bản sao lưu ({len(backups)}, mới nhất trước):"]
    for b in backups[:5]:
        size = f"{b['size'] / 1_048_576:.1f} MB".replace(".", ",")
        lines.append(f"  {b['created_at'].replace('T', ' ')}  {b['reason_label']:<28} {size:>9}  "
                     f"{Path(b['file']).name}")
    if len(backups) > 5:
        lines.append(f"  ... và {len(backups) - 5} bản cũ hơn")
    return lines
