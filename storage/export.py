"""Samples of one point leaving the site: CSV or Parquet, unencrypted by design.

Written in chunks, so a year of one-second data never sits in memory at once.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from storage.database import Database
from storage.queries import StoredSample, iter_samples

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
