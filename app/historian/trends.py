"""A point's recorded history for a trend: the span an operator picks, at screen resolution.

The window asks for it off the GUI thread; this module only decides what to ask the
historian (``storage.queries.trend``) and turns "nothing recorded yet" into an answer
rather than an error.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from app.i18n import translate
from storage.database import Database
from storage.errors import UnknownPointError
from storage.queries import Envelope, trend

#: Buckets per trend: about one per horizontal pixel of a wide plot.
TREND_BUCKETS = 2000


@dataclass(frozen=True, slots=True)
class Span:
    label: str
    seconds: int


def trend_spans() -> list[Span]:
    """The spans offered above a trend, shortest first; 0 seconds means the live buffer."""
    hour, day = 3600, 86400
    return [
        Span(translate("Trend", "Live"), 0),
        Span(translate("Trend", "1 hour"), hour),
        Span(translate("Trend", "8 hours"), 8 * hour),
        Span(translate("Trend", "24 hours"), day),
        Span(translate("Trend", "7 days"), 7 * day),
        Span(translate("Trend", "30 days"), 30 * day),
        Span(translate("Trend", "1 year"), 365 * day),
    ]


def recorded_trend(db: Database, path: str, seconds: int, now_ms: int | None = None) -> Envelope | None:
    """The last ``seconds`` of ``path`` in at most ``TREND_BUCKETS`` min/mean/max buckets.

    None when the historian has never recorded the point (a point added a moment ago).
    """
    end = time.time_ns() // 1_000_000 if now_ms is None else now_ms
    try:
        return trend(db, path, end - seconds * 1000, end + 1, TREND_BUCKETS)
    except UnknownPointError:
        return None
