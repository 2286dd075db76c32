"""What the demo window may do to the in-process simulated plant: switch faults on and off."""

from __future__ import annotations

from dataclasses import dataclass

from app.i18n import translate
from simulator.faults import Fault
from simulator.plant import SimulatedPlant


@dataclass(frozen=True)
class FaultInfo:
    name: str
    label: str
    description: str


def _labels() -> dict[Fault, tuple[str, str]]:
    return {
        Fault.OVER_VOLTAGE: (
            translate("PlantControl", "Over-voltage"),
            translate("PlantControl", "Supply voltage rises about 15 % above nominal on all phases."),
        ),
        Fault.VIBRATION_SPIKE: (
            translate("PlantControl", "Vibration spike"),
            translate("PlantControl", "Machine vibration jumps into the unacceptable zone."),
        ),
        Fault.METER_SILENT: (
            translate("PlantControl", "Meter silent"),
            translate("PlantControl", "The main meter stops answering Modbus requests."),
        ),
        Fault.FUEL_DROP: (
            translate("PlantControl", "Fuel drop"),
            translate("PlantControl", "The generator's fuel level falls fast, as with a leak or theft."),
        ),
    }


class PlantControl:
    def __init__(self, plant: SimulatedPlant) -> None:
        self._plant = plant

    def faults(self) -> list[FaultInfo]:
        labels = _labels()
        return [FaultInfo(f.value, *labels[f]) for f in Fault]

    def is_active(self, name: str) -> bool:
        return self._plant.model.has_fault(Fault(name))

    def set_fault(self, name: str, active: bool) -> None:
        self._plant.model.set_fault(Fault(name), active)
