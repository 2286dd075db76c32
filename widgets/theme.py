"""The control-room look: muted greys, colour only for abnormal states (ISA-101 practice).

Two palettes: the light one for a lit control room and a night one for a darkened room
or a night shift, the same calm greys inverted, with abnormal states still the only
colour. The style sheet is built from the palette in use and a text scale, so the wall
mode (read from two metres) is the same look with larger type. Widgets that paint
themselves (trends, quality backgrounds) ask for the palette in use when they are built.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from PySide6.QtGui import QColor

from drivers.base import Quality


@dataclass(frozen=True)
class Palette:
    name: str
    background: str
    panel: str
    text: str
    muted_text: str
    border: str
    grid: str
    header: str
    selection: str
    selection_text: str
    trend_line: str
    trend_background: str
    #: The min-max band of a history trend, behind its mean line.
    trend_band: str
    #: Behind a value that is not good, with its dashed frame and its quality in words.
    bad_value: str
    #: Abnormal qualities get a background; a good value stays plain.
    stale: str
    no_communication: str
    out_of_range: str


LIGHT = Palette(
    "light", "#d6d6d6", "#e4e4e4", "#1f1f1f", "#5a5a5a", "#b5b5b5", "#c4c4c4", "#cfcfcf", "#9a9a9a",
    "#000000", "#2b2b2b", "#ededed", "#cbcbcb", "#e6dcc0", "#c9c3a8", "#a9cce3", "#e6c89a",
)  # fmt: skip
NIGHT = Palette(
    "night", "#1c1f22", "#26292d", "#d2d4d6", "#8c9196", "#3c4046", "#34383d", "#2e3236", "#4a5058",
    "#ffffff", "#d6d8da", "#202326", "#3a3f45", "#4a4230", "#4d4a3a", "#2f4a5c", "#5a4630",
)  # fmt: skip
PALETTES = {p.name: p for p in (LIGHT, NIGHT)}
#: How much larger type is in wall mode.
WALL_SCALE = 1.6

_current: list[Palette] = [LIGHT]
_scale = [1.0]


def palette() -> Palette:
    """The palette in use."""
    return _current[0]


def text_scale() -> float:
    """How much larger than usual type and tiles are drawn (wall mode)."""
    return _scale[0]


def use_look(name: str, *, wall: bool = False) -> Palette:
    """Use palette ``name`` (light, night) and the wall mode's larger type, or not, from now on."""
    chosen = PALETTES.get(name, LIGHT)
    _current[0] = chosen
    _scale[0] = WALL_SCALE if wall else 1.0
    return chosen


def quality_background(quality: Quality | None) -> QColor | None:
    """The background of a value of ``quality`` in the palette in use; None for a good one."""
    p = palette()
    colours = {
        Quality.STALE: p.stale,
        Quality.COMM_ERROR: p.no_communication,
        Quality.OUT_OF_RANGE: p.out_of_range,
        Quality.BAD_VALUE: p.out_of_range,
    }
    colour = colours.get(quality) if quality is not None else None
    return QColor(colour) if colour is not None else None


_SHEET = """
QMainWindow, QWidget {{ background: {background}; color: {text}; font-size: 11pt; }}
QTableView, QTreeWidget {{ background: {panel}; gridline-color: {grid};
    selection-background-color: {selection}; selection-color: {selection_text}; border: 1px solid {border}; }}
QHeaderView::section {{ background: {header}; color: {muted_text}; border: none;
    border-bottom: 1px solid {border}; padding: 4px; font-weight: bold; }}
QLineEdit, QComboBox, QDateTimeEdit {{ background: {panel}; border: 1px solid {border}; padding: 2px; }}
QPushButton, QToolButton {{ background: {header}; border: 1px solid {border}; padding: 4px 10px; }}
QTabBar::tab {{ background: {header}; padding: 6px 14px; border: 1px solid {border}; }}
QTabBar::tab:selected {{ background: {panel}; font-weight: bold; }}
QMenuBar, QMenu {{ background: {background}; color: {text}; }}
QMenu::item:selected, QMenuBar::item:selected {{ background: {selection}; color: {selection_text}; }}
QLabel#siteTitle {{ font-size: 16pt; font-weight: bold; }}
QLabel#clock {{ font-size: 16pt; color: {muted_text}; }}
QLabel#trendTitle {{ font-size: 12pt; font-weight: bold; }}
QDockWidget::title {{ background: {header}; padding: 4px; }}
QStatusBar {{ color: {muted_text}; }}
QFrame#lockCard {{ background: {panel}; border: 1px solid {border}; border-radius: 4px; }}
QFrame#lockCard QLabel, QFrame#lockCard QWidget {{ background: {panel}; }}
QLabel#lockTitle {{ font-size: 20pt; font-weight: bold; padding-top: 8px; }}
QLabel#lockAlarms {{ font-size: 14pt; font-weight: bold; }}
QLabel#signInMessage, QLabel#firstRunMessage {{ font-weight: bold; }}
QLabel#userLabel {{ font-size: 12pt; color: {muted_text}; padding-right: 16px; }}
QLabel#adminBanner {{ background: {panel}; border: 2px solid {text}; padding: 6px; font-weight: bold; }}
QLabel#enrolmentSecret {{ font-family: monospace; font-size: 13pt; }}
QLabel#overviewSite {{ font-size: 15pt; font-weight: bold; padding-top: 6px; }}
QLabel#overviewGateway {{ font-size: 11pt; color: {muted_text}; font-weight: bold; padding-top: 4px; }}
QFrame#deviceTile {{ background: {panel}; border: 1px solid {border}; border-radius: 4px; }}
QFrame#deviceTile[quality="bad"] {{ border: 3px solid {text}; }}
QFrame#deviceTile QLabel {{ background: transparent; }}
QLabel#tileTitle {{ font-size: 12pt; font-weight: bold; }}
QLabel#tileState {{ color: {muted_text}; }}
QLabel#tileState[quality="bad"] {{ color: {text}; font-weight: bold; }}
QFrame#valueCell {{ background: {background}; border: 1px solid {grid}; border-radius: 3px; }}
QFrame#valueCell:focus {{ border: 2px solid {text}; }}
QFrame#valueCell[quality="bad"] {{ background: {bad_value}; border: 2px dashed {text}; }}
QLabel#valueName {{ color: {muted_text}; font-size: 10pt; }}
QLabel#valueText {{ font-size: 20pt; font-weight: bold; }}
QFrame#valueCell[quality="bad"] QLabel#valueText {{ color: {muted_text}; font-weight: normal; }}
QLabel#valueState {{ color: {muted_text}; font-size: 9pt; }}
QFrame#valueCell[quality="bad"] QLabel#valueState {{ color: {text}; font-weight: bold; }}
"""


def style_sheet() -> str:
    """The window's style sheet in the palette and type scale in use."""
    sheet = _SHEET.format(**palette().__dict__)
    scale = text_scale()
    return re.sub(r"font-size: (\d+)pt", lambda m: f"font-size: {round(int(m.group(1)) * scale)}pt", sheet)
