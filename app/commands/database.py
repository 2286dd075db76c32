"""``wattkeeper db``: create, check, back up, restore, rekey and export the historian."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from app.commands.context import CommandError, Context
from app.commands.history import time_range
from app.i18n import translate
from app.timefmt import iso_utc
from drivers.base import now_ms
from storage import maintenance
from storage.export import export_csv, export_parquet
from storage.retention import TABLES, apply_retention, read_policy, set_policies


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
    export = actions.add_parser("export", help="write one point's samples to CSV or Parquet (unencrypted)")
    export.add_argument("--point", required=True, metavar="POINT")
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
    db = context.open_db()
    try:
        maintenance.backup(db, context.args.file)
    finally:
        db.close()
    print(
        translate("cli", "Backup written: {file} (encrypted with the database's key)").format(
            file=context.args.file
        )
    )
    return 0


def restore_db(context: Context) -> int:
    maintenance.restore(_file_only(context), context.key_file, context.args.file)
    print(
        translate("cli", "Restored {db} from {file}").format(db=context.data.database, file=context.args.file)
    )
    return 0


def rekey_db(context: Context) -> int:
    maintenance.rekey(_file_only(context), context.key_file)
    print(
        translate("cli", "{db} is encrypted with a new key; the old key is retired").format(
            db=context.data.database
        )
    )
    return 0


def export_db(context: Context) -> int:
    args = context.args
    start, end = time_range(context)
    if args.format == "parquet" and args.output is None:
        raise CommandError(translate("cli", "--format parquet needs --output FILE"))
    db = context.open_db()
    try:
        if args.format == "parquet":
            count = export_parquet(db, args.point, start, end, args.output)
        elif args.output is None:
            count = export_csv(db, args.point, start, end, sys.stdout, ts_format=iso_utc)
        else:
            with args.output.open("w", encoding="utf-8", newline="") as out:
                count = export_csv(db, args.point, start, end, out, ts_format=iso_utc)
    finally:
        db.close()
    print(translate("cli", "{count} samples exported").format(count=count), file=sys.stderr)
    return 0


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
    db = context.open_db()
    try:
        changes = {
            name: _days(value)
            for name in TABLES
            if (value := getattr(context.args, f"keep_{name}")) is not None
        }
        if changes:
            set_policies(db, changes)
        for name, days in read_policy(db).items():
            print(f"{name}\t{translate('cli', 'forever') if days is None else days}")
        if context.args.apply:
            run = apply_retention(db, now_ms())
            print(translate("cli", "deleted: {counts}").format(counts=run.deleted))
    finally:
        db.close()
    return 0
