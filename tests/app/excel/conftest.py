"""Fixtures of the workbook tests: the commune (UBND xã Bản Bo) whose lists they read."""

from __future__ import annotations

import pytest

from app.text import fold
from db.models import Unit


@pytest.fixture
def office(db):
    """A data file holding one commune, XA_BAN_BO, the unit the lists are read for."""
    with db.session() as s:
        s.add(Unit(code="XA_BAN_BO", name="UBND xã Bản Bo", short_name="Xã Bản Bo", kind="commune",
                   search_key=fold("UBND xã Bản Bo")))
    return db
