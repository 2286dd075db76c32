"""One point's raw samples as one series, whether they are rows or sealed blocks.

Recent samples are rows of ``samples``; completed hours are packed into ``sample_blocks``
(``storage.sealing``). A sample that arrived after its hour was sealed is a row beside the
block until the hour is sealed again, and it wins over the block's sample at the same time.
Every reader of raw samples — queries, exports, the writer's recomputation of rollups —
goes through :func:`read_columns`, so none of them needs to know which form a sample is in.

The functions take a ``Fetch``: a callable running one ``?``-placeholder statement and
returning its rows, so they serve SQLAlchemy connections and the writer's raw DBAPI
cursor alike.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Any

from storage.errors import StorageError
from storage.sample_codec import BlockFormatError, SampleColumns, decode, merge

#: The span of one sealed block: one UTC hour.
BLOCK_MS = 3_600_000

Fetch = Callable[[str, Sequence[Any]], Sequence[Sequence[Any]]]

ROWS_IN = (
    "SELECT ts_ms, value, quality FROM samples WHERE point_id = ? AND ts_ms >= ? AND ts_ms < ? ORDER BY ts_ms"
)
BLOCKS_IN = (
    "SELECT start_ms, n, data FROM sample_blocks WHERE point_id = ? AND start_ms > ? AND start_ms < ? "
    "AND end_ms >= ? ORDER BY start_ms"
)
BLOCK_AT = "SELECT n, data FROM sample_blocks WHERE point_id = ? AND start_ms = ?"
FIRST_ROW_FROM = "SELECT ts_ms FROM samples WHERE point_id = ? AND ts_ms >= ? ORDER BY ts_ms LIMIT 1"
FIRST_BLOCK_FROM = (
    "SELECT start_ms FROM sample_blocks WHERE point_id = ? AND start_ms > ? AND end_ms >= ? "
    "ORDER BY start_ms LIMIT 1"
)
NEWEST_ROW = "SELECT ts_ms, value, quality FROM samples WHERE point_id = ? ORDER BY ts_ms DESC LIMIT 1"
NEWEST_BLOCK = (
    "SELECT start_ms, end_ms, n, data FROM sample_blocks WHERE point_id = ? ORDER BY start_ms DESC LIMIT 1"
)


def hour_of(ts_ms: int) -> int:
    """The start of the sealed block that holds time ``ts_ms``."""
    return ts_ms // BLOCK_MS * BLOCK_MS


def decode_block(where: str, point_id: int, start_ms: int, count: int, data: bytes) -> SampleColumns:
    """A block's samples, or a :class:`StorageError` that says which block is damaged."""
    try:
        return decode(data, start_ms, count)
    except BlockFormatError as exc:
        hour = datetime.fromtimestamp(start_ms / 1000, UTC).strftime("%Y-%m-%d %H:00Z")
        raise StorageError(where, f"point {point_id}, hour {hour}: {exc}") from None


def read_columns(fetch: Fetch, where: str, point_id: int, from_ms: int, to_ms: int) -> SampleColumns:
    """Every sample of ``point_id`` with ``from_ms <= ts < to_ms``, oldest first.

    Rows are read before blocks: the two reads are separate statements, and the writer may
    seal an hour between them. Read in this order, the hour's samples are then seen twice
    (as rows and in the block, the same values) rather than not at all.
    """
    rows = SampleColumns.from_rows([tuple(r) for r in fetch(ROWS_IN, (point_id, from_ms, to_ms))])
    blocks = [
        decode_block(where, point_id, start, count, data).between(from_ms, to_ms)
        for start, count, data in fetch(BLOCKS_IN, (point_id, from_ms - BLOCK_MS, to_ms, from_ms))
    ]
    return merge(blocks, rows)


def first_time_from(fetch: Fetch, point_id: int, from_ms: int) -> int | None:
    """A time at or before the first sample at or after ``from_ms`` (and not before it); None if none."""
    row = fetch(FIRST_ROW_FROM, (point_id, from_ms))
    block = fetch(FIRST_BLOCK_FROM, (point_id, from_ms - BLOCK_MS, from_ms))
    times = [r[0][0] for r in (row, block) if r]
    return max(min(times), from_ms) if times else None


def newest(fetch: Fetch, where: str, point_id: int) -> tuple[int, float | None, int] | None:
    """The newest sample of ``point_id`` as (ts_ms, value, quality); None if it has none."""
    row = fetch(NEWEST_ROW, (point_id,))
    block = fetch(NEWEST_BLOCK, (point_id,))
    if block and (not row or block[0][1] > row[0][0]):
        start, _end, count, data = block[0]
        columns = decode_block(where, point_id, start, count, data)
        value = float(columns.value[-1])
        return int(columns.ts[-1]), None if math.isnan(value) else value, int(columns.quality[-1])
    return (row[0][0], row[0][1], row[0][2]) if row else None


def cursor_fetch(cursor: Any, sql: Callable[[str], str]) -> Fetch:
    """A ``Fetch`` on a DBAPI cursor; ``sql`` turns ``?`` placeholders into the driver's style."""

    def fetch(statement: str, params: Sequence[Any]) -> Sequence[Sequence[Any]]:
        cursor.execute(sql(statement), params)
        return cursor.fetchall()

    return fetch
