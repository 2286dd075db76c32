"""The control-room look: muted greys, colour only for abnormal states (ISA-101 practice)."""

from __future__ import annotations

from PySide6.QtGui import QColor

from drivers.base import Quality

BACKGROUND = "#d6d6d6"
PANEL = "#e4e4e4"
TEXT = "#1f1f1f"
MUTED_TEXT = "#5a5a5a"
TREND_LINE = "#2b2b2b"
TREND_BACKGROUND = "#ededed"
#: The min-max band of a history trend, behind its mean line.
TREND_BAND = "#cbcbcb"
#: Behind a value that is not good, with its dashed frame and its quality in words.
BAD_VALUE = "#e6dcc0"

#: Abnormal qualities get a background; a good value stays plain.
QUALITY_BACKGROUND: dict[Quality, QColor] = {
    Quality.STALE: QColor("#c9c3a8"),
    Quality.COMM_ERROR: QColor("#a9cce3"),
    Quality.OUT_OF_RANGE: QColor("#e6c89a"),
    Quality.BAD_VALUE: QColor("#e6c89a"),
}

STYLE_SHEET = f"""
QMainWindow, QWidget {{ background: {BACKGROUND}; color: {TEXT}; font-size: 11pt; }}
QTableView, QTreeWidget {{ background: {PANEL}; gridline-color: #c4c4c4; selection-background-color: #9a9a9a;
    selection-color: #000000; border: 1px solid #b5b5b5; }}
QHeaderView::section {{ background: #cfcfcf; color: {MUTED_TEXT}; border: none;
    border-bottom: 1px solid #b5b5b5; padding: 4px; font-weight: bold; }}
QLabel#siteTitle {{ font-size: 16pt; font-weight: bold; }}
QLabel#clock {{ font-size: 16pt; color: {MUTED_TEXT}; }}
QLabel#trendTitle {{ font-size: 12pt; font-weight: bold; }}
QDockWidget::title {{ background: #cfcfcf; padding: 4px; }}
QStatusBar {{ color: {MUTED_TEXT}; }}
QFrame#lockCard {{ background: {PANEL}; border: 1px solid #b5b5b5; border-radius: 4px; }}
QFrame#lockCard QLabel, QFrame#lockCard QWidget {{ background: {PANEL}; }}
QLabel#lockTitle {{ font-size: 20pt; font-weight: bold; padding-top: 8px; }}
QLabel#lockAlarms {{ font-size: 14pt; font-weight: bold; }}
QLabel#signInMessage, QLabel#firstRunMessage {{ font-weight: bold; }}
QLabel#userLabel {{ font-size: 12pt; color: {MUTED_TEXT}; padding-right: 16px; }}
QLabel#adminBanner {{ background: {PANEL}; border: 2px solid {TEXT}; padding: 6px; font-weight: bold; }}
QLabel#enrolmentSecret {{ font-family: monospace; font-size: 13pt; }}
QLabel#overviewSite {{ font-size: 15pt; font-weight: bold; padding-top: 6px; }}
QLabel#overviewGateway {{ font-size: 11pt; color: {MUTED_TEXT}; font-weight: bold; padding-top: 4px; }}
QFrame#deviceTile {{ background: {PANEL}; border: 1px solid #b5b5b5; border-radius: 4px; }}
QFrame#deviceTile[quality="bad"] {{ border: 3px solid {TEXT}; }}
QFrame#deviceTile QLabel {{ background: transparent; }}
QLabel#tileTitle {{ font-size: 12pt; font-weight: bold; }}
QLabel#tileState {{ color: {MUTED_TEXT}; }}
QLabel#tileState[quality="bad"] {{ color: {TEXT}; font-weight: bold; }}
QFrame#valueCell {{ background: {BACKGROUND}; border: 1px solid #c4c4c4; border-radius: 3px; }}
QFrame#valueCell:focus {{ border: 2px solid {TEXT}; }}
QFrame#valueCell[quality="bad"] {{ background: {BAD_VALUE}; border: 2px dashed {TEXT}; }}
QLabel#valueName {{ color: {MUTED_TEXT}; font-size: 10pt; }}
QLabel#valueText {{ font-size: 20pt; font-weight: bold; }}
QFrame#valueCell[quality="bad"] QLabel#valueText {{ color: {MUTED_TEXT}; font-weight: normal; }}
QLabel#valueState {{ color: {MUTED_TEXT}; font-size: 9pt; }}
QFrame#valueCell[quality="bad"] QLabel#valueState {{ color: {TEXT}; font-weight: bold; }}
"""
