"""How numbers and qualities read on screen."""

from __future__ import annotations

import math

from PySide6.QtCore import QCoreApplication

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
    """``active_power_l1`` → ``Active power L1``: readable without a name in the profile."""
    words = [
        w.upper() if w in _UPPER_WORDS or (w[0] == "l" and w[1:].isdigit()) else w
        for w in quantity.split("_")
    ]
    text = " ".join(words)
    return text[:1].upper() + text[1:]


_UPPER_WORDS = {"rms", "thd", "dc", "ac", "pv"}
