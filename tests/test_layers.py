"""The layer rule: ui imports app, app imports db, never the other way; no Qt outside ui."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _imports(package: str) -> list[tuple[str, str]]:
    found = []
    for path in sorted((ROOT / package).rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                found += [(str(path.relative_to(ROOT)), a.name) for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                found.append((str(path.relative_to(ROOT)), node.module))
    return found


def _top(name: str) -> str:
    return name.split(".")[0]


def test_app_has_no_qt_and_no_ui_imports():
    bad = [(f, m) for f, m in _imports("app") if _top(m) in {"PySide6", "shiboken6", "ui"}]
    assert bad == []


def test_db_imports_neither_app_nor_ui_nor_qt():
    bad = [(f, m) for f, m in _imports("db") if _top(m) in {"app", "ui", "PySide6", "shiboken6"}]
    assert bad == []


def test_only_the_entry_point_names_the_ui_package():
    """app/cli.py starts the GUI by module name; no other app module may reach ui at all."""
    offenders = []
    for path in (ROOT / "app").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        if '"ui.' in text or "'ui." in text:
            offenders.append(str(path.relative_to(ROOT)))
    assert offenders == ["app/cli.py"]


def test_the_rule_check_sees_imports(tmp_path):
    """The walker itself must notice a forbidden import (guards against a hollow check)."""
    tree = ast.parse("from PySide6.QtCore import Qt\nimport ui.main_window\n")
    names = [n.module if isinstance(n, ast.ImportFrom) else n.names[0].name
             for n in ast.walk(tree) if isinstance(n, (ast.Import, ast.ImportFrom))]
    assert {_top(n) for n in names} == {"PySide6", "ui"}
