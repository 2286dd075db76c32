"""Faults the simulated plant can be told to show, for training, demos and tests."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Fault(StrEnum):
    OVER_VOLTAGE = "over-voltage"
    VIBRATION_SPIKE = "vibration-spike"
    METER_SILENT = "meter-silent"
    FUEL_DROP = "fuel-drop"


@dataclass(frozen=True)
class ScheduledFault:
    fault: Fault
    start_s: float

    @classmethod
    def parse(cls, text: str) -> ScheduledFault:
        """``NAME`` (now) or ``NAME@SECONDS`` (that long after launch)."""
        name, _, delay = text.partition("@")
        try:
            fault = Fault(name)
        except ValueError:
            known = ", ".join(f.value for f in Fault)
            raise ValueError(f"unknown fault {name!r}; known faults: {known}") from None
        try:
            start = float(delay) if delay else 0.0
        except ValueError:
            raise ValueError(f"fault {text!r}: {delay!r} is not a number of seconds") from None
        if start < 0:
            raise ValueError(f"fault {text!r}: the delay cannot be negative")
        return cls(fault, start)
