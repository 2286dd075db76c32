"""Rollups kept incrementally by the writer equal rollups rebuilt from scratch, whatever the order."""

from __future__ import annotations

import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from drivers.base import Quality, Sample
from storage.database import Database
from storage.ingest import ingest_batches
from tests.both_backends import Databases
from tests.storage.rollup_oracle import oracle_rollups, same_rows, stored_rollups

DAY_EDGE = 1_700_006_400_000  # a UTC midnight: buckets straddle hours and days


def assert_rollups_match(db: Database) -> None:
    expected, actual = oracle_rollups(db), stored_rollups(db)
    for level in expected:
        assert same_rows(actual[level], expected[level]), (level, actual[level], expected[level])


POINTS = [("p/m/voltage", "V"), ("p/m/energy", "kWh"), ("p/m/current", "A")]


@pytest.fixture
def db(databases: Databases) -> Database:
    database = databases.new()
    database.ensure_points(POINTS)
    return database


def test_counter_delta_counts_resets_and_gaps(db: Database) -> None:
    energy = 2
    t0 = DAY_EDGE
    values = [(0, 100.0), (60_000, 101.5), (120_000, None), (180_000, 103.0), (240_000, 0.5), (300_000, 2.0)]
    samples = [
        Sample(energy, t0 + dt, v, Quality.GOOD if v is not None else Quality.COMM_ERROR) for dt, v in values
    ]
    ingest_batches(db, [samples[:3], samples[3:]])
    rows = stored_rollups(db)
    deltas = [r[-1] for r in rows["1m"]]
    # first reading counts nothing; 1.5; unreadable; 1.5 across the gap; reset to 0.5; 1.5
    assert deltas == [0.0, 1.5, 0.0, 1.5, 0.5, 1.5]
    assert rows["1h"][0][-1] == pytest.approx(5.0)
    assert rows["1m"][2][2:4] == (0, 1)  # the unreadable minute: no good sample, one bad
    assert_rollups_match(db)


def test_gauges_have_no_delta_and_bucket_statistics_are_right(db: Database) -> None:
    voltage = 1
    ingest_batches(db, [[Sample(voltage, DAY_EDGE + i * 10_000, 230.0 + i, 0) for i in range(12)]])
    minute = stored_rollups(db)["1m"]
    assert minute[0] == (
        voltage,
        DAY_EDGE,
        6,
        0,
        230.0,
        235.0,
        1395.0,
        DAY_EDGE,
        230.0,
        DAY_EDGE + 50_000,
        235.0,
        None,
    )
    assert minute[1][4:7] == (236.0, 241.0, 1431.0)


def test_late_counter_sample_is_folded_in_where_it_belongs(db: Database) -> None:
    energy = 2
    on_time = [Sample(energy, DAY_EDGE + i * 60_000, 10.0 * i, 0) for i in (0, 1, 3, 4)]
    ingest = ingest_batches(db, [on_time, [Sample(energy, DAY_EDGE + 2 * 60_000, 20.0, 0)]])
    assert ingest.recomputed_points == 1
    assert [r[-1] for r in stored_rollups(db)["1m"]] == [0.0, 10.0, 10.0, 10.0, 10.0]
    assert_rollups_match(db)


def test_repeated_sample_replaces_the_old_value_in_the_rollups(db: Database) -> None:
    voltage = 1
    ingest_batches(db, [[Sample(voltage, DAY_EDGE, 999.0, 0)], [Sample(voltage, DAY_EDGE, 230.0, 0)]])
    assert stored_rollups(db)["1m"][0][2:7] == (1, 0, 230.0, 230.0, 230.0)
    assert_rollups_match(db)


samples_strategy = st.lists(
    st.tuples(
        st.sampled_from([1, 2, 3]),
        st.integers(min_value=-3 * 3_600_000, max_value=2 * 3_600_000),
        st.one_of(
            st.none(), st.floats(min_value=0, max_value=1000, allow_nan=False).map(lambda v: round(v, 2))
        ),
        st.sampled_from([0, 0, 0, 0, 2, 3]),
    ),
    min_size=1,
    max_size=120,
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(raw=samples_strategy, seed=st.integers(0, 2**32), batches=st.integers(1, 6))
def test_any_order_any_batching_gives_the_rollups_of_the_stored_samples(
    databases: Databases,
    raw: list[tuple[int, int, float | None, int]],
    seed: int,
    batches: int,
) -> None:
    db = databases.new()
    try:
        db.ensure_points(POINTS)
        samples = [Sample(p, DAY_EDGE + t, v, q if v is not None else 2) for p, t, v, q in raw]
        random.Random(seed).shuffle(samples)
        cut = sorted(random.Random(seed + 1).sample(range(1, len(samples) + 1), min(batches, len(samples))))
        chunks = [samples[a:b] for a, b in zip([0, *cut], cut, strict=False) if samples[a:b]]
        ingest_batches(db, chunks)
        assert_rollups_match(db)
    finally:
        db.close()


def test_large_batches_with_repeats_in_and_across_them_keep_the_newest(databases: Databases) -> None:
    """Batches long enough for multi-row statements, with (point, time) repeated inside one statement."""
    db = databases.new()
    try:
        db.ensure_points(POINTS)
        first = [Sample(1 + i % 3, DAY_EDGE + (i // 3) * 1000, float(i), 0) for i in range(1250)]
        second = [Sample(s.point_id, s.ts_ms, s.value + 10_000, 0) for s in first[600:]]
        second += [Sample(1, DAY_EDGE + 1_000_000 + i // 2, float(i), 0) for i in range(800)]  # pairs
        ingest = ingest_batches(db, [first, second])
        stored = {(s.point_id, s.ts_ms): s.value for s in first}
        stored.update({(s.point_id, s.ts_ms): s.value for s in second})
        with db.engine.connect() as conn:
            rows = conn.exec_driver_sql("SELECT point_id, ts_ms, value FROM samples").all()
        assert {(p, t): v for p, t, v in rows} == stored
        assert ingest.recomputed_points == 3
        assert_rollups_match(db)
    finally:
        db.close()
