"""The register of data-subject requests: received, acknowledged and done, against the law's due date.

A request made in the privacy panel (an export, a correction, a withdrawal) is done as it
is made and registered as such; one received by mail or phone is registered by an
administrator and followed until done. A request is overdue when it is not done by its
due date, or not answered by the time the law sets for an answer (Viet Nam: 2 working days).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection

from app.audit.actions import Action
from app.audit.trail import Acting, AuditTrail
from app.privacy.laws import Law, RequestKind
from storage import privacy_store
from storage.privacy_store import RequestRow


@dataclass(frozen=True, slots=True)
class RequestView:
    row: RequestRow
    acknowledge_by_ms: int | None

    @property
    def id(self) -> int:
        return self.row.id

    def overdue(self, now_ms: int) -> bool:
        if self.row.done_ms is not None:
            return False
        late_answer = (
            self.row.acknowledged_ms is None
            and self.acknowledge_by_ms is not None
            and now_ms > self.acknowledge_by_ms
        )
        return now_ms > self.row.due_ms or late_answer


def receive_in(
    conn: Connection,
    trail: AuditTrail,
    actor: Acting,
    *,
    law: Law,
    subject: str,
    kind: RequestKind,
    now_ms: int,
    done: bool = False,
    note: str = "",
) -> int:
    """Register a request; ``done`` when it is carried out as it is made (self-service)."""
    request_id = privacy_store.add_request(
        conn,
        subject=subject,
        kind=kind.value,
        law=law.id,
        received_ms=now_ms,
        due_ms=law.due_ms(kind, now_ms),
        note=note,
    )
    if done:
        privacy_store.set_request_times(
            conn, request_id, acknowledged_ms=now_ms, done_ms=now_ms, handled_by=actor.ref
        )
    trail.record(
        actor,
        Action.REQUEST_DONE if done else Action.REQUEST_RECEIVED,
        subject,
        details={"request": request_id, "kind": kind.value},
        conn=conn,
    )
    return request_id


def view(row: RequestRow, law: Law) -> RequestView:
    return RequestView(row, law.acknowledge_by_ms(row.received_ms))
