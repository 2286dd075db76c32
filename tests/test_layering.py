"""QtWidgets belongs to widgets/ and the GUI bootstrap only (import-linter cannot name a Qt submodule)."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HEADLESS_PACKAGES = ("app", "drivers", "storage", "reports", "simulator")
GUI_BOOTSTRAP = ROOT / "app" / "gui.py"


def qtwidgets_imports(path: Path) -> list[int]:
    lines = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import) and any(a.name.startswith("PySide6.QtWidgets") for a in node.names):
            lines.append(node.lineno)
        elif isinstance(node, ast.ImportFrom) and node.module is not None:
            if node.module.startswith("PySide6.QtWidgets") or (
                node.module == "PySide6" and any(a.name == "QtWidgets" for a in node.names)
            ):
                lines.append(node.lineno)
    return lines


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
