"""Translation of user-facing text outside widgets (command line, reports).

Goes through Qt's translator so one catalogue serves the GUI and the command line;
``pyside6-lupdate`` finds ``translate("context", "text")`` calls for the catalogue.
Only QtCore is used, so the headless collector stays free of QtWidgets.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication


def translate(context: str, text: str) -> str:
    return QCoreApplication.translate(context, text)
