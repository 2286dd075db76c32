"""Sealed blocks: completed hours packed into compressed rows, read back as if nothing happened."""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import UTC
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from drivers.base import Sample, SampleBatch
from storage.database import Database, open_database
from storage.errors import StorageError
from storage.export import export_csv
from storage.ingest import BatchIngest, ingest_batches
from storage.queries import energy, iter_samples, latest, raw_samples, trend
from storage.retention import DAY_MS, apply_retention, set_policy
from storage.sample_codec import BlockFormatError, SampleColumns, decode, encode
from storage.sample_reads import BLOCK_MS, read_columns
from storage.sealing import Sealer, seal_completed_hours, seal_hour
from storage.writer import SampleWriter
from tests.both_backends import Databases
from tests.conftest import wait_until
from tests.storage.rollup_oracle import oracle_rollups, same_rows, stored_rollups

HOUR0 = 1_700_002_800_000  # 2023-11-14T23:00Z, an hour boundary
POINTS = [("s/m/voltage", "V"), ("s/m/energy", "kWh")]


def history(hours: int, step_ms: int = 1000) -> list[Sample]:
    """A gauge with gaps and bad readings, and a counter that is reset once."""
    rows = []
    for i in range(hours * BLOCK_MS // step_ms):
        ts = HOUR0 + i * step_ms + 7
        bad = i % 97 == 5
        rows.append(Sample(1, ts, None if bad else 230.0 + math.sin(i / 300), 2 if bad else 0))
        rows.append(Sample(2, ts, float(i % 5000) * 0.5, 0))
    return rows


def snapshot(db: Database) -> tuple[object, ...]:
    """Everything a reader can ask of the history."""
    paths = [p for p, _ in POINTS]
    end = HOUR0 + 10 * BLOCK_MS
    return (
        [raw_samples(db, p, 0, 2**62) for p in paths],
        [list(iter_samples(db, p, HOUR0 + 1234, end, window_ms=BLOCK_MS // 2)) for p in paths],
        latest(db),
        [trend(db, p, HOUR0 + 1800_000, HOUR0 + 1900_000, max_points=200) for p in paths],
        [trend(db, p, HOUR0, HOUR0 + 5 * BLOCK_MS, max_points=2000) for p in paths],
        # buckets of 13 s, one of them straddling the end of the sealed hours
        [trend(db, p, HOUR0, HOUR0 + 5 * BLOCK_MS, max_points=1500) for p in paths],
        # single samples on both sides of it
        [trend(db, p, HOUR0 + 4 * BLOCK_MS - 500_000, HOUR0 + 4 * BLOCK_MS + 500_000) for p in paths],
        energy(db, "s/m/energy", HOUR0, end, interval="hour", tz=UTC),
        stored_rollups(db),
    )


def same(left: tuple[object, ...], right: tuple[object, ...]) -> bool:
    for a, b in zip(left, right, strict=True):
        if isinstance(a, list) and a and hasattr(a[0], "mean"):  # envelopes: compare their arrays
            for x, y in zip(a, b, strict=True):
                arrays = ("start_ms", "count", "bad", "minimum", "maximum", "mean")
                if x.resolution != y.resolution or not all(
                    np.allclose(getattr(x, n), getattr(y, n), equal_nan=True, rtol=1e-12) for n in arrays
                ):
                    return False
        elif isinstance(a, dict) and "1m" in a:
            if not all(same_rows(a[level], b[level]) for level in a):  # type: ignore[index]
                return False
        elif a != b:
            return False
    return True


def rows_left(db: Database) -> int:
    with db.engine.connect() as conn:
        return int(conn.exec_driver_sql("SELECT count(*) FROM samples").scalar() or 0)


def blocks(db: Database) -> list[tuple[int, int, int]]:
    with db.engine.connect() as conn:
        return [
            tuple(r)
            for r in conn.exec_driver_sql("SELECT point_id, start_ms, n FROM sample_blocks ORDER BY 1, 2")
        ]


def test_sealing_changes_nothing_a_reader_sees(databases: Databases) -> None:
    db = databases.new()
    db.ensure_points(POINTS)
    ingest_batches(db, [history(5)])
    before = snapshot(db)

    packed = seal_completed_hours(db, HOUR0 + 4 * BLOCK_MS + 59_000)

    assert packed == 2 * 4 * 3600
    assert rows_left(db) == 2 * 3600  # the fifth hour is not over yet
    assert blocks(db) == [(p, HOUR0 + h * BLOCK_MS, 3600) for p in (1, 2) for h in range(4)]
    assert same(snapshot(db), before)
    expected = oracle_rollups(db)
    assert all(same_rows(stored_rollups(db)[level], expected[level]) for level in expected)
    straddling = trend(db, "s/m/voltage", HOUR0, HOUR0 + 5 * BLOCK_MS, max_points=1500)
    assert straddling.bucket_ms == 13_000 and (4 * BLOCK_MS) % 13_000
    assert straddling.count.sum() + straddling.bad.sum() == 5 * 3600


def test_a_sample_arriving_after_its_hour_was_sealed_wins_and_is_sealed_again(databases: Databases) -> None:
    db = databases.new()
    db.ensure_points(POINTS)
    ingest_batches(db, [history(3)])
    seal_completed_hours(db, HOUR0 + 2 * BLOCK_MS)
    late = [
        Sample(1, HOUR0 + 600_007, 999.0, 0),  # replaces a sealed sample
        Sample(1, HOUR0 + 600_500, 998.0, 0),  # new, between two sealed ones
        Sample(2, HOUR0 + 1_800_007, 0.0, 0),  # the counter looks reset, then resumes
    ]
    ingest = ingest_batches(db, [late])
    assert ingest.recomputed_points == 2

    def check() -> None:
        voltage = {s.ts_ms: s.value for s in raw_samples(db, "s/m/voltage", HOUR0, HOUR0 + 700_000)}
        assert voltage[HOUR0 + 600_007] == 999.0 and voltage[HOUR0 + 600_500] == 998.0
        assert len(voltage) == 701
        energy_values = [s.value for s in raw_samples(db, "s/m/energy", HOUR0 + 1_799_000, HOUR0 + 1_802_000)]
        assert energy_values == [899.5, 0.0, 900.5]
        expected = oracle_rollups(db)
        assert all(same_rows(stored_rollups(db)[level], expected[level]) for level in expected)

    check()
    # A sample between two sealed ones replaces nothing: it folds into the rollups directly.
    assert ingest_batches(db, [[Sample(1, HOUR0 + 700_500, 997.0, 0)]]).recomputed_points == 0
    check()
    assert rows_left(db) == 3600 * 2 + 4
    seal_completed_hours(db, HOUR0 + 2 * BLOCK_MS)
    assert rows_left(db) == 3600 * 2
    assert (1, HOUR0, 3602) in blocks(db)
    check()


def test_latest_and_export_read_blocks_when_no_row_is_left(tmp_path: Path, databases: Databases) -> None:
    db = databases.new()
    db.ensure_points(POINTS)
    ingest_batches(db, [history(2)])
    newest = latest(db)
    seal_completed_hours(db, HOUR0 + 3 * BLOCK_MS)
    assert rows_left(db) == 0
    assert latest(db) == newest
    assert newest["s/m/voltage"].ts_ms == HOUR0 + 2 * BLOCK_MS - 1000 + 7
    with (tmp_path / "out.csv").open("w", newline="") as handle:
        assert export_csv(db, "s/m/voltage", HOUR0, HOUR0 + 2 * BLOCK_MS, handle, ts_format=str) == 7200
    bad = [s for s in raw_samples(db, "s/m/voltage", 0, 2**62) if s.value is None]
    assert bad and all(s.quality == 2 for s in bad)


def test_raw_retention_drops_whole_sealed_hours(databases: Databases) -> None:
    db = databases.new()
    db.ensure_points(POINTS)
    ingest_batches(db, [history(4)])
    seal_completed_hours(db, HOUR0 + 4 * BLOCK_MS)
    set_policy(db, "raw", 1)
    now = HOUR0 + DAY_MS + 2 * BLOCK_MS  # hours 0 and 1 are entirely older than a day

    run = apply_retention(db, now, chunk_rows=3600)

    assert run.deleted["raw"] == 2 * 2 * 3600
    assert blocks(db) == [(p, HOUR0 + h * BLOCK_MS, 3600) for p in (1, 2) for h in (2, 3)]
    assert raw_samples(db, "s/m/voltage", 0, 2**62)[0].ts_ms == HOUR0 + 2 * BLOCK_MS + 7


def test_a_damaged_block_is_reported_with_its_point_and_hour(databases: Databases) -> None:
    db = databases.new()
    db.ensure_points(POINTS)
    ingest_batches(db, [history(1)])
    seal_completed_hours(db, HOUR0 + BLOCK_MS)
    with db.engine.begin() as conn:
        conn.exec_driver_sql(
            db.sql("UPDATE sample_blocks SET data = ? WHERE point_id = 1"), (b"\x01garbage",)
        )
    with pytest.raises(StorageError, match=r"point 1, hour 2023-11-14 23:00Z: damaged sealed block"):
        raw_samples(db, "s/m/voltage", 0, 2**62)
    assert len(raw_samples(db, "s/m/energy", 0, 2**62)) == 3600  # the other point still reads


def test_the_writer_seals_hours_its_data_has_moved_past(tmp_path: Path) -> None:
    db = open_database(tmp_path / "w.db", tmp_path / "w.key", create=True)
    try:
        db.ensure_points(POINTS)
        writer = SampleWriter(db, seal_grace_ms=600_000)
        samples = history(3, step_ms=2000)
        writer.submit(SampleBatch("s/m", samples))
        writer.start()
        assert writer.sealer is not None
        wait_until(lambda: writer.sealer is not None and writer.sealer.blocks_written == 4, timeout=30)
        writer.stop()
        # Data ends at 03:00 minus 2 s, so hours ending by 02:50 are sealed: the first two.
        assert blocks(db) == [(p, HOUR0 + h * BLOCK_MS, 1800) for p in (1, 2) for h in (0, 1)]
        assert rows_left(db) == 2 * 1800
        stored = raw_samples(db, "s/m/voltage", 0, 2**62)
        assert [(s.ts_ms, s.value, s.quality) for s in stored] == [
            (s.ts_ms, s.value, s.quality) for s in samples if s.point_id == 1
        ]
        expected = oracle_rollups(db)
        assert all(same_rows(stored_rollups(db)[level], expected[level]) for level in expected)
    finally:
        db.close()


def test_a_sealed_database_gives_its_free_pages_back(tmp_path: Path) -> None:
    db = open_database(tmp_path / "s.db", tmp_path / "s.key", create=True)
    db.ensure_points(POINTS)
    ingest_batches(db, [history(6)])
    db.close()
    as_rows = (tmp_path / "s.db").stat().st_size
    db = open_database(tmp_path / "s.db", tmp_path / "s.key")
    seal_completed_hours(db, HOUR0 + 6 * BLOCK_MS)
    db.close()
    assert (tmp_path / "s.db").stat().st_size < as_rows / 2


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.integers(0, 2**32 - 1), unique=True, max_size=300),
    st.data(),
)
def test_a_block_gives_back_the_exact_bits(offsets: list[int], data: st.DataObject) -> None:
    offsets.sort()
    count = len(offsets)
    values = data.draw(
        st.lists(st.floats(allow_nan=True, allow_infinity=True), min_size=count, max_size=count)
    )
    qualities = data.draw(st.lists(st.integers(-(2**15), 2**15 - 1), min_size=count, max_size=count))
    start = 1_700_000_000_000
    columns = SampleColumns(
        np.array(offsets, dtype=np.int64) + start,
        np.array(values, dtype=np.float64),
        np.array(qualities, dtype=np.int16),
    )
    back = decode(encode(columns, start), start, count)
    assert back.ts.tolist() == columns.ts.tolist()
    assert back.value.view(np.uint64).tolist() == columns.value.view(np.uint64).tolist()
    assert back.quality.tolist() == qualities


def test_a_metered_hour_packs_into_a_few_bytes_a_sample() -> None:
    """An hour of one-second readings from a 32-bit float register, with noise, 2 % missing."""
    rng = np.random.default_rng(7)
    values = np.float32(230 + np.cumsum(rng.normal(0, 0.05, 3600))).astype(np.float64)
    quality = np.where(rng.random(3600) < 0.02, 2, 0).astype(np.int16)
    values[quality != 0] = np.nan
    ts = HOUR0 + np.arange(3600, dtype=np.int64) * 1000 + rng.integers(0, 30, 3600)
    assert len(encode(SampleColumns(ts, values, quality), HOUR0)) / 3600 < 4.0


def test_unknown_or_damaged_blocks_are_refused() -> None:
    good = encode(SampleColumns(np.array([HOUR0]), np.array([1.0]), np.array([0], dtype=np.int16)), HOUR0)
    with pytest.raises(BlockFormatError, match="unknown sealed block format 02"):
        decode(b"\x02" + good[1:], HOUR0, 1)
    with pytest.raises(BlockFormatError, match="holds 14 bytes, not 28"):
        decode(good, HOUR0, 2)
    with pytest.raises(BlockFormatError, match="damaged"):
        decode(good[:-3], HOUR0, 1)
    assert decode(good, HOUR0, 1).value.tolist() == [1.0]


def test_a_read_that_meets_a_seal_halfway_still_sees_every_sample(databases: Databases) -> None:
    """The writer may seal an hour between a reader's two statements (rows, then blocks)."""
    db = databases.new()
    db.ensure_points(POINTS)
    ingest_batches(db, [history(2)])
    sealed: list[int] = []
    with db.engine.connect() as conn:

        def fetch(statement: str, params: Sequence[Any]) -> Sequence[Sequence[Any]]:
            rows = conn.exec_driver_sql(db.sql(statement), tuple(params)).all()
            if not sealed:
                sealed.append(seal_completed_hours(db, HOUR0 + 2 * BLOCK_MS))
            return rows

        columns = read_columns(fetch, db.where, 1, 0, 2**62)
    assert sealed == [2 * 7200] and rows_left(db) == 0
    assert len(columns) == 7200


def test_a_point_that_cannot_be_sealed_does_not_hold_up_the_others(
    databases: Databases, caplog: pytest.LogCaptureFixture
) -> None:
    db = databases.new()
    db.ensure_points(POINTS)
    ingest_batches(db, [history(1)])
    seal_completed_hours(db, HOUR0 + BLOCK_MS)
    with db.engine.begin() as conn:  # a damaged block, a late row beside each block, then newer data
        conn.exec_driver_sql(db.sql("UPDATE sample_blocks SET data = ? WHERE point_id = 1"), (b"\x01bad",))
        conn.exec_driver_sql(
            db.sql("INSERT INTO samples VALUES (?, ?, ?, ?)"),
            [(p, t, 5.0, 0) for p in (1, 2) for t in (HOUR0 + 1, HOUR0 + 3 * BLOCK_MS)],
        )
    told: list[tuple[int, int]] = []
    sealer = Sealer(
        db, lambda: {1, 2}, lambda p, until: told.append((p, until)), clock=lambda: HOUR0 + 9 * BLOCK_MS
    )
    connection = db.engine.raw_connection()
    try:
        assert sealer.work(connection, 5.0) is False
    finally:
        connection.close()
    assert told == [(2, HOUR0 + BLOCK_MS)]
    assert blocks(db)[1] == (2, HOUR0, 3601) and rows_left(db) == 3
    assert "cannot seal point 1" in caplog.text and "damaged sealed block" in caplog.text


step = st.one_of(
    st.tuples(
        st.just("batch"),
        st.lists(
            st.tuples(
                st.sampled_from([1, 2]),
                st.integers(0, 4 * 4 - 1),  # quarter hours over four hours: repeats are common
                st.one_of(st.none(), st.sampled_from([0.0, 1.0, 2.5, 10.0, 11.0, 50.0])),
            ),
            min_size=1,
            max_size=8,
        ),
    ),
    st.tuples(st.just("seal"), st.sampled_from([1, 2]), st.integers(0, 3)),
    st.tuples(st.just("restart")),
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(step, min_size=1, max_size=10))
def test_sealing_between_any_batches_keeps_samples_and_rollups(
    databases: Databases, steps: list[Any]
) -> None:
    """Batches with repeats and late samples, hours sealed in between, and writer restarts."""
    db = databases.new()
    db.ensure_points(POINTS)
    ingest = BatchIngest(db.sql, db.where)
    model: dict[tuple[int, int], float | None] = {}
    connection = db.engine.raw_connection()
    try:
        for kind, *args in steps:
            cursor = connection.cursor()
            if kind == "batch":
                batch = {(p, HOUR0 + slot * 900_000 + 7): v for p, slot, v in args[0]}
                ingest.write(
                    cursor, [Sample(p, t, v, 0 if v is not None else 2) for (p, t), v in batch.items()]
                )
                model.update(batch)
            elif kind == "seal":
                point_id, hour = args
                seal_hour(cursor, db.sql, db.where, point_id, HOUR0 + hour * BLOCK_MS)
                ingest.sealed(point_id, HOUR0 + (hour + 1) * BLOCK_MS)
            else:
                ingest = BatchIngest(db.sql, db.where)
            connection.commit()
            ingest.committed()
    finally:
        connection.close()
    stored = {
        (p, s.ts_ms): s.value
        for p, (path, _) in enumerate(POINTS, 1)
        for s in raw_samples(db, path, 0, 2**62)
    }
    assert stored == model
    expected = oracle_rollups(db)
    assert all(same_rows(stored_rollups(db)[level], expected[level]) for level in expected)
