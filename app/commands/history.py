"""``wattkeeper points``, ``query`` and ``energy``: what is configured and what was recorded.

Their machine-readable output is a stable interface for scripts.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import sys
from datetime import UTC, datetime

from app.commands.context import CommandError, Context
from app.i18n import translate
from app.timefmt import iso_utc, parse_time
from drivers.base import Quality
from storage.queries import Envelope, device_energy, energy, raw_samples, trend


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    points = commands.add_parser("points", help="list the points the site file defines")
    points.add_argument("--json", action="store_true", help="print a JSON array for scripts")
    points.set_defaults(handler=list_points)

    query = commands.add_parser("query", help="print the recorded samples of one point")
    query.add_argument("point", metavar="POINT", help="point path, e.g. demo-plant/main-meter/voltage_l1")
    query.add_argument(
        "--from",
        dest="start",
        default="1h",
        help="ISO 8601 time (local unless it has an offset), 'now', or a time "
        "ago such as 15m, 2h, 1d (default: 1h)",
    )
    query.add_argument("--to", dest="end", default="now", help="same forms as --from (default: now)")
    query.add_argument("--format", choices=("csv", "json"), default="csv")
    query.add_argument(
        "--max-points",
        type=int,
        metavar="N",
        help="at most N buckets with count, min, max and mean (raw samples or rollups, whichever "
        "fits), instead of every sample",
    )
    query.set_defaults(handler=query_point)

    energy = commands.add_parser("energy", help="energy counted per hour, day or month (local time)")
    energy.add_argument("target", metavar="POINT|DEVICE", help="an energy counter, or a device (site/device)")
    energy.add_argument("--interval", choices=("hour", "day", "month"), default="day")
    energy.add_argument("--from", dest="start", default="7d", help="same forms as for query (default: 7d)")
    energy.add_argument("--to", dest="end", default="now", help="same forms as --from (default: now)")
    energy.add_argument("--format", choices=("csv", "json"), default="csv")
    energy.set_defaults(handler=energy_report)


def list_points(context: Context) -> int:
    config = context.load_config()
    rows = [
        {
            "path": p.path,
            "site": p.site,
            "device": p.device_path,
            "quantity": p.quantity,
            "unit": p.unit,
            "name": p.name,
        }
        for p in config.points
    ]
    if context.args.json:
        json.dump(rows, sys.stdout, ensure_ascii=False, indent=1)
        print()
        return 0
    width = max((len(r["path"]) for r in rows), default=4)
    print(f"{translate('cli', 'POINT'):<{width}}  {translate('cli', 'UNIT')}")
    for row in rows:
        print(f"{row['path']:<{width}}  {row['unit']}")
    return 0


def time_range(context: Context) -> tuple[int, int]:
    try:
        start, end = parse_time(context.args.start), parse_time(context.args.end)
    except ValueError as exc:
        raise CommandError(str(exc)) from None
    if end <= start:
        raise CommandError(translate("cli", "--to must be later than --from"))
    return start, end


def query_point(context: Context) -> int:
    args = context.args
    start, end = time_range(context)
    if args.max_points is not None and args.max_points < 2:
        raise CommandError(translate("cli", "--max-points must be at least 2"))
    db = context.open_db()
    try:
        if args.max_points is None:
            records = [
                {"ts": iso_utc(s.ts_ms), "value": s.value, "quality": Quality(s.quality).label}
                for s in raw_samples(db, args.point, start, end)
            ]
        else:
            records = _envelope_records(trend(db, args.point, start, end, args.max_points))
    finally:
        db.close()
    fields = ["ts", "value", "quality"] if args.max_points is None else list(ENVELOPE_FIELDS)
    _print_records(records, args.format, fields)
    return 0


ENVELOPE_FIELDS = ("ts", "resolution", "count", "bad", "min", "max", "mean")


def _envelope_records(envelope: Envelope) -> list[dict[str, object]]:
    def number(value: float) -> float | None:
        return None if math.isnan(value) else value

    return [
        {
            "ts": iso_utc(int(start)),
            "resolution": envelope.resolution,
            "count": int(count),
            "bad": int(bad),
            "min": number(low),
            "max": number(high),
            "mean": number(mean),
        }
        for start, count, bad, low, high, mean in zip(
            envelope.start_ms.tolist(),
            envelope.count.tolist(),
            envelope.bad.tolist(),
            envelope.minimum.tolist(),
            envelope.maximum.tolist(),
            envelope.mean.tolist(),
            strict=True,
        )
    ]


def energy_report(context: Context) -> int:
    args = context.args
    start, end = time_range(context)
    tz = datetime.now().astimezone().tzinfo or UTC
    db = context.open_db()
    try:
        if args.target.count("/") >= 2:
            series = {args.target: energy(db, args.target, start, end, interval=args.interval, tz=tz)}
        else:
            series = device_energy(db, args.target, start, end, interval=args.interval, tz=tz)
    finally:
        db.close()
    records = [
        {"point": path, "from": iso_utc(i.start_ms), "to": iso_utc(i.end_ms), "energy": i.energy}
        for path, intervals in series.items()
        for i in intervals
    ]
    _print_records(records, args.format, ["point", "from", "to", "energy"])
    return 0


def _print_records(records: list[dict[str, object]], form: str, fields: list[str]) -> None:
    """JSON (null for missing values) or CSV (empty for missing values), for scripts."""
    if form == "json":
        json.dump(records, sys.stdout)
        print()
        return
    writer = csv.DictWriter(sys.stdout, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    writer.writerows(
        {k: "" if v is None else repr(v) if isinstance(v, float) else v for k, v in r.items()}
        for r in records
    )
