"""``wattkeeper alarms``: what is standing, and the operator's actions from a console.

Actions are journalled directly in the database with the same life-cycle rules the
running service applies; a running collector or window adopts them within a second.
The user name is recorded as given until accounts exist (see ``app/accounts/actors.py``).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable

from app.accounts.actors import Actor, provisional_actor
from app.alarms import states as alarm_states
from app.alarms.facts import event_row, status_from_facts
from app.alarms.states import AlarmError, AlarmEvent, AlarmStatus
from app.commands.context import CommandError, Context
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
        parser.add_argument(
            "--user", required=True, metavar="U", help="who is acting (recorded in the journal)"
        )
        parser.add_argument("--comment", default="", help="a note kept with the journal entry")
        parser.set_defaults(handler=handler)


def act_offline(journal: AlarmJournal, alarm: str, change: Change, *, now: int | None = None) -> EventRow:
    """Apply one operator action to the journalled facts, safely against concurrent writers."""
    identifier: int | str = int(alarm) if alarm.isdigit() else alarm
    moment = now_ms() if now is None else now

    def decide(row: StoredAlarm) -> EventRow:
        event = change(row.key, status_from_facts(row.facts), moment)
        return event_row(event, row.id, f"cli-{os.getpid()}")

    return journal.update(identifier, decide)


def _actor(context: Context) -> Actor:
    try:
        return provisional_actor(context.args.user)
    except ValueError as exc:
        raise CommandError(f"--user: {exc}") from None


def _run_action(context: Context, change: Change) -> int:
    db = context.open_db()
    try:
        row = act_offline(AlarmJournal(db), context.args.alarm, change)
    except AlarmError as exc:
        raise CommandError(str(exc)) from None
    finally:
        db.close()
    print(
        translate("cli", "Alarm {alarm}: {before} -> {after}").format(
            alarm=context.args.alarm, before=row.state_before, after=row.state_after
        )
    )
    return 0


def acknowledge(context: Context) -> int:
    actor, comment = _actor(context), context.args.comment
    return _run_action(
        context, lambda key, status, now: alarm_states.acknowledge(key, status, actor, now, comment)
    )


def shelve_alarm(context: Context) -> int:
    actor, comment = _actor(context), context.args.comment
    until = round(context.args.minutes * 60_000)
    return _run_action(
        context,
        lambda key, status, now: alarm_states.shelve(
            key, status, actor, now, until_ms=now + until, comment=comment
        ),
    )


def unshelve_alarm(context: Context) -> int:
    actor, comment = _actor(context), context.args.comment
    return _run_action(
        context, lambda key, status, now: alarm_states.unshelve(key, status, actor, now, comment)
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
