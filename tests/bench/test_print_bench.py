"""Benchmark of printing (run with `python3 dev.py bench`; prints its figures).

- 500 Giấy khen certificates (full design) from one decision;
- a decision whose list has 2,000 lines;
- for comparison, what offices do today: a 500-page mail-merge style .docx (made here with
  python-docx, one certificate a page, same texts) turned into PDF by LibreOffice
  (`soffice --headless --convert-to pdf`). Skipped, with a printed note, when soffice is absent.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "app" / "printing"))

import print_factories as f  # noqa: E402
from print_pdf import pages_text  # noqa: E402

from app.printing.certificates import certificates_for, print_certificates  # noqa: E402
from app.printing.common import profile  # noqa: E402
from app.printing.decision import print_decision  # noqa: E402

CERTIFICATES, LINES = 500, 2000


def _docx(certs, path: Path) -> None:
    """One landscape page per certificate, the same lines the program prints."""
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
    from docx.shared import Mm, Pt, RGBColor

    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    for margin in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, margin, Mm(15))
    style = doc.styles["Normal"]
    style.font.name, style.font.size = "Times New Roman", Pt(14)

    def line(text, size=14, bold=False, italic=False, red=False, align=WD_ALIGN_PARAGRAPH.CENTER):
        p = doc.add_paragraph()
        p.alignment = align
        run = p.add_run(text)
        run.font.size, run.bold, run.italic = Pt(size), bold, italic
        if red:
            run.font.color.rgb = RGBColor(0xC7, 0x0D, 0x0D)
        return p

    for i, c in enumerate(certs):
        line("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 15, bold=True)
        line("Độc lập - Tự do - Hạnh phúc", 15, bold=True)
        line("CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ BÌNH LƯ", 18, bold=True, red=True)
        line(c.heading, 15, bold=True)
        line(c.award_name, 40, bold=True, red=True)
        line(c.name, 24, bold=True)
        line(c.position, 15)
        line(c.achievement, 15, italic=True)
        line(f"{c.decision}\n{c.book_no}", 13, bold=True, italic=True, align=WD_ALIGN_PARAGRAPH.LEFT)
        last = line(f"{c.place_date}\n{' '.join(c.sign_title)}\n\n\n{c.signer}", 14,
                    align=WD_ALIGN_PARAGRAPH.RIGHT)
        if i < len(certs) - 1:
            last.add_run().add_break(WD_BREAK.PAGE)
    doc.save(str(path))


def _soffice(docx: Path, outdir: Path, profile_dir: Path) -> float:
    started = time.perf_counter()
    subprocess.run(["soffice", f"-env:UserInstallation=file://{profile_dir}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(outdir), str(docx)],
                   check=True, capture_output=True, timeout=1800)
    return time.perf_counter() - started


def test_print_benchmark(db, tmp_path):
    with db.session() as s:
        f.make_office(s)
        gk = f.make_decision(s, f.people_lines(CERTIFICATES, "GK"), number="2/QĐ-UBND")
        long = f.make_decision(s, f.people_lines(LINES, "LDTT"), number="1/QĐ-UBND")
        started = time.perf_counter()
        certs_doc = print_certificates(s, gk.id)
        t_certs = time.perf_counter() - started
        started = time.perf_counter()
        decision_doc = print_decision(s, long.id)
        t_decision = time.perf_counter() - started
        certs = certificates_for(s, gk, profile(s))

    assert certs_doc.pages == CERTIFICATES
    texts = pages_text(decision_doc.pdf)
    assert 60 <= decision_doc.pages <= 130 and "Họ và tên" in texts[-1]
    print(f"\nIn bằng: {CERTIFICATES} giấy khen (toàn bộ mẫu) trong {t_certs:.2f} s "
          f"({CERTIFICATES / t_certs:.0f} trang/giây, {len(certs_doc.pdf) / 1e6:.1f} MB)")
    print(f"Quyết định {LINES} dòng: {decision_doc.pages} trang trong {t_decision:.2f} s")

    if shutil.which("soffice") is None:
        print("LibreOffice (soffice) không có trên máy này: bỏ qua phần so sánh "
              "(cài gói Debian libreoffice-writer-nogui để đo).")
        return
    started = time.perf_counter()
    docx = tmp_path / "giaykhen_500.docx"
    _docx(certs, docx)
    t_docx = time.perf_counter() - started
    profile_dir = tmp_path / "lo-profile"
    warm = tmp_path / "warm.docx"
    _docx(certs[:1], warm)
    _soffice(warm, tmp_path / "warm", profile_dir)  # first start builds the profile: not timed
    t_lo = _soffice(docx, tmp_path / "lo", profile_dir)
    lo_pages = len(pages_text((tmp_path / "lo" / "giaykhen_500.pdf").read_bytes()))
    print(f"LibreOffice: .docx {lo_pages} trang (tạo bằng python-docx trong {t_docx:.2f} s) "
          f"→ PDF trong {t_lo:.2f} s")
    print(f"Tỷ lệ LibreOffice / TĐKT cho {CERTIFICATES} giấy khen: {t_lo / t_certs:.1f} lần")
    assert lo_pages >= CERTIFICATES * 0.9  # the comparison is page for page
