"""Every form printed from the demo office (Tam Đường, 2025) as a clerk first sees it: each
comes out, carries the office's own names, and reads back with its header."""

import pytest
from print_pdf import flat, pages_text

from app.printing import FORMS, build


@pytest.mark.parametrize("form", list(FORMS))
def test_demo_office_prints_every_form(demo_db, form):
    with demo_db.session() as s:
        printed = build(s, form, year=2025)
    pages = pages_text(printed.pdf)
    assert printed.pages == len(pages) >= 1
    text = flat("".join(pages))
    if form != "certificates":
        assert flat("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM") in flat(pages[0])
    assert flat("Tam Đường") in text or flat("TAM ĐƯỜNG") in text
