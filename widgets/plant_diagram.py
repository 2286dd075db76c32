"""A plant diagram: an SVG drawn in any editor, with live values, states and alarms drawn on it.

The SVG is read once; its bound elements (``app/site/diagrams.py`` says how they are marked)
are found and kept, and on each refresh only their text and attributes change before the
document is rendered again. A value that is not good reads as such in words (struck through,
its quality named), not by colour alone. An SVG naming points the site does not have is
still shown, with the unknown points listed above it.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QByteArray, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QMouseEvent, QPainter, QPaintEvent
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QLabel, QSizePolicy, QVBoxLayout, QWidget

from app.alarms.service import AlarmView
from app.alarms.states import AlarmState
from app.pipeline.live_buffers import Latest
from app.site.alarm_rules import AlarmSettings
from drivers.base import Quality
from widgets.formatting import format_value, quality_text

SVG_NS = "http://www.w3.org/2000/svg"
ET.register_namespace("", SVG_NS)
BINDINGS = ("data-point", "data-state", "data-alarm")


def read_svg(path: Path) -> ET.ElementTree:
    """The SVG at ``path``; one with a document type is refused, since only a DTD can declare the
    entities of an XML bomb, and editors do not write one into SVG."""
    data = path.read_bytes()
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        raise ValueError("it declares a document type or entities; save it as plain SVG")
    return ET.ElementTree(ET.fromstring(data))  # noqa: S314 (no DTD, hence no entity expansion)


@dataclass
class Binding:
    element: ET.Element
    id: str
    #: ``site/device/quantity``.
    path: str
    kind: str


def bindings_of(root: ET.Element, site: str, known: set[str]) -> tuple[list[Binding], list[str]]:
    """The bound elements of an SVG (ids given to those without one) and the unknown points named."""
    found, unknown = [], []
    for number, element in enumerate(root.iter()):
        pairs = [(kind, element.get(kind)) for kind in BINDINGS if element.get(kind)]
        ident = element.get("id", "")
        if not pairs and ident.count("/") == 1 and f"{site}/{ident}" in known:
            pairs = [("data-point", ident)]
        for kind, point in pairs:
            path = f"{site}/{point}"
            if path not in known:
                unknown.append(str(point))
                continue
            if not ident:
                ident = f"wattkeeper-bound-{number}"
                element.set("id", ident)
            found.append(Binding(element, ident, path, kind))
    return found, sorted(set(unknown))


class PlantDiagram(QWidget):
    """One SVG of the site, refreshed from the live values and the standing alarms."""

    point_chosen = Signal(str)

    def __init__(
        self,
        path: Path,
        site: str,
        points: dict[str, tuple[int, str]],
        settings: AlarmSettings,
        parent: QWidget | None = None,
    ) -> None:
        """``points`` maps each of the site's point paths to its id in the live buffers and its unit."""
        super().__init__(parent)
        self._points = points
        self._settings = settings
        self.warning = QLabel(objectName="diagramWarning", wordWrap=True)
        try:
            self._tree = read_svg(path)
        except (OSError, ET.ParseError, ValueError) as exc:
            self._tree = ET.ElementTree(ET.Element(f"{{{SVG_NS}}}svg"))
            self.warning.setText(self.tr("{file} cannot be shown: {problem}").format(file=path, problem=exc))
        self.bindings, self.unknown = bindings_of(self._tree.getroot(), site, set(points))
        self._renderer = QSvgRenderer()
        self.canvas = _Canvas(self._renderer, self)
        if self.unknown:
            self.warning.setText(
                self.tr("This diagram names points the site file does not have: {points}.").format(
                    points=", ".join(self.unknown)
                )
            )
        self.warning.setVisible(bool(self.warning.text()))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.warning)
        layout.addWidget(self.canvas, 1)
        self._originals = {id(b.element): (b.element.text, dict(b.element.attrib)) for b in self.bindings}
        self._render()

    def refresh(self, latest: Callable[[int], Latest | None], alarms: list[AlarmView]) -> None:
        """Draw the newest values and the standing alarms of the bound points."""
        standing = {}
        for alarm in alarms:
            if alarm.state not in (AlarmState.NORMAL, AlarmState.SHELVED, AlarmState.OUT_OF_SERVICE):
                known = standing.get(alarm.point)
                if known is None or alarm.priority.rank < known.priority.rank:
                    standing[alarm.point] = alarm
        for binding in self.bindings:  # every element as drawn, before this refresh's changes
            text, attributes = self._originals[id(binding.element)]
            binding.element.attrib.clear()
            binding.element.attrib.update(attributes)
            binding.element.text = text
        for binding in self.bindings:
            text, attributes = self._originals[id(binding.element)]
            point_id, unit = self._points[binding.path]
            reading = latest(point_id)
            if binding.kind == "data-point":
                binding.element.text = self._value_text(reading, unit, binding.element) or text
            elif binding.kind == "data-state" and reading is not None and reading.quality == Quality.GOOD:
                on = (reading.value or 0.0) >= 0.5
                fill = attributes.get("data-on-fill" if on else "data-off-fill")
                if fill:
                    binding.element.set("fill", fill)
            alarm = standing.get(binding.path) if binding.kind == "data-alarm" else None
            if alarm is not None:
                binding.element.set("stroke", self._settings.style(alarm.priority).colour)
                binding.element.set("stroke-width", "5")
                if alarm.state in (AlarmState.UNACK_ACTIVE, AlarmState.UNACK_RETURNED):
                    binding.element.set("stroke-dasharray", "10 5")
        self._render()

    def text_of(self, point: str) -> str:
        """The text drawn for ``site/device/quantity`` (the first text bound to it)."""
        for b in self.bindings:
            if b.path == point and b.kind == "data-point":
                return b.element.text or ""
        return ""

    def attribute_of(self, element_id: str, name: str) -> str | None:
        return next((b.element.get(name) for b in self.bindings if b.id == element_id), None)

    def _value_text(self, reading: Latest | None, unit: str, element: ET.Element) -> str | None:
        if reading is None:
            return None
        suffix = f" {unit}" if unit else ""
        if reading.quality == Quality.GOOD:
            return format_value(reading.value) + suffix
        element.set("fill", "#5a5a5a")  # muted, and the quality in words: SVG Tiny has no strike-through
        shown = format_value(reading.good_value) + suffix if reading.good_value is not None else "—"
        return f"{shown} ✕ {quality_text(reading.quality)}"

    def _render(self) -> None:
        self._renderer.load(QByteArray(ET.tostring(self._tree.getroot(), encoding="utf-8")))
        self.canvas.update()

    def element_at(self, position: QPointF) -> Binding | None:
        """The bound element drawn under ``position`` (canvas coordinates), the smallest if several."""
        area = self.canvas.drawn_area()
        view = self._renderer.viewBoxF()
        if area.isEmpty() or view.isEmpty():
            return None
        x = view.x() + (position.x() - area.x()) * view.width() / area.width()
        y = view.y() + (position.y() - area.y()) * view.height() / area.height()
        hits = []
        for binding in self.bindings:
            bounds = self._renderer.transformForElement(binding.id).mapRect(
                self._renderer.boundsOnElement(binding.id)
            )
            if bounds.adjusted(-6, -6, 6, 6).contains(QPointF(x, y)):
                hits.append((bounds.width() * bounds.height(), binding))
        return min(hits, key=lambda h: h[0])[1] if hits else None

    def choose(self, position: QPointF) -> None:
        hit = self.element_at(position)
        if hit is not None:
            self.point_chosen.emit(hit.path)


class _Canvas(QWidget):
    """Draws the SVG as large as it fits, keeping its proportions; a click chooses an element."""

    def __init__(self, renderer: QSvgRenderer, diagram: PlantDiagram) -> None:
        super().__init__(diagram)
        self._renderer = renderer
        self._diagram = diagram
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setCursor(Qt.CursorShape.PointingHandCursor)

    def drawn_area(self) -> QRectF:
        size = self._renderer.defaultSize()
        if size.isEmpty():
            return QRectF()
        scale = min(self.width() / size.width(), self.height() / size.height())
        width, height = size.width() * scale, size.height() * scale
        return QRectF((self.width() - width) / 2, (self.height() - height) / 2, width, height)

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        self._renderer.render(painter, self.drawn_area())

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._diagram.choose(event.position())
