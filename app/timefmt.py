"""Reading and writing times at the edges: UTC milliseconds inside, ISO 8601 outside.

Times typed without an offset are the operator's local time; output for machines is
always UTC with a ``Z``.
"""

from __future__ import annotations

import re
import time
from datetime import UTC, datetime, tzinfo

_RELATIVE = re.compile(r"^-?(\d+(?:\.\d+)?)([smhd])$")
_UNIT_S = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_time(text: str, now_ms: int | None = None, zone: tzinfo | None = None) -> int:
    """``now``, a time ago (``15m``, ``2h``, ``1d``, also written ``-15m``), or ISO 8601.

    Returns UTC milliseconds. An ISO time without an offset is in ``zone`` (a site's zone,
    for reports), else in this computer's.
    """
    now_ms = time.time_ns() // 1_000_000 if now_ms is None else now_ms
    text = text.strip()
    if text == "now":
        return now_ms
    relative = _RELATIVE.match(text)
    if relative:
        return now_ms - round(float(relative.group(1)) * _UNIT_S[relative.group(2)] * 1000)
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise ValueError(
            f"{text!r} is not a time: use ISO 8601 (2026-11-23T08:00), 'now' or a time ago such as '15m'"
        ) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=zone) if zone is not None else moment.astimezone()
    return round(moment.timestamp() * 1000)


def iso_utc(ts_ms: int) -> str:
    """ISO 8601 in UTC with milliseconds, e.g. ``2026-11-23T08:00:00.000Z``."""
    moment = datetime.fromtimestamp(ts_ms / 1000, UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{ts_ms % 1000:03d}Z"


def local_clock(ts_ms: int) -> str:
    """The operator's local wall-clock time of day, for displays."""
    return datetime.fromtimestamp(ts_ms / 1000).astimezone().strftime("%H:%M:%S")


def now_ms() -> int:
    """This machine's clock, UTC milliseconds (the services' default clock)."""
    return time.time_ns() // 1_000_000
