"""Everything held about one person, as one JSON document ("My data").

The document follows ``docs/my-data.schema.json``. It is built from the tables the
registry declares (``app/privacy/registry.py``) and holds no secret: no password hash, no
second-factor secret, no recovery code, no key. Times are ISO 8601 UTC.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from app.accounts.throttle import throttle_key
from app.audit.actions import Action
from app.audit.trail import AuditTrail
from app.timefmt import iso_utc, now_ms
from storage import account_store, notification_store, privacy_store
from storage.account_store import AccountRow
from storage.alarm_journal import AlarmJournal
from storage.audit_log import AuditRecord

FORMAT = "wattkeeper-my-data"
VERSION = 1


def _time(ts_ms: int | None) -> str | None:
    return None if ts_ms is None else iso_utc(ts_ms)


@dataclass(frozen=True, slots=True)
class MyData:
    document: dict[str, Any]

    @property
    def audit_records(self) -> list[dict[str, Any]]:
        return self.document["audit_records"]


def collect(trail: AuditTrail, row: AccountRow, *, site: str = "", clock_ms: int | None = None) -> MyData:
    """The document for the account ``row``; read in one snapshot per table."""
    db = trail.db
    with db.engine.connect() as conn:
        sessions = account_store.sessions_of(conn, row.id)
        consents = account_store.consent_history(conn, row.id)
        codes_left = account_store.recovery_codes_left(conn, row.id)
        throttle = account_store.throttle(conn, throttle_key(row.email))
        requests = privacy_store.requests(conn, subject=row.ref)
        inquiries = [i for i in privacy_store.all_inquiries(conn) if i.email.lower() == row.email]
        contacts = [c for c in privacy_store.all_contacts(conn) if c.email.lower() == row.email]
        alerts = notification_store.of_recipient(conn, row.ref)
    # Others appear under their pseudonymous ref: this person's data, not their colleagues'.
    names = {row.ref: row.email}
    records = trail.naming([row.ref])
    alarm_events = AlarmJournal(db).events_by_users([row.ref])
    document: dict[str, Any] = {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": iso_utc(now_ms() if clock_ms is None else clock_ms),
        "site": site,
        "account": {
            "ref": row.ref,
            "email": row.email,
            "organisation": row.organisation,
            "role": row.role,
            "sites": None if row.sites is None else sorted(row.sites),
            "status": row.status,
            "created": _time(row.created_ms),
            "updated": _time(row.updated_ms),
            "last_sign_in": _time(row.last_sign_in_ms),
            "withdrawn": _time(row.withdrawn_ms),
            "second_factor": row.mfa_enrolled,
            "recovery_codes_left": codes_left,
            "phone": row.phone,
        },
        "consents": [
            {
                "purpose": c.purpose,
                "granted": c.granted,
                "at": _time(c.ts_ms),
                "recorded_by": _who(c.recorded_by, names),
            }
            for c in consents
        ],
        "sessions": [
            {
                "kind": s.kind,
                "started": _time(s.started_ms),
                "ended": _time(s.ended_ms),
                "workstation": s.workstation,
                "desktop_login": s.os_user,
            }
            for s in sessions
        ],
        "sign_in_throttle": None
        if throttle is None
        else {
            "failures": throttle.failures,
            "last_failure": _time(throttle.last_failure_ms),
            "locked_until": _time(throttle.locked_until_ms),
        },
        "audit_records": [_audit(r, names) for r in records],
        "alarm_actions": [
            {
                "alarm": e.key,
                "at": _time(e.ts_ms),
                "event": e.event,
                "state_before": e.state_before,
                "state_after": e.state_after,
                "comment": e.comment,
            }
            for e in alarm_events
        ],
        "alerts_received": [
            {
                "alarm": n.alarm,
                "event": n.event,
                "channel": n.channel,
                "tier": n.tier,
                "status": n.status,
                "decided": _time(n.created_ms),
                "sent": _time(n.sent_ms),
            }
            for n in alerts
        ],
        "reports": [
            {"at": _time(r.ts_ms), "report": r.target, "details": r.details}
            for r in records
            if r.action == Action.REPORT_GENERATED.value and r.actor == row.ref
        ],
        "privacy_requests": [
            {
                "id": q.id,
                "kind": q.kind,
                "law": q.law,
                "received": _time(q.received_ms),
                "acknowledged": _time(q.acknowledged_ms),
                "done": _time(q.done_ms),
                "due": _time(q.due_ms),
                "note": q.note,
            }
            for q in requests
        ],
        "inquiries": [
            {
                "name": i.name,
                "email": i.email,
                "company": i.company,
                "phone": i.phone,
                "message": i.message,
                "created": _time(i.created_ms),
            }
            for i in inquiries
        ],
        "contacts": [
            {
                "site": c.site,
                "name": c.name,
                "email": c.email,
                "phone": c.phone,
                "role": c.role,
                "created": _time(c.created_ms),
                "role_ends": _time(c.role_ends_ms),
            }
            for c in contacts
        ],
    }
    return MyData(document)


def _who(ref: str, names: dict[str, str]) -> str:
    """The person's own ref as their email; anyone else's stays a ref."""
    return names.get(ref, ref)


def _audit(record: AuditRecord, names: dict[str, str]) -> dict[str, Any]:
    return {
        "seq": record.seq,
        "at": _time(record.ts_ms),
        "actor": _who(record.actor, names),
        "action": record.action,
        "target": _who(record.target, names),
        "outcome": record.outcome,
        "details": record.details,
        "workstation": record.workstation,
    }
