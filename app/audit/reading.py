"""Reading the audit trail is itself a right (``audit.view``): the trail says who did what to whom."""

from __future__ import annotations

from collections.abc import Sequence

from app.accounts.actors import Actor, Right
from app.accounts.guard import require
from app.audit.trail import AuditTrail
from storage.audit_log import AuditRecord, Head, Verification


def read_records(trail: AuditTrail, actor: Actor, **filters: object) -> list[AuditRecord]:
    require(trail, actor, Right.VIEW_AUDIT, "audit")
    return trail.records(**filters)


def verify_trail(trail: AuditTrail, actor: Actor, anchors: Sequence[Head] = ()) -> Verification:
    require(trail, actor, Right.VIEW_AUDIT, "audit")
    return trail.verify(anchors)
