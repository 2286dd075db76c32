"""History folded into fixed steps for reports: quarter-hours of energy, hours of power.

Reports need a month of several meters in a few seconds, so they never read samples:
the minute rollups are grouped into steps (a quarter-hour for demand, an hour for power
and power factor) by the database itself. Every step of the period is returned, those
without a reading included, so a report can say what is missing instead of reading a
gap as zero. Steps are aligned to the period's start, which a caller puts on a clock
quarter-hour: quarter-hours are the same instants in UTC and in every zone in use.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from sqlalchemy import Connection, bindparam, select, text
from sqlalchemy.exc import SQLAlchemyError

from storage.alarm_journal import alarm_events, alarms
from storage.database import Database
from storage.errors import StorageError, UnknownPointError
from storage.rollups import HOUR, MINUTE, TEN_MINUTES, Resolution
from storage.schema import points


@dataclass(frozen=True)
class Steps:
    """One point over [start, start + len × step): per step, what its minute rollups hold.

    ``delta`` is what a counter counted in the step (0 for other points), NaN where no good
    reading came; ``first_ts`` and ``last_ts`` are the step's first and last good readings
    (-1 where none). Across a gap a counter's whole increase lands where reading resumes, so
    ``first_ts`` against the previous step's ``last_ts`` tells which steps carry a gap.
    """

    path: str
    unit: str
    start_ms: int
    step_ms: int
    n_good: np.ndarray
    v_sum: np.ndarray
    v_min: np.ndarray
    v_max: np.ndarray
    delta: np.ndarray
    first_ts: np.ndarray
    last_ts: np.ndarray

    def __len__(self) -> int:
        return len(self.n_good)

    @property
    def mean(self) -> np.ndarray:
        """The mean of the good readings in each step, NaN where there were none."""
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.where(self.n_good > 0, self.v_sum / np.maximum(self.n_good, 1), np.nan)

    def starts(self) -> np.ndarray:
        return self.start_ms + self.step_ms * np.arange(len(self), dtype=np.int64)


def steps(
    db: Database, path: str, from_ms: int, to_ms: int, step_ms: int, *, resolution: Resolution = MINUTE
) -> Steps:
    """Point ``path``'s rollups at ``resolution`` in [from, to) grouped into steps of ``step_ms``.

    Hourly rollups serve steps of whole hours on UTC hours: a month of them is a few hundred
    rows where the minute rollups are tens of thousands.
    """
    width = resolution.width_ms
    if step_ms <= 0 or step_ms % width or (to_ms - from_ms) % step_ms or from_ms % width:
        raise ValueError(f"steps of {step_ms} ms from {from_ms} are not whole {resolution.name} rollups")
    count = (to_ms - from_ms) // step_ms
    with db.engine.connect() as conn:
        row = conn.execute(select(points.c.id, points.c.unit).where(points.c.path == path)).first()
        if row is None:
            raise UnknownPointError(db.where, f"no history for point {path!r}")
        try:
            grouped = conn.execute(
                text(
                    "SELECT (bucket_ms - :lo) / :step AS k, SUM(n_good), SUM(v_sum), MIN(v_min), MAX(v_max),"
                    " SUM(delta), MIN(first_ts), MAX(last_ts)"
                    f" FROM {resolution.table}"
                    " WHERE point_id = :point AND bucket_ms >= :lo AND bucket_ms < :hi"
                    " GROUP BY k"
                ),
                {"point": row.id, "lo": from_ms, "hi": to_ms, "step": step_ms},
            ).all()
        except SQLAlchemyError as exc:
            raise StorageError(db.where, f"cannot read the minute rollups of {path!r}: {exc}") from exc
    n_good = np.zeros(count, dtype=np.int64)
    v_sum = np.zeros(count)
    v_min, v_max, delta = (np.full(count, np.nan) for _ in range(3))
    first_ts, last_ts = np.full(count, -1, dtype=np.int64), np.full(count, -1, dtype=np.int64)
    for k, good, total, low, high, counted, first, last in grouped:
        n_good[k], v_sum[k] = good, total
        if good:
            v_min[k], v_max[k], delta[k] = low, high, counted or 0.0
            first_ts[k], last_ts[k] = first, last
    return Steps(path, row.unit, from_ms, step_ms, n_good, v_sum, v_min, v_max, delta, first_ts, last_ts)


def counted(db: Database, path: str, from_ms: int, to_ms: int) -> tuple[float | None, str]:
    """What counter ``path`` counted in [from, to) and its unit; None when it gave no good reading.

    Hourly rollups serve a period on whole hours (they outlive the minute ones under the
    usual retention, so a year-ago comparison still has them), minute rollups any other.
    """
    table = _table_for(from_ms, to_ms).table
    with db.engine.connect() as conn:
        row = conn.execute(select(points.c.id, points.c.unit).where(points.c.path == path)).first()
        if row is None:
            raise UnknownPointError(db.where, f"no history for point {path!r}")
        good, total = conn.execute(
            text(
                f"SELECT SUM(n_good), SUM(delta) FROM {table}"
                " WHERE point_id = :point AND bucket_ms >= :lo AND bucket_ms < :hi"
            ),
            {"point": row.id, "lo": from_ms, "hi": to_ms},
        ).one()
    return (float(total or 0.0) if good else None), row.unit


def _table_for(from_ms: int, to_ms: int) -> Resolution:
    """Hourly rollups for a period on whole hours (they outlive the minute ones), else minute ones."""
    return HOUR if from_ms % HOUR.width_ms == 0 and to_ms % HOUR.width_ms == 0 else MINUTE


def _ids_of(conn: Connection, paths: list[str]) -> dict[int, str]:
    """The id of each of ``paths`` the historian knows, to its path."""
    return {
        r.id: r.path for r in conn.execute(select(points.c.id, points.c.path).where(points.c.path.in_(paths)))
    }


def point_counts(db: Database, paths: list[str], from_ms: int, to_ms: int) -> dict[str, tuple[int, int]]:
    """Good and bad readings of each point in [from, to); points never recorded are left out."""
    table = _table_for(from_ms, to_ms)
    with db.engine.connect() as conn:
        ids = _ids_of(conn, paths)
        if not ids:
            return {}
        rows = conn.execute(
            text(
                f"SELECT point_id, SUM(n_good), SUM(n_bad) FROM {table.table}"
                " WHERE point_id IN :ids AND bucket_ms >= :lo AND bucket_ms < :hi GROUP BY point_id"
            ).bindparams(bindparam("ids", expanding=True)),
            {"ids": list(ids), "lo": from_ms, "hi": to_ms},
        ).all()
    return {ids[point]: (int(good), int(bad)) for point, good, bad in rows}


def rollup_lasts(
    db: Database, path: str, from_ms: int, to_ms: int, *, resolution: Resolution = MINUTE
) -> tuple[np.ndarray, np.ndarray] | None:
    """The buckets that have a good reading and the last good value in each, in time order;
    None if the point was never recorded."""
    with db.engine.connect() as conn:
        point_id = conn.execute(select(points.c.id).where(points.c.path == path)).scalar()
        if point_id is None:
            return None
        rows = conn.execute(
            text(
                f"SELECT bucket_ms, v_last FROM {resolution.table} WHERE point_id = :point"
                " AND bucket_ms >= :lo AND bucket_ms < :hi AND n_good > 0 ORDER BY bucket_ms"
            ),
            {"point": point_id, "lo": from_ms, "hi": to_ms},
        ).all()
    return np.array([r[0] for r in rows], dtype=np.int64), np.array([r[1] for r in rows], dtype=np.float64)


def running(db: Database, path: str, from_ms: int, to_ms: int, above: float) -> tuple[int, int] | None:
    """Minutes of [from, to) whose last good value of ``path`` was above ``above``, and how many
    times it rose above it from one read minute to the next; None if never recorded.

    Counted by the database over the minute rollups, so a month of a machine is two numbers,
    not 43,200 rows brought into Python.
    """
    with db.engine.connect() as conn:
        point_id = conn.execute(select(points.c.id).where(points.c.path == path)).scalar()
        if point_id is None:
            return None
        minutes, rises = conn.execute(
            text(
                "SELECT SUM(CASE WHEN is_on = 1 THEN 1 ELSE 0 END),"
                " SUM(CASE WHEN is_on = 1 AND was_on = 0 THEN 1 ELSE 0 END) FROM ("
                "SELECT is_on, LAG(is_on) OVER (ORDER BY bucket_ms) AS was_on FROM ("
                f"SELECT bucket_ms, CASE WHEN v_last > :above THEN 1 ELSE 0 END AS is_on FROM {MINUTE.table}"
                " WHERE point_id = :point AND bucket_ms >= :lo AND bucket_ms < :hi AND n_good > 0"
                ") AS flags) AS changes"
            ),
            {"point": point_id, "lo": from_ms, "hi": to_ms, "above": above},
        ).one()
    return int(minutes or 0), int(rises or 0)


def silences(
    db: Database, path: str, from_ms: int, to_ms: int, longer_than_ms: int, *, interval_ms: int | None = None
) -> list[tuple[int, int]]:
    """Each stretch of [from, to) longer than ``longer_than_ms`` without a good reading of ``path``.

    Built from spans known to hold no such silence: each read minute (a minute is shorter
    than any silence looked for) and, for a point read every ``interval_ms``, each whole hour
    with too many readings to hide one (a silence of L in an hour leaves at most
    (1 h − L) / interval + 1 readings). Only the hours that could hide a silence and the
    period's partial hours are read minute by minute; a month of a steady device is a few
    hundred rows.
    """
    with db.engine.connect() as conn:
        point_id = conn.execute(select(points.c.id).where(points.c.path == path)).scalar()
        if point_id is None:
            return [(from_ms, to_ms)]
        whole_lo = -(-from_ms // HOUR.width_ms) * HOUR.width_ms
        whole_hi = max(whole_lo, to_ms // HOUR.width_ms * HOUR.width_ms)
        if interval_ms is None:
            spans, by_minute = [], [(from_ms, to_ms)]
        else:
            spans, hours = _full_hours(conn, point_id, (whole_lo, whole_hi), longer_than_ms, interval_ms)
            by_minute = [(from_ms, whole_lo), (whole_hi, to_ms), *hours]
        for lo, hi in by_minute:
            if hi > lo:
                spans += conn.execute(
                    text(
                        f"SELECT first_ts, last_ts FROM {MINUTE.table} WHERE point_id = :point"
                        " AND bucket_ms >= :lo AND bucket_ms < :hi AND n_good > 0"
                    ),
                    {"point": point_id, "lo": lo, "hi": hi},
                ).all()
    return _gaps_between(sorted(spans), (from_ms, to_ms), longer_than_ms)


def _full_hours(
    conn: Connection, point_id: int, span: tuple[int, int], longer_than_ms: int, interval_ms: int
) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """The (first, last) reading of each hour too full to hide a silence, and the other hours
    read at all, consecutive ones merged so that each run is one query."""
    most = (HOUR.width_ms - longer_than_ms) // interval_ms + 1
    full: list[tuple[int, int]] = []
    others: list[tuple[int, int]] = []
    for hour, n_good, first, last in conn.execute(
        text(
            f"SELECT bucket_ms, n_good, first_ts, last_ts FROM {HOUR.table} WHERE point_id = :point"
            " AND bucket_ms >= :lo AND bucket_ms < :hi AND n_good > 0 ORDER BY bucket_ms"
        ),
        {"point": point_id, "lo": span[0], "hi": span[1]},
    ):
        if n_good > most:
            full.append((first, last))
        elif others and others[-1][1] == hour:
            others[-1] = (others[-1][0], hour + HOUR.width_ms)
        else:
            others.append((hour, hour + HOUR.width_ms))
    return full, others


def _gaps_between(
    spans: list[tuple[int, int]], period: tuple[int, int], longer_than_ms: int
) -> list[tuple[int, int]]:
    """The stretches of ``period`` longer than ``longer_than_ms`` that no span (sorted) covers."""
    from_ms, to_ms = period
    if not spans:
        return [(from_ms, to_ms)]
    found = [(from_ms, spans[0][0])] if spans[0][0] - from_ms > longer_than_ms else []
    reached = spans[0][1]
    for first, last in spans[1:]:
        if first - reached > longer_than_ms:
            found.append((reached, first))
        reached = max(reached, last)
    if to_ms - reached > longer_than_ms:
        found.append((reached, to_ms))
    return found


def minutes_with_bad(db: Database, paths: list[str], from_ms: int, to_ms: int) -> int:
    """How many minutes of [from, to) had a failed or bad reading on any of ``paths``.

    The hourly rollups say which hours had any; only their minutes are counted, so a month
    with a few bad hours reads a few hundred minute rows instead of every one.
    """
    with db.engine.connect() as conn:
        ids = list(conn.execute(select(points.c.id).where(points.c.path.in_(paths))).scalars())
        if not ids:
            return 0
        hours = conn.execute(
            text(
                f"SELECT DISTINCT bucket_ms FROM {HOUR.table} WHERE point_id IN :ids"
                " AND bucket_ms >= :lo AND bucket_ms < :hi AND n_bad > 0 ORDER BY bucket_ms"
            ).bindparams(bindparam("ids", expanding=True)),
            {"ids": ids, "lo": from_ms // HOUR.width_ms * HOUR.width_ms, "hi": to_ms},
        ).scalars()
        count = 0
        for hour in hours:
            count += conn.execute(
                text(
                    f"SELECT COUNT(DISTINCT bucket_ms) FROM {MINUTE.table} WHERE point_id IN :ids"
                    " AND bucket_ms >= :lo AND bucket_ms < :hi AND n_bad > 0"
                ).bindparams(bindparam("ids", expanding=True)),
                {"ids": ids, "lo": max(hour, from_ms), "hi": min(hour + HOUR.width_ms, to_ms)},
            ).scalar_one()
        return count


def step_means(
    db: Database, paths: list[str], from_ms: int, to_ms: int, step_ms: int
) -> dict[str, np.ndarray]:
    """The mean of the good readings of each point in each step of [from, to), NaN where none.

    Steps of whole 10 minutes read the sealer's 10-minute rollups up to each point's newest
    sealed hour and the minute rollups after it: a month of a meter's voltages is a few
    thousand rows, not a few hundred thousand.
    """
    if step_ms <= 0 or step_ms % MINUTE.width_ms or (to_ms - from_ms) % step_ms or from_ms % MINUTE.width_ms:
        raise ValueError(f"steps of {step_ms} ms from {from_ms} are not whole minutes")
    count = (to_ms - from_ms) // step_ms
    tens = step_ms % TEN_MINUTES.width_ms == 0 and from_ms % TEN_MINUTES.width_ms == 0
    with db.engine.connect() as conn:
        ids = _ids_of(conn, paths)
        if not ids:
            return {}
        sealed: dict[int, int] = {}
        if tens:
            sealed = {
                point_id: start + HOUR.width_ms
                for point_id, start in conn.execute(
                    text(
                        "SELECT point_id, MAX(start_ms) FROM sample_blocks WHERE point_id IN :ids"
                        " GROUP BY point_id"
                    ).bindparams(bindparam("ids", expanding=True)),
                    {"ids": list(ids)},
                )
            }
        totals, counts = np.zeros((len(ids), count)), np.zeros((len(ids), count))
        for row, point_id in enumerate(ids):
            split = min(
                max(sealed.get(point_id, from_ms) // TEN_MINUTES.width_ms * TEN_MINUTES.width_ms, from_ms),
                to_ms,
            )
            for table, lo, hi in ((TEN_MINUTES.table, from_ms, split), (MINUTE.table, split, to_ms)):
                if hi <= lo:
                    continue
                for k, total, good in conn.execute(
                    text(
                        "SELECT (bucket_ms - :origin) / :step AS k, SUM(v_sum), SUM(n_good)"
                        f" FROM {table} WHERE point_id = :point AND bucket_ms >= :lo AND bucket_ms < :hi"
                        " AND n_good > 0 GROUP BY k"
                    ),
                    {"origin": from_ms, "step": step_ms, "point": point_id, "lo": lo, "hi": hi},
                ):
                    totals[row, k] += total
                    counts[row, k] += good
    with np.errstate(invalid="ignore", divide="ignore"):
        means = np.where(counts > 0, totals / np.maximum(counts, 1), np.nan)
    return {path: means[row] for row, path in enumerate(ids.values())}


@dataclass(frozen=True)
class BandMinutes:
    """A point's minutes against value bands, settled where a minute's readings allow.

    A mean of readings lies between their lowest and highest, so a minute whose readings all
    lie inside a band (or all outside it) settles every window of it; ``windows`` counts at
    most ``per_minute`` windows for each such minute, ``inside`` those inside each band, and
    ``unsettled`` lists the minutes (their start) that straddle a band's edge.
    """

    windows: int
    inside: tuple[int, ...]
    unsettled: tuple[int, ...]
    lowest: float | None
    highest: float | None


def band_minutes(
    db: Database, path: str, span: tuple[int, int], bands: list[tuple[float, float]], per_minute: int
) -> BandMinutes | None:
    """``path``'s minutes in ``span`` (from, to) against ``bands``; None if never recorded."""
    lo, hi = span
    windows = f"(CASE WHEN n_good > {per_minute:d} THEN {per_minute:d} ELSE n_good END)"
    params: dict[str, float | int] = {"lo": lo, "hi": hi}
    settled, whole_in = [], []
    for b, (low, high) in enumerate(bands):
        params[f"low{b}"], params[f"high{b}"] = low, high
        whole_in.append(f"(v_min >= :low{b} AND v_max <= :high{b})")
        settled.append(f"({whole_in[-1]} OR v_max < :low{b} OR v_min > :high{b})")
    every = " AND ".join(settled)
    counts = ", ".join(
        f"SUM(CASE WHEN {every} AND {inside} THEN {windows} ELSE 0 END)" for inside in whole_in
    )
    where = (
        f"FROM {MINUTE.table} WHERE point_id = :point AND bucket_ms >= :lo AND bucket_ms < :hi AND n_good > 0"
    )
    with db.engine.connect() as conn:
        point_id = conn.execute(select(points.c.id).where(points.c.path == path)).scalar()
        if point_id is None:
            return None
        params["point"] = point_id
        total, lowest, highest, *counted = conn.execute(
            text(
                f"SELECT SUM(CASE WHEN {every} THEN {windows} ELSE 0 END), MIN(v_min), MAX(v_max),"
                f" {counts} {where}"
            ),
            params,
        ).one()
        unsettled = conn.execute(
            text(f"SELECT bucket_ms {where} AND NOT ({every}) ORDER BY bucket_ms"), params
        )
        return BandMinutes(
            int(total or 0),
            tuple(int(c or 0) for c in counted),
            tuple(unsettled.scalars()),
            lowest,
            highest,
        )


@dataclass(frozen=True, slots=True)
class AlarmEvent:
    key: str
    point: str
    priority: str
    ts_ms: int
    event: str
    state_after: str
    kind: str
    message: str
    value: float | None


def alarm_history(db: Database, paths: set[str], to_ms: int) -> list[AlarmEvent]:
    """Every journal entry before ``to_ms`` of the alarms on ``paths``, per alarm in time order."""
    with db.engine.connect() as conn:
        rows = conn.execute(
            select(
                alarms.c.key,
                alarms.c.point,
                alarms.c.priority,
                alarm_events.c.ts_ms,
                alarm_events.c.event,
                alarm_events.c.state_after,
                alarms.c.kind,
                alarms.c.message,
                alarm_events.c.value,
            )
            .join(alarms, alarms.c.id == alarm_events.c.alarm_id)
            .where(alarm_events.c.ts_ms < to_ms)
            .order_by(alarms.c.key, alarm_events.c.ts_ms, alarm_events.c.id)
        ).all()
    return [AlarmEvent(*row) for row in rows if row.point in paths]
