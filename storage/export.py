"""History leaving the site: CSV or Parquet, unencrypted by design.

Written in chunks, so a year of one-second data never sits in memory at once.
"""

from __future__ import annotations

import csv
import heapq
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from sqlalchemy import select, text

from storage.database import Database
from storage.errors import UnknownPointError
from storage.queries import StoredSample, iter_samples
from storage.rollups import RESOLUTIONS, Resolution
from storage.schema import points

if TYPE_CHECKING:
    import pyarrow as pa

CHUNK = 100_000


def export_csv(
    db: Database, path: str, from_ms: int, to_ms: int, out: TextIO, *, ts_format: Callable[[int], str]
) -> int:
    """Write ``ts,value,quality`` rows; returns how many."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["ts", "value", "quality"])
    count = 0
    for sample in iter_samples(db, path, from_ms, to_ms):
        writer.writerow(
            [ts_format(sample.ts_ms), "" if sample.value is None else repr(sample.value), sample.quality]
        )
        count += 1
    return count


def export_parquet(db: Database, path: str, from_ms: int, to_ms: int, target: Path) -> int:
    """Write a Parquet file with columns ts_ms (UTC ms), value (null when unreadable), quality.

    pyarrow is imported here: it takes a quarter of a second to load, which every other
    command would otherwise pay.
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = pa.schema([("ts_ms", pa.int64()), ("value", pa.float64()), ("quality", pa.int16())])
    count = 0
    chunk: list[StoredSample] = []
    with pq.ParquetWriter(target, schema) as writer:
        for sample in iter_samples(db, path, from_ms, to_ms):
            chunk.append(sample)
            if len(chunk) == CHUNK:
                writer.write_table(_table(pa, schema, chunk))
                count += len(chunk)
                chunk = []
        writer.write_table(_table(pa, schema, chunk))
    return count + len(chunk)


def _table(pa: object, schema: pa.Schema, samples: list[StoredSample]) -> pa.Table:
    return pa.table(  # type: ignore[attr-defined, no-any-return]
        {
            "ts_ms": [s.ts_ms for s in samples],
            "value": [s.value for s in samples],
            "quality": [s.quality for s in samples],
        },
        schema=schema,
    )


def export_table_csv(
    db: Database,
    paths: list[str],
    from_ms: int,
    to_ms: int,
    out: TextIO,
    *,
    resolution: str,
    ts_format: Callable[[int], str],
) -> int:
    """Several points in one CSV, in time order: raw samples or rollup buckets; returns the rows.

    Raw: ``ts,point,value,quality``. Rollups (``1m``, ``1h``, ``1d``): ``ts,point,count,bad,min,
    max,mean,counted`` per bucket, ``counted`` being what an energy counter counted in it.
    """
    writer = csv.writer(out, lineterminator="\n")
    if resolution == "raw":
        writer.writerow(["ts", "point", "value", "quality"])
        streams = [_labelled(path, iter_samples(db, path, from_ms, to_ms)) for path in paths]
        count = 0
        for ts, path, sample in heapq.merge(*streams, key=lambda row: row[0]):
            value = "" if sample.value is None else repr(sample.value)
            writer.writerow([ts_format(ts), path, value, sample.quality])
            count += 1
        return count
    table = next((r for r in RESOLUTIONS if r.name == resolution), None)
    if table is None:
        raise ValueError(f"no resolution {resolution!r} (raw, {', '.join(r.name for r in RESOLUTIONS)})")
    writer.writerow(["ts", "point", "count", "bad", "min", "max", "mean", "counted"])
    rows = heapq.merge(*(_buckets(db, path, table, from_ms, to_ms) for path in paths), key=lambda r: r[0])
    count = 0
    for ts, path, good, bad, low, high, total, delta in rows:
        mean = total / good if good else None
        writer.writerow(
            [
                ts_format(ts),
                path,
                good,
                bad,
                *("" if v is None else repr(v) for v in (low, high, mean, delta)),
            ]
        )
        count += 1
    return count


def _labelled(path: str, samples: Iterator[StoredSample]) -> Iterator[tuple[int, str, StoredSample]]:
    for sample in samples:
        yield sample.ts_ms, path, sample


def _buckets(db: Database, path: str, table: Resolution, from_ms: int, to_ms: int) -> Iterator[tuple]:  # type: ignore[type-arg]
    with db.engine.connect() as conn:
        point = conn.execute(select(points.c.id, points.c.counter).where(points.c.path == path)).first()
        if point is None:
            raise UnknownPointError(db.where, f"no history for point {path!r}")
        result = conn.execution_options(stream_results=True).execute(
            text(
                f"SELECT bucket_ms, n_good, n_bad, v_min, v_max, v_sum, delta FROM {table.table}"
                " WHERE point_id = :point AND bucket_ms >= :lo AND bucket_ms < :hi ORDER BY bucket_ms"
            ),
            {"point": point.id, "lo": from_ms // table.width_ms * table.width_ms, "hi": to_ms},
        )
        for bucket, good, bad, low, high, total, delta in result:
            yield bucket, path, good, bad, low, high, total, delta if point.counter else None
