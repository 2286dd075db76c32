"""``wattkeeper audit``: read, verify and export the audit trail (administrators).

``verify`` exits with status 1 when the chain is broken and names the first record that
was edited, inserted, deleted or cut from the end; ``--anchor SEQ:HASH`` (printed on
reports and in backups' metadata) also catches a trail cut back to an older head.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from app.accounts.actors import Right, RightMissingError
from app.audit import reading
from app.audit.actions import Action
from app.audit.csv_file import write_csv
from app.audit.text import printable
from app.commands.context import CommandError, Context, plainly
from app.commands.signing_in import add_sign_in_options, signed_in
from app.i18n import translate
from app.timefmt import iso_utc, parse_time
from storage.audit_log import AuditRecord, Head
from storage.errors import StorageError


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    audit = commands.add_parser("audit", help="read, verify and export the audit trail")
    actions = audit.add_subparsers(title="actions", metavar="ACTION", required=True)
    listing = actions.add_parser("list", help="records, oldest first")
    export = actions.add_parser("export", help="write records to a CSV or JSON file")
    for parser in (listing, export):
        parser.add_argument(
            "--from", dest="start", metavar="T", help="ISO time, 'now' or a time ago (15m, 2d)"
        )
        parser.add_argument("--to", dest="end", metavar="T")
        parser.add_argument("--actor", metavar="EMAIL|REF", help="only what this account did")
        parser.add_argument("--action", metavar="PREFIX", help="e.g. auth. or user.created")
    listing.add_argument("--json", action="store_true")
    listing.add_argument("--limit", type=int, metavar="N", help="only the newest N")
    listing.set_defaults(handler=list_records)
    export.add_argument("--output", type=Path, required=True, metavar="FILE")
    export.add_argument("--format", choices=("csv", "json"), default="csv")
    export.set_defaults(handler=export_records)
    verify = actions.add_parser("verify", help="check the whole chain; exit 1 if it is broken")
    verify.add_argument(
        "--anchor", action="append", default=[], metavar="SEQ:HASH", help="a head printed earlier"
    )
    verify.set_defaults(handler=verify_trail)
    head = actions.add_parser("head", help="print the newest record's SEQ:HASH, to keep as an anchor")
    head.set_defaults(handler=print_head)
    for parser in (listing, export, verify, head):
        add_sign_in_options(parser, help_user="the administrator reading the trail")


def _filters(context: Context, names: dict[str, str]) -> dict[str, Any]:
    args = context.args
    filters: dict[str, Any] = {}
    try:
        if args.start:
            filters["since_ms"] = parse_time(args.start)
        if args.end:
            filters["until_ms"] = parse_time(args.end)
    except ValueError as exc:
        raise CommandError(str(exc)) from None
    if args.actor:
        by_email = {email: ref for ref, email in names.items()}
        filters["actors"] = [by_email.get(args.actor.strip().lower(), args.actor)]
    if args.action:
        filters["action_prefix"] = args.action
    return filters


def _row(record: AuditRecord, names: dict[str, str]) -> dict[str, Any]:
    return {
        "seq": record.seq,
        "time": iso_utc(record.ts_ms),
        "actor": names.get(record.actor, record.actor),
        "action": record.action,
        "target": names.get(record.target, record.target),
        "outcome": record.outcome,
        "workstation": record.workstation,
        "details": record.details,
        "hash": record.hash,
    }


def list_records(context: Context) -> int:
    with signed_in(context) as signed:
        trail, actor = signed.people.trail, signed.session.actor
        names = signed.people.accounts.names()
        filters = _filters(context, names)
        if context.args.limit:
            filters |= {"limit": context.args.limit, "newest_first": True}
        records = plainly(lambda: reading.read_records(trail, actor, **filters), RightMissingError)
        if context.args.limit:
            records.reverse()
    rows = [_row(r, names) for r in records]
    if context.args.json:
        json.dump(rows, sys.stdout, ensure_ascii=False, indent=1)
        print()
        return 0
    for row in rows:
        details = "" if row["details"] is None else json.dumps(row["details"], ensure_ascii=False)
        print(
            printable(
                f"{row['seq']:>6}  {row['time']}  {row['actor']}  {row['action']}  {row['target']}  "
                f"{row['outcome']}  {details}"
            )
        )
    return 0


def export_records(context: Context) -> int:
    output: Path = context.args.output
    with signed_in(context) as signed:
        trail, actor = signed.people.trail, signed.session.actor
        names = signed.people.accounts.names()
        filters = _filters(context, names)
        records = plainly(lambda: reading.read_records(trail, actor, **filters), RightMissingError)
        try:
            if context.args.format == "json":
                rows = [_row(r, names) for r in records]
                output.write_text(json.dumps(rows, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
            else:
                write_csv(output, records, names)
        except OSError as exc:
            raise CommandError(
                translate("cli", "{file} cannot be written: {problem}").format(
                    file=output, problem=exc.strerror
                )
            ) from None
        signed.people.trail.record(
            signed.session.actor,
            Action.TRAIL_EXPORTED,
            str(output),
            details={"records": len(records), "format": context.args.format},
        )
    print(translate("cli", "{count} audit records written to {file}").format(count=len(records), file=output))
    return 0


def verify_trail(context: Context) -> int:
    try:
        anchors = [Head.parse(text) for text in context.args.anchor]
    except ValueError as exc:
        raise CommandError(str(exc)) from None
    with signed_in(context) as signed:
        result = plainly(
            lambda: reading.verify_trail(signed.people.trail, signed.session.actor, anchors),
            RightMissingError,
        )
        try:
            signed.people.trail.record(
                signed.session.actor,
                Action.TRAIL_VERIFIED,
                str(result.head),
                details={"records": result.records, "problems": len(result.problems)},
                outcome="ok" if result.intact else "broken",
            )
        except StorageError as exc:  # a trail whose head was altered takes no more records
            print(translate("cli", "(the check itself could not be recorded: {problem})").format(problem=exc))
    if result.intact:
        print(
            translate("cli", "ok: {count} records, chain intact, head {head}").format(
                count=result.records, head=result.head
            )
        )
        if result.erased:
            print(
                translate(
                    "cli", "{count} records had their details erased by retention or a deletion"
                ).format(count=result.erased)
            )
        return 0
    first = result.problems[0]
    print(translate("cli", "BROKEN at record {seq}: {problem}").format(seq=first.seq, problem=first.text))
    for problem in result.problems[1:]:
        print(f"  {problem.seq}: {problem.text}")
    return 1


def print_head(context: Context) -> int:
    with signed_in(context, Right.VIEW_AUDIT) as signed:
        print(signed.people.trail.head())
    return 0
