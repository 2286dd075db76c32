"""Tables of the historian, written once for SQLCipher and PostgreSQL alike.

Samples are keyed by (point id, timestamp) in a table without rowid, so the primary
key is the only index and a range scan of one point reads contiguous pages.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, Column, Float, Integer, MetaData, SmallInteger, String, Table

metadata = MetaData()

points = Table(
    "points",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("path", String(200), nullable=False, unique=True),
    Column("unit", String(20), nullable=False, server_default=""),
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
