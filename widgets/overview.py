"""The plant at a glance: a tile per device, grouped by site and gateway, with its key values.

ISA-101 practice: grey and calm while all is well. A value that is not good never looks like
one: it is struck through and muted, framed with a dashed border and named by its quality
in words ("No communication", "Stale", "Out of range"), and the time under it is that of
its last *good* reading, so an operator never mistakes a frozen number for a live one.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QMouseEvent, QShowEvent
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QScrollArea, QVBoxLayout, QWidget

from app.pipeline.live_buffers import Latest, LiveBuffers
from app.site.config import PointInfo, SiteConfig
from app.timefmt import local_clock
from drivers.base import Quality
from widgets.flow_layout import FlowLayout
from widgets.formatting import format_value, quality_text, quantity_label
from widgets.theme import text_scale

#: The quantities a tile shows first, in this order; a device without them shows its first points.
KEY_QUANTITIES = (
    "active_power",
    "running",
    "operating_state",
    "voltage_l1",
    "voltage",
    "frequency",
    "power_factor",
    "energy_import",
    "energy_produced",
    "fuel_level",
    "engine_speed",
    "coolant_temperature",
    "vibration_rms",
    "temperature",
    "humidity",
)
VALUES_PER_TILE = 4
#: Quantities that read 0 or 1, shown as words; and whole-number states, shown without decimals.
SWITCHES = frozenset({"running", "switch_on"})
STATES = frozenset({"operating_state"})


def key_points(points: list[PointInfo]) -> list[PointInfo]:
    """The points a device's tile shows: its key quantities first, then its others, at most four."""
    rank = {q: i for i, q in enumerate(KEY_QUANTITIES)}
    ordered = sorted(points, key=lambda p: (rank.get(p.quantity, len(rank)), points.index(p)))
    return ordered[:VALUES_PER_TILE]


class ValueCell(QFrame):
    """One value of a tile: its name, the value with its unit, and how fresh it is."""

    clicked = Signal(str)

    def __init__(self, point: PointInfo, parent: QWidget | None = None) -> None:
        super().__init__(parent, objectName="valueCell")
        self.point = point
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setToolTip(self.tr("{path} — click for its trend").format(path=point.path))
        self.name = QLabel(point.name or quantity_label(point.quantity), objectName="valueName")
        self.value = QLabel("", objectName="valueText")
        self.state = QLabel("", objectName="valueState")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.setSpacing(2)
        for label in (self.name, self.value, self.state):
            layout.addWidget(label)
        self.show_latest(None)

    def show_latest(self, latest: Latest | None) -> None:
        unit = f" {self.point.unit}" if self.point.unit else ""
        if latest is None:
            self._set("waiting", "…", self.tr("Waiting for a first reading"))
        elif latest.quality == Quality.GOOD:
            self._set("good", self._text(latest.value, unit), local_clock(latest.ts_ms))
        else:
            shown = latest.value if latest.quality == Quality.OUT_OF_RANGE else latest.good_value
            since = (
                self.tr("last good {time}").format(time=local_clock(latest.good_ts_ms))
                if latest.good_ts_ms is not None
                else self.tr("never read good")
            )
            self._set("bad", self._text(shown, unit), f"{quality_text(latest.quality)}\n{since}")

    def _text(self, value: float | None, unit: str) -> str:
        if value is None:
            return "—"
        if self.point.quantity in SWITCHES:
            return self.tr("On") if value >= 0.5 else self.tr("Off")
        if self.point.quantity in STATES:
            return f"{value:.0f}"
        return format_value(value) + unit

    def _set(self, quality: str, value: str, state: str) -> None:
        if self.property("quality") != quality:
            self.setProperty("quality", quality)
            font = self.value.font()
            font.setStrikeOut(quality == "bad")
            self.value.setFont(font)
            for widget in (self, self.value, self.state):
                widget.style().unpolish(widget)
                widget.style().polish(widget)
        self.value.setText(value)
        self.state.setText(state)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.clicked.emit(self.point.path)
        super().mouseReleaseEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            self.clicked.emit(self.point.path)
            return
        super().keyPressEvent(event)


