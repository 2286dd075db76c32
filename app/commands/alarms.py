"""``wattkeeper alarms``: what is standing, and the operator's actions from a console.

Actions are journalled directly in the database with the same life-cycle rules the
running service applies; a running collector or window adopts them within a second.
The acting account signs in (``--user EMAIL``, its password asked for); the journal names it
by its pseudonymous ref and the audit trail links to the journal entry.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable

from app.accounts.actors import Actor
from app.alarms import states as alarm_states
from app.alarms.audit_link import record_action, record_refusal
from app.alarms.facts import event_row, status_from_facts
from app.alarms.states import AlarmError, AlarmEvent, AlarmStatus, PermissionDeniedError
from app.commands.context import CommandError, Context
from app.commands.signing_in import add_sign_in_options, signed_in
from app.i18n import translate
from app.timefmt import iso_utc, local_clock
from drivers.base import now_ms
from storage.alarm_journal import AlarmJournal, EventRow, StoredAlarm

Change = Callable[[str, AlarmStatus, int], AlarmEvent]


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    alarms = commands.add_parser("alarms", help="list alarms, or acknowledge and shelve them")
    alarms.add_argument("--active", action="store_true", help="only alarms that are not normal")
    alarms.add_argument("--json", action="store_true", help="print a JSON array for scripts")
    alarms.set_defaults(handler=list_alarms)
    actions = alarms.add_subparsers(title="actions", metavar="ACTION")
    ack = actions.add_parser("ack", help="acknowledge an alarm")
    shelve = actions.add_parser("shelve", help="shelve an alarm for a while (at most 24 hours)")
    shelve.add_argument("--minutes", type=float, required=True, help="how long the shelf lasts")
    unshelve = actions.add_parser("unshelve", help="end an alarm's shelf now")
    for parser, handler in ((ack, acknowledge), (shelve, shelve_alarm), (unshelve, unshelve_alarm)):
        parser.add_argument("alarm", metavar="ID", help="the alarm's number (see 'wattkeeper alarms') or key")
        add_sign_in_options(parser)
        parser.add_argument("--comment", default="", help="a note kept with the journal entry")
        parser.set_defaults(handler=handler)


def act_offline(
    journal: AlarmJournal, alarm: str, actor: Actor, change: Change, *, now: int | None = None
) -> EventRow:
    """Apply one operator action to the journalled facts, safely against concurrent writers."""
    identifier: int | str = int(alarm) if alarm.isdigit() else alarm
    moment = now_ms() if now is None else now

    def decide(row: StoredAlarm) -> EventRow:
        if not actor.sees_path(row.point):
            raise AlarmError(alarm, translate("Alarm", "no such alarm"))
        event = change(row.key, status_from_facts(row.facts), moment)
        return event_row(event, row.id, f"cli-{os.getpid()}")

    return journal.update(identifier, decide)


def _run_action(context: Context, make: Callable[[Actor], Change]) -> int:
    with signed_in(context) as signed:
        actor = signed.session.actor
        try:
            row = act_offline(AlarmJournal(signed.db), context.args.alarm, actor, make(actor))
        except AlarmError as exc:
            if isinstance(exc, PermissionDeniedError):
                record_refusal(signed.people.trail, actor, 0, context.args.alarm, exc.message)
            raise CommandError(str(exc)) from None
        record_action(
            signed.people.trail,
            actor,
            alarm_id=row.alarm_id,
            key=context.args.alarm,
            event=row.event,
            ts_ms=row.ts_ms,
        )
    print(
        translate("cli", "Alarm {alarm}: {before} -> {after}").format(
            alarm=context.args.alarm, before=row.state_before, after=row.state_after
        )
    )
    return 0


def acknowledge(context: Context) -> int:
    comment = context.args.comment
    return _run_action(
        context,
        lambda actor: lambda key, status, now: alarm_states.acknowledge(key, status, actor, now, comment),
    )


def shelve_alarm(context: Context) -> int:
    comment = context.args.comment
    until = round(context.args.minutes * 60_000)
    return _run_action(
        context,
        lambda actor: (
            lambda key, status, now: alarm_states.shelve(
                key, status, actor, now, until_ms=now + until, comment=comment
            )
        ),
    )


def unshelve_alarm(context: Context) -> int:
    comment = context.args.comment
    return _run_action(
        context,
        lambda actor: lambda key, status, now: alarm_states.unshelve(key, status, actor, now, comment),
    )


def list_alarms(context: Context) -> int:
    db = context.open_db()
    try:
        rows = AlarmJournal(db).alarms(standing_only=context.args.active)
    finally:
        db.close()
    if context.args.json:
        json.dump([_record(r) for r in rows], sys.stdout, ensure_ascii=False, indent=1)
        print()
        return 0
    print(
        f"{translate('cli', 'ID'):>4}  {translate('cli', 'PRIORITY'):<8}  {translate('cli', 'STATE'):<24}  "
        f"{translate('cli', 'SINCE'):<8}  {translate('cli', 'ALARM')}"
    )
    for row in rows:
        since = local_clock(row.activated_ms) if row.activated_ms is not None else ""
        name = f"{row.message or row.key} ({row.point})"
        print(f"{row.id:>4}  {row.priority:<8}  {row.state:<24}  {since:<8}  {name}")
    return 0


def _record(row: StoredAlarm) -> dict[str, object]:
    shelved = row.facts.get("shelved_until_ms")
    return {
        "id": row.id,
        "key": row.key,
        "point": row.point,
        "kind": row.kind,
        "priority": row.priority,
        "message": row.message,
        "state": row.state,
        "activated": iso_utc(row.activated_ms) if row.activated_ms is not None else None,
        "value": row.value,
        "shelved_until": iso_utc(shelved) if isinstance(shelved, int) else None,
        "chattering": bool(row.facts.get("chattering", False)),
    }
