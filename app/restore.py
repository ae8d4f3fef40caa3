"""Khôi phục: put a backup back in place of the data file, after backing up what is there.

Order matters, so a restore can always be undone and never leaves half a file:
1. the backup is checked (readable zip, SQLite integrity, a schema this program knows);
2. the current data file and attachments are backed up ("Trước khi khôi phục") — or, when the
   current file is damaged, kept as they are in a "damaged" zip;
3. the snapshot is written into the data file with SQLite's backup API (one transaction);
4. the attachments folder is swapped for the backup's.
The caller closes its Database first and opens it again afterwards (an older backup is then
upgraded by open_database, after its own backup).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import shutil
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from app.backup import (
    COUNTED,
    DB_ENTRY,
    FILES_PREFIX,
    BackupInfo,
    backup_file,
    backups_folder,
    count_rows,
    list_backups,
    read_backup,
)
from app.backup_checks import ensure_room, file_size, read_counts, upgraded_schema_problem
from app.data_identity import belongs_to, read_id
from app.errors import DatabaseProblem, FileProblem
from db import backup as sqlite_backup
from db import migrate


@dataclass(frozen=True)
class RestoreResult:
    restored_from: Path
    safety_backup: Path | None  # the state before the restore (to undo it)
    files_restored: int
    accounts_turned_off: bool = False  # the backup predates accounts (see note_accounts_off)


def accounts_enabled(target: str | Path) -> bool:
    """Whether accounts are on in a data file or server database (False when unreadable)."""
    from app.server import is_server

    if not is_server(target):
        from app.datafile import accounts_on

        return accounts_on(Path(target))
    from sqlalchemy import select
    from sqlalchemy.exc import DBAPIError

    from app.server import open_server_engine
    from app.users import ENABLED_KEY
    from db.models import Setting

    engine = open_server_engine(str(target))
    try:
        with engine.connect() as conn:
            return bool(conn.scalar(select(Setting.value).where(Setting.key == ENABLED_KEY)))
    except DBAPIError:
        return False
    finally:
        engine.dispose()


def note_accounts_off(target: str | Path, what: str) -> None:
    """A restore (or migrate) that turned accounts off, because the data put back predates
    them, leaves its mark in the audit trail of that data: who did it, from what. Only a
    signed-in head of office gets this far (the restore right)."""
    from app.database import open_database
    from app.session_user import current_actor
    from app.users import ENABLED_KEY
    from db.models import AuditEntry

    db = open_database(target)
    try:
        with db.session() as session:
            session.add(AuditEntry(
                at=dt.datetime.now().replace(microsecond=0), user=current_actor().username,
                entity="settings", entity_id=None, action="update",
                before={ENABLED_KEY: True}, after={ENABLED_KEY: False},
                note=f"{what}: dữ liệu đưa vào chưa bật tài khoản người dùng, nên tài khoản "
                     "người dùng đã tắt"))
    finally:
        db.dispose()


def _fmt_counts(counts: dict | None) -> str:
    parts = [f"{counts[k]:,} {label}".replace(",", ".") for k, label in COUNTED.items()
             if counts and k in counts]
    return ", ".join(parts) or "không rõ số bản ghi"


def describe_restore(db_path: Path, info: BackupInfo) -> str:
    """The confirmation text: what will be replaced by what, and how to undo it."""
    db_path = Path(db_path)
    current = ""
    if db_path.is_file():
        changed = dt.datetime.fromtimestamp(db_path.stat().st_mtime)
        counts = _current_counts(db_path)
        current = (f"Dữ liệu hiện tại trong tệp {db_path} (sửa lần cuối {changed:%H:%M ngày %d/%m/%Y}; "
                   f"{_fmt_counts(counts)}) và thư mục tệp đính kèm sẽ bị THAY THẾ")
    else:
        current = f"Tệp dữ liệu {db_path} sẽ được tạo lại"
    return (f"{current} bằng bản sao lưu lúc {info.created_at:%H:%M ngày %d/%m/%Y} "
            f"({info.reason_label}; {_fmt_counts(snapshot_counts(info))}).\n"
            "Mọi thay đổi sau thời điểm sao lưu đó sẽ không còn trong dữ liệu đang dùng. "
            "Trước khi khôi phục, chương trình tự sao lưu dữ liệu hiện tại để có thể hoàn tác.")


def snapshot_counts(info: BackupInfo) -> dict:
    """What the backup really holds, read from its snapshot (its manifest may say otherwise)."""
    try:
        with zipfile.ZipFile(info.path) as zf, tempfile.TemporaryDirectory(prefix="tdkt-count-") as tmp:
            entry = zf.getinfo(DB_ENTRY)
            ensure_room(Path(tmp), entry.file_size, f"đọc bản sao lưu {info.path.name}")
            zf.extract(entry, tmp)
            return read_counts(Path(tmp) / DB_ENTRY, COUNTED)
    except (OSError, KeyError, zipfile.BadZipFile):
        return {}


def _current_counts(db_path: Path) -> dict:
    try:
        return count_rows(db_path)
    except Exception:  # a damaged current file: the confirmation still shows
        return {}


def _check_snapshot(info: BackupInfo, snapshot: Path) -> None:
    problem = sqlite_backup.integrity(snapshot, quick=False)
    if problem != "ok":
        logging.getLogger(__name__).warning("backup %s failed SQLite's check: %s", info.path, problem)
        raise FileProblem(f"Bản sao lưu {info.path.name} bị hỏng: tệp dữ liệu bên trong không còn nguyên "
                          "vẹn (chi tiết kỹ thuật ghi trong nhật ký); không khôi phục.")
    revision = sqlite_backup.schema_revision(snapshot)
    if revision is None:
        raise FileProblem(f"Bản sao lưu {info.path.name} không chứa dữ liệu TĐKT.")
    if revision not in migrate.known_revisions():
        raise DatabaseProblem(f"Bản sao lưu {info.path.name} được tạo bởi phiên bản TĐKT mới hơn; "
                              "hãy cập nhật chương trình trước khi khôi phục.")
    # Same version, tables missing: accepted once, and every later command failed in SQL.
    lacking = upgraded_schema_problem(snapshot, snapshot.parent)
    if lacking:
        raise FileProblem(f"Bản sao lưu {info.path.name} không đủ dữ liệu TĐKT ({lacking}); không khôi phục.")


# What SQLite says when the disk or the folder is the trouble, not the file's content: a
# healthy file that cannot be read right now is never labelled (and zipped as) damaged.
_NOT_THE_FILE = ("disk is full", "unable to open", "readonly", "read-only", "disk i/o error",
                 "out of memory", "locked")


def _unreadable_now(problem: str) -> bool:
    return any(mark in problem.lower() for mark in _NOT_THE_FILE)


def _safety_backup(db_path: Path) -> Path | None:
    """Back up what is there now; a damaged file is zipped as it is (raw bytes, never lost)."""
    if not db_path.is_file():
        return None
    state = sqlite_backup.integrity(db_path)
    if state == "ok":
        return backup_file(db_path, "restore")
    if _unreadable_now(state):
        raise FileProblem(f"Không đọc được tệp dữ liệu hiện tại {db_path} lúc này ({state}); chưa khôi "
                          "phục gì, dữ liệu không thay đổi.")
    folder = backups_folder(db_path)
    target = folder / f"tdkt-{dt.datetime.now():%Y%m%d-%H%M%S}-damaged.zip"
    part = target.with_suffix(".zip.part")
    try:
        with zipfile.ZipFile(part, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
            zf.writestr("manifest.json", json.dumps({
                "format": 1, "reason": "damaged", "source": str(db_path), "problem": state[:500],
                "created_at": dt.datetime.now().isoformat(timespec="seconds")}))
            for suffix in ("", "-wal", "-shm"):
                piece = db_path.with_name(db_path.name + suffix)
                if piece.is_file():
                    zf.write(piece, "damaged/" + piece.name)
        part.replace(target)
    except OSError as exc:
        part.unlink(missing_ok=True)  # never a half-written copy that looks like a backup
        raise FileProblem(f"Không ghi được bản giữ lại tệp hỏng vào {folder}: {exc.strerror or exc}; "
                          "chưa khôi phục gì.") from exc
    return target


def _safe_member(name: str) -> PurePosixPath | None:
    """A files/... entry as a relative path, or None when it is anything a backup of ours
    never holds: climbing out (`..`), absolute, a drive, backslashes, control characters."""
    rel = PurePosixPath(name[len(FILES_PREFIX):])
    if not rel.parts or rel.is_absolute() or name.endswith("/"):
        return None
    for part in rel.parts:
        if part in {"", ".", ".."} or any(ch in part for ch in '\\:') or any(ord(ch) < 32 for ch in part):
            return None
    return rel


def _put_snapshot(snapshot: Path, db_path: Path) -> None:
    if db_path.is_file() and sqlite_backup.integrity(db_path) == "ok":
        sqlite_backup.write_back(snapshot, db_path)
        return
    # Damaged or missing: nobody can have it open (it failed to open), so replace the file,
    # and its WAL and shared-memory files, which belong to the damaged content.
    staged = db_path.with_name(db_path.name + ".restoring")
    sqlite_backup.copy_database(snapshot, staged)
    for suffix in ("-wal", "-shm"):
        db_path.with_name(db_path.name + suffix).unlink(missing_ok=True)
    staged.replace(db_path)


def _stage_files(zf: zipfile.ZipFile, files_root: Path) -> tuple[Path, int]:
    """Unpack the backup's attachments beside the files folder (nothing replaced yet)."""
    incoming = files_root.with_name(files_root.name + ".restoring")
    shutil.rmtree(incoming, ignore_errors=True)
    incoming.mkdir(parents=True)
    count = 0
    for name in zf.namelist():
        rel = _safe_member(name) if name.startswith(FILES_PREFIX) else None
        if rel is None:
            continue
        out = incoming.joinpath(*rel.parts)
        try:
            out.parent.mkdir(parents=True, exist_ok=True)
            with zf.open(name) as src, open(out, "xb") as dst:
                shutil.copyfileobj(src, dst)
        except OSError:  # a hostile archive: same name twice, a file where a folder goes
            continue
        count += 1
    return incoming, count


