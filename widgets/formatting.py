"""How numbers and qualities read on screen."""

from __future__ import annotations

import math

from PySide6.QtCore import QCoreApplication

from app.i18n import translate
from drivers.base import Quality


def format_value(value: float | None) -> str:
    """Enough digits to see change, not so many that the number dances."""
    if value is None or not math.isfinite(value):
        return "—"
    magnitude = abs(value)
    decimals = 1 if magnitude >= 100 else 2 if magnitude >= 10 else 3
    return f"{value:,.{decimals}f}"


def quality_text(quality: Quality) -> str:
    texts = {
        Quality.GOOD: QCoreApplication.translate("Quality", "Good"),
        Quality.STALE: QCoreApplication.translate("Quality", "Stale"),
        Quality.COMM_ERROR: QCoreApplication.translate("Quality", "No communication"),
        Quality.OUT_OF_RANGE: QCoreApplication.translate("Quality", "Out of range"),
        Quality.BAD_VALUE: QCoreApplication.translate("Quality", "Bad value"),
    }
    return texts[quality]


def quantity_label(quantity: str) -> str:
    """``active_power_l1`` → ``Active power L1``, in the window's language, for a point the profile
    leaves unnamed; an unknown quantity is spelt out from its own words."""
    base, phases = quantity, ""
    parts = quantity.split("_")
    while len(parts) > 1 and (parts[-1] == "n" or (parts[-1][0] == "l" and parts[-1][1:].isdigit())):
        phases = f" {parts.pop().upper()}{phases}"
        base = "_".join(parts)
    names = _names()
    if base in names:
        return names[base] + phases
    words = [
        w.upper() if w in _UPPER_WORDS or (w[0] == "l" and w[1:].isdigit()) else w
        for w in quantity.split("_")
    ]
    text = " ".join(words)
    return text[:1].upper() + text[1:]


def _names() -> dict[str, str]:
    """The standard quantities of the shipped profiles, by name, translated."""

    return {
        "active_power": translate("Quantity", "Active power"),
        "apparent_power": translate("Quantity", "Apparent power"),
        "reactive_power": translate("Quantity", "Reactive power"),
        "power_factor": translate("Quantity", "Power factor"),
        "voltage": translate("Quantity", "Voltage"),
        "current": translate("Quantity", "Current"),
        "voltage_thd": translate("Quantity", "Voltage THD"),
        "current_thd": translate("Quantity", "Current THD"),
        "frequency": translate("Quantity", "Frequency"),
        "energy_import": translate("Quantity", "Energy imported"),
        "energy_export": translate("Quantity", "Energy exported"),
        "reactive_energy_import": translate("Quantity", "Reactive energy imported"),
        "reactive_energy_export": translate("Quantity", "Reactive energy exported"),
        "energy_produced": translate("Quantity", "Energy produced"),
        "battery_voltage": translate("Quantity", "Battery voltage"),
        "cabinet_temperature": translate("Quantity", "Cabinet temperature"),
        "coolant_temperature": translate("Quantity", "Coolant temperature"),
        "heatsink_temperature": translate("Quantity", "Heatsink temperature"),
        "temperature": translate("Quantity", "Temperature"),
        "humidity": translate("Quantity", "Humidity"),
        "dc_current": translate("Quantity", "DC current"),
        "dc_power": translate("Quantity", "DC power"),
        "dc_voltage": translate("Quantity", "DC voltage"),
        "engine_runtime": translate("Quantity", "Engine running hours"),
        "engine_speed": translate("Quantity", "Engine speed"),
        "fuel_level": translate("Quantity", "Fuel level"),
        "oil_pressure": translate("Quantity", "Oil pressure"),
        "operating_state": translate("Quantity", "Operating state"),
        "running": translate("Quantity", "Running"),
        "switch_on": translate("Quantity", "Switched on"),
        "vibration_rms": translate("Quantity", "Vibration RMS"),
    }


_UPPER_WORDS = {"rms", "thd", "dc", "ac", "pv"}
