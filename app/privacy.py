"""Dữ liệu cá nhân: which personal fields leave the program only when the user asks.

Exports (Excel) and printouts (PDF) omit a person's ID-card number (số CCCD/CMND) unless the
user ticks "kèm số CCCD" for that one export. Every exporter and printed form asks here
instead of deciding on its own, so the rule is in one place:

    row = redact_person_fields(row, include_id_number=options.include_id_number)
    columns = [c for c in columns if export_allows(c, include_id_number=...)]
"""

from __future__ import annotations

from collections.abc import Mapping

# Field names (model attributes and export column keys) holding ID-card numbers.
ID_FIELDS = frozenset({"id_number", "cccd", "cmnd"})
# What an export column header reads when the user asked for the numbers.
ID_LABEL = "Số CCCD/CMND"


def export_allows(field: str, *, include_id_number: bool = False) -> bool:
    """Whether a column/field may appear in an export or printout."""
    return include_id_number or field not in ID_FIELDS


def redact_person_fields(record: Mapping, *, include_id_number: bool = False) -> dict:
    """A copy of a person's fields (dict-like) with the ID-card number left out unless asked."""
    return {key: value for key, value in record.items()
            if export_allows(str(key), include_id_number=include_id_number)}


def masked_id_number(value: str | None) -> str:
    """For screens and the audit log: the last 4 digits only (`********1234`)."""
    text = (value or "").strip()
    if not text:
        return ""
    return "*" * max(len(text) - 4, 0) + text[-4:]
