"""Tables of the historian, written once for SQLCipher and PostgreSQL alike.

Samples are keyed by (point id, timestamp) in a table without rowid, so the primary
key is the only index and a range scan of one point reads contiguous pages.

Each rollup table holds one row per point and bucket (1 minute, 1 hour, 1 day, UTC):
``n_good`` samples with a usable value and ``n_bad`` without one; ``v_min``, ``v_max``,
``v_sum`` (the mean is ``v_sum / n_good``), the first and last good value with their
times, and for energy counters ``delta``, the energy counted in the bucket (NULL for
other points). Storing the sum rather than the mean keeps every column mergeable, which
is what lets the writer fold new samples into a bucket without reading it first.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Float,
    Integer,
    LargeBinary,
    MetaData,
    SmallInteger,
    String,
    Table,
)

metadata = MetaData()

points = Table(
    "points",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("path", String(200), nullable=False, unique=True),
    Column("unit", String(20), nullable=False, server_default=""),
    Column("counter", Boolean, nullable=False, server_default="0"),
)

samples = Table(
    "samples",
    metadata,
    Column("point_id", Integer, primary_key=True, autoincrement=False),
    Column("ts_ms", BigInteger, primary_key=True, autoincrement=False),
    Column("value", Float, nullable=True),
    Column("quality", SmallInteger, nullable=False),
    sqlite_with_rowid=False,
)

#: Sealed blocks: one point's samples of one UTC hour packed together (``storage.sample_codec``).
#: ``start_ms`` is the hour, ``end_ms`` the time of its newest sample, ``n`` how many it holds.
#: A rowid table, as SQLite advises for rows this large; the key is its one index.
sample_blocks = Table(
    "sample_blocks",
    metadata,
    Column("point_id", Integer, primary_key=True, autoincrement=False),
    Column("start_ms", BigInteger, primary_key=True, autoincrement=False),
    Column("end_ms", BigInteger, nullable=False),
    Column("n", Integer, nullable=False),
    Column("data", LargeBinary, nullable=False),
)


def _rollup_table(name: str) -> Table:
    return Table(
        name,
        metadata,
        Column("point_id", Integer, primary_key=True, autoincrement=False),
        Column("bucket_ms", BigInteger, primary_key=True, autoincrement=False),
        Column("n_good", Integer, nullable=False),
        Column("n_bad", Integer, nullable=False),
        Column("v_min", Float),
        Column("v_max", Float),
        Column("v_sum", Float, nullable=False),
        Column("first_ts", BigInteger),
        Column("v_first", Float),
        Column("last_ts", BigInteger),
        Column("v_last", Float),
        Column("delta", Float),
        sqlite_with_rowid=False,
    )


rollup_1m = _rollup_table("rollup_1m")
#: EN 50160's aggregation interval, for reports: written by the sealer from the minute rollups of
#: each hour it seals (its first and last values are left empty), never by the writer.
rollup_10m = _rollup_table("rollup_10m")
rollup_1h = _rollup_table("rollup_1h")
rollup_1d = _rollup_table("rollup_1d")

retention = Table(
    "retention",
    metadata,
    Column("resolution", String(8), primary_key=True),
    Column("keep_days", Integer, nullable=True),
)

#: Units whose points are cumulative counters: their rollups carry the counted delta.
COUNTER_UNITS = frozenset({"wh", "kwh", "mwh", "gwh", "varh", "kvarh", "mvarh", "vah", "kvah", "mvah"})


def is_counter_unit(unit: str) -> bool:
    return unit.strip().lower() in COUNTER_UNITS
