"""The silences of a point, found from hourly rollups where they can rule one out and minutes elsewhere."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from drivers.base import Quality, Sample
from storage.database import Database, open_database
from storage.ingest import ingest_batches
from storage.report_queries import silences

T0 = 1_793_466_000_000  # on a whole hour
MIN = 60_000
INSIDE = (T0 + 80 * MIN, T0 + 90 * MIN)  # 01:20-01:30, within one hour
ACROSS = (T0 + 115 * MIN, T0 + 127 * MIN)  # 01:55-02:07, across an hour's end


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database = open_database(tmp_path / "s.db", tmp_path / "s.key", create=True)
    point = database.ensure_points([("p/d/v", "V")])["p/d/v"]
    quiet = [INSIDE, ACROSS]
    samples = [
        Sample(point, ts, 1.0, Quality.GOOD)
        for ts in range(T0, T0 + 4 * 60 * MIN, 10_000)
        if not any(lo < ts < hi for lo, hi in quiet)
    ]
    ingest_batches(database, [samples])
    yield database
    database.close()


@pytest.mark.parametrize("interval_ms", [None, 10_000])
def test_silences_inside_an_hour_and_across_its_end(db: Database, interval_ms: int | None) -> None:
    found = silences(db, "p/d/v", T0 - 15 * MIN, T0 + 4 * 60 * MIN, 5 * MIN, interval_ms=interval_ms)
    assert found == [(T0 - 15 * MIN, T0), INSIDE, ACROSS]
