"""Peak demand: the highest mean power over clock-aligned 15- or 30-minute intervals.

Utilities bill demand as the energy of an interval divided by its length, over intervals
that start on the clock (:00, :15, :30, :45 for 15 minutes; :00 and :30 for 30). Only
intervals read throughout stand for demand: one that follows a silence carries the
energy of the whole silence and would be a false peak.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from app.reporting.local_time import Quarters

TOP = 5


@dataclass(frozen=True)
class Peak:
    start_ms: int
    minutes: int
    kw: float


def peaks(
    quarters: Quarters,
    kwh: np.ndarray,
    whole: np.ndarray,
    minutes: int,
    *,
    lo: int = 0,
    hi: int | None = None,
) -> tuple[Peak, ...]:
    """The ``TOP`` highest demands among quarters [lo, hi), highest first (earliest on a tie)."""
    span = minutes // 15
    hi = len(quarters) if hi is None else hi
    found = []
    for i in range(lo, hi - span + 1):
        if quarters.minute[i] % minutes or not whole[i : i + span].all():
            continue
        found.append(Peak(quarters.start(i), minutes, float(kwh[i : i + span].sum()) * 60 / minutes))
    found.sort(key=lambda p: (-p.kw, p.start_ms))
    return tuple(found[:TOP])
