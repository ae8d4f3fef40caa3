"""The `tdkt` command line, run as a user runs it (a subprocess), with its exit codes."""

from __future__ import annotations

import json
import subprocess
import sys

from app import __version__


def tdkt(*args: str, env_dir=None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "app", *map(str, args)],
                          capture_output=True, text=True, encoding="utf-8", timeout=120)


def test_version():
    result = tdkt("--version")
    assert result.returncode == 0
    assert __version__ in result.stdout


def test_check_on_the_demo_file_is_healthy(demo_path):
    result = tdkt("check", "--db", demo_path)
    assert result.returncode == 0, result.stderr
    assert "Kết quả: TỐT" in result.stdout
    data = json.loads(tdkt("check", "--db", demo_path, "--json").stdout)
    assert data["healthy"] is True
    assert data["integrity"] == "ok"
    assert data["schema_version"] == data["head_version"]
    assert data["counts"]["units"] >= 14
    assert data["counts"]["awards"] > 0


def test_check_on_a_missing_file_exits_2_with_a_vietnamese_line(tmp_path):
    result = tdkt("check", "--db", tmp_path / "khong-co.db")
    assert result.returncode == 2
    assert "Không tìm thấy tệp dữ liệu" in result.stderr
    assert "Traceback" not in result.stderr


def test_check_on_a_file_that_is_not_a_database_exits_2(tmp_path):
    bogus = tmp_path / "bao-cao.db"
    bogus.write_text("đây không phải cơ sở dữ liệu", encoding="utf-8")
    result = tdkt("check", "--db", bogus)
    assert result.returncode == 2
    assert "không phải tệp dữ liệu TĐKT" in result.stderr


def test_check_on_a_damaged_database_exits_nonzero(demo_path):
    data = bytearray(demo_path.read_bytes())
    # Overwrite the middle of the file (table pages), keep the header valid.
    middle = len(data) // 2
    data[middle:middle + 8192] = b"\xff" * 8192
    demo_path.write_bytes(bytes(data))
    result = tdkt("check", "--db", demo_path)
    assert result.returncode in (1, 2)
    assert "Traceback" not in result.stderr
    assert ("CÓ VẤN ĐỀ" in result.stdout) or ("hỏng" in result.stderr)


def test_bad_arguments_exit_2_in_vietnamese():
    result = tdkt("print", "decision")  # -o is required
    assert result.returncode == 2
    assert "thiếu tham số bắt buộc" in result.stderr
    result = tdkt("khong-co-lenh")
    assert result.returncode == 2
    assert "Lỗi tham số" in result.stderr


def test_demo_writes_a_healthy_file_and_refuses_an_existing_one(tmp_path):
    path = tmp_path / "mau.db"
    result = tdkt("demo", "--db", path)
    assert result.returncode == 0, result.stderr
    assert "Đã ghi dữ liệu mẫu" in result.stdout
    assert tdkt("check", "--db", path).returncode == 0
    again = tdkt("demo", "--db", path)
    assert again.returncode == 1
    assert "đã có" in again.stderr


def test_demo_refuses_an_absurd_scale(tmp_path):
    result = tdkt("demo", "--db", tmp_path / "x.db", "--scale", "0")
    assert result.returncode == 1
    assert "--scale" in result.stderr


def test_help_is_in_vietnamese():
    for args in (["--help"], ["check", "--help"], ["import", "--help"]):
        result = tdkt(*args)
        assert result.returncode == 0
        assert result.stdout.startswith("Cách dùng: tdkt")
        for english in ("usage:", "positional arguments", "options:", "show this help"):
            assert english not in result.stdout
