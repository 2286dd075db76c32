"""Operator actions on alarms in the audit trail, linked to the journal rather than copied.

The journal (``alarm_events``) holds each action in full — state before and after, comment,
value. The audit record names the alarm and the journal entry (alarm id, event, event
time, actor) so an auditor can find it, without a second copy of the comment to erase.
"""

from __future__ import annotations

from app.accounts.actors import Actor
from app.audit.actions import Action
from app.audit.trail import AuditTrail


def record_action(
    trail: AuditTrail | None, actor: Actor, *, alarm_id: int, key: str, event: str, ts_ms: int
) -> None:
    if trail is None:
        return
    trail.record(
        actor,
        Action.ALARM_ACTION,
        f"alarm:{alarm_id}",
        details={"alarm": key, "event": event, "journal": {"alarm_id": alarm_id, "ts_ms": ts_ms}},
    )


def record_refusal(trail: AuditTrail | None, actor: Actor, alarm_id: int, key: str, reason: str) -> None:
    if trail is None:
        return
    trail.record(
        actor,
        Action.ALARM_ACTION,
        f"alarm:{alarm_id}",
        details={"alarm": key, "refused": reason},
        outcome="refused",
    )