def _swap_in(incoming: Path, files_root: Path) -> None:
    old = files_root.with_name(files_root.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if files_root.exists():
        files_root.rename(old)
    incoming.rename(files_root)
    shutil.rmtree(old, ignore_errors=True)


def _ensure_room_for(info: BackupInfo, db_path: Path) -> None:
    """Before anything is unpacked: the snapshot's size where it is unpacked, and beside the data
    file the snapshot, the attachments and the copy of what is there now (the safety backup)."""
    try:
        with zipfile.ZipFile(info.path) as zf:
            entries = zf.infolist()
    except (OSError, zipfile.BadZipFile) as exc:
        raise FileProblem(f"Không đọc được bản sao lưu {info.path.name}.") from exc
    snapshot = sum(i.file_size for i in entries if i.filename == DB_ENTRY)
    attachments = sum(i.file_size for i in entries if i.filename.startswith(FILES_PREFIX))
    ensure_room(Path(tempfile.gettempdir()), snapshot, f"giải nén bản sao lưu {info.path.name}")
    current = file_size(db_path) if db_path.is_file() else 0
    ensure_room(db_path.parent, snapshot + attachments + current, f"khôi phục {info.path.name}")


def restore_backup(db_path: Path, backup: Path) -> RestoreResult:
    """Replace the data file (and attachments) with a backup, backing up the current state first."""
    db_path = Path(db_path).resolve()
    info = read_backup(backup)
    accounts_before = accounts_enabled(db_path)
    _ensure_room_for(info, db_path)
    with tempfile.TemporaryDirectory(prefix="tdkt-restore-") as tmp:
        with zipfile.ZipFile(info.path) as zf:
            try:
                zf.extract(DB_ENTRY, tmp)
            except (OSError, zipfile.BadZipFile) as exc:
                raise FileProblem(f"Không đọc được bản sao lưu {info.path.name}.") from exc
            snapshot = Path(tmp) / DB_ENTRY
            _check_snapshot(info, snapshot)
            files_root = db_path.parent / "files"
            # Everything that can fail on the backup's side happens before anything is replaced.
            incoming, restored = _stage_files(zf, files_root)
            try:
                safety = _safety_backup(db_path)
                _put_snapshot(snapshot, db_path)
            except sqlite_backup.CopyFailed as exc:
                shutil.rmtree(incoming, ignore_errors=True)
                raise FileProblem(f"Không ghi được vào tệp dữ liệu {db_path}: {exc}. "
                                  "Dữ liệu hiện tại không thay đổi.") from exc
            except BaseException:
                shutil.rmtree(incoming, ignore_errors=True)
                raise
            _swap_in(incoming, files_root)
    turned_off = accounts_before and not accounts_enabled(db_path)
    if turned_off:
        note_accounts_off(db_path, f"Khôi phục từ bản sao lưu {info.path.name}")
    return RestoreResult(restored_from=info.path, safety_backup=safety, files_restored=restored,
                         accounts_turned_off=turned_off)


def no_backup_text(db_path: Path) -> str:
    """What to do when no backup of this very file is beside it (another file's never offered)."""
    return (f" Không tìm thấy bản sao lưu nào của chính tệp này trong {backups_folder(db_path)} "
            "(bản sao lưu của tệp dữ liệu khác không được đề nghị). Hãy tìm bản sao lưu của tệp này "
            "ở nơi đã chọn khi sao lưu (ổ USB, thư mục khác) và khôi phục bằng: tdkt restore "
            f"BẢN_SAO_LƯU.zip --db \"{db_path}\".")


def newest_good_backup(db_path: Path) -> BackupInfo | None:
    """The newest backup of this very file (app/data_identity.py: never another file's, even
    in the same folder) whose snapshot passes SQLite's check (damaged-file flow)."""
    db_path = Path(db_path)
    data_id = read_id(db_path) if db_path.is_file() else None
    for info in list_backups(backups_folder(db_path)):
        if info.reason == "damaged" or not belongs_to(info.source, info.data_id, db_path, data_id):
            continue
        with tempfile.TemporaryDirectory(prefix="tdkt-verify-") as tmp:
            try:
                with zipfile.ZipFile(info.path) as zf:
                    zf.extract(DB_ENTRY, tmp)
            except (OSError, zipfile.BadZipFile):
                continue
            snapshot = Path(tmp) / DB_ENTRY
            if (sqlite_backup.integrity(snapshot) == "ok"
                    and sqlite_backup.schema_revision(snapshot) in migrate.known_revisions()):
                return info
    return None
