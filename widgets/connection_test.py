"""'Test connection': one read of a device, shown as the operator would check it."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.pipeline.probe import ModbusProbe, MqttProbe, Reading
from drivers.base import Quality
from widgets.background import run_in_background
from widgets.formatting import format_value, quality_text, quantity_label
from widgets.theme import quality_background


class ProbeView(QWidget):
    """What one test read: a summary line (or the exact error) and each decoded value."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.status = QLabel(wordWrap=True)
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels([self.tr("Point"), self.tr("Value"), self.tr("Quality")])
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setVisible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.status)
        layout.addWidget(self.table)

    def show_result(self, result: object) -> None:
        if isinstance(result, Exception):
            self.status.setText(self.tr("The test failed: {error}").format(error=result))
            self.table.setRowCount(0)
            return
        readings: list[Reading] = []
        summary = ""
        if isinstance(result, ModbusProbe):
            readings = result.readings
            identity = ", ".join(f"{k}: {v}" for k, v in result.identity.items())
            good = sum(r.quality == Quality.GOOD for r in readings)
            summary = self.tr("{good} of {count} values read ({requests}).").format(
                good=good, count=len(readings), requests=self.tr("%n Modbus request(s)", "", result.reads)
            )
            if identity:
                summary += " " + identity
        elif isinstance(result, MqttProbe):
            readings = result.messages[0].readings if result.messages else []
            if result.messages:
                summary = self.tr("A message arrived on {topic}.").format(topic=result.messages[0].topic)
        problem = getattr(result, "problem", None)
        if problem:
            summary = f"{summary} " + self.tr("Problem: {problem}").format(problem=problem)
        self.status.setText(summary.strip())
        self.table.setRowCount(len(readings))
        for row, reading in enumerate(readings):
            unit = f" {reading.unit}" if reading.unit else ""
            cells = (
                quantity_label(reading.quantity),
                format_value(reading.value) + unit,
                quality_text(reading.quality),
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column == 1:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if column > 0 and (color := quality_background(reading.quality)) is not None:
                    item.setBackground(color)
                self.table.setItem(row, column, item)


class ConnectionTestDialog(QDialog):
    def __init__(
        self, device: str, work: Callable[[], ModbusProbe | MqttProbe], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Test connection — {device}").format(device=device))
        self.resize(560, 480)
        self.view = ProbeView()
        self.view.status.setText(self.tr("Testing {device}…").format(device=device))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view)
        layout.addWidget(buttons)
        self.finished_result: ModbusProbe | MqttProbe | Exception | None = None
        run_in_background(work, self._show, self)

    def _show(self, result: object) -> None:
        self.finished_result = result  # type: ignore[assignment]
        self.view.show_result(result)