class DeviceTile(QFrame):
    """A device's name, its communication state in words and its key values."""

    def __init__(
        self, title: str, device_path: str, points: list[PointInfo], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent, objectName="deviceTile")
        self.device_path = device_path
        self.points = points
        self.title = QLabel(title, objectName="tileTitle")
        self.title.setToolTip(device_path)
        self.state = QLabel("", objectName="tileState")
        self.cells = [ValueCell(p) for p in key_points(points)]
        grid = QGridLayout(self)
        grid.setContentsMargins(10, 8, 10, 10)
        grid.setHorizontalSpacing(6)
        grid.setVerticalSpacing(6)
        grid.addWidget(self.title, 0, 0, 1, 2)
        grid.addWidget(self.state, 1, 0, 1, 2)
        for i, cell in enumerate(self.cells):
            grid.addWidget(cell, 2 + i // 2, i % 2)
        self.setFixedWidth(round(430 * text_scale()))

    def show_state(self, state: Quality | None) -> None:
        texts = {
            None: self.tr("○ Waiting"),
            Quality.GOOD: self.tr("● Communicating"),
            Quality.COMM_ERROR: self.tr("✕ No communication"),
        }
        text = texts.get(state, self.tr("▲ Degraded"))
        quality = "waiting" if state is None else "good" if state == Quality.GOOD else "bad"
        if self.state.text() != text:
            self.state.setText(text)
            self.setProperty("quality", quality)
            for widget in (self, self.state):
                widget.style().unpolish(widget)
                widget.style().polish(widget)


class OverviewPage(QScrollArea):
    """Every device the signed-in account may see, by site and gateway; a value click asks for its trend."""

    point_chosen = Signal(str)

    def __init__(
        self, config: SiteConfig, live: LiveBuffers, point_ids: dict[str, int], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent, objectName="overview")
        self._live = live
        self._ids = point_ids
        self.tiles: list[DeviceTile] = []
        self._sites: dict[str, list[QWidget]] = {}
        points_of: dict[str, list[PointInfo]] = {}
        for point in config.points:
            points_of.setdefault(point.device_path, []).append(point)
        body = QWidget(objectName="overviewBody")
        column = QVBoxLayout(body)
        for site in config.file.sites:
            parts: list[QWidget] = [QLabel(site.name or site.id, objectName="overviewSite")]
            for gateway in site.gateways:
                heading = QLabel(
                    self.tr("{gateway} · {protocol}").format(
                        gateway=gateway.name or gateway.id, protocol=gateway.protocol
                    ),
                    objectName="overviewGateway",
                )
                group = QWidget()
                flow = FlowLayout(group)
                for device in gateway.devices:
                    path = f"{site.id}/{device.id}"
                    tile = DeviceTile(device.name or device.id, path, points_of.get(path, []))
                    for cell in tile.cells:
                        cell.clicked.connect(self.point_chosen)
                    flow.addWidget(tile)
                    self.tiles.append(tile)
                parts += [heading, group]
            for part in parts:
                column.addWidget(part)
            self._sites[site.id] = parts
        column.addStretch(1)
        self.setWidget(body)
        self.setWidgetResizable(True)

    def show_sites(self, visible: Callable[[str], bool]) -> None:
        """Show only the sites ``visible`` accepts (the signed-in account's)."""
        for site, parts in self._sites.items():
            for part in parts:
                part.setVisible(visible(site))

    def tile(self, device_path: str) -> DeviceTile:
        return next(t for t in self.tiles if t.device_path == device_path)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.refresh()

    def refresh(self) -> None:
        """Redraw the tiles in view; a hidden page costs nothing and is redrawn when shown."""
        if not self.isVisible():
            return
        for tile in self.tiles:
            if not tile.isVisibleTo(self):
                continue
            ids = [self._ids[p.path] for p in tile.points]
            tile.show_state(self._live.device_state(ids))
            for cell in tile.cells:
                cell.show_latest(self._live.latest(self._ids[cell.point.path]))
