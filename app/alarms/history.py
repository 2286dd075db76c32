"""The alarm history: what the journal holds for a period, as an operator reads it, and its export.

An account sees the history of the sites it may see. The journal keeps who acted as an
account's pseudonymous reference; the history shows the email it belongs to now, or the
reference itself once the account is erased. A CSV of the history names people, so writing
one needs the export right and is recorded in the audit trail.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, replace
from datetime import datetime, tzinfo
from pathlib import Path

from app.accounts.actors import Actor, Right
from app.accounts.guard import require
from app.audit.actions import Action
from app.audit.trail import AuditTrail
from app.timefmt import iso_utc
from storage.alarm_journal import AlarmJournal, JournalEntry

#: The most entries one history shows; a longer period says it was cut.
LIMIT = 100_000


@dataclass(frozen=True)
class History:
    entries: list[JournalEntry]
    #: Whether the period held more than ``LIMIT`` entries (the oldest were left out).
    cut: bool


def alarm_history(
    journal: AlarmJournal, names: dict[str, str], actor: Actor, from_ms: int, to_ms: int
) -> History:
    """The entries of [from, to) on the sites ``actor`` sees, newest first; ``names`` maps refs to emails."""
    found = journal.history(from_ms, to_ms, limit=LIMIT + 1)
    visible = [replace(e, user=names.get(e.user, e.user)) for e in found[:LIMIT] if actor.sees_path(e.point)]
    return History(visible, len(found) > LIMIT)


def write_history_csv(
    trail: AuditTrail, actor: Actor, history: History, path: Path, *, zone: tzinfo, period: tuple[int, int]
) -> int:
    """Write ``history`` as CSV (UTF-8 with a BOM, for spreadsheets) with local times and offsets."""
    require(trail, actor, Right.EXPORT_DATA, "alarm history")
    with path.open("w", encoding="utf-8-sig", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(
            ("time", "alarm", "priority", "point", "message", "event", "state", "value", "user", "comment")
        )
        for e in history.entries:
            when = datetime.fromtimestamp(e.ts_ms / 1000, zone).isoformat(timespec="milliseconds")
            writer.writerow(
                (
                    when,
                    e.key,
                    e.priority,
                    e.point,
                    e.message,
                    e.event,
                    e.state_after,
                    e.value,
                    e.user,
                    e.comment,
                )
            )
    trail.record(
        actor,
        Action.DATA_EXPORTED,
        "alarm history",
        details={
            "from": iso_utc(period[0]),
            "to": iso_utc(period[1]),
            "format": "csv",
            "entries": len(history.entries),
            "output": str(path),
        },
    )
    return len(history.entries)
