"""QtWidgets belongs to widgets/ and the GUI bootstrap only (import-linter cannot name a Qt submodule)."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HEADLESS_PACKAGES = ("app", "drivers", "storage", "reports", "simulator", "senders")
GUI_BOOTSTRAP = ROOT / "app" / "gui.py"


def imported_modules(node: ast.AST) -> list[str]:
    """Every module an import statement brings in, ``from a import b`` counting as ``a.b``."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if isinstance(node, ast.ImportFrom) and node.module:
        return [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
    return []


def qtwidgets_imports(path: Path) -> list[int]:
    return [
        node.lineno  # type: ignore[attr-defined]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if any(m.startswith("PySide6.QtWidgets") for m in imported_modules(node))
    ]


def test_qtwidgets_only_in_widgets_and_the_gui_bootstrap() -> None:
    offenders = [
        f"{path.relative_to(ROOT)}:{line}"
        for package in HEADLESS_PACKAGES
        for path in sorted((ROOT / package).rglob("*.py"))
        if path != GUI_BOOTSTRAP
        for line in qtwidgets_imports(path)
    ]
    assert offenders == []


def test_the_check_would_catch_an_offender(tmp_path: Path) -> None:
    sample = tmp_path / "bad.py"
    sample.write_text("from PySide6 import QtWidgets\nimport PySide6.QtWidgets as w\n", encoding="utf-8")
    assert qtwidgets_imports(sample) == [1, 2]
