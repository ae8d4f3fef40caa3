"""Helpers of the hostile suite: the real `tdkt` command in a child process, and data files
put in the states a hostile or unlucky user leaves them (damaged, with accounts on)."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

HEAD, CLERK, VIEWER = ("truong.phong", "matkhau-truong"), ("chuyen.vien", "matkhau-chuyenvien"), \
    ("nguoi.xem", "matkhau-nguoixem")


def run_tdkt(*args, env: dict | None = None, stdin: str | None = None,
             timeout: float = 300) -> subprocess.CompletedProcess:
    """`tdkt ARGS` in a child process, as a terminal-less script runs it."""
    full_env = {k: v for k, v in os.environ.items() if k != "TDKT_PASSWORD"} | (env or {})
    return subprocess.run([sys.executable, "-m", "app", *map(str, args)], input=stdin or "",
                          capture_output=True, text=True, encoding="utf-8", timeout=timeout,
                          env=full_env)


def assert_clean(result: subprocess.CompletedProcess, code: int | None = None) -> str:
    """No traceback, one line on stderr, the exit code asked for; returns that line."""
    assert "Traceback" not in result.stderr + result.stdout, result.stderr
    assert "ngoài dự kiến" not in result.stderr, result.stderr
    lines = [ln for ln in result.stderr.splitlines() if ln.strip()]
    if code is not None:
        assert result.returncode == code, (result.returncode, result.stdout, result.stderr)
    if result.returncode != 0:
        assert len(lines) >= 1, result
    return lines[-1] if lines else ""


def copy_db(src: Path, dst: Path) -> Path:
    dst.parent.mkdir(parents=True, exist_ok=True)
    s, d = sqlite3.connect(str(src)), sqlite3.connect(str(dst))
    try:
        s.backup(d)
    finally:
        d.close()
        s.close()
    return dst


def damage(path: Path) -> None:
    """Bytes flipped inside the file's pages (not its header): SQLite's check finds it."""
    size = path.stat().st_size
    with open(path, "r+b") as fh:
        for offset in range(size // 3, size // 3 + 4096 * 20, 4096):
            fh.seek(offset + 100)
            fh.write(bytes((i * 37 + 11) % 256 for i in range(200)))


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under a folder with its bytes (lock files aside): to prove nothing changed."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and not p.name.endswith((".lock", "-shm", "-wal")) and "logs" not in p.parts}


def turn_accounts_on(path: Path) -> Path:
    """Accounts on in a data file: a head of office, a clerk and a viewer (HEAD, CLERK, VIEWER)."""
    from app import users
    from app.database import open_database
    from app.session_user import Actor, acting_as

    db = open_database(path)
    try:
        with db.session() as s:
            users.enable_users(s, HEAD[0], "Hoàng Văn Đức", HEAD[1])
        with acting_as(Actor(HEAD[0], role="head", signed_in=True)), db.session() as s:
            users.create_user(s, CLERK[0], "Lò Thị Mai", "clerk", CLERK[1])
            users.create_user(s, VIEWER[0], "Người xem", "viewer", VIEWER[1])
    finally:
        db.dispose()
    return path


def as_user(who: tuple[str, str]) -> tuple[list[str], dict]:
    """The `--user NAME` arguments and the TDKT_PASSWORD environment for one account."""
    return ["--user", who[0]], {"TDKT_PASSWORD": who[1]}


def accounts_on(path: Path) -> bool:
    conn = sqlite3.connect(str(path))
    try:
        row = conn.execute("SELECT value FROM settings WHERE key = 'users_enabled'").fetchone()
    finally:
        conn.close()
    return bool(row) and row[0] in ("true", 1, "1")


def rows(path: Path, table: str) -> int:
    conn = sqlite3.connect(str(path))
    try:
        return conn.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]
    finally:
        conn.close()


def move(src: Path, dst: Path) -> Path:
    shutil.move(str(src), str(dst))
    return dst


# --- workbooks that would exhaust the machine ---------------------------------------------

_CT = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
       'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
       'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName='
       '"/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.'
       'main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxml'
       'formats-officedocument.spreadsheetml.worksheet+xml"/></Types>')
_RELS = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
         'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
         'officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>')
_BOOK = ('<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/'
         'spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/'
         'relationships"><sheets><sheet name="Danh sach" sheetId="1" r:id="rId1"/></sheets></workbook>')
_BOOK_RELS = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
              'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
              'officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>')


def xlsx(path: Path, rows) -> Path:
    """A one-sheet .xlsx written by hand; `rows` yields the XML of `<row>` elements (streamed,
    so a million rows never sit in memory)."""
    import zipfile

    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        zf.writestr("[Content_Types].xml", _CT)
        zf.writestr("_rels/.rels", _RELS)
        zf.writestr("xl/workbook.xml", _BOOK)
        zf.writestr("xl/_rels/workbook.xml.rels", _BOOK_RELS)
        with zf.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as fh:
            fh.write(b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.'
                     b'openxmlformats.org/spreadsheetml/2006/main"><sheetData>')
            batch = []
            for row in rows:
                batch.append(row)
                if len(batch) >= 5000:
                    fh.write("".join(batch).encode("utf-8"))
                    batch = []
            fh.write("".join(batch).encode("utf-8") + b"</sheetData></worksheet>")
    return path


def _cell(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def corner_xlsx(path: Path, corner: str = "XFD1048576") -> Path:
    """Two cells: A1 and one at `corner` (1.5 KB on disk)."""
    row = int("".join(ch for ch in corner if ch.isdigit()))
    return xlsx(path, [f'<row r="1">{_cell("A1", "STT")}</row>', f'<row r="{row}">{_cell(corner, "x")}</row>'])


def long_xlsx(path: Path, count: int) -> Path:
    """A list of `count` people (name, birth year, unit), one row each."""
    def rows():
        yield f'<row r="1">{_cell("A1", "Họ và tên")}{_cell("B1", "Năm sinh")}{_cell("C1", "Đơn vị")}</row>'
        for r in range(2, count + 2):
            yield (f'<row r="{r}">{_cell(f"A{r}", f"Lò Văn Páo {r}")}<c r="B{r}"><v>1980</v></c>'
                   f'{_cell(f"C{r}", "UBND xã Bản Bo")}</row>')
    return xlsx(path, rows())


def wide_ods(path: Path) -> Path:
    """1 KB of OpenDocument: one cell repeated across 16,384 columns on 3,001 rows (6 GB for the
    reader)."""
    import zipfile

    cell = ('<table:table-cell table:number-columns-repeated="16384" office:value-type="string">'
            '<text:p>x</text:p></table:table-cell>')
    content = ('<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:'
               'names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:'
               'table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
               '<office:body><office:spreadsheet><table:table table:name="Danh sach">'
               f'<table:table-row>{cell}</table:table-row>'
               f'<table:table-row table:number-rows-repeated="3000">{cell}</table:table-row>'
               '</table:table></office:spreadsheet></office:body></office:document-content>')
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        zf.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
    return path


def corner_xls(path: Path) -> Path:
    """An Excel 97–2003 file with cells at A1 and IV65536 (5.5 KB; 1 GB for the reader)."""
    import xlwt

    book = xlwt.Workbook()
    sheet = book.add_sheet("Danh sach")
    sheet.write(0, 0, "STT")
    sheet.write(65535, 255, "x")
    book.save(str(path))
    return path


# --- backups as a hostile hand leaves them ------------------------------------------------

def rewrite_zip(src: Path, dst: Path, change) -> Path:
    """A copy of a zip with entries changed: `change(name, data)` returns new bytes, or None
    to leave the entry out."""
    import zipfile

    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = change(info.filename, zin.read(info.filename))
            if data is not None:
                zout.writestr(info.filename, data)
    return dst


def logical_dump(db: Path, folder: Path) -> Path:
    """A logical dump (the server's kind of backup) of a data file."""
    from app.dump import dump_engine
    from db.session import make_engine

    engine = make_engine(db)
    try:
        return dump_engine(engine, "manual", target_dir=folder)
    finally:
        engine.dispose()


def fill_disk(folder: Path, leave_bytes: int) -> Path:
    """Fill the disk holding `folder` until only about `leave_bytes` are free."""
    import shutil as _shutil

    filler = folder / "day-o.bin"
    free = _shutil.disk_usage(folder).free
    with open(filler, "wb") as fh:
        remaining = max(free - leave_bytes, 0)
        block = b"\0" * (1 << 20)
        while remaining > 0:
            chunk = block[:min(len(block), remaining)]
            try:
                fh.write(chunk)
            except OSError:
                break
            remaining -= len(chunk)
    return filler


def run_in_terminal(*args, keys: bytes, after: bytes, env: dict | None = None,
                    timeout: float = 120) -> tuple[int, str]:
    """`tdkt ARGS` on a terminal of its own (a pseudo-terminal it controls, as a clerk's): once
    it has written `after` (a prompt), `keys` are typed. Returns the exit code and all it wrote."""
    import pty
    import select
    import time

    full_env = {k: v for k, v in os.environ.items() if k != "TDKT_PASSWORD"} | (env or {})
    pid, fd = pty.fork()
    if pid == 0:  # the child: its terminal is the pty
        os.execve(sys.executable, [sys.executable, "-m", "app", *map(str, args)], full_env)
    out, typed, deadline = b"", False, time.monotonic() + timeout
    while time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.2)
        if ready:
            try:
                chunk = os.read(fd, 4096)
            except OSError:
                break
            if not chunk:
                break
            out += chunk
        if not typed and after in out:
            time.sleep(0.2)
            os.write(fd, keys)
            typed = True
    _, status = os.waitpid(pid, 0)
    os.close(fd)
    return os.waitstatus_to_exitcode(status), out.decode("utf-8", "replace")
