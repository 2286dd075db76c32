"""``wattkeeper db``: create, check, back up, restore, rekey and export the historian."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TextIO, TypeVar

from app.accounts.actors import SYSTEM, RightMissingError, SiteHiddenError
from app.audit.actions import Action
from app.audit.trail import Acting
from app.commands.context import CommandError, Context, plainly
from app.commands.history import time_range
from app.commands.signing_in import add_sign_in_options, open_people, signed_in
from app.historian import care
from app.historian.export import export_point, export_points
from app.i18n import translate
from app.privacy.erasure import read_tombstone_file, tombstone_path
from app.timefmt import iso_utc
from storage import maintenance
from storage.database import Database
from storage.retention import TABLES, read_policy

T = TypeVar("T")


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    db = commands.add_parser("db", help="manage the encrypted database")
    actions = db.add_subparsers(title="actions", metavar="ACTION", required=True)
    init = actions.add_parser("init", help="create the database (and its key) if it does not exist")
    init.set_defaults(handler=init_db)
    check = actions.add_parser("check", help="verify the database's pages and encryption")
    check.set_defaults(handler=check_db)
    backup = actions.add_parser("backup", help="write a consistent, still encrypted copy while in use")
    backup.add_argument("file", type=Path, metavar="FILE")
    backup.set_defaults(handler=backup_db)
    restore = actions.add_parser(
        "restore", help="replace the database by a backup (stop the collector first)"
    )
    restore.add_argument("file", type=Path, metavar="FILE")
    restore.set_defaults(handler=restore_db)
    rekey = actions.add_parser("rekey", help="encrypt the database with a new key and retire the old one")
    rekey.set_defaults(handler=rekey_db)
    export = actions.add_parser(
        "export",
        help="write points' samples or rollups to CSV, or one point's samples to Parquet (unencrypted)",
    )
    export.add_argument(
        "--point", required=True, action="append", metavar="POINT", help="a point; repeat for several"
    )
    export.add_argument(
        "--resolution",
        choices=("raw", "1m", "1h", "1d"),
        default="raw",
        help="samples (raw) or the rollups per minute, hour or day (count, min, max, mean, counted)",
    )
    export.add_argument("--local-time", action="store_true", help="times in the site's zone, with its offset")
    export.add_argument("--bom", action="store_true", help="start the CSV with a byte-order mark, for Excel")
    export.add_argument("--from", dest="start", default="1d", help="same forms as for query (default: 1d)")
    export.add_argument("--to", dest="end", default="now", help="same forms as --from (default: now)")
    export.add_argument("--format", choices=("csv", "parquet"), default="csv")
    export.add_argument("--output", type=Path, metavar="FILE", help="where to write (default: CSV to stdout)")
    export.set_defaults(handler=export_db)
    retention = actions.add_parser(
        "retention", help="show or set how long each resolution is kept, and apply it now"
    )
    for name in TABLES:
        retention.add_argument(
            f"--{name}", dest=f"keep_{name}", metavar="DAYS", help=f"days to keep {name} data, or 'forever'"
        )
    retention.add_argument("--apply", action="store_true", help="delete what is past retention now")
    retention.set_defaults(handler=retention_db)
    add_sign_in_options(retention, required=False, help_user="the administrator changing or applying it")
    for parser in (backup, restore, rekey, export):
        add_sign_in_options(parser, help_user="the account acting (administrator; engineer for export)")


def init_db(context: Context) -> int:
    db = context.open_db(create=True)
    db.close()
    print(translate("cli", "Database ready: {path}").format(path=db.where))
    return 0


def check_db(context: Context) -> int:
    db = context.open_db(migrate=False)
    try:
        problems = db.integrity_problems()
    finally:
        db.close()
    if problems:
        for problem in problems:
            print(f"{db.where}: {problem}")
        return 1
    print(translate("cli", "ok: {path} passed the integrity and cipher checks").format(path=db.where))
    return 0


def _file_only(context: Context) -> Path:
    if context.args.database:
        raise CommandError(
            translate(
                "cli", "backup, restore and rekey work on the encrypted file; use pg_dump for PostgreSQL"
            )
        )
    return context.data.database


def backup_db(context: Context) -> int:
    _file_only(context)
    target: Path = context.args.file
    with signed_in(context) as signed:
        head = _refused(lambda: care.backup(signed.people, signed.session.actor, target))
    print(translate("cli", "Backup written: {file} (encrypted with the database's key)").format(file=target))
    print(translate("cli", "Audit trail head at the backup: {head}").format(head=head))
    return 0


def restore_db(context: Context) -> int:
    """Put a backup in place, then erase again everyone deleted since it was made."""
    path = _file_only(context)
    source: Path = context.args.file
    known = read_tombstone_file(tombstone_path(path))
    actor: Acting = SYSTEM
    if path.exists():
        with signed_in(context) as signed:
            known |= _refused(lambda: care.deletions_to_keep(signed.people, signed.session.actor))
            actor = signed.session.actor
    maintenance.restore(path, context.key_file, source)
    db = context.open_db()
    try:
        restored = care.finish_restore(open_people(context, db).trail, actor, source, known)
    finally:
        db.close()
    print(translate("cli", "Restored {db} from {file}").format(db=context.data.database, file=source))
    if restored.reapplied:
        print(
            translate("cli", "{count} accounts deleted since that backup were deleted again.").format(
                count=len(restored.reapplied)
            )
        )
    return 0


def rekey_db(context: Context) -> int:
    path = _file_only(context)
    with signed_in(context) as signed:
        _refused(lambda: care.check_rekey(signed.people, signed.session.actor))
        actor = signed.session.actor
    maintenance.rekey(path, context.key_file)
    db = context.open_db()
    try:
        open_people(context, db).trail.record(actor, Action.REKEY, str(path))
    finally:
        db.close()
    print(translate("cli", "{db} is encrypted with a new key; the old key is retired").format(db=path))
    return 0


def export_db(context: Context) -> int:
    args = context.args
    start, end = time_range(context)
    points: list[str] = args.point
    table = len(points) > 1 or args.resolution != "raw"
    if args.format == "parquet" and (table or args.output is None):
        raise CommandError(
            translate(
                "cli", "Parquet holds one point's raw samples, written to --output FILE; use CSV otherwise"
            )
        )
    ts_format = _local_times(context, points[0]) if args.local_time else iso_utc
    with signed_in(context) as signed:
        trail, actor = signed.people.trail, signed.session.actor

        def write(out: TextIO, name: str) -> int:
            if args.bom:
                out.write("\ufeff")
            if table:
                return export_points(
                    trail, actor, points, start, end, out=out, resolution=args.resolution,
                    ts_format=ts_format, output_name=name,
                )  # fmt: skip
            return export_point(
                trail, actor, points[0], start, end, csv_out=out, output_name=name, ts_format=ts_format
            )

        if args.format == "parquet":
            count = _refused(lambda: export_point(trail, actor, points[0], start, end, parquet=args.output))
        elif args.output is None:
            count = _refused(lambda: write(sys.stdout, "stdout"))
        else:
            with args.output.open("w", encoding="utf-8", newline="") as out:
                count = _refused(lambda: write(out, str(args.output)))
    what = (
        translate("cli", "{count} rows exported") if table else translate("cli", "{count} samples exported")
    )
    print(what.format(count=count), file=sys.stderr)
    return 0


def _local_times(context: Context, point: str) -> Callable[[int], str]:
    """ISO 8601 times in the zone of ``point``'s site, each with its offset (it changes at DST)."""
    config = context.load_config()
    site = next((s for s in config.file.sites if s.id == point.split("/", 1)[0]), None)
    if site is None:
        raise CommandError(
            translate("cli", "no site for point {point!r} in the site file").format(point=point)
        )
    zone = site.zone()
    return lambda ts: datetime.fromtimestamp(ts / 1000, zone).isoformat(timespec="milliseconds")


