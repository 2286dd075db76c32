"""Range queries at the right resolution, energy per local interval, newest values."""

from __future__ import annotations

import math
from datetime import datetime
from zoneinfo import ZoneInfo

import numpy as np
import pytest

from drivers.base import Quality, Sample
from storage.database import Database
from storage.errors import StorageError
from storage.ingest import ingest_batches
from storage.queries import device_energy, energy, latest, trend
from tests.both_backends import Databases

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")
START = int(datetime(2026, 3, 1, tzinfo=HANOI).timestamp() * 1000)
VOLTAGE, ENERGY, EXPORT = 1, 2, 3


@pytest.fixture
def db(databases: Databases) -> Database:
    database = databases.new()
    database.ensure_points([("s/m/voltage", "V"), ("s/m/energy_import", "kWh"), ("s/m/energy_export", "kWh")])
    return database


def voltage_day(spike_at: int) -> list[Sample]:
    """A day of 1-second voltage with one spike, and a 10-minute outage after noon."""
    samples = []
    for second in range(86_400):
        ts = START + second * 1000
        if 43_200 <= second < 43_800:
            samples.append(Sample(VOLTAGE, ts, None, Quality.COMM_ERROR))
        else:
            samples.append(
                Sample(VOLTAGE, ts, 500.0 if second == spike_at else 230.0 + (second % 10) / 10, 0)
            )
    return samples


def test_a_day_of_seconds_comes_back_in_envelopes_that_keep_the_spike(db: Database) -> None:
    day = voltage_day(spike_at=30_001)
    ingest_batches(db, [day[i : i + 10_000] for i in range(0, len(day), 10_000)])
    envelope = trend(db, "s/m/voltage", START, START + 86_400_000, max_points=2000)
    assert envelope.resolution == "raw" and envelope.bucket_ms == 44_000
    assert len(envelope) <= 2000
    assert np.nanmax(envelope.maximum) == 500.0
    assert np.nanmin(envelope.minimum) == 230.0
    assert envelope.count.sum() + envelope.bad.sum() == 86_400
    outage = (envelope.start_ms >= START + 43_230_000) & (envelope.start_ms < START + 43_750_000)
    assert outage.any() and np.isnan(envelope.mean[outage]).all()

    week = trend(db, "s/m/voltage", START, START + 7 * 86_400_000, max_points=500)
    assert week.resolution == "1m" and week.bucket_ms % 60_000 == 0 and len(week) <= 500
    assert np.nanmax(week.maximum) == 500.0
    assert week.count.sum() == 86_400 - 600

    year = trend(db, "s/m/voltage", START - 200 * 86_400_000, START + 165 * 86_400_000, max_points=2000)
    assert year.resolution == "1h" and len(year) <= 2000 and np.nanmax(year.maximum) == 500.0
    decade = trend(db, "s/m/voltage", START - 5 * 365 * 86_400_000, START + 5 * 365 * 86_400_000, 1000)
    assert decade.resolution == "1d" and len(decade) == 1
    assert decade.mean[0] == pytest.approx(np.mean([s.value for s in day if s.value is not None]))


def test_a_short_range_returns_the_samples_themselves(db: Database) -> None:
    ingest_batches(
        db,
        [
            [
                Sample(VOLTAGE, START + i * 1000, None if i == 3 else 230.0 + i, 2 if i == 3 else 0)
                for i in range(10)
            ]
        ],
    )
    envelope = trend(db, "s/m/voltage", START, START + 10_000, max_points=100)
    assert envelope.resolution == "raw" and envelope.bucket_ms == 0
    assert envelope.start_ms.tolist() == [START + i * 1000 for i in range(10)]
    assert envelope.bad.tolist() == [0, 0, 0, 1, 0, 0, 0, 0, 0, 0]
    assert math.isnan(envelope.mean[3]) and envelope.maximum[4] == 234.0


def test_trend_refuses_what_it_cannot_answer(db: Database) -> None:
    with pytest.raises(StorageError, match="no history for point 's/m/nothing'"):
        trend(db, "s/m/nothing", START, START + 1000)
    with pytest.raises(StorageError, match="end after its start"):
        trend(db, "s/m/voltage", START, START)


def counter(point: int, hours: int, per_hour: float, reset_at: int | None = None) -> list[Sample]:
    samples, value = [], 1000.0
    for minute in range(hours * 60):
        value += per_hour / 60
        if reset_at is not None and minute == reset_at:
            value = 0.0
        samples.append(Sample(point, START + minute * 60_000, value, 0))
    return samples


def test_energy_per_local_day_and_month_counts_across_a_reset(db: Database) -> None:
    ingest_batches(db, [counter(ENERGY, 72, 60.0, reset_at=30 * 60), counter(EXPORT, 72, 6.0)])
    days = energy(db, "s/m/energy_import", START, START + 72 * 3_600_000, interval="day", tz=HANOI)
    assert [d.start_ms for d in days] == [START + i * 86_400_000 for i in range(3)]
    # 60 kWh an hour; the first reading counts nothing; after the reset the counter's new
    # reading counts, only the minute in which it was reset is unknowable
    assert [round(d.energy or 0, 6) for d in days] == [1440 - 1, 1440 - 1, 1440]
    months = energy(db, "s/m/energy_import", START, START + 1, interval="month", tz=HANOI)
    assert len(months) == 1 and months[0].energy == pytest.approx(3 * 1440 - 2)
    assert datetime.fromtimestamp(months[0].end_ms / 1000, HANOI) == datetime(2026, 4, 1, tzinfo=HANOI)
    both = device_energy(db, "s/m", START, START + 86_400_000, interval="day", tz=HANOI)
    assert sorted(both) == ["s/m/energy_export", "s/m/energy_import"]
    assert both["s/m/energy_export"][0].energy == pytest.approx(24 * 6 - 0.1)


def test_hours_without_readings_have_no_energy_rather_than_zero(db: Database) -> None:
    samples = [s for s in counter(ENERGY, 5, 60.0) if not 120 <= (s.ts_ms - START) // 60_000 < 180]
    ingest_batches(db, [samples])
    hours = energy(db, "s/m/energy_import", START, START + 5 * 3_600_000, interval="hour", tz=HANOI)
    assert [h.energy is None for h in hours] == [False, False, True, False, False]
    assert sum(h.energy or 0 for h in hours) == pytest.approx(5 * 60 - 1)
    with pytest.raises(StorageError, match="not an energy counter"):
        energy(db, "s/m/voltage", START, START + 1, interval="hour", tz=HANOI)


def test_latest_gives_each_points_newest_sample(db: Database) -> None:
    ingest_batches(db, [[Sample(VOLTAGE, START + 5, 231.0, 0), Sample(VOLTAGE, START + 9, None, 2)]])
    newest = latest(db)
    assert set(newest) == {"s/m/voltage"}
    assert (newest["s/m/voltage"].ts_ms, newest["s/m/voltage"].quality) == (START + 9, 2)
