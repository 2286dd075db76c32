"""Reading history back: the only place besides the writer that speaks SQL."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from storage.database import Database
from storage.errors import StorageError
from storage.schema import points, samples


@dataclass(frozen=True, slots=True)
class StoredSample:
    ts_ms: int
    value: float | None
    quality: int


def raw_samples(db: Database, path: str, from_ms: int, to_ms: int) -> list[StoredSample]:
    """Every stored sample of ``path`` with ``from_ms <= ts < to_ms``, oldest first."""
    with db.engine.connect() as conn:
        point_id = conn.execute(select(points.c.id).where(points.c.path == path)).scalar()
        if point_id is None:
            raise StorageError(str(db.path), f"no history for point {path!r}")
        rows = conn.execute(
            select(samples.c.ts_ms, samples.c.value, samples.c.quality)
            .where(samples.c.point_id == point_id, samples.c.ts_ms >= from_ms, samples.c.ts_ms < to_ms)
            .order_by(samples.c.ts_ms)
        )
        return [StoredSample(r.ts_ms, r.value, r.quality) for r in rows]
