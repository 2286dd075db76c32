"""Samples leaving the site: allowed to those who may export, for points on their sites, and audited.

Every export is recorded with the point, the time range, the format, the number of
samples and where they went, so "who took what off site" has an answer.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from app.accounts.actors import Actor, Right
from app.accounts.guard import require, require_path
from app.audit.actions import Action
from app.audit.trail import AuditTrail
from app.timefmt import iso_utc
from storage.export import export_csv, export_parquet, export_table_csv


def export_point(
    trail: AuditTrail,
    actor: Actor,
    point: str,
    start_ms: int,
    end_ms: int,
    *,
    parquet: Path | None = None,
    csv_out: TextIO | None = None,
    output_name: str = "stdout",
    ts_format: Callable[[int], str] = iso_utc,
) -> int:
    """Write one point's samples as Parquet to ``parquet`` or as CSV to ``csv_out``; how many."""
    require(trail, actor, Right.EXPORT_DATA, point)
    require_path(trail, actor, point)
    if parquet is not None:
        count = export_parquet(trail.db, point, start_ms, end_ms, parquet)
        fmt, output_name = "parquet", str(parquet)
    elif csv_out is not None:
        count = export_csv(trail.db, point, start_ms, end_ms, csv_out, ts_format=ts_format)
        fmt = "csv"
    else:
        raise ValueError("export_point needs a Parquet file or a CSV stream")
    trail.record(
        actor,
        Action.DATA_EXPORTED,
        point,
        details={
            "from": iso_utc(start_ms),
            "to": iso_utc(end_ms),
            "format": fmt,
            "samples": count,
            "output": output_name,
        },
    )
    return count


def export_points(
    trail: AuditTrail,
    actor: Actor,
    points: list[str],
    start_ms: int,
    end_ms: int,
    *,
    out: TextIO,
    resolution: str,
    ts_format: Callable[[int], str] = iso_utc,
    output_name: str = "stdout",
) -> int:
    """Several points as one CSV, raw or as rollups; every point checked, one record of the whole."""
    require(trail, actor, Right.EXPORT_DATA, ",".join(points))
    for point in points:
        require_path(trail, actor, point)
    count = export_table_csv(
        trail.db, points, start_ms, end_ms, out, resolution=resolution, ts_format=ts_format
    )
    trail.record(
        actor,
        Action.DATA_EXPORTED,
        ",".join(points),
        details={
            "from": iso_utc(start_ms),
            "to": iso_utc(end_ms),
            "format": "csv",
            "resolution": resolution,
            "rows": count,
            "output": output_name,
        },
    )
    return count
