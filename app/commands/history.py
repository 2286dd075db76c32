"""``wattkeeper points`` and ``wattkeeper query``: what is configured and what was recorded.

Their machine-readable output is a stable interface for scripts.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys

from app.cli import CommandError, Context
from app.i18n import translate
from app.timefmt import iso_utc, parse_time
from drivers.base import Quality
from storage.queries import raw_samples


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
    query.set_defaults(handler=query_point)


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


def query_point(context: Context) -> int:
    args = context.args
    try:
        start, end = parse_time(args.start), parse_time(args.end)
    except ValueError as exc:
        raise CommandError(str(exc)) from None
    if end <= start:
        raise CommandError(translate("cli", "--to must be later than --from"))
    db = context.open_db()
    try:
        samples = raw_samples(db, args.point, start, end)
    finally:
        db.close()
    records = [
        {"ts": iso_utc(s.ts_ms), "value": s.value, "quality": Quality(s.quality).label} for s in samples
    ]
    if args.format == "json":
        json.dump(records, sys.stdout)
        print()
    else:
        writer = csv.DictWriter(sys.stdout, fieldnames=["ts", "value", "quality"], lineterminator="\n")
        writer.writeheader()
        writer.writerows({**r, "value": "" if r["value"] is None else repr(r["value"])} for r in records)
    return 0