def _refused(action: Callable[[], T]) -> T:
    return plainly(action, RightMissingError, SiteHiddenError)


def _days(text: str) -> int | None:
    if text == "forever":
        return None
    try:
        return int(text)
    except ValueError:
        raise CommandError(
            translate("cli", "{text!r} is not a number of days or 'forever'").format(text=text)
        ) from None


def retention_db(context: Context) -> int:
    changes = {
        name: _days(value) for name in TABLES if (value := getattr(context.args, f"keep_{name}")) is not None
    }
    if not changes and not context.args.apply:
        db = context.open_db()
        try:
            _print_policy(db)
        finally:
            db.close()
        return 0
    if context.args.user is None:
        raise CommandError(translate("cli", "changing or applying retention needs --user (an administrator)"))
    with signed_in(context) as signed:
        people, actor = signed.people, signed.session.actor
        if changes:
            _refused(lambda: care.set_retention(people, actor, changes))
        _print_policy(signed.db)
        if context.args.apply:
            deleted = _refused(lambda: care.apply_history_retention(people, actor, signed.db))
            print(translate("cli", "deleted: {counts}").format(counts=deleted))
    return 0


def _print_policy(db: Database) -> None:
    for name, days in read_policy(db).items():
        print(f"{name}\t{translate('cli', 'forever') if days is None else days}")
