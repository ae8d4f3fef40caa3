"""Dossier states and recipient kinds are defined once (app/states.py): the workflow, the groups
every screen counts by, and no label text compared in logic anywhere in app/ or ui/."""

from __future__ import annotations

import ast
import datetime as dt
from pathlib import Path

from app import states
from app.dossiers import TRANSITIONS
from app.home import home_summary
from app.reports import year_figures

ROOT = Path(__file__).resolve().parents[2]
LABELS = set(states.DOSSIER_STATES.values()) | set(states.SUBJECTS.values())
CODES = set(states.DOSSIER_STATES) | set(states.SUBJECTS)


def test_every_state_of_the_workflow_has_one_label_and_every_group_names_known_states():
    assert set(TRANSITIONS) == set(states.DOSSIER_STATES)
    groups = {name: value for name, value in vars(states).items()
              if name.isupper() and isinstance(value, tuple)}
    assert len(groups) >= 10
    for name, group in groups.items():
        assert set(group) <= set(states.DOSSIER_STATES), name
    # Every dossier is either still being worked on, or settled: never both, never neither.
    assert set(states.IN_PROGRESS) | set(states.FROZEN) == set(states.DOSSIER_STATES)
    assert not set(states.IN_PROGRESS) & set(states.FROZEN)
    assert "noticed" in states.IN_PROGRESS  # under public notice is still "đang xử lý"


def _offences(path: Path) -> list[str]:
    """Label text compared in logic, or a code → label table written out again."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Compare):
            for side in [node.left, *node.comparators]:
                if isinstance(side, ast.Constant) and side.value in LABELS:
                    found.append(f"{path.relative_to(ROOT)}:{node.lineno} compares «{side.value}»")
        elif isinstance(node, ast.Dict):
            pairs = [(k.value, v.value) for k, v in zip(node.keys, node.values, strict=True)
                     if isinstance(k, ast.Constant) and isinstance(v, ast.Constant)]
            if sum(1 for k, v in pairs if k in CODES and v in LABELS) >= 2:
                found.append(f"{path.relative_to(ROOT)}:{node.lineno} spells the labels out again")
    return found


def test_no_label_text_is_compared_or_defined_outside_states():
    offences = []
    for package in ("app", "ui"):
        for path in sorted((ROOT / package).rglob("*.py")):
            if path.name != "states.py":
                offences += _offences(path)
    assert offences == []


def test_the_check_sees_an_offence(tmp_path):
    """The walker must notice a label compared and a label table (guards a hollow check)."""
    bad = ROOT / "app" / "_states_probe.py"
    try:
        bad.write_text('def f(x):\n    return x == "Tập thể"\n'
                       'T = {"received": "Đã tiếp nhận", "decided": "Đã có quyết định"}\n',
                       encoding="utf-8")
        assert len(_offences(bad)) == 2
    finally:
        bad.unlink()


def test_dossiers_under_public_notice_count_as_in_progress_on_the_report_and_home(demo_db):
    with demo_db.session() as s:
        figures = year_figures(s, 2025, today=dt.date(2025, 12, 31))
        home = home_summary(s, 2025, today=dt.date(2025, 12, 31))
    noticed = figures.dossiers.by_status.get("noticed", 0)
    assert noticed > 0
    assert figures.dossiers.in_progress == sum(figures.dossiers.by_status.get(s, 0)
                                               for s in states.IN_PROGRESS)
    assert home.glance.dossiers_open == figures.dossiers.in_progress
