"""`tdkt print FORM --db PATH [--year Y] [--id ID] -o FILE.pdf`: files written, exit codes,
Vietnamese messages, and the certificate print log."""

import subprocess
import sys
from pathlib import Path

import pytest
from print_pdf import pages_text

from app.cli import main
from app.printing import FORMS
from db.models import CertificatePrint

ROOT = Path(__file__).resolve().parents[3]
# The forms of the year's other work (issue 13) print from the demo office below: the small
# office of these tests has no congress, provincial bloc or exemplars.
OTHER_WORK = ("congress", "province-bloc", "publicity")


@pytest.mark.parametrize("form", [f for f in FORMS if f not in OTHER_WORK])
def test_every_form_prints_to_a_pdf(office, tmp_path, capsys, form):
    out = tmp_path / "ra" / f"{form}.pdf"
    assert main(["print", form, "--db", str(office.db.path), "--year", "2025", "-o", str(out)]) == 0
    assert out.read_bytes().startswith(b"%PDF")
    said = capsys.readouterr().out
    assert f"Đã in «{FORMS[form].label}»" in said and "trang" in said


def test_certificates_are_logged_and_reprints_counted(office, tmp_path, capsys):
    out = tmp_path / "gk.pdf"
    args = ["print", "certificates", "--db", str(office.db.path), "--id", str(office.decision_id),
            "-o", str(out)]
    assert main(args) == 0
    assert main(args + ["--overlay"]) == 0
    assert "(2 bằng in lại)" in capsys.readouterr().out
    with office.db.session() as s:
        modes = [(p.mode, p.reprint) for p in s.query(CertificatePrint).order_by(CertificatePrint.id)]
    assert modes == [("full", False), ("full", False), ("overlay", True), ("overlay", True)]


def test_test_page_is_not_logged(office, tmp_path):
    out = tmp_path / "thu.pdf"
    assert main(["print", "certificates", "--db", str(office.db.path), "--test-page", "-o", str(out)]) == 0
    assert "Trang in thử" in pages_text(out.read_bytes())[0]
    with office.db.session() as s:
        assert s.query(CertificatePrint).count() == 0


def test_exit_codes_and_messages(office, tmp_path, capsys):
    db = str(office.db.path)
    assert main(["print", "decision", "--db", db, "--id", "404", "-o", str(tmp_path / "a.pdf")]) == 1
    assert "Không có quyết định số hiệu 404" in capsys.readouterr().err
    assert main(["print", "decision", "--db", db, "-o", str(tmp_path / "a.docx")]) == 1
    assert "đuôi .pdf" in capsys.readouterr().err
    assert main(["print", "decision", "--db", str(tmp_path / "khong_co.db"), "-o",
                 str(tmp_path / "a.pdf")]) == 2
    assert "Không tìm thấy tệp dữ liệu" in capsys.readouterr().err
    with pytest.raises(SystemExit) as stop:
        main(["print", "giay-moi", "--db", db, "-o", str(tmp_path / "a.pdf")])
    assert stop.value.code == 2
    assert not (tmp_path / "a.pdf").exists()


def test_command_line_as_a_process(office, tmp_path):
    out = tmp_path / "qd.pdf"
    run = subprocess.run([sys.executable, "-m", "app", "print", "decision", "--db", str(office.db.path),
                          "--id", str(office.decision_id), "-o", str(out)],
                         cwd=ROOT, capture_output=True, text=True, encoding="utf-8", timeout=120)
    assert run.returncode == 0, run.stderr
    assert "Số: 15/QĐ-UBND" in pages_text(out.read_bytes())[0]


@pytest.mark.parametrize(("form", "wanted"), [
    ("congress", "DANH SÁCH ĐẠI BIỂU"),
    ("province-bloc", "Kết quả tự chấm điểm thi đua năm"),
    ("publicity", "Kính gửi: Trung tâm Văn hóa, Thể thao và Truyền thông")])
def test_the_other_work_prints_from_the_command_line_for_its_latest_year(demo_db, tmp_path, capsys,
                                                                       form, wanted):
    out = tmp_path / f"{form}.pdf"
    assert main(["print", form, "--db", str(demo_db.path), "-o", str(out)]) == 0
    assert f"Đã in «{FORMS[form].label}»" in capsys.readouterr().out
    text = " ".join(pages_text(out.read_bytes()))
    assert wanted in text and "2025" in text


def test_publicity_of_an_unknown_movement_says_so(demo_db, tmp_path, capsys):
    out = tmp_path / "tt.pdf"
    assert main(["print", "publicity", "--db", str(demo_db.path), "--id", "999", "-o", str(out)]) == 1
    assert "Không có phong trào thi đua số hiệu 999" in capsys.readouterr().err
    assert not out.exists()
