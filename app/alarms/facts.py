"""Alarm facts as the journal keeps them: plain JSON values, read back into an ``AlarmStatus``.

The storage layer knows nothing of the alarm life cycle, so the alarm service and the
command line translate here, in one place, both ways.
"""

from __future__ import annotations

from app.alarms.states import AlarmEvent, AlarmStatus, EventKind
from storage.alarm_journal import EventRow


def facts_of(status: AlarmStatus) -> dict[str, object]:
    return {
        "active": status.active,
        "acked": status.acked,
        "shelved_until_ms": status.shelved_until_ms,
        "suppressed_by": sorted(status.suppressed_by),
        "out_of_service": status.out_of_service,
        "chattering": status.chattering,
    }


def status_from_facts(facts: dict[str, object]) -> AlarmStatus:
    """The status a journal row describes; an alarm never journalled is normal."""
    shelved = facts.get("shelved_until_ms")
    suppressed = facts.get("suppressed_by") or []
    return AlarmStatus(
        active=bool(facts.get("active", False)),
        acked=bool(facts.get("acked", True)),
        shelved_until_ms=int(shelved) if isinstance(shelved, int | float) else None,
        suppressed_by=frozenset(str(s) for s in suppressed),  # type: ignore[attr-defined]
        out_of_service=bool(facts.get("out_of_service", False)),
        chattering=bool(facts.get("chattering", False)),
    )


def event_row(event: AlarmEvent, alarm_id: int, origin: str) -> EventRow:
    return EventRow(
        alarm_id=alarm_id,
        ts_ms=event.ts_ms,
        event=event.kind.value,
        state_before=event.before.value,
        state_after=event.after.value,
        user=event.user,
        value=event.value,
        comment=event.comment,
        first_out=event.first_out,
        facts=facts_of(event.status),
        activated_ms=event.ts_ms if event.kind is EventKind.ACTIVATED else None,
        origin=origin,
    )
