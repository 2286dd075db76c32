"""The trend history the window asks for, from a real encrypted historian."""

from __future__ import annotations

from pathlib import Path

from app.historian.trends import TREND_BUCKETS, recorded_trend
from drivers.base import Sample, SampleBatch
from storage.database import open_database
from storage.writer import SampleWriter

NOW = 1_800_000_000_000


def test_a_span_comes_back_in_buckets_and_an_unknown_point_as_none(tmp_path: Path, key_file: Path) -> None:
    db = open_database(tmp_path / "h.db", key_file, create=True)
    pid = db.ensure_points([("s/d/p", "kW")])["s/d/p"]
    writer = SampleWriter(db)
    writer.start()
    day = [Sample(pid, NOW - 86_400_000 + i * 1000, float(i % 600), 0) for i in range(86_400)]
    writer.submit(SampleBatch("s/d", day))
    writer.stop()
    try:
        hour = recorded_trend(db, "s/d/p", 3600, now_ms=NOW)
        assert hour is not None and hour.resolution == "raw" and 0 < len(hour) <= TREND_BUCKETS
        assert hour.maximum.max() == 599.0
        whole_day = recorded_trend(db, "s/d/p", 86_400, now_ms=NOW)
        assert whole_day is not None and len(whole_day) <= TREND_BUCKETS
        assert int(whole_day.count.sum()) == 86_400  # every sample counted once, whatever the buckets
        assert recorded_trend(db, "s/d/elsewhere", 3600, now_ms=NOW) is None
    finally:
        db.close()
