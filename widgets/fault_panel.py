"""Demo only: switch the simulated plant's faults on and off while watching the screen."""

from __future__ import annotations

from PySide6.QtCore import QSignalBlocker
from PySide6.QtWidgets import QCheckBox, QLabel, QVBoxLayout, QWidget

from app.plant_control import PlantControl


class FaultPanel(QWidget):
    def __init__(self, plant: PlantControl, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._plant = plant
        layout = QVBoxLayout(self)
        intro = QLabel(self.tr("Inject a fault into the simulated plant:"))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.boxes: dict[str, QCheckBox] = {}
        for fault in plant.faults():
            box = QCheckBox(fault.label)
            box.setToolTip(fault.description)
            box.setChecked(plant.is_active(fault.name))
            box.toggled.connect(lambda checked, name=fault.name: self._plant.set_fault(name, checked))
            layout.addWidget(box)
            self.boxes[fault.name] = box
        layout.addStretch(1)

    def refresh(self) -> None:
        """Show faults that started on their own (``--fault NAME@SECONDS``) without re-sending them."""
        for name, box in self.boxes.items():
            with QSignalBlocker(box):
                box.setChecked(self._plant.is_active(name))
